/**
 * Launching instances from an AMI, the pure part: which instance types can run the image, the
 * launch form and its validation, the RunInstances request built from it, where a dry-run error
 * belongs on the form, and the texts shown afterwards (SSH command, console links).
 * Pure: imports neither `vscode` nor the SDK at runtime (SDK types only, erased at build).
 *
 * CONTRACT (issue #9): the shapes below are shared by the service layer, the data layer, the
 * launch panel and Quick Launch.
 */
import type { BlockDeviceMapping, EbsBlockDevice, RunInstancesCommandInput, Tag, VolumeType } from '@aws-sdk/client-ec2';
import { consoleHost } from './format';
import type { AmiImage } from './image';

/** What the launch form needs of an image (AmiImage satisfies it). */
export type LaunchImage = Pick<
  AmiImage,
  'imageId' | 'region' | 'name' | 'architecture' | 'bootMode' | 'virtualizationType' | 'enaSupport' | 'platform' | 'platformDetails' | 'rootDeviceName' | 'blockDeviceMappings' | 'productCodes' | 'ownerAlias' | 'description'
>;

/** One row of DescribeInstanceTypes, narrowed to what the form shows and the checks need. */
export interface InstanceTypeInfo {
  instanceType: string;
  /** ProcessorInfo.SupportedArchitectures: i386 | x86_64 | arm64 | x86_64_mac | arm64_mac. */
  architectures: string[];
  /** SupportedBootModes: legacy-bios | uefi. Empty when EC2 did not say. */
  bootModes: string[];
  /** SupportedVirtualizationTypes: hvm | paravirtual. */
  virtualizationTypes: string[];
  /** NetworkInfo.EnaSupport: unsupported | supported | required. */
  enaSupport?: string;
  vCpus?: number;
  memoryMiB?: number;
  currentGeneration: boolean;
  freeTierEligible: boolean;
}

/** Whether a type can run an image; `reason` says why not, in one sentence. */
export type Compatibility = { ok: true } | { ok: false; reason: string };

export interface KeyPairInfo {
  keyName: string;
  keyPairId?: string;
  /** rsa | ed25519 */
  keyType?: string;
  createTime?: string;
}

/** CreateKeyPair's answer. `keyMaterial` is the private key: written to the user's file only. */
export interface CreatedKeyPair {
  keyName: string;
  keyPairId?: string;
  keyType: 'rsa' | 'ed25519';
  keyMaterial: string;
}

export interface VpcInfo {
  vpcId: string;
  cidrBlock?: string;
  isDefault: boolean;
  /** The Name tag. */
  name?: string;
}

export interface SubnetInfo {
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  availableIpAddressCount?: number;
  defaultForAz: boolean;
  mapPublicIpOnLaunch?: boolean;
  cidrBlock?: string;
  name?: string;
}

export interface SecurityGroupInfo {
  groupId: string;
  groupName: string;
  vpcId?: string;
  description?: string;
}

/** One instance as the results show it (DescribeInstances / RunInstances, narrowed). */
export interface InstanceInfo {
  instanceId: string;
  /** pending | running | shutting-down | terminated | stopping | stopped */
  state: string;
  instanceType?: string;
  availabilityZone?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  publicDnsName?: string;
  launchTime?: string;
  keyName?: string;
}

/** RunInstances' answer. */
export interface LaunchedReservation {
  reservationId: string;
  instances: InstanceInfo[];
  /** Set by the service layer when RunInstances' answer was lost and the reservation was found by its ClientToken. */
  recovered?: true;
}

export interface LaunchTag {
  key: string;
  value: string;
}

/** One volume row of the form: an AMI volume (with its snapshot) or the one added empty volume. */
export interface VolumeChoice {
  deviceName: string;
  /** The AMI's snapshot behind this volume; absent for the added empty volume. */
  snapshotId?: string;
  /** The size the AMI's mapping gives (the snapshot's size): the volume may not be smaller. */
  minSizeGiB?: number;
  sizeGiB: number;
  /** gp3 | gp2 | io1 | io2 | st1 | sc1 | standard */
  volumeType: string;
  /** Only where the type takes it (gp3, io1, io2). */
  iops?: number;
  /** MiB/s, gp3 only. */
  throughput?: number;
  encrypted: boolean;
  deleteOnTermination: boolean;
  /** True for the one extra empty volume the form may add. */
  added?: boolean;
}

/** subnetDefault: send nothing, the subnet's own setting applies. */
export type PublicIpChoice = 'subnetDefault' | 'enable' | 'disable';

/** Everything the person chose, as the panel and Quick Launch send it. Never holds secrets. */
export interface LaunchForm {
  instanceType: string;
  count: number;
  /** The Name tag of the instances (and volumes); empty = no Name tag. */
  name: string;
  /** Extra tags, applied to instances and volumes. */
  tags: LaunchTag[];
  /** undefined = launch without a key pair. */
  keyName?: string;
  vpcId?: string;
  /** undefined = EC2 picks (the default VPC's default subnet). */
  subnetId?: string;
  securityGroupIds: string[];
  publicIp: PublicIpChoice;
  volumes: VolumeChoice[];
  /** HttpTokens=required. On by default. */
  imdsV2Required: boolean;
  /** IAM instance profile name; empty/undefined = none. */
  iamInstanceProfile?: string;
  /** Raw user data text (not base64); the request encodes it. */
  userData?: string;
}

/** The form's fields, as problems and dry-run errors name them. */
export type LaunchField =
  | 'image'
  | 'instanceType'
  | 'count'
  | 'name'
  | 'tags'
  | 'keyName'
  | 'vpc'
  | 'subnet'
  | 'securityGroups'
  | 'publicIp'
  | 'volumes'
  | 'imds'
  | 'iamInstanceProfile'
  | 'userData';

export interface FieldProblem {
  field: LaunchField;
  message: string;
  /** Row of `tags` or `volumes` the problem is about. */
  index?: number;
}

