/**
 * Launching from an AMI inside a real VS Code, against the EC2 emulator: Quick Launch… step by step
 * (type, key pair, subnet, security groups, confirm) through scripted quick picks, the dry run
 * before the launch, the instance ids and their actions at the end, the remembered choices offered
 * first next time, Back and Escape (nothing sent), dropped RunInstances responses (exactly one
 * reservation, shown to the person), a dry run that refuses, "Create key pair…" (the private key
 * saved with mode 0600, and a clear message when it cannot be saved), and a user data file over
 * 16 KB refused with a message.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import type { RequestLogEntry } from '../emulator';
import type { AmiRef } from '../../src/model/image';
import type { LaunchOutcome } from '../../src/data/launch';
import type { ExtensionServices } from '../../src/services';
import { pickUserDataFile } from '../../src/ui/launch';
import { emulator } from './support/emulator';
import { BACK_ANSWER, pickLabels, scriptPrompts, type PromptScript, type QuickPickAnswer, type ScriptedPrompts } from './support/prompts';
import { BASE_SETTINGS, clearSettings, eventually, EXTENSION_ID, getApi, settle } from './treeSupport';

const REGION = 'us-east-1';
const QUICK_LAUNCH = 'amiExplorer.ami.quickLaunch';
/** The key pair the emulator seeds in every region (test/emulator/seed.ts SEED_KEY_NAME). */
const SEED_KEY = 'demo-key';

interface StoredImage {
  imageId: string;
  ownerId: string;
  state: string;
  architecture: string;
  platform?: string;
  enaSupport?: boolean;
  virtualizationType: string;
  rootDeviceType: string;
  productCodes: unknown[];
  blockDeviceMappings: { ebs?: { snapshotId?: string } }[];
}

interface StoredInstance {
  instanceId: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  keyName?: string;
  subnetId: string;
  clientToken?: string;
}

type Store = Record<string, (...args: unknown[]) => Promise<unknown>>;
const store = emulator.store as unknown as Store;

/** An available x86_64 Linux image of mine, EBS-backed with stored snapshots, that a t3.micro can run. */
async function launchableImage(): Promise<AmiRef> {
  const images = (await emulator.store.images(REGION)) as unknown as StoredImage[];
  const snapshots = new Set((await emulator.store.snapshots(REGION)).map((s) => s.snapshotId));
  const image = images.find(
    (i) =>
      i.ownerId === DEFAULT_ACCOUNT &&
      i.state === 'available' &&
      i.architecture === 'x86_64' &&
      i.platform !== 'windows' &&
      i.enaSupport === true &&
      i.virtualizationType === 'hvm' &&
      i.rootDeviceType === 'ebs' &&
      i.productCodes.length === 0 &&
      i.blockDeviceMappings.every((m) => !m.ebs || (m.ebs.snapshotId !== undefined && snapshots.has(m.ebs.snapshotId))),
  );
  assert.ok(image, 'the seed has a launchable image of mine');
  return { region: REGION, imageId: image.imageId };
}

async function instancesOf(imageId: string): Promise<StoredInstance[]> {
  return ((await store.instances?.(REGION)) as StoredInstance[]).filter((i) => i.imageId === imageId);
}

function runInstancesCalls(requests: readonly RequestLogEntry[]): { dryRun: RequestLogEntry[]; real: RequestLogEntry[] } {
  const calls = requests.filter((r) => r.action === 'RunInstances');
  return { dryRun: calls.filter((r) => r.params.DryRun === 'true'), real: calls.filter((r) => r.params.DryRun !== 'true') };
}

async function run(arg: unknown, script: PromptScript): Promise<{ ui: ScriptedPrompts; result: LaunchOutcome | undefined }> {
  const ui = scriptPrompts(script);
  try {
    const result = (await vscode.commands.executeCommand(QUICK_LAUNCH, arg)) as LaunchOutcome | undefined;
    return { ui, result };
  } finally {
    ui.restore();
  }
}

/** Picks the subnet items (not "Let EC2 choose"), the first of them. */
const firstSubnet: QuickPickAnswer = (items) => {
  const subnet = items.find((i) => /subnet-/.test(i.label));
  assert.ok(subnet, `a subnet among ${items.map((i) => i.label).join(', ')}`);
  return subnet;
};
/** Accepts the first item shown (the remembered choice is listed first). */
const first: QuickPickAnswer = (items) => items[0];
const escape: QuickPickAnswer = () => undefined;
const back: QuickPickAnswer = () => BACK_ANSWER;

