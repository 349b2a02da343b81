/**
 * Maps the SDK's EC2 shapes to the view model. Pure: the SDK is matched structurally by the
 * `Sdk*Like` interfaces (every member optional, enums as strings, dates as Date or string), so
 * src/aws/ hands its results straight in and this file never imports the SDK.
 */
import type {
  AmiImage,
  AncestryEntry,
  BlockDevice,
  EbsVolume,
  ImageAttributeName,
  ImageAttributeValue,
  ImageScanResults,
  ImageWatermarkInfo,
  LaunchPermission,
  SnapshotInfo,
} from './image';

type DateLike = Date | string;

export interface SdkTagLike {
  Key?: string;
  Value?: string;
}

export interface SdkEbsLike {
  DeleteOnTermination?: boolean;
  Iops?: number;
  SnapshotId?: string;
  VolumeSize?: number;
  VolumeType?: string;
  KmsKeyId?: string;
  Throughput?: number;
  OutpostArn?: string;
  AvailabilityZone?: string;
  Encrypted?: boolean;
  VolumeInitializationRate?: number;
  AvailabilityZoneId?: string;
  EbsCardIndex?: number;
}

export interface SdkBlockDeviceMappingLike {
  Ebs?: SdkEbsLike;
  NoDevice?: string;
  DeviceName?: string;
  VirtualName?: string;
}

export interface SdkProductCodeLike {
  ProductCodeId?: string;
  ProductCodeType?: string;
}

export interface SdkImageLike {
  ImageId?: string;
  ImageLocation?: string;
  State?: string;
  OwnerId?: string;
  CreationDate?: DateLike;
  Public?: boolean;
  ProductCodes?: SdkProductCodeLike[];
  Architecture?: string;
  ImageType?: string;
  KernelId?: string;
  RamdiskId?: string;
  Platform?: string;
  PlatformDetails?: string;
  UsageOperation?: string;
  BlockDeviceMappings?: SdkBlockDeviceMappingLike[];
  Description?: string;
  EnaSupport?: boolean;
  Hypervisor?: string;
  ImageOwnerAlias?: string;
  Name?: string;
  RootDeviceName?: string;
  RootDeviceType?: string;
  SriovNetSupport?: string;
  StateReason?: { Code?: string; Message?: string };
  Tags?: SdkTagLike[];
  VirtualizationType?: string;
  BootMode?: string;
  TpmSupport?: string;
  DeprecationTime?: DateLike;
  ImdsSupport?: string;
  SourceInstanceId?: string;
  DeregistrationProtection?: string;
  LastLaunchedTime?: DateLike;
  ImageAllowed?: boolean;
  SourceImageId?: string;
  SourceImageRegion?: string;
  FreeTierEligible?: boolean;
  PublicSsmParameterName?: string;
  ImageWatermarks?: {
    WatermarkKey?: string;
    SourceImageRegion?: string;
    SourceImageId?: string;
    SourceImageCreationTime?: DateLike;
    WatermarkCreationTime?: DateLike;
  }[];
  ScanResults?: {
    HighestFindingSeverityLabel?: string;
    FindingScanDate?: DateLike;
    InformationalFixAvailableSince?: DateLike;
    LowFixAvailableSince?: DateLike;
    MediumFixAvailableSince?: DateLike;
    HighFixAvailableSince?: DateLike;
    CriticalFixAvailableSince?: DateLike;
  };
  InstanceTypeSpecification?: {
    SupportedInstanceTypes?: { InstanceType?: string }[];
    UnsupportedInstanceTypes?: { InstanceType?: string }[];
  };
}

export interface SdkSnapshotLike {
  SnapshotId?: string;
  VolumeId?: string;
  State?: string;
  StateMessage?: string;
  StartTime?: DateLike;
  Progress?: string;
  OwnerId?: string;
  OwnerAlias?: string;
  Description?: string;
  VolumeSize?: number;
  Encrypted?: boolean;
  KmsKeyId?: string;
  DataEncryptionKeyId?: string;
  OutpostArn?: string;
  StorageTier?: string;
  RestoreExpiryTime?: DateLike;
  SseType?: string;
  AvailabilityZone?: string;
  FullSnapshotSizeInBytes?: number;
  CompletionTime?: DateLike;
  CompletionDurationMinutes?: number;
  TransferType?: string;
  Tags?: SdkTagLike[];
}

