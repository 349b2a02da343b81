/**
 * The view model of the "Inspect AMI" panel: everything the webview shows, already worded and
 * formatted, as plain JSON-safe data. The host builds it from what the service layer answered;
 * the webview only renders it (as text, never as markup). Pure: no vscode, no SDK.
 */
import { deprecationText, parseProtection, protectionText } from './lifecycle';
import { formatDate as formatDateOrUndefined, imageLabel, imageVisibility, isDeprecated, oneLine, plural, truncate, type ImageVisibility } from './format';
import { visibleText } from './text';
import type { AmiImage, AmiRef, AncestryEntry, BlockDevice, LaunchPermission, SnapshotInfo } from './image';
import { describeFailure, type Result } from './result';
// hygiene (#11)
import { hygieneMarks, type HygieneMarkId, type HygieneSeverity } from './hygiene';

export type Tone = 'ok' | 'warn' | 'error' | 'neutral';

/** An image the view may ask the host to open; the host opens only links it put in the model. */
export interface ImageLink {
  imageId: string;
  region: string;
}

export interface Fact {
  id: string;
  label: string;
  value: string;
  /** Render in a monospace font (ids, ARNs). */
  mono?: boolean;
  tone?: Tone;
  link?: ImageLink;
}

export interface DetailsHeader {
  title: string;
  name?: string;
  imageId: string;
  region: string;
  profile?: string;
  state: string;
  stateTone: Tone;
  stateReason?: string;
  ownerId?: string;
  ownerAlias?: string;
  /** "Amazon" or "AWS Marketplace" when the owner is a verified provider. */
  verifiedProvider?: string;
  visibility: Visibility;
  visibilityLabel: string;
  deprecated: boolean;
}

/** format.ts's visibility; 'unknown' when launch permissions could not be read and the owner is not known to be someone else. */
export type Visibility = ImageVisibility | 'unknown';

export interface VolumeRow {
  device: string;
  kind: BlockDevice['kind'];
  kindLabel: string;
  root: boolean;
  snapshotId?: string;
  sizeGiB?: number;
  size: string;
  volumeType: string;
  iops: string;
  throughput: string;
  encrypted: string;
  encryptedTone: Tone;
  kmsKeyId: string;
  deleteOnTermination: string;
  /** Width of the volume's bar: its size as a share (0..100) of the largest volume. */
  barPercent: number;
}

export interface SnapshotRow {
  snapshotId: string;
  devices: string[];
  size: string;
  state: string;
  stateTone: Tone;
  encrypted: string;
  kmsKeyId: string;
  owner: string;
  description: string;
  started: string;
}

export interface SnapshotSection {
  /** none: the image references no snapshot; error: DescribeSnapshots failed as a whole. */
  status: 'ok' | 'none' | 'error';
  message?: string;
  rows: SnapshotRow[];
  /** Snapshot ids the caller cannot read (not theirs, not shared with them), with why. */
  unreadable: string[];
  unreadableNote?: string;
}

export interface PermissionSection {
  status: 'ok' | 'unavailable';
  summary: string;
  accounts: string[];
  organizations: string[];
  organizationalUnits: string[];
  /** A remark under the lists; none today. */
  note?: string;
}

export interface AncestryRow {
  imageId: string;
  region: string;
  creationDate: string;
  ownerAlias?: string;
  current: boolean;
  link?: ImageLink;
}

export interface AncestrySection {
  status: 'ok' | 'unavailable';
  message?: string;
  rows: AncestryRow[];
}

export interface DetailsModel {
  version: 1;
  key: string;
  ref: AmiRef;
  header: DetailsHeader;
  facts: Fact[];
  volumes: VolumeRow[];
  totalSize: string;
  snapshots: SnapshotSection;
  tags: { key: string; value: string }[];
  permissions: PermissionSection;
  ancestry: AncestrySection;
  /** Every image link present in facts and ancestry: the only ones the host will open. */
  links: ImageLink[];
  fetchedAt: string;
  /** lifecycle (#10): protection, deprecation and the owner's retire actions. */
  lifecycle?: LifecycleSection;
  /** hygiene (#11): the image's hygiene marks; absent when the setting amiExplorer.images.hygieneMarks is off. */
  hygiene?: HygieneSection;
}

