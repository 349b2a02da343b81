/**
 * The lifecycle service through the real SDK and the emulator: deregistration with per-snapshot
 * results, protection (on, cooldown) refusing with a typed failure, deprecation (and EC2's
 * refusals), disable/enable, another account's image, and cancellation.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { LIFECYCLE_CODES } from '../../../src/aws/lifecycle';
import type { LifecycleOperations } from '../../../src/aws/types';
import { addShareableImage } from '../emulator/helpers';
import { makeServices, twoProfileHome, unwrap, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';
const DAY = 24 * 60 * 60 * 1000;

describe('aws/lifecycle', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let mine: LifecycleOperations;
  let theirs: LifecycleOperations;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 4, imagesPerRegion: 8, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.store.lifecycleClockShiftMs = 0;
    home = twoProfileHome();
    t = makeServices(home, emu.url);
    mine = t.services.lifecycle(undefined);
    theirs = t.services.lifecycle('other');
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  it('deregisters with snapshots and returns each snapshot result (one in use by another image: skipped)', async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{}, {}] });
    const b = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    emu.store.getImage(REGION, b.imageId)?.blockDeviceMappings.push({ deviceName: '/dev/sdq', ebs: { snapshotId: a.snapshotIds[1] as string, volumeSize: 8 } });
    const out = unwrap(await mine.deregisterImage(REGION, a.imageId, { deleteSnapshots: true }));
    assert.deepEqual(
      [...out.snapshots].sort((x, y) => x.snapshotId.localeCompare(y.snapshotId)),
      [
        { snapshotId: a.snapshotIds[0], returnCode: 'success' },
        { snapshotId: a.snapshotIds[1], returnCode: 'skipped' },
      ].sort((x, y) => (x.snapshotId as string).localeCompare(y.snapshotId as string)),
    );
    assert.equal(emu.requests.filter((r) => r.action === 'DeregisterImage').at(-1)?.params.DeleteAssociatedSnapshots, 'true');
    assert.equal(emu.store.getSnapshot(REGION, a.snapshotIds[0] as string), undefined);
    assert.ok(emu.store.getSnapshot(REGION, a.snapshotIds[1] as string));
  });

  it('deregisters without snapshots: the parameter is not sent and they stay', async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    assert.deepEqual(unwrap(await mine.deregisterImage(REGION, a.imageId, { deleteSnapshots: false })), { snapshots: [] });
    assert.equal(emu.requests.filter((r) => r.action === 'DeregisterImage').at(-1)?.params.DeleteAssociatedSnapshots, undefined);
    assert.ok(emu.store.getSnapshot(REGION, a.snapshotIds[0] as string));
  });

  it('protection on: deregistration fails with the typed protected failure and nothing changes; off: it goes', async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    unwrap(await mine.enableDeregistrationProtection(REGION, a.imageId, false));
    assert.equal(unwrap(await mine.getDeregistrationProtection(REGION, a.imageId)), 'enabled');
    const refused = await mine.deregisterImage(REGION, a.imageId, { deleteSnapshots: true });
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, LIFECYCLE_CODES.protected);
    assert.match(refused.error.message, /Nothing was deregistered/);
    assert.ok(emu.store.getImage(REGION, a.imageId));
    assert.ok(emu.store.getSnapshot(REGION, a.snapshotIds[0] as string));
    unwrap(await mine.disableDeregistrationProtection(REGION, a.imageId));
    assert.equal(unwrap(await mine.getDeregistrationProtection(REGION, a.imageId)), 'disabled');
    unwrap(await mine.deregisterImage(REGION, a.imageId, { deleteSnapshots: false }));
  });

  it('protection with cooldown: after turning it off, deregistration is refused (typed) until 24 hours later', async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    unwrap(await mine.enableDeregistrationProtection(REGION, a.imageId, true));
    assert.equal(emu.requests.filter((r) => r.action === 'EnableImageDeregistrationProtection').at(-1)?.params.WithCooldown, 'true');
    assert.equal(unwrap(await mine.getDeregistrationProtection(REGION, a.imageId)), 'enabled-with-cooldown');
    unwrap(await mine.disableDeregistrationProtection(REGION, a.imageId));
    assert.match(unwrap(await mine.getDeregistrationProtection(REGION, a.imageId)), /^disabled-until /);
    const refused = await mine.deregisterImage(REGION, a.imageId, { deleteSnapshots: false });
    assert.ok(!refused.ok && refused.error.code === LIFECYCLE_CODES.protected, JSON.stringify(refused));
    emu.store.lifecycleClockShiftMs = DAY + 60_000;
    unwrap(await mine.deregisterImage(REGION, a.imageId, { deleteSnapshots: false }));
    assert.equal(emu.store.getImage(REGION, a.imageId), undefined);
  });

  it('deprecates at a time and cancels it; a past time is refused as invalid input and changes nothing', async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    const at = new Date(Date.now() + 10 * DAY);
    unwrap(await mine.enableDeprecation(REGION, a.imageId, at));
    assert.equal(Math.round(Date.parse(emu.store.getImage(REGION, a.imageId)?.deprecationTime ?? '') / 60_000), Math.round(at.getTime() / 60_000));
    const past = await mine.enableDeprecation(REGION, a.imageId, new Date(Date.now() - DAY));
    assert.ok(!past.ok);
    assert.equal(past.error.kind, 'invalidInput');
    assert.match(past.error.message, /past/);
    const invalid = await mine.enableDeprecation(REGION, a.imageId, new Date(Number.NaN));
    assert.ok(!invalid.ok && invalid.error.kind === 'invalidInput');
    unwrap(await mine.disableDeprecation(REGION, a.imageId));
    assert.equal(emu.store.getImage(REGION, a.imageId)?.deprecationTime, undefined);
  });

  it('disables (launch permissions gone) and enables (not restored); enabling an available image fails', async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    unwrap(await mine.disableImage(REGION, a.imageId));
    assert.equal(emu.store.getImage(REGION, a.imageId)?.state, 'disabled');
    assert.deepEqual(emu.store.getImage(REGION, a.imageId)?.launchPermissions, []);
    unwrap(await mine.enableImage(REGION, a.imageId));
    assert.equal(emu.store.getImage(REGION, a.imageId)?.state, 'available');
    assert.deepEqual(emu.store.getImage(REGION, a.imageId)?.launchPermissions, []);
    const again = await mine.enableImage(REGION, a.imageId);
    assert.ok(!again.ok);
    assert.equal(again.error.code, 'IncorrectState');
  });

  it("fails for another account's image (not owner) and changes nothing", async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    for (const r of [
      await theirs.deregisterImage(REGION, a.imageId, { deleteSnapshots: true }),
      await theirs.enableDeregistrationProtection(REGION, a.imageId, false),
      await theirs.enableDeprecation(REGION, a.imageId, new Date(Date.now() + DAY)),
      await theirs.disableImage(REGION, a.imageId),
    ]) {
      assert.ok(!r.ok);
      assert.notEqual(r.error.code, LIFECYCLE_CODES.protected);
    }
    const image = emu.store.getImage(REGION, a.imageId);
    assert.equal(image?.state, 'available');
    assert.equal(image?.deprecationTime, undefined);
    assert.equal(image?.deregistrationProtection ?? 'disabled', 'disabled');
  });

  it('IAM denying the action is accessDenied; an aborted signal is cancelled and sends nothing', async () => {
    const a = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    emu.faults.denyAction('DisableImage');
    const denied = await mine.disableImage(REGION, a.imageId);
    assert.ok(!denied.ok);
    assert.equal(denied.error.kind, 'accessDenied');
    const before = emu.requests.length;
    const controller = new AbortController();
    controller.abort();
    const cancelled = await mine.deregisterImage(REGION, a.imageId, { deleteSnapshots: true }, controller.signal);
    assert.ok(!cancelled.ok && cancelled.error.kind === 'cancelled');
    assert.equal(emu.requests.length, before);
  });
});
