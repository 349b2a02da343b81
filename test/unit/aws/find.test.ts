/**
 * Find AMI (issue #11) through the real SDK against the emulator: the by-id lookup (a miss is an
 * empty answer, a failure is a failure), the description / tag-value filters, and the streaming
 * search across regions (failed regions listed, results cut after FIND_MAX_PAGES pages, aborting
 * stops every call). Expected sets come from the emulator's store.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import type { ImageOperations } from '../../../src/aws/types';
import { FIND_MAX_PAGES, parseFindQuery, type FindQuery } from '../../../src/model/findQuery';
import { FindSearch } from '../../../src/ui/findSearch';
import { Limiter } from '../../../src/util/limiter';
import { defaultHome, makeServices, twoProfileHome, unwrap, type AwsHome, type TestServices } from './helpers';
import { OTHER_ACCOUNT } from '../../emulator';
import { until } from '../support/until';

const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';
const THIRD_REGION = 'ap-southeast-2';
const REGIONS = [REGION, OTHER_REGION, THIRD_REGION];

function query(text: string): FindQuery {
  const p = parseFindQuery(text);
  if (!p.ok) throw new Error(p.message);
  return p.query;
}

describe('aws/images: find (issue #11)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let ops: ImageOperations;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 11, imagesPerRegion: 30, regions: REGIONS });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
    home = defaultHome();
    t = makeServices(home, emu.url, { regions: REGIONS });
    ops = t.services.images(undefined);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const mine = (region: string) => emu.store.images(region).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available');
  const otherOwners = (region: string) => emu.store.images(region).filter((i) => i.ownerId !== DEFAULT_ACCOUNT && i.state === 'available' && i.launchPermissions.some((p) => p.group === 'all'));

  function search(q: FindQuery, opts: { pageSize?: number; limit?: number } = {}): { search: FindSearch; changes: number[] } {
    const changes: number[] = [];
    const s = new FindSearch(q, { aws: () => t.services, profiles: [undefined], owners: [{ kind: 'self' }], pageSize: opts.pageSize ?? 50, limiter: new Limiter(opts.limit ?? 4) }, () => changes.push(s.answered));
    return { search: s, changes };
  }

  describe('findImagesById', () => {
    it('finds an image of any owner by id; in a region that does not know the id the answer is empty, not a failure', async () => {
      const theirs = otherOwners(REGION)[0];
      assert.ok(theirs, 'the seed has a public image of another owner');
      const here = unwrap(await ops.findImagesById(REGION, [theirs.imageId]));
      assert.deepEqual(here.map((i) => i.imageId), [theirs.imageId]);
      assert.equal(here[0]?.ownerId, theirs.ownerId);
      const elsewhere = await ops.findImagesById(OTHER_REGION, [theirs.imageId]);
      assert.ok(elsewhere.ok, 'a miss is ok');
      assert.deepEqual(elsewhere.value, []);
      const call = emu.requests.find((r) => r.region === OTHER_REGION && r.action === 'DescribeImages');
      assert.equal(call?.errorCode, 'InvalidAMIID.NotFound', 'EC2 said NotFound there');
      assert.equal(call?.params['ImageId.1'], theirs.imageId);
      assert.equal(call?.params['Owner.1'], undefined, 'no owner restriction');
    });

    it('several ids: the unknown ones are dropped and the rest asked again, so a miss does not hide a hit', async () => {
      const [a, b] = mine(OTHER_REGION);
      assert.ok(a && b);
      const unknown = 'ami-0000000000000000f';
      const found = unwrap(await ops.findImagesById(OTHER_REGION, [unknown, a.imageId, b.imageId, a.imageId]));
      assert.deepEqual(found.map((i) => i.imageId).sort(), [a.imageId, b.imageId].sort());
      const calls = emu.requests.filter((r) => r.action === 'DescribeImages');
      assert.equal(calls.length, 2, 'one refused call naming the unknown id, one with the others');
      assert.equal(calls[1]?.params['ImageId.3'], undefined);
    });

    it('a malformed id is a miss too', async () => {
      const found = await ops.findImagesById(REGION, ['ami-nothex12']);
      assert.ok(found.ok);
      assert.deepEqual(found.value, []);
      assert.equal(emu.requests[0]?.errorCode, 'InvalidAMIID.Malformed');
    });

    it('a region that fails is a failure with the reason', async () => {
      emu.faults.failRegion(OTHER_REGION, 'UnauthorizedOperation');
      const r = await ops.findImagesById(OTHER_REGION, ['ami-12345678']);
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'accessDenied');
      assert.equal(r.error.region, OTHER_REGION);
    });
  });

  describe('description and tag-value filters', () => {
    it('description is sent as the description filter, tagValue as tag-value, with the wildcards', async () => {
      const [a, b] = mine(REGION);
      assert.ok(a && b);
      emu.store.modifyImage(REGION, a.imageId, { description: 'find-me qzx-golden build' });
      emu.store.setTag(REGION, b.imageId, 'FindTeam', 'find-value-7');
      const byDesc = unwrap(await ops.listImages(REGION, { kind: 'self' }, { description: '*qzx-golden*', includeDeprecated: true }, { pageSize: 50 }));
      assert.deepEqual(byDesc.items.map((i) => i.imageId), [a.imageId]);
      const byValue = unwrap(await ops.listImages(REGION, { kind: 'self' }, { tagValue: 'find-value-?' }, { pageSize: 50 }));
      assert.deepEqual(byValue.items.map((i) => i.imageId), [b.imageId]);
      const sent = emu.requests.filter((r) => r.action === 'DescribeImages').map((r) => Object.entries(r.params).filter(([k]) => k.startsWith('Filter.')).map(([k, v]) => `${k}=${v}`).sort().join(' '));
      assert.deepEqual(sent, ['Filter.1.Name=description Filter.1.Value.1=*qzx-golden*', 'Filter.1.Name=tag-value Filter.1.Value.1=find-value-?']);
    });
  });

  describe('FindSearch', () => {
    it('an id search asks every region once by id; the region that has it answers, the others are silent misses', async () => {
      const target = mine(THIRD_REGION)[3];
      assert.ok(target);
      const { search: s, changes } = search(query(target.imageId));
      await s.run(new AbortController().signal);
      assert.deepEqual(s.results.map((r) => [r.image.imageId, r.image.region]), [[target.imageId, THIRD_REGION]]);
      assert.deepEqual(s.failures, []);
      assert.equal(s.total, 3);
      assert.equal(s.answered, 3);
      assert.ok(s.done);
      assert.ok(changes.length >= 4, 'the state is announced as regions answer');
      const calls = emu.requests.filter((r) => r.action === 'DescribeImages');
      assert.deepEqual(calls.map((r) => r.region).sort(), [...REGIONS].sort());
      assert.ok(calls.every((r) => r.params['ImageId.1'] === target.imageId));
    });

    it('a region that fails is listed with its reason; the others still answer', async () => {
      const target = mine(REGION)[0];
      assert.ok(target);
      emu.faults.failRegion(OTHER_REGION, 'UnauthorizedOperation');
      const { search: s } = search(query(target.imageId));
      await s.run(new AbortController().signal);
      assert.deepEqual(s.results.map((r) => r.image.imageId), [target.imageId]);
      assert.equal(s.failures.length, 1);
      assert.equal(s.failures[0]?.region, OTHER_REGION);
      assert.match(s.failures[0]?.reason ?? '', /not authorized|denied/i);
      assert.equal(s.answered, 3);
    });

    it('plain text looks in names and descriptions (two calls per region), merged by id', async () => {
      const [a, b] = mine(OTHER_REGION);
      assert.ok(a && b);
      emu.store.modifyImage(OTHER_REGION, a.imageId, { name: 'zz-needle-name' });
      emu.store.modifyImage(OTHER_REGION, b.imageId, { description: 'has a needle inside' });
      const { search: s } = search(query('needle'));
      await s.run(new AbortController().signal);
      assert.deepEqual(s.results.map((r) => r.image.imageId).sort(), [a.imageId, b.imageId].sort());
      const calls = emu.requests.filter((r) => r.action === 'DescribeImages');
      assert.equal(calls.length, 6, 'name and description in each of 3 regions');
      assert.deepEqual(calls.map((r) => r.params['Filter.1.Name']).sort(), ['description', 'description', 'description', 'name', 'name', 'name']);
      assert.ok(calls.every((r) => r.params['Owner.1'] === 'self'), "the tree's owner scope");
    });

    it('a tag search with a wildcard key keeps only images where one tag matches key and value; Key= finds any value', async () => {
      const [a, b, c] = mine(REGION);
      assert.ok(a && b && c);
      emu.store.setTag(REGION, a.imageId, 'FindTeamX', 'web');
      emu.store.setTag(REGION, b.imageId, 'FindTeamY', 'db');
      emu.store.setTag(REGION, b.imageId, 'FindOther', 'web');
      emu.store.setTag(REGION, c.imageId, 'FindTeamZ', '');
      const { search: paired } = search(query('FindTeam*=web'));
      await paired.run(new AbortController().signal);
      assert.deepEqual(paired.results.map((r) => r.image.imageId), [a.imageId]);
      const sent = emu.requests.find((r) => r.action === 'DescribeImages' && r.region === REGION);
      assert.deepEqual([sent?.params['Filter.1.Name'], sent?.params['Filter.2.Name']], ['tag-key', 'tag-value']);
      emu.requests.length = 0;
      const { search: anyValue } = search(query('FindTeam*='));
      await anyValue.run(new AbortController().signal);
      assert.deepEqual(anyValue.results.map((r) => r.image.imageId).sort(), [a.imageId, b.imageId, c.imageId].sort());
    });

    it(`stops after ${FIND_MAX_PAGES} pages of a region and says more results are there`, async () => {
      const { search: s } = search(query('name:*'), { pageSize: 5 });
      await s.run(new AbortController().signal);
      const perRegion = (region: string) => emu.requests.filter((r) => r.action === 'DescribeImages' && r.region === region).length;
      for (const region of REGIONS) assert.equal(perRegion(region), FIND_MAX_PAGES, region);
      assert.deepEqual(s.cut.map((c) => c.region).sort(), [...REGIONS].sort());
      assert.equal(s.results.length, FIND_MAX_PAGES * 5 * REGIONS.length);
    });

    it('every profile is searched, each result carrying its profile; an image both accounts see is listed once per profile', async () => {
      const two = twoProfileHome();
      const services = makeServices(two, emu.url, { regions: [REGION, OTHER_REGION] }).services;
      try {
        const theirs = emu.store.images(OTHER_REGION).find((i) => i.ownerId === OTHER_ACCOUNT && i.state === 'available' && i.launchPermissions.some((p) => p.group === 'all') && i.deprecationTime === undefined);
        assert.ok(theirs, 'a public image of the other account');
        const s = new FindSearch(query(theirs.imageId), { aws: () => services, profiles: ['default', 'other'], owners: [{ kind: 'self' }], pageSize: 50, limiter: new Limiter(4) }, () => undefined);
        await s.run(new AbortController().signal);
        assert.deepEqual(s.results.map((r) => `${r.profile ?? ''} ${r.image.region} ${r.image.imageId}`).sort(), [`default ${OTHER_REGION} ${theirs.imageId}`, `other ${OTHER_REGION} ${theirs.imageId}`]);
        assert.equal(s.total, 4, '2 regions × 2 profiles');
        assert.equal(s.answered, 4);
        const accounts = new Set(emu.requests.filter((r) => r.action === 'DescribeImages').map((r) => r.account));
        assert.deepEqual([...accounts].sort(), [DEFAULT_ACCOUNT, OTHER_ACCOUNT].sort(), 'each profile asked with its own credentials');
      } finally {
        services.dispose();
        two.remove();
      }
    });

    it('a profile whose regions cannot be listed is one failure naming the profile', async () => {
      const s = new FindSearch(query('ami-12345678'), { aws: () => ({ ...t.services, listRegions: async () => ({ ok: false as const, error: { kind: 'profileNotFound' as const, message: 'The profile "gone" is in neither file.' } }), images: (p) => t.services.images(p) }), profiles: ['gone'], owners: [{ kind: 'self' }], pageSize: 50, limiter: new Limiter(4) }, () => undefined);
      await s.run(new AbortController().signal);
      assert.deepEqual(s.failures, [{ profile: 'gone', reason: 'The profile "gone" is in neither file.' }]);
      assert.equal(s.total, 0);
      assert.ok(s.done);
      assert.equal(emu.requests.length, 0);
    });

    it('aborting stops the calls running and starts none of the regions still waiting', async () => {
      for (const region of REGIONS) emu.faults.setLatency(region, 600);
      const target = mine(REGION)[0];
      assert.ok(target);
      const { search: s } = search(query(target.imageId), { limit: 1 });
      const controller = new AbortController();
      const running = s.run(controller.signal);
      await until(() => emu.requests.some((r) => r.action === 'DescribeImages'), 'the first call');
      controller.abort(new Error('closed'));
      const atAbort = emu.requests.length;
      await running;
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(emu.requests.length, atAbort, `no request after the abort: ${emu.requests.map((r) => `${r.action} ${r.region}`).join(', ')}`);
      assert.equal(emu.requests.filter((r) => r.action === 'DescribeImages').length, 1, 'one region started, two never did');
      assert.equal(s.done, false);
      assert.equal(s.answered, 0, 'the aborted region is not counted as answered');
      assert.deepEqual(s.failures, [], 'cancelling is not a failure');
    });
  });
});
