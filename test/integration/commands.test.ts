/**
 * The tree's commands inside a real VS Code: contributed and registered with the category, hidden
 * from the palette where they need a node, and doing what they say against the emulator.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AmiExplorerApi } from '../../src/extension';
import { emulator } from './support/emulator';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, EXTENSION_ID, imageOf, isImage, rootNamed, settle } from './treeSupport';

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}
interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}


function contributes(): { commands: CommandContribution[]; menus: Record<string, MenuEntry[]> } {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: CommandContribution[]; menus: Record<string, MenuEntry[]> } };
  return pkg.contributes;
}

describe('AMI tree commands', () => {
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
  });

  beforeEach(async () => {
    await emulator.faults.reset();
    await vscode.commands.executeCommand('amiExplorer.view.clearFilter');
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
  });

  after(async () => {
    await vscode.commands.executeCommand('amiExplorer.view.clearFilter');
    await clearSettings();
  });

  describe('contributions', () => {
    it('registers every contributed command, contributes every registered one, each with the AMI Explorer category', async () => {
      // VS Code itself registers a few commands per view (amiExplorer.images.open, .focus, ...): not ours.
      const viewCommand = /^amiExplorer\.images\.(open|focus|resetViewLocation|toggleVisibility|removeView)$/;
      const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('amiExplorer.') && !viewCommand.test(id));
      const contributed = new Map(contributes().commands.map((c) => [c.command, c]));
      assert.ok(contributed.size >= 18, 'the commands of the tree and inspect areas at least');
      for (const id of contributed.keys()) assert.ok(registered.includes(id), `${id} is contributed but not registered`);
      for (const id of registered) assert.ok(contributed.has(id), `${id} is registered but not contributed`);
      for (const [id, c] of contributed) {
        assert.equal(c.category, 'AMI Explorer', id);
        assert.match(id, /^amiExplorer\.[a-z]+\.[a-zA-Z]+$/);
      }
    });

    it('hides node-only commands from the palette; image commands stay (they act on the selection, else offer a picker)', () => {
      const palette = new Map(contributes().menus['commandPalette']?.map((m) => [m.command, m.when]));
      for (const id of ['amiExplorer.region.refresh', 'amiExplorer.region.retry', 'amiExplorer.images.loadMore']) {
        assert.equal(palette.get(id), 'false', id);
      }
      for (const id of ['amiExplorer.view.refresh', 'amiExplorer.view.filter', 'amiExplorer.owners.select', 'amiExplorer.ami.copyId', 'amiExplorer.ami.inspect']) {
        assert.equal(palette.has(id), false, `${id} is always in the palette`);
      }
    });

    it('puts view actions in the title bar with icons and image actions in ordered context-menu groups', () => {
      const { commands, menus } = contributes();
      const icons = new Map(commands.map((c) => [c.command, c.icon]));
      // As VS Code lays the title bar out: by the order after `navigation@`.
      const navigation = (menus['view/title'] ?? []).filter((m) => m.group?.startsWith('navigation')).sort((a, b) => Number(a.group?.split('@')[1]) - Number(b.group?.split('@')[1]));
      assert.deepEqual(
        navigation.map((m) => m.command),
        ['amiExplorer.image.find', 'amiExplorer.view.filter', 'amiExplorer.view.clearFilter', 'amiExplorer.view.groupByTag', 'amiExplorer.view.refresh', 'amiExplorer.catalog.open'],
      );
      for (const m of navigation) assert.match(String(icons.get(m.command)), /^\$\([a-z-]+\)$/);
      const imageMenu = (menus['view/item/context'] ?? []).filter((m) => m.when?.includes('viewItem =~ /^amiExplorer:ami\\b/') && !m.group?.startsWith('inline'));
      assert.ok(imageMenu.some((m) => m.command === 'amiExplorer.ami.copyId' && m.group === '1_copy@1'));
      // The menu as VS Code lays it out: `navigation` first, then the other groups by name, each
      // ordered by its @n. Every entry names a group with an order (none falls to the end unsorted).
      for (const m of imageMenu) assert.match(m.group ?? '', /^(navigation|\d+_[a-z]+)@\d+$/, m.command);
      const place = (group: string): [number, string, number] => {
        const [name = '', order = '0'] = group.split('@');
        return [name === 'navigation' ? 0 : 1, name, Number(order)];
      };
      const laidOut = [...imageMenu].sort((a, b) => {
        const [pa, na, oa] = place(a.group ?? '');
        const [pb, nb, ob] = place(b.group ?? '');
        return pa - pb || na.localeCompare(nb) || oa - ob;
      });
      assert.deepEqual(
        laidOut.map((m) => `${(m.group ?? '').split('@')[0]} ${m.command.replace('amiExplorer.ami.', '')}`),
        ['navigation inspect', '1_copy copyId', '1_copy copyJson', '1_copy copyAs', '2_inspect openJson', '2_inspect compare', '3_open openInConsole'],
      );
    });

    it('activates on its view and commands only, never on startup', () => {
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { activationEvents?: string[] };
      assert.ok(!(pkg.activationEvents ?? []).includes('*'));
      assert.ok(!(pkg.activationEvents ?? []).includes('onStartupFinished'));
    });
  });

  describe('image commands', () => {
    it('copy image id puts the id on the clipboard', async () => {
      const image = (await childrenOf(api, (await rootNamed(api, 'us-east-1')).node)).find(isImage);
      assert.ok(image);
      await vscode.env.clipboard.writeText('before');
      await vscode.commands.executeCommand('amiExplorer.ami.copyId', image.node);
      assert.equal(await vscode.env.clipboard.readText(), imageOf(image).imageId);
    });

    it('copy image id with several images selected copies all their ids', async () => {
      const images = (await childrenOf(api, (await rootNamed(api, 'us-east-1')).node)).filter(isImage).slice(0, 3);
      assert.equal(images.length, 3);
      const nodes = images.map((i) => i.node);
      await vscode.commands.executeCommand('amiExplorer.ami.copyId', nodes[0], nodes);
      assert.equal(await vscode.env.clipboard.readText(), images.map((i) => imageOf(i).imageId).join('\n'));
    });

    it('copy as JSON puts the image, pretty-printed, on the clipboard', async () => {
      const image = (await childrenOf(api, (await rootNamed(api, 'eu-west-1')).node)).find(isImage);
      assert.ok(image);
      await vscode.commands.executeCommand('amiExplorer.ami.copyJson', image.node);
      const text = await vscode.env.clipboard.readText();
      assert.match(text, /^\{\n {2}"imageId": /);
      assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(imageOf(image))));
    });
  });

  describe('view commands', () => {
    it('filter narrows every region to matching images and shows in the view description; clear restores', async () => {
      const root = await rootNamed(api, 'us-east-1');
      const all = (await childrenOf(api, root.node)).filter(isImage);
      const sample = imageOf(all[Math.floor(all.length / 2)] ?? all[0]!);
      const word = (sample.name ?? sample.imageId).split(/[^A-Za-z0-9]+/).find((w) => w.length >= 4) ?? sample.imageId;

      await vscode.commands.executeCommand('amiExplorer.view.filter', word.toUpperCase());
      const shown = (await childrenOf(api, root.node)).filter(isImage);
      assert.ok(shown.length > 0 && shown.length <= all.length);
      const lower = word.toLowerCase();
      for (const s of shown) {
        const i = imageOf(s);
        const hay = [i.name, i.imageId, i.description, ...Object.values(i.tags ?? {})].join('\n').toLowerCase();
        assert.ok(hay.includes(lower), `${i.imageId} does not match ${word}`);
      }
      const hidden = all.filter((a) => !shown.some((s) => s.item.id === a.item.id));
      for (const h of hidden) {
        const i = imageOf(h);
        assert.ok(![i.name, i.imageId, i.description, ...Object.values(i.tags ?? {})].join('\n').toLowerCase().includes(lower));
      }
      // The endpoint override (the emulator) is always named too.
      const endpoint = `endpoint ${new URL(emulator.url).host}`;
      assert.equal(api.view.description, `filter: ${word.toUpperCase()} · ${endpoint}`);
      assert.match(String((await rootNamed(api, 'us-east-1')).item.description), new RegExp(`^${shown.length} of ${all.length} images$`));

      await vscode.commands.executeCommand('amiExplorer.view.clearFilter');
      assert.equal(api.view.description, endpoint);
      assert.equal((await childrenOf(api, root.node)).filter(isImage).length, all.length);
    });

    it('a filter matching nothing says so instead of showing an empty region', async () => {
      await vscode.commands.executeCommand('amiExplorer.view.filter', 'zzz-no-such-image-zzz');
      const children = await childrenOf(api, (await rootNamed(api, 'us-east-1')).node);
      assert.deepEqual(
        children.map((c) => c.label),
        ['No loaded image matches the filter'],
      );
    });

    it('group by tag writes the setting and the tree follows', async () => {
      await vscode.commands.executeCommand('amiExplorer.view.groupByTag', 'Team');
      assert.equal(vscode.workspace.getConfiguration('amiExplorer').get('tree.groupByTag'), 'Team');
      await eventually(async () => {
        const groups = await childrenOf(api, (await rootNamed(api, 'us-east-1')).node);
        assert.ok(groups.length > 0 && groups.every((g) => g.contextValue.startsWith('amiExplorer:tagGroup')));
        assert.ok(groups.some((g) => g.label.startsWith('Team: ')));
      }, 'groups by Team');
      await vscode.commands.executeCommand('amiExplorer.view.groupByTag', '');
      await eventually(async () => {
        const images = (await childrenOf(api, (await rootNamed(api, 'us-east-1')).node)).filter(isImage);
        assert.ok(images.length > 0);
      }, 'ungrouped');
    });

    it('owner scope, regions and profiles commands write their settings; bad owners are refused', async () => {
      const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('amiExplorer');
      await vscode.commands.executeCommand('amiExplorer.owners.select', ['amazon', '123456789012']);
      assert.deepEqual(config().get('images.owners'), ['amazon', '123456789012']);
      await vscode.commands.executeCommand('amiExplorer.owners.select', ['nobody']);
      assert.deepEqual(config().get('images.owners'), ['amazon', '123456789012'], 'an invalid scope changes nothing');
      await vscode.commands.executeCommand('amiExplorer.regions.select', ['eu-west-1']);
      assert.deepEqual(config().get('regions'), ['eu-west-1']);
      await vscode.commands.executeCommand('amiExplorer.profile.select', ['other']);
      assert.deepEqual(config().get('profiles'), ['other']);
      await settle(api, {}, ['eu-west-1']);
    });
  });

  describe('region commands', () => {
    it('refresh region fetches that region again, and only that region', async () => {
      const root = await rootNamed(api, 'eu-west-1');
      await childrenOf(api, root.node);
      await emulator.clearRequests();
      await vscode.commands.executeCommand('amiExplorer.region.refresh', root.node);
      await api.tree.whenIdle();
      const calls = (await emulator.requests()).filter((c) => c.action === 'DescribeImages');
      assert.ok(calls.length > 0);
      assert.deepEqual([...new Set(calls.map((c) => c.region))], ['eu-west-1']);
    });

    it('view refresh fetches every region again', async () => {
      await emulator.clearRequests();
      await vscode.commands.executeCommand('amiExplorer.view.refresh');
      await childrenOf(api);
      const regions = new Set((await emulator.requests()).filter((c) => c.action === 'DescribeImages').map((c) => c.region));
      assert.deepEqual([...regions].sort(), ['eu-west-1', 'us-east-1']);
    });
  });
});