/** The choices remembered per profile and region (never secrets, never user data). */
export interface LaunchDefaults {
  instanceType?: string;
  keyName?: string;
  vpcId?: string;
  subnetId?: string;
  securityGroupIds?: string[];
  publicIp?: PublicIpChoice;
  imdsV2Required?: boolean;
  iamInstanceProfile?: string;
}

/** RunInstances' input without DryRun and ClientToken: the service layer adds those. */
export type LaunchRequest = Omit<RunInstancesCommandInput, 'DryRun' | 'ClientToken'>;

/** EC2's limit on user data: 16 KB of raw bytes, before base64. */
export const USER_DATA_MAX_BYTES = 16 * 1024;
/** The most instances one launch from the form may ask for. */
export const LAUNCH_COUNT_MAX = 20;


// ---------------------------------------------------------------------------------------------
// Instance types
// ---------------------------------------------------------------------------------------------

/** How the person sees a boot mode in a sentence. */
const BOOT_MODE_TEXT: Record<string, string> = { uefi: 'UEFI', 'legacy-bios': 'legacy BIOS' };

function bootModeText(mode: string): string {
  return BOOT_MODE_TEXT[mode] ?? mode;
}

/**
 * The boot mode an image without a boot mode parameter gets: the instance type's default, which
 * is UEFI on Graviton (arm64) types and legacy BIOS on Intel and AMD (x86) types (EC2 User Guide,
 * "Instance launch behavior with Amazon EC2 boot modes" / "Determine the boot mode of an EC2
 * instance").
 */
export function defaultBootMode(architecture: string | undefined): 'uefi' | 'legacy-bios' {
  return architecture === 'arm64' || architecture === 'arm64_mac' ? 'uefi' : 'legacy-bios';
}

/**
 * The boot modes a type must support to run the image: `uefi` and `legacy-bios` need exactly that
 * one, `uefi-preferred` boots UEFI where the type has it and legacy BIOS elsewhere (either will
 * do), no boot mode takes the type's default (defaultBootMode).
 */
function bootModesAccepted(image: LaunchImage): string[] {
  switch (image.bootMode) {
    case 'uefi':
      return ['uefi'];
    case 'legacy-bios':
      return ['legacy-bios'];
    case 'uefi-preferred':
      return ['uefi', 'legacy-bios'];
    case undefined:
    case '':
      return [defaultBootMode(image.architecture)];
    default:
      return [image.bootMode];
  }
}

/** Whether `type` can run `image`: architecture, boot mode (see defaultBootMode), virtualization, ENA. */
export function typeCompatibility(image: LaunchImage, type: InstanceTypeInfo): Compatibility {
  const name = type.instanceType;
  const arch = image.architecture;
  if (arch && !type.architectures.includes(arch)) {
    const runs = type.architectures.length ? type.architectures.join(' or ') : 'of no known architecture';
    return { ok: false, reason: `${name} is ${runs}; this image is ${arch}.` };
  }
  if (type.bootModes.length) {
    const accepted = bootModesAccepted(image);
    if (!accepted.some((m) => type.bootModes.includes(m))) {
      const boots = `${name} boots ${type.bootModes.map(bootModeText).join(' or ')} only`;
      const needs = image.bootMode
        ? `this image needs ${accepted.map(bootModeText).join(' or ')}`
        : `this ${arch ? `${arch} ` : ''}image sets no boot mode, so it needs ${bootModeText(accepted[0])}`;
      return { ok: false, reason: `${boots}; ${needs}.` };
    }
  }
  const virtualization = image.virtualizationType || 'hvm';
  if (type.virtualizationTypes.length && !type.virtualizationTypes.includes(virtualization)) {
    return { ok: false, reason: `${name} supports ${type.virtualizationTypes.join(' or ')} virtualization only; this image is ${virtualization}.` };
  }
  if (type.enaSupport === 'required' && image.enaSupport !== true) {
    return { ok: false, reason: `${name} requires ENA (enhanced networking); this image does not have ENA enabled.` };
  }
  return { ok: true };
}

/** Sizes within a family, smallest first; NNxlarge follow xlarge by N; metal last. */
const NAMED_SIZES = ['nano', 'micro', 'small', 'medium', 'large'];

function sizeRank(size: string): number {
  const named = NAMED_SIZES.indexOf(size);
  if (named >= 0) return named;
  const x = /^(\d*)xlarge$/.exec(size);
  if (x) return NAMED_SIZES.length + (x[1] ? Number(x[1]) : 1);
  const metal = /^metal(?:-(\d+)xl)?$/.exec(size);
  if (metal) return 100_000 + (metal[1] ? Number(metal[1]) : 0);
  return 1_000_000;
}

/**
 * Orders instance type names naturally: by family, then by size within it (t3.micro < t3.small <
 * t3.medium < t3.large < t3.xlarge < t3.2xlarge), not alphabetically.
 */
export function compareTypeNames(a: string, b: string): number {
  const [fa, sa = ''] = a.split(/\.(.*)/s);
  const [fb, sb = ''] = b.split(/\.(.*)/s);
  if (fa !== fb) return fa.localeCompare(fb, 'en', { numeric: true });
  return sizeRank(sa) - sizeRank(sb) || sa.localeCompare(sb, 'en', { numeric: true });
}

