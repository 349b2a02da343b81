/**
 * Launch permissions of an AMI, as the permissions editor and the quick commands work with them:
 * reading what a person typed or pasted, telling account ids, organization ARNs and OU ARNs
 * apart, validating each entry with a reason, the state (public flag and three sets), the diff
 * between the current and the desired state, the minimal ModifyImageAttribute Add/Remove it
 * takes, the plan for mirroring account changes to the backing snapshots, and the safety checks
 * before anything widens access. Pure: imports neither `vscode` nor the SDK.
 *
 * Patterns (Organizations API reference, `Organization.Arn` / `OrganizationalUnit.Arn`; EC2's
 * LaunchPermission takes these ARNs as they are):
 *   organization  arn:aws:organizations::<12 digits>:organization/o-<10–32 of [a-z0-9]>
 *   OU            arn:aws:organizations::<12 digits>:ou/o-<10–32 of [a-z0-9]>/ou-<4–32 of [0-9a-z]>-<8–32 of [a-z0-9]>
 */
import type { LaunchPermission } from './image';

// ---- entries ----

export type PermissionKind = 'account' | 'organization' | 'organizationalUnit';

/** One valid entry: an account id, an organization ARN or an OU ARN (the value as EC2 takes it). */
export interface PermissionEntry {
  readonly kind: PermissionKind;
  readonly value: string;
}

/** One entry that cannot be sent, with the reason a person can act on. */
export interface InvalidEntry {
  /** The entry as typed (trimmed). */
  readonly input: string;
  readonly reason: string;
}

export type EntryCheck = { readonly ok: true; readonly entry: PermissionEntry } | { readonly ok: false; readonly invalid: InvalidEntry };

export interface ParsedEntries {
  /** Valid entries in the order first typed, each once. */
  readonly valid: PermissionEntry[];
  /** Bad entries in the order typed, each once, with the reason. Nothing may be sent while this is not empty. */
  readonly invalid: InvalidEntry[];
  /** Entries typed more than once (dropped after the first). */
  readonly duplicates: string[];
}

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const ORGANIZATION_ARN_PATTERN = /^arn:aws:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
export const OU_ARN_PATTERN = /^arn:aws:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/** Entries are separated by commas, semicolons or any whitespace (spaces, tabs, newlines). */
const SEPARATORS = /[\s,;]+/u;

/** Splits pasted text into trimmed, non-empty entries (duplicates kept; parseEntries drops them). */
export function splitEntries(text: string): string[] {
  return text.split(SEPARATORS).filter((s) => s !== '');
}

/** How an entry is shown in a reason: control characters made visible, long ones cut. */
function shown(input: string): string {
  let visible = '';
  for (const c of input) {
    const code = c.codePointAt(0) ?? 0;
    const invisible = code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x200b && code <= 0x200f) || code === 0x2028 || code === 0x2029 || code === 0xfeff;
    visible += invisible ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return visible.length > 80 ? `${visible.slice(0, 77)}…` : visible;
}

/** Why an organization ARN does not match, naming the part that is wrong. */
function organizationArnProblem(input: string): string {
  const m = /^arn:([^:]*):organizations::([^:]*):organization\/(.*)$/.exec(input);
  if (!m) return 'an organization ARN looks like arn:aws:organizations::123456789012:organization/o-abcde12345';
  const [, partition, account, orgId] = m as unknown as [string, string, string, string];
  if (partition !== 'aws') return `the partition must be "aws" (got "${shown(partition)}")`;
  if (!ACCOUNT_ID_PATTERN.test(account)) return 'the management account in the ARN must be 12 digits';
  if (!/^o-[a-z0-9]{10,32}$/.test(orgId)) return 'the organization id must be "o-" followed by 10 to 32 lowercase letters or digits';
  return 'it does not match the organization ARN pattern';
}

