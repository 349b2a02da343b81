/**
 * The clean-up report's reads through the real service layer and SDK against the emulator: every
 * owned image of each region (deprecated and disabled included), the seeded references, launch
 * permissions and usage reports of shared images; a region that fails is reported, not fatal;
 * references that cannot be read mean nothing is offered there; cancelling ends the read.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, ownedAvailableImages, startEmulator, type Emulator } from '../../emulator/index';
import { readCleanupData } from '../../../src/data/cleanup';
import { USAGE_REPORT_IDS_PER_CALL } from '../../../src/aws/usage';
import { buildReport, CLEANUP_DEFAULTS, type RegionRead } from '../../../src/model/cleanup';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from '../aws/helpers';

const US = 'us-east-1';
const EU = 'eu-west-1';
const NOW = new Date();

describe('data/cleanup (clean-up report reads)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 11, imagesPerRegion: 30, regions: [US, EU] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.reseed();
    emu.store.setUsageReportDelay(0);
    home = defaultHome();
    t = makeServices(home, emu.url);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  function read(regions = [US, EU], signal?: AbortSignal): Promise<RegionRead[]> {
    return readCleanupData({ aws: () => t.services }, { profile: undefined, regions, concurrency: 2 }, signal).then(unwrap);
  }

  /**
   * Makes seeded images look unused: deprecated a month ago (a sign of disuse), so that with no
   * reference they are candidates; the seed's newest images are otherwise recent, and "no
   * references" alone never makes a candidate.
   */
  function deprecate(region: string, ...ids: string[]): void {
    for (const id of ids) emu.store.modifyImage(region, id, { deprecationTime: new Date(NOW.getTime() - 30 * 86_400_000).toISOString() });
  }

  function owned(region: string): string[] {
    return emu.store
      .images(region)
      .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'deregistered')
      .map((i) => i.imageId)
      .sort();
  }

  it('reads every owned image of each region (deprecated and disabled too) and the seeded references', async () => {
    const reads = await read();
    assert.deepEqual(reads.map((r) => r.region), [US, EU]);
    for (const r of reads) {
      assert.equal(r.imagesError, undefined);
      assert.deepEqual(r.images.map((i) => i.imageId).sort(), owned(r.region));
      const referenced = ownedAvailableImages(emu.store, r.region)[1]?.imageId;
      assert.ok(referenced);
      assert.ok(r.references?.some((x) => x.imageId === referenced && x.resourceType === 'ec2:Instance'));
    }
    const all = reads.flatMap((r) => r.images);
    assert.ok(all.some((i) => i.deprecationTime !== undefined) || all.some((i) => i.state === 'disabled'), 'the seed has deprecated or disabled owned images');
    // DescribeImageReferences got at most 10 ids a call
    for (const req of emu.requests.filter((x) => x.action === 'DescribeImageReferences')) {
      assert.ok(Object.keys(req.params).filter((k) => /^ImageId\.\d+$/.test(k)).length <= 10);
    }
    // launch permissions were read only for images that may be offered: not public, not referenced
    const referencedIds = new Set(reads.flatMap((r) => r.references ?? []).map((x) => x.imageId));
    assert.ok(all.some((i) => referencedIds.has(i.imageId) && !i.public), 'a private referenced image to leave out');
    const asked = new Set(emu.requests.filter((x) => x.action === 'DescribeImageAttribute' && x.params.Attribute === 'launchPermission').map((x) => x.params.ImageId));
    for (const image of all) assert.equal(asked.has(image.imageId), !image.public && !referencedIds.has(image.imageId), image.imageId);
  });

  it('the report excludes the referenced image (with what uses it) and offers images with reasons, with sizes', async () => {
    const report = buildReport({ reads: await read(), rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    for (const region of [US, EU]) {
      const referenced = ownedAvailableImages(emu.store, region)[1]?.imageId;
      const newest = ownedAvailableImages(emu.store, region)[0]?.imageId;
      assert.ok(!report.candidates.some((c) => c.ref.imageId === referenced), 'never a candidate');
      assert.ok(!report.candidates.some((c) => c.ref.imageId === newest), 'the newest is named by an SSM parameter and a template');
      const ex = report.excluded.find((e) => e.ref.imageId === referenced);
      assert.ok(ex, 'listed as excluded');
      assert.ok(ex.uses.some((u) => u.startsWith('instance i-')));
      assert.ok(ex.uses.includes('SSM parameter /golden/web/previous'));
    }
    assert.ok(report.candidates.length > 0);
    for (const c of report.candidates) {
      const stored = emu.store.images(c.ref.region).find((i) => i.imageId === c.ref.imageId);
      assert.ok(stored);
      const gib = stored.blockDeviceMappings.reduce((n, m) => n + (m.ebs?.snapshotId ? (m.ebs.volumeSize ?? 0) : 0), 0);
      assert.equal(c.gib, gib, c.ref.imageId);
      assert.ok(c.reasons.some((r) => r.kind === 'noReferences'));
      assert.ok(c.reasons.some((r) => r.kind !== 'noReferences'), `${c.ref.imageId} has a sign of disuse besides no references`);
    }
    // every owned image is counted once: candidate, in use, recent or current, or not assessed (pending)
    const listed = [...report.candidates, ...report.excluded].map((r) => r.ref.imageId).concat(report.recent.map((r) => r.imageId));
    assert.equal(new Set(listed).size, listed.length);
    assert.equal(listed.length + report.notAssessed, owned(US).length + owned(EU).length);
    for (const r of report.recent) {
      const stored = emu.store.getImage(r.region, r.imageId);
      assert.ok(stored && stored.state !== 'disabled', `${r.imageId} is not disabled`);
      assert.ok(!stored.deprecationTime || Date.parse(stored.deprecationTime) > NOW.getTime(), `${r.imageId} is not deprecated`);
    }
    assert.equal(report.totals.gib, report.candidates.reduce((n, c) => n + c.gib, 0));
    // the seed leaves some images never launched and launches others long ago
    assert.ok(report.candidates.some((c) => c.reasons.some((r) => r.kind === 'notLaunched' && r.text.startsWith('Never launched'))));
    assert.ok(report.candidates.some((c) => c.reasons.some((r) => r.kind === 'notLaunched' && r.text.startsWith('Not launched for'))));
  });

  it('shared images: a usage report without other accounts says so; one with another account excludes the image', async () => {
    const [, , a, b, c] = ownedAvailableImages(emu.store, US);
    assert.ok(a && b && c);
    deprecate(US, a.imageId, b.imageId, c.imageId);
    const images = t.services.images(undefined);
    const usage = t.services.usage(undefined);
    for (const id of [a.imageId, b.imageId]) unwrap(await images.modifyLaunchPermissions(US, id, { add: [{ userId: OTHER_ACCOUNT }], remove: [] }));
    emu.store.setImageUsage(US, b.imageId, [{ accountId: OTHER_ACCOUNT, resourceType: 'ec2:Instance', count: 2 }]);
    unwrap(await usage.createImageUsageReport(US, a.imageId));
    unwrap(await usage.createImageUsageReport(US, b.imageId));
    const report = buildReport({ reads: await read([US]), rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    const ca = report.candidates.find((c) => c.ref.imageId === a.imageId);
    assert.equal(ca?.sharing.kind, 'noOtherUse');
    assert.match(ca?.sharing.text ?? '', /^Shared: no use by other accounts as of \d{4}-\d{2}-\d{2}/);
    assert.ok(!report.candidates.some((c) => c.ref.imageId === b.imageId));
    assert.deepEqual(report.excluded.find((e) => e.ref.imageId === b.imageId)?.uses.map((u) => u.replace(/of .*\)/, 'of DATE)')), [`account ${OTHER_ACCOUNT}: 2 instances (usage report of DATE)`]);
    // a shared image without a report: unknown
    unwrap(await images.modifyLaunchPermissions(US, c.imageId, { add: [{ userId: OTHER_ACCOUNT }], remove: [] }));
    const again = buildReport({ reads: await read([US]), rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    assert.equal(again.candidates.find((x) => x.ref.imageId === c.imageId)?.sharing.text, 'Shared: use by other accounts unknown');
  });

  it('listUsageReports reads the reports of many images, in batches', async () => {
    const ids = owned(US);
    assert.ok(ids.length > USAGE_REPORT_IDS_PER_CALL);
    const usage = t.services.usage(undefined);
    const first = ids[0] ?? '';
    const last = ids[ids.length - 1] ?? '';
    const r1 = unwrap(await usage.createImageUsageReport(US, first));
    const r2 = unwrap(await usage.createImageUsageReport(US, last));
    const listed = unwrap(await usage.listUsageReports(US, ids));
    assert.deepEqual(listed.map((r) => r.reportId).sort(), [r1, r2].sort());
    assert.ok(listed.every((r) => r.state === 'available' && typeof r.creationTime === 'string'));
    assert.equal(emu.requests.filter((x) => x.action === 'DescribeImageUsageReports').length, Math.ceil(ids.length / USAGE_REPORT_IDS_PER_CALL));
  });

  it('a region that fails is reported and the other is offered', async () => {
    emu.faults.failRegion(EU, 'UnauthorizedOperation');
    const reads = await read();
    assert.match(reads.find((r) => r.region === EU)?.imagesError ?? '', /not authorized|denied/i);
    const report = buildReport({ reads, rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    assert.equal(report.regions.find((r) => r.region === EU)?.status, 'failed');
    assert.ok(report.candidates.length > 0 && report.candidates.every((c) => c.ref.region === US));
  });

  it('references that cannot be read: nothing in the region is offered, and the report says why', async () => {
    emu.faults.denyAction('DescribeImageReferences');
    const reads = await read([US]);
    assert.equal(reads[0]?.references, undefined);
    // Nothing there can be offered, so no sharing is read for it.
    assert.deepEqual(emu.requests.filter((x) => x.action === 'DescribeImageAttribute' || x.action === 'DescribeImageUsageReports'), []);
    const report = buildReport({ reads, rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    assert.equal(report.candidates.length, 0);
    assert.equal(report.regions[0]?.status, 'notOffered');
    assert.match(report.regions[0]?.message ?? '', /DescribeImageReferences/);
  });

  it('usage reports that cannot be read leave the sharing unknown and say so', async () => {
    const [, , a] = ownedAvailableImages(emu.store, US);
    assert.ok(a);
    deprecate(US, a.imageId);
    unwrap(await t.services.images(undefined).modifyLaunchPermissions(US, a.imageId, { add: [{ userId: OTHER_ACCOUNT }], remove: [] }));
    emu.faults.denyAction('DescribeImageUsageReports');
    const report = buildReport({ reads: await read([US]), rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    assert.equal(report.candidates.find((c) => c.ref.imageId === a.imageId)?.sharing.kind, 'unknown');
    assert.match(report.notes.join(' '), /Usage reports could not be read/);
  });

  it('launch permissions that cannot be read leave the sharing unknown and say so', async () => {
    emu.faults.denyAction('DescribeImageAttribute');
    const report = buildReport({ reads: await read([US]), rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    const privateOnes = report.candidates.filter((c) => !emu.store.getImage(US, c.ref.imageId)?.launchPermissions.some((p) => p.group === 'all'));
    assert.ok(privateOnes.length > 0);
    for (const c of privateOnes) assert.equal(c.sharing.kind, 'unreadable', c.ref.imageId);
    assert.match(report.notes.join(' '), /launch permissions of \d+ images? could not be read/);
  });

  it('cancelling ends the read', async () => {
    const controller = new AbortController();
    emu.faults.setLatency(US, 300);
    emu.faults.setLatency(EU, 300);
    setTimeout(() => controller.abort(), 50);
    const result = await readCleanupData({ aws: () => t.services }, { profile: undefined, regions: [US, EU], concurrency: 1 }, controller.signal);
    assert.ok(!result.ok);
    assert.equal(!result.ok && result.error.kind, 'cancelled');
  });
});