// hygiene (#11)
/** One hygiene mark as the panel lists it (texts from model/hygiene.ts). */
export interface HygieneRow {
  id: HygieneMarkId;
  label: string;
  explanation: string;
  severity: HygieneSeverity;
  tone: Tone;
}

export interface HygieneSection {
  marks: HygieneRow[];
  /** Said when there is no mark, or about what is not known yet. */
  note?: string;
}

/** The lifecycle section: protection and deprecation as text, and which owner actions apply. */
export interface LifecycleSection {
  /** The owner's actions are offered: the launch permissions were read, which only the owner can. */
  owned: boolean;
  protection: string;
  /** Protection is on (Turn Off offered), else Turn On. */
  protectionOn: boolean;
  deprecation: string;
  /** A deprecation time is set (Cancel Deprecation offered). */
  hasDeprecation: boolean;
  /** available | disabled | …: Disable only when available, Enable only when disabled. */
  state: string;
}

/** What the host gathered for one image. Missing parts were not asked for. */
export interface DetailsInput {
  ref: AmiRef;
  image: AmiImage;
  /** DescribeImageAttribute lastLaunchedTime; `value` undefined = never launched (or not recorded). */
  lastLaunchedTime?: Result<string | undefined>;
  /** DescribeImageAttribute launchPermission (answers for the owner only). */
  launchPermissions?: Result<LaunchPermission[]>;
  snapshots?: Result<SnapshotInfo[]>;
  ancestry?: Result<AncestryEntry[]>;
  /** The caller's account, when known: tells "shared with you" from "yours". */
  accountId?: string;
  fetchedAt: string;
  /** hygiene (#11): include the Hygiene section (the setting amiExplorer.images.hygieneMarks). */
  showHygiene?: boolean;
}

/** Account ids Amazon publishes its own AMIs from (Amazon Linux per region, Windows). */
const AMAZON_OWNER_IDS = new Set([
  '137112412989', '061882349855', '071630900071', '084269151793', '140264529686', '210953353124', '212415852945',
  '499701242899', '541802698383', '656109587541', '659248058490', '785737495101', '860882034098', '910595266909',
  '801119661308',
]);

const DASH = '—';

/** One key per (profile, region, image): a panel is reused for the same key. */
export function detailsKey(ref: AmiRef): string {
  return `${ref.profile ?? ''}|${ref.region}|${ref.imageId}`;
}

/** Longest image label shown in a panel's tab before it is cut. */
export const PANEL_TITLE_MAX = 32;

/** The tab title of a details panel: "<label> (ami-…)", the label cut; the id alone when there is no label yet. */
export function detailsPanelTitle(ref: AmiRef, model?: Pick<DetailsModel, 'header'>): string {
  // The model may come back from a restored webview's state: made visible again here.
  const label = model ? oneLine(model.header.title) : '';
  const id = oneLine(ref.imageId);
  if (!label || label === id) return id;
  return `${truncate(label, PANEL_TITLE_MAX)} (${id})`;
}

/** "Amazon" / "AWS Marketplace" for verified providers; undefined for everyone else. */
export function verifiedProvider(ownerAlias: string | undefined, ownerId: string | undefined): string | undefined {
  if (ownerAlias === 'amazon') return 'Amazon';
  if (ownerAlias === 'aws-marketplace') return 'AWS Marketplace';
  if (ownerId && AMAZON_OWNER_IDS.has(ownerId)) return 'Amazon';
  return undefined;
}

/** format.ts's date, a dash when there is none. */
function formatDate(iso: string | undefined): string {
  return formatDateOrUndefined(iso) ?? DASH;
}

function stateTone(state: string): Tone {
  switch (state) {
    case 'available':
      return 'ok';
    case 'pending':
    case 'transient':
      return 'neutral';
    case 'deregistered':
    case 'disabled':
      return 'warn';
    default:
      return 'error'; // failed, invalid, error
  }
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? DASH : value ? 'Yes' : 'No';
}

