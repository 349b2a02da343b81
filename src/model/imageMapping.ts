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
import { prepareImage } from './grouping';
import {
  EBS_VOLUME_KEYS,
  IMAGE_DATE_FIELDS,
  IMAGE_FIELDS,
  PRODUCT_CODE_KEYS,
  SCAN_RESULTS_KEYS,
  STATE_REASON_KEYS,
  WATERMARK_KEYS,
  keysOf,
  type AmiImage,
  type AncestryEntry,
  type BlockDevice,
  type EbsVolume,
  type ImageAttributeName,
  type ImageAttributeValue,
  type ImageFieldName,
  type ImageProductCode,
  type ImageScanResults,
  type ImageStateReason,
  type ImageWatermarkInfo,
  type InstanceTypeSpecification,
  type KeyTable,
  type LaunchPermission,
  type ModelOf,
  type SnapshotInfo,
} from './image';
import { intern, lowerFirst, upperFirst } from './objects';

type DateLike = Date | string;

/** EC2's own form (2024-03-01T10:20:30.000Z): kept as the very string, without a parse. */
const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Dates to ISO 8601. A string that does not parse is kept as given rather than lost. */
export function toIsoDate(value: DateLike | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && CANONICAL_ISO.test(value)) return value;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : undefined;
  return date.toISOString();
}

/** Tags as key → value in EC2's order; a tag without a key is dropped (EC2 never sends one). */
export function tagsToRecord(tags: Tag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) setTag(record, tag.Key, tag.Value ?? '');
  return record;
}

