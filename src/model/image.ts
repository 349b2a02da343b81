/**
 * The Image view model: a narrowed copy of EC2's Image in which the image id and region are always
 * present and no SDK object is kept. Pure: the SDK is imported for its types only (erased at build).
 *
 * Sized for 100,000 loaded images: a mapped image holds only the keys declared here (the *_KEYS
 * tables below list them at runtime, and a unit test checks every mapped image against them), no
 * empty optional member (no `[]`, `{}` or undefined: an image without tags has no `tags` key), and
 * repeated values (region, owner, architecture, device names, volume types…) as shared strings.
 */
import type {
  EbsBlockDevice,
  Image,
  ImageAncestryEntry,
  ImageWatermark,
  LaunchPermission as SdkLaunchPermission,
  ProductCode,
  ScanResults,
  Snapshot,
  StateReason,
} from '@aws-sdk/client-ec2';

/** A value as the view model holds it: timestamps as ISO 8601 strings, enums widened to string (EC2 adds values). */
type Plain<T> = T extends Date ? string : T extends string ? string : T;

/**
 * A flat SDK shape as the view model holds it: each text, number, flag or timestamp member under
 * its camelCase name (SnapshotId → snapshotId), every one optional; nested shapes are left out
 * (the mapping names those itself). toModelFields in imageMapping.ts builds one at runtime.
 */
export type ModelOf<T> = {
  [K in keyof T & string as NonNullable<T[K]> extends Date ? Uncapitalize<K> : NonNullable<T[K]> extends object ? never : Uncapitalize<K>]?: Plain<NonNullable<T[K]>>;
};

export interface AmiRef {
  region: string;
  imageId: string;
  /** Profile the image was listed with; undefined = default credential chain. */
  profile?: string;
}

/** Whether two references name the same image of the same profile. */
export function sameRef(a: AmiRef, b: AmiRef): boolean {
  return a.imageId === b.imageId && a.region === b.region && a.profile === b.profile;
}

/** `image` when it is the image `ref` names (same id and region), else undefined. */
export function imageFor<T extends { imageId: string; region: string }>(image: T | undefined, ref: AmiRef): T | undefined {
  return image && image.imageId === ref.imageId && image.region === ref.region ? image : undefined;
}

/** EBS volume of a mapping (sizes in GiB, throughput in MiB/s). */
export type EbsVolume = ModelOf<EbsBlockDevice>;

/**
 * Every key of a shape, as a table the compiler checks against the type both ways (a key missing
 * or one too many does not compile). The mapping copies exactly these keys; the "no undeclared
 * key" test checks mapped images against them.
 */
export type KeyTable<T> = { readonly [K in keyof Required<T>]: true };

/** The keys of a KeyTable, in its order. */
export function keysOf<T>(table: KeyTable<T>): (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[];
}

export const EBS_VOLUME_KEYS: KeyTable<EbsVolume> = {
  deleteOnTermination: true,
  iops: true,
  snapshotId: true,
  volumeSize: true,
  volumeType: true,
  kmsKeyId: true,
  throughput: true,
  outpostArn: true,
  availabilityZone: true,
  encrypted: true,
  volumeInitializationRate: true,
  availabilityZoneId: true,
  ebsCardIndex: true,
};

export interface BlockDevice {
  deviceName: string;
  /** 'ebs' | 'ephemeral' | 'noDevice' */
  kind: 'ebs' | 'ephemeral' | 'noDevice';
  virtualName?: string; // ephemeral0...
  noDevice?: string;
  ebs?: EbsVolume;
}

export const BLOCK_DEVICE_KEYS: KeyTable<BlockDevice> = { deviceName: true, kind: true, virtualName: true, noDevice: true, ebs: true };

/**
 * The members of EC2's Image the view model copies as they are (text, numbers, flags, timestamps):
 * view-model name → EC2 member, in the order the JSON document lists them. A member added here is
 * typed in AmiImage (with the SDK's type), read by toAmiImage and written to the JSON document;
 * the details panel shows it once it gets a fact of its own.
 */
export const IMAGE_FIELDS = {
  name: 'Name',
  description: 'Description',
  ownerId: 'OwnerId',
  ownerAlias: 'ImageOwnerAlias', // amazon | aws-marketplace | self ...
  state: 'State', // available | pending | failed | invalid | deregistered | transient | error | disabled
  public: 'Public',
  creationDate: 'CreationDate',
  deprecationTime: 'DeprecationTime',
  lastLaunchedTime: 'LastLaunchedTime',
  architecture: 'Architecture',
  platform: 'Platform', // 'windows' or undefined
  platformDetails: 'PlatformDetails',
  usageOperation: 'UsageOperation',
  imageType: 'ImageType',
  imageLocation: 'ImageLocation',
  kernelId: 'KernelId',
  ramdiskId: 'RamdiskId',
  virtualizationType: 'VirtualizationType',
  hypervisor: 'Hypervisor',
  enaSupport: 'EnaSupport',
  sriovNetSupport: 'SriovNetSupport',
  bootMode: 'BootMode',
  tpmSupport: 'TpmSupport',
  imdsSupport: 'ImdsSupport',
  rootDeviceName: 'RootDeviceName',
  rootDeviceType: 'RootDeviceType',
  sourceInstanceId: 'SourceInstanceId',
  sourceImageId: 'SourceImageId',
  sourceImageRegion: 'SourceImageRegion',
  deregistrationProtection: 'DeregistrationProtection',
  imageAllowed: 'ImageAllowed',
  freeTierEligible: 'FreeTierEligible',
  /** Public SSM parameter that resolves to this image, e.g. /aws/service/ami-amazon-linux-latest/... */
  publicSsmParameterName: 'PublicSsmParameterName',
} as const satisfies Record<string, keyof Image>;

