/**
 * JSON views of an image. `buildImageDocument` gives back EC2's own shape (PascalCase names, as
 * `aws ec2 describe-images` prints them) so a person can read it next to the docs;
 * `normalizeForCompare` gives a form in which two images diff line by line: keys in one stable
 * order, volumes keyed by device name, tags as a sorted map. Pure: no vscode, no SDK.
 */
import { IMAGE_FIELDS, type AmiImage, type BlockDevice, type ImageAttributeName, type ImageAttributeValue, type ImageFieldName, type ImageProductCode } from './image';
import { IMAGE_ATTRIBUTE_KEYS } from './imageMapping';
import { compact, upperFirst } from './objects';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A flat view-model object (ModelOf an SDK shape) under EC2's member names, undefined members left out. */
function ec2Record(value: object): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value) as [string, Json | undefined][]) if (v !== undefined) setOwn(out, upperFirst(key), v);
  return out;
}

function blockDeviceRecord(d: BlockDevice): JsonObject {
  return compact({
    DeviceName: d.deviceName,
    VirtualName: d.virtualName,
    Ebs: d.ebs ? ec2Record(d.ebs) : undefined,
    NoDevice: d.kind === 'noDevice' ? (d.noDevice ?? '') : undefined,
  });
}

function productCodeRecords(codes: readonly ImageProductCode[]): JsonObject[] {
  return codes.map(ec2Record);
}

/** The image as DescribeImages returns it, fields in a reading order (IMAGE_FIELDS's, the lists last). */
export function toImageRecord(image: AmiImage): JsonObject {
  const record: { [key: string]: Json | undefined } = { ImageId: image.imageId };
  for (const [key, member] of Object.entries(IMAGE_FIELDS) as [ImageFieldName, string][]) {
    record[member] = image[key];
    if (key === 'state') record.StateReason = image.stateReason ? ec2Record(image.stateReason) : undefined;
  }
  Object.assign(record, {
    BlockDeviceMappings: (image.blockDeviceMappings ?? []).map(blockDeviceRecord),
    ProductCodes: image.productCodes?.length ? productCodeRecords(image.productCodes) : undefined,
    ImageWatermarks: image.imageWatermarks?.map(ec2Record),
    ScanResults: image.scanResults ? ec2Record(image.scanResults) : undefined,
    InstanceTypeSpecification: image.instanceTypeSpecification
      ? {
          SupportedInstanceTypes: (image.instanceTypeSpecification.supportedInstanceTypes ?? []).map((t) => ({ InstanceType: t })),
          UnsupportedInstanceTypes: (image.instanceTypeSpecification.unsupportedInstanceTypes ?? []).map((t) => ({ InstanceType: t })),
        }
      : undefined,
    Tags: Object.entries(image.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  });
  return compact(record);
}

/**
 * DescribeImageAttribute answers, one member per attribute (scalars flattened from `{Value}`);
 * attributes that could not be read are listed under `Unavailable` with the reason.
 */
export function toAttributesRecord(values: ImageAttributeValue[], unavailable: Partial<Record<ImageAttributeName, string>> = {}): JsonObject {
  const out: JsonObject = {};
  for (const v of values) {
    const key = IMAGE_ATTRIBUTE_KEYS[v.attribute];
    switch (v.attribute) {
      case 'launchPermission':
        out[key] = (v.launchPermissions ?? []).map(ec2Record);
        break;
      case 'productCodes':
        out[key] = productCodeRecords(v.productCodes ?? []);
        break;
      case 'blockDeviceMapping':
        out[key] = (v.blockDeviceMappings ?? []).map(blockDeviceRecord);
        break;
      default:
        out[key] = v.value ?? null;
    }
  }
  const missing = Object.entries(unavailable).filter((e): e is [ImageAttributeName, string] => typeof e[1] === 'string');
  if (missing.length) out.Unavailable = Object.fromEntries(missing.map(([a, reason]) => [IMAGE_ATTRIBUTE_KEYS[a], reason]));
  return out;
}

export interface ImageDocumentInput {
  image: AmiImage;
  attributes?: ImageAttributeValue[];
  /** Attributes that could not be read → why. */
  unavailable?: Partial<Record<ImageAttributeName, string>>;
}

/** The read-only JSON document: region, the DescribeImages record, the attributes. */
export function buildImageDocument(input: ImageDocumentInput): JsonObject {
  const doc: JsonObject = { Region: input.image.region, Image: toImageRecord(input.image) };
  if (input.attributes || input.unavailable) doc.Attributes = toAttributesRecord(input.attributes ?? [], input.unavailable);
  return doc;
}

function byKey<T>(items: T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The form two images are compared in: the same content as `buildImageDocument`, but volumes as a
 * map from device name, tags as a map, lists sorted, and (with `stableStringify`) keys sorted, so
 * the diff shows changed values, not moved ones.
 */
export function normalizeForCompare(input: ImageDocumentInput): JsonObject {
  const image = toImageRecord(input.image);
  image.BlockDeviceMappings = Object.fromEntries(
    (input.image.blockDeviceMappings ?? []).map((d) => {
      const { DeviceName: _name, ...rest } = blockDeviceRecord(d);
      return [d.deviceName, rest];
    }),
  );
  image.Tags = Object.fromEntries(byKey(Object.entries(input.image.tags ?? {}), ([k]) => k));
  if (input.image.productCodes?.length) image.ProductCodes = byKey(productCodeRecords(input.image.productCodes), (c) => String(c.ProductCodeId ?? ''));
  const doc: JsonObject = { Region: input.image.region, Image: image };
  if (input.attributes || input.unavailable) {
    const attrs = toAttributesRecord(input.attributes ?? [], input.unavailable);
    const perms = attrs.LaunchPermissions;
    if (Array.isArray(perms)) attrs.LaunchPermissions = byKey(perms, (p) => JSON.stringify(sortKeys(p)));
    const bdm = attrs.BlockDeviceMappings;
    if (Array.isArray(bdm)) {
      attrs.BlockDeviceMappings = Object.fromEntries(
        bdm.map((d) => {
          const { DeviceName, ...rest } = d as JsonObject;
          return [String(DeviceName), rest];
        }),
      );
    }
    doc.Attributes = attrs;
  }
  return doc;
}

/**
 * Sets an own, enumerable property. Keys here can come from strangers (tag keys, device names): a
 * plain `out[k] = v` with k = "__proto__" would change the object's prototype and drop the key.
 */
function setOwn(out: JsonObject, key: string, value: Json): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(value).sort()) {
      const v = value[k];
      if (v !== undefined) setOwn(out, k, sortKeys(v));
    }
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every depth (arrays keep their order), newline-terminated. */
export function stableStringify(value: JsonObject, indent = 2): string {
  return `${JSON.stringify(sortKeys(value), null, indent)}\n`;
}
