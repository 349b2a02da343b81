/**
 * DescribeRegions and DescribeImageAttribute (every attribute) through the real SDK.
 */
import * as assert from 'node:assert/strict';
import { DescribeImageAttributeCommand, DescribeRegionsCommand, type ImageAttributeName } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, FIXTURE_NAMES, NOT_OPTED_IN_REGIONS, OTHER_ACCOUNT, startEmulator, type EmuImage, type Emulator } from '../../emulator/index';
import { client, errorOf, OTHER_ACCESS_KEY } from './helpers';

describe('emulator: DescribeRegions', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 5 });
  });
  after(async () => {
    await emu.close();
  });

  it('lists the enabled regions by default and every region of the data with AllRegions', async () => {
    const c = client(emu.url);
    const enabled = (await c.send(new DescribeRegionsCommand({}))).Regions ?? [];
    const every = (await c.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
    assert.equal(every.length, 30);
    assert.equal(enabled.length, 30 - NOT_OPTED_IN_REGIONS.length);
    for (const name of NOT_OPTED_IN_REGIONS) {
      assert.ok(!enabled.some((r) => r.RegionName === name), name);
      assert.equal(every.find((r) => r.RegionName === name)?.OptInStatus, 'not-opted-in');
    }
    assert.equal(enabled.find((r) => r.RegionName === 'us-east-1')?.OptInStatus, 'opt-in-not-required');
    assert.equal(enabled.find((r) => r.RegionName === 'eu-south-1')?.OptInStatus, 'opted-in');
    assert.equal(enabled.find((r) => r.RegionName === 'us-east-1')?.Endpoint, 'ec2.us-east-1.amazonaws.com');
  });

  it('filters by RegionName and by the region-name / opt-in-status filters', async () => {
    const c = client(emu.url);
    const named = (await c.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1', 'ap-east-1'] }))).Regions ?? [];
    assert.deepEqual(named.map((r) => r.RegionName).sort(), ['ap-east-1', 'eu-west-1']);
    const eu = (await c.send(new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['eu-*'] }] }))).Regions ?? [];
    assert.ok(eu.length >= 5);
    for (const r of eu) assert.match(r.RegionName ?? '', /^eu-/);
    const notOpted = (await c.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] }))).Regions ?? [];
    assert.deepEqual(notOpted.map((r) => r.RegionName).sort(), [...NOT_OPTED_IN_REGIONS].sort());
  });

  it('rejects an unknown region name and an unknown filter', async () => {
    const c = client(emu.url);
    assert.equal((await errorOf(c.send(new DescribeRegionsCommand({ RegionNames: ['mars-north-1'] })))).name, 'InvalidParameterValue');
    assert.equal((await errorOf(c.send(new DescribeRegionsCommand({ Filters: [{ Name: 'planet', Values: ['x'] }] })))).name, 'InvalidParameterValue');
  });

  it('a region named in options is enabled even when it is normally not opted in', async () => {
    const emu2 = await startEmulator({ imagesPerRegion: 5, regions: ['af-south-1'], publicImages: false });
    try {
      const res = await client(emu2.url, { region: 'af-south-1' }).send(new DescribeRegionsCommand({ RegionNames: ['af-south-1'] }));
      assert.equal(res.Regions?.[0]?.OptInStatus, 'opted-in');
      assert.equal(emu2.store.imageCount('us-east-1'), 0, 'publicImages:false and no generated images there');
      assert.ok(emu2.store.imageCount('af-south-1') >= 5);
    } finally {
      await emu2.close();
    }
  });
});