/** Why an OU ARN does not match, naming the part that is wrong. */
function ouArnProblem(input: string): string {
  const m = /^arn:([^:]*):organizations::([^:]*):ou\/(.*)$/.exec(input);
  if (!m) return 'an OU ARN looks like arn:aws:organizations::123456789012:ou/o-abcde12345/ou-ab12-cdef3456';
  const [, partition, account, path] = m as unknown as [string, string, string, string];
  if (partition !== 'aws') return `the partition must be "aws" (got "${shown(partition)}")`;
  if (!ACCOUNT_ID_PATTERN.test(account)) return 'the management account in the ARN must be 12 digits';
  const parts = path.split('/');
  if (parts.length !== 2) return 'an OU ARN ends in o-<organization id>/ou-<OU id>';
  const [orgId, ouId] = parts as [string, string];
  if (!/^o-[a-z0-9]{10,32}$/.test(orgId)) return 'the organization id must be "o-" followed by 10 to 32 lowercase letters or digits';
  if (!/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(ouId)) {
    return 'the OU id must be "ou-", 4 to 32 lowercase letters or digits, "-", then 8 to 32 lowercase letters or digits';
  }
  return 'it does not match the OU ARN pattern';
}

/**
 * Classifies and validates one entry (trimmed first). `ownerId`: the image owner's account; an
 * image is always launchable by its owner, and EC2 refuses the owner's own id as a launch permission.
 */
export function checkEntry(raw: string, ownerId?: string): EntryCheck {
  const input = raw.trim();
  const bad = (reason: string): EntryCheck => ({ ok: false, invalid: { input, reason } });
  if (input === '') return bad('the entry is empty');
  if (/^\d[\d-]*$/.test(input)) {
    const digits = input.replace(/-/g, '');
    if (input.includes('-') && ACCOUNT_ID_PATTERN.test(digits)) return bad(`write the account id without dashes: ${digits}`);
    if (!ACCOUNT_ID_PATTERN.test(input)) return bad(`an account id has exactly 12 digits (this has ${digits.length})`);
    if (ownerId !== undefined && input === ownerId) return bad('this is the owner’s own account, which can always launch the image');
    return { ok: true, entry: { kind: 'account', value: input } };
  }
  if (/^all$/i.test(input)) return bad('to make the image public use "Make Public", not an entry');
  if (/^arn:/i.test(input)) {
    if (/:organization\//.test(input)) {
      return ORGANIZATION_ARN_PATTERN.test(input) ? { ok: true, entry: { kind: 'organization', value: input } } : bad(organizationArnProblem(input));
    }
    if (/:ou\//.test(input)) {
      return OU_ARN_PATTERN.test(input) ? { ok: true, entry: { kind: 'organizationalUnit', value: input } } : bad(ouArnProblem(input));
    }
    return bad('only organization and OU ARNs (arn:aws:organizations::…) can be given a launch permission');
  }
  if (/^o-/i.test(input) || /^ou-/i.test(input) || /^r-/i.test(input)) {
    return bad('give the full ARN (arn:aws:organizations::<management account>:…), not the bare id');
  }
  return bad('not an account id (12 digits), an organization ARN or an OU ARN');
}