function compareOptional(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

/** Picker order: current generation first, then by vCPUs, memory, and name (natural size order). */
export function compareTypes(a: InstanceTypeInfo, b: InstanceTypeInfo): number {
  return (
    Number(b.currentGeneration) - Number(a.currentGeneration) ||
    compareOptional(a.vCpus, b.vCpus) ||
    compareOptional(a.memoryMiB, b.memoryMiB) ||
    compareTypeNames(a.instanceType, b.instanceType)
  );
}

/** The types that can run the image, in the order the picker shows them. */
export function compatibleTypes(image: LaunchImage, types: readonly InstanceTypeInfo[]): InstanceTypeInfo[] {
  return types.filter((t) => typeCompatibility(image, t).ok).sort(compareTypes);
}

/** MiB as GiB for people: 1024 → "1 GiB", 512 → "0.5 GiB", 3840 → "3.75 GiB". */
function gibText(mib: number): string {
  return `${Number((mib / 1024).toFixed(2))} GiB`;
}

/** One line for a type in pickers: "t3.micro · 2 vCPU · 1 GiB · free tier". */
export function typeLabel(type: InstanceTypeInfo): string {
  const parts = [type.instanceType];
  if (type.vCpus !== undefined) parts.push(`${type.vCpus} vCPU`);
  if (type.memoryMiB !== undefined) parts.push(gibText(type.memoryMiB));
  if (type.freeTierEligible) parts.push('free tier');
  if (!type.currentGeneration) parts.push('previous generation');
  return parts.join(' · ');
}

/**
 * The default instance type rule, the one place it lives: a small, cheap type that can boot the
 * architecture (snippets, and a new form when nothing is remembered).
 */
export function defaultInstanceType(architecture?: string): string {
  switch (architecture) {
    case 'arm64':
      return 't4g.micro';
    case 'arm64_mac':
      return 'mac2.metal';
    case 'x86_64_mac':
      return 'mac1.metal';
    case 'i386':
      return 't2.micro';
    default:
      return 't3.micro';
  }
}

/**
 * The same rule over the types a region offers for an image: the architecture's default type
 * when it is among them, else the first free-tier current-generation type, else the first
 * free-tier one, else the first; undefined when none is offered.
 */
export function defaultInstanceTypeOf(offered: readonly InstanceTypeInfo[], architecture?: string): string | undefined {
  const preferred = architecture === undefined ? undefined : defaultInstanceType(architecture);
  const pick = offered.find((t) => t.instanceType === preferred) ?? offered.find((t) => t.freeTierEligible && t.currentGeneration) ?? offered.find((t) => t.freeTierEligible) ?? offered[0];
  return pick?.instanceType;
}

// ---------------------------------------------------------------------------------------------
// Volumes
// ---------------------------------------------------------------------------------------------

/** The EBS volume types EC2 takes in a block device mapping. */
export const VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;

export interface VolumeLimits {
  /** Size in GiB. */
  minSize: number;
  maxSize: number;
  /** IOPS range; absent: the type takes no IOPS setting. */
  iops?: { min: number; max: number; required: boolean; maxPerGiB: number };
  /** Throughput range in MiB/s (gp3 only); `maxPerIops` bounds it by the volume's IOPS. */
  throughput?: { min: number; max: number; maxPerIops: number };
  /** Whether the type may be a boot (root) volume. */
  bootable: boolean;
}

/**
 * Per volume type. Sizes: EC2 API Reference, ModifyVolume `Size` and
 * LaunchTemplateEbsBlockDeviceRequest `VolumeSize` (gp2 1–16,384; gp3 1–65,536; io1 4–16,384;
 * io2 4–65,536; st1/sc1 125–16,384; standard 1–1,024). IOPS: EC2 API Reference,
 * LaunchTemplateEbsBlockDeviceRequest `Iops` (gp3 3,000–80,000 — raised from 16,000 —; io1
 * 100–64,000; io2 100–256,000; required for io1 and io2; not for gp2, st1, sc1, standard).
 * Throughput: ModifyVolume `Throughput` (gp3 only, 125–2,000 MiB/s, raised from 1,000). Ratios:
 * EBS User Guide, volume types (gp3 500 IOPS per GiB and 0.25 MiB/s per IOPS; io1 50 IOPS per
 * GiB; io2 1,000 IOPS per GiB); st1 and sc1 cannot be boot volumes.
 */
export const VOLUME_LIMITS: Readonly<Record<(typeof VOLUME_TYPES)[number], VolumeLimits>> = {
  gp3: {
    minSize: 1,
    maxSize: 65_536,
    iops: { min: 3_000, max: 80_000, required: false, maxPerGiB: 500 },
    throughput: { min: 125, max: 2_000, maxPerIops: 0.25 },
    bootable: true,
  },
  gp2: { minSize: 1, maxSize: 16_384, bootable: true },
  io1: { minSize: 4, maxSize: 16_384, iops: { min: 100, max: 64_000, required: true, maxPerGiB: 50 }, bootable: true },
  io2: { minSize: 4, maxSize: 65_536, iops: { min: 100, max: 256_000, required: true, maxPerGiB: 1_000 }, bootable: true },
  st1: { minSize: 125, maxSize: 16_384, bootable: false },
  sc1: { minSize: 125, maxSize: 16_384, bootable: false },
  standard: { minSize: 1, maxSize: 1_024, bootable: true },
};

/** gp3's IOPS when none is set (EC2 API Reference, EbsBlockDevice `Iops`: "The default for gp3 volumes is 3,000 IOPS"). */
export const GP3_DEFAULT_IOPS = 3_000;

function limitsOf(volumeType: string): VolumeLimits | undefined {
  return Object.prototype.hasOwnProperty.call(VOLUME_LIMITS, volumeType) ? VOLUME_LIMITS[volumeType as keyof typeof VOLUME_LIMITS] : undefined;
}

/** Whether a volume type takes an IOPS setting (gp3, io1, io2). */
export function takesIops(volumeType: string): boolean {
  return limitsOf(volumeType)?.iops !== undefined;
}

/** Whether a volume type takes a throughput setting (gp3). */
export function takesThroughput(volumeType: string): boolean {
  return limitsOf(volumeType)?.throughput !== undefined;
}

/** The form's volume rows from the image's EBS mappings (sizes from the snapshots). */
export function initialVolumes(image: LaunchImage): VolumeChoice[] {
  const rows: VolumeChoice[] = [];
  for (const mapping of (image.blockDeviceMappings ?? [])) {
    if (mapping.kind !== 'ebs' || !mapping.ebs) continue;
    const ebs = mapping.ebs;
    const volumeType = ebs.volumeType || 'gp3';
    const row: VolumeChoice = {
      deviceName: mapping.deviceName,
      sizeGiB: ebs.volumeSize ?? 8,
      volumeType,
      encrypted: ebs.encrypted === true,
      deleteOnTermination: ebs.deleteOnTermination ?? true,
    };
    if (ebs.snapshotId) row.snapshotId = ebs.snapshotId;
    if (ebs.volumeSize !== undefined) row.minSizeGiB = ebs.volumeSize;
    if (takesIops(volumeType) && ebs.iops !== undefined) row.iops = ebs.iops;
    if (takesThroughput(volumeType) && ebs.throughput !== undefined) row.throughput = ebs.throughput;
    rows.push(row);
  }
  return rows;
}

/** Device names offered for the added volume: /dev/sdf to /dev/sdp (EC2 User Guide, device names: the recommended range for EBS volumes). */
export const ADDED_DEVICE_NAMES: readonly string[] = 'fghijklmnop'.split('').map((c) => `/dev/sd${c}`);

/** The letter part of a device name, so /dev/sdf and xvdf count as the same device. */
function deviceKey(deviceName: string): string {
  return deviceName.trim().replace(/^\/dev\//, '').replace(/^(?:xv|s)d/, 'sd');
}

/** The first device name neither the image nor the form's rows use; undefined when all are taken. */
export function freeDeviceName(image: LaunchImage, volumes: readonly VolumeChoice[]): string | undefined {
  const used = new Set([...(image.blockDeviceMappings ?? []).map((m) => deviceKey(m.deviceName)), ...volumes.map((v) => deviceKey(v.deviceName))]);
  return ADDED_DEVICE_NAMES.find((d) => !used.has(deviceKey(d)));
}

/** A new empty volume row for the form (gp3, 8 GiB, deleted with the instance), on a free device; undefined when none is free. */
export function addedVolume(image: LaunchImage, volumes: readonly VolumeChoice[]): VolumeChoice | undefined {
  const deviceName = freeDeviceName(image, volumes);
  if (!deviceName) return undefined;
  return { deviceName, sizeGiB: 8, volumeType: 'gp3', encrypted: false, deleteOnTermination: true, added: true };
}

// ---------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------

/** A new form for the image, with remembered choices applied where given. */
export function defaultForm(image: LaunchImage, remembered?: LaunchDefaults): LaunchForm {
  const form: LaunchForm = {
    instanceType: remembered?.instanceType || defaultInstanceType(image.architecture),
    count: 1,
    name: '',
    tags: [],
    securityGroupIds: [...(remembered?.securityGroupIds ?? [])],
    publicIp: remembered?.publicIp ?? 'subnetDefault',
    volumes: initialVolumes(image),
    imdsV2Required: remembered?.imdsV2Required ?? true,
  };
  if (remembered?.keyName) form.keyName = remembered.keyName;
  if (remembered?.vpcId) form.vpcId = remembered.vpcId;
  if (remembered?.subnetId) form.subnetId = remembered.subnetId;
  if (remembered?.iamInstanceProfile) form.iamInstanceProfile = remembered.iamInstanceProfile;
  return form;
}

/**
 * Tag limits (EC2 User Guide, "Tag restrictions"): at most 50 tags per resource; keys up to 128
 * and values up to 256 Unicode characters; keys are case-sensitive and unique per resource; the
 * `aws:` prefix (any case) is reserved for AWS.
 */
export const TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;

/** IAM's pattern for an instance profile name (IAM API Reference, CreateInstanceProfile `InstanceProfileName`: [\w+=,.@-]+, 1–128). */
export const INSTANCE_PROFILE_NAME_RE = /^[\w+=,.@-]{1,128}$/;

/** Length in Unicode characters (code points), as the tag limits count. */
function charCount(text: string): number {
  return [...text].length;
}

/** "16 KB (16,384 bytes)"-style size text. */
function bytesText(bytes: number): string {
  const kb = bytes / 1024;
  const kbText = Number.isInteger(kb) ? `${kb}` : kb.toFixed(1);
  return `${kbText} KB (${bytes.toLocaleString('en-US')} bytes)`;
}

/**
 * Why user data of `bytes` raw bytes is refused (undefined when it fits): one text for the form
 * and for a file. `subject` names what holds it ("User data", a file name).
 */
export function userDataSizeProblem(bytes: number, subject = 'User data'): string | undefined {
  if (bytes <= USER_DATA_MAX_BYTES) return undefined;
  return `${subject} is ${bytesText(bytes)}; EC2 takes at most ${bytesText(USER_DATA_MAX_BYTES)} of user data before base64.`;
}

/** UTF-8 byte length of user data text. */
export function userDataBytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** What validation may be given besides the form: the region's types and the VPC's subnets and groups, when loaded. */
export interface LaunchContext {
  /** The region's instance types (all of them, or the compatible ones). */
  types?: readonly InstanceTypeInfo[];
  /** Known subnets: a chosen subnet outside the chosen VPC is refused. */
  subnets?: readonly SubnetInfo[];
  /** Known security groups: a chosen group outside the chosen VPC is refused. */
  securityGroups?: readonly SecurityGroupInfo[];
  /** The region's VPCs: a chosen VPC that is not the default one needs a subnet. */
  vpcs?: readonly VpcInfo[];
}

function checkInstanceType(image: LaunchImage, form: LaunchForm, context: LaunchContext | undefined, out: FieldProblem[]): void {
  const name = form.instanceType.trim();
  if (!name) {
    out.push({ field: 'instanceType', message: 'Choose an instance type.' });
    return;
  }
  if (!context?.types) return;
  const type = context.types.find((t) => t.instanceType === name);
  if (!type) {
    out.push({ field: 'instanceType', message: `${name} is not an instance type this region offers.` });
    return;
  }
  const compatibility = typeCompatibility(image, type);
  if (!compatibility.ok) out.push({ field: 'instanceType', message: compatibility.reason });
}

function checkTags(form: LaunchForm, out: FieldProblem[]): void {
  const name = form.name.trim() ? form.name : '';
  if (charCount(name) > TAG_LIMITS.maxValueLength) {
    out.push({ field: 'name', message: `The name is ${charCount(name)} characters; a tag value may have at most ${TAG_LIMITS.maxValueLength}.` });
  }
  const seen = new Map<string, number>();
  form.tags.forEach((tag, index) => {
    const key = tag.key;
    if (!key.trim()) {
      out.push({ field: 'tags', index, message: 'Enter a tag key.' });
    } else if (charCount(key) > TAG_LIMITS.maxKeyLength) {
      out.push({ field: 'tags', index, message: `The key is ${charCount(key)} characters; a tag key may have at most ${TAG_LIMITS.maxKeyLength}.` });
    } else if (/^aws:/i.test(key)) {
      out.push({ field: 'tags', index, message: 'Tag keys starting with "aws:" are reserved for AWS.' });
    } else if (key === 'Name' && name) {
      out.push({ field: 'tags', index, message: 'The Name tag is set by the Name field; remove this one or clear the field.' });
    } else if (seen.has(key)) {
      out.push({ field: 'tags', index, message: `The key "${key}" is already used in row ${(seen.get(key) ?? 0) + 1}.` });
    }
    if (!seen.has(key)) seen.set(key, index);
    if (charCount(tag.value) > TAG_LIMITS.maxValueLength) {
      out.push({ field: 'tags', index, message: `The value is ${charCount(tag.value)} characters; a tag value may have at most ${TAG_LIMITS.maxValueLength}.` });
    }
  });
  const total = form.tags.length + (name ? 1 : 0);
  if (total > TAG_LIMITS.maxTags) {
    out.push({ field: 'tags', message: `That is ${total} tags with the Name; EC2 takes at most ${TAG_LIMITS.maxTags} per resource.` });
  }
}

/** The network part of validateLaunchForm: VPC, subnet, security groups and the public IP choice. */
export function networkProblems(form: LaunchForm, context?: LaunchContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  checkNetwork(form, context, out);
  return out;
}

function checkNetwork(form: LaunchForm, context: LaunchContext | undefined, out: FieldProblem[]): void {
  // Without a subnet EC2 launches into the default VPC, whatever VPC the form shows: so only the
  // default VPC (or none chosen) may leave the subnet to EC2.
  if (form.vpcId && !form.subnetId && context?.vpcs && !context.vpcs.some((v) => v.vpcId === form.vpcId && v.isDefault)) {
    out.push({ field: 'subnet', message: `Choose a subnet of ${form.vpcId}: without one, EC2 launches into the default VPC instead.` });
  }
  const subnet = form.subnetId ? context?.subnets?.find((s) => s.subnetId === form.subnetId) : undefined;
  if (subnet && form.vpcId && subnet.vpcId !== form.vpcId) {
    out.push({ field: 'subnet', message: `Subnet ${subnet.subnetId} is in ${subnet.vpcId}, not in the chosen VPC ${form.vpcId}.` });
  }
  if (form.securityGroupIds.length) {
    const vpcId = form.vpcId || subnet?.vpcId;
    if (!vpcId && !form.subnetId) {
      out.push({ field: 'securityGroups', message: 'Choose a VPC or subnet before choosing security groups (no groups: the VPC’s default group).' });
    } else if (vpcId && context?.securityGroups) {
      const foreign = form.securityGroupIds.filter((id) => {
        const group = context.securityGroups?.find((g) => g.groupId === id);
        return group?.vpcId !== undefined && group.vpcId !== vpcId;
      });
      if (foreign.length) out.push({ field: 'securityGroups', message: `${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not in ${vpcId}.` });
    }
  }
  if (form.publicIp !== 'subnetDefault' && !form.subnetId) {
    out.push({ field: 'publicIp', message: `Choose a subnet to turn the public IP address ${form.publicIp === 'enable' ? 'on' : 'off'} (EC2 takes that choice only together with a subnet).` });
  }
}

function checkVolume(image: LaunchImage, volume: VolumeChoice, index: number, out: FieldProblem[]): void {
  const problem = (message: string): void => {
    out.push({ field: 'volumes', index, message });
  };
  const device = volume.deviceName;
  const limits = limitsOf(volume.volumeType);
  if (!limits) {
    problem(`${device}: "${volume.volumeType}" is not an EBS volume type (${VOLUME_TYPES.join(', ')}).`);
    return;
  }
  const mapping = (image.blockDeviceMappings ?? []).find((m) => m.kind === 'ebs' && m.deviceName === device);
  const snapshotSize = Math.max(volume.minSizeGiB ?? 0, mapping?.ebs?.volumeSize ?? 0);
  const size = volume.sizeGiB;
  if (!Number.isInteger(size)) {
    problem(`${device}: the size must be a whole number of GiB.`);
  } else if (snapshotSize && size < snapshotSize) {
    problem(`${device}: ${size} GiB is smaller than the image's snapshot (${snapshotSize} GiB).`);
  } else if (size < limits.minSize || size > limits.maxSize) {
    problem(`${device}: ${volume.volumeType} volumes are ${limits.minSize.toLocaleString('en-US')}–${limits.maxSize.toLocaleString('en-US')} GiB.`);
  }
  if (!limits.bootable && image.rootDeviceName && device === image.rootDeviceName) {
    problem(`${device}: ${volume.volumeType} volumes cannot be the boot volume.`);
  }
  if (limits.iops) {
    const iops = volume.iops;
    if (iops === undefined) {
      if (limits.iops.required) problem(`${device}: ${volume.volumeType} volumes need an IOPS value (${limits.iops.min.toLocaleString('en-US')}–${limits.iops.max.toLocaleString('en-US')}).`);
    } else if (!Number.isInteger(iops) || iops < limits.iops.min || iops > limits.iops.max) {
      problem(`${device}: ${volume.volumeType} IOPS must be a whole number from ${limits.iops.min.toLocaleString('en-US')} to ${limits.iops.max.toLocaleString('en-US')}.`);
    } else if (Number.isInteger(size) && size > 0 && iops > size * limits.iops.maxPerGiB && iops > limits.iops.min) {
      problem(`${device}: ${iops.toLocaleString('en-US')} IOPS is more than ${limits.iops.maxPerGiB.toLocaleString('en-US')} per GiB of a ${size} GiB ${volume.volumeType} volume allows.`);
    }
  } else if (volume.iops !== undefined) {
    problem(`${device}: ${volume.volumeType} volumes take no IOPS setting.`);
  }
  if (limits.throughput) {
    const throughput = volume.throughput;
    if (throughput !== undefined) {
      const iops = volume.iops ?? GP3_DEFAULT_IOPS;
      if (!Number.isInteger(throughput) || throughput < limits.throughput.min || throughput > limits.throughput.max) {
        problem(`${device}: ${volume.volumeType} throughput must be a whole number from ${limits.throughput.min} to ${limits.throughput.max.toLocaleString('en-US')} MiB/s.`);
      } else if (throughput > limits.throughput.min && throughput > iops * limits.throughput.maxPerIops) {
        problem(`${device}: ${throughput} MiB/s needs at least ${Math.ceil(throughput / limits.throughput.maxPerIops).toLocaleString('en-US')} IOPS (${limits.throughput.maxPerIops} MiB/s per IOPS).`);
      }
    }
  } else if (volume.throughput !== undefined) {
    problem(`${device}: ${volume.volumeType} volumes take no throughput setting.`);
  }
  if (mapping?.ebs?.encrypted === true && !volume.encrypted) {
    problem(`${device}: the image's snapshot is encrypted, so this volume is encrypted too.`);
  }
}

function checkVolumes(image: LaunchImage, form: LaunchForm, out: FieldProblem[]): void {
  let added = 0;
  const devices = new Map<string, number>();
  form.volumes.forEach((volume, index) => {
    const key = deviceKey(volume.deviceName);
    let deviceRefused = false;
    if (volume.added) {
      added++;
      if (added > 1) out.push({ field: 'volumes', index, message: 'Only one empty volume can be added.' });
      deviceRefused = true;
      if (!/^(?:\/dev\/)?[a-z][a-z0-9]*$/.test(volume.deviceName)) {
        out.push({ field: 'volumes', index, message: `"${volume.deviceName}" is not a device name (for example /dev/sdf).` });
      } else if ((image.blockDeviceMappings ?? []).some((m) => deviceKey(m.deviceName) === key)) {
        out.push({ field: 'volumes', index, message: `${volume.deviceName} is already used by the image; choose another device.` });
      } else {
        deviceRefused = false;
      }
    }
    // One message per row about its device.
    if (devices.has(key)) {
      if (!deviceRefused) out.push({ field: 'volumes', index, message: `${volume.deviceName} is used by another volume; choose another device.` });
    } else {
      devices.set(key, index);
    }
    checkVolume(image, volume, index, out);
  });
}

/** Local checks before anything is sent; empty = nothing wrong. */
export function validateLaunchForm(image: LaunchImage, form: LaunchForm, context?: LaunchContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  checkInstanceType(image, form, context, out);
  if (!Number.isInteger(form.count) || form.count < 1 || form.count > LAUNCH_COUNT_MAX) {
    out.push({ field: 'count', message: `The count must be a whole number from 1 to ${LAUNCH_COUNT_MAX}.` });
  }
  checkTags(form, out);
  checkNetwork(form, context, out);
  checkVolumes(image, form, out);
  const profile = form.iamInstanceProfile;
  if (profile && !INSTANCE_PROFILE_NAME_RE.test(profile)) {
    out.push({
      field: 'iamInstanceProfile',
      message: 'An instance profile name has 1–128 letters, digits and the characters _+=,.@- (no spaces).',
    });
  }
  if (form.userData) {
    const tooBig = userDataSizeProblem(userDataBytes(form.userData));
    if (tooBig) out.push({ field: 'userData', message: tooBig });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------------------------

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with padding) of the UTF-8 bytes of `text`; no Buffer, so it also runs in a webview. */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63] : '=';
  }
  return out;
}

