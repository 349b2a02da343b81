/**
 * Launching instances from an AMI, the pure part: which instance types can run the image, the
 * launch form and its validation, the RunInstances request built from it, where a dry-run error
 * belongs on the form, and the texts shown afterwards (SSH command, console links).
 * Pure: imports neither `vscode` nor the SDK at runtime (SDK types only, erased at build).
 *
 * CONTRACT (issue #9): the shapes below are shared by the service layer, the data layer, the
 * launch panel and Quick Launch. Bodies marked TODO are filled by the model work.
 */
import type { RunInstancesCommandInput } from '@aws-sdk/client-ec2';
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

const todo = (what: string): never => {
  throw new Error(`launch model: ${what} is not implemented yet`);
};

/** Whether `type` can run `image`: architecture, boot mode (see defaultBootMode), virtualization, ENA. */
export function typeCompatibility(image: LaunchImage, type: InstanceTypeInfo): Compatibility {
  return todo(`typeCompatibility(${image.imageId}, ${type.instanceType})`);
}

/** The types that can run the image, in the order the picker shows them. */
export function compatibleTypes(image: LaunchImage, types: readonly InstanceTypeInfo[]): InstanceTypeInfo[] {
  return todo(`compatibleTypes(${image.imageId}, ${types.length})`);
}

/** One line for a type in pickers: "t3.micro · 2 vCPU · 1 GiB · free tier". */
export function typeLabel(type: InstanceTypeInfo): string {
  return todo(`typeLabel(${type.instanceType})`);
}

/** The form's volume rows from the image's EBS mappings (sizes from the snapshots). */
export function initialVolumes(image: LaunchImage): VolumeChoice[] {
  return todo(`initialVolumes(${image.imageId})`);
}

/** A new form for the image, with remembered choices applied where given. */
export function defaultForm(image: LaunchImage, remembered?: LaunchDefaults): LaunchForm {
  return todo(`defaultForm(${image.imageId}, ${JSON.stringify(remembered)})`);
}

/** Local checks before anything is sent; empty = nothing wrong. */
export function validateLaunchForm(image: LaunchImage, form: LaunchForm, context?: { types?: readonly InstanceTypeInfo[] }): FieldProblem[] {
  return todo(`validateLaunchForm(${image.imageId}, ${form.instanceType}, ${context?.types?.length})`);
}

/** UTF-8 byte length of user data text. */
export function userDataBytes(text: string): number {
  return todo(`userDataBytes(${text.length})`);
}

/** The RunInstances request for a valid form. */
export function buildLaunchRequest(image: LaunchImage, form: LaunchForm): LaunchRequest {
  return todo(`buildLaunchRequest(${image.imageId}, ${form.instanceType})`);
}

/** Which field a RunInstances error code (and message) is about, when it says. */
export function fieldForError(code: string | undefined, message: string): LaunchField | undefined {
  return todo(`fieldForError(${code}, ${message})`);
}

/** The image's AWS Marketplace page, when it has a marketplace product code. */
export function marketplaceUrl(image: LaunchImage): string | undefined {
  return todo(`marketplaceUrl(${image.imageId})`);
}

/** ED25519 by default; RSA for Windows images (needed to decrypt the password). */
export function keyTypeFor(image: LaunchImage): 'rsa' | 'ed25519' {
  return todo(`keyTypeFor(${image.imageId})`);
}

/** Why a key pair name is refused, or undefined when EC2 would take it. */
export function keyPairNameProblem(name: string): string | undefined {
  return todo(`keyPairNameProblem(${name})`);
}

/** The SSH user for a Linux image (ec2-user, ubuntu, admin, ...); undefined for Windows. */
export function sshUser(image: LaunchImage): string | undefined {
  return todo(`sshUser(${image.imageId})`);
}

/** `ssh -i <key file> <user>@<address>`, shell-quoted. */
export function sshCommand(keyFile: string | undefined, user: string, address: string): string {
  return todo(`sshCommand(${keyFile}, ${user}, ${address})`);
}

/** The EC2 console's page for an instance. */
export function instanceConsoleUrl(region: string, instanceId: string): string {
  return todo(`instanceConsoleUrl(${region}, ${instanceId})`);
}

/** What to remember of a form (no tags, no user data, no volumes). */
export function rememberedFrom(form: LaunchForm): LaunchDefaults {
  return todo(`rememberedFrom(${form.instanceType})`);
}

/** The state key remembered choices are kept under. */
export function defaultsKey(profile: string | undefined, region: string): string {
  return todo(`defaultsKey(${profile}, ${region})`);
}

/**
 * A canonical text of a request: two submissions of the same form give the same text, so the same
 * ClientToken is used again (a retry or a re-submission never launches twice).
 */
export function requestFingerprint(request: LaunchRequest): string {
  return todo(`requestFingerprint(${request.ImageId})`);
}
