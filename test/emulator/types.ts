/**
 * The emulator's own records. They mirror EC2's wire shapes (camelCase of the XML element names)
 * so rendering is a straight walk, but they are plain data the tests may read and edit through
 * the store. Launch permissions are kept as a list so ModifyImageAttribute can be added later.
 */

export interface EmuTag {
  key: string;
  value: string;
}

export interface EmuEbs {
  snapshotId?: string;
  volumeSize?: number;
  volumeType?: string;
  iops?: number;
  throughput?: number;
  encrypted?: boolean;
  kmsKeyId?: string;
  deleteOnTermination?: boolean;
  outpostArn?: string;
  availabilityZone?: string;
  availabilityZoneId?: string;
  volumeInitializationRate?: number;
  ebsCardIndex?: number;
}

export interface EmuBlockDeviceMapping {
  deviceName: string;
  virtualName?: string;
  noDevice?: string;
  ebs?: EmuEbs;
}

/** One launch permission entry: exactly one field is set. `group: 'all'` makes the image public. */
export interface EmuLaunchPermission {
  userId?: string;
  group?: 'all';
  organizationArn?: string;
  organizationalUnitArn?: string;
}

export interface EmuProductCode {
  productCodeId: string;
  productCodeType: 'marketplace' | 'devpay';
}

export interface EmuWatermark {
  watermarkKey: string;
  sourceImageId: string;
  sourceImageRegion: string;
  sourceImageCreationTime: string;
  watermarkCreationTime: string;
}

export interface EmuScanResults {
  highestFindingSeverityLabel?: string;
  findingScanDate?: string;
  informationalFixAvailableSince?: string;
  lowFixAvailableSince?: string;
  mediumFixAvailableSince?: string;
  highFixAvailableSince?: string;
  criticalFixAvailableSince?: string;
}

export interface EmuImage {
  imageId: string;
  region: string;
  ownerId: string;
  /** 'amazon' | 'aws-marketplace' | 'aws-backup-vault' | undefined */
  ownerAlias?: string;
  name: string;
  description?: string;
  /** available | pending | failed | disabled | deregistered ... */
  state: string;
  stateReason?: { code: string; message: string };
  creationDate: string;
  deprecationTime?: string;
  lastLaunchedTime?: string;
  architecture: string;
  platform?: 'windows';
  platformDetails: string;
  usageOperation: string;
  imageType: string;
  imageLocation: string;
  kernelId?: string;
  ramdiskId?: string;
  virtualizationType: string;
  hypervisor: string;
  enaSupport?: boolean;
  sriovNetSupport?: string;
  bootMode?: string;
  tpmSupport?: string;
  imdsSupport?: string;
  uefiData?: string;
  rootDeviceName: string;
  rootDeviceType: string;
  sourceInstanceId?: string;
  sourceImageId?: string;
  sourceImageRegion?: string;
  deregistrationProtection?: string;
  imageAllowed?: boolean;
  freeTierEligible?: boolean;
  publicSsmParameterName?: string;
  productCodes: EmuProductCode[];
  tags: EmuTag[];
  blockDeviceMappings: EmuBlockDeviceMapping[];
  launchPermissions: EmuLaunchPermission[];
  watermarks?: EmuWatermark[];
  scanResults?: EmuScanResults;
  instanceTypeSpecification?: { supported: string[]; unsupported: string[] };
}

export interface EmuSnapshot {
  snapshotId: string;
  region: string;
  ownerId: string;
  ownerAlias?: string;
  volumeId: string;
  volumeSize: number;
  state: string;
  stateMessage?: string;
  startTime: string;
  completionTime?: string;
  progress: string;
  description: string;
  encrypted: boolean;
  kmsKeyId?: string;
  storageTier?: string;
  tags: EmuTag[];
  /** Accounts allowed to create volumes from it; `group: 'all'` = public. */
  createVolumePermissions: EmuLaunchPermission[];
  /**
   * Who manages `kmsKeyId` (KMS's KeyManager). 'aws' = the AWS managed key aws/ebs, which cannot be
   * shared: EC2 refuses to share the snapshot, or an image backed by it, with other accounts.
   * Undefined = a customer managed key (or not encrypted).
   */
  kmsKeyManager?: 'aws' | 'customer';
}

/** Block public access for AMIs, per account and region (GetImageBlockPublicAccessState). */
export interface EmuImageBlockPublicAccess {
  state: 'block-new-sharing' | 'unblocked';
  /** 'declarative-policy': set by the organization; the account cannot change it. */
  managedBy: 'account' | 'declarative-policy';
}

// hygiene (#11): Allowed AMIs, per account and region (GetAllowedImagesSettings)
/** One Allowed AMIs criterion; an image meets it when it meets every field set. */
export interface EmuImageCriterion {
  /** amazon | aws-marketplace | aws-backup-vault | none | 12-digit account ids */
  imageProviders?: string[];
  marketplaceProductCodes?: string[];
  /** Names with `*` and `?` wildcards. */
  imageNames?: string[];
  maximumDaysSinceCreated?: number;
  maximumDaysSinceDeprecated?: number;
  /** Watermark keys, one of which the image must carry. */
  imageWatermarkKeys?: string[];
  maxDaysSinceLastFindingScan?: number;
}

export interface EmuAllowedImagesSettings {
  state: 'enabled' | 'audit-mode' | 'disabled';
  imageCriteria: EmuImageCriterion[];
  managedBy: 'account' | 'declarative-policy';
}