/** The tags the instances and volumes get: Name (when set) first, then the extra tags. */
export function launchTags(form: LaunchForm): Tag[] {
  const tags: Tag[] = [];
  if (form.name.trim()) tags.push({ Key: 'Name', Value: form.name });
  for (const tag of form.tags) tags.push({ Key: tag.key, Value: tag.value });
  return tags;
}

function blockDeviceMapping(volume: VolumeChoice): BlockDeviceMapping {
  const ebs: EbsBlockDevice = {
    VolumeSize: volume.sizeGiB,
    VolumeType: volume.volumeType as VolumeType,
    DeleteOnTermination: volume.deleteOnTermination,
  };
  if (takesIops(volume.volumeType) && volume.iops !== undefined) ebs.Iops = volume.iops;
  if (takesThroughput(volume.volumeType) && volume.throughput !== undefined) ebs.Throughput = volume.throughput;
  // Encrypted=false is never sent: it means nothing for an unencrypted snapshot and is refused
  // where the account encrypts new volumes by default.
  if (volume.encrypted) ebs.Encrypted = true;
  // No SnapshotId, ever: an AMI volume's snapshot comes from the AMI's own mapping (EC2 merges the
  // row by device name), and every other row is a new, empty volume.
  return { DeviceName: volume.deviceName, Ebs: ebs };
}

