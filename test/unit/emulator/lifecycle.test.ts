/** The lifecycle operations of #10 through the real SDK: deregistration with snapshots and protection, deprecation, disable/enable. */
import * as assert from 'node:assert/strict';
import {
  DeregisterImageCommand,
  DescribeImagesCommand,
  DisableImageCommand,
  DisableImageDeprecationCommand,
  DisableImageDeregistrationProtectionCommand,
  EnableImageCommand,
  EnableImageDeprecationCommand,
  EnableImageDeregistrationProtectionCommand,
} from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, startEmulator, type Emulator, type EmuImage } from '../../emulator/index';
import { client, errorOf, OTHER_ACCESS_KEY } from './helpers';

const REGION = 'us-east-1';
const DAY = 24 * 60 * 60 * 1000;

describe('emulator: lifecycle (deregister with snapshots, protection, deprecation, disable)', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ imagesPerRegion: 20, seed: 11 });
  });
  afterEach(async () => {
    await emu.close();
  });

  const mine = (pred: (i: EmuImage) => boolean = () => true): EmuImage => {
    const image = emu.store
      .images(REGION)
      .find((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && (i.deregistrationProtection ?? 'disabled') === 'disabled' && i.blockDeviceMappings.some((m) => m.ebs?.snapshotId) && pred(i));
    assert.ok(image, 'a seeded image of mine');
    return image;
  };
  const snapshotsOf = (i: EmuImage): string[] => i.blockDeviceMappings.flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : []));

  it('DeleteAssociatedSnapshots deletes each snapshot and reports it; one another image uses is skipped and kept', async () => {
    const image = mine((i) => snapshotsOf(i).length >= 1);
    const other = mine((i) => i.imageId !== image.imageId);
    const [shared, ...own] = snapshotsOf(image);
    assert.ok(shared);
    // Another image uses the first snapshot too.
    other.blockDeviceMappings.push({ deviceName: '/dev/sdz', ebs: { snapshotId: shared, volumeSize: 8 } });
    const out = await client(emu.url).send(new DeregisterImageCommand({ ImageId: image.imageId, DeleteAssociatedSnapshots: true }));
    assert.equal(emu.store.getImage(REGION, image.imageId), undefined);
    const codes = Object.fromEntries((out.DeleteSnapshotResults ?? []).map((r) => [r.SnapshotId, r.ReturnCode]));
    assert.equal(codes[shared], 'skipped');
    assert.ok(emu.store.getSnapshot(REGION, shared), 'the shared snapshot stays');
    for (const s of own) {
      assert.equal(codes[s], 'success');
      assert.equal(emu.store.getSnapshot(REGION, s), undefined, `${s} deleted`);
    }
  });

  it('without DeleteAssociatedSnapshots the snapshots stay and no results come back', async () => {
    const image = mine();
    const out = await client(emu.url).send(new DeregisterImageCommand({ ImageId: image.imageId }));
    assert.equal((out.DeleteSnapshotResults ?? []).length, 0);
    for (const s of snapshotsOf(image)) assert.ok(emu.store.getSnapshot(REGION, s));
  });

  it('store.deregisterImage is where a deregistered image leaves (onDeregister sees it)', async () => {
    const image = mine();
    const seen: string[] = [];
    emu.store.onDeregister = (i) => seen.push(i.imageId);
    await client(emu.url).send(new DeregisterImageCommand({ ImageId: image.imageId }));
    assert.deepEqual(seen, [image.imageId]);
  });

  it('protection refuses deregistration; turned off without cooldown it may go at once', async () => {
    const image = mine();
    const c = client(emu.url);
    const on = await c.send(new EnableImageDeregistrationProtectionCommand({ ImageId: image.imageId }));
    assert.equal(on.Return, 'enabled');
    const described = await c.send(new DescribeImagesCommand({ ImageIds: [image.imageId] }));
    assert.equal(described.Images?.[0]?.DeregistrationProtection, 'enabled');
    const refused = await errorOf(c.send(new DeregisterImageCommand({ ImageId: image.imageId, DeleteAssociatedSnapshots: true })));
    assert.equal(refused.name, 'OperationNotPermitted');
    assert.match(refused.message, /deregistration protection/);
    assert.ok(emu.store.getImage(REGION, image.imageId), 'still there');
    for (const s of snapshotsOf(image)) assert.ok(emu.store.getSnapshot(REGION, s), 'snapshots untouched');
    const off = await c.send(new DisableImageDeregistrationProtectionCommand({ ImageId: image.imageId }));
    assert.equal(off.Return, 'disabled');
    await c.send(new DeregisterImageCommand({ ImageId: image.imageId }));
    assert.equal(emu.store.getImage(REGION, image.imageId), undefined);
  });

  it('with a cooldown, deregistration is refused for 24 hours after protection is turned off', async () => {
    const image = mine();
    const c = client(emu.url);
    assert.equal((await c.send(new EnableImageDeregistrationProtectionCommand({ ImageId: image.imageId, WithCooldown: true }))).Return, 'enabled-with-cooldown');
    const off = await c.send(new DisableImageDeregistrationProtectionCommand({ ImageId: image.imageId }));
    assert.match(off.Return ?? '', /^disabled-until \d{4}-\d\d-\d\dT/);
    const until = Date.parse((off.Return ?? '').slice('disabled-until '.length));
    assert.ok(Math.abs(until - (Date.now() + DAY)) < 60_000, 'about 24 h from now');
    const refused = await errorOf(c.send(new DeregisterImageCommand({ ImageId: image.imageId })));
    assert.equal(refused.name, 'OperationNotPermitted');
    assert.match(refused.message, /cooldown/);
    emu.store.lifecycleClockShiftMs = DAY - 60_000;
    assert.equal((await errorOf(c.send(new DeregisterImageCommand({ ImageId: image.imageId })))).name, 'OperationNotPermitted', 'a minute early');
    emu.store.lifecycleClockShiftMs = DAY + 60_000;
    await c.send(new DeregisterImageCommand({ ImageId: image.imageId }));
    assert.equal(emu.store.getImage(REGION, image.imageId), undefined);
  });

  it('EnableImageDeprecation rounds to the minute; past, over 10 years, and public over 2 years are refused; Disable removes it', async () => {
    const image = mine();
    const c = client(emu.url);
    const at = new Date(Date.now() + 30 * DAY);
    at.setUTCSeconds(40, 0);
    await c.send(new EnableImageDeprecationCommand({ ImageId: image.imageId, DeprecateAt: at }));
    const expected = new Date(Math.round(at.getTime() / 60_000) * 60_000).toISOString();
    assert.equal(emu.store.getImage(REGION, image.imageId)?.deprecationTime, expected);
    assert.equal((await c.send(new DescribeImagesCommand({ ImageIds: [image.imageId] }))).Images?.[0]?.DeprecationTime, expected);
    assert.equal((await errorOf(c.send(new EnableImageDeprecationCommand({ ImageId: image.imageId, DeprecateAt: new Date(Date.now() - DAY) })))).name, 'InvalidParameterValue');
    assert.equal((await errorOf(c.send(new EnableImageDeprecationCommand({ ImageId: image.imageId, DeprecateAt: new Date(Date.now() + 11 * 365 * DAY) })))).name, 'InvalidParameterValue');
    emu.store.modifyImage(REGION, image.imageId, { launchPermissions: [{ group: 'all' }], creationDate: new Date(Date.now() - 365 * DAY).toISOString() });
    const pub = await errorOf(c.send(new EnableImageDeprecationCommand({ ImageId: image.imageId, DeprecateAt: new Date(Date.now() + 2 * 365 * DAY) })));
    assert.equal(pub.name, 'InvalidParameterValue');
    assert.match(pub.message, /2 years/);
    assert.equal(emu.store.getImage(REGION, image.imageId)?.deprecationTime, expected, 'unchanged by the refusals');
    await c.send(new DisableImageDeprecationCommand({ ImageId: image.imageId }));
    assert.equal(emu.store.getImage(REGION, image.imageId)?.deprecationTime, undefined);
  });

  it('DisableImage removes every launch permission and hides the image except to its owner with IncludeDisabled; EnableImage does not restore them', async () => {
    const image = mine();
    emu.store.modifyImage(REGION, image.imageId, { launchPermissions: [{ group: 'all' }, { userId: '222222222222' }] });
    const c = client(emu.url);
    await c.send(new DisableImageCommand({ ImageId: image.imageId }));
    const stored = emu.store.getImage(REGION, image.imageId);
    assert.equal(stored?.state, 'disabled');
    assert.deepEqual(stored?.launchPermissions, []);
    const listed = async (includeDisabled: boolean): Promise<boolean> =>
      ((await c.send(new DescribeImagesCommand({ Owners: ['self'], IncludeDisabled: includeDisabled }))).Images ?? []).some((i) => i.ImageId === image.imageId);
    assert.equal(await listed(false), false);
    assert.equal(await listed(true), true);
    assert.equal((await errorOf(c.send(new DisableImageCommand({ ImageId: image.imageId })))).name, 'IncorrectState');
    await c.send(new EnableImageCommand({ ImageId: image.imageId }));
    assert.equal(emu.store.getImage(REGION, image.imageId)?.state, 'available');
    assert.deepEqual(emu.store.getImage(REGION, image.imageId)?.launchPermissions, [], 'not restored');
    assert.equal((await errorOf(c.send(new EnableImageCommand({ ImageId: image.imageId })))).name, 'IncorrectState');
  });

  it("refuses another account's image for every lifecycle operation", async () => {
    const image = mine();
    emu.store.modifyImage(REGION, image.imageId, { launchPermissions: [{ group: 'all' }] });
    const other = client(emu.url, { accessKeyId: OTHER_ACCESS_KEY });
    const ImageId = image.imageId;
    for (const cmd of [
      new EnableImageDeregistrationProtectionCommand({ ImageId }),
      new DisableImageDeregistrationProtectionCommand({ ImageId }),
      new EnableImageDeprecationCommand({ ImageId, DeprecateAt: new Date(Date.now() + DAY) }),
      new DisableImageDeprecationCommand({ ImageId }),
      new DisableImageCommand({ ImageId }),
      new EnableImageCommand({ ImageId }),
    ]) {
      assert.equal((await errorOf(other.send(cmd as never))).name, 'AuthFailure', cmd.constructor.name);
    }
    assert.equal(emu.store.getImage(REGION, ImageId)?.state, 'available');
  });
});