export interface SdkLaunchPermissionLike {
  UserId?: string;
  Group?: string;
  OrganizationArn?: string;
  OrganizationalUnitArn?: string;
}

/** DescribeImageAttribute's output. Scalar attributes come as `{ Value }`. */
export interface SdkImageAttributeLike {
  ImageId?: string;
  Description?: { Value?: string };
  KernelId?: { Value?: string };
  RamdiskId?: { Value?: string };
  SriovNetSupport?: { Value?: string };
  BootMode?: { Value?: string };
  TpmSupport?: { Value?: string };
  UefiData?: { Value?: string };
  LastLaunchedTime?: { Value?: string };
  ImdsSupport?: { Value?: string };
  DeregistrationProtection?: { Value?: string };
  LaunchPermissions?: SdkLaunchPermissionLike[];
  ProductCodes?: SdkProductCodeLike[];
  BlockDeviceMappings?: SdkBlockDeviceMappingLike[];
}

export interface SdkAncestryEntryLike {
  ImageId?: string;
  SourceImageId?: string;
  SourceImageRegion?: string;
  CreationDate?: DateLike;
  ImageOwnerAlias?: string;
}

/** Dates to ISO 8601. A string that does not parse is kept as given rather than lost. */
export function toIsoDate(value: DateLike | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : undefined;
  return date.toISOString();
}

/** Tags as key → value in EC2's order; a tag without a key is dropped (EC2 never sends one). */
export function tagsToRecord(tags: SdkTagLike[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key === undefined) continue;
    // Own property even for keys like "__proto__": tag keys are written by strangers.
    Object.defineProperty(record, tag.Key, { value: tag.Value ?? '', enumerable: true, writable: true, configurable: true });
  }
  return record;
}

/** Drops undefined members so models compare and serialize cleanly. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

export function toEbsVolume(ebs: SdkEbsLike): EbsVolume {
  return compact({
    snapshotId: ebs.SnapshotId,
    volumeSize: ebs.VolumeSize,
    volumeType: ebs.VolumeType,
    iops: ebs.Iops,
    throughput: ebs.Throughput,
    encrypted: ebs.Encrypted,
    kmsKeyId: ebs.KmsKeyId,
    deleteOnTermination: ebs.DeleteOnTermination,
    outpostArn: ebs.OutpostArn,
    availabilityZone: ebs.AvailabilityZone,
    availabilityZoneId: ebs.AvailabilityZoneId,
    volumeInitializationRate: ebs.VolumeInitializationRate,
    ebsCardIndex: ebs.EbsCardIndex,
  });
}

/**
 * One mapping. Its kind: NoDevice suppresses the device (it wins over anything else present),
 * a virtual name is an instance store volume, otherwise it is EBS.
 */
export function toBlockDevice(mapping: SdkBlockDeviceMappingLike): BlockDevice {
  const kind: BlockDevice['kind'] =
    mapping.NoDevice !== undefined ? 'noDevice' : mapping.VirtualName !== undefined && mapping.Ebs === undefined ? 'ephemeral' : 'ebs';
  return compact({
    deviceName: mapping.DeviceName ?? '',
    kind,
    virtualName: mapping.VirtualName,
    noDevice: mapping.NoDevice,
    ebs: mapping.Ebs ? toEbsVolume(mapping.Ebs) : undefined,
  });
}

function toProductCodes(codes: SdkProductCodeLike[] | undefined): AmiImage['productCodes'] {
  return (codes ?? []).map((c) => compact({ productCodeId: c.ProductCodeId, productCodeType: c.ProductCodeType }));
}

