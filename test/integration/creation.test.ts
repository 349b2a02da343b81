/**
 * Making images inside a real VS Code, against the EC2 emulator (issue #10): Copy to Region…,
 * Create Image from Instance… and Register Image from Snapshot…, each with scripted prompts; then
 * the emulator's state and request log tell what was sent, and the tree shows (and has selected)
 * the new image once it is available.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { LOOSE_SNAPSHOTS } from '../emulator/seed';
import type { EmuImage, EmuInstance } from '../emulator/types';
import type { AmiExplorerApi } from '../../src/extension';
import type { CreationOutcome } from '../../src/commands/lifecycle/creationFlow';
import { COPY_ITEMS } from '../../src/commands/lifecycle/copyToRegion';
import { CREATE_ITEMS } from '../../src/commands/lifecycle/createFromInstance';
import { REGISTER_ITEMS } from '../../src/commands/lifecycle/registerFromSnapshot';
import { emulator } from './support/emulator';
import { BACK_ANSWER, pickLabels, scriptPrompts, type PromptScript, type ScriptedPrompts } from './support/prompts';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle } from './treeSupport';

const SOURCE = 'us-east-1';
const TARGET = 'eu-west-1';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function run(command: string, arg: unknown, script: PromptScript): Promise<{ ui: ScriptedPrompts; result: CreationOutcome | undefined }> {
  const ui = scriptPrompts(script);
  try {
    const result = (await vscode.commands.executeCommand(command, arg)) as CreationOutcome | undefined;
    return { ui, result };
  } finally {
    ui.restore();
  }
}

/** My images of that name in the region, as the emulator holds them. */
async function named(region: string, name: string): Promise<EmuImage[]> {
  return (await emulator.store.images(region)).filter((i) => i.name === name && i.ownerId === DEFAULT_ACCOUNT);
}

/** The tree's node of an image under its region root, once it is there (and its state). */
async function shownInTree(api: AmiExplorerApi, region: string, imageId: string): Promise<{ state: string | undefined; selected: boolean }> {
  return eventually(async () => {
    const root = await rootNamed(api, region);
    const node = (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).imageId === imageId);
    assert.ok(node, `${imageId} is in the tree under ${region}`);
    return { state: imageOf(node).state, selected: api.view.selection.some((n) => (n as unknown as { image?: { imageId: string } }).image?.imageId === imageId) };
  }, `${imageId} in the tree`);
}

