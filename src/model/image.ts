/**
 * The Image view model: a narrowed copy of EC2's Image in which the image id and region are always
 * present and no SDK object is kept. Pure: the SDK is imported for its types only (erased at build).
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

export interface BlockDevice {
  deviceName: string;
  /** 'ebs' | 'ephemeral' | 'noDevice' */
  kind: 'ebs' | 'ephemeral' | 'noDevice';
  virtualName?: string; // ephemeral0...
  noDevice?: string;
  ebs?: EbsVolume;
}

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
  stateReason?: ModelOf<StateReason>;
  public: boolean;
  /** Watermarks EC2 copied onto the image (source image lineage). */
  imageWatermarks?: ImageWatermarkInfo[];
  /** Amazon Inspector summary for the image. */
  scanResults?: ImageScanResults;
  /** Instance type patterns the image supports / does not support. */
  instanceTypeSpecification?: { supportedInstanceTypes: string[]; unsupportedInstanceTypes: string[] };
  productCodes: ModelOf<ProductCode>[];
  /** Tag key → value, in the order EC2 returned them. */
  tags: Record<string, string>;
  blockDeviceMappings: BlockDevice[];
}

export type ImageWatermarkInfo = ModelOf<ImageWatermark>;

/** Amazon Inspector's summary: the highest severity and, per severity, since when a fix exists. */
export type ImageScanResults = ModelOf<ScanResults>;

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