function toWatermark(w: NonNullable<SdkImageLike['ImageWatermarks']>[number]): ImageWatermarkInfo {
  return compact({
    watermarkKey: w.WatermarkKey,
    sourceImageId: w.SourceImageId,
    sourceImageRegion: w.SourceImageRegion,
    sourceImageCreationTime: toIsoDate(w.SourceImageCreationTime),
    watermarkCreationTime: toIsoDate(w.WatermarkCreationTime),
  });
}

function toScanResults(s: NonNullable<SdkImageLike['ScanResults']>): ImageScanResults {
  return compact({
    highestFindingSeverityLabel: s.HighestFindingSeverityLabel,
    findingScanDate: toIsoDate(s.FindingScanDate),
    informationalFixAvailableSince: toIsoDate(s.InformationalFixAvailableSince),
    lowFixAvailableSince: toIsoDate(s.LowFixAvailableSince),
    mediumFixAvailableSince: toIsoDate(s.MediumFixAvailableSince),
    highFixAvailableSince: toIsoDate(s.HighFixAvailableSince),
    criticalFixAvailableSince: toIsoDate(s.CriticalFixAvailableSince),
  });
}

function instanceTypes(items: { InstanceType?: string }[] | undefined): string[] {
  return (items ?? []).map((i) => i.InstanceType).filter((t): t is string => t !== undefined);
}

/**
 * SDK Image → AmiImage. Returns undefined for a record without an image id (EC2 always sends
 * one; the model promises it), so callers can filter instead of carrying a half-made image.
 */
export function toAmiImage(image: SdkImageLike, region: string): AmiImage | undefined {
  if (!image.ImageId) return undefined;
  return compact<AmiImage>({
    imageId: image.ImageId,
    region,
    name: image.Name,
    description: image.Description,
    ownerId: image.OwnerId,
    ownerAlias: image.ImageOwnerAlias,
    state: image.State ?? 'unknown',
    stateReason: image.StateReason ? compact({ code: image.StateReason.Code, message: image.StateReason.Message }) : undefined,
    public: image.Public === true,
    creationDate: toIsoDate(image.CreationDate),
    deprecationTime: toIsoDate(image.DeprecationTime),
    lastLaunchedTime: toIsoDate(image.LastLaunchedTime),
    architecture: image.Architecture,
    platform: image.Platform,
    platformDetails: image.PlatformDetails,
    usageOperation: image.UsageOperation,
    imageType: image.ImageType,
    imageLocation: image.ImageLocation,
    kernelId: image.KernelId,
    ramdiskId: image.RamdiskId,
    virtualizationType: image.VirtualizationType,
    hypervisor: image.Hypervisor,
    enaSupport: image.EnaSupport,
    sriovNetSupport: image.SriovNetSupport,
    bootMode: image.BootMode,
    tpmSupport: image.TpmSupport,
    imdsSupport: image.ImdsSupport,
    rootDeviceName: image.RootDeviceName,
    rootDeviceType: image.RootDeviceType,
    sourceInstanceId: image.SourceInstanceId,
    sourceImageId: image.SourceImageId,
    sourceImageRegion: image.SourceImageRegion,
    deregistrationProtection: image.DeregistrationProtection,
    imageAllowed: image.ImageAllowed,
    freeTierEligible: image.FreeTierEligible,
    publicSsmParameterName: image.PublicSsmParameterName,
    imageWatermarks: image.ImageWatermarks ? image.ImageWatermarks.map(toWatermark) : undefined,
    scanResults: image.ScanResults ? toScanResults(image.ScanResults) : undefined,
    instanceTypeSpecification: image.InstanceTypeSpecification
      ? {
          supportedInstanceTypes: instanceTypes(image.InstanceTypeSpecification.SupportedInstanceTypes),
          unsupportedInstanceTypes: instanceTypes(image.InstanceTypeSpecification.UnsupportedInstanceTypes),
        }
      : undefined,
    productCodes: toProductCodes(image.ProductCodes),
    tags: tagsToRecord(image.Tags),
    blockDeviceMappings: (image.BlockDeviceMappings ?? []).map(toBlockDevice),
  });
}