describe('Creating images (copy, create, register)', function () {
  this.timeout(120_000);
  let api: AmiExplorerApi;
  const unique = (what: string): string => `${what}-${Date.now().toString(36)}`;

  before(async () => {
    api = await getApi();
    await settle(api, BASE_SETTINGS, [SOURCE, TARGET]);
    await emulator.store.setImageTiming({ pendingMs: 500 });
  });
  afterEach(async () => {
    await emulator.faults.reset();
  });
  after(async () => {
    await emulator.store.setImageTiming({ pendingMs: 1000 });
    await clearSettings();
  });

  async function ownedImageNode(): Promise<{ node: unknown; image: EmuImage }> {
    const root = await rootNamed(api, SOURCE);
    const shown = (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).state === 'available' && /^amiExplorer:ami\+available\b/.test(s.contextValue));
    assert.ok(shown, 'an available image of mine in the tree');
    const image = await emulator.store.getImage(SOURCE, imageOf(shown).imageId);
    assert.ok(image);
    return { node: shown.node, image };
  }

  describe('Copy to Region…', () => {
    it('from an image node: copies to the chosen region with the ClientToken, waits until available, then the tree shows and selects the copy', async () => {
      const { node, image } = await ownedImageNode();
      const name = unique('copied');
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.ami.copyToRegion', node, {
        quickPick: [pickLabels(new RegExp(`^${TARGET}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.defaultKey)}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.copyTags)}$`))],
        input: [name, 'copied by the test'],
      });
      assert.ok(result, 'the command ran to the end');
      assert.equal(result.status, 'available');
      assert.equal(ui.inputBoxes[0]?.options.value, image.name, 'the name starts as the source’s');
      assert.equal(ui.inputBoxes[1]?.options.value, `[Copied ${image.imageId} from ${SOURCE}] ${image.name}`.slice(0, 255), 'the console’s description');
      const copies = await named(TARGET, name);
      assert.equal(copies.length, 1);
      const copy = copies[0]!;
      assert.equal(copy.imageId, result.ref.imageId);
      assert.equal(copy.sourceImageId, image.imageId);
      assert.equal(copy.description, 'copied by the test');
      assert.equal(copy.state, 'available');
      assert.ok(copy.blockDeviceMappings.every((m) => !m.ebs?.snapshotId || m.ebs.encrypted === true), 'encrypted with the default key');
      const call = (await emulator.requests()).find((r) => r.action === 'CopyImage');
      assert.equal(call?.region, TARGET);
      assert.ok(call?.params.ClientToken, 'a client token was sent');
      assert.equal(call?.params.CopyImageTags, 'true');
      const info = await ui.message(/was copied in eu-west-1 and is available/);
      assert.match(info.text, new RegExp(`${copy.imageId} \\("${escape(name)}"\\)`));
      const shown = await shownInTree(api, TARGET, copy.imageId);
      assert.equal(shown.state, 'available');
      assert.equal(result.revealed, true);
      assert.equal(shown.selected, true, 'the copy is selected in the view');
    });

    it('a dropped response after CopyImage still leaves exactly one copy (KMS key typed in)', async () => {
      const { node } = await ownedImageNode();
      const name = unique('dropped-copy');
      const key = `arn:aws:kms:${TARGET}:${DEFAULT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      await emulator.faults.dropAfterNextMutation(1);
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.ami.copyToRegion', node, {
        quickPick: [pickLabels(new RegExp(`^${TARGET}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.kmsKey)}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.noTags)}$`))],
        input: [name, '', key],
      });
      assert.equal(ui.inputBoxes[2]?.validation, undefined, 'the key is accepted');
      assert.ok(result);
      const copies = await named(TARGET, name);
      assert.deepEqual(copies.map((c) => c.imageId), [result.ref.imageId], 'exactly one copy');
      assert.equal(copies[0]?.blockDeviceMappings.find((m) => m.ebs?.snapshotId)?.ebs?.kmsKeyId, key);
      const calls = (await emulator.requests()).filter((r) => r.action === 'CopyImage');
      assert.equal(calls[0]?.status, 0, 'the first answer was dropped');
      assert.ok(calls.length >= 2 && calls.every((c) => c.params.ClientToken === calls[0]?.params.ClientToken), 'retried with the same token');
      await shownInTree(api, TARGET, result.ref.imageId);
    });

    it('Back from the name returns to the region step; a name EC2 would refuse is not accepted and nothing is sent', async () => {
      const { node, image } = await ownedImageNode();
      const name = unique('back-copy');
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.ami.copyToRegion', node, {
        quickPick: [pickLabels(/^eu-central-1$/), pickLabels(new RegExp(`^${TARGET}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.keep)}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.noTags)}$`))],
        input: [BACK_ANSWER, name, ''],
      });
      assert.ok(result);
      assert.deepEqual(ui.quickPicks.map((q) => q.step?.step), [1, 1, 4, 5], 'the region step was shown again after Back');
      assert.equal(ui.quickPicks[2]?.step?.hasBack, true);
      assert.equal(ui.inputBoxes[1]?.options.value, image.name);
      assert.equal((await named(TARGET, name)).length, 1, 'copied to the region chosen after Back');
      assert.equal((await named('eu-central-1', name)).length, 0);

      await emulator.clearRequests();
      const refused = await run('amiExplorer.ami.copyToRegion', node, { quickPick: [pickLabels(new RegExp(`^${TARGET}$`))], input: ['no*stars'] });
      assert.match(refused.ui.inputBoxes[0]?.validation ?? '', /not: \*/);
      assert.equal(refused.result, undefined);
      assert.equal((await emulator.requests()).filter((r) => r.action === 'CopyImage').length, 0, 'nothing sent');
    });

    it('Cancel while it waits stops waiting only: the copy goes on in AWS, is shown in the tree, and nothing is sent again', async () => {
      const { node } = await ownedImageNode();
      const name = unique('cancelled-wait');
      await emulator.store.setImageTiming({ pendingMs: 120_000 });
      try {
        await emulator.clearRequests();
        const { ui, result } = await run('amiExplorer.ami.copyToRegion', node, {
          quickPick: [pickLabels(new RegExp(`^${TARGET}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.keep)}$`)), pickLabels(new RegExp(`^${escape(COPY_ITEMS.noTags)}$`))],
          input: [name, ''],
          cancelProgress: { title: /^Copying /, afterMessage: /is pending; waiting until it is available/ },
        });
        assert.equal(ui.cancelledProgress.length, 1, 'Cancel was pressed while waiting');
        assert.ok(result);
        assert.equal(result.status, 'stoppedWaiting');
        const info = await ui.message(/^Stopped waiting for /);
        assert.match(info.text, new RegExp(`^Stopped waiting for ${result.ref.imageId} in ${TARGET}\\. The copy continues in AWS`));
        const copies = await named(TARGET, name);
        assert.deepEqual(copies.map((c) => c.imageId), [result.ref.imageId], 'one copy, still there');
        assert.equal(copies[0]?.state, 'pending', 'the copy goes on');
        const actions = (await emulator.requests()).map((r) => r.action);
        assert.equal(actions.filter((a) => a === 'CopyImage').length, 1, 'sent once');
        assert.ok(!actions.some((a) => a === 'DeregisterImage' || a === 'DeleteSnapshot'), 'nothing undone');
        assert.equal((await shownInTree(api, TARGET, result.ref.imageId)).state, 'pending');
      } finally {
        await emulator.store.setImageTiming({ pendingMs: 500 });
      }
    });

    it('Escape on the first step sends nothing', async () => {
      const { node } = await ownedImageNode();
      await emulator.clearRequests();
      const { result } = await run('amiExplorer.ami.copyToRegion', node, { quickPick: [() => undefined] });
      assert.equal(result, undefined);
      assert.equal((await emulator.requests()).filter((r) => r.action === 'CopyImage').length, 0);
    });
  });

  describe('Create Image from Instance…', () => {
    async function addRunningInstance(): Promise<string> {
      const n = Date.now().toString(16).slice(-9).padStart(9, '0');
      const instanceId = `i-0c4ea7e${n}0`.slice(0, 19);
      const subnet = (await emulator.store.subnets(SOURCE)).find((s) => s.ownerId === DEFAULT_ACCOUNT);
      assert.ok(subnet);
      const instance: EmuInstance = {
        instanceId,
        reservationId: `r-0c4ea7e${n}0`.slice(0, 19),
        ownerId: DEFAULT_ACCOUNT,
        region: SOURCE,
        imageId: 'ami-0123456789abcdef0',
        instanceType: 't3.micro',
        amiLaunchIndex: 0,
        subnetId: subnet.subnetId,
        vpcId: subnet.vpcId,
        availabilityZone: subnet.availabilityZone,
        privateIpAddress: '172.31.0.99',
        groups: [],
        architecture: 'x86_64',
        rootDeviceName: '/dev/xvda',
        virtualizationType: 'hvm',
        platformDetails: 'Linux/UNIX',
        enaSupport: true,
        volumes: [{ deviceName: '/dev/xvda', volumeId: 'vol-0c4ea7e000000001', volumeSize: 8, volumeType: 'gp3', deleteOnTermination: true, encrypted: false, tags: [] }],
        tags: [{ key: 'Name', value: 'creation-test-web' }],
        metadataHttpTokens: 'required',
        metadataHopLimit: 2,
        metadataHttpEndpoint: 'enabled',
        launchTime: new Date().toISOString(),
        runningAt: 0,
      };
      await emulator.store.addInstance(instance);
      return instanceId;
    }

    it('from the region node: instance, name, no reboot (with its warning), tags for image and snapshots; the tree shows the new image', async () => {
      const instanceId = await addRunningInstance();
      const name = unique('from-instance');
      const root = await rootNamed(api, SOURCE);
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.region.createImage', root.node, {
        quickPick: [pickLabels(new RegExp(escape(instanceId))), pickLabels(new RegExp(escape(CREATE_ITEMS.noReboot)))],
        input: [name, 'made by the test', 'team=web, env=test'],
      });
      const rebootStep = ui.quickPicks[1];
      assert.ok(rebootStep?.items.some((i) => /file systems .* may be inconsistent/.test(i.detail ?? '')), 'the no-reboot choice carries its warning');
      assert.match(ui.quickPicks[0]?.items.find((i) => i.label.includes(instanceId))?.label ?? '', /^creation-test-web \(/);
      assert.ok(result);
      assert.equal(result.status, 'available');
      const made = await named(SOURCE, name);
      assert.equal(made.length, 1);
      assert.equal(made[0]?.sourceInstanceId, instanceId);
      assert.deepEqual(made[0]?.tags, [{ key: 'team', value: 'web' }, { key: 'env', value: 'test' }]);
      const snapshot = await emulator.store.getSnapshot(SOURCE, made[0]?.blockDeviceMappings[0]?.ebs?.snapshotId as string);
      assert.deepEqual(snapshot?.tags, [{ key: 'team', value: 'web' }, { key: 'env', value: 'test' }]);
      const call = (await emulator.requests()).find((r) => r.action === 'CreateImage');
      assert.equal(call?.params.NoReboot, 'true');
      assert.equal(call?.params.InstanceId, instanceId);
      await ui.message(/was created in us-east-1 and is available/);
      const shown = await shownInTree(api, SOURCE, result.ref.imageId);
      assert.equal(shown.state, 'available');
    });

    it('a dropped response after CreateImage: found by name, not sent twice, one image', async () => {
      const instanceId = await addRunningInstance();
      const name = unique('create-dropped');
      await emulator.faults.dropAfterNextMutation(1);
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.region.createImage', { region: SOURCE }, {
        quickPick: [pickLabels(new RegExp(escape(instanceId))), pickLabels(new RegExp(`^${escape(CREATE_ITEMS.reboot)}$`))],
        input: [name, '', ''],
      });
      assert.ok(result);
      assert.equal(result.recovered, true);
      assert.equal((await emulator.requests()).filter((r) => r.action === 'CreateImage').length, 1);
      assert.equal((await named(SOURCE, name)).length, 1);
      await ui.message(/answer from EC2 was lost, but ami-\w+ was found/);
    });
  });

  describe('Register Image from Snapshot…', () => {
    it('from the region node: root snapshot, name, x86_64, boot mode, ENA, an extra volume; sends Architecture and hvm; the tree shows it', async () => {
      const name = unique('registered');
      const root = await rootNamed(api, SOURCE);
      const snapshots = await emulator.store.snapshots(SOURCE);
      const rootSnap = snapshots.find((s) => s.description === LOOSE_SNAPSHOTS.root);
      const dataSnap = snapshots.find((s) => s.description === LOOSE_SNAPSHOTS.data);
      assert.ok(rootSnap && dataSnap);
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.region.registerImage', root.node, {
        quickPick: [
          pickLabels(new RegExp(escape(rootSnap.snapshotId))),
          pickLabels(/^x86_64$/),
          pickLabels(/^uefi-preferred$/),
          pickLabels(new RegExp(`^${escape(REGISTER_ITEMS.ena)}$`)),
          pickLabels(new RegExp(escape(dataSnap.snapshotId))),
        ],
        input: [name],
      });
      assert.ok(result);
      assert.equal(result.status, 'available');
      const call = (await emulator.requests()).find((r) => r.action === 'RegisterImage');
      assert.equal(call?.params.Architecture, 'x86_64');
      assert.equal(call?.params.VirtualizationType, 'hvm');
      assert.equal(call?.params.BootMode, 'uefi-preferred');
      assert.equal(call?.params.EnaSupport, 'true');
      const made = await named(SOURCE, name);
      assert.equal(made.length, 1);
      assert.equal(made[0]?.architecture, 'x86_64');
      assert.equal(made[0]?.virtualizationType, 'hvm');
      assert.deepEqual(made[0]?.blockDeviceMappings.map((m) => [m.deviceName, m.ebs?.snapshotId]), [['/dev/xvda', rootSnap.snapshotId], ['/dev/sdb', dataSnap.snapshotId]]);
      await ui.message(/was registered in us-east-1 and is available/);
      const shown = await shownInTree(api, SOURCE, result.ref.imageId);
      assert.equal(shown.state, 'available');
    });
  });
});