/** Parses one entry or a pasted list: split, trim, drop duplicates, classify and validate each. */
export function parseEntries(text: string, ownerId?: string): ParsedEntries {
  const valid: PermissionEntry[] = [];
  const invalid: InvalidEntry[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for (const raw of splitEntries(text)) {
    if (seen.has(raw)) {
      if (!duplicates.includes(raw)) duplicates.push(raw);
      continue;
    }
    seen.add(raw);
    const checked = checkEntry(raw, ownerId);
    if (checked.ok) valid.push(checked.entry);
    else invalid.push(checked.invalid);
  }
  return { valid, invalid, duplicates };
}

/** "3 entries are not valid: 1234 (an account id has exactly 12 digits …); …" — for one-line messages. */
export function describeInvalid(invalid: readonly InvalidEntry[]): string {
  if (invalid.length === 0) return '';
  const items = invalid.map((i) => `${shown(i.input)} (${i.reason})`).join('; ');
  return invalid.length === 1 ? `This entry is not valid: ${items}.` : `${invalid.length} entries are not valid: ${items}.`;
}

// ---- state ----

/** What DescribeImageAttribute(launchPermission) says, as three sorted sets and the public flag. */
export interface LaunchPermissionState {
  readonly public: boolean;
  readonly accounts: readonly string[];
  readonly orgArns: readonly string[];
  readonly ouArns: readonly string[];
}

export const EMPTY_STATE: LaunchPermissionState = { public: false, accounts: [], orgArns: [], ouArns: [] };

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** The state of a launch-permission list (order and duplicates do not matter). */
export function stateFromPermissions(permissions: readonly LaunchPermission[]): LaunchPermissionState {
  return {
    public: permissions.some((p) => p.group === 'all'),
    accounts: sortedUnique(permissions.flatMap((p) => (p.userId ? [p.userId] : []))),
    orgArns: sortedUnique(permissions.flatMap((p) => (p.organizationArn ? [p.organizationArn] : []))),
    ouArns: sortedUnique(permissions.flatMap((p) => (p.organizationalUnitArn ? [p.organizationalUnitArn] : []))),
  };
}

const KEY_OF: Record<PermissionKind, 'accounts' | 'orgArns' | 'ouArns'> = { account: 'accounts', organization: 'orgArns', organizationalUnit: 'ouArns' };

/** The entries of a state, accounts first, then organizations, then OUs. */
export function entriesOf(state: LaunchPermissionState): PermissionEntry[] {
  return [
    ...state.accounts.map((value) => ({ kind: 'account' as const, value })),
    ...state.orgArns.map((value) => ({ kind: 'organization' as const, value })),
    ...state.ouArns.map((value) => ({ kind: 'organizationalUnit' as const, value })),
  ];
}

/** The state with these entries added (and the public flag set when given). */
export function withEntries(state: LaunchPermissionState, entries: readonly PermissionEntry[], makePublic?: boolean): LaunchPermissionState {
  const next = { accounts: [...state.accounts], orgArns: [...state.orgArns], ouArns: [...state.ouArns] };
  for (const e of entries) next[KEY_OF[e.kind]].push(e.value);
  return {
    public: makePublic ?? state.public,
    accounts: sortedUnique(next.accounts),
    orgArns: sortedUnique(next.orgArns),
    ouArns: sortedUnique(next.ouArns),
  };
}

/** The state without these entries (and the public flag cleared when `makePrivate`). */
export function withoutEntries(state: LaunchPermissionState, entries: readonly PermissionEntry[], makePrivate = false): LaunchPermissionState {
  const drop = (kind: PermissionKind, values: readonly string[]): string[] => values.filter((v) => !entries.some((e) => e.kind === kind && e.value === v));
  return {
    public: makePrivate ? false : state.public,
    accounts: drop('account', state.accounts),
    orgArns: drop('organization', state.orgArns),
    ouArns: drop('organizationalUnit', state.ouArns),
  };
}

// ---- diff ----

export interface PermissionSets {
  readonly accounts: readonly string[];
  readonly orgArns: readonly string[];
  readonly ouArns: readonly string[];
}

/** From the current to the desired state: what is added and removed, per kind; `public` when the flag changes. */
export interface PermissionDiff {
  readonly public?: 'add' | 'remove';
  readonly added: PermissionSets;
  readonly removed: PermissionSets;
}

export function diffPermissions(current: LaunchPermissionState, desired: LaunchPermissionState): PermissionDiff {
  const minus = (a: readonly string[], b: readonly string[]): string[] => sortedUnique(a.filter((x) => !b.includes(x)));
  const diff: PermissionDiff = {
    added: { accounts: minus(desired.accounts, current.accounts), orgArns: minus(desired.orgArns, current.orgArns), ouArns: minus(desired.ouArns, current.ouArns) },
    removed: { accounts: minus(current.accounts, desired.accounts), orgArns: minus(current.orgArns, desired.orgArns), ouArns: minus(current.ouArns, desired.ouArns) },
  };
  if (desired.public === current.public) return diff;
  return { ...diff, public: desired.public ? 'add' : 'remove' };
}

function setsEmpty(s: PermissionSets): boolean {
  return s.accounts.length === 0 && s.orgArns.length === 0 && s.ouArns.length === 0;
}

export function isEmptyDiff(diff: PermissionDiff): boolean {
  return diff.public === undefined && setsEmpty(diff.added) && setsEmpty(diff.removed);
}

/** Whether the diff widens access (anything added, or made public): the UI confirms those. */
export function widensAccess(diff: PermissionDiff): boolean {
  return diff.public === 'add' || !setsEmpty(diff.added);
}

/** ModifyImageAttribute's LaunchPermission Add/Remove lists (each entry has exactly one field). */
export interface LaunchPermissionModification {
  readonly add: LaunchPermission[];
  readonly remove: LaunchPermission[];
}

function toPermissions(sets: PermissionSets, group: boolean): LaunchPermission[] {
  return [
    ...(group ? [{ group: 'all' as const }] : []),
    ...sets.accounts.map((userId) => ({ userId })),
    ...sets.orgArns.map((organizationArn) => ({ organizationArn })),
    ...sets.ouArns.map((organizationalUnitArn) => ({ organizationalUnitArn })),
  ];
}

/** The minimal Add/Remove for a diff: only what changes, nothing already in place. */
export function toModification(diff: PermissionDiff): LaunchPermissionModification {
  return { add: toPermissions(diff.added, diff.public === 'add'), remove: toPermissions(diff.removed, diff.public === 'remove') };
}

/** The state after EC2 applied a modification to `state` (removes first, then adds, as one call). */
export function applyModification(state: LaunchPermissionState, mod: LaunchPermissionModification): LaunchPermissionState {
  const asEntries = (perms: readonly LaunchPermission[]): PermissionEntry[] =>
    perms.flatMap((p): PermissionEntry[] =>
      p.userId ? [{ kind: 'account', value: p.userId }] : p.organizationArn ? [{ kind: 'organization', value: p.organizationArn }] : p.organizationalUnitArn ? [{ kind: 'organizationalUnit', value: p.organizationalUnitArn }] : [],
    );
  const removed = withoutEntries(state, asEntries(mod.remove), mod.remove.some((p) => p.group === 'all'));
  return withEntries(removed, asEntries(mod.add), mod.add.some((p) => p.group === 'all') ? true : undefined);
}

/** Whether a re-read state shows the modification: every added entry present, every removed one gone. */
export function showsModification(state: LaunchPermissionState, mod: LaunchPermissionModification): boolean {
  return sameState(state, applyModification(state, mod));
}

export function sameState(a: LaunchPermissionState, b: LaunchPermissionState): boolean {
  const eq = (x: readonly string[], y: readonly string[]): boolean => {
    const sx = sortedUnique(x);
    const sy = sortedUnique(y);
    return sx.length === sy.length && sx.every((v, i) => v === sy[i]);
  };
  return a.public === b.public && eq(a.accounts, b.accounts) && eq(a.orgArns, b.orgArns) && eq(a.ouArns, b.ouArns);
}

// ---- snapshots ----

/**
 * What to do to the backing snapshots' createVolumePermission so recipients can also copy the
 * image (launching does not need it). ModifySnapshotAttribute takes account ids and Group=all
 * only, and one operation type per call: `add` and `remove` become separate calls per snapshot.
 * Group=all is never mirrored; organization and OU changes cannot be.
 */
export interface SnapshotMirrorPlan {
  readonly snapshotIds: readonly string[];
  /** Account ids to add to every snapshot (one Add call per snapshot when not empty). */
  readonly add: readonly string[];
  /** Account ids to remove from every snapshot (one Remove call per snapshot when not empty). */
  readonly remove: readonly string[];
  /** Why parts of the diff are not mirrored, for the person (organizations/OUs, public). */
  readonly notMirrored: readonly string[];
}

/** The snapshot ids behind an image's EBS mappings, in mapping order, each once. */
export function snapshotIdsOf(blockDeviceMappings: readonly { ebs?: { snapshotId?: string } }[]): string[] {
  return [...new Set(blockDeviceMappings.flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : [])))];
}

