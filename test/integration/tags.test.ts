/**
 * The tag commands inside a real VS Code, against the EC2 emulator: Add Tag… on a multi-selection
 * (and the snapshots), Edit Tag… (pick or a panel's key; several images: common keys only),
 * Remove Tag… (several keys), and the refusals before anything is sent (an aws: key, more than 50
 * tags). Prompts are answered by a script; the emulator's state and request log tell what was sent,
 * and the tree shows the change without a refresh.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT } from '../emulator/accounts';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { EmuImage, EmuSnapshot, EmuTag } from '../emulator/types';
import type { AmiExplorerApi } from '../../src/extension';
import type { AmiRef } from '../../src/model/image';
import { emulator } from './support/emulator';
import { pickLabels, scriptPrompts, type PromptScript, type ScriptedPrompts } from './support/prompts';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle, type Shown } from './treeSupport';
import { errorShown, menuRegex } from './support/commands';

const REGION = 'us-east-1';

let counter = 0;
function nextIds(): { imageId: string; snap: (i: number) => string } {
  counter++;
  const n = (Date.now() % 0xffffff).toString(16).padStart(6, '0') + counter.toString(16).padStart(3, '0');
  return { imageId: `ami-07a9${n.padStart(13, '0')}`, snap: (i) => `snap-07a9${i.toString(16)}${n.padStart(12, '0')}` };
}

function tagList(tags: Record<string, string>): EmuTag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** n user tags t0…t(n-1). */
function manyTags(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, String(i)]));
}

/** Stores an image with `snapshots` EBS snapshots and the tags given; returns its ref and snapshot ids. */
async function addImage(tags: Record<string, string>, opts: { snapshots?: number; ownerId?: string; snapshotTags?: Record<string, string> } = {}): Promise<{ ref: AmiRef; snapshotIds: string[] }> {
  const template = (await emulator.store.images(REGION)).find((i) => i.name === FIXTURE_NAMES.kitchenSink);
  const snapshotTemplate = (await emulator.store.snapshots(REGION)).find((s) => s.ownerId === DEFAULT_ACCOUNT);
  assert.ok(template && snapshotTemplate);
  const ids = nextIds();
  const ownerId = opts.ownerId ?? DEFAULT_ACCOUNT;
  const snapshotIds = Array.from({ length: opts.snapshots ?? 1 }, (_, i) => ids.snap(i));
  for (const snapshotId of snapshotIds) {
    const snapshot: EmuSnapshot = { ...snapshotTemplate, snapshotId, ownerId, encrypted: false, tags: tagList(opts.snapshotTags ?? {}), createVolumePermissions: [] };
    delete snapshot.kmsKeyId;
    delete snapshot.kmsKeyManager;
    await emulator.store.addSnapshot(snapshot);
  }
  const image: EmuImage = {
    ...template,
    imageId: ids.imageId,
    ownerId,
    name: `tags-test-${ids.imageId}`,
    state: 'available',
    tags: tagList(tags),
    productCodes: [],
    launchPermissions: ownerId === DEFAULT_ACCOUNT ? [] : [{ userId: DEFAULT_ACCOUNT }],
    blockDeviceMappings: snapshotIds.map((snapshotId, i) => ({
      deviceName: i === 0 ? '/dev/xvda' : `/dev/xvd${String.fromCharCode(98 + i)}`,
      ebs: { snapshotId, volumeSize: 8, volumeType: 'gp3', deleteOnTermination: true, encrypted: false },
    })),
  };
  delete image.deprecationTime;
  await emulator.store.addImage(image);
  return { ref: { region: REGION, imageId: ids.imageId }, snapshotIds };
}

async function storedTags(imageId: string): Promise<Record<string, string>> {
  const image = await emulator.store.getImage(REGION, imageId);
  assert.ok(image, `${imageId} is in the emulator`);
  return Object.fromEntries(image.tags.map((t) => [t.key, t.value]));
}