/** Plain code-unit order: the same on every machine and locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The RunInstances request for a valid form. */
export function buildLaunchRequest(image: LaunchImage, form: LaunchForm): LaunchRequest {
  const request: LaunchRequest = {
    ImageId: image.imageId,
    InstanceType: form.instanceType.trim() as LaunchRequest['InstanceType'],
    MinCount: form.count,
    MaxCount: form.count,
  };
  if (form.keyName) request.KeyName = form.keyName;
  // Sorted: the order groups were ticked in means nothing to EC2, so it must not change the
  // request's fingerprint (and with it the ClientToken of a re-submission).
  const groups = [...new Set(form.securityGroupIds)].sort(compareCodeUnits);
  if (form.publicIp === 'enable' || form.publicIp === 'disable') {
    // EC2 takes the public IP choice only on a network interface, and then the subnet and groups
    // must be there too: sending them also at the top level is InvalidParameterCombination.
    const nic: NonNullable<LaunchRequest['NetworkInterfaces']>[number] = { DeviceIndex: 0, AssociatePublicIpAddress: form.publicIp === 'enable' };
    if (form.subnetId) nic.SubnetId = form.subnetId;
    if (groups.length) nic.Groups = groups;
    request.NetworkInterfaces = [nic];
  } else {
    if (form.subnetId) request.SubnetId = form.subnetId;
    if (groups.length) request.SecurityGroupIds = groups;
  }
  if (form.volumes.length) request.BlockDeviceMappings = form.volumes.map(blockDeviceMapping);
  // Sorted by key for the same reason: EC2 keeps no tag order (keys are unique per resource).
  const tags = launchTags(form).sort((a, b) => compareCodeUnits(a.Key ?? '', b.Key ?? ''));
  if (tags.length) {
    request.TagSpecifications = [
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags.map((t) => ({ ...t })) },
    ];
  }
  request.MetadataOptions = { HttpTokens: form.imdsV2Required ? 'required' : 'optional', HttpEndpoint: 'enabled' };
  if (form.iamInstanceProfile) request.IamInstanceProfile = { Name: form.iamInstanceProfile };
  if (form.userData) request.UserData = base64Utf8(form.userData);
  return request;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Fields named by an error code alone (EC2 API Reference, "Error codes for the Amazon EC2 API"). */
