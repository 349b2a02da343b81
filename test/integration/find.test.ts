/**
 * Find AMI… (issue #11) inside a real VS Code, against the EC2 emulator. The quick pick is driven
 * step by step (support/livePick.ts) while the command runs: type, Enter, wait for the results to
 * stream in, pick one. Afterwards the emulator's request log tells which regions were asked for
 * which ids, and the tree's selection where the command landed.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import type { EmuImage } from '../emulator/types';
import type { AmiExplorerApi } from '../../src/extension';
import type { FindOutcome } from '../../src/commands/image/find';
import { emulator } from './support/emulator';
import { installLivePick, type LivePick } from './support/livePick';
import { scriptPrompts, type ScriptedPrompts } from './support/prompts';
import { BASE_SETTINGS, clearSettings, eventually, getApi, settle } from './treeSupport';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const FIND = 'amiExplorer.image.find';

interface Session {
  pick: LivePick;
  ui: ScriptedPrompts;
  done: Promise<FindOutcome | undefined>;
}

/** Starts Find AMI… and hands over its quick pick; `done` resolves with what the command did. */
async function startFind(): Promise<Session> {
  const ui = scriptPrompts({});
  const live = installLivePick();
  const done = Promise.resolve(vscode.commands.executeCommand<FindOutcome | undefined>(FIND)).finally(() => {
    live.restore();
    ui.restore();
  });
  const pick = await live.next();
  return { pick, ui, done };
}

/** Images of mine the tree lists (available, in store order = EC2's page order). */
async function listedMine(region: string): Promise<EmuImage[]> {
  const plain = (text: string | undefined): boolean => text === undefined || /^[\w .:()-]+$/.test(text);
  return (await emulator.store.images(region)).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && plain(i.name) && plain(i.tags.find((t) => t.key === 'Name')?.value));
}

const idCalls = async (imageId: string) => (await emulator.requests()).filter((r) => r.action === 'DescribeImages' && r.params['ImageId.1'] === imageId);
const resultFor = (imageId: string) => (items: readonly vscode.QuickPickItem[]) => items.find((i) => (i.description ?? '').startsWith(imageId));

