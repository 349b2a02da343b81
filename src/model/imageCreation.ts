/**
 * Making images (issue #10): copy to a region, create from an instance, register from a snapshot.
 * EC2's rules for names, descriptions and KMS keys with the messages a person reads, the defaults
 * the console uses for copies, the no-reboot warning, the RegisterImage request built from the
 * form (always an architecture and `hvm`: EC2's defaults are i386 and paravirtual), and the texts
 * of progress and results. Pure: no vscode, no SDK.
 */
import type { AmiImage } from './image';

// ---- what the service layer returns for the pickers ----

/** One instance of DescribeInstances, as the "Create Image from Instance" picker shows it. */
export interface InstanceSummary {
  instanceId: string;
  /** The Name tag. */
  name?: string;
  /** pending | running | stopping | stopped | shutting-down | terminated */
  state: string;
  instanceType?: string;
  /** 'windows' or undefined (Linux/UNIX). */
  platform?: string;
  imageId?: string;
  launchTime?: string;
}

/** One owned snapshot, as the "Register Image from Snapshot" picker shows it. */
export interface SnapshotSummary {
  snapshotId: string;
  /** GiB */
  volumeSize: number;
  state: string;
  description?: string;
  /** The Name tag. */
  name?: string;
  encrypted: boolean;
  startTime?: string;
}

// ---- what the service layer takes and answers ----

/** CopyImage's input, in this layer's words (the service maps it to the SDK's). */
export interface CopyImageRequest {
  sourceRegion: string;
  sourceImageId: string;
  name: string;
  description?: string;
  /** Encrypt the copy's snapshots; with kmsKeyId, with that key, else the region's default EBS key. */
  encrypted?: boolean;
  kmsKeyId?: string;
  copyTags: boolean;
}

export interface CreateImageRequest {
  instanceId: string;
  name: string;
  description?: string;
  noReboot: boolean;
  /** Put on the image and on its snapshots. */
  tags?: Record<string, string>;
}

/** A new image's id; `recovered` when EC2's answer was lost and the image was found by name. */
export interface CreatedImage {
  imageId: string;
  recovered?: boolean;
}

// ---- names, descriptions, keys ----

export const NAME_MIN = 3;
export const NAME_MAX = 128;
export const DESCRIPTION_MAX = 255;
/** EC2's characters for AMI names: letters, digits, ( ) [ ] space . / - ' @ _ */
const NAME_CHARS = /^[A-Za-z0-9()[\] ./\-'@_]*$/;

/** Why EC2 would refuse this AMI name, or undefined when it is fine. */
export function imageNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'An AMI needs a name.';
  if (name.length < NAME_MIN || name.length > NAME_MAX) return `AMI names are ${NAME_MIN} to ${NAME_MAX} characters long (this one has ${name.length}).`;
  if (!NAME_CHARS.test(name)) {
    const bad = [...new Set([...name].filter((c) => !NAME_CHARS.test(c)))].map((c) => (c.trim() === '' ? `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}` : c));
    return `AMI names may contain letters, digits, spaces and ( ) [ ] . / - ' @ _ only; not: ${bad.join(' ')}`;
  }
  return undefined;
}

/** Why EC2 would refuse this description, or undefined. */
export function descriptionProblem(description: string): string | undefined {
  return description.length > DESCRIPTION_MAX ? `Descriptions are at most ${DESCRIPTION_MAX} characters (this one has ${description.length}).` : undefined;
}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MULTI_REGION_KEY_ID = /^mrk-[0-9a-f]{32}$/;
const ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]{1,250})$/;

/** Why this is not a KMS key EC2 accepts (key id, alias/…, key or alias ARN), or undefined. */
export function kmsKeyProblem(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter a KMS key: its id, alias (alias/…) or ARN.';
  if (KEY_ID.test(v) || MULTI_REGION_KEY_ID.test(v) || ALIAS.test(v) || KEY_ARN.test(v)) return undefined;
  if (v.startsWith('arn:')) return 'Not a KMS key ARN: expected arn:aws:kms:REGION:ACCOUNT:key/ID or …:alias/NAME.';
  if (v.startsWith('alias/')) return 'An alias is alias/ followed by letters, digits, / _ or - .';
  return 'Not a KMS key: enter a key id (1234abcd-12ab-34cd-56ef-1234567890ab), an alias (alias/name) or an ARN.';
}

/** The region in a KMS key ARN, or undefined for ids and aliases (they are looked up in the target region). */
export function kmsKeyRegion(value: string): string | undefined {
  return /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(value.trim())?.[1];
}

// ---- copy ----

export type CopyEncryption = { kind: 'keep' } | { kind: 'default' } | { kind: 'kms'; keyId: string };