export function toSnapshotInfo(snapshot: SdkSnapshotLike, region: string): SnapshotInfo | undefined {
  if (!snapshot.SnapshotId) return undefined;
  return compact<SnapshotInfo>({
    snapshotId: snapshot.SnapshotId,
    region,
    volumeSize: snapshot.VolumeSize,
    state: snapshot.State,
    encrypted: snapshot.Encrypted,
    kmsKeyId: snapshot.KmsKeyId,
    ownerId: snapshot.OwnerId,
    ownerAlias: snapshot.OwnerAlias,
    description: snapshot.Description,
    startTime: toIsoDate(snapshot.StartTime),
    progress: snapshot.Progress,
    volumeId: snapshot.VolumeId,
    storageTier: snapshot.StorageTier,
    stateMessage: snapshot.StateMessage,
    outpostArn: snapshot.OutpostArn,
    availabilityZone: snapshot.AvailabilityZone,
    sseType: snapshot.SseType,
    dataEncryptionKeyId: snapshot.DataEncryptionKeyId,
    restoreExpiryTime: toIsoDate(snapshot.RestoreExpiryTime),
    fullSnapshotSizeInBytes: snapshot.FullSnapshotSizeInBytes,
    completionTime: toIsoDate(snapshot.CompletionTime),
    completionDurationMinutes: snapshot.CompletionDurationMinutes,
    transferType: snapshot.TransferType,
    tags: tagsToRecord(snapshot.Tags),
  });
}

export function toLaunchPermission(p: SdkLaunchPermissionLike): LaunchPermission {
  return compact<LaunchPermission>({
    userId: p.UserId,
    group: p.Group === 'all' ? 'all' : undefined,
    organizationArn: p.OrganizationArn,
    organizationalUnitArn: p.OrganizationalUnitArn,
  });
}

/** DescribeImageAttribute's output member for each attribute (the JSON document names them so too). */
export const IMAGE_ATTRIBUTE_KEYS: Readonly<Record<ImageAttributeName, Exclude<keyof SdkImageAttributeLike, 'ImageId'>>> = {
  description: 'Description',
  kernel: 'KernelId',
  ramdisk: 'RamdiskId',
  launchPermission: 'LaunchPermissions',
  productCodes: 'ProductCodes',
  blockDeviceMapping: 'BlockDeviceMappings',
  sriovNetSupport: 'SriovNetSupport',
  bootMode: 'BootMode',
  tpmSupport: 'TpmSupport',
  uefiData: 'UefiData',
  lastLaunchedTime: 'LastLaunchedTime',
  imdsSupport: 'ImdsSupport',
  deregistrationProtection: 'DeregistrationProtection',
};

/** DescribeImageAttribute's answer for `attribute` → ImageAttributeValue (only that attribute). */
export function toImageAttributeValue(output: SdkImageAttributeLike, imageId: string, attribute: ImageAttributeName): ImageAttributeValue {
  const result: ImageAttributeValue = { imageId: output.ImageId ?? imageId, attribute };
  switch (attribute) {
    case 'launchPermission':
      result.launchPermissions = (output.LaunchPermissions ?? []).map(toLaunchPermission);
      break;
    case 'productCodes':
      result.productCodes = toProductCodes(output.ProductCodes);
      break;
    case 'blockDeviceMapping':
      result.blockDeviceMappings = (output.BlockDeviceMappings ?? []).map(toBlockDevice);
      break;
    default: {
      // The list-valued attributes are handled above; every other member is an { Value } holder.
      const holder = output[IMAGE_ATTRIBUTE_KEYS[attribute]] as { Value?: string } | undefined;
      if (holder?.Value !== undefined) result.value = holder.Value;
    }
  }
  return result;
}

export function toAncestryEntry(entry: SdkAncestryEntryLike): AncestryEntry | undefined {
  if (!entry.ImageId) return undefined;
  return compact<AncestryEntry>({
    imageId: entry.ImageId,
    sourceImageId: entry.SourceImageId,
    sourceImageRegion: entry.SourceImageRegion,
    creationDate: toIsoDate(entry.CreationDate),
    imageOwnerAlias: entry.ImageOwnerAlias,
  });
}
