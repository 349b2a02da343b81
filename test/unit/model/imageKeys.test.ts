import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v8 from 'node:v8';
import type { Image } from '@aws-sdk/client-ec2';
import { filterImages, matchesFilter, sortNewestFirst } from '../../../src/model/grouping';
import {
  AMI_IMAGE_KEYS,
  BLOCK_DEVICE_KEYS,
  EBS_VOLUME_KEYS,
  INSTANCE_TYPE_SPECIFICATION_KEYS,
  PRODUCT_CODE_KEYS,
  SCAN_RESULTS_KEYS,
  STATE_REASON_KEYS,
  WATERMARK_KEYS,
  keysOf,
  type AmiImage,
  type KeyTable,
} from '../../../src/model/image';
import { toAmiImage } from '../../../src/model/imageMapping';
import { RegionImages } from '../../../src/tree/regionImages';
import { Limiter } from '../../../src/util/limiter';

/**
 * The declared keys of each nested object of an AmiImage, by where it sits: the test walks a
 * mapped image and checks every own key it finds against these tables.
 */
type Shape = { keys: readonly string[]; nested?: Record<string, Shape | 'strings' | 'record'> };
const shape = <T>(table: KeyTable<T>, nested?: Shape['nested']): Shape => ({ keys: keysOf(table), ...(nested ? { nested } : {}) });
const IMAGE_SHAPE: Shape = shape(AMI_IMAGE_KEYS, {
  stateReason: shape(STATE_REASON_KEYS),
  imageWatermarks: shape(WATERMARK_KEYS),
  scanResults: shape(SCAN_RESULTS_KEYS),
  instanceTypeSpecification: shape(INSTANCE_TYPE_SPECIFICATION_KEYS, { supportedInstanceTypes: 'strings', unsupportedInstanceTypes: 'strings' }),
  productCodes: shape(PRODUCT_CODE_KEYS),
  tags: 'record',
  blockDeviceMappings: shape(BLOCK_DEVICE_KEYS, { ebs: shape(EBS_VOLUME_KEYS) }),
});