function volumeRow(d: BlockDevice, rootDevice: string | undefined, largest: number): VolumeRow {
  const ebs = d.ebs;
  const size = ebs?.volumeSize;
  const kindLabel = d.kind === 'ebs' ? 'EBS' : d.kind === 'ephemeral' ? `Instance store${d.virtualName ? ` (${d.virtualName})` : ''}` : 'NoDevice (suppressed)';
  return {
    device: d.deviceName,
    kind: d.kind,
    kindLabel,
    root: rootDevice !== undefined && d.deviceName === rootDevice,
    snapshotId: ebs?.snapshotId,
    sizeGiB: size,
    size: size !== undefined ? `${size} GiB` : d.kind === 'ephemeral' ? 'Instance type' : DASH,
    volumeType: ebs?.volumeType ?? DASH,
    iops: ebs?.iops !== undefined ? String(ebs.iops) : DASH,
    throughput: ebs?.throughput !== undefined ? `${ebs.throughput} MiB/s` : DASH,
    encrypted: d.kind === 'ebs' ? (ebs?.encrypted ? 'Yes' : 'No') : DASH,
    encryptedTone: d.kind === 'ebs' ? (ebs?.encrypted ? 'ok' : 'warn') : 'neutral',
    kmsKeyId: ebs?.kmsKeyId ?? DASH,
    deleteOnTermination: d.kind === 'ebs' ? yesNo(ebs?.deleteOnTermination) : DASH,
    barPercent: size && largest > 0 ? Math.max(1, Math.round((size / largest) * 100)) : 0,
  };
}

function snapshotSection(image: AmiImage, result: Result<SnapshotInfo[]> | undefined): SnapshotSection {
  const devicesBySnapshot = new Map<string, string[]>();
  for (const d of (image.blockDeviceMappings ?? [])) {
    const id = d.ebs?.snapshotId;
    if (id) devicesBySnapshot.set(id, [...(devicesBySnapshot.get(id) ?? []), d.deviceName]);
  }
  const ids = [...devicesBySnapshot.keys()];
  if (ids.length === 0) return { status: 'none', message: 'This image references no EBS snapshot.', rows: [], unreadable: [] };
  const cannotRead =
    'Not visible to your account: a snapshot can be read only by its owner or the accounts it is shared with, ' +
    'which usually excludes the snapshots behind public and shared AMIs. Instances still launch from them.';
  if (!result) return { status: 'error', message: 'Snapshot details were not loaded.', rows: [], unreadable: ids, unreadableNote: cannotRead };
  if (!result.ok) return { status: 'error', message: `DescribeSnapshots failed: ${describeFailure(result.error)}`, rows: [], unreadable: ids, unreadableNote: cannotRead };
  const found = new Map(result.value.map((s) => [s.snapshotId, s]));
  const rows: SnapshotRow[] = [];
  const unreadable: string[] = [];
  for (const id of ids) {
    const s = found.get(id);
    if (!s) {
      unreadable.push(id);
      continue;
    }
    rows.push({
      snapshotId: id,
      devices: devicesBySnapshot.get(id) ?? [],
      size: s.volumeSize !== undefined ? `${s.volumeSize} GiB` : DASH,
      state: s.state ?? DASH,
      stateTone: s.state === 'completed' ? 'ok' : s.state === 'error' ? 'error' : 'neutral',
      encrypted: yesNo(s.encrypted),
      kmsKeyId: s.kmsKeyId ?? DASH,
      owner: s.ownerAlias ? `${s.ownerAlias} (${s.ownerId ?? '?'})` : (s.ownerId ?? DASH),
      description: s.description ?? DASH,
      started: formatDate(s.startTime),
    });
  }
  return { status: 'ok', rows, unreadable, ...(unreadable.length ? { unreadableNote: cannotRead } : {}) };
}

