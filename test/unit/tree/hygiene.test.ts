/**
 * Hygiene marks in the tree (issue #11), against a fake service layer: image nodes show their
 * marks (description suffix, "Hygiene" tooltip section) only while amiExplorer.images.hygieneMarks
 * is on, a setting change re-renders without fetching, and the provider resolves a region's tooltip
 * (with Allowed AMIs) only on hover.
 */
import * as assert from 'node:assert/strict';
import { Keys } from '../../../src/config';
import type { AmiImage } from '../../../src/model/image';
import { ok } from '../../../src/model/result';
import type * as ProviderModule from '../../../src/tree/amiTreeProvider';
import type * as ImageNodeModule from '../../../src/tree/imageNode';
import type { TreeNode } from '../../../src/tree/treeNode';
import { installVscodeStub, uninstallVscodeStub, type MarkdownString, type TreeItem } from '../support/vscodeStub';
import { FakeAws, fakeServices, image } from './fakes';

const NOW = new Date('2026-01-01T00:00:00Z');

/** Public, unencrypted, IMDSv1 allowed, no protection, and a hostile name. */
function risky(id: string): AmiImage {
  return image(id, {
    name: '[x](command:evil) <b>',
    public: true,
    creationDate: '2025-12-30T00:00:00Z',
    architecture: 'x86_64',
    blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: 'snap-0123456789abcdef0', encrypted: false } }],
  });
}