const CODE_FIELDS: readonly [RegExp, LaunchField][] = [
  [/^InvalidSubnet(?:ID)?\b/, 'subnet'],
  [/^InvalidVpcID\b/, 'vpc'],
  [/^Invalid(?:Security)?Group(?:Id)?\b/, 'securityGroups'],
  [/^InvalidKeyPair\b/, 'keyName'],
  [/^InvalidAMIID\b|^OptInRequired$/, 'image'],
  [/^InvalidInstanceType$|^Unsupported$|^InsufficientInstanceCapacity$/, 'instanceType'],
  [/^InstanceLimitExceeded$|^VcpuLimitExceeded$/, 'count'],
  [/^InvalidBlockDeviceMapping$/, 'volumes'],
  [/^TagLimitExceeded$/, 'tags'],
];

/** Fields named by the message, checked in this order (more specific first). */
const MESSAGE_FIELDS: readonly [RegExp, LaunchField][] = [
  [/iamInstanceProfile|IAM Instance Profile|instance profile/i, 'iamInstanceProfile'],
  [/user ?data/i, 'userData'],
  [/network interface|public IP|AssociatePublicIpAddress/i, 'publicIp'],
  [/marketplace|subscri/i, 'image'],
  [/block device|\bvolume|\biops\b|throughput|snapshot/i, 'volumes'],
  [/architecture|boot ?mode|virtuali[sz]ation|\bENA\b|Elastic Network Adapter|enaSupport|instance ?type/i, 'instanceType'],
  [/\b(?:Max|Min)Count\b/i, 'count'],
  [/\btag/i, 'tags'],
  [/subnet/i, 'subnet'],
  [/security ?group|\bgroupId\b/i, 'securityGroups'],
  [/key ?pair/i, 'keyName'],
  [/\bAMI\b|\bami-[0-9a-f]+/i, 'image'],
];