function permissionSection(input: DetailsInput): { section: PermissionSection; visibility: Visibility; label: string } {
  const { image, launchPermissions: perms, accountId } = input;
  const empty = { accounts: [], organizations: [], organizationalUnits: [] };
  if (!perms || !perms.ok) {
    const why = perms && !perms.ok ? ` (${describeFailure(perms.error)})` : '';
    // Without the permissions (only the owner reads them), private cannot be told from shared.
    const visibility = imageVisibility(image, false, accountId);
    if (visibility === 'public') {
      return { visibility: 'public', label: 'Public', section: { status: 'unavailable', summary: `Public: any AWS account can launch it. Other launch permissions are visible only to the owner${why}.`, ...empty } };
    }
    if (visibility === 'shared') {
      return { visibility: 'shared', label: 'Shared with you', section: { status: 'unavailable', summary: 'Shared with your account by its owner. Only the owner can see whom else it is shared with.', ...empty } };
    }
    return { visibility: 'unknown', label: 'Not public', section: { status: 'unavailable', summary: `Not public. Launch permissions could not be read${why}.`, ...empty } };
  }
  const accounts = perms.value.flatMap((p) => (p.userId ? [p.userId] : [])).sort();
  const organizations = perms.value.flatMap((p) => (p.organizationArn ? [p.organizationArn] : [])).sort();
  const organizationalUnits = perms.value.flatMap((p) => (p.organizationalUnitArn ? [p.organizationalUnitArn] : [])).sort();
  // Readable permissions mean the caller owns the image: they alone decide.
  const visibility = imageVisibility(image, false, undefined, perms.value);
  const parts = (
    [
      [accounts.length, 'account'],
      [organizations.length, 'organization'],
      [organizationalUnits.length, 'organizational unit'],
    ] as const
  ).flatMap(([n, word]) => (n === 0 ? [] : [plural(n, word)]));
  const shared = parts.length ? `shared with ${joinWords(parts)}` : '';
  const base = { accounts, organizations, organizationalUnits };
  if (visibility === 'public') {
    return { visibility: 'public', label: 'Public', section: { status: 'ok', summary: `Public: any AWS account can launch it${shared ? `; also explicitly ${shared}` : ''}.`, ...base } };
  }
  if (visibility === 'shared') return { visibility: 'shared', label: 'Shared', section: { status: 'ok', summary: `Private, ${shared}.`, ...base } };
  return { visibility: 'private', label: 'Private', section: { status: 'ok', summary: "Private: only the owner's account can launch it.", ...base } };
}

function joinWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function ancestrySection(input: DetailsInput): AncestrySection {
  const r = input.ancestry;
  if (!r) return { status: 'unavailable', message: 'Ancestry was not loaded.', rows: [] };
  if (!r.ok) return { status: 'unavailable', message: `Ancestry is not available for this image: ${describeFailure(r.error)}`, rows: [] };
  if (r.value.length === 0) return { status: 'unavailable', message: 'Ancestry is not available: GetImageAncestry returned no entries.', rows: [] };
  const rows: AncestryRow[] = [];
  let region = input.ref.region;
  r.value.forEach((e, i) => {
    const current = i === 0 || e.imageId === input.image.imageId;
    rows.push({
      imageId: e.imageId,
      region,
      creationDate: formatDate(e.creationDate),
      ownerAlias: e.imageOwnerAlias,
      current,
      ...(current ? {} : { link: { imageId: e.imageId, region } }),
    });
    region = e.sourceImageRegion ?? region;
  });
  const last = r.value[r.value.length - 1];
  const message =
    rows.length === 1
      ? 'No source image is recorded: this image was not copied or created from another AMI, or its source predates ancestry tracking.'
      : last?.sourceImageId
        ? `The chain ends at ${last.sourceImageId}, whose own source is not visible.`
        : undefined;
  return { status: 'ok', rows, ...(message ? { message } : {}) };
}

function describeImds(v: string | undefined): string {
  if (v === 'v2.0') return 'IMDSv2 required (v2.0)';
  return v ?? 'Not set (instance settings decide)';
}

function describeSriov(v: string | undefined): string {
  if (v === 'simple') return 'Intel 82599 VF (simple)';
  return v ?? 'No';
}

function describeLastLaunched(input: DetailsInput): { value: string; tone?: Tone } {
  const r = input.lastLaunchedTime;
  if (r && !r.ok) return { value: `Unavailable: ${describeFailure(r.error)}`, tone: 'warn' };
  const value = r?.value ?? input.image.lastLaunchedTime;
  return { value: value ? formatDate(value) : 'No launch recorded' };
}

function describeImageAllowed(v: boolean | undefined): { value: string; tone?: Tone } {
  if (v === undefined) return { value: DASH };
  return v ? { value: 'Yes' } : { value: 'No: blocked by this account’s Allowed AMIs settings', tone: 'warn' };
}

/** Members that identify rather than show, kept exactly so the host can match the links it made. */
const MODEL_IDENTITY = new Set<string>(['key', 'ref', 'links']);
const LINK = 'link';

/**
 * Every string the webview shows, with invisible and bidi characters as visible escapes (text.ts
 * visibleText): names, descriptions, tags, snapshot descriptions, messages quoting AWS. Line
 * breaks stay (a description may have several lines); the webview renders text, never markup.
 */
