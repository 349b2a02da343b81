/**
 * Hygiene marks and Allowed AMIs (issue #11) inside a real VS Code, against the emulator: image
 * nodes carry the marks their images call for (restated here from the emulator's records), a
 * region's tooltip reads GetAllowedImagesSettings only when resolved (hover), once, and shows a
 * failure as one line without a popup; the setting turns the marks off in the tree and in the
 * details panel, and on again, live.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import type { EmuImage } from '../emulator/types';
import type { AmiExplorerApi } from '../../src/extension';
import type { DetailsModel } from '../../src/model/details';
import { emulator } from './support/emulator';
import { scriptPrompts } from './support/prompts';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle, setSettings, type Shown } from './treeSupport';

const REGIONS = ['us-east-1', 'eu-west-1'];
/** Mine and shared with me: others' images show the Allowed AMIs mark in eu-west-1 (audit mode in the seed). */
const SETTINGS = { ...BASE_SETTINGS, 'images.owners': ['self', 'shared-with-me'], 'images.hygieneMarks': true };

const isPublicRecord = (i: EmuImage): boolean => i.launchPermissions.some((p) => p.group === 'all');
const hasUnencrypted = (i: EmuImage): boolean => i.blockDeviceMappings.some((m) => m.ebs?.snapshotId !== undefined && m.ebs.encrypted !== true);

async function imagesUnder(api: AmiExplorerApi, region: string): Promise<Shown[]> {
  return (await childrenOf(api, (await rootNamed(api, region)).node)).filter(isImage);
}

function tooltipOf(item: vscode.TreeItem): string {
  const t = item.tooltip;
  return t instanceof vscode.MarkdownString ? t.value : String(t ?? '');
}