/** Own property even for a key like "__proto__" (tag keys are written by strangers). */
function setTag(record: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
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

/** How a member is copied: kept as is, shared (interned: values that repeat across images), or a date. */
const KEEP = 0;
const SHARED = 1;
const DATE = 2;
type Copy = typeof KEEP | typeof SHARED | typeof DATE;

/** One member to copy: model name, SDK member, how. */
type Member = readonly [string, string, Copy];

/** The members of a declared key table, each copied `how` unless named in `special`. */
function members<T>(table: KeyTable<T>, how: Copy, special: Partial<Record<keyof T & string, Copy>> = {}): Member[] {
  return keysOf(table).map((key) => [key, upperFirst(key), special[key] ?? how] as const);
}

/**
 * Copies the declared members of a flat SDK shape: texts, numbers and flags (dates as ISO 8601).
 * Undefined, null and undeclared members are left out; undefined when nothing was copied.
 */
function copyMembers<T>(from: object, list: readonly Member[]): T | undefined {
  const out: Record<string, unknown> = {};
  return copyInto(out, from, list) ? (out as T) : undefined;
}

/** Copies the declared members of `from` into `into` (see copyMembers); whether any was copied. */
function copyInto(into: Record<string, unknown>, from: object, list: readonly Member[]): boolean {
  const source = from as Record<string, unknown>;
  let copied = false;
  for (const [key, member, how] of list) {
    const v = source[member];
    if (typeof v === 'string') into[key] = how === SHARED ? intern(v) : how === DATE ? toIsoDate(v) : v;
    else if (typeof v === 'number' || typeof v === 'boolean') into[key] = v;
    else if (v instanceof Date) into[key] = toIsoDate(v);
    else continue;
    copied = true;
  }
  return copied;
}

const EBS_MEMBERS = members(EBS_VOLUME_KEYS, SHARED, { snapshotId: KEEP });
const STATE_REASON_MEMBERS = members(STATE_REASON_KEYS, SHARED);
const PRODUCT_CODE_MEMBERS = members(PRODUCT_CODE_KEYS, SHARED);
const WATERMARK_MEMBERS = members(WATERMARK_KEYS, SHARED, { sourceImageCreationTime: DATE, watermarkCreationTime: DATE });
const SCAN_RESULTS_MEMBERS = members(SCAN_RESULTS_KEYS, DATE, { highestFindingSeverityLabel: SHARED });

/** IMAGE_FIELDS members whose values are the image's own (not shared with other images). */
const UNIQUE_FIELDS: readonly ImageFieldName[] = ['name', 'imageLocation', 'sourceInstanceId', 'sourceImageId'];
/** IMAGE_FIELDS in their order, with how each is copied; state and public are set by toAmiImage. */
const IMAGE_MEMBERS: Member[] = (Object.entries(IMAGE_FIELDS) as [ImageFieldName, string][])
  .filter(([key]) => key !== 'state' && key !== 'public')
  .map(([key, member]) => [key, member, IMAGE_DATE_FIELDS.includes(key) ? DATE : UNIQUE_FIELDS.includes(key) ? KEEP : SHARED]);

function blockDeviceKind(mapping: BlockDeviceMapping): BlockDevice['kind'] {
  return mapping.NoDevice !== undefined && mapping.NoDevice !== null ? 'noDevice' : mapping.VirtualName !== undefined && mapping.Ebs === undefined ? 'ephemeral' : 'ebs';
}

/**
 * One mapping. Its kind: NoDevice suppresses the device (it wins over anything else present),
 * a virtual name is an instance store volume, otherwise it is EBS.
 */
export function toBlockDevice(mapping: BlockDeviceMapping): BlockDevice {
  const device: BlockDevice = { deviceName: intern(mapping.DeviceName ?? ''), kind: blockDeviceKind(mapping) };
  if (typeof mapping.VirtualName === 'string') device.virtualName = intern(mapping.VirtualName);
  if (typeof mapping.NoDevice === 'string') device.noDevice = intern(mapping.NoDevice);
  const ebs = mapping.Ebs ? copyMembers<EbsVolume>(mapping.Ebs, EBS_MEMBERS) : undefined;
  if (ebs) device.ebs = ebs;
  return device;
}

/** Each item mapped; undefined for an absent or empty list, or when no item maps to anything. */
function listOf<S, T>(items: readonly S[] | undefined, map: (item: S) => T | undefined): T[] | undefined {
  if (!items || items.length === 0) return undefined;
  const out: T[] = [];
  for (const item of items) {
    const mapped = map(item);
    if (mapped !== undefined) out.push(mapped);
  }
  return out.length > 0 ? out : undefined;
}

function toProductCodes(codes: Image['ProductCodes']): ImageProductCode[] | undefined {
  return listOf(codes, (c) => copyMembers<ImageProductCode>(c, PRODUCT_CODE_MEMBERS));
}

function instanceTypes(items: { InstanceType?: string }[] | undefined): string[] | undefined {
  return listOf(items, (i) => (typeof i.InstanceType === 'string' ? intern(i.InstanceType) : undefined));
}

function toInstanceTypeSpecification(spec: Image['InstanceTypeSpecification']): InstanceTypeSpecification | undefined {
  if (!spec) return undefined;
  const supported = instanceTypes(spec.SupportedInstanceTypes);
  const unsupported = instanceTypes(spec.UnsupportedInstanceTypes);
  if (!supported && !unsupported) return undefined;
  const out: InstanceTypeSpecification = {};
  if (supported) out.supportedInstanceTypes = supported;
  if (unsupported) out.unsupportedInstanceTypes = unsupported;
  return out;
}

/**
 * Tags as a record, keys shared; a value equal to the image name is the name's string, short
 * values are shared. Undefined when there is no tag.
 */
function toTags(tags: Tag[] | undefined, name: string | undefined): Record<string, string> | undefined {
  if (!tags || tags.length === 0) return undefined;
  let record: Record<string, string> | undefined;
  for (const tag of tags) {
    if (typeof tag.Key !== 'string') continue;
    const raw = typeof tag.Value === 'string' ? tag.Value : '';
    const value = raw === name ? name : raw.length <= SHARED_TAG_VALUE_LENGTH ? intern(raw) : raw;
    setTag((record ??= {}), intern(tag.Key), value);
  }
  return record;
}

/** Tag values up to this length are shared (environments, teams, versions); longer ones are usually unique. */
const SHARED_TAG_VALUE_LENGTH = 40;

/**
 * SDK Image → AmiImage. Returns undefined for a record without an image id (EC2 always sends
 * one; the model promises it), so callers can filter instead of carrying a half-made image.
 * Only declared keys are set and no empty one (see AMI_IMAGE_KEYS); the creation date is parsed
 * once here and, with the lower-cased search text, kept for sorting and filtering (grouping.ts).
 */
export function toAmiImage(image: Image, region: string): AmiImage | undefined {
  if (!image.ImageId) return undefined;
  // Built with computed keys, which past a dozen members turn an object into a slow, several
  // times larger hash table; the spread at the end copies it into a compact one.
  const built = { imageId: image.ImageId, region: intern(region), state: intern(image.State ?? 'unknown'), public: image.Public === true } as AmiImage;
  copyInto(built as unknown as Record<string, unknown>, image, IMAGE_MEMBERS);
  const out: AmiImage = { ...built };
  const stateReason = image.StateReason ? copyMembers<ImageStateReason>(image.StateReason, STATE_REASON_MEMBERS) : undefined;
  if (stateReason) out.stateReason = stateReason;
  const watermarks = listOf(image.ImageWatermarks, (w) => copyMembers<ImageWatermarkInfo>(w, WATERMARK_MEMBERS));
  if (watermarks) out.imageWatermarks = watermarks;
  const scan = image.ScanResults ? copyMembers<ImageScanResults>(image.ScanResults, SCAN_RESULTS_MEMBERS) : undefined;
  if (scan) out.scanResults = scan;
  const spec = toInstanceTypeSpecification(image.InstanceTypeSpecification);
  if (spec) out.instanceTypeSpecification = spec;
  const codes = toProductCodes(image.ProductCodes);
  if (codes) out.productCodes = codes;
  const tags = toTags(image.Tags, out.name);
  if (tags) out.tags = tags;
  const devices = listOf(image.BlockDeviceMappings, toBlockDevice);
  if (devices) out.blockDeviceMappings = devices;
  prepareImage(out);
  return out;
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
      result.productCodes = toProductCodes(output.ProductCodes) ?? [];
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
