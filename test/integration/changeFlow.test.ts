/**
 * The one change flow inside a real VS Code, against the EC2 emulator: a write through the write
 * wrapper updates the tree node, the open details panel and the open JSON document of that image,
 * with one DescribeImages naming it and no region re-listed; a deregister removes the node and
 * marks the open panel and JSON document as gone.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { AmiExplorerApi } from '../../src/extension';
import type { DetailsModel } from '../../src/model/details';
import type { AmiRef } from '../../src/model/image';
import { emulator } from './support/emulator';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle, type Shown } from './treeSupport';

const REGION = 'us-east-1';

async function imageNamed(api: AmiExplorerApi, name: string): Promise<ReturnType<typeof imageOf>> {
  return imageOf(await nodeNamed(api, name));
}

async function nodeNamed(api: AmiExplorerApi, name: string): Promise<Shown> {
  const root = await rootNamed(api, REGION);
  const shown = (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).name === name);
  assert.ok(shown, `${name} is in the tree`);
  return shown;
}

/** The reference a command gets from a tree node (with the node's profile). */
function refOf(shown: Shown): AmiRef {
  return (shown.node as unknown as { toRef(): AmiRef }).toRef();
}

describe('Change flow', function () {
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
  });

  afterEach(async () => {
    await emulator.faults.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await clearSettings();
  });

  it('a tag edit updates the tree, the open details panel and the open JSON document, re-reading only that image', async () => {
    const ref = refOf(await nodeNamed(api, FIXTURE_NAMES.kitchenSink));
    const value = `v${Date.now()}`;
    await vscode.commands.executeCommand('amiExplorer.ami.inspect', ref);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('amiExplorer.ami.openJson', ref);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, 'the JSON document is open');
    assert.ok(!doc.getText().includes(value));

    await emulator.clearRequests();
    // EC2 is eventually consistent: the first read-back still shows the old tags.
    await emulator.faults.staleReadsAfterNextMutation(1);
    const written = await api.writes.updateTags(ref, { set: { ChangeFlow: value } });
    assert.ok(written.ok && written.value.change?.kind === 'updated', JSON.stringify(written));

    // The tree: the node shows the new tag, and the region was not listed again.
    await eventually(async () => assert.equal((await imageNamed(api, FIXTURE_NAMES.kitchenSink)).tags?.ChangeFlow, value), 'the tree node');
    // The panel: reloaded from the re-read image.
    await eventually(async () => {
      const model = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', ref);
      assert.ok(model?.tags.some((t) => t.key === 'ChangeFlow' && t.value === value), 'the panel shows the new tag');
    }, 'the details panel');
    // The JSON document: reloaded too.
    await eventually(() => assert.ok(doc.getText().includes(value), 'the JSON document shows the new tag'), 'the JSON document');

    const calls = await emulator.requests();
    assert.ok(!calls.some((c) => c.action === 'DescribeRegions'), 'no region list');
    const describes = calls.filter((c) => c.action === 'DescribeImages');
    assert.ok(describes.every((c) => c.params['ImageId.1'] === ref.imageId), `every DescribeImages names the image: ${JSON.stringify(describes.map((c) => c.params))}`);
    assert.equal(describes.length, 2, 'one stale read-back and one consistent one; the views reuse it');
    assert.ok(describes.every((c) => c.params.IncludeDisabled === 'true' && c.params.IncludeDeprecated === 'true'));
    assert.deepEqual(calls.filter((c) => c.action === 'CreateTags').length, 1);
  });

  it('a deregister removes the node and tells the open JSON document the image is gone', async () => {
    // A throw-away image of mine, so the other suites keep the seeded ones.
    const template = (await emulator.store.images(REGION)).find((i) => i.name === FIXTURE_NAMES.kitchenSink);
    assert.ok(template);
    const target = { ...template, imageId: 'ami-0c4a9ef10d0e0ba5e', name: 'change-flow-deregister-me', tags: [], deregistrationProtection: 'disabled' };
    await emulator.store.addImage(target);
    const root = await rootNamed(api, REGION);
    await vscode.commands.executeCommand('amiExplorer.region.refresh', root.node);
    const shown = (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).imageId === target.imageId);
    assert.ok(shown, 'it is in the tree');
    const ref = refOf(shown);
    await vscode.commands.executeCommand('amiExplorer.ami.inspect', ref);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('amiExplorer.ami.openJson', ref);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc);

    await emulator.clearRequests();
    const done = await api.writes.deregisterImage(ref);
    assert.ok(done.ok && done.value.change?.kind === 'removed', JSON.stringify(done));
    await eventually(async () => {
      const ids = (await childrenOf(api, root.node)).filter(isImage).map((s) => imageOf(s).imageId);
      assert.ok(!ids.includes(target.imageId), 'the node is gone');
    }, 'the node removed');
    await eventually(() => assert.match(doc.getText(), /was deregistered/), 'the document says so');
    // The open panel says the image is gone (its tab title; the banner is in the page).
    await eventually(() => {
      const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      assert.ok(labels.some((l) => l.includes(target.imageId) && l.includes('(deregistered)')), labels.join(', '));
    }, 'the panel marked as gone', 10_000);
    const calls = await emulator.requests();
    assert.ok(!calls.some((c) => c.action === 'DescribeRegions' || (c.action === 'DescribeImages' && c.params['ImageId.1'] === undefined)), 'no re-list');
  });
});
