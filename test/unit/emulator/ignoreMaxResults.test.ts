/**
 * tree (issue #12): the emulator as a server that ignores MaxResults (the fault ignoreMaxResults),
 * and the request log's start and end times that show which calls overlapped.
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand, paginateDescribeImages, type Image } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, startEmulator, type Emulator } from '../../emulator/index';
import { client } from './helpers';

const REGION = 'us-east-1';

describe('emulator: ignoreMaxResults and request times (issue #12)', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let mine: string[];
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 40, regions: [REGION, 'eu-west-1'] });
    mine = emu.store
      .images(REGION)
      .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled')
      .map((i) => i.imageId)
      .sort();
  });
  afterEach(() => emu.faults.reset());
  after(async () => {
    await emu.close();
  });

  const ec2 = () => client(emu.url, { region: REGION });
  const ids = (images: Image[] | undefined): string[] => (images ?? []).map((i) => i.ImageId ?? '').sort();

  it('honours MaxResults by default', async () => {
    const page = await ec2().send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    assert.equal(page.Images?.length, 5);
    assert.ok(page.NextToken);
  });

  it('ignoreMaxResults(true): the whole listing in one page, no NextToken', async () => {
    assert.ok(mine.length > 30);
    emu.faults.ignoreMaxResults(true);
    const page = await ec2().send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    assert.deepEqual(ids(page.Images), mine);
    assert.equal(page.NextToken, undefined);
  });

  it('ignoreMaxResults(true, n): pages of n whatever MaxResults says, with a NextToken while more remain', async () => {
    emu.faults.ignoreMaxResults(true, 12);
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateDescribeImages({ client: ec2() }, { Owners: ['self'], MaxResults: 5 })) {
      pages.push(page.Images?.length ?? 0);
      seen.push(...ids(page.Images));
    }
    assert.deepEqual(pages.slice(0, -1), pages.slice(0, -1).map(() => 12));
    assert.ok((pages.at(-1) ?? 0) <= 12 && pages.length === Math.ceil(mine.length / 12), `pages ${pages.join(', ')}`);
    assert.deepEqual(seen.sort(), mine);
  });

  it('does not change calls by ImageId, and reset() honours MaxResults again', async () => {
    emu.faults.ignoreMaxResults(true);
    const one = await ec2().send(new DescribeImagesCommand({ ImageIds: [mine[0] ?? ''] }));
    assert.deepEqual(ids(one.Images), [mine[0]]);
    emu.faults.reset();
    const page = await ec2().send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    assert.equal(page.Images?.length, 5);
    emu.faults.ignoreMaxResults(true);
    emu.faults.ignoreMaxResults(false);
    const again = await ec2().send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    assert.equal(again.Images?.length, 5);
  });

  it('logs when each call started and ended: calls sent together overlap, calls one after another do not', async () => {
    emu.faults.setLatency(REGION, 150);
    emu.faults.setLatency('eu-west-1', 150);
    const before = emu.requests.length;
    await Promise.all([REGION, 'eu-west-1'].map((region) => client(emu.url, { region }).send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }))));
    const together = emu.requests.slice(before);
    assert.equal(together.length, 2);
    for (const e of together) assert.ok(e.endedAt !== undefined && e.endedAt >= e.startedAt + 100, 'the latency is inside the logged interval');
    const [a, b] = together as [(typeof together)[0], (typeof together)[0]];
    assert.ok(a.startedAt < (b.endedAt ?? 0) && b.startedAt < (a.endedAt ?? 0), 'overlapping');

    const next = emu.requests.length;
    await client(emu.url, { region: REGION }).send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    await client(emu.url, { region: 'eu-west-1' }).send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    const [c, d] = emu.requests.slice(next) as [(typeof together)[0], (typeof together)[0]];
    assert.ok((c.endedAt ?? Infinity) <= d.startedAt, 'one after another');
  });
});
