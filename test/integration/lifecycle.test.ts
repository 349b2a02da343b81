/**
 * The retire commands inside a real VS Code, against the EC2 emulator: Deregister… (with and
 * without snapshots, protection and its cooldown, a cancelled confirmation, references listed),
 * Turn On/Off Deregistration Protection, Deprecate… / Cancel Deprecation, Disable… / Enable.
 * Prompts are answered by a script (support/prompts.ts); afterwards the emulator's state and
 * request log tell what was sent.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT } from '../emulator/accounts';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { EmuImage, EmuSnapshot } from '../emulator/types';
import type { AmiExplorerApi } from '../../src/extension';
import type { AmiRef } from '../../src/model/image';
import { emulator } from './support/emulator';
import { scriptPrompts, type PromptScript, type ScriptedPrompts } from './support/prompts';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle, type Shown } from './treeSupport';
import { menuRegex } from './support/commands';

const REGION = 'us-east-1';
const DAY = 24 * 60 * 60 * 1000;

let counter = 0;
/** Stores a throw-away owned image with `snapshots` snapshots (other suites keep the seeded ones). */
async function addImage(name: string, patch: Partial<EmuImage> = {}, snapshots = 1): Promise<{ ref: AmiRef; snapshotIds: string[] }> {
  const template = (await emulator.store.images(REGION)).find((i) => i.name === FIXTURE_NAMES.kitchenSink);
  const snapshotTemplate = (await emulator.store.snapshots(REGION)).find((s) => s.ownerId === DEFAULT_ACCOUNT);
  assert.ok(template && snapshotTemplate);
  counter++;
  const n = (Date.now() % 0xffffff).toString(16).padStart(6, '0') + counter.toString(16).padStart(3, '0');
  const imageId = `ami-0de7${n.padStart(13, '0')}`;
  const snapshotIds = Array.from({ length: snapshots }, (_, i) => `snap-0de7${i.toString(16)}${n.padStart(12, '0')}`);
  for (const snapshotId of snapshotIds) {
    const s: EmuSnapshot = { ...snapshotTemplate, snapshotId, ownerId: DEFAULT_ACCOUNT, encrypted: false, tags: [], createVolumePermissions: [] };
    delete s.kmsKeyId;
    delete s.kmsKeyManager;
    await emulator.store.addSnapshot(s);
  }
  const image: EmuImage = {
    ...template,
    imageId,
    ownerId: DEFAULT_ACCOUNT,
    name,
    state: 'available',
    tags: [],
    productCodes: [],
    launchPermissions: [],
    deregistrationProtection: 'disabled',
    blockDeviceMappings: snapshotIds.map((snapshotId, i) => ({
      deviceName: i === 0 ? '/dev/xvda' : `/dev/xvd${String.fromCharCode(98 + i)}`,
      ebs: { snapshotId, volumeSize: 8, volumeType: 'gp3', deleteOnTermination: true, encrypted: false },
    })),
    ...patch,
  };
  if (!('deprecationTime' in patch)) delete image.deprecationTime;
  await emulator.store.addImage(image);
  return { ref: { region: REGION, imageId }, snapshotIds };
}

async function stored(imageId: string): Promise<EmuImage | undefined> {
  return (await emulator.store.getImage(REGION, imageId)) ?? undefined;
}

const LIFECYCLE_WRITES = new Set([
  'DeregisterImage',
  'DeleteSnapshot',
  'EnableImageDeregistrationProtection',
  'DisableImageDeregistrationProtection',
  'EnableImageDeprecation',
  'DisableImageDeprecation',
  'DisableImage',
  'EnableImage',
]);

async function writesSent(): Promise<{ action: string; params: Record<string, string> }[]> {
  return (await emulator.requests()).filter((r) => LIFECYCLE_WRITES.has(r.action)).map((r) => ({ action: r.action, params: r.params }));
}

