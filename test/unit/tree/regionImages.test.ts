/**
 * The per-region image state behind the tree, through the real SDK against the emulator: pages
 * from several owner scopes merged without duplicates, "load more" until the end, one scope's
 * failure kept beside the other's images and retried, and a reset that drops a fetch in flight.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import type { ImageFilter, OwnerScope } from '../../../src/aws/types';
import { filterImages, sortNewestFirst } from '../../../src/model/grouping';
import { RegionImages, type LoadOptions } from '../../../src/tree/regionImages';
import { Limiter } from '../../../src/util/limiter';
import { defaultHome, makeServices, type AwsHome, type TestServices } from '../aws/helpers';

const REGION = 'us-east-1';

describe('tree/regionImages', () => {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 3, imagesPerRegion: 30, regions: [REGION] });
    home = defaultHome();
    t = makeServices(home, emu.url, { maxAttempts: 1 });
  });
  after(async () => {
    t.services.dispose();
    home.remove();
    await emu.close();
  });
  afterEach(() => emu.faults.reset());

  function make(options: Partial<LoadOptions> = {}, limiter = new Limiter(2)): { data: RegionImages; changes: string[] } {
    const changes: string[] = [];
    const filter: ImageFilter = {};
    const opts: LoadOptions = { scopes: [{ kind: 'self' }], filter, pageSize: 50, ...options };
    const data: RegionImages = new RegionImages(
      'default',
      REGION,
      () => t.services.images('default'),
      () => opts,
      limiter,
      () => changes.push(data.state),
    );
    return { data, changes };
  }

  const mine = (): string[] =>
    emu.store
      .images(REGION)
      .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled')
      .map((i) => i.imageId)
      .sort();

  it('loads the first page, then every next page until the end', async () => {
    const { data, changes } = make({ pageSize: 5 });
    await data.ensureLoaded();
    assert.equal(data.images.length, 5);
    assert.equal(data.moreOnServer, true);
    assert.equal(data.hasMore(''), true);
    assert.deepEqual(changes, ['loading', 'loaded']);
    let rounds = 0;
    while (data.hasMore('')) {
      await data.loadMore();
      rounds++;
      assert.ok(rounds < 20);
    }
    assert.deepEqual(data.images.map((i) => i.imageId).sort(), mine());
    assert.equal(data.error, undefined);
  });

  it('merges several owner scopes and marks images shared with me', async () => {
    const scopes: OwnerScope[] = [{ kind: 'self' }, { kind: 'sharedWithMe' }, { kind: 'accounts', accountIds: [DEFAULT_ACCOUNT] }];
    const { data } = make({ scopes });
    await data.ensureLoaded();
    const ids = data.images.map((i) => i.imageId);
    assert.equal(new Set(ids).size, ids.length, 'no image twice');
    for (const id of mine()) assert.ok(ids.includes(id), id);
    assert.ok(data.sharedWithMe.size > 0);
    for (const id of data.sharedWithMe) {
      assert.notEqual(data.images.find((i) => i.imageId === id)?.ownerId, DEFAULT_ACCOUNT);
    }
  });

  it('keeps a failure for the error node and retries on loadMore', async () => {
    emu.faults.failRegion(REGION, 'UnauthorizedOperation');
    const { data } = make();
    await data.ensureLoaded();
    assert.equal(data.images.length, 0);
    assert.equal(data.error?.kind, 'accessDenied');
    assert.equal(data.error?.region, REGION);
    assert.equal(data.hasMore(''), false, 'no "load more" while failed');
    emu.faults.reset();
    await data.loadMore();
    assert.equal(data.error, undefined);
    assert.deepEqual(data.images.map((i) => i.imageId).sort(), mine());
  });

  it('keeps what one scope loaded when another fails, and retries only the failed one', async () => {
    const scopes: OwnerScope[] = [{ kind: 'self' }, { kind: 'accounts', accountIds: [OTHER_ACCOUNT] }];
    const complete = make({ scopes }).data;
    await complete.ensureLoaded();
    const all = complete.images.map((i) => i.imageId).sort();

    // maxAttempts is 1: exactly one of the two parallel DescribeImages calls is throttled.
    emu.faults.throttleNext(1, { region: REGION, action: 'DescribeImages' });
    const { data } = make({ scopes });
    await data.ensureLoaded();
    assert.equal(data.error?.kind, 'throttled');
    assert.ok(data.images.length > 0 && data.images.length < all.length, 'the other scope\'s images are kept');
    const before = emu.requests.length;
    await data.loadMore();
    assert.equal(emu.requests.length - before, 1, 'only the failed scope is fetched again');
    assert.equal(data.error, undefined);
    assert.deepEqual(data.images.map((i) => i.imageId).sort(), all);
  });

  it('reset drops a fetch in flight: its late answer is not written', async () => {
    emu.faults.setLatency(REGION, 300);
    const { data } = make();
    const pending = data.ensureLoaded();
    assert.equal(data.state, 'loading');
    data.reset();
    await pending;
    assert.equal(data.state, 'idle');
    assert.deepEqual(data.images, []);
    emu.faults.reset();
    await data.ensureLoaded();
    assert.equal(data.images.length, mine().length);
  });

  // tree (issue #12): no huge expands
  describe('a server that answers more than a page (no huge expands, issue #12)', () => {
    const describeCalls = (): number => emu.requests.filter((r) => r.action === 'DescribeImages').length;
    const visibleIds = (data: RegionImages, filter = ''): string[] => data.shown(filter).visible.map((i) => i.imageId);

    it('the whole region in one page: a page is listed, "Load more" lists the kept ones without a call', async () => {
      emu.faults.ignoreMaxResults(true);
      const { data } = make({ pageSize: 10 });
      const before = describeCalls();
      await data.ensureLoaded();
      assert.equal(describeCalls() - before, 1);
      const all = mine();
      assert.ok(all.length > 25, `${all.length} owned images`);
      assert.deepEqual(data.images.map((i) => i.imageId).sort(), all, 'everything received is kept');
      assert.equal(data.moreOnServer, false, 'no NextToken: the count has no "+"');
      assert.equal(data.shown('').visible.length, 10, 'one page listed');
      assert.equal(data.shown('').kept.length, all.length - 10);

      let listed = visibleIds(data);
      let rounds = 0;
      while (data.hasMore('')) {
        await data.loadMore('');
        const now = visibleIds(data);
        assert.equal(now.length, Math.min(all.length, listed.length + 10), 'one more page at a time');
        for (const id of listed) assert.ok(now.includes(id), `${id} stays listed`);
        listed = now;
        assert.ok(++rounds < 10);
      }
      assert.deepEqual([...listed].sort(), all);
      assert.equal(describeCalls() - before, 1, 'no DescribeImages after the first');
    });

    it('more than a page with a NextToken: the kept ones first, a call only when they are used up', async () => {
      emu.faults.ignoreMaxResults(true, 12);
      const { data } = make({ pageSize: 5 });
      const before = describeCalls();
      await data.ensureLoaded();
      assert.ok(mine().length >= 24);
      assert.equal(data.images.length, 12);
      assert.equal(data.moreOnServer, true);
      assert.equal(visibleIds(data).length, 5);
      await data.loadMore('');
      assert.equal(visibleIds(data).length, 10);
      await data.loadMore('');
      assert.equal(visibleIds(data).length, 12, 'the last 2 kept are listed, without fetching to fill the page');
      assert.equal(describeCalls() - before, 1, 'still the first call only');
      assert.equal(data.hasMore(''), true, 'the server has more');
      await data.loadMore('');
      const calls = emu.requests.filter((r) => r.action === 'DescribeImages').slice(before);
      assert.equal(calls.length, 2, 'the kept ones used up: the next page is fetched');
      assert.ok(calls[1]?.params.NextToken, 'with the NextToken');
      assert.equal(data.images.length, 24);
      assert.equal(visibleIds(data).length, 17, 'and one page of it listed');
      assert.equal(data.shown('').kept.length, 7);
    });

    it('the text filter lists at most a page of the matches among everything received; Load more lists the next matches', async () => {
      emu.faults.ignoreMaxResults(true);
      const { data } = make({ pageSize: 5 });
      await data.ensureLoaded();
      const before = describeCalls();
      // A filter matching more than two pages but not everything: a hex digit of the image ids.
      const filter = [...'0123456789abcdef'].find((c) => {
        const n = filterImages(data.images, c).length;
        return n > 10 && n < data.images.length;
      });
      assert.ok(filter, 'some digit matches more than 10 images and not all');
      const matches = sortNewestFirst(filterImages(data.images, filter)).map((i) => i.imageId);
      assert.deepEqual(visibleIds(data, filter), matches.slice(0, 5), 'the newest page of matches, found among the kept images too');
      await data.loadMore(filter);
      assert.deepEqual(visibleIds(data, filter), matches.slice(0, 10), 'the next page of matches');
      assert.equal(describeCalls(), before, 'no call');
      // Without the filter: what was revealed stays listed.
      const unfiltered = visibleIds(data);
      for (const id of matches.slice(0, 10)) assert.ok(unfiltered.includes(id), id);
    });

    it('reveal() lists one kept image (Find AMI), fetchMore() fetches without listing more', async () => {
      emu.faults.ignoreMaxResults(true, 20);
      const { data } = make({ pageSize: 5 });
      await data.ensureLoaded();
      const kept = data.shown('').kept;
      const target = kept[kept.length - 1];
      assert.ok(target);
      assert.equal(data.reveal(target.imageId), true);
      assert.ok(visibleIds(data).includes(target.imageId));
      assert.equal(visibleIds(data).length, 5, 'still a page: the revealed image takes one place');
      assert.equal(data.reveal('ami-0123456789abcdef0'), false, 'not received');
      await data.fetchMore();
      assert.equal(data.images.length, Math.min(40, mine().length));
      assert.equal(visibleIds(data).length, 5, 'nothing more listed');
    });
  });

  it('shares one fetch between concurrent callers', async () => {
    const { data, changes } = make();
    const a = data.ensureLoaded();
    const b = data.ensureLoaded();
    assert.equal(a, b);
    await a;
    assert.deepEqual(changes, ['loading', 'loaded']);
  });
});
