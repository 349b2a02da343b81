/**
 * A region node against a fake service layer: while "Load more" fetches, its children come back
 * at once with the loaded images and a "Loading more…" pager; its tooltip escapes the region and
 * profile names (settings a workspace can set).
 */
import * as assert from 'node:assert/strict';
import type { Page } from '../../../src/aws/types';
import type { AmiImage } from '../../../src/model/image';
import { ok, type Result } from '../../../src/model/result';
import type * as RegionNodeModule from '../../../src/tree/regionNode';
import { deferred, installVscodeStub, uninstallVscodeStub, type MarkdownString } from '../support/vscodeStub';
import { fakeContext, FakeAws, fakeServices, image } from './fakes';

describe('tree/regionNode', () => {
  let RegionNode: typeof RegionNodeModule.RegionNode;

  before(() => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ RegionNode } = require('../../../src/tree/regionNode') as typeof RegionNodeModule);
  });
  after(() => uninstallVscodeStub());

  it('does not wait for "Load more": the loaded images and a "Loading more…" pager show meanwhile', async () => {
    const aws = new FakeAws();
    const second = deferred<Result<Page<AmiImage>>>();
    aws.listImages = async (_region, _scope, page) =>
      page.nextToken ? second.promise : ok({ items: [image('ami-00000001'), image('ami-00000002')], nextToken: 'next' });
    const node = new RegionNode(undefined, 'default', 'us-east-1', fakeContext(fakeServices(aws)), false);
    const first = await node.getChildren();
    assert.deepEqual(
      first.map((c) => c.id),
      ['profile:default/us-east-1/ami-00000001', 'profile:default/us-east-1/ami-00000002', 'profile:default/us-east-1/loadMore'],
    );

    const more = node.loadMore();
    // The next page is held until the end: a getChildren that waited for it would never resolve
    // (the test's timeout), and the children it shows are those of the first page plus the pager.
    const children = await node.getChildren();
    const pager = children[children.length - 1];
    assert.equal(pager?.id, 'profile:default/us-east-1/loadMore');
    assert.equal(pager?.getTreeItem().label, 'Loading more…');
    assert.equal(children.length, 3);

    second.resolve(ok({ items: [image('ami-00000003')] }));
    await more;
    assert.deepEqual(
      (await node.getChildren()).map((c) => c.id),
      ['profile:default/us-east-1/ami-00000001', 'profile:default/us-east-1/ami-00000002', 'profile:default/us-east-1/ami-00000003'],
    );
  });

  it('waits for the first page when nothing is loaded yet', async () => {
    const aws = new FakeAws();
    const node = new RegionNode(undefined, undefined, 'eu-west-1', fakeContext(fakeServices(aws)), false);
    assert.deepEqual(
      (await node.getChildren()).map((c) => c.id),
      ['~default/eu-west-1/ami-euwest10001'],
    );
  });

  it('escapes the region and profile names in its Markdown tooltip', () => {
    const aws = new FakeAws();
    const node = new RegionNode(undefined, '[x](command:evil)', '<img src=x>', fakeContext(fakeServices(aws)), false);
    const tooltip = node.getTreeItem().tooltip as unknown as MarkdownString;
    assert.doesNotMatch(tooltip.value, /\]\(/, 'no Markdown link');
    assert.doesNotMatch(tooltip.value, /(^|[^\\])</, 'no unescaped <');
    assert.ok(tooltip.value.includes('\\[x\\]\\(command\\:evil\\)'), tooltip.value);
    assert.equal(tooltip.isTrusted, false);
  });
});
