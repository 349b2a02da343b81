/**
 * Show Recycle Bin, Find Usage and Who Uses It inside a real VS Code, against the EC2 emulator:
 * prompts are answered by a script (support/prompts.ts); afterwards the request log tells what
 * was sent and in which order, the tree tells what it shows, the clipboard what was copied.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, THIRD_ACCOUNT } from '../emulator/accounts';
import { RECYCLED_NAMES } from '../emulator/recycleBinSeed';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { AmiExplorerApi } from '../../src/extension';
import type { AmiRef } from '../../src/model/image';
import { emulator } from './support/emulator';
import { pickLabels, scriptPrompts, type PromptScript, type QuickPickAnswer, type ScriptedPrompts } from './support/prompts';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle, type Shown } from './treeSupport';
import { menuWhen, viewItemRegex } from './support/commands';

const REGION = 'us-east-1';

async function run(command: string, arg: unknown, script: PromptScript): Promise<{ ui: ScriptedPrompts; result: unknown }> {
  const ui = scriptPrompts(script);
  try {
    const result = await vscode.commands.executeCommand(command, arg);
    return { ui, result };
  } finally {
    ui.restore();
  }
}

async function nodeOf(api: AmiExplorerApi, imageId: string): Promise<Shown | undefined> {
  const root = await rootNamed(api, REGION);
  return (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).imageId === imageId);
}

/** Answers a showQuickPick of plain strings. */
function pickString(value: string): QuickPickAnswer {
  return (items) => (items as unknown as string[]).find((i) => i === value) as unknown as vscode.QuickPickItem;
}

const escape: QuickPickAnswer = () => undefined;