async function run(command: string, arg: unknown, script: PromptScript): Promise<{ ui: ScriptedPrompts; result: unknown }> {
  const ui = scriptPrompts(script);
  try {
    return { ui, result: await vscode.commands.executeCommand(command, arg) };
  } finally {
    ui.restore();
  }
}

async function nodeOf(api: AmiExplorerApi, imageId: string): Promise<Shown | undefined> {
  const root = await rootNamed(api, REGION);
  return (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).imageId === imageId);
}

async function shownNode(api: AmiExplorerApi, imageId: string): Promise<Shown> {
  await vscode.commands.executeCommand('amiExplorer.region.refresh', (await rootNamed(api, REGION)).node);
  return eventually(async () => {
    const s = await nodeOf(api, imageId);
    assert.ok(s, `${imageId} is in the tree`);
    return s;
  }, 'the node');
}

describe('Lifecycle commands (retire)', function () {
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
    await settle(api, { ...BASE_SETTINGS, 'images.showDisabled': true }, ['us-east-1', 'eu-west-1']);
  });

  afterEach(async () => {
    await emulator.faults.reset();
  });

  after(async () => {
    await clearSettings();
  });

  describe('Deregister…', () => {
    it('from an owned node, "Deregister and Delete Snapshots": the modal names image, region, account and snapshots; each snapshot result is reported; the node goes', async () => {
      const { ref, snapshotIds } = await addImage('retire-me-web', {}, 2);
      const node = await shownNode(api, ref.imageId);
      assert.match(node.contextValue, menuRegex('amiExplorer.ami.deregister'));
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.ami.deregister', node.node, { modal: ['Deregister and Delete Snapshots'] });
      const modal = ui.modals[0];
      assert.ok(modal);
      assert.equal(modal.text, `Deregister "retire-me-web" (${ref.imageId})?`);
      assert.match(modal.detail ?? '', new RegExp(`in ${REGION}, account ${DEFAULT_ACCOUNT}`));
      assert.match(modal.detail ?? '', new RegExp(`2 snapshots \\(${snapshotIds.join(', ')}\\)`));
      assert.deepEqual(modal.buttons, ['Deregister', 'Deregister and Delete Snapshots']);
      const sent = await writesSent();
      assert.deepEqual(sent.map((s) => s.action), ['DeregisterImage']);
      assert.equal(sent[0]?.params.DeleteAssociatedSnapshots, 'true');
      assert.equal(await stored(ref.imageId), undefined);
      for (const s of snapshotIds) assert.ok(!(await emulator.store.getSnapshot(REGION, s)), `${s} deleted`);
      const info = await ui.message(/was deregistered/);
      assert.equal(result, info.text);
      for (const s of snapshotIds) assert.match(info.text, new RegExp(`${s} deleted`));
      await eventually(async () => assert.equal(await nodeOf(api, ref.imageId), undefined), 'the node is gone');
    });

    it('"Deregister" keeps the snapshots; a snapshot another image uses is kept and says so when deleting', async () => {
      const keep = await addImage('retire-keep-snapshots');
      await run('amiExplorer.ami.deregister', keep.ref, { modal: ['Deregister'] });
      assert.equal(await stored(keep.ref.imageId), undefined);
      assert.ok(await emulator.store.getSnapshot(REGION, keep.snapshotIds[0] as string), 'kept');

      const shared = await addImage('retire-shared-snapshot');
      const other = await addImage('retire-uses-it-too', {}, 0);
      await emulator.store.modifyImage(REGION, other.ref.imageId, { blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { snapshotId: shared.snapshotIds[0] as string, volumeSize: 8 } }] });
      const { ui } = await run('amiExplorer.ami.deregister', shared.ref, { modal: ['Deregister and Delete Snapshots'] });
      const info = await ui.message(/was deregistered/);
      assert.match(info.text, new RegExp(`${shared.snapshotIds[0]} kept: another AMI still uses it`));
      assert.ok(await emulator.store.getSnapshot(REGION, shared.snapshotIds[0] as string));
    });

    it('cancelling the confirmation sends nothing and keeps the image', async () => {
      const { ref, snapshotIds } = await addImage('retire-cancel-me');
      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.ami.deregister', ref, { modal: [undefined] });
      assert.equal(ui.modals.length, 1);
      assert.equal(result, undefined);
      assert.deepEqual(await writesSent(), []);
      assert.ok(await stored(ref.imageId));
      assert.ok(await emulator.store.getSnapshot(REGION, snapshotIds[0] as string));
    });

    it('the confirmation lists what still uses a seeded referenced image (instance, launch template, parameter)', async () => {
      const owned = (await emulator.store.images(REGION))
        .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && !i.deprecationTime && i.platform !== 'windows')
        .sort((a, b) => b.creationDate.localeCompare(a.creationDate) || a.imageId.localeCompare(b.imageId));
      const referenced = owned[1];
      assert.ok(referenced, 'the seed has a referenced image');
      const { ui } = await run('amiExplorer.ami.deregister', { region: REGION, imageId: referenced.imageId }, { modal: [undefined] });
      const detail = ui.modals.at(-1)?.detail ?? '';
      assert.match(detail, new RegExp(`${referenced.imageId} is still used by .*instance`));
      assert.match(detail, /launch template/);
      assert.ok(await stored(referenced.imageId), 'nothing changed');
    });

    it('when the references cannot be read, the confirmation says so and why, and still deregisters', async () => {
      const { ref } = await addImage('retire-refs-denied');
      await emulator.faults.denyAction('DescribeImageReferences');
      const { ui } = await run('amiExplorer.ami.deregister', ref, { modal: ['Deregister'] });
      assert.match(ui.modals[0]?.detail ?? '', /could not be checked \(.*(denied|authorized).*\)/i);
      assert.equal(await stored(ref.imageId), undefined);
    });

    it('protection on: says so and offers Turn Off Protection… instead of failing; turning it off sends no DeregisterImage', async () => {
      const { ref } = await addImage('retire-protected', { deregistrationProtection: 'enabled' });
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.deregister', ref, { modal: ['Turn Off Protection…', 'Turn Off Protection'] });
      assert.match(ui.modals[0]?.text ?? '', /is protected from deregistration\. Nothing was deregistered\./);
      assert.deepEqual(ui.modals[0]?.buttons, ['Turn Off Protection…']);
      assert.match(ui.modals[1]?.text ?? '', /Turn off deregistration protection of "retire-protected"/);
      assert.deepEqual((await writesSent()).map((s) => s.action), ['DisableImageDeregistrationProtection']);
      assert.equal((await stored(ref.imageId))?.deregistrationProtection, 'disabled');
    });

    it('protection with cooldown: turning it off says deregistration is possible only 24 hours later; then Deregister says when the cooldown ends and sends nothing', async () => {
      const { ref } = await addImage('retire-cooldown', { deregistrationProtection: 'enabled-with-cooldown' });
      const off = await run('amiExplorer.ami.deregister', ref, { modal: ['Turn Off Protection…', 'Turn Off Protection'] });
      assert.match(off.ui.modals[0]?.text ?? '', /only 24 hours later/);
      assert.match(off.ui.modals[1]?.detail ?? '', /only 24 hours after protection is turned off/);
      assert.match((await stored(ref.imageId))?.deregistrationProtection ?? '', /^disabled-until /);
      await emulator.clearRequests();
      const again = await run('amiExplorer.ami.deregister', ref, {});
      const warning = await again.ui.message(/cannot be deregistered yet/);
      assert.match(warning.text, /24-hour cooldown, which ends \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      assert.equal(again.ui.modals.length, 0);
      assert.deepEqual(await writesSent(), []);
    });

    it("refuses another account's image before asking anything", async () => {
      const theirs = (await emulator.store.images(REGION)).find((i) => i.ownerId === OTHER_ACCOUNT && i.launchPermissions.some((p) => p.group === 'all'));
      assert.ok(theirs);
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.deregister', { region: REGION, imageId: theirs.imageId }, {});
      const error = await eventually(() => {
        const e = ui.messages.find((m) => m.level === 'error');
        assert.ok(e);
        return e.text;
      }, 'the error');
      assert.match(error, /needs the image's owner/);
      assert.equal(ui.modals.length, 0);
      assert.deepEqual(await writesSent(), []);
    });
  });

  describe('Deregistration protection', () => {
    it('Turn On with a cooldown from the node; the node then offers Turn Off; Turn Off asks first', async () => {
      const { ref } = await addImage('retire-protect-me');
      const node = await shownNode(api, ref.imageId);
      assert.match(node.contextValue, menuRegex('amiExplorer.ami.enableDeregistrationProtection'));
      assert.doesNotMatch(node.contextValue, menuRegex('amiExplorer.ami.disableDeregistrationProtection'));
      const { ui } = await run('amiExplorer.ami.enableDeregistrationProtection', node.node, { quickPick: [(items) => items.find((i) => /cooldown/i.test(i.label) && !/Without/.test(i.label))] });
      await ui.message(/now protected from deregistration, with a 24-hour cooldown/);
      assert.equal((await stored(ref.imageId))?.deregistrationProtection, 'enabled-with-cooldown');
      const updated = await eventually(async () => {
        const s = await nodeOf(api, ref.imageId);
        assert.match(s?.contextValue ?? '', /\+protected\b/);
        return s as Shown;
      }, 'the node shows protection');
      assert.match(updated.contextValue, menuRegex('amiExplorer.ami.disableDeregistrationProtection'));
      const cancelled = await run('amiExplorer.ami.disableDeregistrationProtection', ref, { modal: [undefined] });
      assert.equal(cancelled.ui.modals.length, 1);
      assert.equal((await stored(ref.imageId))?.deregistrationProtection, 'enabled-with-cooldown', 'cancel changes nothing');
    });
  });

  describe('Deprecate… and Cancel Deprecation', () => {
    it('a quick choice, confirmed: the time is set (UTC, to the minute); Cancel Deprecation removes it', async () => {
      const { ref } = await addImage('retire-deprecate-me');
      const before = Date.now();
      const { ui } = await run('amiExplorer.ami.deprecate', ref, { quickPick: [(items) => items.find((i) => i.label === 'In 30 days')], modal: ['Deprecate'] });
      assert.match(ui.modals[0]?.text ?? '', /^Deprecate "retire-deprecate-me" \(ami-[0-9a-f]+\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC\?$/);
      const at = Date.parse((await stored(ref.imageId))?.deprecationTime ?? '');
      assert.ok(Math.abs(at - (before + 30 * DAY)) < 2 * 60_000, 'in 30 days');
      await ui.message(/will be deprecated at/);
      const node = await shownNode(api, ref.imageId);
      assert.match(node.contextValue, menuRegex('amiExplorer.ami.cancelDeprecation'));
      await run('amiExplorer.ami.cancelDeprecation', node.node, {});
      assert.equal((await stored(ref.imageId))?.deprecationTime, undefined);
    });

    it('a typed time in the past is refused by the input box, and nothing is sent', async () => {
      const { ref } = await addImage('retire-deprecate-past');
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.deprecate', ref, { quickPick: [(items) => items.find((i) => /Enter a date/.test(i.label))], input: ['2020-01-01 00:00'] });
      assert.match(ui.inputBoxes[0]?.validation ?? '', /in the past/);
      assert.deepEqual(await writesSent(), []);
      assert.equal((await stored(ref.imageId))?.deprecationTime, undefined);
    });
  });

  describe('Disable… and Enable', () => {
    it('Disable warns that every launch permission goes and enabling does not restore them; the node stays, marked; Enable brings it back without the permissions', async () => {
      const { ref } = await addImage('retire-disable-me', { launchPermissions: [{ userId: OTHER_ACCOUNT }] });
      const node = await shownNode(api, ref.imageId);
      assert.match(node.contextValue, menuRegex('amiExplorer.ami.disable'));
      assert.doesNotMatch(node.contextValue, menuRegex('amiExplorer.ami.enable'));
      const { ui } = await run('amiExplorer.ami.disable', node.node, { modal: ['Disable'] });
      assert.match(ui.modals[0]?.detail ?? '', /its shares with 1 account, organization or OU/);
      assert.match(ui.modals[0]?.detail ?? '', /does not restore the launch permissions/);
      const image = await stored(ref.imageId);
      assert.equal(image?.state, 'disabled');
      assert.deepEqual(image?.launchPermissions, []);
      const marked = await eventually(async () => {
        const s = await nodeOf(api, ref.imageId);
        assert.match(s?.contextValue ?? '', /^amiExplorer:ami\+disabled\+/);
        return s as Shown;
      }, 'the node stays, marked disabled');
      assert.match(String(marked.item.description), /^disabled · /);
      assert.match(marked.contextValue, menuRegex('amiExplorer.ami.enable'));
      // It stays after a refresh too (owner listings ask for disabled images).
      const again = await shownNode(api, ref.imageId);
      assert.match(again.contextValue, /\+disabled\+/);
      const enabled = await run('amiExplorer.ami.enable', again.node, {});
      await enabled.ui.message(/available again.*not restored/);
      assert.equal((await stored(ref.imageId))?.state, 'available');
      assert.deepEqual((await stored(ref.imageId))?.launchPermissions, []);
    });

    it('Disable and Deprecate list what still uses a seeded referenced image in their confirmation; cancelled, nothing is sent', async () => {
      const owned = (await emulator.store.images(REGION))
        .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && !i.deprecationTime && i.platform !== 'windows')
        .sort((a, b) => b.creationDate.localeCompare(a.creationDate) || a.imageId.localeCompare(b.imageId));
      const referenced = owned[1];
      assert.ok(referenced);
      const target = { region: REGION, imageId: referenced.imageId };
      await emulator.clearRequests();
      const disable = await run('amiExplorer.ami.disable', target, { modal: [undefined] });
      assert.match(disable.ui.modals[0]?.detail ?? '', new RegExp(`${referenced.imageId} is still used by .*instance`));
      const deprecate = await run('amiExplorer.ami.deprecate', target, { quickPick: [(items) => items.find((i) => i.label === 'In 90 days')], modal: [undefined] });
      assert.match(deprecate.ui.modals[0]?.detail ?? '', /launch template/);
      assert.deepEqual(await writesSent(), []);
      assert.equal((await stored(referenced.imageId))?.state, 'available');
    });

    it('from the Command Palette (no argument): region and image from the picker, then the same confirmation', async () => {
      const { ref } = await addImage('retire-from-palette');
      const region = (items: readonly unknown[]) => items.find((i) => i === REGION || (i as { label?: string }).label === REGION) as vscode.QuickPickItem;
      // The image step: the id typed and accepted, as a person may do before the list has loaded.
      const typedId = () => ({ label: ref.imageId, imageId: ref.imageId }) as vscode.QuickPickItem;
      const { ui } = await run('amiExplorer.ami.disable', undefined, { quickPick: [region, typedId], modal: ['Disable'] });
      assert.match(ui.modals[0]?.text ?? '', new RegExp(`Disable "retire-from-palette" \\(${ref.imageId}\\)`));
      assert.equal((await stored(ref.imageId))?.state, 'disabled');
      await run('amiExplorer.ami.enable', undefined, { quickPick: [region, typedId] });
      assert.equal((await stored(ref.imageId))?.state, 'available');
    });

    it('cancelling Disable sends nothing', async () => {
      const { ref } = await addImage('retire-disable-cancel');
      await emulator.clearRequests();
      await run('amiExplorer.ami.disable', ref, { modal: [undefined] });
      assert.deepEqual(await writesSent(), []);
      assert.equal((await stored(ref.imageId))?.state, 'available');
    });
  });
});
