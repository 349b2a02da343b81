/**
 * The seed: deterministic from its number, realistic, complete, and able to reach 100k images.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DescribeImagesCommand, DescribeRegionsCommand, paginateDescribeImages } from '@aws-sdk/client-ec2';
import { BASE_DATE, createSeededStore, DEFAULT_ACCOUNT, DEFAULT_REGIONS, OTHER_ACCOUNT, startEmulator, type EmulatorStore } from '../../emulator/index';
import { Prng } from '../../emulator/prng';
import { client } from './helpers';

function fingerprint(store: EmulatorStore): string {
  return JSON.stringify(DEFAULT_REGIONS.map((r) => [store.images(r), store.snapshots(r)]));
}

describe('emulator: seed', () => {
  it('mulberry32 is deterministic and spreads values', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.next()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.ok(new Set(xs).size > 990);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(mean > 0.45 && mean < 0.55);
    assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, (() => { const c = new Prng(43); return () => c.next(); })()));
  });

  it('the same seed gives the same images, ids and snapshots; another seed different ones', () => {
    const one = createSeededStore({ seed: 5, imagesPerRegion: 30 });
    const two = createSeededStore({ seed: 5, imagesPerRegion: 30 });
    assert.equal(fingerprint(one), fingerprint(two));
    const other = createSeededStore({ seed: 6, imagesPerRegion: 30 });
    const ownedIds = (s: EmulatorStore) => s.images('us-east-1').filter((i) => i.ownerId === DEFAULT_ACCOUNT).map((i) => i.imageId);
    const a = new Set(ownedIds(one));
    assert.ok(!ownedIds(other).some((id) => a.has(id)), 'no generated id repeats across seeds');
    // The public images of the data file keep their real ids whatever the seed.
    const publicIds = (s: EmulatorStore) => s.images('us-east-1').filter((i) => i.ownerId === '137112412989').map((i) => i.imageId);
    assert.deepEqual(publicIds(one), publicIds(other));
  });

  it('ids are ami-/snap- plus 17 hex digits, and unique', () => {
    const store = createSeededStore({ imagesPerRegion: 200 });
    const ids = new Set<string>();
    for (const r of DEFAULT_REGIONS) {
      for (const i of store.images(r)) {
        assert.match(i.imageId, /^ami-[0-9a-f]{17}$/);
        assert.ok(!ids.has(i.imageId), i.imageId);
        ids.add(i.imageId);
      }
      for (const s of store.snapshots(r)) {
        assert.match(s.snapshotId, /^snap-[0-9a-f]{17}$/);
        assert.ok(!ids.has(s.snapshotId));
        ids.add(s.snapshotId);
      }
    }
  });

  it('generates imagesPerRegion owned images per region, about a fifth as many shared with me, realistically', () => {
    const store = createSeededStore({ imagesPerRegion: 100, regions: ['us-east-1', 'eu-west-1'] });
    for (const r of ['us-east-1', 'eu-west-1']) {
      const images = store.images(r);
      const owned = images.filter((i) => i.ownerId === DEFAULT_ACCOUNT);
      assert.equal(owned.length, 100);
      const shared = images.filter((i) => i.ownerId !== DEFAULT_ACCOUNT && i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT || p.organizationArn || p.organizationalUnitArn));
      assert.ok(shared.length >= 15 && shared.length <= 20, `${shared.length} shared`);
      assert.ok(images.some((i) => i.ownerId === OTHER_ACCOUNT && i.launchPermissions.some((p) => p.group === 'all')), 'a public image of another account');
      assert.ok(owned.some((i) => /^web-api-\d{4}\.\d{2}\.\d{2}-\d{4}/.test(i.name)));
      assert.ok(owned.some((i) => /^base-al2023-hardened-v\d+/.test(i.name)));
      assert.ok(owned.some((i) => /^ci-runner-ubuntu-24\.04-arm64/.test(i.name)));
      assert.equal(new Set(owned.map((i) => i.name)).size, owned.length, 'names are unique per account and region, as EC2 requires');
      const tagged = (k: string) => owned.filter((i) => i.tags.some((t) => t.key === k)).length;
      assert.ok(tagged('Name') > 60 && tagged('Name') < 100);
      assert.ok(tagged('Environment') > 50);
      assert.ok(tagged('Team') > 30 && tagged('Version') > 20);
      assert.ok(owned.some((i) => i.tags.length === 0), 'some images carry no tags at all');
      const envs = new Set(owned.flatMap((i) => i.tags.filter((t) => t.key === 'Environment').map((t) => t.value)));
      for (const e of ['prod', 'staging', 'dev']) assert.ok(envs.has(e), e);
      for (const i of owned.filter((x) => !x.name.startsWith('kitchen') && !x.name.includes('<') && !x.name.includes('"') && !x.name.includes('['))) {
        const t = Date.parse(i.creationDate);
        assert.ok(t <= BASE_DATE && t >= BASE_DATE - 731 * 86_400_000, `${i.name} ${i.creationDate}`);
      }
      const states = owned.map((i) => i.state);
      assert.equal(states.filter((s) => s === 'disabled').length, 2);
      assert.equal(states.filter((s) => s === 'pending').length, 1);
      assert.equal(states.filter((s) => s === 'failed').length, 1);
      assert.ok(owned.some((i) => i.deprecationTime && Date.parse(i.deprecationTime) < BASE_DATE));
      assert.ok(owned.some((i) => i.deprecationTime && Date.parse(i.deprecationTime) > BASE_DATE));
      for (const field of ['sourceInstanceId', 'lastLaunchedTime', 'sourceImageId', 'imdsSupport'] as const) {
        assert.ok(owned.some((i) => i[field] !== undefined) && owned.some((i) => i[field] === undefined), field);
      }
      assert.ok(owned.some((i) => i.deregistrationProtection?.startsWith('enabled')));
      assert.ok(owned.some((i) => i.sourceImageRegion && i.sourceImageRegion !== r), 'cross-region copies');
      assert.ok(images.some((i) => i.platform === 'windows' && i.usageOperation === 'RunInstances:0002' && i.tpmSupport === 'v2.0'));
      assert.ok(images.some((i) => i.platformDetails === 'Linux/UNIX' && i.usageOperation === 'RunInstances'));
    }
  });

  it('no seeded deprecation time lies between BASE_DATE and the clock, so what is deprecated at BASE_DATE is deprecated now', () => {
    // The emulator, like EC2, hides deprecated images by its clock; tests work out what to expect
    // at BASE_DATE. The seed keeps future deprecations a year or more past it, so both agree until
    // the clock passes that margin, and then this says so instead of expected sets that drift.
    const store = createSeededStore({ seed: 7, imagesPerRegion: 60, regions: ['us-east-1', 'eu-west-1'] });
    const times = ['us-east-1', 'eu-west-1'].flatMap((r) => store.images(r).flatMap((i) => (i.deprecationTime ? [Date.parse(i.deprecationTime)] : [])));
    assert.ok(times.some((t) => t <= BASE_DATE) && times.some((t) => t > BASE_DATE), 'deprecations on both sides of BASE_DATE');
    const [from, to] = [Math.min(BASE_DATE, Date.now()), Math.max(BASE_DATE, Date.now())];
    const between = times.filter((t) => t > from && t <= to).map((t) => new Date(t).toISOString());
    assert.deepEqual(between, [], 'the clock has moved past seeded deprecation times: move BASE_DATE (test/emulator/seed.ts) forward');
  });

  it('seeds the public AMIs of the data file in every region, with mappings and snapshots', () => {
    const store = createSeededStore({ imagesPerRegion: 0 });
    const total = store.regions().reduce((n, r) => n + store.images(r.regionName).filter((i) => i.ownerAlias === 'amazon' && !i.platform).length, 0);
    assert.ok(total >= 717, `${total}`);
    const al = store.images('sa-east-1')[0];
    assert.ok(al && al.ownerAlias === 'amazon' && al.launchPermissions.some((p) => p.group === 'all'));
    const root = al.blockDeviceMappings[0];
    assert.equal(root?.deviceName, al.rootDeviceName);
    assert.ok(root?.ebs?.snapshotId && store.getSnapshot('sa-east-1', root.ebs.snapshotId)?.ownerId === al.ownerId);
    assert.equal(store.images('us-east-1').filter((i) => i.ownerId === DEFAULT_ACCOUNT).length, 0, 'imagesPerRegion 0 generates none');
  });

  it('reaches 100,000 images and pages through a large region with the SDK', async function () {
    this.timeout(300_000);
    const emu = await startEmulator({ imagesPerRegion: 20_000 });
    try {
      assert.ok(emu.store.imageCount() >= 100_000, `${emu.store.imageCount()}`);
      const c = client(emu.url);
      let n = 0;
      for await (const page of paginateDescribeImages({ client: c, pageSize: 1000 }, { Owners: ['self'], IncludeDisabled: true })) n += page.Images?.length ?? 0;
      assert.equal(n, emu.store.images('us-east-1').filter((i) => i.ownerId === DEFAULT_ACCOUNT).length);
      assert.equal(n, 20_000);
      const one = await c.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['kitchen-sink-all-fields'] }] }));
      assert.equal(one.Images?.length, 1);
    } finally {
      await emu.close();
    }
  });
});

describe('emulator: command line', function () {
  this.timeout(60_000);
  const cli = path.join(__dirname, '..', '..', 'emulator', 'cli.js');

  it('prints exactly its listening line, serves requests, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--seed', '3', '--images-per-region', '5', '--regions', 'us-east-1,eu-west-1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0] as string);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const m = /^EC2 emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      assert.ok(m, line);
      assert.notEqual(m[2], '0');
      const res = await client(m[1] as string, { region: 'eu-west-1' }).send(new DescribeImagesCommand({ Owners: ['self'] }));
      assert.equal(res.Images?.filter((i) => i.State !== 'disabled').length, res.Images?.length);
      assert.ok((res.Images ?? []).length >= 4);
      const regions = await client(m[1] as string).send(new DescribeRegionsCommand({}));
      assert.ok((regions.Regions ?? []).length > 20);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  it('rejects unknown arguments with exit code 2', async () => {
    const child = spawn(process.execPath, [cli, '--colour', 'blue'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 2);
    assert.match(err, /unknown argument: --colour/);
  });
});
