/**
 * Every field the SDK models on Image, BlockDeviceMapping and EbsBlockDevice survives the trip
 * seed → emulator XML → real SDK → mapping → AmiImage. The field tables are keyed by the SDK's
 * own types (`keyof Image`), so a field added in a future SDK fails compilation here until it is
 * mapped; and each field must be set on at least one seeded image, so no check is vacuous.
 */
import * as assert from 'node:assert/strict';
import type { BlockDeviceMapping, EbsBlockDevice, Image } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, FIXTURE_NAMES, imageAllowedIn, startEmulator, type Emulator, type EmulatorStore, type EmuBlockDeviceMapping, type EmuEbs, type EmuImage } from '../../emulator';
import type { AmiImage, BlockDevice, EbsVolume } from '../../../src/model/image';
import { defaultHome, listAll, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';

type Pair = [expected: unknown, actual: unknown];
const iso = (v: string | undefined): string | undefined => (v === undefined ? undefined : new Date(v).toISOString());
/** hygiene (#11): the store whose Allowed AMIs settings decide ImageAllowed (set in before()). */
let allowedStore: EmulatorStore | undefined;
const isPublic = (e: EmuImage): boolean => e.launchPermissions.some((p) => p.group === 'all');

const EBS_FIELDS: { [K in keyof Required<EbsBlockDevice>]: (e: EmuEbs, m: EbsVolume) => Pair } = {
  DeleteOnTermination: (e, m) => [e.deleteOnTermination, m.deleteOnTermination],
  Iops: (e, m) => [e.iops, m.iops],
  SnapshotId: (e, m) => [e.snapshotId, m.snapshotId],
  VolumeSize: (e, m) => [e.volumeSize, m.volumeSize],
  VolumeType: (e, m) => [e.volumeType, m.volumeType],
  KmsKeyId: (e, m) => [e.kmsKeyId, m.kmsKeyId],
  Throughput: (e, m) => [e.throughput, m.throughput],
  OutpostArn: (e, m) => [e.outpostArn, m.outpostArn],
  AvailabilityZone: (e, m) => [e.availabilityZone, m.availabilityZone],
  Encrypted: (e, m) => [e.encrypted, m.encrypted],
  VolumeInitializationRate: (e, m) => [e.volumeInitializationRate, m.volumeInitializationRate],
  AvailabilityZoneId: (e, m) => [e.availabilityZoneId, m.availabilityZoneId],
  EbsCardIndex: (e, m) => [e.ebsCardIndex, m.ebsCardIndex],
};

const MAPPING_FIELDS: { [K in keyof Required<BlockDeviceMapping>]: (e: EmuBlockDeviceMapping, m: BlockDevice) => Pair } = {
  DeviceName: (e, m) => [e.deviceName, m.deviceName],
  VirtualName: (e, m) => [e.virtualName, m.virtualName],
  NoDevice: (e, m) => [e.noDevice, m.noDevice],
  // The nested EBS fields are checked one by one with EBS_FIELDS; here: present or not, and the kind.
  Ebs: (e, m) => [[e.ebs !== undefined, e.noDevice !== undefined ? 'noDevice' : e.virtualName !== undefined ? 'ephemeral' : 'ebs'], [m.ebs !== undefined, m.kind]],
};

const IMAGE_FIELDS: { [K in keyof Required<Image>]: (e: EmuImage, m: AmiImage) => Pair } = {
  ImageId: (e, m) => [e.imageId, m.imageId],
  ImageLocation: (e, m) => [e.imageLocation, m.imageLocation],
  State: (e, m) => [e.state, m.state],
  OwnerId: (e, m) => [e.ownerId, m.ownerId],
  CreationDate: (e, m) => [iso(e.creationDate), m.creationDate],
  Public: (e, m) => [isPublic(e), m.public],
  ProductCodes: (e, m) => [e.productCodes, m.productCodes ?? []], // absent in the model when there are none
  Architecture: (e, m) => [e.architecture, m.architecture],
  ImageType: (e, m) => [e.imageType, m.imageType],
  KernelId: (e, m) => [e.kernelId, m.kernelId],
  RamdiskId: (e, m) => [e.ramdiskId, m.ramdiskId],
  Platform: (e, m) => [e.platform, m.platform],
  PlatformDetails: (e, m) => [e.platformDetails, m.platformDetails],
  UsageOperation: (e, m) => [e.usageOperation, m.usageOperation],
  BlockDeviceMappings: (e, m) => [e.blockDeviceMappings.map((b) => b.deviceName), (m.blockDeviceMappings ?? []).map((b) => b.deviceName)],
  Description: (e, m) => [e.description, m.description],
  EnaSupport: (e, m) => [e.enaSupport, m.enaSupport],
  Hypervisor: (e, m) => [e.hypervisor, m.hypervisor],
  ImageOwnerAlias: (e, m) => [e.ownerAlias, m.ownerAlias],
  Name: (e, m) => [e.name, m.name],
  RootDeviceName: (e, m) => [e.rootDeviceName, m.rootDeviceName],
  RootDeviceType: (e, m) => [e.rootDeviceType, m.rootDeviceType],
  SriovNetSupport: (e, m) => [e.sriovNetSupport, m.sriovNetSupport],
  StateReason: (e, m) => [e.stateReason, m.stateReason],
  Tags: (e, m) => [e.tags.map((t) => [t.key, t.value]), Object.entries(m.tags ?? {})],
  VirtualizationType: (e, m) => [e.virtualizationType, m.virtualizationType],
  BootMode: (e, m) => [e.bootMode, m.bootMode],
  TpmSupport: (e, m) => [e.tpmSupport, m.tpmSupport],
  DeprecationTime: (e, m) => [iso(e.deprecationTime), m.deprecationTime],
  ImdsSupport: (e, m) => [e.imdsSupport, m.imdsSupport],
  SourceInstanceId: (e, m) => [e.sourceInstanceId, m.sourceInstanceId],
  DeregistrationProtection: (e, m) => [e.deregistrationProtection, m.deregistrationProtection],
  LastLaunchedTime: (e, m) => [iso(e.lastLaunchedTime), m.lastLaunchedTime],
  // hygiene (#11): the emulator reports ImageAllowed from the account's Allowed AMIs settings, not from the record.
  ImageAllowed: (e, m) => [allowedStore ? imageAllowedIn(allowedStore, DEFAULT_ACCOUNT, e.region, e, Date.now()) : e.imageAllowed, m.imageAllowed],
  SourceImageId: (e, m) => [e.sourceImageId, m.sourceImageId],
  SourceImageRegion: (e, m) => [e.sourceImageRegion, m.sourceImageRegion],
  FreeTierEligible: (e, m) => [e.freeTierEligible, m.freeTierEligible],
  PublicSsmParameterName: (e, m) => [e.publicSsmParameterName, m.publicSsmParameterName],
  ImageWatermarks: (e, m) => [
    e.watermarks?.map((w) => ({ ...w, sourceImageCreationTime: iso(w.sourceImageCreationTime), watermarkCreationTime: iso(w.watermarkCreationTime) })),
    m.imageWatermarks,
  ],
  ScanResults: (e, m) => [
    e.scanResults === undefined ? undefined : Object.fromEntries(Object.entries(e.scanResults).map(([k, v]) => [k, k === 'highestFindingSeverityLabel' ? v : iso(v)])),
    m.scanResults,
  ],
  InstanceTypeSpecification: (e, m) => [
    e.instanceTypeSpecification === undefined ? undefined : { supportedInstanceTypes: e.instanceTypeSpecification.supported, unsupportedInstanceTypes: e.instanceTypeSpecification.unsupported },
    m.instanceTypeSpecification,
  ],
};

/** A stored value counts as "exercised" when it is set (and, for lists, not empty). */
function isSet(value: unknown): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

describe('aws/round trip of every modelled field', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  const REGIONS = ['us-east-1', 'eu-central-1'];

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 3, imagesPerRegion: 40, regions: REGIONS });
    // hygiene (#11): both regions are disabled in the seed; audit mode in one makes ImageAllowed appear (true and false).
    emu.store.setAllowedImagesSettings(DEFAULT_ACCOUNT, 'eu-central-1', { state: 'audit-mode', imageCriteria: [{ imageProviders: ['amazon'] }] });
    allowedStore = emu.store;
    home = defaultHome();
    t = makeServices(home, emu.url);
  });
  after(async () => {
    t.services.dispose();
    home.remove();
    await emu.close();
  });

  it('maps every Image, BlockDeviceMapping and EBS field of every image I can list', async () => {
    const ops = t.services.images(undefined);
    const exercised = { image: new Set<string>(), mapping: new Set<string>(), ebs: new Set<string>() };
    let compared = 0;
    for (const region of REGIONS) {
      const scopes = [{ kind: 'self' as const }, { kind: 'sharedWithMe' as const }, { kind: 'amazon' as const }, { kind: 'marketplace' as const }];
      for (const scope of scopes) {
        const { images } = await listAll(ops, region, scope, { includeDeprecated: true, includeDisabled: true });
        for (const model of images) {
          const stored = emu.store.getImage(region, model.imageId);
          assert.ok(stored, `${model.imageId} is in the store`);
          compared++;
          for (const [field, check] of Object.entries(IMAGE_FIELDS)) {
            const [expected, actual] = check(stored, model);
            assert.deepEqual(actual, expected, `${model.imageId}.${field}`);
            if (isSet(expected)) exercised.image.add(field);
          }
          assert.equal(model.region, region);
          assert.equal((model.blockDeviceMappings ?? []).length, (stored.blockDeviceMappings ?? []).length);
          stored.blockDeviceMappings.forEach((storedMapping, i) => {
            const mapped = (model.blockDeviceMappings ?? [])[i] as BlockDevice;
            for (const [field, check] of Object.entries(MAPPING_FIELDS)) {
              const [expected, actual] = check(storedMapping, mapped);
              assert.deepEqual(actual, expected, `${model.imageId} ${storedMapping.deviceName}.${field}`);
              if (field === 'Ebs' ? storedMapping.ebs !== undefined : isSet(expected)) exercised.mapping.add(field);
            }
            if (storedMapping.ebs && mapped.ebs) {
              for (const [field, check] of Object.entries(EBS_FIELDS)) {
                const [expected, actual] = check(storedMapping.ebs, mapped.ebs);
                assert.deepEqual(actual, expected, `${model.imageId} ${storedMapping.deviceName}.Ebs.${field}`);
                if (isSet(expected)) exercised.ebs.add(field);
              }
            }
          });
        }
      }
    }
    assert.ok(compared > 100, `compared ${compared} images`);
    const unexercised = [
      ...Object.keys(IMAGE_FIELDS).filter((f) => !exercised.image.has(f)),
      ...Object.keys(MAPPING_FIELDS).filter((f) => !exercised.mapping.has(f)).map((f) => `BlockDeviceMapping.${f}`),
      ...Object.keys(EBS_FIELDS).filter((f) => !exercised.ebs.has(f)).map((f) => `Ebs.${f}`),
    ];
    assert.deepEqual(unexercised, [], 'every modelled field is set on some seeded image');
  });

  it('getImage of the every-field fixture equals its listed form', async () => {
    const ops = t.services.images(undefined);
    const sink = emu.store.images('us-east-1').find((i) => i.name === FIXTURE_NAMES.kitchenSink && i.ownerId === DEFAULT_ACCOUNT);
    assert.ok(sink);
    const viaGet = unwrap(await ops.getImage('us-east-1', sink.imageId));
    const { images } = await listAll(ops, 'us-east-1', { kind: 'self' }, { name: FIXTURE_NAMES.kitchenSink });
    assert.deepEqual(images, [viaGet]);
  });
});