/** Which field a RunInstances error code (and message) is about, when it says. */
export function fieldForError(code: string | undefined, message: string): LaunchField | undefined {
  // Permissions and idempotency errors are about the whole request: shown at the top.
  if (code === 'UnauthorizedOperation' || code === 'IdempotentParameterMismatch' || code === 'DryRunOperation') return undefined;
  for (const [re, field] of CODE_FIELDS) if (code && re.test(code)) return field;
  // InvalidParameterValue, InvalidParameterCombination and the like: the message says which
  // parameter (a network interface or public IP combination belongs to the public IP choice).
  const text = message ?? '';
  for (const [re, field] of MESSAGE_FIELDS) if (re.test(text)) return field;
  return undefined;
}

/** The image's AWS Marketplace page, when it has a marketplace product code. */
export function marketplaceUrl(image: LaunchImage): string | undefined {
  const code = (image.productCodes ?? []).find((p) => p.productCodeType === 'marketplace' && p.productCodeId)?.productCodeId;
  return code ? `https://aws.amazon.com/marketplace/pp?sku=${encodeURIComponent(code)}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Key pairs and SSH
// ---------------------------------------------------------------------------------------------

function isWindows(image: LaunchImage): boolean {
  return image.platform?.toLowerCase() === 'windows' || /^windows/i.test(image.platformDetails ?? '');
}

/** ED25519 by default; RSA for Windows images (needed to decrypt the password). */
export function keyTypeFor(image: LaunchImage): 'rsa' | 'ed25519' {
  return isWindows(image) ? 'rsa' : 'ed25519';
}

/** CreateKeyPair's limit on a key name (EC2 API Reference, CreateKeyPair `KeyName`: "Up to 255 ASCII characters"). */
export const KEY_NAME_MAX = 255;

/** Why a key pair name is refused, or undefined when EC2 would take it. */
export function keyPairNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'Enter a name for the key pair.';
  if (name.length > KEY_NAME_MAX) return `The name is ${name.length} characters; a key pair name may have at most ${KEY_NAME_MAX}.`;
  if (!/^[\x20-\x7e]+$/.test(name)) return 'A key pair name may use printable ASCII characters only (letters, digits, spaces and punctuation).';
  return undefined;
}

/**
 * The default user of Linux AMIs, by what the image's name, description or platform says
 * (EC2 User Guide, "Connect to your Linux instance": Amazon Linux ec2-user, CentOS centos,
 * Debian admin, Fedora fedora, RHEL ec2-user, SUSE ec2-user, Ubuntu ubuntu, Oracle ec2-user,
 * Bitnami bitnami, Rocky Linux rocky; AlmaLinux's own AMIs use ec2-user). First match wins:
 * Bitnami images are built on Debian or Ubuntu but log in as bitnami.
 */
export const SSH_USERS: readonly [RegExp, string][] = [
  [/bitnami/i, 'bitnami'],
  // Whole words only: "misuse" says nothing about SUSE.
  [/red ?hat|\brhel|\bsles\b|\bsuse\b/i, 'ec2-user'],
  [/ubuntu/i, 'ubuntu'],
  [/debian/i, 'admin'],
  [/fedora/i, 'fedora'],
  [/centos/i, 'centos'],
  [/rocky/i, 'rocky'],
  [/alma ?linux|amazon linux|\bamzn|\bal20\d\d|oracle/i, 'ec2-user'],
];

/** The SSH user for a Linux image (ec2-user, ubuntu, admin, ...); undefined for Windows. */
export function sshUser(image: LaunchImage): string | undefined {
  if (isWindows(image)) return undefined;
  const platform = image.platformDetails ?? '';
  // The platform (billing) details are EC2's own word; names and descriptions come next.
  for (const text of [platform, `${image.name ?? ''}\n${image.description ?? ''}`]) {
    for (const [re, user] of SSH_USERS) if (re.test(text)) return user;
  }
  return 'ec2-user';
}

/** One word for a POSIX shell: as it is when it holds only safe characters, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Where the private key of a key pair not saved from here is looked for (a guess, said as one). */
export function guessedKeyFile(keyName: string): string {
  return `~/.ssh/${keyName}.pem`;
}

/** Said after copying an SSH command whose key file is guessedKeyFile's guess. */
export function guessedKeyFileText(keyFile: string, keyName: string): string {
  return `The key file ${keyFile} is a guess: the private key of ${keyName} was not saved from here. Change the path after -i if it is elsewhere.`;
}

/** `ssh -i <key file> <user>@<address>`, shell-quoted. */
export function sshCommand(keyFile: string | undefined, user: string, address: string): string {
  const words = ['ssh'];
  if (keyFile !== undefined && keyFile !== '') {
    // "~/" stays outside the quotes so the shell expands it to the home folder.
    const key = keyFile.startsWith('~/') ? `~/${keyFile.length > 2 ? shellQuote(keyFile.slice(2)) : ''}` : shellQuote(keyFile);
    words.push('-i', key);
  }
  const destination = `${user}@${address}`;
  // A destination starting with "-" would be read as an option.
  if (destination.startsWith('-')) words.push('--');
  words.push(shellQuote(destination));
  return words.join(' ');
}

/** The EC2 console's page for an instance, in the partition its region belongs to (consoleHost). */
export function instanceConsoleUrl(region: string, instanceId: string): string {
  return `https://${consoleHost(region)}/ec2/home?region=${encodeURIComponent(region)}#InstanceDetails:instanceId=${encodeURIComponent(instanceId)}`;
}