describe('Quick Launch', function () {
  let ref: AmiRef;

  before(async () => {
    const api = await getApi();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
    ref = await launchableImage();
  });

  afterEach(async () => {
    await emulator.faults.reset();
  });

  after(async () => {
    await clearSettings();
  });

  it('is offered on available images in the tree and from the palette', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const entry = pkg.contributes.menus['view/item/context']?.find((m) => m.command === QUICK_LAUNCH);
    assert.ok(entry?.when);
    const regex = new RegExp(/viewItem =~ \/(.*?)\/(?= &&|$)/.exec(entry.when)?.[1] ?? '$^');
    assert.match('amiExplorer:ami+available+private+owned', regex);
    assert.match('amiExplorer:ami+available+public', regex, 'any owner');
    assert.doesNotMatch('amiExplorer:ami+pending+private+owned', regex);
    assert.ok(!pkg.contributes.menus.commandPalette?.some((m) => m.command === QUICK_LAUNCH && m.when === 'false'), 'not hidden from the palette');
  });

  it('steps through type, key pair, subnet and groups, validates by dry run, launches one instance and shows its id with the actions', async () => {
    const before = new Set((await instancesOf(ref.imageId)).map((i) => i.instanceId));
    await emulator.clearRequests();
    const { ui, result } = await run(ref, {
      quickPick: [pickLabels(/^t3\.micro\b/), pickLabels(new RegExp(`^${SEED_KEY}$`)), firstSubnet, pickLabels(/^ssh$/), pickLabels(/Launch$/)],
    });

    assert.deepEqual(
      ui.quickPicks.map((q) => q.step?.step),
      [1, 2, 3, 4, 5],
    );
    assert.ok(ui.quickPicks.every((q) => q.step?.totalSteps === 5));
    assert.equal(ui.quickPicks[0]?.step?.hasBack, false, 'no Back on the first step');
    assert.ok(ui.quickPicks.slice(1).every((q) => q.step?.hasBack), 'Back on every later step');
    const types = ui.quickPicks[0]?.items.map((i) => i.label) ?? [];
    assert.ok(types.some((l) => /^t3\.micro · 2 vCPU · 1 GiB · free tier/.test(l)), types.join(' | '));
    assert.ok(!types.some((l) => /^t4g\./.test(l)), 'arm64 types cannot run an x86_64 image');
    const keys = ui.quickPicks[1]?.items.map((i) => i.label) ?? [];
    assert.ok(keys.includes('No key pair') && keys.some((l) => /Create key pair…/.test(l)), keys.join(' | '));
    assert.equal(ui.quickPicks[3]?.options?.canPickMany, true);

    assert.ok(result && result.kind === 'launched', `launched: ${JSON.stringify(result)}`);
    assert.equal(result.running, true);
    assert.equal(result.reservation.instances.length, 1);
    const id = result.reservation.instances[0]?.instanceId ?? '';

    const requests = await emulator.requests();
    const calls = runInstancesCalls(requests);
    assert.equal(calls.dryRun.length, 1, 'one dry run');
    assert.equal(calls.real.length, 1, 'one launch');
    assert.ok(requests.indexOf(calls.dryRun[0] as RequestLogEntry) < requests.indexOf(calls.real[0] as RequestLogEntry), 'the dry run comes first');
    const sent = calls.real[0]?.params ?? {};
    assert.equal(sent.InstanceType, 't3.micro');
    assert.equal(sent.KeyName, SEED_KEY);
    assert.match(sent.ClientToken ?? '', /^[0-9a-f-]{36}$/);

    const now = (await instancesOf(ref.imageId)).filter((i) => !before.has(i.instanceId));
    assert.deepEqual(
      now.map((i) => i.instanceId),
      [id],
    );
    assert.equal(now[0]?.instanceType, 't3.micro');
    assert.equal(now[0]?.keyName, SEED_KEY);

    const info = await ui.message(/^Launched instance from /);
    assert.equal(info.level, 'info');
    assert.match(info.text, new RegExp(`running: ${id} \\(running`));
    assert.deepEqual(info.buttons, ['Copy Instance Ids', 'Copy SSH Command', 'Open in AWS Console']);
  });

  it('offers the remembered choices first next time; Escape on the confirm step sends nothing', async () => {
    await emulator.clearRequests();
    const { ui, result } = await run(ref, { quickPick: [first, first, first, (items) => items.filter((i) => i.label === 'ssh'), escape] });
    assert.equal(result, undefined);
    assert.match(ui.quickPicks[0]?.items[0]?.label ?? '', /^t3\.micro\b/);
    assert.equal(ui.quickPicks[0]?.items[0]?.description, 'last used');
    assert.equal(ui.quickPicks[1]?.items[0]?.label, SEED_KEY);
    const subnetLabel = ui.quickPicks[2]?.step?.preselected[0]?.label ?? '';
    assert.equal(ui.quickPicks[2]?.items[0]?.label, subnetLabel, 'the remembered subnet is listed first');
    assert.match(subnetLabel, /subnet-/, 'the remembered subnet is highlighted');
    assert.deepEqual(
      ui.quickPicks[3]?.step?.preselected.map((i) => i.label),
      ['ssh'],
      'the remembered group is ticked',
    );
    const confirm = ui.quickPicks[4]?.items[0];
    assert.match(confirm?.description ?? '', new RegExp(`1 × t3\\.micro · key pair ${SEED_KEY} · subnet subnet-`));
    assert.match(confirm?.description ?? '', / · public IP as the subnet sets it · IMDSv2 required$/, 'the remembered choices no step asks for are shown too');
    assert.deepEqual(runInstancesCalls(await emulator.requests()), { dryRun: [], real: [] }, 'nothing was sent');
    assert.ok(!ui.messages.some((m) => /Launch/.test(m.text)), JSON.stringify(ui.messages));
  });

  it('Back returns to the previous step with the choice kept; Escape at the first step ends it', async () => {
    await emulator.clearRequests();
    const { ui, result } = await run(ref, { quickPick: [pickLabels(/^t3\.small\b/), back, escape] });
    assert.equal(result, undefined);
    assert.deepEqual(
      ui.quickPicks.map((q) => q.step?.step),
      [1, 2, 1],
    );
    assert.match(ui.quickPicks[2]?.step?.preselected[0]?.label ?? '', /^t3\.small\b/, 'the type chosen before Back is highlighted');
    assert.deepEqual(runInstancesCalls(await emulator.requests()), { dryRun: [], real: [] });
  });

  it('a dropped RunInstances response: exactly one reservation exists afterwards, and it is shown', async () => {
    const before = new Set((await instancesOf(ref.imageId)).map((i) => i.instanceId));
    await emulator.clearRequests();
    // Every RunInstances takes effect and loses its answer, the SDK's retries too.
    await emulator.faults.dropAfterNextMutation(10);
    const { ui, result } = await run(ref, { quickPick: [pickLabels(/^t3\.micro\b/), pickLabels(/^No key pair$/), firstSubnet, (items) => items.filter((i) => i.label === 'default'), pickLabels(/Launch$/)] });
    await emulator.faults.reset();

    const created = (await instancesOf(ref.imageId)).filter((i) => !before.has(i.instanceId));
    assert.equal(new Set(created.map((i) => i.reservationId)).size, 1, `one reservation: ${JSON.stringify(created)}`);
    assert.equal(created.length, 1, 'one instance');
    const real = runInstancesCalls(await emulator.requests()).real;
    assert.ok(real.some((r) => r.status === 0), 'an answer was dropped');
    assert.equal(new Set(real.map((r) => r.params.ClientToken)).size, 1, 'every attempt carried the same ClientToken');
    assert.ok(result && result.kind === 'launched', `launched: ${JSON.stringify(result)}`);
    assert.equal(result.reservation.instances[0]?.instanceId, created[0]?.instanceId);
    // The service layer looks the reservation up by its token itself (LaunchData does when it does not).
    const info = await ui.message(/^Launched instance from /);
    assert.match(info.text, new RegExp(`${created[0]?.instanceId ?? 'i-'} \\(running`));
  });

  it('a dry run that refuses: says why and launches nothing', async () => {
    await emulator.clearRequests();
    await emulator.faults.denyAction('RunInstances');
    const { ui, result } = await run(ref, { quickPick: [pickLabels(/^t3\.micro\b/), pickLabels(/^No key pair$/), firstSubnet, (items) => items.filter((i) => i.label === 'default'), pickLabels(/Launch$/)] });
    assert.ok(result && result.kind === 'refused', JSON.stringify(result));
    const calls = runInstancesCalls(await emulator.requests());
    assert.equal(calls.dryRun.length, 1);
    assert.equal(calls.real.length, 0, 'nothing launched');
    const error = await eventually(() => {
      const e = ui.messages.find((m) => m.level === 'error');
      assert.ok(e, JSON.stringify(ui.messages));
      return e;
    }, 'the error', 10_000);
    assert.match(error.text, /^The dry run refused the launch/);
    assert.match(error.text, /Nothing was launched\.$/);
  });

  it('"Create key pair…" creates it, saves the private key with mode 0600, and launches with it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ami-explorer-keys-'));
    const keyName = `quick-${Date.now().toString(36)}`;
    const keyFile = path.join(dir, 'nested', `${keyName}.pem`);
    try {
      const { ui, result } = await run(ref, {
        quickPick: [pickLabels(/^t3\.micro\b/), pickLabels(/Create key pair…/), firstSubnet, (items) => items.filter((i) => i.label === 'default'), pickLabels(/Launch$/)],
        input: [keyName],
        saveDialog: [vscode.Uri.file(keyFile)],
      });
      assert.equal(ui.inputBoxes[0]?.validation, undefined);
      assert.match(String(ui.inputBoxes[0]?.options.value), /-key$/, 'a name is suggested');
      const saveOptions = ui.dialogs[0] as vscode.SaveDialogOptions | undefined;
      assert.equal(saveOptions?.defaultUri?.fsPath, path.join(os.homedir(), '.ssh', `${keyName}.pem`));
      const stat = fs.statSync(keyFile);
      assert.equal(stat.mode & 0o777, 0o600);
      assert.match(fs.readFileSync(keyFile, 'utf8'), /PRIVATE KEY/);
      const stored = (await store.getKeyPair?.(REGION, DEFAULT_ACCOUNT, keyName)) as { keyType?: string } | undefined;
      assert.equal(stored?.keyType, 'ed25519');
      assert.ok(result && result.kind === 'launched', JSON.stringify(result));
      const launched = (await instancesOf(ref.imageId)).find((i) => i.instanceId === result.reservation.instances[0]?.instanceId);
      assert.equal(launched?.keyName, keyName);
      const info = await ui.message(/^Launched instance from /);
      assert.ok(info.buttons.includes('Copy SSH Command'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('"Create key pair…" whose key cannot be saved: says the key pair exists but its key is lost, and how to delete it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ami-explorer-keys-'));
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where a folder should be');
    const keyName = `lost-${Date.now().toString(36)}`;
    try {
      const { ui, result } = await run(ref, {
        quickPick: [pickLabels(/^t3\.micro\b/), pickLabels(/Create key pair…/), escape],
        input: [keyName],
        saveDialog: [vscode.Uri.file(path.join(blocker, `${keyName}.pem`))],
      });
      assert.equal(result, undefined, 'Escape on the key step shown again: nothing launched');
      const error = await eventually(() => {
        const e = ui.messages.find((m) => m.level === 'error');
        assert.ok(e, JSON.stringify(ui.messages));
        return e;
      }, 'the error', 10_000);
      assert.match(error.text, new RegExp(`Key pair ${keyName} was created in EC2, but its private key could not be saved`));
      assert.match(error.text, /the private key is lost/);
      assert.match(error.text, new RegExp(`aws ec2 delete-key-pair --key-name ${keyName} --region ${REGION}`));
      assert.ok(await store.getKeyPair?.(REGION, DEFAULT_ACCOUNT, keyName), 'the key pair exists in EC2');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('User data from a workspace file', () => {
  it('refuses a file over 16 KB with its size and the limit, and sends nothing', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests run in a workspace');
    const file = vscode.Uri.joinPath(folder.uri, 'too-big-user-data.sh');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`#!/bin/sh\n${'# padding\n'.repeat(1700)}`));
    const size = (await vscode.workspace.fs.stat(file)).size;
    assert.ok(size > 16 * 1024);
    await emulator.clearRequests();
    const ui = scriptPrompts({ quickPick: [pickLabels(/^too-big-user-data\.sh$/)] });
    try {
      const services = { log: { info: () => undefined } } as unknown as ExtensionServices;
      const picked = await pickUserDataFile(services);
      assert.ok(!picked.ok, 'refused');
      assert.equal(picked.error.kind, 'invalidInput');
      assert.match(picked.error.message, new RegExp(`too-big-user-data\\.sh is \\d+(\\.\\d)? KB \\(${size.toLocaleString('en-US')} bytes\\); EC2 takes at most 16 KB \\(16,384 bytes\\) of user data`));
      assert.match(picked.error.message, /Nothing was sent\./);
      assert.equal(ui.quickPicks[0]?.items[0]?.label, 'Browse…');
      assert.deepEqual(runInstancesCalls(await emulator.requests()), { dryRun: [], real: [] });
    } finally {
      ui.restore();
      await vscode.workspace.fs.delete(file);
    }
  });
});