describe('emulator: DescribeImageAttribute', () => {
  let emu: Emulator;
  let sink: EmuImage;
  let publicImage: EmuImage;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 10 });
    sink = emu.store.images('us-east-1').find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage;
    publicImage = emu.store.images('us-east-1').find((i) => i.ownerAlias === 'amazon') as EmuImage;
  });
  after(async () => {
    await emu.close();
  });

  const get = (imageId: string, attribute: string, accessKeyId?: string) =>
    client(emu.url, accessKeyId ? { accessKeyId } : {}).send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: attribute as ImageAttributeName }));

  it('answers every value attribute with the stored value', async () => {
    const cases: [string, (r: Awaited<ReturnType<typeof get>>) => unknown, unknown][] = [
      ['description', (r) => r.Description?.Value, sink.description],
      ['kernel', (r) => r.KernelId?.Value, sink.kernelId],
      ['ramdisk', (r) => r.RamdiskId?.Value, sink.ramdiskId],
      ['sriovNetSupport', (r) => r.SriovNetSupport?.Value, sink.sriovNetSupport],
      ['bootMode', (r) => r.BootMode?.Value, sink.bootMode],
      ['tpmSupport', (r) => r.TpmSupport?.Value, sink.tpmSupport],
      ['uefiData', (r) => r.UefiData?.Value, sink.uefiData],
      ['lastLaunchedTime', (r) => r.LastLaunchedTime?.Value, sink.lastLaunchedTime],
      ['imdsSupport', (r) => r.ImdsSupport?.Value, sink.imdsSupport],
      ['deregistrationProtection', (r) => r.DeregistrationProtection?.Value, sink.deregistrationProtection],
    ];
    for (const [attribute, pick, expected] of cases) {
      assert.ok(expected, `fixture has ${attribute}`);
      const res = await get(sink.imageId, attribute);
      assert.equal(res.ImageId, sink.imageId);
      assert.equal(pick(res), expected, attribute);
    }
  });

  it('answers launchPermission and productCodes as lists', async () => {
    const lp = await get(sink.imageId, 'launchPermission');
    assert.deepEqual(lp.LaunchPermissions, sink.launchPermissions.map((p) => (p.userId ? { UserId: p.userId } : { OrganizationArn: p.organizationArn })));
    const pc = await get(sink.imageId, 'productCodes');
    assert.deepEqual(pc.ProductCodes, [{ ProductCodeId: sink.productCodes[0]?.productCodeId, ProductCodeType: 'marketplace' }]);
    const empty = emu.store.images('us-east-1').find((i) => i.ownerId === DEFAULT_ACCOUNT && i.launchPermissions.length === 0 && i.productCodes.length === 0) as EmuImage;
    assert.deepEqual((await get(empty.imageId, 'launchPermission')).LaunchPermissions, []);
    assert.deepEqual((await get(empty.imageId, 'productCodes')).ProductCodes, []);
  });

  it('an unset value attribute is empty, not an error', async () => {
    const plain = emu.store.images('us-east-1').find((i) => i.ownerId === DEFAULT_ACCOUNT && !i.kernelId && !i.lastLaunchedTime) as EmuImage;
    const res = await get(plain.imageId, 'kernel');
    assert.equal(res.KernelId?.Value, undefined);
    assert.equal((await get(plain.imageId, 'lastLaunchedTime')).LastLaunchedTime?.Value, undefined);
  });

  it('blockDeviceMapping answers AuthFailure, as EC2 documents for that deprecated attribute', async () => {
    const e = await errorOf(get(sink.imageId, 'blockDeviceMapping'));
    assert.equal(e.name, 'AuthFailure');
    assert.equal(e.status, 401);
  });

  it('owner-only attributes answer AuthFailure to others; public attributes are readable', async () => {
    for (const attribute of ['launchPermission', 'lastLaunchedTime', 'deregistrationProtection']) {
      const e = await errorOf(get(publicImage.imageId, attribute));
      assert.equal(e.name, 'AuthFailure', attribute);
      assert.match(e.message, new RegExp(publicImage.imageId));
    }
    assert.equal((await get(publicImage.imageId, 'description')).Description?.Value, publicImage.description);
    // The sink is shared with OTHER_ACCOUNT: it may read the description but not the permissions.
    assert.equal((await get(sink.imageId, 'bootMode', OTHER_ACCESS_KEY)).BootMode?.Value, 'uefi');
    assert.equal((await errorOf(get(sink.imageId, 'launchPermission', OTHER_ACCESS_KEY))).name, 'AuthFailure');
    assert.ok(sink.launchPermissions.some((p) => p.userId === OTHER_ACCOUNT));
  });

  it('errors: unknown attribute, missing parameters, malformed and unknown ids', async () => {
    assert.equal((await errorOf(get(sink.imageId, 'colour'))).name, 'InvalidParameterValue');
    assert.equal((await errorOf(get('ami-12', 'description'))).name, 'InvalidAMIID.Malformed');
    assert.equal((await errorOf(get('ami-0123456789abcdef0', 'description'))).name, 'InvalidAMIID.NotFound');
    const hidden = emu.store.images('us-east-1').find((i) => i.ownerId !== DEFAULT_ACCOUNT && i.launchPermissions.length === 0) as EmuImage;
    assert.equal((await errorOf(get(hidden.imageId, 'description'))).name, 'InvalidAMIID.NotFound');
    const c = client(emu.url);
    const missing = await errorOf(c.send(new DescribeImageAttributeCommand({ ImageId: sink.imageId } as never)));
    assert.equal(missing.name, 'MissingParameter');
    assert.match(missing.message, /Attribute/);
    const missingId = await errorOf(c.send(new DescribeImageAttributeCommand({ Attribute: 'description' } as never)));
    assert.equal(missingId.name, 'MissingParameter');
  });
});
