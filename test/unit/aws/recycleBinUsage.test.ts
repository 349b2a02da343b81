/**
 * The Recycle Bin and usage-report operations through the real @aws-sdk/client-ec2 against the
 * emulator: listing the bin (paged), restoring snapshots and images (and each refusal), making a
 * usage report, waiting until it is ready and reading its entries (and the owner-only refusal).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, THIRD_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { RECYCLED_NAMES } from '../../emulator/recycleBinSeed';
import { FIXTURE_NAMES } from '../../emulator/seed';
import type { RecycleBinOperations, UsageOperations } from '../../../src/aws/types';
import { addShareableImage } from '../emulator/helpers';
import { defaultHome, makeServices, twoProfileHome, unwrap, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';
const FAST = { minDelay: 1, maxDelay: 1, maxWaitTime: 20 };

describe('aws/recycleBin and usage reports', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let bin: RecycleBinOperations;
  let usage: UsageOperations;

  beforeEach(async () => {
    emu = await startEmulator({ seed: 7, imagesPerRegion: 8, regions: [REGION, 'us-west-2'] });
    home = defaultHome();
    t = makeServices(home, emu.url);
    bin = t.services.recycleBin(undefined);
    usage = t.services.usage(undefined);
  });
  afterEach(async () => {
    t.services.dispose();
    home.remove();
    await emu.close();
  });

  const binnedNamed = async (name: string) => unwrap(await bin.listImages(REGION)).find((i) => i.name === name);

  describe('Recycle Bin', () => {
    it('listImages: the seeded binned images with enter and exit times; none in a region without', async () => {
      const images = unwrap(await bin.listImages(REGION));
      assert.deepEqual(images.map((i) => i.name).sort(), Object.values(RECYCLED_NAMES).sort());
      for (const i of images) {
        assert.match(i.imageId, /^ami-[0-9a-f]{17}$/);
        assert.ok(i.enterTime && i.exitTime && i.exitTime > i.enterTime);
      }
      assert.deepEqual(unwrap(await bin.listImages('us-west-2')), []);
    });

    it('listImages follows every page (more than 1000 binned images)', async () => {
      const template = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT)!;
      for (let n = 0; n < 1005; n++) emu.store.putImageInBin({ ...template, imageId: emu.store.newId('ami'), name: `bulk-${n}` }, Date.now(), Date.now() + 86_400_000);
      const images = unwrap(await bin.listImages(REGION));
      assert.equal(images.length, 1005 + 3);
      const calls = emu.requests.filter((r) => r.action === 'ListImagesInRecycleBin');
      assert.equal(calls.length, 2);
    });

    it('a DeregisterImage under a retention rule puts the image in the bin; without a rule it is gone', async () => {
      const kept = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
      unwrap(await t.services.images(undefined).deregisterImage(REGION, kept.imageId));
      assert.ok(unwrap(await bin.listImages(REGION)).some((i) => i.imageId === kept.imageId));
      emu.store.setRetentionRule(DEFAULT_ACCOUNT, REGION, undefined);
      const gone = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
      unwrap(await t.services.images(undefined).deregisterImage(REGION, gone.imageId));
      assert.ok(!unwrap(await bin.listImages(REGION)).some((i) => i.imageId === gone.imageId));
    });

    it('listSnapshots and listImageSnapshots find the snapshots of a binned image', async () => {
      const withSnaps = (await binnedNamed(RECYCLED_NAMES.withSnapshots))!;
      const kept = (await binnedNamed(RECYCLED_NAMES.snapshotsKept))!;
      const binned = unwrap(await bin.listSnapshots(REGION));
      assert.ok(binned.some((s) => s.description?.includes(withSnaps.imageId)));
      assert.ok(!binned.some((s) => s.description?.includes(kept.imageId)));
      assert.ok(unwrap(await bin.listImageSnapshots(REGION, kept.imageId)).length > 0);
      assert.deepEqual(unwrap(await bin.listImageSnapshots(REGION, withSnaps.imageId)), []);
      const one = binned[0]!;
      assert.deepEqual(unwrap(await bin.listSnapshots(REGION, undefined, [one.snapshotId])).map((s) => s.snapshotId), [one.snapshotId]);
    });

    it('restoreSnapshot then restoreImage: both back, the image available and described again', async () => {
      const image = (await binnedNamed(RECYCLED_NAMES.withSnapshots))!;
      const snaps = unwrap(await bin.listSnapshots(REGION)).filter((s) => s.description?.includes(image.imageId));
      for (const s of snaps) unwrap(await bin.restoreSnapshot(REGION, s.snapshotId));
      unwrap(await bin.restoreImage(REGION, image.imageId));
      const back = unwrap(await t.services.images(undefined).getImage(REGION, image.imageId));
      assert.equal(back.state, 'available');
      for (const s of snaps) assert.ok(emu.store.getSnapshot(REGION, s.snapshotId));
      assert.ok(!unwrap(await bin.listImages(REGION)).some((i) => i.imageId === image.imageId));
    });

    it('restoreImage of an image not in the bin (or restored already) → notFound', async () => {
      const owned = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT)!;
      const r = await bin.restoreImage(REGION, owned.imageId);
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'notFound');
      assert.equal(r.error.code, 'InvalidAMIID.NotFound');
    });

    it('restoreImage after the retention passed → notFound (the image is gone for good)', async () => {
      const template = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT)!;
      const imageId = emu.store.newId('ami');
      emu.store.putImageInBin({ ...template, imageId }, Date.now() - 10_000, Date.now() - 1);
      const r = await bin.restoreImage(REGION, imageId);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'InvalidAMIID.NotFound');
      assert.ok(!unwrap(await bin.listImages(REGION)).some((i) => i.imageId === imageId));
    });

    it('restoreSnapshot of a snapshot that is gone (not in the bin) → notFound', async () => {
      const image = (await binnedNamed(RECYCLED_NAMES.snapshotsGone))!;
      assert.deepEqual(unwrap(await bin.listImageSnapshots(REGION, image.imageId)), []);
      const r = await bin.restoreSnapshot(REGION, 'snap-0123456789abcdef0');
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'notFound');
      assert.equal(r.error.code, 'InvalidSnapshot.NotFound');
    });

    it('another account sees none of my bin and cannot restore from it', async () => {
      const mine = (await binnedNamed(RECYCLED_NAMES.snapshotsKept))!;
      const twoHome = twoProfileHome();
      const two = makeServices(twoHome, emu.url);
      try {
        const other = two.services.recycleBin('other');
        assert.deepEqual(unwrap(await other.listImages(REGION)), []);
        const r = await other.restoreImage(REGION, mine.imageId);
        assert.ok(!r.ok);
        assert.equal(r.error.kind, 'notFound');
        assert.ok(emu.store.getBinnedImage(REGION, mine.imageId));
      } finally {
        two.services.dispose();
        twoHome.remove();
      }
    });

    it('access denied is a typed failure naming the action', async () => {
      emu.faults.denyAction('ListImagesInRecycleBin');
      const r = await bin.listImages(REGION);
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'accessDenied');
      assert.match(r.error.action ?? '', /ListImagesInRecycleBin/);
    });
  });

  describe('usage reports', () => {
    const sink = () => emu.store.images(REGION).find((i) => i.name === FIXTURE_NAMES.kitchenSink)!;

    it('create → not ready yet → wait → entries: the seeded accounts and counts', async () => {
      emu.store.setUsageReportDelay(1500);
      const reportId = unwrap(await usage.createImageUsageReport(REGION, sink().imageId));
      assert.match(reportId, /^amiur-/);
      assert.deepEqual(unwrap(await usage.listReportEntries(REGION, reportId)), [], 'a pending report has no entries yet');
      unwrap(await usage.waitForReport(REGION, reportId, undefined, FAST));
      const polls = emu.requests.filter((r) => r.action === 'DescribeImageUsageReports').length;
      assert.ok(polls >= 2, `polled ${polls} times`);
      const entries = unwrap(await usage.listReportEntries(REGION, reportId));
      const compact = entries.map((e) => `${e.accountId} ${e.resourceType} ${e.usageCount}`).sort();
      assert.deepEqual(compact, [`${OTHER_ACCOUNT} ec2:Instance 3`, `${OTHER_ACCOUNT} ec2:LaunchTemplate 1`, `${THIRD_ACCOUNT} ec2:Instance 1`].sort());
      assert.ok(entries.every((e) => e.reportCreationTime));
    });

    it('resource types and accounts narrow the report', async () => {
      emu.store.setUsageReportDelay(0);
      const reportId = unwrap(await usage.createImageUsageReport(REGION, sink().imageId, { resourceTypes: ['ec2:LaunchTemplate'], accountIds: [OTHER_ACCOUNT] }));
      unwrap(await usage.waitForReport(REGION, reportId, undefined, FAST));
      const entries = unwrap(await usage.listReportEntries(REGION, reportId));
      assert.deepEqual(entries.map((e) => [e.accountId, e.resourceType, e.usageCount]), [[OTHER_ACCOUNT, 'ec2:LaunchTemplate', 1]]);
    });

    it('a report for an image I do not own → error, nothing made', async () => {
      const shared = emu.store.images(REGION).find((i) => i.ownerId !== DEFAULT_ACCOUNT && i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT))!;
      const r = await usage.createImageUsageReport(REGION, shared.imageId);
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'AuthFailure');
      const missing = await usage.createImageUsageReport(REGION, 'ami-0123456789abcdef0');
      assert.ok(!missing.ok);
      assert.equal(missing.error.kind, 'notFound');
    });

    it('waitForReport: aborting stops waiting only (cancelled, the report stays)', async () => {
      emu.store.setUsageReportDelay(60_000);
      const reportId = unwrap(await usage.createImageUsageReport(REGION, sink().imageId));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const r = await usage.waitForReport(REGION, reportId, controller.signal, FAST);
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'cancelled');
      assert.match(r.error.message, /still being made/);
      assert.ok(emu.store.getUsageReport(REGION, reportId));
    });

    it('waitForReport: not ready in time → a failure saying so', async () => {
      emu.store.setUsageReportDelay(60_000);
      const reportId = unwrap(await usage.createImageUsageReport(REGION, sink().imageId));
      const r = await usage.waitForReport(REGION, reportId, undefined, { minDelay: 1, maxDelay: 1, maxWaitTime: 2 });
      assert.ok(!r.ok);
      assert.match(r.error.message, /not ready/);
    });

    it('waitForReport: an unknown report ends the wait at once with the error', async () => {
      const started = Date.now();
      const r = await usage.waitForReport(REGION, 'amiur-0123456789abcdef0', undefined, { minDelay: 1, maxDelay: 1, maxWaitTime: 20 });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'InvalidImageUsageReportId.NotFound');
      assert.ok(Date.now() - started < 5000);
    });
  });
});
