/**
 * EC2 filters: `*` matches any run of characters, `?` exactly one, `\` escapes either. Values of
 * one filter are ORed, filters are ANDed. Each known filter name maps a record to the strings it
 * is matched against; an unknown name is InvalidParameterValue, as EC2 answers.
 */
import { Ec2Error } from './errors';
import type { Filter } from './params';
import type { EmuImage, EmuSnapshot } from './types';
import { isPublicImage } from './types';

export function wildcardToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length && '*?\\'.includes(pattern[i + 1] as string)) {
      re += escapeRe(pattern[++i] as string);
    } else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += escapeRe(c);
  }
  return new RegExp(`${re}$`, 'u');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Extractor<T> = (record: T) => (string | undefined)[];

const b = (v: boolean | undefined): string | undefined => (v === undefined ? undefined : String(v));

const IMAGE_FILTERS: Record<string, Extractor<EmuImage>> = {
  architecture: (i) => [i.architecture],
  'block-device-mapping.delete-on-termination': (i) => i.blockDeviceMappings.map((m) => b(m.ebs?.deleteOnTermination)),
  'block-device-mapping.device-name': (i) => i.blockDeviceMappings.map((m) => m.deviceName),
  'block-device-mapping.snapshot-id': (i) => i.blockDeviceMappings.map((m) => m.ebs?.snapshotId),
  'block-device-mapping.volume-size': (i) => i.blockDeviceMappings.map((m) => (m.ebs?.volumeSize === undefined ? undefined : String(m.ebs.volumeSize))),
  'block-device-mapping.volume-type': (i) => i.blockDeviceMappings.map((m) => m.ebs?.volumeType),
  'block-device-mapping.encrypted': (i) => i.blockDeviceMappings.map((m) => b(m.ebs?.encrypted)),
  'boot-mode': (i) => [i.bootMode],
  'creation-date': (i) => [i.creationDate],
  description: (i) => [i.description],
  'ena-support': (i) => [b(i.enaSupport)],
  'free-tier-eligible': (i) => [b(i.freeTierEligible)],
  hypervisor: (i) => [i.hypervisor],
  'image-allowed': (i) => [b(i.imageAllowed)],
  'image-id': (i) => [i.imageId],
  'image-type': (i) => [i.imageType],
  'is-public': (i) => [String(isPublicImage(i))],
  'kernel-id': (i) => [i.kernelId],
  'manifest-location': (i) => [i.imageLocation],
  name: (i) => [i.name],
  'owner-alias': (i) => [i.ownerAlias],
  'owner-id': (i) => [i.ownerId],
  platform: (i) => [i.platform],
  'product-code': (i) => i.productCodes.map((p) => p.productCodeId),
  'product-code.type': (i) => i.productCodes.map((p) => p.productCodeType),
  'public-ssm-parameter-name': (i) => [i.publicSsmParameterName],
  'ramdisk-id': (i) => [i.ramdiskId],
  'root-device-name': (i) => [i.rootDeviceName],
  'root-device-type': (i) => [i.rootDeviceType],
  'source-image-id': (i) => [i.sourceImageId],
  'source-image-region': (i) => [i.sourceImageRegion],
  'source-instance-id': (i) => [i.sourceInstanceId],
  state: (i) => [i.state],
  'state-reason-code': (i) => [i.stateReason?.code],
  'state-reason-message': (i) => [i.stateReason?.message],
  'sriov-net-support': (i) => [i.sriovNetSupport],
  'tag-key': (i) => i.tags.map((t) => t.key),
  'tag-value': (i) => i.tags.map((t) => t.value),
  'virtualization-type': (i) => [i.virtualizationType],
  'deprecation-time': (i) => [i.deprecationTime],
  'image-watermark.watermark-key': (i) => (i.watermarks ?? []).map((w) => w.watermarkKey),
  'image-watermark.source-image-id': (i) => (i.watermarks ?? []).map((w) => w.sourceImageId),
  'image-watermark.source-image-region': (i) => (i.watermarks ?? []).map((w) => w.sourceImageRegion),
  'scan-result.highest-finding-severity-label': (i) => [i.scanResults?.highestFindingSeverityLabel],
  'instance-type-specification.supported-instance-type': (i) => i.instanceTypeSpecification?.supported ?? [],
  'instance-type-specification.unsupported-instance-type': (i) => i.instanceTypeSpecification?.unsupported ?? [],
};

const SNAPSHOT_FILTERS: Record<string, Extractor<EmuSnapshot>> = {
  description: (s) => [s.description],
  encrypted: (s) => [String(s.encrypted)],
  'kms-key-id': (s) => [s.kmsKeyId],
  'owner-alias': (s) => [s.ownerAlias],
  'owner-id': (s) => [s.ownerId],
  progress: (s) => [s.progress],
  'snapshot-id': (s) => [s.snapshotId],
  'start-time': (s) => [s.startTime],
  status: (s) => [s.state],
  'storage-tier': (s) => [s.storageTier],
  'tag-key': (s) => s.tags.map((t) => t.key),
  'tag-value': (s) => s.tags.map((t) => t.value),
  'volume-id': (s) => [s.volumeId],
  'volume-size': (s) => [String(s.volumeSize)],
};

export type Predicate<T> = (record: T) => boolean;

function compile<T>(filters: Filter[], known: Record<string, Extractor<T>>, tagsOf: (r: T) => { key: string; value: string }[]): Predicate<T> {
  const parts: Predicate<T>[] = filters.map((f) => {
    let extract: Extractor<T> | undefined;
    if (f.name.startsWith('tag:')) {
      const key = f.name.slice(4);
      extract = (r) => tagsOf(r).filter((t) => t.key === key).map((t) => t.value);
    } else {
      extract = Object.prototype.hasOwnProperty.call(known, f.name) ? known[f.name] : undefined;
    }
    if (!extract) throw new Ec2Error('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    const patterns = f.values.map(wildcardToRegExp);
    const ex = extract;
    return (r) => {
      for (const v of ex(r)) {
        if (v === undefined) continue;
        for (const p of patterns) if (p.test(v)) return true;
      }
      return false;
    };
  });
  return (r) => parts.every((p) => p(r));
}

/** Filters over any record: `known` maps filter names to the values matched; `tag:KEY` when tagsOf is given. */
export function compileFilters<T>(filters: Filter[], known: Record<string, Extractor<T>>, tagsOf: (r: T) => { key: string; value: string }[] = () => []): Predicate<T> {
  return compile(filters, known, tagsOf);
}

export type { Extractor };

export function compileImageFilters(filters: Filter[]): Predicate<EmuImage> {
  return compile(filters, IMAGE_FILTERS, (i) => i.tags);
}

export function compileSnapshotFilters(filters: Filter[]): Predicate<EmuSnapshot> {
  return compile(filters, SNAPSHOT_FILTERS, (s) => s.tags);
}

export const SUPPORTED_IMAGE_FILTERS = Object.keys(IMAGE_FILTERS);
