/**
 * Launch Instance…: contributed where it applies. The image context menu offers it for every
 * available image, whoever owns it and however it is shared (the `when` clause is matched against
 * the tree's own contextValues), never for an image that cannot be launched (pending, failed…);
 * the webview panel restores after a reload (activation event), and the palette keeps it.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../../src/commands/ids';
import { imageContextValue, type ImageVisibility } from '../../../src/model/format';
import { richImage } from '../model/inspectFixtures';

const root = join(__dirname, '..', '..', '..', '..');

interface Manifest {
  activationEvents: string[];
  contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when?: string; group?: string }[]> };
}

describe('commands/launch/launchInstance (contribution)', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const id = COMMAND_IDS.launchInstance;

  it('is titled "Launch Instance…" and restores its panel after a reload', () => {
    assert.equal(id, 'amiExplorer.ami.launch');
    assert.equal(manifest.contributes.commands.find((c) => c.command === id)?.title, 'Launch Instance…');
    assert.ok(manifest.activationEvents.includes('onWebviewPanel:amiExplorer.launch'));
    const palette = manifest.contributes.menus.commandPalette?.find((m) => m.command === id);
    assert.ok(palette === undefined || palette.when !== 'false', 'the palette offers it (with the image picker)');
  });

  it('is on the context menu of every available image, owned or not, and of no other', () => {
    const entries = manifest.contributes.menus['view/item/context']?.filter((m) => m.command === id) ?? [];
    assert.equal(entries.length, 1);
    const when = entries[0]?.when ?? '';
    assert.match(when, /view == amiExplorer\.images/);
    assert.match(when, /!listMultiSelection/);
    const pattern = /viewItem =~ \/(.+?)\/(?: |$)/.exec(when)?.[1];
    assert.ok(pattern, 'a viewItem regex');
    const re = new RegExp(pattern);
    const now = new Date('2025-01-01T00:00:00Z');
    for (const visibility of ['public', 'shared', 'private'] as ImageVisibility[]) {
      for (const owned of [true, false]) {
        assert.ok(re.test(imageContextValue(richImage({ state: 'available' }), visibility, now, owned)), `${visibility}, owned ${owned}`);
        assert.ok(re.test(imageContextValue(richImage({ state: 'available', platform: 'windows', deprecationTime: '2024-01-01T00:00:00Z' }), visibility, now, owned)));
      }
    }
    for (const state of ['pending', 'failed', 'deregistered', 'disabled']) {
      assert.ok(!re.test(imageContextValue(richImage({ state }), 'private', now, true)), state);
    }
    assert.ok(!re.test('amiExplorer:region'));
  });

  it('sits beside Quick Launch… in the image context menu: the same group and conditions, Launch Instance first', () => {
    const menu = manifest.contributes.menus['view/item/context'] ?? [];
    const launch = menu.find((m) => m.command === id);
    const quick = menu.find((m) => m.command === COMMAND_IDS.quickLaunch);
    assert.ok(launch?.group && quick?.group);
    const [launchGroup, launchOrder] = launch.group.split('@');
    const [quickGroup, quickOrder] = quick.group.split('@');
    assert.equal(launchGroup, quickGroup);
    assert.equal(launch.when, quick.when, 'offered on the same images');
    assert.ok(Number(launchOrder) < Number(quickOrder), 'Launch Instance… first');
    const between = menu.filter((m) => m.group?.startsWith(`${launchGroup}@`) && m.command !== id && m.command !== COMMAND_IDS.quickLaunch);
    assert.deepEqual(between, [], 'nothing else in their group');
  });
});