export interface CopyForm {
  sourceRegion: string;
  sourceImageId: string;
  targetRegion: string;
  name: string;
  description: string;
  encryption: CopyEncryption;
  copyTags: boolean;
}

/** The name a copy starts with: the source's (names are per region); in the same region " (copy)" is added. */
export function defaultCopyName(image: Pick<AmiImage, 'imageId' | 'name'>, sameRegion: boolean): string {
  const base = image.name?.trim() || image.imageId;
  if (!sameRegion) return base.slice(0, NAME_MAX);
  const suffix = ' (copy)';
  return `${base.slice(0, NAME_MAX - suffix.length)}${suffix}`;
}

/** The description the console gives a copy: "[Copied ami-… from us-east-1] name", cut to EC2's 255 characters. */
export function defaultCopyDescription(image: Pick<AmiImage, 'imageId' | 'name'>, sourceRegion: string): string {
  return `[Copied ${image.imageId} from ${sourceRegion}] ${image.name ?? ''}`.trimEnd().slice(0, DESCRIPTION_MAX);
}

/** Problems of a copy form, in form order; empty when it can be sent. */
export function copyFormProblems(form: CopyForm): string[] {
  const out: string[] = [];
  const name = imageNameProblem(form.name);
  if (name) out.push(name);
  const description = descriptionProblem(form.description);
  if (description) out.push(description);
  if (form.encryption.kind === 'kms') {
    const key = kmsKeyProblem(form.encryption.keyId);
    if (key) out.push(key);
    const keyRegion = kmsKeyRegion(form.encryption.keyId);
    if (!key && keyRegion && keyRegion !== form.targetRegion) out.push(`The KMS key is in ${keyRegion}; a copy into ${form.targetRegion} needs a key of ${form.targetRegion}.`);
  }
  return out;
}

/** One line for the encryption choice ("Encrypted with the default key (aws/ebs)"). */
export function encryptionText(encryption: CopyEncryption): string {
  switch (encryption.kind) {
    case 'keep':
      return 'Encryption as the source';
    case 'default':
      return 'Encrypted with the default EBS key (aws/ebs) of the target region';
    case 'kms':
      return `Encrypted with KMS key ${encryption.keyId.trim()}`;
  }
}

/** The CopyImage request of a valid form. */
export function toCopyRequest(form: CopyForm): CopyImageRequest {
  return {
    sourceRegion: form.sourceRegion,
    sourceImageId: form.sourceImageId,
    name: form.name,
    ...(form.description !== '' ? { description: form.description } : {}),
    ...(form.encryption.kind !== 'keep' ? { encrypted: true } : {}),
    ...(form.encryption.kind === 'kms' ? { kmsKeyId: form.encryption.keyId.trim() } : {}),
    copyTags: form.copyTags,
  };
}

/** Whether two copy forms ask for the same copy (then the same client token is sent again). */
export function sameCopyForm(a: CopyForm, b: CopyForm): boolean {
  const enc = (e: CopyEncryption): string => (e.kind === 'kms' ? `kms:${e.keyId.trim()}` : e.kind);
  return (
    a.sourceRegion === b.sourceRegion &&
    a.sourceImageId === b.sourceImageId &&
    a.targetRegion === b.targetRegion &&
    a.name === b.name &&
    a.description === b.description &&
    enc(a.encryption) === enc(b.encryption) &&
    a.copyTags === b.copyTags
  );
}

// ---- create from an instance ----

/** What the no-reboot choice warns about. */
export const NO_REBOOT_WARNING =
  'Without a reboot, EC2 takes the snapshots while the instance runs: writes in flight are not flushed, so the file systems in the image may be inconsistent.';
export const REBOOT_NOTE = 'EC2 shuts the instance down, takes the snapshots and starts it again: it is unavailable for a few minutes.';

/** Instances EC2 can image: running or stopped ones. */
export function imageableInstances(instances: readonly InstanceSummary[]): InstanceSummary[] {
  return instances.filter((i) => i.state === 'running' || i.state === 'stopped');
}

export interface CreateForm {
  region: string;
  instanceId: string;
  name: string;
  description: string;
  noReboot: boolean;
  /** Tags for the image and for its snapshots. */
  tags: Record<string, string>;
}