/** Every problem with `value` against `s`: undeclared keys, empty members, SDK objects. */
function problems(value: unknown, s: Shape | 'strings' | 'record', path: string): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${path} is an empty list`);
    value.forEach((item, i) => out.push(...problems(item, s, `${path}[${i}]`)));
    return out;
  }
  if (s === 'strings') return typeof value === 'string' ? [] : [`${path} is not a string`];
  if (typeof value !== 'object' || value === null) return [`${path} is not an object`];
  if (Object.getPrototypeOf(value) !== Object.prototype) out.push(`${path} is not a plain object`);
  const keys = Reflect.ownKeys(value);
  if (keys.length === 0) out.push(`${path} is an empty object`);
  for (const key of keys) {
    const v = (value as Record<string | symbol, unknown>)[key];
    const at = `${path}.${String(key)}`;
    if (s === 'record') {
      if (typeof v !== 'string') out.push(`${at} (a tag) is not a string`);
      continue;
    }
    if (typeof key !== 'string' || !s.keys.includes(key)) {
      out.push(`${at} is not declared`);
      continue;
    }
    if (v === undefined || v === null) out.push(`${at} is ${String(v)}`);
    else if (typeof v === 'object') {
      const nested = s.nested?.[key];
      if (nested) out.push(...problems(v, nested, at));
      else out.push(`${at} is an object where the model declares a value`);
    } else if (typeof v === 'function') out.push(`${at} is a function`);
  }
  return out;
}

/** An SDK Image with every member set, plus what the model must not keep: extra members, empty lists, undefined. */
function everyMemberImage(id = 'ami-0123456789abcdef0'): Image {
  const image: Image & Record<string, unknown> = {
    ImageId: id,
    ImageLocation: '123456789012/web-2024',
    State: 'available',
    OwnerId: '123456789012',
    CreationDate: '2024-03-01T10:20:30.000Z',
    Public: true,
    ProductCodes: [{ ProductCodeId: 'abc123', ProductCodeType: 'marketplace', Extra: 'x' } as never],
    Architecture: 'arm64',
    ImageType: 'machine',
    KernelId: 'aki-1',
    RamdiskId: 'ari-1',
    Platform: 'windows' as Image['Platform'],
    PlatformDetails: 'Windows',
    UsageOperation: 'RunInstances:0002',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          SnapshotId: 'snap-1',
          VolumeSize: 30,
          VolumeType: 'gp3',
          Iops: 3000,
          Throughput: 125,
          Encrypted: true,
          KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
          DeleteOnTermination: true,
          OutpostArn: 'arn:aws:outposts:us-east-1:123456789012:outpost/op-1',
          AvailabilityZone: 'us-east-1a',
          AvailabilityZoneId: 'use1-az1',
          VolumeInitializationRate: 300,
          EbsCardIndex: 1,
          FutureMember: 'kept by nobody',
          Nested: { Deep: true },
        } as never,
        Unknown: [1, 2],
      } as never,
      { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0', Ebs: undefined },
      { DeviceName: '/dev/sdc', NoDevice: '' },
      { DeviceName: '/dev/sdd', Ebs: {} },
    ],
    Description: 'web server',
    EnaSupport: true,
    Hypervisor: 'xen',
    ImageOwnerAlias: 'self',
    Name: 'web-2024',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    StateReason: { Code: 'x', Message: 'y', Other: 'z' } as never,
    Tags: [
      { Key: 'Name', Value: 'web-2024' },
      { Key: 'Team', Value: 'Payments' },
      { Key: 'NoValue' },
      { Value: 'no key' },
    ],
    VirtualizationType: 'hvm',
    BootMode: 'uefi',
    TpmSupport: 'v2.0',
    DeprecationTime: '2026-01-01T00:00:00.000Z',
    ImdsSupport: 'v2.0',
    SourceInstanceId: 'i-1',
    DeregistrationProtection: 'enabled',
    LastLaunchedTime: '2025-02-02T02:02:02Z',
    ImageAllowed: true,
    SourceImageId: 'ami-source',
    SourceImageRegion: 'eu-west-1',
    FreeTierEligible: false,
    PublicSsmParameterName: '/aws/service/x',
    ImageWatermarks: [
      {
        WatermarkKey: 'k',
        SourceImageId: 'ami-w',
        SourceImageRegion: 'us-west-2',
        SourceImageCreationTime: new Date('2023-01-01T00:00:00Z'),
        WatermarkCreationTime: new Date('2023-02-01T00:00:00Z'),
      },
    ],
    ScanResults: {
      HighestFindingSeverityLabel: 'high',
      FindingScanDate: new Date('2025-01-01T00:00:00Z'),
      InformationalFixAvailableSince: new Date('2025-01-02T00:00:00Z'),
      LowFixAvailableSince: new Date('2025-01-03T00:00:00Z'),
      MediumFixAvailableSince: new Date('2025-01-04T00:00:00Z'),
      HighFixAvailableSince: new Date('2025-01-05T00:00:00Z'),
      CriticalFixAvailableSince: new Date('2025-01-06T00:00:00Z'),
    },
    InstanceTypeSpecification: { SupportedInstanceTypes: [{ InstanceType: 't3.*' }], UnsupportedInstanceTypes: [{ InstanceType: 'm5.large' }, {}] },
    // What EC2 may add tomorrow, and what the SDK's response carries besides the image.
    FutureMember: 'not in the model',
    FutureList: [{ A: 1 }],
    $metadata: { httpStatusCode: 200 },
  };
  return image;
}

/** An SDK image with the optional lists empty or undefined and the nested shapes empty. */
function emptyListsImage(): Image {
  return {
    ImageId: 'ami-0fedcba9876543210',
    Name: undefined,
    Description: undefined,
    ProductCodes: [],
    Tags: [],
    BlockDeviceMappings: [],
    ImageWatermarks: [],
    StateReason: {},
    ScanResults: {},
    InstanceTypeSpecification: { SupportedInstanceTypes: [], UnsupportedInstanceTypes: [{}] },
    Public: undefined,
    State: undefined,
  };
}

describe('model/imageMapping: the mapped image holds only declared keys', () => {
  it('maps an image with every member set (and extra ones) to declared keys only', () => {
    const mapped = toAmiImage(everyMemberImage(), 'us-east-1');
    assert.ok(mapped);
    assert.deepEqual(problems(mapped, IMAGE_SHAPE, 'image'), []);
  });

  it('keeps every declared member the SDK image sets (the declared lists are not too short for the mapping)', () => {
    const mapped = toAmiImage(everyMemberImage(), 'us-east-1') as AmiImage;
    assert.deepEqual(keysOf(AMI_IMAGE_KEYS).filter((k) => !(k in mapped)), [], 'every declared image key is set');
    const ebs = mapped.blockDeviceMappings?.[0]?.ebs ?? {};
    assert.deepEqual(keysOf(EBS_VOLUME_KEYS).filter((k) => !(k in ebs)), [], 'every declared EBS key is set');
    assert.deepEqual(keysOf(SCAN_RESULTS_KEYS).filter((k) => !(k in (mapped.scanResults ?? {}))), []);
    assert.deepEqual(mapped.tags, { Name: 'web-2024', Team: 'Payments', NoValue: '' });
    assert.deepEqual(mapped.instanceTypeSpecification, { supportedInstanceTypes: ['t3.*'], unsupportedInstanceTypes: ['m5.large'] });
    assert.deepEqual(
      mapped.blockDeviceMappings?.map((d) => [d.deviceName, d.kind, 'ebs' in d]),
      [
        ['/dev/xvda', 'ebs', true],
        ['/dev/sdb', 'ephemeral', false],
        ['/dev/sdc', 'noDevice', false],
        ['/dev/sdd', 'ebs', false],
      ],
    );
  });

  it('keeps no empty optional member: no [], no {}, no undefined', () => {
    const mapped = toAmiImage(emptyListsImage(), 'us-east-1');
    assert.ok(mapped);
    assert.deepEqual(problems(mapped, IMAGE_SHAPE, 'image'), []);
    assert.deepEqual(mapped, { imageId: 'ami-0fedcba9876543210', region: 'us-east-1', state: 'unknown', public: false });
  });

  it('the check itself finds a kept SDK object, an extra member, an empty list and an undefined member', () => {
    const good = toAmiImage(everyMemberImage(), 'us-east-1') as AmiImage;
    const withSdk = { ...good, raw: everyMemberImage() } as AmiImage;
    assert.ok(problems(withSdk, IMAGE_SHAPE, 'image').includes('image.raw is not declared'));
    const extraEbs = { ...good, blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { volumeSize: 8, futureMember: 'x' } as never }] } as AmiImage;
    assert.deepEqual(problems(extraEbs, IMAGE_SHAPE, 'image'), ['image.blockDeviceMappings[0].ebs.futureMember is not declared']);
    assert.deepEqual(problems({ ...good, productCodes: [] }, IMAGE_SHAPE, 'image'), ['image.productCodes is an empty list']);
    assert.deepEqual(problems({ ...good, tags: {} }, IMAGE_SHAPE, 'image'), ['image.tags is an empty object']);
    assert.deepEqual(problems({ ...good, description: undefined }, IMAGE_SHAPE, 'image'), ['image.description is undefined']);
    assert.deepEqual(problems({ ...good, stateReason: { code: 'x', message: 'y', Code: 'x' } as never }, IMAGE_SHAPE, 'image'), ['image.stateReason.Code is not declared']);
  });
});

/** `text` reversed: the tests hold strings only in this form, so they add no copy of the ones counted. */
const reversed = (text: string): string => [...text].reverse().join('');

/**
 * How many distinct string objects hold each text (given reversed), read from one heap snapshot
 * taken before those texts exist here: equal strings compare equal in JavaScript, so sharing is
 * visible only there.
 */
function stringCopies(reversedTexts: readonly string[]): number[] {
  const file = v8.writeHeapSnapshot(join(tmpdir(), `ami-explorer-intern-${process.pid}.heapsnapshot`));
  let snapshot: { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as typeof snapshot;
  } finally {
    rmSync(file, { force: true });
  }
  const fields = snapshot.snapshot.meta.node_fields;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const stringType = snapshot.snapshot.meta.node_types[0].indexOf('string');
  const counts = new Map<number, number>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (snapshot.nodes[i + typeAt] === stringType) {
      const name = snapshot.nodes[i + nameAt] as number;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return reversedTexts.map((r) => counts.get(snapshot.strings.indexOf(reversed(r))) ?? 0);
}

/**
 * Two images mapped from SDK records that each hold their own copy of every text (as records
 * parsed from XML do); the records are garbage once this returns.
 */
function mapTwo(marker: string): AmiImage[] {
  const sdk = (id: string): Image => ({
    ImageId: id,
    Architecture: reversed(`hcra-${marker}`) as Image['Architecture'],
    BlockDeviceMappings: [{ DeviceName: reversed(`ved-${marker}`), Ebs: { SnapshotId: reversed(`pans-${marker}`), VolumeType: reversed(`epyt-${marker}`) as never } }],
    Tags: [{ Key: reversed(`yek-${marker}`), Value: reversed(`eulav-${marker}`) }],
  });
  return [toAmiImage(sdk('ami-00000000000000001'), 'us-east-1'), toAmiImage(sdk('ami-00000000000000002'), 'us-east-1')].filter((i): i is AmiImage => i !== undefined);
}

describe('model/imageMapping: shared strings', function () {
  this.timeout(60_000);

  it('two mapped images share one string for a repeated value, and keep their own for their own values', () => {
    const marker = `${process.pid}${Date.now()}zz`;
    const kept = mapTwo(marker);
    assert.equal(kept.length, 2);
    const [arch, device, volumeType, tagKey, tagValue, snapshot] = stringCopies(['hcra-', 'ved-', 'epyt-', 'yek-', 'eulav-', 'pans-'].map((p) => `${p}${marker}`));
    assert.equal(arch, 1, 'architecture: one shared string');
    assert.equal(device, 1, 'device name: one shared string');
    assert.equal(volumeType, 1, 'volume type: one shared string');
    assert.equal(tagKey, 1, 'tag key: one shared string');
    assert.equal(tagValue, 1, 'short tag value: one shared string');
    assert.equal(snapshot, 2, 'a snapshot id is the image’s own (so this check does see two copies when there are two)');
    assert.equal(kept[0]?.architecture, kept[1]?.architecture);
  });
});

describe('model/grouping: sort and search keys follow the image object', () => {
  const sdk = (id: string, created: string, tags: Record<string, string>): Image => ({
    ImageId: id,
    Name: `build-${id}`,
    CreationDate: created,
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  });
  const map = (image: Image): AmiImage => toAmiImage(image, 'eu-west-1') as AmiImage;

  function regionWith(images: AmiImage[]): RegionImages {
    const data = new RegionImages(
      undefined,
      'eu-west-1',
      () => {
        throw new Error('no listing in this test');
      },
      () => ({ scopes: [{ kind: 'self' }], filter: {}, pageSize: 50 }),
      new Limiter(1),
      () => undefined,
    );
    data.images = images;
    return data;
  }

  it('after replaceImage, filter and sort see the new image, not the keys of the one it replaced', () => {
    const a = map(sdk('ami-0000000000000000a', '2024-01-01T00:00:00.000Z', { Stage: 'green' }));
    const b = map(sdk('ami-0000000000000000b', '2024-06-01T00:00:00.000Z', { Stage: 'green' }));
    const data = regionWith([a, b]);
    // The keys of `a` are worked out and used before the change.
    assert.deepEqual(filterImages(data.images, 'green').map((i) => i.imageId), [a.imageId, b.imageId]);
    assert.deepEqual(sortNewestFirst(data.images).map((i) => i.imageId), [b.imageId, a.imageId]);

    // The change flow: `a` re-read with a new tag value and a newer date.
    assert.equal(data.replaceImage(map(sdk(a.imageId, '2025-01-01T00:00:00.000Z', { Stage: 'Blue' }))), true);
    assert.deepEqual(filterImages(data.images, 'blue').map((i) => i.imageId), [a.imageId]);
    assert.deepEqual(filterImages(data.images, 'green').map((i) => i.imageId), [b.imageId]);
    assert.deepEqual(sortNewestFirst(data.images).map((i) => i.imageId), [a.imageId, b.imageId]);
    // The image it replaced still answers with its own keys (a panel may still hold it).
    assert.equal(matchesFilter(a, 'green'), true);
  });

  it('an image made by copying another (not through the mapping) gets its own keys', () => {
    const a = map(sdk('ami-0000000000000000a', '2024-01-01T00:00:00.000Z', { Stage: 'green' }));
    assert.equal(matchesFilter(a, 'green'), true);
    const copy: AmiImage = { ...a, tags: { Stage: 'red' }, creationDate: '2023-01-01T00:00:00.000Z', name: 'Renamed' };
    assert.equal(matchesFilter(copy, 'green'), false);
    assert.equal(matchesFilter(copy, 'red'), true);
    assert.equal(matchesFilter(copy, 'renamed'), true, 'the name, lower-cased');
    assert.equal(matchesFilter(copy, `build-${a.imageId}`), false, 'not the old name');
    const b = map(sdk('ami-0000000000000000b', '2023-06-01T00:00:00.000Z', {}));
    assert.deepEqual(sortNewestFirst([copy, b]).map((i) => i.imageId), [b.imageId, a.imageId], 'sorted by the copy’s own date');
  });
});