// ---------------------------------------------------------------------------------------------
// Quick Launch
// ---------------------------------------------------------------------------------------------

/**
 * The form with another subnet (undefined: EC2 picks). Without a subnet the public IP choice goes
 * back to the subnet's default: EC2 takes an explicit choice only together with a subnet, so a
 * remembered on/off would make the launch fail.
 */
export function withSubnet(form: LaunchForm, subnetId: string | undefined): LaunchForm {
  if (subnetId !== undefined) return { ...form, subnetId };
  const { subnetId: _dropped, ...rest } = form;
  return { ...rest, publicIp: 'subnetDefault' };
}

const PUBLIC_IP_TEXT: Record<PublicIpChoice, string> = { subnetDefault: 'public IP as the subnet sets it', enable: 'public IP on', disable: 'public IP off' };

/**
 * What a launch will send, one part per choice, for a confirm step: the choices the steps asked
 * for, and the remembered ones no step shows (public IP, IMDSv2, instance profile).
 */
export function launchSummary(
  form: LaunchForm,
  known: { subnets: readonly SubnetInfo[]; securityGroups: readonly SecurityGroupInfo[]; keyPairs: readonly KeyPairInfo[] },
): string[] {
  const subnet = known.subnets.find((s) => s.subnetId === form.subnetId);
  const groups = form.securityGroupIds.map((id) => known.securityGroups.find((g) => g.groupId === id)?.groupName ?? id);
  const parts = [
    `${form.count} × ${form.instanceType}`,
    form.keyName ? `key pair ${form.keyName}${known.keyPairs.some((k) => k.keyName === form.keyName) ? '' : ' (new)'}` : 'no key pair',
    subnet ? `subnet ${subnet.subnetId} (${subnet.availabilityZone})` : form.subnetId ? `subnet ${form.subnetId}` : 'subnet chosen by EC2',
    groups.length > 0 ? `security groups ${groups.join(', ')}` : 'the VPC’s default security group',
    PUBLIC_IP_TEXT[form.publicIp],
    form.imdsV2Required ? 'IMDSv2 required' : 'IMDSv2 optional (IMDSv1 allowed)',
  ];
  if (form.iamInstanceProfile) parts.push(`instance profile ${form.iamInstanceProfile}`);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Remembered choices and the request fingerprint
// ---------------------------------------------------------------------------------------------

/** What to remember of a form (no tags, no user data, no volumes). */
export function rememberedFrom(form: LaunchForm): LaunchDefaults {
  const remembered: LaunchDefaults = {
    securityGroupIds: [...form.securityGroupIds],
    publicIp: form.publicIp,
    imdsV2Required: form.imdsV2Required,
  };
  if (form.instanceType) remembered.instanceType = form.instanceType;
  if (form.keyName) remembered.keyName = form.keyName;
  if (form.vpcId) remembered.vpcId = form.vpcId;
  if (form.subnetId) remembered.subnetId = form.subnetId;
  if (form.iamInstanceProfile) remembered.iamInstanceProfile = form.iamInstanceProfile;
  return remembered;
}

/** The prefix of the state keys remembered launch choices are kept under. */
export const DEFAULTS_KEY_PREFIX = 'amiExplorer.launch.defaults';

/** The state key remembered choices are kept under. */
export function defaultsKey(profile: string | undefined, region: string): string {
  // JSON keeps the default credential chain (null) apart from profiles named '' or 'default'.
  return `${DEFAULTS_KEY_PREFIX}:${JSON.stringify([profile ?? null, region])}`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/**
 * A canonical text of a request: two submissions of the same form give the same text, so the same
 * ClientToken is used again (a retry or a re-submission never launches twice).
 */
export function requestFingerprint(request: LaunchRequest): string {
  return JSON.stringify(canonical(request));
}
