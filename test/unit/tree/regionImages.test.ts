/**
 * The per-region image state behind the tree, through the real SDK against the emulator: pages
 * from several owner scopes merged without duplicates, "load more" until the end, one scope's
 * failure kept beside the other's images and retried, and a reset that drops a fetch in flight.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import type { ImageFilter, OwnerScope } from '../../../src/aws/types';
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
    assert.equal(data.hasMore, true);
    assert.deepEqual(changes, ['loading', 'loaded']);
    let rounds = 0;
    while (data.hasMore) {
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
    assert.equal(data.hasMore, false, 'no "load more" while failed');
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

  it('shares one fetch between concurrent callers', async () => {
    const { data, changes } = make();
    const a = data.ensureLoaded();
    const b = data.ensureLoaded();
    assert.equal(a, b);
    await a;
    assert.deepEqual(changes, ['loading', 'loaded']);
  });
});