export function planSnapshotMirror(diff: PermissionDiff, snapshotIds: readonly string[]): SnapshotMirrorPlan {
  const notMirrored: string[] = [];
  const orgChanges = diff.added.orgArns.length + diff.added.ouArns.length + diff.removed.orgArns.length + diff.removed.ouArns.length;
  if (orgChanges > 0) {
    notMirrored.push('Organization and OU shares cannot extend to snapshots: ModifySnapshotAttribute takes account ids only. Recipients in them can launch the image but not copy it.');
  }
  if (diff.public !== undefined) notMirrored.push('Public access is never mirrored to the snapshots.');
  const ids = [...new Set(snapshotIds)];
  const hasAccounts = diff.added.accounts.length + diff.removed.accounts.length > 0;
  return { snapshotIds: hasAccounts ? ids : [], add: [...diff.added.accounts], remove: [...diff.removed.accounts], notMirrored };
}

/** One snapshot's createVolumePermission, as DescribeSnapshotAttribute answers it. */
export interface CreateVolumePermissionState {
  readonly snapshotId: string;
  readonly public: boolean;
  readonly accounts: readonly string[];
}

/** Whether a re-read snapshot permission shows the planned change. */
export function snapshotShows(state: CreateVolumePermissionState, change: { add?: readonly string[]; remove?: readonly string[] }): boolean {
  return (change.add ?? []).every((a) => state.accounts.includes(a)) && (change.remove ?? []).every((a) => !state.accounts.includes(a));
}