describe('Find AMI', function () {
  this.timeout(120_000);
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
    await settle(api, { ...BASE_SETTINGS, regions: REGIONS, 'images.pageSize': 5 }, REGIONS);
  });

  afterEach(async () => {
    await emulator.faults.reset();
  });

  after(async () => {
    await clearSettings();
  });

  it('by id: every region is asked for the id, the result streams in, and choosing it selects it in the tree after loading the pages of its region', async () => {
    const mine = await listedMine('ap-southeast-2');
    const target = mine[mine.length - 1];
    assert.ok(target && mine.length > 10, 'the image is beyond the first pages of 5');
    await api.tree.whenIdle();
    await emulator.clearRequests();

    const { pick, done } = await startFind();
    assert.equal(pick.title, 'Find AMI');
    pick.type(target.imageId);
    assert.match(pick.items[0]?.label ?? '', new RegExp(`Search: image id ${target.imageId}`));
    pick.accept();
    const items = await pick.waitForItems((i) => resultFor(target.imageId)(i) !== undefined && !pick.busy, 'the result');
    const row = resultFor(target.imageId)(items);
    assert.equal(row?.label, target.name);
    assert.match(row?.description ?? '', new RegExp(`^${target.imageId} · ([^ ]+ · )?ap-southeast-2$`));
    assert.match(row?.detail ?? '', new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC · owner ${DEFAULT_ACCOUNT}`));
    assert.equal(pick.title, 'Find AMI: Searched 3 regions, 1 found');
    assert.deepEqual((await idCalls(target.imageId)).map((r) => r.region).sort(), [...REGIONS].sort(), 'each region asked once, by id');

    await emulator.clearRequests();
    pick.accept(row);
    const outcome = await done;
    assert.equal(outcome?.shown, 'tree');
    assert.deepEqual([outcome?.ref.region, outcome?.ref.imageId], ['ap-southeast-2', target.imageId]);
    const selected = api.view.selection.map((n) => (n as unknown as { image?: { imageId: string } }).image?.imageId);
    assert.deepEqual(selected, [target.imageId], 'the image is selected in the tree');
    const pages = (await emulator.requests()).filter((r) => r.action === 'DescribeImages' && r.region === 'ap-southeast-2' && r.params.NextToken !== undefined);
    assert.ok(pages.length >= 1, 'further pages of the region were loaded');
  });

  it('a failed region is listed with its reason; a region without the id is a silent miss', async () => {
    const [target] = await listedMine('us-east-1');
    assert.ok(target);
    await emulator.faults.failRegion('eu-west-1', 'UnauthorizedOperation');
    const { pick, done } = await startFind();
    pick.type(target.imageId);
    pick.accept();
    const items = await pick.waitForItems(() => !pick.busy && /Searched/.test(pick.title ?? ''), 'the end of the search');
    const labels = items.map((i) => i.label);
    assert.ok(resultFor(target.imageId)(items));
    const failed = items.find((i) => /^\$\(error\) ([^ ]+ · )?eu-west-1: search failed$/.test(i.label));
    assert.ok(failed, labels.join(' | '));
    assert.match(failed.detail ?? '', /^Access denied: .*ec2:DescribeImages in eu-west-1/);
    assert.ok(!labels.some((l) => l.includes('ap-southeast-2')), 'no item for the region that does not know the id');
    assert.equal(pick.title, 'Find AMI: Searched 3 regions, 1 found');
    pick.hide();
    assert.equal(await done, undefined);
  });

  it('hiding the pick aborts the search: no request starts after it', async () => {
    await vscode.workspace.getConfiguration('amiExplorer').update('maxConcurrentRegions', 1, vscode.ConfigurationTarget.Global);
    try {
      await api.tree.whenIdle();
      for (const region of REGIONS) await emulator.faults.setLatency(region, 1500);
      await emulator.clearRequests();
      const id = 'ami-0fedcba9876543210';
      const { pick, done } = await startFind();
      pick.type(id);
      pick.accept();
      await eventually(async () => assert.equal((await idCalls(id)).length, 1), 'the first region asked');
      assert.ok(pick.busy);
      pick.hide();
      assert.equal(await done, undefined);
      const atHide = (await emulator.requests()).length;
      await new Promise((r) => setTimeout(r, 3500));
      const after = await emulator.requests();
      assert.equal(after.length, atHide, `nothing after the pick closed: ${after.slice(atHide).map((r) => `${r.action} ${r.region}`).join(', ')}`);
      assert.equal((await idCalls(id)).length, 1, 'the two other regions were never asked');
    } finally {
      await emulator.faults.reset();
      await vscode.workspace.getConfiguration('amiExplorer').update('maxConcurrentRegions', BASE_SETTINGS.maxConcurrentRegions, vscode.ConfigurationTarget.Global);
    }
  });

  it('remembers the searches: the empty box offers them, most recent first; Enter on one searches it again', async () => {
    const first = await startFind();
    first.pick.type('name:find-history-one-*');
    first.pick.accept();
    await first.pick.waitForItems(() => !first.pick.busy, 'the first search');
    first.pick.hide();
    await first.done;
    const second = await startFind();
    second.pick.type('Team=find-history-two');
    second.pick.accept();
    await second.pick.waitForItems(() => !second.pick.busy, 'the second search');
    second.pick.hide();
    await second.done;

    await emulator.clearRequests();
    const third = await startFind();
    const history = third.pick.items.map((i) => i.label);
    assert.deepEqual(history.slice(0, 2), ['$(history) Team=find-history-two', '$(history) name:find-history-one-*']);
    third.pick.accept(third.pick.items[1]);
    await third.pick.waitForItems(() => !third.pick.busy && /Searched/.test(third.pick.title ?? ''), 'the search again');
    assert.equal(third.pick.value, 'name:find-history-one-*');
    const names = (await emulator.requests()).filter((r) => r.action === 'DescribeImages' && r.params['Filter.1.Name'] === 'name').map((r) => r.params['Filter.1.Value.1']);
    assert.deepEqual([...new Set(names)], ['find-history-one-*']);
    assert.match(third.pick.items.at(-1)?.label ?? '', /No image with name matching "find-history-one-\*" in 3 regions\./);
    third.pick.hide();
    await third.done;
  });

  it("an image of mine hidden by the tree's text filter: its details open and the message says the filter hides it", async () => {
    const [target] = await listedMine('us-east-1');
    assert.ok(target);
    api.tree.setFilter('zz-find-no-such-image');
    try {
      const { pick, ui, done } = await startFind();
      pick.type(target.imageId);
      pick.accept();
      const row = resultFor(target.imageId)(await pick.waitForItems((i) => resultFor(target.imageId)(i) !== undefined, 'the result'));
      assert.ok(row);
      pick.accept(row);
      const outcome = await done;
      assert.equal(outcome?.shown, 'details');
      assert.equal(outcome?.reason, 'filtered');
      assert.match((await ui.message(/is not in the tree/)).text, new RegExp(`^${target.imageId} is not in the tree: the tree's text filter hides it\\. Showing its details instead\\.$`));
      assert.ok(outcome?.ref && api.detailsPanel(outcome.ref)?.model, 'its details panel is open');
    } finally {
      api.tree.setFilter('');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('the Open Details button opens the details panel of the result without touching the tree', async () => {
    const [target] = await listedMine('eu-west-1');
    assert.ok(target);
    const { pick, ui, done } = await startFind();
    pick.type(target.imageId);
    pick.accept();
    const row = resultFor(target.imageId)(await pick.waitForItems((i) => resultFor(target.imageId)(i) !== undefined, 'the result'));
    assert.ok(row);
    await emulator.clearRequests();
    pick.clickItemButton(row, 'Open Details');
    const outcome = await done;
    assert.equal(outcome?.shown, 'details');
    assert.equal(outcome?.reason, undefined);
    assert.ok(outcome?.ref);
    assert.equal(api.detailsPanel(outcome.ref)?.model?.ref.imageId, target.imageId);
    assert.ok(!api.view.selection.some((n) => n.id.endsWith(`/${target.imageId}`)), 'not selected in the tree');
    assert.deepEqual((await emulator.requests()).filter((r) => r.params.NextToken !== undefined), [], 'no page of the tree loaded');
    assert.ok(!ui.messages.some((m) => /is not in the tree/.test(m.text)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a hostile name is one inert line in its row; a search with more than 3 pages in a region says to refine it there', async () => {
    const [victim] = await listedMine('us-east-1');
    assert.ok(victim);
    await emulator.store.modifyImage('us-east-1', victim.imageId, { name: '$(zap) find-hostile\n\u202Eexe.gnp' });
    const { pick, done } = await startFind();
    pick.type('name:*find-hostile*');
    pick.accept();
    const items = await pick.waitForItems(() => !pick.busy && /Searched/.test(pick.title ?? ''), 'the name search');
    const row = resultFor(victim.imageId)(items);
    assert.equal(row?.label, '\\$(zap) find-hostile \\u202Eexe.gnp', 'no icon, no line break, the bidi override visible');
    assert.equal(pick.title, 'Find AMI: Searched 3 regions, 1 found');

    // A second search in the same pick (pageSize is 5: every region has more than 3 pages of mine).
    pick.type('name:*');
    assert.match(pick.items[0]?.label ?? '', /^\$\(search\) Search: name matching "\*"$/);
    pick.accept();
    const cut = await pick.waitForItems((i) => !pick.busy && /Searched/.test(pick.title ?? '') && i.some((x) => x.label.startsWith('$(info)')), 'the cut-off notes');
    const notes = cut.filter((i) => i.label.startsWith('$(info) More results in ')).map((i) => i.label.replace(/^.* in (?:[^ ]+ · )?([a-z0-9-]+): refine the search$/, '$1'));
    assert.deepEqual(notes.sort(), [...REGIONS].sort());
    assert.equal(pick.title, `Find AMI: Searched 3 regions, ${3 * 3 * 5} found`);
    pick.hide();
    assert.equal(await done, undefined);
  });

  it('bad input says why and searches nothing', async () => {
    await emulator.clearRequests();
    const { pick, done } = await startFind();
    pick.type('ami-xyz');
    assert.equal(pick.items[0]?.label, '$(warning) "ami-xyz" is not an image id: ami- followed by 8 or 17 hexadecimal digits.');
    pick.accept();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(pick.busy, false);
    assert.deepEqual((await emulator.requests()).filter((r) => r.action === 'DescribeImages'), []);
    pick.hide();
    assert.equal(await done, undefined);
  });

  it("an image of another owner: Copy ID copies it; choosing it opens its details and says the tree lists other owners, loading no page", async () => {
    const theirs = (await emulator.store.images('eu-west-1')).find((i) => i.ownerId !== DEFAULT_ACCOUNT && i.state === 'available' && i.launchPermissions.some((p) => p.group === 'all') && i.deprecationTime === undefined);
    assert.ok(theirs);
    const { pick, ui, done } = await startFind();
    pick.type(theirs.imageId);
    pick.accept();
    const items = await pick.waitForItems((i) => resultFor(theirs.imageId)(i) !== undefined, 'the result');
    const row = resultFor(theirs.imageId)(items);
    assert.ok(row);
    await vscode.env.clipboard.writeText('');
    pick.clickItemButton(row, 'Copy ID');
    await eventually(async () => assert.equal(await vscode.env.clipboard.readText(), theirs.imageId), 'the id copied');
    assert.ok(!pick.hidden, 'copying keeps the pick open');
    await emulator.clearRequests();
    pick.accept(row);
    const outcome = await done;
    assert.equal(outcome?.shown, 'details');
    assert.equal(outcome?.reason, 'otherOwner');
    const message = await ui.message(/is not in the tree/);
    assert.equal(message.text, `${theirs.imageId} is not in the tree: the tree lists other owners (amiExplorer.images.owners). Showing its details instead.`);
    assert.ok(outcome?.ref && api.detailsPanel(outcome.ref)?.model, 'its details panel is open');
    const pages = (await emulator.requests()).filter((r) => r.action === 'DescribeImages' && r.params.NextToken !== undefined);
    assert.deepEqual(pages, [], 'no page loaded for an owner the tree does not list');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
