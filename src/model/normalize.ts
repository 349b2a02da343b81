/**
 * JSON views of an image. `buildImageDocument` gives back EC2's own shape (PascalCase names, as
 * `aws ec2 describe-images` prints them) so a person can read it next to the docs;
 * `normalizeForCompare` gives a form in which two images diff line by line: keys in one stable
 * order, volumes keyed by device name, tags as a sorted map. Pure: no vscode, no SDK.
 */
import type { AmiImage, BlockDevice, ImageAttributeName, ImageAttributeValue, LaunchPermission } from './image';
import { IMAGE_ATTRIBUTE_KEYS } from './imageMapping';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Copies `entries` into an object, leaving out undefined values. */
function compact(entries: [string, Json | undefined][]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of entries) if (v !== undefined) setOwn(out, k, v);
  return out;
}

function blockDeviceRecord(d: BlockDevice): JsonObject {
  const ebs = d.ebs
    ? compact([
        ['DeleteOnTermination', d.ebs.deleteOnTermination],
        ['Iops', d.ebs.iops],
        ['SnapshotId', d.ebs.snapshotId],
        ['VolumeSize', d.ebs.volumeSize],
        ['VolumeType', d.ebs.volumeType],
        ['Throughput', d.ebs.throughput],
        ['KmsKeyId', d.ebs.kmsKeyId],
        ['Encrypted', d.ebs.encrypted],
        ['OutpostArn', d.ebs.outpostArn],
        ['AvailabilityZone', d.ebs.availabilityZone],
        ['AvailabilityZoneId', d.ebs.availabilityZoneId],
        ['VolumeInitializationRate', d.ebs.volumeInitializationRate],
        ['EbsCardIndex', d.ebs.ebsCardIndex],
      ])
    : undefined;
  return compact([
    ['DeviceName', d.deviceName],
    ['VirtualName', d.virtualName],
    ['Ebs', ebs],
    ['NoDevice', d.kind === 'noDevice' ? (d.noDevice ?? '') : undefined],
  ]);
}

function productCodeRecords(codes: { productCodeId?: string; productCodeType?: string }[]): JsonObject[] {
  return codes.map((c) => compact([['ProductCodeId', c.productCodeId], ['ProductCodeType', c.productCodeType]]));
}

function launchPermissionRecord(p: LaunchPermission): JsonObject {
  return compact([
    ['UserId', p.userId],
    ['Group', p.group],
    ['OrganizationArn', p.organizationArn],
    ['OrganizationalUnitArn', p.organizationalUnitArn],
  ]);
}

/** The image as DescribeImages returns it, fields in a reading order. */
export function toImageRecord(image: AmiImage): JsonObject {
  return compact([
    ['ImageId', image.imageId],
    ['Name', image.name],
    ['Description', image.description],
    ['OwnerId', image.ownerId],
    ['ImageOwnerAlias', image.ownerAlias],
    ['State', image.state],
    ['StateReason', image.stateReason ? compact([['Code', image.stateReason.code], ['Message', image.stateReason.message]]) : undefined],
    ['Public', image.public],
    ['CreationDate', image.creationDate],
    ['DeprecationTime', image.deprecationTime],
    ['LastLaunchedTime', image.lastLaunchedTime],
    ['Architecture', image.architecture],
    ['Platform', image.platform],
    ['PlatformDetails', image.platformDetails],
    ['UsageOperation', image.usageOperation],
    ['ImageType', image.imageType],
    ['ImageLocation', image.imageLocation],
    ['KernelId', image.kernelId],
    ['RamdiskId', image.ramdiskId],
    ['VirtualizationType', image.virtualizationType],
    ['Hypervisor', image.hypervisor],
    ['EnaSupport', image.enaSupport],
    ['SriovNetSupport', image.sriovNetSupport],
    ['BootMode', image.bootMode],
    ['TpmSupport', image.tpmSupport],
    ['ImdsSupport', image.imdsSupport],
    ['RootDeviceName', image.rootDeviceName],
    ['RootDeviceType', image.rootDeviceType],
    ['BlockDeviceMappings', image.blockDeviceMappings.map(blockDeviceRecord)],
    ['ProductCodes', image.productCodes.length ? productCodeRecords(image.productCodes) : undefined],
    ['SourceInstanceId', image.sourceInstanceId],
    ['SourceImageId', image.sourceImageId],
    ['SourceImageRegion', image.sourceImageRegion],
    ['DeregistrationProtection', image.deregistrationProtection],
    ['ImageAllowed', image.imageAllowed],
    ['FreeTierEligible', image.freeTierEligible],
    ['PublicSsmParameterName', image.publicSsmParameterName],
    [
      'ImageWatermarks',
      image.imageWatermarks?.map((w) =>
        compact([
          ['WatermarkKey', w.watermarkKey],
          ['SourceImageId', w.sourceImageId],
          ['SourceImageRegion', w.sourceImageRegion],
          ['SourceImageCreationTime', w.sourceImageCreationTime],
          ['WatermarkCreationTime', w.watermarkCreationTime],
        ]),
      ),
    ],
    [
      'ScanResults',
      image.scanResults
        ? compact([
            ['HighestFindingSeverityLabel', image.scanResults.highestFindingSeverityLabel],
            ['FindingScanDate', image.scanResults.findingScanDate],
            ['InformationalFixAvailableSince', image.scanResults.informationalFixAvailableSince],
            ['LowFixAvailableSince', image.scanResults.lowFixAvailableSince],
            ['MediumFixAvailableSince', image.scanResults.mediumFixAvailableSince],
            ['HighFixAvailableSince', image.scanResults.highFixAvailableSince],
            ['CriticalFixAvailableSince', image.scanResults.criticalFixAvailableSince],
          ])
        : undefined,
    ],
    [
      'InstanceTypeSpecification',
      image.instanceTypeSpecification
        ? {
            SupportedInstanceTypes: image.instanceTypeSpecification.supportedInstanceTypes.map((t) => ({ InstanceType: t })),
            UnsupportedInstanceTypes: image.instanceTypeSpecification.unsupportedInstanceTypes.map((t) => ({ InstanceType: t })),
          }
        : undefined,
    ],
    ['Tags', Object.entries(image.tags).map(([Key, Value]) => ({ Key, Value }))],
  ]);
}


export function attributeKey(attribute: ImageAttributeName): string {
  return IMAGE_ATTRIBUTE_KEYS[attribute];
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
        out[key] = (v.launchPermissions ?? []).map(launchPermissionRecord);
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
    input.image.blockDeviceMappings.map((d) => {
      const { DeviceName: _name, ...rest } = blockDeviceRecord(d);
      return [d.deviceName, rest];
    }),
  );
  image.Tags = Object.fromEntries(byKey(Object.entries(input.image.tags), ([k]) => k));
  if (input.image.productCodes.length) image.ProductCodes = byKey(productCodeRecords(input.image.productCodes), (c) => String(c.ProductCodeId ?? ''));
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
