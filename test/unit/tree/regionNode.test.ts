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
import { deferred, installVscodeStub, logLines, uninstallVscodeStub, type MarkdownString } from '../support/vscodeStub';
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

  it('escapes the region and profile names in its Markdown tooltip', async () => {
    const aws = new FakeAws();
    const node = new RegionNode(undefined, '[x](command:evil)', '<img src=x>', fakeContext(fakeServices(aws)), false);
    // hygiene (#11): the tooltip is resolved on hover (resolveTreeItem), not set when rendered.
    assert.equal(node.getTreeItem().tooltip, undefined);
    const tooltip = (await node.resolveTooltip()) as unknown as MarkdownString;
    assert.doesNotMatch(tooltip.value, /\]\(/, 'no Markdown link');
    assert.doesNotMatch(tooltip.value, /(^|[^\\])</, 'no unescaped <');
    assert.ok(tooltip.value.includes('\\[x\\]\\(command\\:evil\\)'), tooltip.value);
    assert.equal(tooltip.isTrusted, false);
  });

  // hygiene (#11): Allowed AMIs in the region's tooltip
  describe('Allowed AMIs in the tooltip', () => {
    it('is read only when the tooltip is resolved, once, and shows the state, criteria (escaped) and manager', async () => {
      const aws = new FakeAws();
      aws.allowedImages = async () =>
        ok({ state: 'audit-mode', criteria: [{ imageProviders: ['amazon', '123456789012'], imageNames: ['[x](command:evil)*'] }], managedBy: 'declarative-policy' });
      const node = new RegionNode(undefined, 'default', 'us-east-1', fakeContext(fakeServices(aws)), false);
      node.getTreeItem();
      await node.getChildren();
      assert.equal(aws.count('getAllowedImagesSettings'), 0, 'not on render or expand');
      const md = ((await node.resolveTooltip()) as unknown as MarkdownString).value;
      assert.match(md, /Allowed AMIs: audit mode/);
      assert.match(md, /declarative policy/);
      assert.match(md, /Criterion 1: providers amazon, 123456789012; names \\\[x\\\]\\\(command\\:evil\\\)\\\*/);
      assert.doesNotMatch(md, /[^\\]\]\(/, 'no Markdown link');
      await node.resolveTooltip();
      assert.equal(aws.count('getAllowedImagesSettings'), 1, 'cached for the node');
      await node.reload();
      await node.resolveTooltip();
      assert.equal(aws.count('getAllowedImagesSettings'), 2, 'asked again after a reload');
    });

    it('shows a failure as one line (escaped) and logs it, without throwing', async () => {
      logLines.length = 0;
      const aws = new FakeAws();
      aws.allowedImages = async () => ({ ok: false, error: { kind: 'accessDenied', message: 'You are not authorized <b>ec2:GetAllowedImagesSettings</b>' } });
      const node = new RegionNode(undefined, 'default', 'eu-west-1', fakeContext(fakeServices(aws)), false);
      const md = ((await node.resolveTooltip()) as unknown as MarkdownString).value;
      const lines = md.split('  \n');
      const allowed = lines.filter((l) => l.startsWith('Allowed AMIs'));
      assert.equal(allowed.length, 1);
      assert.match(allowed[0] ?? '', /^Allowed AMIs: could not be read \(You are not authorized \\<b\\> ?ec2\\:GetAllowedImagesSettings/);
      assert.equal(lines.at(-1), allowed[0], 'the last line');
      assert.match(md, /\*\*eu\\-west\\-1\*\*/, 'the rest of the tooltip is still there');
      await node.resolveTooltip();
      const warnings = logLines.filter((l) => l.level === 'warn' && l.message.startsWith('eu-west-1: Allowed AMIs settings: '));
      assert.equal(warnings.length, 1, 'logged once, not on every hover');
    });

    it('says disabled without criteria', async () => {
      const aws = new FakeAws();
      const node = new RegionNode(undefined, 'default', 'eu-west-1', fakeContext(fakeServices(aws)), false);
      const md = ((await node.resolveTooltip()) as unknown as MarkdownString).value;
      assert.match(md, /Allowed AMIs: disabled\\: every image is allowed$/);
      assert.doesNotMatch(md, /Criterion/);
    });
  });
});