// ---- safety ----

/** A volume of the image, as far as sharing is concerned. */
export interface SharedVolume {
  readonly deviceName?: string;
  readonly snapshotId?: string;
  readonly encrypted?: boolean;
  readonly kmsKeyId?: string;
  /** Who manages the key, when known (KMS DescribeKey's KeyManager, or the snapshot's own record). */
  readonly keyManager?: 'AWS' | 'CUSTOMER';
}

export interface SharingSubject {
  readonly imageId: string;
  readonly productCodes: readonly { productCodeId?: string; productCodeType?: string }[];
  readonly volumes: readonly SharedVolume[];
}

/** The volumes of an image's EBS mappings. */
export function volumesOf(blockDeviceMappings: readonly { deviceName: string; ebs?: { snapshotId?: string; encrypted?: boolean; kmsKeyId?: string } }[]): SharedVolume[] {
  return blockDeviceMappings.flatMap((m) => {
    if (!m.ebs) return [];
    const v: { -readonly [K in keyof SharedVolume]: SharedVolume[K] } = { deviceName: m.deviceName };
    if (m.ebs.snapshotId !== undefined) v.snapshotId = m.ebs.snapshotId;
    if (m.ebs.encrypted !== undefined) v.encrypted = m.ebs.encrypted;
    if (m.ebs.kmsKeyId !== undefined) v.kmsKeyId = m.ebs.kmsKeyId;
    return [v];
  });
}

function volumeName(v: SharedVolume): string {
  const parts = [v.deviceName, v.snapshotId].filter((x): x is string => !!x);
  return parts.length === 0 ? 'a volume' : parts.join(' / ');
}

/**
 * Reasons EC2 refuses to make this image public (empty: it may be made public). EC2 refuses
 * images with encrypted volumes and images with product codes.
 */
export function publicRefusals(subject: SharingSubject): string[] {
  const reasons: string[] = [];
  const encrypted = subject.volumes.filter((v) => v.encrypted);
  if (encrypted.length > 0) {
    reasons.push(`${subject.imageId} has encrypted volumes (${encrypted.map(volumeName).join(', ')}); EC2 does not allow images with encrypted volumes to be public. Share it with accounts, organizations or OUs instead.`);
  }
  const codes = subject.productCodes.map((p) => p.productCodeId).filter((c): c is string => !!c);
  if (subject.productCodes.length > 0) {
    reasons.push(`${subject.imageId} has product codes (${codes.join(', ') || 'unnamed'}); EC2 does not allow images with product codes to be public.`);
  }
  return reasons;
}

/** Whether a KMS key id names the AWS managed EBS key by alias (an ARN alone does not tell). */
export function isAwsManagedKeyAlias(kmsKeyId: string): boolean {
  return /(^|:)alias\/aws\//.test(kmsKeyId);
}