describe('tree/hygiene marks', () => {
  let AmiTreeProvider: typeof ProviderModule.AmiTreeProvider;
  let ImageNode: typeof ImageNodeModule.ImageNode;

  before(() => {
    installVscodeStub();
    /* eslint-disable @typescript-eslint/no-require-imports */
    ({ AmiTreeProvider } = require('../../../src/tree/amiTreeProvider') as typeof ProviderModule);
    ({ ImageNode } = require('../../../src/tree/imageNode') as typeof ImageNodeModule);
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  after(() => uninstallVscodeStub());

  const item = (node: { getTreeItem(): unknown }): TreeItem => node.getTreeItem() as TreeItem;
  const md = (i: TreeItem): string => (i.tooltip as MarkdownString).value;

  it('an owned image: the description ends with its notable marks, the tooltip has a Hygiene section', () => {
    const node = new ImageNode(undefined, 'r', risky('ami-0000000000000aaaa'), undefined, 'public', NOW, true, true);
    const i = item(node);
    assert.equal(i.description, 'ami-0000000000000aaaa · x86_64 · 2 days ago · ⚠ public, unencrypted, IMDSv2 not required');
    const tooltip = md(i);
    assert.match(tooltip, /\n\n\*\*Hygiene\*\* {2}\nWarning: public\. Any AWS account can launch it/);
    assert.match(tooltip, /Warning: unencrypted\. 1 EBS volume is not encrypted/);
    assert.match(tooltip, /Note: no deregistration protection\./);
    assert.ok(!tooltip.includes('[x](command'), 'the name stays escaped');
    assert.equal((i.tooltip as MarkdownString).isTrusted, false);
  });

  it('someone else’s image: owner-only marks left out, the public mark only in the tooltip', () => {
    const i = item(new ImageNode(undefined, 'r', risky('ami-0000000000000bbbb'), undefined, 'public', NOW, false, true));
    assert.equal(i.description, 'ami-0000000000000bbbb · x86_64 · 2 days ago · ⚠ unencrypted, IMDSv2 not required');
    assert.match(md(i), /Note: public\. Published for every AWS account/);
    assert.doesNotMatch(md(i), /deregistration protection/);
  });

  it('a disabled image is not called disabled twice; a clean one gets no suffix and no section', () => {
    const disabled = item(new ImageNode(undefined, 'r', image('ami-0000000000000cccc', { state: 'disabled', imdsSupport: 'v2.0' }), undefined, 'private', NOW, true, true));
    assert.equal(disabled.description, 'disabled · ami-0000000000000cccc');
    assert.match(md(disabled), /Warning: disabled\. It cannot be launched/);
    const clean = item(new ImageNode(undefined, 'r', image('ami-0000000000000dddd', { imdsSupport: 'v2.0' }), undefined, 'shared', NOW, false, true));
    assert.equal(clean.description, 'ami-0000000000000dddd');
    assert.doesNotMatch(md(clean), /Hygiene/);
  });

  it('with the setting off: no suffix, no section (the node as before the feature)', () => {
    const on = item(new ImageNode(undefined, 'r', risky('ami-0000000000000aaaa'), undefined, 'public', NOW, true, true));
    const off = item(new ImageNode(undefined, 'r', risky('ami-0000000000000aaaa'), undefined, 'public', NOW, true, false));
    assert.equal(off.description, 'ami-0000000000000aaaa · x86_64 · 2 days ago');
    assert.doesNotMatch(md(off), /Hygiene/);
    assert.ok(md(on).startsWith(md(off)), 'the rest of the tooltip is the same');
  });

  it('the provider: the setting turns marks off and on live, re-rendering without fetching', async () => {
    const aws = new FakeAws();
    aws.listImages = async (region) => ok({ items: [risky(`ami-${region === 'us-east-1' ? '1' : '2'}000000000000aaa`)] });
    const services = fakeServices(aws);
    const provider = new AmiTreeProvider(services);
    const fired: unknown[] = [];
    provider.onDidChangeTreeData((n) => fired.push(n));
    const [east] = (await provider.getChildren()) as TreeNode[];
    await provider.whenIdle();
    assert.ok(east);
    const description = async (): Promise<string> => String(provider.getTreeItem(((await provider.getChildren(east)) as TreeNode[])[0] as TreeNode).description);
    assert.match(await description(), /⚠ public, unencrypted, IMDSv2 not required$/);
    const calls = aws.calls.length;

    services.current = { ...services.current, hygieneMarks: false };
    services.fireChange({ keys: [Keys.hygieneMarks] });
    assert.ok(fired.includes(undefined), 'the whole tree re-renders');
    assert.doesNotMatch(await description(), /⚠/);
    services.current = { ...services.current, hygieneMarks: true };
    services.fireChange({ keys: [Keys.hygieneMarks] });
    assert.match(await description(), /⚠ public/);
    assert.equal(aws.calls.length, calls, 'nothing fetched');
    provider.dispose();
  });

  it('the provider resolves a region’s tooltip on hover only (Allowed AMIs), and leaves other items alone', async () => {
    const aws = new FakeAws();
    aws.allowedImages = async (region) => ok({ state: region === 'us-east-1' ? 'enabled' : 'disabled', criteria: [{ imageProviders: ['amazon'] }] });
    const provider = new AmiTreeProvider(fakeServices(aws));
    const roots = (await provider.getChildren()) as TreeNode[];
    await provider.whenIdle();
    const east = roots[0] as TreeNode;
    const rendered = provider.getTreeItem(east) as unknown as TreeItem;
    await provider.getChildren(east);
    assert.equal(rendered.tooltip, undefined);
    assert.equal(aws.count('getAllowedImagesSettings'), 0, 'not on render or expand');
    const resolved = (await provider.resolveTreeItem(rendered as never, east)) as unknown as TreeItem;
    assert.match(md(resolved), /Allowed AMIs: enabled\\: only images that meet the criteria/);
    assert.match(md(resolved), /Criterion 1: providers amazon/);
    assert.equal(aws.count('getAllowedImagesSettings'), 1);

    const imageNode = ((await provider.getChildren(east)) as TreeNode[])[0] as TreeNode;
    const imageItem = provider.getTreeItem(imageNode) as unknown as TreeItem;
    const before = imageItem.tooltip;
    await provider.resolveTreeItem(imageItem as never, imageNode);
    assert.equal(imageItem.tooltip, before, 'an image keeps its tooltip');
    assert.equal(aws.count('getAllowedImagesSettings'), 1);

    provider.refresh();
    const again = (await provider.getChildren()) as TreeNode[];
    await provider.whenIdle();
    await provider.resolveTreeItem(provider.getTreeItem(again[0] as TreeNode), again[0] as TreeNode);
    assert.equal(aws.count('getAllowedImagesSettings'), 2, 'a refresh asks again');
    provider.dispose();
  });
});
