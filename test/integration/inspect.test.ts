/**
 * Inspecting AMIs inside a real VS Code, against the EC2 emulator: the details panel, the JSON
 * document, compare in the diff editor and "Copy as", through the commands a person triggers.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { AmiExplorerApi } from '../../src/extension';
import type { DetailsModel } from '../../src/model/details';
import type { AmiRef } from '../../src/model/image';
import { emulator } from './support/emulator';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle } from './treeSupport';

const REGION = 'us-east-1';
const DETAILS_VIEW_TYPE = 'amiExplorer.details';

interface SeededImage {
  imageId: string;
  name: string;
  blockDeviceMappings: { deviceName: string; ebs?: { snapshotId?: string; volumeSize?: number } }[];
}

async function seeded(name: string, region = REGION): Promise<SeededImage> {
  const image = (await emulator.store.images(region)).find((i) => i.name === name);
  assert.ok(image, `no seeded image named ${name} in ${region}`);
  return image;
}

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

function detailsTabs(): vscode.Tab[] {
  return allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(DETAILS_VIEW_TYPE));
}

/** The workbench reports tabs to the extension host asynchronously: wait for the expected count. */
async function expectDetailsTabs(count: number): Promise<vscode.Tab[]> {
  return eventually(() => {
    const tabs = detailsTabs();
    assert.equal(tabs.length, count, `details tabs: ${tabs.map((t) => t.label).join(', ')}`);
    return tabs;
  }, `${count} details tab(s)`, 10_000);
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Inspect AMI', function () {
  let api: AmiExplorerApi;
  let kitchenSink: SeededImage;
  let ref: AmiRef;

  before(async () => {
    api = await getApi();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
    kitchenSink = await seeded(FIXTURE_NAMES.kitchenSink);
    ref = { region: REGION, imageId: kitchenSink.imageId };
  });

  afterEach(async () => {
    await emulator.faults.reset();
    await closeAll();
  });

  after(async () => {
    await clearSettings();
  });

  describe('details panel', () => {
    it('opens one panel for the image with every mapping, snapshot and fact', async () => {
      await emulator.clearRequests();
      const model = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', ref);
      assert.ok(model, 'inspect resolved without a model');
      assert.equal(model.header.imageId, kitchenSink.imageId);
      assert.equal(model.header.title, FIXTURE_NAMES.kitchenSink);
      assert.deepEqual(
        model.volumes.map((v) => v.device),
        kitchenSink.blockDeviceMappings.map((m) => m.deviceName),
      );
      assert.deepEqual(new Set(model.volumes.map((v) => v.kind)), new Set(['ebs', 'ephemeral', 'noDevice']));
      const snapshotIds = kitchenSink.blockDeviceMappings.flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : []));
      assert.deepEqual(
        model.snapshots.rows.map((r) => r.snapshotId).sort(),
        [...snapshotIds].sort(),
        'the owner reads every snapshot of its own image',
      );
      assert.equal(model.permissions.status, 'ok');
      for (const id of ['creationDate', 'bootMode', 'imdsSupport', 'lastLaunchedTime', 'deregistrationProtection', 'sourceImage']) {
        assert.ok(model.facts.some((f) => f.id === id), `fact ${id}`);
      }

      const tabs = await expectDetailsTabs(1);
      assert.match(tabs[0]?.label ?? '', new RegExp(kitchenSink.imageId));
      const described = (await emulator.requests()).filter((c) => c.action === 'DescribeImages' && c.params['ImageId.1'] === kitchenSink.imageId);
      assert.equal(described.length, 1, 'given only a reference, the image is described');
    });

    it('reuses the panel for the same image and loads nothing again', async () => {
      await vscode.commands.executeCommand('amiExplorer.ami.inspect', ref);
      await emulator.clearRequests();
      const again = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', { ...ref });
      assert.equal(again?.header.imageId, kitchenSink.imageId);
      await expectDetailsTabs(1);
      const calls = (await emulator.requests()).filter((c) => c.params.ImageId === kitchenSink.imageId || c.params['ImageId.1'] === kitchenSink.imageId);
      assert.deepEqual(calls, [], 'a revealed panel serves its cached model');
    });

    it('opens a second panel for another image', async () => {
      const other = await seeded(FIXTURE_NAMES.hostileMarkup);
      await vscode.commands.executeCommand('amiExplorer.ami.inspect', ref);
      const model = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', { region: REGION, imageId: other.imageId });
      assert.equal(model?.header.title, FIXTURE_NAMES.hostileMarkup, 'hostile text stays data');
      await expectDetailsTabs(2);
    });

    it('opens from a tree node, and clicking an image node runs the inspect command', async () => {
      const root = await rootNamed(api, REGION);
      const images = (await childrenOf(api, root.node)).filter(isImage);
      const shown = images.find((s) => imageOf(s).imageId === kitchenSink.imageId);
      assert.ok(shown, 'kitchen-sink image is in the tree');
      assert.equal(shown.item.command?.command, 'amiExplorer.ami.inspect');
      await emulator.clearRequests();
      const model = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', ...(shown.item.command?.arguments ?? []));
      assert.equal(model?.header.imageId, kitchenSink.imageId);
      assert.equal(model?.header.title, shown.label, 'the panel names the image as the tree does');
      await expectDetailsTabs(1);
      // The title changes once the image is loaded; the workbench reports tab labels asynchronously.
      const expectedLabel = `${shown.label.length > 32 ? `${shown.label.slice(0, 31)}…` : shown.label} (${kitchenSink.imageId})`;
      await eventually(() => assert.equal(detailsTabs()[0]?.label, expectedLabel), 'the tab names the image', 10_000);
      // The node holds the image: it is not described again; the rest of the details are fetched.
      const calls = (await emulator.requests()).filter((c) => c.params['ImageId.1'] === kitchenSink.imageId || c.params.ImageId === kitchenSink.imageId);
      assert.deepEqual(
        calls.filter((c) => c.action === 'DescribeImages'),
        [],
        'no DescribeImages for the image the node holds',
      );
      assert.ok(calls.some((c) => c.action === 'DescribeImageAttribute'), 'attributes are still fetched');
      assert.ok(model?.snapshots.rows.length, 'snapshots are still fetched');
    });

    it('keeps the panel and says why when the image cannot be loaded', async () => {
      const dead = { region: REGION, imageId: 'ami-0000000000000dead' };
      const model = await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', dead);
      assert.equal(model, undefined);
      await expectDetailsTabs(1);
      const panel = api.detailsPanel(dead);
      assert.ok(panel, 'the panel of the image stays open');
      assert.equal(panel.model, undefined);
      // The reason names the image and that EC2 does not know it, not just any text.
      assert.ok(panel.error?.includes(dead.imageId), `the failure names the image: ${panel.error}`);
      assert.match(panel.error ?? '', /does not exist|was not found/);
    });

    it('tries again when the panel of an image that failed to load is asked for again', async () => {
      const dead = { region: REGION, imageId: 'ami-0000000000000dead' };
      assert.equal(await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', dead), undefined);
      await emulator.clearRequests();
      assert.equal(await vscode.commands.executeCommand<DetailsModel | undefined>('amiExplorer.ami.inspect', { ...dead }), undefined);
      await expectDetailsTabs(1);
      const described = (await emulator.requests()).filter((c) => c.action === 'DescribeImages' && c.params['ImageId.1'] === dead.imageId);
      assert.equal(described.length, 1, 'the revealed panel loaded once more');
    });

    it('refuses arguments that are not an AMI', async () => {
      const refused = { region: 'us-east-1', imageId: 'ami-<script>' };
      const result = await vscode.commands.executeCommand('amiExplorer.ami.inspect', refused);
      assert.equal(result, undefined);
      assert.equal(api.detailsPanel(refused), undefined, 'no panel for it');
      // Tabs reach the extension host in order: once a panel opened after it shows, a tab the
      // refused call had opened would have shown first.
      await vscode.commands.executeCommand('amiExplorer.ami.inspect', ref);
      const [only] = await expectDetailsTabs(1);
      assert.ok(api.detailsPanel(ref), 'the panel of the real image is open');
      assert.ok(only?.label.includes(kitchenSink.imageId), `the one tab is that panel: ${only?.label}`);
    });
  });

  describe('open as JSON', () => {
    it('opens a read-only JSON document with the full record and attributes', async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('amiExplorer.ami.openJson', ref);
      assert.ok(uri);
      assert.equal(uri.scheme, 'amiexplorer-json');
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.languageId, 'json');
      const json = JSON.parse(doc.getText()) as {
        Region: string;
        Image: { ImageId: string; Name: string; BlockDeviceMappings: { DeviceName: string; Ebs?: { SnapshotId?: string; VolumeSize?: number } }[] };
        Attributes: Record<string, unknown>;
      };
      assert.equal(json.Region, REGION);
      assert.equal(json.Image.ImageId, kitchenSink.imageId);
      assert.deepEqual(
        json.Image.BlockDeviceMappings.map((m) => [m.DeviceName, m.Ebs?.SnapshotId, m.Ebs?.VolumeSize]),
        kitchenSink.blockDeviceMappings.map((m) => [m.deviceName, m.ebs?.snapshotId, m.ebs?.volumeSize]),
      );
      assert.ok(Array.isArray(json.Attributes.LaunchPermissions), 'launch permissions listed');
      assert.ok('LastLaunchedTime' in json.Attributes, 'last launched time listed');
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), uri.toString());
    });
  });

  describe('compare', () => {
    it('opens the diff editor on two tree nodes selected together', async () => {
      const root = await rootNamed(api, REGION);
      const images = (await childrenOf(api, root.node)).filter(isImage);
      const a = images.find((s) => imageOf(s).imageId === kitchenSink.imageId);
      const b = images.find((s) => imageOf(s).name === FIXTURE_NAMES.hostileShell);
      assert.ok(a && b);
      const uris = await vscode.commands.executeCommand<[vscode.Uri, vscode.Uri] | undefined>('amiExplorer.ami.compare', a.node, [a.node, b.node]);
      assert.ok(uris);
      const diff = allTabs().find((t) => t.input instanceof vscode.TabInputTextDiff);
      assert.ok(diff, 'a diff editor tab is open');
      const input = diff.input as vscode.TabInputTextDiff;
      assert.equal(input.original.toString(), uris[0].toString());
      assert.equal(input.modified.toString(), uris[1].toString());
      const left = JSON.parse((await vscode.workspace.openTextDocument(input.original)).getText()) as { Image: { ImageId: string; BlockDeviceMappings: Record<string, unknown> } };
      const right = JSON.parse((await vscode.workspace.openTextDocument(input.modified)).getText()) as { Image: { ImageId: string; Name: string } };
      assert.equal(left.Image.ImageId, kitchenSink.imageId);
      assert.equal(right.Image.ImageId, imageOf(b).imageId);
      assert.equal(right.Image.Name, FIXTURE_NAMES.hostileShell);
      assert.deepEqual(Object.keys(left.Image.BlockDeviceMappings), kitchenSink.blockDeviceMappings.map((m) => m.deviceName), 'volumes keyed by device name');
    });

    it('asks for exactly two images', async () => {
      const result = await vscode.commands.executeCommand('amiExplorer.ami.compare', ref, [ref]);
      assert.equal(result, undefined);
      assert.equal(allTabs().filter((t) => t.input instanceof vscode.TabInputTextDiff).length, 0);
    });
  });

  describe('copy as', () => {
    it('copies a run-instances command for the image', async () => {
      const text = await vscode.commands.executeCommand<string | undefined>('amiExplorer.ami.copyAs', ref, 'cliRunInstances');
      assert.ok(text);
      assert.match(text, new RegExp(`--image-id ${kitchenSink.imageId}`));
      assert.match(text, /--region us-east-1/);
      assert.equal(await vscode.env.clipboard.readText(), text);
    });

    it('copies Terraform for a hostile name with the name escaped', async () => {
      const hostile = await seeded(FIXTURE_NAMES.hostileShell);
      const text = await vscode.commands.executeCommand<string | undefined>('amiExplorer.ami.copyAs', { region: REGION, imageId: hostile.imageId }, 'terraform');
      assert.ok(text);
      assert.match(text, /values = \["\\"; rm -rf \/ #"\]/);
    });
  });
});