/** "key=value, key2=value2" → tags, or a problem. Empty text = no tags. */
export function parseTags(text: string): { tags: Record<string, string> } | { problem: string } {
  const tags: Record<string, string> = {};
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (key === '') return { problem: `"${part}" has no key: write key=value.` };
    if (key.length > 128) return { problem: `Tag keys are at most 128 characters: "${key.slice(0, 20)}…".` };
    if (value.length > 256) return { problem: `Tag values are at most 256 characters (key "${key}").` };
    if (key.toLowerCase().startsWith('aws:')) return { problem: `Tag keys starting with "aws:" are reserved for AWS ("${key}").` };
    if (Object.prototype.hasOwnProperty.call(tags, key)) return { problem: `The key "${key}" appears twice.` };
    tags[key] = value;
  }
  if (Object.keys(tags).length > 50) return { problem: 'At most 50 tags per resource.' };
  return { tags };
}

/** The name a new image from an instance starts with: "web-1 2026-12-06 2340" (the instance's Name tag or id, then UTC date and time). */
export function defaultCreateName(instance: Pick<InstanceSummary, 'instanceId' | 'name'>, now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace('T', ' ').replace(':', '');
  const base = (instance.name ?? '').replace(/[^A-Za-z0-9()[\] ./\-'@_]/g, '-').trim() || instance.instanceId;
  return `${base.slice(0, NAME_MAX - stamp.length - 1)} ${stamp}`;
}

export function createFormProblems(form: CreateForm): string[] {
  return [imageNameProblem(form.name), descriptionProblem(form.description)].filter((p): p is string => p !== undefined);
}

/** A picker line: "web-1 (i-…)" or the id alone. */
export function instanceLabel(i: InstanceSummary): string {
  return i.name ? `${i.name} (${i.instanceId})` : i.instanceId;
}

/** "running · t3.micro · Windows" */
export function instanceDetail(i: InstanceSummary): string {
  return [i.state, i.instanceType, i.platform === 'windows' ? 'Windows' : 'Linux/UNIX'].filter((p): p is string => !!p).join(' · ');
}

// ---- register from a snapshot ----

export const REGISTER_ARCHITECTURES = ['x86_64', 'arm64', 'i386'] as const;
export type RegisterArchitecture = (typeof REGISTER_ARCHITECTURES)[number];
export const BOOT_MODES = ['uefi-preferred', 'uefi', 'legacy-bios'] as const;
export type BootMode = (typeof BOOT_MODES)[number];

export interface ExtraVolume {
  snapshotId: string;
  deviceName: string;
}

export interface RegisterForm {
  region: string;
  name: string;
  description: string;
  rootSnapshotId: string;
  /** /dev/xvda by default. */
  rootDeviceName: string;
  architecture: RegisterArchitecture;
  /** undefined: EC2's default for the architecture. */
  bootMode?: BootMode;
  enaSupport: boolean;
  extraVolumes: readonly ExtraVolume[];
}

/** The RegisterImage input (SDK field names; plain data, so this stays pure). */
export interface RegisterRequest {
  Name: string;
  Description?: string;
  Architecture: RegisterArchitecture;
  VirtualizationType: 'hvm';
  RootDeviceName: string;
  BootMode?: BootMode;
  EnaSupport: boolean;
  BlockDeviceMappings: { DeviceName: string; Ebs: { SnapshotId: string; DeleteOnTermination: boolean; VolumeType: string } }[];
}

export const DEFAULT_ROOT_DEVICE = '/dev/xvda';
const DEVICE_NAME = /^\/dev\/(?:sd[a-z]\d{0,2}|xvd[a-z]{1,2}\d{0,2}|nvme\d+n\d+)$/;

/** The next free device name for an extra volume: /dev/sdb, /dev/sdc, … */
export function nextDeviceName(used: readonly string[]): string {
  for (let c = 'b'.charCodeAt(0); c <= 'z'.charCodeAt(0); c++) {
    const letter = String.fromCharCode(c);
    const candidates = [`/dev/sd${letter}`, `/dev/xvd${letter}`];
    if (!used.some((u) => candidates.includes(u))) return `/dev/sd${letter}`;
  }
  return '/dev/sdz';
}

/** The boot modes an architecture can use (arm64: UEFI only). */
export function bootModesFor(architecture: RegisterArchitecture): BootMode[] {
  return architecture === 'arm64' ? ['uefi'] : [...BOOT_MODES];
}

export function registerFormProblems(form: RegisterForm): string[] {
  const out: string[] = [];
  const name = imageNameProblem(form.name);
  if (name) out.push(name);
  const description = descriptionProblem(form.description);
  if (description) out.push(description);
  if (!/^snap-[0-9a-f]{8,17}$/.test(form.rootSnapshotId)) out.push('Choose the snapshot of the root volume.');
  if (!DEVICE_NAME.test(form.rootDeviceName)) out.push(`"${form.rootDeviceName}" is not a device name such as /dev/xvda or /dev/sda1.`);
  if (form.bootMode && !bootModesFor(form.architecture).includes(form.bootMode)) out.push(`${form.architecture} images boot with ${bootModesFor(form.architecture).join(' or ')} only.`);
  const devices = [form.rootDeviceName, ...form.extraVolumes.map((v) => v.deviceName)];
  const dup = devices.find((d, i) => devices.indexOf(d) !== i);
  if (dup) out.push(`The device ${dup} is used twice.`);
  for (const v of form.extraVolumes) if (!DEVICE_NAME.test(v.deviceName)) out.push(`"${v.deviceName}" is not a device name such as /dev/sdb.`);
  const snapshots = [form.rootSnapshotId, ...form.extraVolumes.map((v) => v.snapshotId)];
  const dupSnap = snapshots.find((s, i) => snapshots.indexOf(s) !== i);
  if (dupSnap) out.push(`The snapshot ${dupSnap} is used for two volumes.`);
  return out;
}

/**
 * The RegisterImage request for a valid form: always an Architecture and VirtualizationType hvm
 * (left out, EC2 registers i386 and paravirtual), the root volume first, then the extra ones.
 */
export function buildRegisterRequest(form: RegisterForm): { ok: true; request: RegisterRequest } | { ok: false; problems: string[] } {
  const problems = registerFormProblems(form);
  if (problems.length > 0) return { ok: false, problems };
  const volume = (snapshotId: string, deviceName: string): RegisterRequest['BlockDeviceMappings'][number] => ({ DeviceName: deviceName, Ebs: { SnapshotId: snapshotId, DeleteOnTermination: true, VolumeType: 'gp3' } });
  return {
    ok: true,
    request: {
      Name: form.name,
      ...(form.description !== '' ? { Description: form.description } : {}),
      Architecture: form.architecture,
      VirtualizationType: 'hvm',
      RootDeviceName: form.rootDeviceName,
      ...(form.bootMode ? { BootMode: form.bootMode } : {}),
      EnaSupport: form.enaSupport,
      BlockDeviceMappings: [volume(form.rootSnapshotId, form.rootDeviceName), ...form.extraVolumes.map((v) => volume(v.snapshotId, v.deviceName))],
    },
  };
}

/** A picker line for a snapshot: "build-host-root (snap-…)". */
export function snapshotLabel(s: SnapshotSummary): string {
  return s.name ? `${s.name} (${s.snapshotId})` : s.snapshotId;
}

/** "8 GiB · encrypted · Root volume of …" */
export function snapshotDetail(s: SnapshotSummary): string {
  return [`${s.volumeSize} GiB`, s.encrypted ? 'encrypted' : undefined, s.description].filter((p): p is string => !!p).join(' · ');
}

// ---- progress and results ----

export type CreationKind = 'copy' | 'create' | 'register';

const VERB: Record<CreationKind, { doing: string; done: string; noun: string }> = {
  copy: { doing: 'Copying', done: 'copied', noun: 'copy' },
  create: { doing: 'Creating', done: 'created', noun: 'creation' },
  register: { doing: 'Registering', done: 'registered', noun: 'registration' },
};

/** "Copying ami-… to eu-west-1 as "name"…" and friends: the progress notification's title. */
export function creationProgressTitle(kind: CreationKind, what: { name: string; region: string; sourceImageId?: string; instanceId?: string; snapshotId?: string }): string {
  switch (kind) {
    case 'copy':
      return `Copying ${what.sourceImageId ?? 'the image'} to ${what.region} as "${what.name}"…`;
    case 'create':
      return `Creating "${what.name}" from ${what.instanceId ?? 'the instance'} in ${what.region}…`;
    case 'register':
      return `Registering "${what.name}" from ${what.snapshotId ?? 'the snapshot'} in ${what.region}…`;
  }
}

/** "ami-… is pending; waiting until it is available…" */
export function waitingText(imageId: string): string {
  return `${imageId} is pending; waiting until it is available…`;
}

/** The result when the new image is available. */
export function creationDoneText(kind: CreationKind, imageId: string, name: string, region: string): string {
  return `${imageId} ("${name}") was ${VERB[kind].done} in ${region} and is available.`;
}

/** What cancelling the wait says: the work goes on in AWS. */
export function stoppedWaitingText(kind: CreationKind, imageId: string, region: string): string {
  return `Stopped waiting for ${imageId} in ${region}. The ${VERB[kind].noun} continues in AWS; the image appears as available in the tree when you refresh ${region}.`;
}

/** A recovered creation: the answer was lost but the image was found. */
export function recoveredText(imageId: string): string {
  return `The answer from EC2 was lost, but ${imageId} was found: it was made once.`;
}