describe('Recycle Bin and usage commands', function () {
  this.timeout(90_000);
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
  });

  afterEach(async () => {
    await emulator.faults.reset();
  });

  after(async () => {
    await clearSettings();
  });

  describe('Show Recycle Bin', () => {
    it('from the region node: lists the binned images with their retention end; Restore brings back the snapshots first, then the image, which appears in the tree', async () => {
      const root = await rootNamed(api, REGION);
      assert.match(root.contextValue, viewItemRegex(menuWhen('amiExplorer.region.showRecycleBin')), 'the region node offers it');
      await emulator.clearRequests();

      const { ui, result } = await run('amiExplorer.region.showRecycleBin', root.node, {
        quickPick: [pickLabels(new RegExp(`^${RECYCLED_NAMES.withSnapshots}$`)), pickLabels(/Restore$/)],
      });

      const listing = ui.quickPicks[0];
      assert.ok(listing);
      assert.deepEqual(listing.items.map((i) => i.label).sort(), Object.values(RECYCLED_NAMES).sort());
      for (const item of listing.items) {
        assert.match(item.description ?? '', /^ami-[0-9a-f]{17}$/);
        assert.match(item.detail ?? '', /^kept until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ days\) · deregistered /);
      }
      const imageId = listing.items.find((i) => i.label === RECYCLED_NAMES.withSnapshots)?.description;
      assert.ok(imageId);
      const restoreItem = ui.quickPicks[1]?.items.find((i) => /Restore$/.test(i.label));
      assert.match(restoreItem?.detail ?? '', /^Restores snapshots? snap-[0-9a-f]{17}.* first, then the image\./);

      const calls = (await emulator.requests()).map((r) => r.action).filter((a) => /FromRecycleBin$/.test(a));
      assert.ok(calls.length >= 2, calls.join(', '));
      assert.equal(calls[calls.length - 1], 'RestoreImageFromRecycleBin', 'the image comes last');
      assert.ok(calls.slice(0, -1).every((a) => a === 'RestoreSnapshotFromRecycleBin'), `snapshots first: ${calls.join(', ')}`);
      assert.equal((await emulator.store.getImage(REGION, imageId))?.state, 'available');

      const info = await ui.message(/^Restored /);
      assert.equal(info.level, 'info');
      assert.equal(result, info.text);
      assert.match(info.text, new RegExp(`Restored snapshots? snap-.*\\. Restored ${imageId} in ${REGION}\\.`));
      await eventually(async () => assert.ok(await nodeOf(api, imageId), 'the restored image is in the tree'), 'the restored image in the tree');
      await emulator.store.removeImage(REGION, imageId);
    });

    it('an image whose snapshots are gone: Restore anyway is offered with the warning; Escape sends nothing', async () => {
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.region.showRecycleBin', { region: REGION }, {
        quickPick: [pickLabels(new RegExp(`^${RECYCLED_NAMES.snapshotsGone}$`)), escape],
      });
      assert.equal(result, undefined);
      const restore = ui.quickPicks[1]?.items[0];
      assert.match(restore?.label ?? '', /Restore anyway/);
      assert.match(restore?.detail ?? '', /No snapshot of ami-[0-9a-f]{17} was found .* cannot launch instances\./);
      const writes = (await emulator.requests()).filter((r) => /^Restore/.test(r.action));
      assert.deepEqual(writes, []);
    });

    it('from the palette: picks the region; an empty bin says so', async () => {
      const { ui, result } = await run('amiExplorer.region.showRecycleBin', undefined, { quickPick: [pickString('eu-west-1')] });
      const info = await ui.message(/^The Recycle Bin in eu-west-1 .*holds no images/);
      assert.equal(result, info.text);
    });

    it('a failure to list is shown as an error naming the action', async () => {
      await emulator.faults.denyAction('ListImagesInRecycleBin');
      const { ui } = await run('amiExplorer.region.showRecycleBin', { region: REGION }, {});
      const error = await eventually(() => {
        const e = ui.messages.find((m) => m.level === 'error');
        assert.ok(e);
        return e;
      }, 'the error');
      assert.match(error.text, /^Show Recycle Bin failed: /);
    });
  });

  describe('Find Usage', () => {
    async function referencedRef(): Promise<AmiRef> {
      const instance = (await emulator.store.instances(REGION)).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.tags.some((t) => t.key === 'Name' && t.value === 'web-server-1'));
      assert.ok(instance, 'the seeded referencing instance');
      return { region: REGION, imageId: instance.imageId };
    }

    it('from an owned tree node: one item per seeded reference, the last launched time as header; Copy ID puts the instance id on the clipboard', async () => {
      const ref = await referencedRef();
      const node = await eventually(async () => {
        const n = await nodeOf(api, ref.imageId);
        assert.ok(n);
        return n;
      }, 'the referenced image node');
      assert.match(node.contextValue, viewItemRegex(menuWhen('amiExplorer.ami.findUsage')));
      await vscode.env.clipboard.writeText('before');
      const { ui, result } = await run('amiExplorer.ami.findUsage', node.node, { quickPick: [pickLabels(/^i-/), pickLabels(/Copy ID/)] });

      const list = ui.quickPicks[0];
      assert.ok(list);
      const kinds = list.items.map((i) => (i.description ?? '').split(' · ')[0]).sort();
      assert.deepEqual(kinds, ['image recipe', 'instance', 'launch template', 'SSM parameter'].sort());
      assert.ok(list.items.some((i) => i.label === '/golden/web/previous'));
      assert.match(list.options?.title ?? '', new RegExp(`^${ref.imageId} in ${REGION} is used by 1 instance, 1 launch template, 1 SSM parameter and 1 image recipe$`));
      assert.match(list.options?.placeHolder ?? '', /^Last launched/);
      const instanceId = list.items.find((i) => /^i-/.test(i.label))?.label;
      assert.ok(instanceId);
      assert.equal(result, instanceId);
      assert.equal(await vscode.env.clipboard.readText(), instanceId);
      const actions = ui.quickPicks[1]?.items.map((i) => i.label);
      assert.deepEqual(actions, ['$(copy) Copy ID', '$(copy) Copy ARN', '$(link-external) Open in AWS Console']);
      const sent = (await emulator.requests()).filter((r) => r.action === 'DescribeImageReferences');
      assert.ok(sent.length > 0);
    });

    it('from the palette: region and image pickers, then the same list', async () => {
      const ref = await referencedRef();
      // The image step answers at once, before its listing arrives: as a person typing the id does.
      const pickImageId: QuickPickAnswer = () => ({ label: ref.imageId, imageId: ref.imageId }) as vscode.QuickPickItem;
      const { ui } = await run('amiExplorer.ami.findUsage', undefined, { quickPick: [pickString(REGION), pickImageId, escape] });
      const list = ui.quickPicks[2];
      assert.ok(list, `quick picks shown: ${ui.quickPicks.map((q) => q.options?.title ?? '').join(' | ')}; messages: ${JSON.stringify(ui.messages)}`);
      assert.match(list.options?.title ?? '', new RegExp(`^${ref.imageId} in ${REGION} is used by `));
      assert.equal(list.items.length, 4);
    });

    it('an image nothing refers to: says so, and that other accounts are not visible here', async () => {
      const images = (await emulator.store.images(REGION)).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available');
      const ref = await referencedRef();
      const instances = await emulator.store.instances(REGION);
      const unused = images.find((i) => i.imageId !== ref.imageId && !instances.some((x) => x.imageId === i.imageId) && i.name === FIXTURE_NAMES.kitchenSink);
      assert.ok(unused);
      const { ui, result } = await run('amiExplorer.ami.findUsage', { region: REGION, imageId: unused.imageId }, {});
      const info = await ui.message(/^Nothing in this account and region refers to/);
      assert.equal(result, info.text);
      assert.match(info.text, /Other accounts' use is not visible here/);
      assert.match(info.text, /Last launched/);
    });
  });

  describe('Who Uses It', () => {
    it('makes a usage report, waits until it is ready, and shows the accounts and counts', async () => {
      await emulator.store.setUsageReportDelay(1500);
      const sink = (await emulator.store.images(REGION)).find((i) => i.name === FIXTURE_NAMES.kitchenSink && i.ownerId === DEFAULT_ACCOUNT);
      assert.ok(sink);
      const node = await eventually(async () => {
        const n = await nodeOf(api, sink.imageId);
        assert.ok(n);
        return n;
      }, 'the kitchen-sink node');
      assert.match(node.contextValue, viewItemRegex(menuWhen('amiExplorer.ami.whoUsesIt')));
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.ami.whoUsesIt', node.node, { quickPick: [escape] });

      const list = ui.quickPicks[0];
      assert.ok(list);
      assert.deepEqual(
        list.items.map((i) => [i.label, i.description]),
        [
          [OTHER_ACCOUNT, '3 instances, 1 launch template'],
          [THIRD_ACCOUNT, '1 instance'],
        ],
      );
      assert.equal(list.options?.title, `2 accounts use ${sink.imageId} (${REGION}): 4 instances and 1 launch template in all.`);
      assert.equal(result, list.options?.title);
      const actions = (await emulator.requests()).map((r) => r.action);
      assert.equal(actions.filter((a) => a === 'CreateImageUsageReport').length, 1);
      assert.ok(actions.indexOf('DescribeImageUsageReports') > actions.indexOf('CreateImageUsageReport'));
      assert.ok(actions.lastIndexOf('DescribeImageUsageReportEntries') > actions.lastIndexOf('DescribeImageUsageReports'));
    });

    it('Cancel while the report is being made stops waiting only: says so, shows no list, and makes no second report', async () => {
      await emulator.store.setUsageReportDelay(120_000);
      try {
        const sink = (await emulator.store.images(REGION)).find((i) => i.name === FIXTURE_NAMES.kitchenSink && i.ownerId === DEFAULT_ACCOUNT);
        assert.ok(sink);
        await emulator.clearRequests();
        const { ui, result } = await run('amiExplorer.ami.whoUsesIt', { region: REGION, imageId: sink.imageId }, { cancelProgress: { title: /^Who uses /, afterMessage: /^waiting for report / } });
        assert.equal(ui.cancelledProgress.length, 1, 'Cancel was pressed while waiting');
        assert.match(String(result), /Nothing is shown; run Who Uses It again later\.$/);
        assert.ok(ui.messages.some((m) => m.level === 'info' && m.text === result), 'said in a notification');
        assert.equal(ui.quickPicks.length, 0, 'no list');
        const actions = (await emulator.requests()).map((r) => r.action);
        assert.equal(actions.filter((a) => a === 'CreateImageUsageReport').length, 1);
        assert.ok(!actions.includes('DescribeImageUsageReportEntries'), 'the entries were not read');
      } finally {
        await emulator.store.setUsageReportDelay(2000);
      }
    });

    it('for an image I do not own: the report is refused and the error shown', async () => {
      const shared = (await emulator.store.images(REGION)).find((i) => i.ownerId === OTHER_ACCOUNT && i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT));
      assert.ok(shared);
      const { ui } = await run('amiExplorer.ami.whoUsesIt', { region: REGION, imageId: shared.imageId }, {});
      const error = await eventually(() => {
        const e = ui.messages.find((m) => m.level === 'error');
        assert.ok(e);
        return e;
      }, 'the error');
      assert.match(error.text, /^Who Uses It failed: /);
    });
  });
});
