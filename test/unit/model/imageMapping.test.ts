import * as assert from 'node:assert/strict';
import type { BlockDeviceMapping, EbsBlockDevice, Image, ImageAncestryEntry, ImageAttribute, Snapshot } from '@aws-sdk/client-ec2';
import type { AncestryEntry, BlockDevice, EbsVolume, IMAGE_FIELDS, SnapshotInfo } from '../../../src/model/image';
import { tagsToRecord, toAmiImage, toAncestryEntry, toBlockDevice, toImageAttributeValue, toIsoDate, toSnapshotInfo } from '../../../src/model/imageMapping';

/**
 * Compile-time guard: the view model maps every member the SDK models. When the SDK adds a field,
 * `Missing` stops being `never` and this file no longer compiles.
 */
type Missing<Sdk, Mapped> = Exclude<keyof Sdk, Mapped>;
/** Image members toAmiImage reads: the copied fields of IMAGE_FIELDS and the ones it maps itself. */
type ImageMapped =
  | (typeof IMAGE_FIELDS)[keyof typeof IMAGE_FIELDS]
  | 'ImageId'
  | 'StateReason'
  | 'ImageWatermarks'
  | 'ScanResults'
  | 'InstanceTypeSpecification'
  | 'ProductCodes'
  | 'Tags'
  | 'BlockDeviceMappings';
const coversImage: [Missing<Image, ImageMapped>] extends [never] ? true : Missing<Image, ImageMapped> = true;
const coversMapping: [Missing<BlockDeviceMapping, Capitalize<keyof BlockDevice>>] extends [never] ? true : Missing<BlockDeviceMapping, Capitalize<keyof BlockDevice>> = true;
const coversEbs: [Missing<EbsBlockDevice, Capitalize<keyof EbsVolume>>] extends [never] ? true : Missing<EbsBlockDevice, Capitalize<keyof EbsVolume>> = true;
const coversSnapshot: [Missing<Snapshot, Capitalize<keyof SnapshotInfo>>] extends [never] ? true : Missing<Snapshot, Capitalize<keyof SnapshotInfo>> = true;
const coversAncestry: [Missing<ImageAncestryEntry, Capitalize<keyof AncestryEntry>>] extends [never] ? true : Missing<ImageAncestryEntry, Capitalize<keyof AncestryEntry>> = true;

/** A full SDK image as the SDK would hand it over (dates the SDK parses arrive as Date). */
function fullImage(): Image {
  return {
    ImageId: 'ami-0123456789abcdef0',
    ImageLocation: '123456789012/web-2024',
    State: 'available',
    OwnerId: '123456789012',
    CreationDate: '2024-03-01T10:20:30.000Z',
    Public: false,
    ProductCodes: [{ ProductCodeId: 'abc123', ProductCodeType: 'marketplace' }],
    Architecture: 'arm64',
    ImageType: 'machine',
    KernelId: 'aki-1',
    RamdiskId: 'ari-1',
    Platform: 'windows' as Image['Platform'], // EC2 sends lowercase; the SDK's enum says 'Windows'
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
        },
      },
      { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' },
      { DeviceName: '/dev/sdc', NoDevice: '' },
    ],
    Description: 'web <b>server</b>',
    EnaSupport: true,
    Hypervisor: 'xen',
    ImageOwnerAlias: 'self',
    Name: 'web-2024',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    StateReason: { Code: 'x', Message: 'y' },
    Tags: [
      { Key: 'Name', Value: 'Web' },
      { Key: '__proto__', Value: 'polluted?' },
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
    ScanResults: { HighestFindingSeverityLabel: 'high', FindingScanDate: new Date('2025-01-01T00:00:00Z'), CriticalFixAvailableSince: new Date('2025-01-02T00:00:00Z') },
    InstanceTypeSpecification: { SupportedInstanceTypes: [{ InstanceType: 't3.*' }], UnsupportedInstanceTypes: [{ InstanceType: 'm5.large' }] },
  };
}