export type KeyWarningKind = 'customerManagedKey' | 'awsManagedKey' | 'unknownKey';

export interface KeyWarning {
  readonly kind: KeyWarningKind;
  /** The key, as the image names it; undefined when EC2 did not name it. */
  readonly kmsKeyId?: string;
  /** The volumes encrypted with it. */
  readonly volumes: readonly string[];
  readonly message: string;
}

/**
 * Warnings for sharing an image whose snapshots are encrypted, one per key. A customer managed key
 * needs grants for the recipients; the AWS managed key cannot be shared at all. When the caller does
 * not know who manages a key (EC2 gives the key's ARN only), the warning says both.
 */
export function encryptionWarnings(subject: SharingSubject): KeyWarning[] {
  const byKey = new Map<string, SharedVolume[]>();
  for (const v of subject.volumes) {
    if (!v.encrypted) continue;
    const key = v.kmsKeyId ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }
  const warnings: KeyWarning[] = [];
  for (const [key, volumes] of byKey) {
    const manager = volumes.find((v) => v.keyManager)?.keyManager ?? (key !== '' && isAwsManagedKeyAlias(key) ? 'AWS' : undefined);
    const names = volumes.map(volumeName);
    const keyText = key === '' ? 'a KMS key EC2 does not name' : `KMS key ${key}`;
    const base = key === '' ? {} : { kmsKeyId: key };
    if (manager === 'AWS') {
      warnings.push({
        ...base,
        kind: 'awsManagedKey',
        volumes: names,
        message: `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} encrypted with the AWS managed key (${key || 'aws/ebs'}), which cannot be shared: recipients cannot launch or copy this image. Copy the image with a customer managed key first, and share the copy.`,
      });
    } else if (manager === 'CUSTOMER') {
      warnings.push({
        ...base,
        kind: 'customerManagedKey',
        volumes: names,
        message: `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} encrypted with the customer managed ${keyText}: recipients need kms:DescribeKey, kms:CreateGrant, kms:Decrypt, kms:ReEncrypt* and kms:GenerateDataKey* on it (key policy or grants) to launch or copy the image.`,
      });
    } else {
      warnings.push({
        ...base,
        kind: 'unknownKey',
        volumes: names,
        message: `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} encrypted with ${keyText}: if it is a customer managed key, recipients need kms:DescribeKey, kms:CreateGrant, kms:Decrypt, kms:ReEncrypt* and kms:GenerateDataKey* on it; if it is the AWS managed key (aws/ebs), it cannot be shared at all and the image must first be copied with a customer managed key.`,
      });
    }
  }
  return warnings;
}

// ---- block public access for AMIs ----

/** GetImageBlockPublicAccessState's answer for one account and region. */
export interface ImageBlockPublicAccess {
  /** 'block-new-sharing' (public sharing refused) | 'unblocked'; other values as EC2 sends them. */
  readonly state: string;
  /** 'account' | 'declarative-policy' (the organization set it; the account cannot lift it). */
  readonly managedBy?: string;
}

export function blocksPublicSharing(bpa: ImageBlockPublicAccess): boolean {
  return bpa.state === 'block-new-sharing';
}

/**
 * Why "Make Public" is not possible while block public access is on, and how it is lifted
 * (undefined when public sharing is not blocked).
 */
export function describePublicSharingBlock(bpa: ImageBlockPublicAccess, region: string, profile?: string): string | undefined {
  if (!blocksPublicSharing(bpa)) return undefined;
  if (bpa.managedBy === 'declarative-policy') {
    return `Public sharing of AMIs is blocked in ${region} by a declarative policy of your organization: it cannot be lifted from this account. Ask the organization's administrators, or share with accounts, organizations or OUs instead.`;
  }
  const profileArg = profile ? ` --profile ${profile}` : '';
  return `Public sharing of AMIs is blocked in ${region} (block public access for AMIs is on for this account). An administrator can lift it with \`aws ec2 disable-image-block-public-access --region ${region}${profileArg}\` (ec2:DisableImageBlockPublicAccess); it may take up to 10 minutes to apply.`;
}
