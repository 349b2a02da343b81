/**
 * The Image view model: a narrowed copy of EC2's Image in which the image id and region are always
 * present. Pure: imports neither vscode nor the SDK. The SDK's shapes are matched structurally by
 * the `Sdk*Like` interfaces below, so src/aws/ can hand its results straight in.
 */

export interface AmiRef {
  region: string;
  imageId: string;
  /** Profile the image was listed with; undefined = default credential chain. */
  profile?: string;
}

export interface EbsVolume {
  snapshotId?: string;
  volumeSize?: number; // GiB
  volumeType?: string; // gp2 | gp3 | io1 | io2 | st1 | sc1 | standard
  iops?: number;
  throughput?: number; // MiB/s
  encrypted?: boolean;
  kmsKeyId?: string;
  deleteOnTermination?: boolean;
  outpostArn?: string;
  availabilityZone?: string;
  availabilityZoneId?: string;
  volumeInitializationRate?: number;
  /** EBS card the volume attaches to (instance types with several EBS cards). */
  ebsCardIndex?: number;
}

export interface BlockDevice {
  deviceName: string;
  /** 'ebs' | 'ephemeral' | 'noDevice' */
  kind: 'ebs' | 'ephemeral' | 'noDevice';
  virtualName?: string; // ephemeral0...
  noDevice?: string;
  ebs?: EbsVolume;
}

export interface AmiImage {
  imageId: string;
  region: string;
  name?: string;
  description?: string;
  ownerId?: string;
  ownerAlias?: string; // ImageOwnerAlias: amazon | aws-marketplace | self ...
  state: string; // available | pending | failed | invalid | deregistered | transient | error | disabled
  stateReason?: { code?: string; message?: string };
  public: boolean;
  creationDate?: string; // ISO 8601
  deprecationTime?: string;
  lastLaunchedTime?: string;
  architecture?: string;
  platform?: string; // 'windows' or undefined
  platformDetails?: string;
  usageOperation?: string;
  imageType?: string;
  imageLocation?: string;
  kernelId?: string;
  ramdiskId?: string;
  virtualizationType?: string;
  hypervisor?: string;
  enaSupport?: boolean;
  sriovNetSupport?: string;
  bootMode?: string;
  tpmSupport?: string;
  imdsSupport?: string;
  rootDeviceName?: string;
  rootDeviceType?: string;
  sourceInstanceId?: string;
  sourceImageId?: string;
  sourceImageRegion?: string;
  deregistrationProtection?: string;
  imageAllowed?: boolean;
  freeTierEligible?: boolean;
  /** Public SSM parameter that resolves to this image, e.g. /aws/service/ami-amazon-linux-latest/... */
  publicSsmParameterName?: string;
  /** Watermarks EC2 copied onto the image (source image lineage). */
  imageWatermarks?: ImageWatermarkInfo[];
  /** Amazon Inspector summary for the image. */
  scanResults?: ImageScanResults;
  /** Instance type patterns the image supports / does not support. */
  instanceTypeSpecification?: { supportedInstanceTypes: string[]; unsupportedInstanceTypes: string[] };
  productCodes: { productCodeId?: string; productCodeType?: string }[];
  /** Tag key → value, in the order EC2 returned them. */
  tags: Record<string, string>;
  blockDeviceMappings: BlockDevice[];
}

export interface ImageWatermarkInfo {
  watermarkKey?: string;
  sourceImageId?: string;
  sourceImageRegion?: string;
  sourceImageCreationTime?: string; // ISO 8601
  watermarkCreationTime?: string; // ISO 8601
}

/** Amazon Inspector's summary: the highest severity and, per severity, since when a fix exists. */
export interface ImageScanResults {
  highestFindingSeverityLabel?: string;
  findingScanDate?: string; // ISO 8601
  informationalFixAvailableSince?: string;
  lowFixAvailableSince?: string;
  mediumFixAvailableSince?: string;
  highFixAvailableSince?: string;
  criticalFixAvailableSince?: string;
}

/** DescribeImageAttribute's attribute names, in the order EC2's reference lists them. */
export const IMAGE_ATTRIBUTE_NAMES = [
  'description',
  'kernel',
  'ramdisk',
  'launchPermission',
  'productCodes',
  'blockDeviceMapping',
  'sriovNetSupport',
  'bootMode',
  'tpmSupport',
  'uefiData',
  'lastLaunchedTime',
  'imdsSupport',
  'deregistrationProtection',
] as const;

export type ImageAttributeName = (typeof IMAGE_ATTRIBUTE_NAMES)[number];

export interface LaunchPermission {
  userId?: string;
  group?: 'all';
  organizationArn?: string;
  organizationalUnitArn?: string;
}

/** DescribeImageAttribute's answer, narrowed: `value` holds the scalar attributes. */
export interface ImageAttributeValue {
  imageId: string;
  attribute: ImageAttributeName;
  value?: string;
  launchPermissions?: LaunchPermission[];
  productCodes?: { productCodeId?: string; productCodeType?: string }[];
  blockDeviceMappings?: BlockDevice[];
}

export interface SnapshotInfo {
  snapshotId: string;
  region: string;
  volumeSize?: number;
  state?: string;
  encrypted?: boolean;
  kmsKeyId?: string;
  ownerId?: string;
  ownerAlias?: string;
  description?: string;
  startTime?: string;
  progress?: string;
  volumeId?: string;
  storageTier?: string;
  stateMessage?: string;
  outpostArn?: string;
  availabilityZone?: string;
  sseType?: string;
  dataEncryptionKeyId?: string;
  restoreExpiryTime?: string;
  fullSnapshotSizeInBytes?: number;
  completionTime?: string;
  completionDurationMinutes?: number;
  transferType?: string;
  tags: Record<string, string>;
}

/** One step of GetImageAncestry's answer. */
export interface AncestryEntry {
  imageId: string;
  sourceImageId?: string;
  sourceImageRegion?: string;
  creationDate?: string;
  imageOwnerAlias?: string;
}
