/**
 * tree (issue #12): no huge expands. A server answering a whole region in one page (120 images,
 * page size 20): expanding the region lists a page and a "Load more…" that lists the next without
 * a call; the description counts what was received; tag groups hold only the listed images; Find
 * AMI's locateImage finds a kept image without a call. Against a fake service layer.
 */
import * as assert from 'node:assert/strict';
import type { Page } from '../../../src/aws/types';
import type { AmiImage } from '../../../src/model/image';
import { ok, type Result } from '../../../src/model/result';
import type * as ProviderModule from '../../../src/tree/amiTreeProvider';
import type * as RegionNodeModule from '../../../src/tree/regionNode';
import type { TreeNode } from '../../../src/tree/treeNode';
import { installVscodeStub, uninstallVscodeStub } from '../support/vscodeStub';
import { fakeContext, FakeAws, fakeServices, image } from './fakes';

const PAGE = 20;
const COUNT = 120;

/** Image n is n days newer than the first; every third is tagged Team=blue, the others Team=red. */
function region(n: number): AmiImage[] {
  return Array.from({ length: n }, (_, k) =>
    image(`ami-${k.toString(16).padStart(8, '0')}`, { creationDate: new Date(Date.UTC(2026, 0, 1 + k)).toISOString(), tags: { Team: k % 3 === 0 ? 'blue' : 'red' } }),
  );
}

/** One page holding everything, whatever the page size asked (a server ignoring MaxResults). */
function wholeRegion(aws: FakeAws, next?: string): void {
  aws.listImages = async (_region, _scope, page): Promise<Result<Page<AmiImage>>> => (page.nextToken ? ok({ items: [] }) : ok({ items: region(COUNT), ...(next ? { nextToken: next } : {}) }));
}

const isImage = (n: TreeNode): boolean => /\/ami-[0-9a-f]+$/.test(n.id);

describe('tree: no huge expands (issue #12)', () => {
  let RegionNode: typeof RegionNodeModule.RegionNode;
  let AmiTreeProvider: typeof ProviderModule.AmiTreeProvider;

  before(() => {
    installVscodeStub();
    /* eslint-disable @typescript-eslint/no-require-imports */
    ({ RegionNode } = require('../../../src/tree/regionNode') as typeof RegionNodeModule);
    ({ AmiTreeProvider } = require('../../../src/tree/amiTreeProvider') as typeof ProviderModule);
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  after(() => uninstallVscodeStub());

  it('an expand lists a page; "Load more…" lists the next page without a call; the count is of what was received', async () => {
    const aws = new FakeAws();
    wholeRegion(aws);
    const node = new RegionNode(undefined, 'default', 'us-east-1', fakeContext(fakeServices(aws, { 'images.pageSize': PAGE })), false);
    const first = await node.getChildren();
    assert.equal(first.filter(isImage).length, PAGE);
    assert.equal(first.at(-1)?.id, 'profile:default/us-east-1/loadMore');
    assert.match(String(first.at(-1)?.getTreeItem().tooltip), /already loaded/);
    assert.equal(node.getTreeItem().description, `${COUNT} images`, 'no "+": the server said there is no more');
    assert.equal(aws.count('listImages'), 1);

    let shown = first.filter(isImage).map((n) => n.id);
    for (let round = 1; round * PAGE < COUNT; round++) {
      await node.loadMore();
      const children = await node.getChildren();
      const ids = children.filter(isImage).map((n) => n.id);
      assert.equal(ids.length, Math.min(COUNT, (round + 1) * PAGE));
      for (const id of shown) assert.ok(ids.includes(id), `${id} stays`);
      shown = ids;
    }
    const last = await node.getChildren();
    assert.equal(last.filter(isImage).length, COUNT);
    assert.ok(!last.some((n) => n.id.endsWith('/loadMore')), 'no pager once everything is listed');
    assert.equal(aws.count('listImages'), 1, 'no call after the first');
  });

  it('with a NextToken the count says "+", and the call comes only once the kept ones are listed', async () => {
    const aws = new FakeAws();
    wholeRegion(aws, 'more');
    const node = new RegionNode(undefined, 'default', 'us-east-1', fakeContext(fakeServices(aws, { 'images.pageSize': PAGE })), false);
    await node.getChildren();
    assert.equal(node.getTreeItem().description, `${COUNT}+ images`);
    for (let k = 1; k < COUNT / PAGE; k++) await node.loadMore();
    assert.equal(aws.count('listImages'), 1);
    const children = await node.getChildren();
    assert.equal(children.filter(isImage).length, COUNT);
    assert.equal(children.at(-1)?.id, 'profile:default/us-east-1/loadMore', 'the server has more');
    await node.loadMore();
    assert.equal(aws.count('listImages'), 2, 'now the next page is fetched');
  });

  it('tag groups hold only the listed images (a page in all); "Load more…" under the region adds to them', async () => {
    const aws = new FakeAws();
    wholeRegion(aws);
    const node = new RegionNode(undefined, 'default', 'us-east-1', fakeContext(fakeServices(aws, { 'images.pageSize': PAGE, 'tree.groupByTag': 'Team' })), false);
    const count = async (): Promise<number> => {
      let n = 0;
      for (const g of (await node.getChildren()).filter((c) => c.id.includes('/tag:'))) n += (await g.getChildren()).filter(isImage).length;
      return n;
    };
    const groups = await node.getChildren();
    assert.deepEqual(groups.map((g) => g.id.split('/').at(-1)), ['tag:Team=blue', 'tag:Team=red', 'loadMore']);
    assert.equal(await count(), PAGE);
    await node.loadMore();
    assert.equal(await count(), 2 * PAGE);
    assert.equal(aws.count('listImages'), 1);
  });

  it("Find AMI's locateImage finds a kept image without a call and lists it", async () => {
    const aws = new FakeAws();
    wholeRegion(aws);
    const provider = new AmiTreeProvider(fakeServices(aws, { 'images.pageSize': PAGE }));
    const oldest = 'ami-00000000';
    const found = await provider.locateImage({ region: 'us-east-1', imageId: oldest, profile: 'default' }, undefined);
    assert.equal((found as { node?: { image?: AmiImage } }).node?.image?.imageId, oldest);
    assert.equal(aws.count('listImages'), 2, 'one call for each of the two regions, none more');
    const region = provider.regions().find((r) => r.region === 'us-east-1');
    const children = (await region?.getChildren()) ?? [];
    assert.ok(children.some((c) => c.id.endsWith(`/${oldest}`)), 'listed now');
    assert.equal(children.filter(isImage).length, PAGE, 'still a page: the located image takes one place');
    provider.dispose();
  });
});