function showable<T>(value: T, identity: ReadonlySet<string> = new Set([LINK])): T {
  if (typeof value === 'string') return visibleText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => showable(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: identity.has(k) ? v : showable(v), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}

/** Builds the panel's view model. `now` decides whether a deprecation time has passed. */
export function buildDetailsModel(input: DetailsInput, now: Date): DetailsModel {
  return showable(buildRawDetailsModel(input, now), MODEL_IDENTITY);
}

function buildRawDetailsModel(input: DetailsInput, now: Date): DetailsModel {
  const { image, ref } = input;
  const perm = permissionSection(input);
  const deprecated = isDeprecated(image, now);
  const links: ImageLink[] = [];
  const sourceRegion = image.sourceImageRegion ?? ref.region;
  const sourceLink = image.sourceImageId ? { imageId: image.sourceImageId, region: sourceRegion } : undefined;
  if (sourceLink) links.push(sourceLink);
  const lastLaunched = describeLastLaunched(input);
  const allowed = describeImageAllowed(image.imageAllowed);
  const facts: Fact[] = [
    { id: 'region', label: 'Region', value: ref.region, mono: true },
    { id: 'creationDate', label: 'Created', value: formatDate(image.creationDate) },
    { id: 'description', label: 'Description', value: image.description ?? DASH },
    { id: 'architecture', label: 'Architecture', value: image.architecture ?? DASH },
    { id: 'platformDetails', label: 'Platform details', value: image.platformDetails ?? (image.platform === 'windows' ? 'Windows' : DASH) },
    { id: 'usageOperation', label: 'Usage operation', value: image.usageOperation ?? DASH, mono: true },
    { id: 'imageType', label: 'Image type', value: image.imageType ?? DASH },
    { id: 'virtualizationType', label: 'Virtualization', value: image.virtualizationType ?? DASH },
    { id: 'hypervisor', label: 'Hypervisor', value: image.hypervisor ?? DASH },
    { id: 'enaSupport', label: 'ENA', value: image.enaSupport ? 'Yes' : 'No' },
    { id: 'sriovNetSupport', label: 'SR-IOV', value: describeSriov(image.sriovNetSupport) },
    { id: 'bootMode', label: 'Boot mode', value: image.bootMode ?? 'Not set (instance type default)' },
    { id: 'tpmSupport', label: 'TPM', value: image.tpmSupport === 'v2.0' ? 'NitroTPM 2.0' : (image.tpmSupport ?? 'No') },
    { id: 'imdsSupport', label: 'IMDS support', value: describeImds(image.imdsSupport) },
    { id: 'rootDevice', label: 'Root device', value: image.rootDeviceName ? `${image.rootDeviceName} (${image.rootDeviceType ?? '?'})` : (image.rootDeviceType ?? DASH), mono: true },
    {
      id: 'deprecationTime',
      label: 'Deprecation time',
      value: image.deprecationTime ? `${formatDate(image.deprecationTime)}${deprecated ? ' (deprecated)' : ''}` : 'Not scheduled',
      ...(deprecated ? { tone: 'warn' as const } : {}),
    },
    { id: 'lastLaunchedTime', label: 'Last launched', value: lastLaunched.value, ...(lastLaunched.tone ? { tone: lastLaunched.tone } : {}) },
    { id: 'deregistrationProtection', label: 'Deregistration protection', value: image.deregistrationProtection ?? 'disabled' },
    { id: 'imageAllowed', label: 'Image allowed', value: allowed.value, ...(allowed.tone ? { tone: allowed.tone } : {}) },
    {
      id: 'sourceImage',
      label: 'Source image',
      value: sourceLink ? `${sourceLink.imageId} (${sourceLink.region})` : DASH,
      mono: true,
      ...(sourceLink ? { link: sourceLink } : {}),
    },
    { id: 'sourceInstanceId', label: 'Source instance', value: image.sourceInstanceId ?? DASH, mono: true },
  ];
  if (image.kernelId) facts.push({ id: 'kernelId', label: 'Kernel', value: image.kernelId, mono: true });
  if (image.ramdiskId) facts.push({ id: 'ramdiskId', label: 'RAM disk', value: image.ramdiskId, mono: true });
  if (image.productCodes?.length) {
    facts.push({ id: 'productCodes', label: 'Product codes', value: (image.productCodes ?? []).map((c) => `${c.productCodeId ?? '?'} (${c.productCodeType ?? '?'})`).join(', '), mono: true });
  }
  if (image.freeTierEligible !== undefined) facts.push({ id: 'freeTierEligible', label: 'Free tier eligible', value: yesNo(image.freeTierEligible) });
  if (image.imageLocation) facts.push({ id: 'imageLocation', label: 'Image location', value: image.imageLocation, mono: true });

  const largest = Math.max(0, ...(image.blockDeviceMappings ?? []).map((d) => d.ebs?.volumeSize ?? 0));
  const volumes = (image.blockDeviceMappings ?? []).map((d) => volumeRow(d, image.rootDeviceName, largest));
  const total = (image.blockDeviceMappings ?? []).reduce((sum, d) => sum + (d.ebs?.volumeSize ?? 0), 0);

  const ancestry = ancestrySection(input);
  for (const row of ancestry.rows) {
    if (row.link && !links.some((l) => l.imageId === row.link?.imageId && l.region === row.link?.region)) links.push(row.link);
  }

  return {
    version: 1,
    key: detailsKey(ref),
    ref: { region: ref.region, imageId: ref.imageId, ...(ref.profile !== undefined ? { profile: ref.profile } : {}) },
    header: {
      // The tree's label, so the panel is named like the node that opened it.
      title: imageLabel(image),
      ...(image.name !== undefined ? { name: image.name } : {}),
      imageId: image.imageId,
      region: ref.region,
      ...(ref.profile !== undefined ? { profile: ref.profile } : {}),
      state: image.state,
      stateTone: stateTone(image.state),
      ...(image.stateReason?.message ? { stateReason: image.stateReason.message } : {}),
      ...(image.ownerId !== undefined ? { ownerId: image.ownerId } : {}),
      ...(image.ownerAlias !== undefined ? { ownerAlias: image.ownerAlias } : {}),
      ...(verifiedProvider(image.ownerAlias, image.ownerId) ? { verifiedProvider: verifiedProvider(image.ownerAlias, image.ownerId) } : {}),
      visibility: perm.visibility,
      visibilityLabel: perm.label,
      deprecated,
    },
    facts,
    volumes,
    totalSize: `${total} GiB`,
    snapshots: snapshotSection(image, input.snapshots),
    tags: Object.entries(image.tags ?? {})
      .map(([key, value]) => ({ key, value }))
      .sort((a, b) => a.key.localeCompare(b.key, 'en')),
    permissions: perm.section,
    ancestry,
    links,
    fetchedAt: input.fetchedAt,
    lifecycle: lifecycleSection(image, perm.section.status === 'ok', now),
    ...(input.showHygiene ? { hygiene: hygieneSection(image, perm.section.status === 'ok', input.launchPermissions !== undefined, now) } : {}),
  };
}

// hygiene (#11)
const SEVERITY_TONE: Record<HygieneSeverity, Tone> = { error: 'error', warning: 'warn', info: 'neutral' };

/**
 * The Hygiene section: the marks of model/hygiene.ts, owner-aware. `owned`: the launch permissions
 * were read (only the owner can); `permissionsAsked`: false in the first, quick model, where
 * owner-ness is not known yet.
 */
function hygieneSection(image: AmiImage, owned: boolean, permissionsAsked: boolean, now: Date): HygieneSection {
  const marks = hygieneMarks(image, now, { owned }).map((m) => ({ ...m, tone: SEVERITY_TONE[m.severity] }));
  if (!permissionsAsked) return { marks, note: 'Checking whether the image is yours…' };
  if (marks.length === 0) return { marks, note: 'No hygiene marks: nothing to act on.' };
  return { marks };
}

/** lifecycle (#10): the section's texts come from model/lifecycle.ts. */
function lifecycleSection(image: AmiImage, owned: boolean, now: Date): LifecycleSection {
  const protection = parseProtection(image.deregistrationProtection, now);
  return {
    owned,
    protection: protectionText(protection),
    protectionOn: protection.kind === 'on',
    deprecation: deprecationText(image.deprecationTime, now),
    hasDeprecation: image.deprecationTime !== undefined,
    state: image.state,
  };
}

/**
 * Tags: whether the panel offers Add / Edit / Remove. Only the owner can tag, and the owner is the
 * one whose launch permissions could be read (DescribeImageAttribute answers only the owner).
 */
export function tagsEditable(model: Pick<DetailsModel, 'permissions'>): boolean {
  return model.permissions.status === 'ok';
}
