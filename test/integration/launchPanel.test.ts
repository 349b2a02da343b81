/**
 * Launch Instance… inside a real VS Code, against the EC2 emulator: the command opens one launch
 * panel per image (titled by the image) with the options the data layer read for it (only types
 * that can run the image, the region's key pairs and default network); running it again reuses the
 * panel. The form itself is driven by the UI tests.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AmiRef } from '../../src/model/image';
import type { LaunchModel } from '../../src/webviews/launch/protocol';
import { emulator } from './support/emulator';
import { BASE_SETTINGS, clearSettings, eventually, getApi, settle } from './treeSupport';

const REGION = 'us-east-1';
const LAUNCH_VIEW_TYPE = 'amiExplorer.launch';

function launchTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(LAUNCH_VIEW_TYPE));
}

describe('Launch Instance… (panel)', function () {
  let ref: AmiRef;
  let name: string;

  before(async () => {
    const api = await getApi();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
    const image = (await emulator.store.images(REGION)).find((i) => i.state === 'available' && i.architecture === 'arm64' && !i.productCodes?.length);
    assert.ok(image, 'a seeded arm64 image');
    ref = { region: REGION, imageId: image.imageId };
    name = image.name ?? image.imageId;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await clearSettings();
  });

  it('opens one panel per image with the options that fit it, and reuses it', async () => {
    const model = await vscode.commands.executeCommand<LaunchModel | undefined>('amiExplorer.ami.launch', ref);
    assert.ok(model, 'the command resolved with the options shown');
    assert.equal(model.options.image.imageId, ref.imageId);
    assert.ok(model.options.instanceTypes.length > 0, 'some types can run it');
    assert.ok(model.options.instanceTypes.every((t) => t.architectures.includes('arm64')), 'only arm64 types for an arm64 image');
    assert.ok(model.options.excludedTypes > 0, 'x86 types were left out');
    assert.ok(model.options.vpcs.some((v) => v.isDefault), 'the default VPC');
    assert.ok(model.options.keyPairs.length > 0, 'the seeded key pair');
    const title = new RegExp(`^Launch: ${name.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    await eventually(() => {
      const tabs = launchTabs();
      assert.equal(tabs.length, 1);
      assert.match(tabs[0]?.label ?? '', title, 'titled by the image once its options are shown');
    }, 'one launch tab, titled by the image', 10_000);

    const again = await vscode.commands.executeCommand<LaunchModel | undefined>('amiExplorer.ami.launch', ref);
    assert.equal(again?.options.image.imageId, ref.imageId);
    await eventually(() => assert.equal(launchTabs().length, 1), 'still one launch tab', 5_000);
  });
});