describe('imageMapping', () => {
  it('names every field the SDK models (checked by the compiler)', () => {
    assert.deepEqual([coversImage, coversMapping, coversEbs, coversSnapshot, coversAncestry], [true, true, true, true, true]);
  });

  it('maps a full image, adding the region and keeping every value', () => {
    const m = toAmiImage(fullImage(), 'eu-central-1');
    assert.ok(m);
    assert.equal(m.imageId, 'ami-0123456789abcdef0');
    assert.equal(m.region, 'eu-central-1');
    assert.equal(m.ownerAlias, 'self');
    assert.equal(m.public, false);
    assert.equal(m.platform, 'windows');
    assert.equal(m.description, 'web <b>server</b>', 'text is kept raw; escaping is the renderer’s job');
    assert.equal(m.lastLaunchedTime, '2025-02-02T02:02:02.000Z', 'dates become ISO strings');
    assert.deepEqual(m.stateReason, { code: 'x', message: 'y' });
    assert.deepEqual(m.productCodes, [{ productCodeId: 'abc123', productCodeType: 'marketplace' }]);
    assert.deepEqual(m.imageWatermarks, [
      { watermarkKey: 'k', sourceImageId: 'ami-w', sourceImageRegion: 'us-west-2', sourceImageCreationTime: '2023-01-01T00:00:00.000Z', watermarkCreationTime: '2023-02-01T00:00:00.000Z' },
    ]);
    assert.deepEqual(m.scanResults, { highestFindingSeverityLabel: 'high', findingScanDate: '2025-01-01T00:00:00.000Z', criticalFixAvailableSince: '2025-01-02T00:00:00.000Z' });
    assert.deepEqual(m.instanceTypeSpecification, { supportedInstanceTypes: ['t3.*'], unsupportedInstanceTypes: ['m5.large'] });
    assert.equal(m.deregistrationProtection, 'enabled');
    assert.equal(m.freeTierEligible, false);
  });

  it('maps block devices by kind: ebs, ephemeral, noDevice', () => {
    const m = toAmiImage(fullImage(), 'us-east-1');
    assert.ok(m);
    assert.deepEqual(
      (m.blockDeviceMappings ?? []).map((b) => [b.deviceName, b.kind]),
      [
        ['/dev/xvda', 'ebs'],
        ['/dev/sdb', 'ephemeral'],
        ['/dev/sdc', 'noDevice'],
      ],
    );
    assert.deepEqual((m.blockDeviceMappings ?? [])[0]?.ebs, {
      snapshotId: 'snap-1',
      volumeSize: 30,
      volumeType: 'gp3',
      iops: 3000,
      throughput: 125,
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
      deleteOnTermination: true,
      outpostArn: 'arn:aws:outposts:us-east-1:123456789012:outpost/op-1',
      availabilityZone: 'us-east-1a',
      availabilityZoneId: 'use1-az1',
      volumeInitializationRate: 300,
      ebsCardIndex: 1,
    });
    assert.equal((m.blockDeviceMappings ?? [])[1]?.virtualName, 'ephemeral0');
    assert.equal((m.blockDeviceMappings ?? [])[2]?.noDevice, '');
    // NoDevice wins even when other members are present.
    assert.equal(toBlockDevice({ DeviceName: '/dev/sdd', NoDevice: '', Ebs: { VolumeSize: 1 } }).kind, 'noDevice');
  });

  it('keeps hostile tag keys as own data, not prototype changes', () => {
    const tags = tagsToRecord([
      { Key: '__proto__', Value: 'x' },
      { Key: 'constructor', Value: 'y' },
      { Value: 'no key' },
    ]);
    assert.deepEqual(Object.keys(tags), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(tags), Object.prototype);
    assert.equal(({} as Record<string, unknown>)['x'], undefined);
    assert.equal(tags['constructor'], 'y');
  });

  it('refuses an image without an id and fills defaults for a bare one', () => {
    assert.equal(toAmiImage({ Name: 'no id' }, 'us-east-1'), undefined);
    const bare = toAmiImage({ ImageId: 'ami-1' }, 'us-east-1');
    assert.deepEqual(bare, { imageId: 'ami-1', region: 'us-east-1', state: 'unknown', public: false }, 'no empty lists or records');
  });

  it('converts dates and keeps unparseable strings', () => {
    assert.equal(toIsoDate(new Date(Date.UTC(2020, 0, 2))), '2020-01-02T00:00:00.000Z');
    assert.equal(toIsoDate('2020-01-02T03:04:05Z'), '2020-01-02T03:04:05.000Z');
    assert.equal(toIsoDate('not a date'), 'not a date');
    assert.equal(toIsoDate(undefined), undefined);
  });

  it('maps snapshots', () => {
    const s = toSnapshotInfo(
      {
        SnapshotId: 'snap-1',
        VolumeSize: 8,
        State: 'completed',
        Encrypted: true,
        KmsKeyId: 'k',
        OwnerId: '1',
        Description: 'd',
        StartTime: new Date('2024-01-01T00:00:00Z'),
        Progress: '100%',
        VolumeId: 'vol-1',
        StorageTier: 'standard',
        Tags: [{ Key: 'a', Value: 'b' }],
      },
      'us-west-2',
    );
    assert.deepEqual(s, {
      snapshotId: 'snap-1',
      region: 'us-west-2',
      volumeSize: 8,
      state: 'completed',
      encrypted: true,
      kmsKeyId: 'k',
      ownerId: '1',
      description: 'd',
      startTime: '2024-01-01T00:00:00.000Z',
      progress: '100%',
      volumeId: 'vol-1',
      storageTier: 'standard',
      tags: { a: 'b' },
    });
    assert.equal(toSnapshotInfo({}, 'us-west-2'), undefined);
  });

  it('maps each kind of image attribute to its own field', () => {
    const out: ImageAttribute = {
      ImageId: 'ami-1',
      Description: { Value: 'desc' },
      BootMode: { Value: 'uefi' },
      LaunchPermissions: [{ UserId: '111122223333' }, { Group: 'all' }, { OrganizationArn: 'arn:o' }, { OrganizationalUnitArn: 'arn:ou' }],
      ProductCodes: [{ ProductCodeId: 'p', ProductCodeType: 'devpay' }],
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8 } }],
    };
    assert.deepEqual(toImageAttributeValue(out, 'ami-x', 'description'), { imageId: 'ami-1', attribute: 'description', value: 'desc' });
    assert.deepEqual(toImageAttributeValue(out, 'ami-x', 'bootMode'), { imageId: 'ami-1', attribute: 'bootMode', value: 'uefi' });
    assert.deepEqual(toImageAttributeValue(out, 'ami-x', 'kernel'), { imageId: 'ami-1', attribute: 'kernel' }, 'absent scalar has no value');
    assert.deepEqual(toImageAttributeValue(out, 'ami-x', 'launchPermission').launchPermissions, [
      { userId: '111122223333' },
      { group: 'all' },
      { organizationArn: 'arn:o' },
      { organizationalUnitArn: 'arn:ou' },
    ]);
    assert.deepEqual(toImageAttributeValue(out, 'ami-x', 'productCodes').productCodes, [{ productCodeId: 'p', productCodeType: 'devpay' }]);
    assert.deepEqual(toImageAttributeValue(out, 'ami-x', 'blockDeviceMapping').blockDeviceMappings, [
      { deviceName: '/dev/sda1', kind: 'ebs', ebs: { volumeSize: 8 } },
    ]);
    assert.equal(toImageAttributeValue({}, 'ami-x', 'uefiData').imageId, 'ami-x', 'falls back to the asked id');
  });

  it('maps ancestry entries', () => {
    assert.deepEqual(toAncestryEntry({ ImageId: 'ami-2', SourceImageId: 'ami-1', SourceImageRegion: 'us-east-1', CreationDate: new Date('2024-05-05T00:00:00Z') }), {
      imageId: 'ami-2',
      sourceImageId: 'ami-1',
      sourceImageRegion: 'us-east-1',
      creationDate: '2024-05-05T00:00:00.000Z',
    });
    assert.equal(toAncestryEntry({}), undefined);
  });
});