async function snapshotTags(snapshotId: string): Promise<Record<string, string>> {
  const snapshot = await emulator.store.getSnapshot(REGION, snapshotId);
  assert.ok(snapshot, `${snapshotId} is in the emulator`);
  return Object.fromEntries(snapshot.tags.map((t) => [t.key, t.value]));
}

async function tagWritesSent(): Promise<string[]> {
  return (await emulator.requests()).filter((r) => r.action === 'CreateTags' || r.action === 'DeleteTags').map((r) => `${r.action} ${r.params['ResourceId.1'] ?? ''}`);
}

/** Runs a command with scripted prompts and the arguments a menu (or a panel) passes. */
async function run(command: string, args: unknown[], script: PromptScript): Promise<{ ui: ScriptedPrompts; result: unknown }> {
  const ui = scriptPrompts(script);
  try {
    const result = await vscode.commands.executeCommand(command, ...args);
    return { ui, result };
  } finally {
    ui.restore();
  }
}

describe('Tag commands', function () {
  let api: AmiExplorerApi;

  async function nodeOf(imageId: string): Promise<Shown | undefined> {
    const root = await rootNamed(api, REGION);
    return (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).imageId === imageId);
  }

  /** The tree nodes of freshly stored images (the region is refreshed once). */
  async function nodesOf(...imageIds: string[]): Promise<Shown[]> {
    await vscode.commands.executeCommand('amiExplorer.region.refresh', (await rootNamed(api, REGION)).node);
    return eventually(async () => {
      const shown = await Promise.all(imageIds.map((id) => nodeOf(id)));
      assert.ok(shown.every((s) => s !== undefined), 'every node is shown');
      return shown as Shown[];
    }, 'the nodes');
  }

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

  it('Add Tag… on a multi-selection of owned nodes tags each image and its snapshots; the nodes follow', async () => {
    const a = await addImage({ Name: 'tag-multi-a' }, { snapshots: 2 });
    const b = await addImage({ Name: 'tag-multi-b' });
    const [na, nb] = await nodesOf(a.ref.imageId, b.ref.imageId);
    assert.ok(na && nb);
    for (const cmd of ['amiExplorer.ami.addTag', 'amiExplorer.ami.editTag', 'amiExplorer.ami.removeTag']) assert.match(na.contextValue, menuRegex(cmd), `${cmd} is offered on an owned node`);

    await emulator.clearRequests();
    const { ui, result } = await run('amiExplorer.ami.addTag', [nb.node, [na.node, nb.node]], { input: ['Env', 'prod'], quickPick: [pickLabels(/^Images and their snapshots$/)] });
    assert.equal(ui.inputBoxes[0]?.validation, undefined);
    assert.match(ui.inputBoxes[0]?.options.title ?? '', /to 2 images/);
    assert.match(ui.quickPicks[0]?.items[1]?.detail ?? '', new RegExp([...a.snapshotIds, ...b.snapshotIds].join(', ')));
    const info = await ui.message(/^Set /);
    assert.equal(info.level, 'info');
    assert.equal(result, info.text);
    assert.match(info.text, new RegExp(`^Set “Env” = “prod” on ${a.ref.imageId} and ${b.ref.imageId} and 3 snapshots \\(${[...a.snapshotIds, ...b.snapshotIds].join(', ')}\\)\\.$`));
    for (const id of [a.ref.imageId, b.ref.imageId]) assert.equal((await storedTags(id)).Env, 'prod', id);
    for (const s of [...a.snapshotIds, ...b.snapshotIds]) assert.equal((await snapshotTags(s)).Env, 'prod', s);
    assert.deepEqual((await tagWritesSent()).sort(), [b.ref.imageId, ...b.snapshotIds, a.ref.imageId, ...a.snapshotIds].map((id) => `CreateTags ${id}`).sort());
    await eventually(async () => {
      for (const id of [a.ref.imageId, b.ref.imageId]) {
        const shown = await nodeOf(id);
        assert.equal(shown && imageOf(shown).tags?.Env, 'prod', `the node of ${id} shows the tag`);
      }
    }, 'the tree follows');
  });

  it('Add Tag… refuses an aws: key with a clear message and sends nothing', async () => {
    const a = await addImage({ Name: 'tag-aws-key' });
    await emulator.clearRequests();
    const { ui } = await run('amiExplorer.ami.addTag', [a.ref], { input: ['AWS:owner'] });
    assert.match(ui.inputBoxes[0]?.validation ?? '', /begins with “aws:”, which is reserved for AWS/);
    const error = await errorShown(ui);
    assert.match(error, /^Add Tag failed: The tag key “AWS:owner” begins with “aws:”, which is reserved for AWS.* Nothing was sent\./);
    assert.deepEqual(await tagWritesSent(), []);
    assert.deepEqual(await storedTags(a.ref.imageId), { Name: 'tag-aws-key' });
  });

  it('Add Tag… refuses a tag that would make more than 50, naming the image and by how much, and sends nothing', async () => {
    const ok = await addImage({ Name: 'tag-room' });
    const full = await addImage(manyTags(50));
    const [nOk, nFull] = await nodesOf(ok.ref.imageId, full.ref.imageId);
    assert.ok(nOk && nFull);
    await emulator.clearRequests();
    const { ui } = await run('amiExplorer.ami.addTag', [nOk.node, [nOk.node, nFull.node]], { input: ['Extra'] });
    assert.match(ui.inputBoxes[0]?.validation ?? '', new RegExp(`${full.ref.imageId} \\(“tags-test-${full.ref.imageId}”\\) would have 51 tags, 1 over EC2's limit of 50`));
    const error = await errorShown(ui);
    assert.match(error, new RegExp(`${full.ref.imageId} .* would have 51 tags, 1 over EC2's limit of 50 per resource\\. Nothing was sent\\.`));
    assert.deepEqual(await tagWritesSent(), []);
    assert.equal((await storedTags(ok.ref.imageId)).Extra, undefined, 'the other image was not tagged either');
    // A value change of an existing key adds no tag: allowed at 50.
    const edit = await run('amiExplorer.ami.editTag', [full.ref, { tagKey: 't7' }], { input: ['seven'], quickPick: [pickLabels(/^Image only$/)] });
    await edit.ui.message(/^Set “t7” = “seven”/);
    assert.equal((await storedTags(full.ref.imageId)).t7, 'seven');
  });

  it('Add Tag… with snapshots refuses a tag that would give a snapshot more than 50, naming it, and sends nothing', async () => {
    const a = await addImage({ Name: 'tag-snapshot-full' }, { snapshots: 2, snapshotTags: manyTags(50) });
    await emulator.clearRequests();
    const { ui } = await run('amiExplorer.ami.addTag', [a.ref], { input: ['Extra', 'x'], quickPick: [pickLabels(/^Image and its snapshots$/)] });
    const error = await errorShown(ui);
    assert.match(error, new RegExp(`${a.snapshotIds[0]} would have 51 tags, 1 over EC2's limit of 50 per resource\\.`));
    assert.match(error, new RegExp(`${a.snapshotIds[1]} would have 51 tags`));
    assert.match(error, /Nothing was sent\./);
    assert.deepEqual(await tagWritesSent(), [], 'neither the image nor a snapshot was tagged');
    assert.ok((await emulator.requests()).some((r) => r.action === 'DescribeSnapshots'), 'the snapshots were read first');
    // Image only: the image has room, so it is tagged.
    const only = await run('amiExplorer.ami.addTag', [a.ref], { input: ['Extra', 'x'], quickPick: [pickLabels(/^Image only$/)] });
    await only.ui.message(/^Set “Extra” = “x”/);
    assert.deepEqual(await tagWritesSent(), [`CreateTags ${a.ref.imageId}`]);
  });

  it('Edit Tag… with a panel’s key changes the Name tag: the tree label follows; the snapshot keeps its tags when asked', async () => {
    const a = await addImage({ Name: 'before-edit', Team: 'x' });
    const [node] = await nodesOf(a.ref.imageId);
    assert.ok(node);
    assert.equal(node.label, 'before-edit');
    // The reference a panel opened from the node holds (with the node's profile).
    const ref = (node.node as unknown as { toRef(): AmiRef }).toRef();
    await emulator.clearRequests();
    const { ui } = await run('amiExplorer.ami.editTag', [ref, { tagKey: 'Name' }], { input: ['after-edit'], quickPick: [pickLabels(/^Image only$/)] });
    assert.equal(ui.inputBoxes[0]?.options.value, 'before-edit', 'the current value is offered');
    const info = await ui.message(/^Set “Name” = “after-edit” on /);
    assert.match(info.text, new RegExp(a.ref.imageId));
    assert.equal((await storedTags(a.ref.imageId)).Name, 'after-edit');
    assert.deepEqual(await snapshotTags(a.snapshotIds[0] ?? ''), {});
    assert.deepEqual(await tagWritesSent(), [`CreateTags ${a.ref.imageId}`]);
    await eventually(async () => assert.equal((await nodeOf(a.ref.imageId))?.label, 'after-edit'), 'the node is relabelled');

    // A key the image does not have (any more): refused, nothing sent.
    await emulator.clearRequests();
    const gone = await run('amiExplorer.ami.editTag', [ref, { tagKey: 'Nope' }], {});
    assert.match(await errorShown(gone.ui), /has no tag “Nope”.*Nothing was sent\./);
    assert.deepEqual(await tagWritesSent(), []);
  });

  it('Edit Tag… on several images offers only the keys all have; hostile keys are shown as text', async () => {
    const hostile = '$(zap) \u202Eevil';
    const a = await addImage({ Env: 'a', Only: 'a', [hostile]: '1' });
    const b = await addImage({ Env: 'b', [hostile]: '2' });
    const [na, nb] = await nodesOf(a.ref.imageId, b.ref.imageId);
    assert.ok(na && nb);
    const { ui } = await run('amiExplorer.ami.editTag', [na.node, [na.node, nb.node]], { quickPick: [pickLabels(/zap/), pickLabels(/^Images only$/)], input: ['same'] });
    const labels = ui.quickPicks[0]?.items.map((i) => i.label) ?? [];
    assert.deepEqual(labels.sort(), ['Env', '\\$(zap) \\u202Eevil'].sort(), 'common keys only; the icon and the override are escaped');
    assert.equal(ui.quickPicks[0]?.items.find((i) => i.label === 'Env')?.description, '2 different values');
    await ui.message(/^Set /);
    assert.equal((await storedTags(a.ref.imageId))[hostile], 'same');
    assert.equal((await storedTags(b.ref.imageId))[hostile], 'same');
  });

  it('Remove Tag… removes the picked keys from the image and its snapshots, and names them', async () => {
    const a = await addImage({ Name: 'remove-me', Env: 'prod', Team: 'x', Keep: 'y' }, { snapshots: 1 });
    const snap = a.snapshotIds[0] ?? '';
    const stored = await emulator.store.getSnapshot(REGION, snap);
    assert.ok(stored);
    await emulator.store.addSnapshot({ ...stored, tags: tagList({ Env: 'prod', Other: 'z' }) });
    await emulator.clearRequests();
    // From a panel: Env is ticked already; the person also ticks Team.
    const { ui } = await run('amiExplorer.ami.removeTag', [a.ref, { tagKey: 'Env' }], {
      quickPick: [
        (items) => {
          assert.deepEqual(items.filter((i) => i.picked).map((i) => i.label), ['Env'], 'the panel’s key is ticked');
          return items.filter((i) => i.label === 'Env' || i.label === 'Team');
        },
        pickLabels(/^Image and its snapshots$/),
      ],
    });
    assert.equal(ui.quickPicks[0]?.options?.canPickMany, true);
    const info = await ui.message(/^Removed /);
    assert.equal(info.text, `Removed the tags “Env” and “Team” from ${a.ref.imageId} (“tags-test-${a.ref.imageId}”) and 1 snapshot (${snap}).`);
    assert.deepEqual(await storedTags(a.ref.imageId), { Name: 'remove-me', Keep: 'y' });
    assert.deepEqual(await snapshotTags(snap), { Other: 'z' });
    assert.deepEqual(await tagWritesSent(), [`DeleteTags ${a.ref.imageId}`, `DeleteTags ${snap}`]);
  });

  it('from the palette: acts on the image selected in the view', async () => {
    const a = await addImage({ Name: 'palette-pick', Env: 'x' });
    const [node] = await nodesOf(a.ref.imageId);
    assert.ok(node);
    await vscode.commands.executeCommand('amiExplorer.images.focus');
    await api.view.reveal(node.node, { select: true, focus: true });
    await eventually(
      () => assert.ok(api.view.selection.some((n) => (n as unknown as { image?: { imageId: string } }).image?.imageId === a.ref.imageId), `selected: ${api.view.selection.length}`),
      'the node is selected',
      10_000,
    );
    const { ui } = await run('amiExplorer.ami.removeTag', [], { quickPick: [pickLabels(/^Env$/), pickLabels(/^Image only$/)] });
    assert.match(ui.quickPicks[0]?.options?.title ?? '', new RegExp(`from ${a.ref.imageId}$`));
    await ui.message(/^Removed the tag “Env” from /);
    assert.deepEqual(await storedTags(a.ref.imageId), { Name: 'palette-pick' });
  });

  it('a snapshot that cannot be tagged: the image and the other snapshot keep the change, and a warning names the one that failed', async () => {
    const a = await addImage({ Name: 'partial-snap' }, { snapshots: 2 });
    const [good, gone] = a.snapshotIds as [string, string];
    await emulator.store.removeSnapshot(REGION, gone);
    const { ui } = await run('amiExplorer.ami.addTag', [a.ref], { input: ['Env', 'prod'], quickPick: [pickLabels(/^Image and its snapshots$/)] });
    const warning = await ui.message(/was not:/);
    assert.equal(warning.level, 'warning');
    assert.match(warning.text, new RegExp(`^Set “Env” = “prod” on ${a.ref.imageId} .* and 1 snapshot \\(${good}\\)\\. ${a.ref.imageId} was changed, but its snapshot ${gone} was not: .*${gone}`));
    assert.equal((await storedTags(a.ref.imageId)).Env, 'prod');
    assert.equal((await snapshotTags(good)).Env, 'prod');
  });

  it('an image of another account is refused before any prompt, naming the owner, and nothing is sent', async () => {
    const theirs = await addImage({ Name: 'not-mine' }, { ownerId: OTHER_ACCOUNT });
    await emulator.clearRequests();
    const { ui } = await run('amiExplorer.ami.addTag', [theirs.ref], {});
    const error = await errorShown(ui);
    // The test profiles carry their account id (aws_account_id), so the owner is known before EC2 is asked.
    assert.match(error, new RegExp(`^Add Tag failed: Add Tag needs the image's owner: ${theirs.ref.imageId} is owned by account ${OTHER_ACCOUNT}, not by this profile's account ${DEFAULT_ACCOUNT}\\.`));
    assert.equal(ui.inputBoxes.length, 0, 'no prompt');
    assert.deepEqual(await tagWritesSent(), []);
    assert.deepEqual(await storedTags(theirs.ref.imageId), { Name: 'not-mine' });
  });
});
