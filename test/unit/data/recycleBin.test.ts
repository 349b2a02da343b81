/**
 * Restoring from the Recycle Bin through the real service layer and SDK against the emulator:
 * snapshots first, then the image, then one `added` announcement after reading it back; a
 * snapshot that fails stops before the image; cancelling before the image leaves it in the bin.
 */
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator';
import { RECYCLED_NAMES } from '../../emulator/recycleBinSeed';
import { ImageWrites } from '../../../src/data/imageWrites';
import { restoreFromRecycleBin } from '../../../src/data/recycleBin';
import type { ImageChange } from '../../../src/model/changes';
import type { AmiRef } from '../../../src/model/image';
import { planRestore } from '../../../src/model/recycleBin';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from '../aws/helpers';

const REGION = 'us-east-1';

describe('data/recycleBin (restore)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let announced: ImageChange[];
  let writes: ImageWrites;
  let steps: string[];

  beforeEach(async () => {
    emu = await startEmulator({ seed: 11, imagesPerRegion: 8, regions: [REGION] });
    home = defaultHome();
    t = makeServices(home, emu.url);
    announced = [];
    steps = [];
    const log = { info: () => undefined, warn: () => undefined } as never;
    writes = new ImageWrites({ aws: () => t.services, announce: (c) => announced.push(c), log }, { delays: [10, 20], sleep: () => Promise.resolve() });
  });
  afterEach(async () => {
    t.services.dispose();
    home.remove();
    await emu.close();
  });

  async function planFor(name: string): Promise<{ ref: AmiRef; plan: ReturnType<typeof planRestore> }> {
    const bin = t.services.recycleBin(undefined);
    const image = unwrap(await bin.listImages(REGION)).find((i) => i.name === name);
    assert.ok(image);
    const plan = planRestore(image.imageId, unwrap(await bin.listSnapshots(REGION)), unwrap(await bin.listImageSnapshots(REGION, image.imageId)));
    return { ref: { region: REGION, imageId: image.imageId }, plan };
  }

  it('restores the snapshots, then the image, and announces it added once', async () => {
    const { ref, plan } = await planFor(RECYCLED_NAMES.withSnapshots);
    assert.ok(plan.snapshotsToRestore.length > 0);
    emu.requests.length = 0;
    const outcome = await restoreFromRecycleBin({ aws: () => t.services }, writes, ref, plan, (s) => steps.push(s));
    assert.deepEqual(outcome.restoredSnapshots, plan.snapshotsToRestore);
    assert.equal(outcome.imageRestored, true);
    const actions = emu.requests.map((r) => r.action);
    assert.deepEqual(actions, [...plan.snapshotsToRestore.map(() => 'RestoreSnapshotFromRecycleBin'), 'RestoreImageFromRecycleBin', 'DescribeImages']);
    assert.deepEqual(announced.map((c) => [c.kind, c.ref.imageId]), [['added', ref.imageId]]);
    assert.equal(steps[steps.length - 2], `Restoring image ${ref.imageId}…`);
  });

  it('a snapshot that fails stops the restore before the image, which stays in the bin', async () => {
    const { ref, plan } = await planFor(RECYCLED_NAMES.withSnapshots);
    const broken = { ...plan, snapshotsToRestore: ['snap-0123456789abcdef0', ...plan.snapshotsToRestore] };
    const outcome = await restoreFromRecycleBin({ aws: () => t.services }, writes, ref, broken, () => undefined);
    assert.equal(outcome.imageRestored, false);
    assert.equal(outcome.snapshotFailure?.snapshotId, 'snap-0123456789abcdef0');
    assert.ok(emu.store.getBinnedImage(REGION, ref.imageId));
    assert.ok(!emu.requests.some((r) => r.action === 'RestoreImageFromRecycleBin'));
    assert.deepEqual(announced, []);
  });

  it('cancelled before the image: nothing more is sent and the image stays in the bin', async () => {
    const { ref, plan } = await planFor(RECYCLED_NAMES.snapshotsKept);
    const controller = new AbortController();
    controller.abort();
    const outcome = await restoreFromRecycleBin({ aws: () => t.services }, writes, ref, plan, () => undefined, controller.signal);
    assert.equal(outcome.cancelled, true);
    assert.ok(emu.store.getBinnedImage(REGION, ref.imageId));
    assert.equal(emu.store.getImage(REGION, ref.imageId), undefined);
  });

  it('the image refused (e.g. access denied): the failure, nothing announced', async () => {
    const { ref, plan } = await planFor(RECYCLED_NAMES.snapshotsKept);
    emu.faults.denyAction('RestoreImageFromRecycleBin');
    const outcome = await restoreFromRecycleBin({ aws: () => t.services }, writes, ref, plan, () => undefined);
    assert.equal(outcome.imageRestored, false);
    assert.match(outcome.imageFailure ?? '', /not authorized|denied/i);
    assert.deepEqual(announced, []);
    assert.equal(emu.store.getImage(REGION, ref.imageId), undefined);
  });

  it('a lost answer to the image restore: read back, found, so it counts as restored (sent once)', async () => {
    const { ref, plan } = await planFor(RECYCLED_NAMES.snapshotsKept);
    emu.requests.length = 0;
    emu.faults.dropAfterNextMutation(1);
    const outcome = await restoreFromRecycleBin({ aws: () => t.services }, writes, ref, plan, () => undefined);
    assert.equal(outcome.imageRestored, true, JSON.stringify(outcome));
    assert.equal(emu.requests.filter((r) => r.action === 'RestoreImageFromRecycleBin').length, 1, 'never sent twice');
    assert.deepEqual(announced.map((c) => c.kind), ['added']);
  });
});
