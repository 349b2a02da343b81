/**
 * Maps the SDK's EC2 shapes to the view model. Pure: the SDK is imported for its types only
 * (erased at build), so src/aws/ hands its results straight in and this file adds no SDK code.
 */
import type {
  BlockDeviceMapping,
  Image,
  ImageAncestryEntry,
  ImageAttribute,
  LaunchPermission as SdkLaunchPermission,
  Snapshot,
  Tag,
} from '@aws-sdk/client-ec2';
import {
  IMAGE_DATE_FIELDS,
  IMAGE_FIELDS,
  type AmiImage,
  type AncestryEntry,
  type BlockDevice,
  type ImageAttributeName,
  type ImageAttributeValue,
  type ImageFieldName,
  type LaunchPermission,
  type ModelOf,
  type SnapshotInfo,
} from './image';
import { compact, lowerFirst } from './objects';

type DateLike = Date | string;

/** Dates to ISO 8601. A string that does not parse is kept as given rather than lost. */
export function toIsoDate(value: DateLike | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : undefined;
  return date.toISOString();
}

/** Tags as key → value in EC2's order; a tag without a key is dropped (EC2 never sends one). */
export function tagsToRecord(tags: Tag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key === undefined) continue;
    // Own property even for keys like "__proto__": tag keys are written by strangers.
    Object.defineProperty(record, tag.Key, { value: tag.Value ?? '', enumerable: true, writable: true, configurable: true });
  }
  return record;
}

/**
 * A flat SDK shape → its ModelOf: text, number and flag members under their camelCase names,
 * Dates as ISO strings; undefined and nested members are left out, so no SDK object is kept.
 */
function toModelFields<T extends object>(value: T): ModelOf<T> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v instanceof Date) out[lowerFirst(key)] = toIsoDate(v);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[lowerFirst(key)] = v;
  }
  return out as ModelOf<T>;
}

/**
 * One mapping. Its kind: NoDevice suppresses the device (it wins over anything else present),
 * a virtual name is an instance store volume, otherwise it is EBS.
 */
export function toBlockDevice(mapping: BlockDeviceMapping): BlockDevice {
  const kind: BlockDevice['kind'] =
    mapping.NoDevice !== undefined ? 'noDevice' : mapping.VirtualName !== undefined && mapping.Ebs === undefined ? 'ephemeral' : 'ebs';
  return compact({
    deviceName: mapping.DeviceName ?? '',
    kind,
    virtualName: mapping.VirtualName,
    noDevice: mapping.NoDevice,
    ebs: mapping.Ebs ? toModelFields(mapping.Ebs) : undefined,
  });
}

function toProductCodes(codes: Image['ProductCodes']): AmiImage['productCodes'] {
  return (codes ?? []).map(toModelFields);
}

function instanceTypes(items: { InstanceType?: string }[] | undefined): string[] {
  return (items ?? []).map((i) => i.InstanceType).filter((t): t is string => t !== undefined);
}

/**
 * SDK Image → AmiImage. Returns undefined for a record without an image id (EC2 always sends
 * one; the model promises it), so callers can filter instead of carrying a half-made image.
 */
export function toAmiImage(image: Image, region: string): AmiImage | undefined {
  if (!image.ImageId) return undefined;
  const fields: Partial<Record<ImageFieldName, unknown>> = {};
  for (const [key, member] of Object.entries(IMAGE_FIELDS) as [ImageFieldName, keyof Image][]) {
    const value = image[member];
    fields[key] = IMAGE_DATE_FIELDS.includes(key) ? toIsoDate(value as DateLike | undefined) : value;
  }
  return compact<AmiImage>({
    imageId: image.ImageId,
    region,
    ...(fields as Partial<AmiImage>),
    state: image.State ?? 'unknown',
    stateReason: image.StateReason ? toModelFields(image.StateReason) : undefined,
    public: image.Public === true,
    imageWatermarks: image.ImageWatermarks?.map(toModelFields),
    scanResults: image.ScanResults ? toModelFields(image.ScanResults) : undefined,
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

export function toSnapshotInfo(snapshot: Snapshot, region: string): SnapshotInfo | undefined {
  if (!snapshot.SnapshotId) return undefined;
  return { ...toModelFields(snapshot), snapshotId: snapshot.SnapshotId, region, tags: tagsToRecord(snapshot.Tags) };
}

function toLaunchPermission(p: SdkLaunchPermission): LaunchPermission {
  const { group, ...rest } = toModelFields(p);
  return group === 'all' ? { ...rest, group } : rest;
}

/** DescribeImageAttribute's output member for each attribute (the JSON document names them so too). */
export const IMAGE_ATTRIBUTE_KEYS: Readonly<Record<ImageAttributeName, Exclude<keyof ImageAttribute, 'ImageId'>>> = {
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
export function toImageAttributeValue(output: ImageAttribute, imageId: string, attribute: ImageAttributeName): ImageAttributeValue {
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

export function toAncestryEntry(entry: ImageAncestryEntry): AncestryEntry | undefined {
  if (!entry.ImageId) return undefined;
  return { ...toModelFields(entry), imageId: entry.ImageId };
}