describe('Hygiene marks', function () {
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
  });

  beforeEach(async () => {
    await emulator.faults.reset();
    await settle(api, SETTINGS, REGIONS);
  });

  after(async () => {
    await emulator.faults.reset();
    await vscode.workspace.getConfiguration('amiExplorer').update('images.hygieneMarks', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearSettings();
  });

  it('image nodes show the marks their images call for: description suffix and a Hygiene tooltip section', async () => {
    let notAllowed = 0;
    for (const region of REGIONS) {
      const records = new Map((await emulator.store.images(region)).map((i) => [i.imageId, i]));
      const shown = await imagesUnder(api, region);
      assert.ok(shown.length > 5, `${region}: ${shown.length} images`);
      for (const s of shown) {
        const record = records.get(imageOf(s).imageId);
        assert.ok(record, s.label);
        const description = String(s.item.description);
        const mine = record.ownerId === DEFAULT_ACCOUNT;
        // eu-west-1 is in audit mode with the providers amazon and my account: others' images are not allowed.
        const blocked = region === 'eu-west-1' && !mine && record.ownerAlias !== 'amazon';
        if (blocked) notAllowed++;
        assert.equal(/⚠ .*not allowed/.test(description), blocked, `${region} ${record.imageId}: ${description}`);
        assert.equal(/⚠ .*\bunencrypted\b/.test(description), hasUnencrypted(record), `${record.imageId}: ${description}`);
        assert.equal(/⚠ .*\bpublic\b/.test(description), mine && isPublicRecord(record), `${record.imageId}: ${description}`);
        assert.equal(/⚠ .*IMDSv2 not required/.test(description), record.imdsSupport !== 'v2.0', `${record.imageId}: ${description}`);
        assert.ok(description.startsWith(record.state === 'disabled' ? 'disabled · ' : record.imageId), description);
        const tooltip = tooltipOf(s.item);
        const unprotected = mine && !['enabled', 'enabled-with-cooldown'].includes(record.deregistrationProtection ?? '');
        assert.equal(tooltip.includes('Note: no deregistration protection.'), unprotected, `${record.imageId} protection ${record.deregistrationProtection}`);
        if (description.includes('⚠')) assert.match(tooltip, /\n\n\*\*Hygiene\*\* {2}\n/);
      }
    }
    assert.ok(notAllowed > 0, 'some image of another account in eu-west-1 is marked not allowed');
  });

  it('a region’s tooltip: Allowed AMIs read on hover only, once per region, until a refresh', async () => {
    await emulator.clearRequests();
    const east = await rootNamed(api, 'us-east-1');
    const west = await rootNamed(api, 'eu-west-1');
    await childrenOf(api, west.node);
    assert.equal(east.item.tooltip, undefined, 'left for resolveTreeItem');
    const asked = async (): Promise<string[]> => (await emulator.requests()).filter((r) => r.action === 'GetAllowedImagesSettings').map((r) => r.region);
    assert.deepEqual(await asked(), [], 'not on render or expand');

    const hover = async (shown: Shown): Promise<string> => tooltipOf(await api.tree.resolveTreeItem(api.tree.getTreeItem(shown.node), shown.node));
    const westTip = await hover(west);
    assert.match(westTip, /\*\*eu\\-west\\-1\*\*/);
    assert.match(westTip, /Allowed AMIs: audit mode\\: every image can be used/);
    assert.match(westTip, new RegExp(`Criterion 1: providers amazon, ${DEFAULT_ACCOUNT}`));
    assert.match(await hover(east), /Allowed AMIs: disabled\\: every image is allowed$/);
    await hover(west);
    assert.deepEqual((await asked()).sort(), ['eu-west-1', 'us-east-1'], 'once per region');

    await vscode.commands.executeCommand('amiExplorer.view.refresh');
    await settle(api, SETTINGS, REGIONS);
    await hover(await rootNamed(api, 'eu-west-1'));
    assert.deepEqual((await asked()).filter((r) => r === 'eu-west-1').length, 2, 'asked again after a refresh');
  });

  it('access denied: one line in the tooltip, no error popup, the region still lists its images', async () => {
    const ui = scriptPrompts();
    try {
      await emulator.faults.denyAction('GetAllowedImagesSettings');
      await vscode.commands.executeCommand('amiExplorer.view.refresh');
      await settle(api, SETTINGS, REGIONS);
      const west = await rootNamed(api, 'eu-west-1');
      const item = await api.tree.resolveTreeItem(api.tree.getTreeItem(west.node), west.node);
      const lines = tooltipOf(item).split('  \n');
      const allowed = lines.filter((l) => l.startsWith('Allowed AMIs'));
      assert.equal(allowed.length, 1, lines.join(' | '));
      assert.match(allowed[0] ?? '', /^Allowed AMIs: could not be read \(.*GetAllowedImagesSettings/);
      assert.ok((await imagesUnder(api, 'eu-west-1')).length > 0);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(ui.messages.filter((m) => m.level === 'error'), [], 'no popup');
    } finally {
      ui.restore();
    }
  });

  it('the setting turns the marks off and on, live, in the tree and in the details panel', async () => {
    const west = await imagesUnder(api, 'eu-west-1');
    const marked = west.find((s) => String(s.item.description).includes('⚠'));
    assert.ok(marked, 'an image with marks');
    const ref = { region: 'eu-west-1', imageId: imageOf(marked).imageId };
    const before = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', ref);
    assert.ok(before?.hygiene && before.hygiene.marks.length > 0, 'the panel lists the marks');
    await emulator.clearRequests();

    await setSettings({ 'images.hygieneMarks': false });
    await eventually(async () => {
      for (const region of REGIONS) {
        for (const s of await imagesUnder(api, region)) {
          assert.ok(!String(s.item.description).includes('⚠'), String(s.item.description));
          assert.ok(!tooltipOf(s.item).includes('**Hygiene**'));
        }
      }
    }, 'marks gone from the tree');
    assert.equal((await emulator.requests()).filter((r) => r.action === 'DescribeImages' && !r.params['ImageId.1']).length, 0, 'the tree listed nothing again');
    const off = await eventually(async () => {
      const m = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', ref);
      assert.equal(m?.hygiene, undefined);
      return m;
    }, 'the panel without its Hygiene section');
    assert.equal(off?.header.imageId, ref.imageId);

    await setSettings({ 'images.hygieneMarks': true });
    await eventually(async () => assert.ok(String((await imagesUnder(api, 'eu-west-1')).find((s) => imageOf(s).imageId === ref.imageId)?.item.description).includes('⚠')), 'marks back');
    await eventually(async () => {
      const m = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', ref);
      assert.deepEqual(m?.hygiene?.marks.map((x) => x.id), before.hygiene?.marks.map((x) => x.id));
    }, 'the panel with its Hygiene section again');
  });
});