export type ImageFieldName = keyof typeof IMAGE_FIELDS;

/** The fields of IMAGE_FIELDS that are timestamps: kept as ISO 8601 strings. */
export const IMAGE_DATE_FIELDS: readonly ImageFieldName[] = ['creationDate', 'deprecationTime', 'lastLaunchedTime'];

type ImageFields = { [K in ImageFieldName]?: Plain<NonNullable<Image[(typeof IMAGE_FIELDS)[K]]>> };

export interface AmiImage extends Omit<ImageFields, 'state' | 'public'> {
  imageId: string;
  region: string;
  state: string;
  stateReason?: ImageStateReason;
  public: boolean;
  /** Watermarks EC2 copied onto the image (source image lineage). */
  imageWatermarks?: ImageWatermarkInfo[];
  /** Amazon Inspector summary for the image. */
  scanResults?: ImageScanResults;
  /** Instance type patterns the image supports / does not support (each list absent when empty). */
  instanceTypeSpecification?: InstanceTypeSpecification;
  /** Absent when the image has none (read with `?? []`). */
  productCodes?: ImageProductCode[];
  /** Tag key → value, in the order EC2 returned them; absent when the image has no tags (read with `?? {}`). */
  tags?: Record<string, string>;
  /** Absent when EC2 lists none (read with `?? []`). */
  blockDeviceMappings?: BlockDevice[];
}

export interface InstanceTypeSpecification {
  supportedInstanceTypes?: string[];
  unsupportedInstanceTypes?: string[];
}

export type ImageProductCode = ModelOf<ProductCode>;

export type ImageStateReason = ModelOf<StateReason>;

export type ImageWatermarkInfo = ModelOf<ImageWatermark>;

/** Amazon Inspector's summary: the highest severity and, per severity, since when a fix exists. */
export type ImageScanResults = ModelOf<ScanResults>;

const IMAGE_FIELD_KEYS = Object.fromEntries(Object.keys(IMAGE_FIELDS).map((k) => [k, true])) as KeyTable<ImageFields>;

/** Every key a mapped AmiImage may hold. */
export const AMI_IMAGE_KEYS: KeyTable<AmiImage> = {
  imageId: true,
  region: true,
  ...IMAGE_FIELD_KEYS,
  state: true,
  public: true,
  stateReason: true,
  imageWatermarks: true,
  scanResults: true,
  instanceTypeSpecification: true,
  productCodes: true,
  tags: true,
  blockDeviceMappings: true,
};

export const STATE_REASON_KEYS: KeyTable<ImageStateReason> = { code: true, message: true };
export const PRODUCT_CODE_KEYS: KeyTable<ImageProductCode> = { productCodeId: true, productCodeType: true };
export const WATERMARK_KEYS: KeyTable<ImageWatermarkInfo> = {
  watermarkKey: true,
  sourceImageRegion: true,
  sourceImageId: true,
  sourceImageCreationTime: true,
  watermarkCreationTime: true,
};
export const SCAN_RESULTS_KEYS: KeyTable<ImageScanResults> = {
  highestFindingSeverityLabel: true,
  findingScanDate: true,
  informationalFixAvailableSince: true,
  lowFixAvailableSince: true,
  mediumFixAvailableSince: true,
  highFixAvailableSince: true,
  criticalFixAvailableSince: true,
};
export const INSTANCE_TYPE_SPECIFICATION_KEYS: KeyTable<InstanceTypeSpecification> = { supportedInstanceTypes: true, unsupportedInstanceTypes: true };

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

/** One launch permission; `group` narrowed to the one value EC2 has ('all' = public). */
export interface LaunchPermission extends Omit<ModelOf<SdkLaunchPermission>, 'group'> {
  group?: 'all';
}

/** DescribeImageAttribute's answer, narrowed: `value` holds the scalar attributes. */
export interface ImageAttributeValue {
  imageId: string;
  attribute: ImageAttributeName;
  value?: string;
  launchPermissions?: LaunchPermission[];
  productCodes?: ModelOf<ProductCode>[];
  blockDeviceMappings?: BlockDevice[];
}

export interface SnapshotInfo extends Omit<ModelOf<Snapshot>, 'snapshotId'> {
  snapshotId: string;
  region: string;
  tags: Record<string, string>;
}

/** One step of GetImageAncestry's answer. */
export interface AncestryEntry extends Omit<ModelOf<ImageAncestryEntry>, 'imageId'> {
  imageId: string;
}