export interface EmuRegion {
  regionName: string;
  /** 'opt-in-not-required' | 'opted-in' | 'not-opted-in' */
  optInStatus: string;
}

export function isPublicImage(image: EmuImage): boolean {
  return image.launchPermissions.some((p) => p.group === 'all');
}

// ---- launching (issue #9): instance types, key pairs, the network, instances ----

/** One row of the instance type catalogue (DescribeInstanceTypes). */
export interface EmuInstanceType {
  instanceType: string;
  currentGeneration: boolean;
  freeTierEligible: boolean;
  /** i386 | x86_64 | arm64 | x86_64_mac | arm64_mac */
  architectures: string[];
  /** legacy-bios | uefi */
  bootModes: string[];
  /** hvm | paravirtual */
  virtualizationTypes: string[];
  /** unsupported | supported | required */
  enaSupport: string;
  vCpus: number;
  memoryMiB: number;
  /** nitro | xen; absent for bare metal */
  hypervisor?: string;
  bareMetal: boolean;
  burstable: boolean;
  networkPerformance: string;
  manufacturer: string;
}

export interface EmuKeyPair {
  keyPairId: string;
  keyName: string;
  ownerId: string;
  region: string;
  keyType: 'rsa' | 'ed25519';
  keyFingerprint: string;
  createTime: string;
  tags: EmuTag[];
}

export interface EmuVpc {
  vpcId: string;
  ownerId: string;
  region: string;
  cidrBlock: string;
  isDefault: boolean;
  tags: EmuTag[];
}

export interface EmuSubnet {
  subnetId: string;
  vpcId: string;
  ownerId: string;
  region: string;
  availabilityZone: string;
  cidrBlock: string;
  availableIpAddressCount: number;
  defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
  tags: EmuTag[];
  /** Host numbers handed out so far (the next private address). */
  allocated: number;
}

export interface EmuSecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ownerId: string;
  region: string;
  tags: EmuTag[];
}

export interface EmuInstanceVolume {
  deviceName: string;
  volumeId: string;
  volumeSize: number;
  volumeType: string;
  deleteOnTermination: boolean;
  encrypted: boolean;
  tags: EmuTag[];
}

export interface EmuInstance {
  instanceId: string;
  reservationId: string;
  ownerId: string;
  region: string;
  imageId: string;
  instanceType: string;
  amiLaunchIndex: number;
  keyName?: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  privateIpAddress: string;
  publicIpAddress?: string;
  groups: { groupId: string; groupName: string }[];
  architecture: string;
  rootDeviceName: string;
  virtualizationType: string;
  bootMode?: string;
  platform?: 'windows';
  platformDetails: string;
  enaSupport: boolean;
  volumes: EmuInstanceVolume[];
  tags: EmuTag[];
  clientToken?: string;
  iamInstanceProfile?: string;
  metadataHttpTokens: string;
  metadataHopLimit: number;
  metadataHttpEndpoint: string;
  userData?: string;
  launchTime: string;
  /** Milliseconds since the epoch: when the instance leaves `pending` (state is computed on read). */
  runningAt: number;
  /** Set by TerminateInstances: shutting-down until this instant, then terminated. */
  terminatedAt?: number;
}

// ---- recycle bin and image usage reports (wt/bin) ----

/** A deleted image or snapshot kept by a retention rule until `exitTime` (ms since the epoch). */
export interface EmuBinned<T> {
  item: T;
  /** The account whose rule kept it (the owner). */
  ownerId: string;
  enterTime: number;
  exitTime: number;
}

/** A Recycle Bin retention rule of an account in a region (resource type: EBS-backed AMIs and snapshots alike). */
export interface EmuRetentionRule {
  days: number;
}

/** What another account does with an image: `count` resources of `resourceType`. */
export interface EmuImageUsage {
  accountId: string;
  /** ec2:Instance | ec2:LaunchTemplate */
  resourceType: string;
  count: number;
}

/** An image usage report: pending until `availableAt`, then available; entries fixed when it becomes available. */
export interface EmuUsageReport {
  reportId: string;
  imageId: string;
  ownerId: string;
  region: string;
  resourceTypes: string[];
  /** Empty: every account. */
  accountIds: string[];
  creationTime: number;
  availableAt: number;
  expirationTime: number;
  tags: EmuTag[];
  /** What the report found, fixed when it was made (shown once it is available). */
  entries: EmuImageUsage[];
}

// ---- references (DescribeImageReferences): what else in an account refers to an image ----

/** A launch template; each version may name an image. */
export interface EmuLaunchTemplate {
  launchTemplateId: string;
  launchTemplateName: string;
  ownerId: string;
  region: string;
  /** Version 1 first; `imageId` as the version's LaunchTemplateData names it. */
  versions: { versionNumber: number; imageId?: string }[];
}

/** An SSM parameter (type String or aws:ec2:image) whose value is an image id. */
export interface EmuSsmParameter {
  name: string;
  ownerId: string;
  region: string;
  value: string;
}

/** An EC2 Image Builder image or container recipe whose parent image is an AMI id. */
export interface EmuImageRecipe {
  kind: 'image' | 'container';
  name: string;
  version: string;
  ownerId: string;
  region: string;
  parentImage: string;
}

/** One reference as DescribeImageReferences returns it. */
export interface EmuImageReference {
  imageId: string;
  resourceType: 'ec2:Instance' | 'ec2:LaunchTemplate' | 'ssm:Parameter' | 'imagebuilder:ImageRecipe' | 'imagebuilder:ContainerRecipe';
  arn: string;
}
