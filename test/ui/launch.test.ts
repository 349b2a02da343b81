/**
 * Launching instances as a person does, in the real workbench against the emulator: open the
 * launch panel from an image's context menu in the tree and from the details page's header, pick
 * an instance type in the combobox, a name and a subnet (a zone that lacks a type marks it "not
 * offered"), validate (a dry run only) and launch (the results show the running instance, which the
 * emulator holds with its Name tag); a user data file over 16 KB is refused at its field with
 * nothing sent; and a key pair deleted behind the panel's back is refused by the dry run at the key
 * pair field, with no real RunInstances sent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DescribeInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { FrameLocator } from 'playwright-core';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { addShareableImage, client } from '../unit/emulator/helpers';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';
const NAME = 'ui-launch-me <b>bold</b>';
const INSTANCE_NAME = 'ui-launched <i>web</i> 1';
const KEY_NAME = 'ui-launch-key';
const BIG_FILE = 'ui-launch-too-big.sh';

interface Logged {
  action: string;
  params: Record<string, string>;
}

function requestsSince(start: number, action: string): Logged[] {
  return ui()
    .emulator.requests.slice(start)
    .filter((r) => r.action === action)
    .map((r) => ({ action: r.action, params: r.params }));
}

/** RunInstances calls since `start` that were not dry runs (a real launch). */
function realLaunchesSince(start: number): Logged[] {
  return requestsSince(start, 'RunInstances').filter((r) => r.params['DryRun'] !== 'true');
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('Launch instances (UI)', () => {
  let wb: Workbench;
  let imageId: string;
  const launched: string[] = [];

  /** The launch page of the visible panel, once its form for the test image is rendered. */
  async function launchPage(): Promise<FrameLocator> {
    await wb.page.locator('.tabs-container .tab', { hasText: `Launch: ${NAME}` }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const frame = wb.webviewFrame();
    await frame.locator('h1[data-field="title"]', { hasText: NAME }).waitFor({ state: 'visible', timeout: 60_000 });
    await frame.locator('[data-field="instanceType"] vscode-single-select[data-key="instanceType"]').waitFor({ state: 'visible', timeout: 60_000 });
    return frame;
  }

  async function openFromTree(): Promise<FrameLocator> {
    await wb.expand(REGION);
    // A settings change while the window opened can leave the region expanded without its rows: open it again.
    const visible = await wb.waitForTreeItem(NAME, 15_000).then(
      () => true,
      () => false,
    );
    if (!visible) {
      await wb.collapse(REGION);
      await wb.expand(REGION);
    }
    const items = await wb.contextMenu(NAME);
    assert.ok(items.includes('Launch Instance…'), `menu: ${items.join(', ')}`);
    await wb.clickMenuItem('Launch Instance…');
    return launchPage();
  }

  /** Opens a single-select (or combobox) and clicks the option whose text matches. */
  async function choose(frame: FrameLocator, key: string, option: string | RegExp, typed?: string): Promise<void> {
    const select = frame.locator(`vscode-single-select[data-key="${key}"]`).first();
    await until(async () => (await select.getAttribute('disabled')) === null, `${key} enabled`);
    await select.click();
    if (typed !== undefined) {
      const input = select.locator('input').first();
      await input.fill(typed);
    }
    const li = select.locator('li[role="option"]', { hasText: option }).first();
    await li.waitFor({ state: 'visible', timeout: 15_000 });
    await li.click();
  }

  async function marksOf(frame: FrameLocator, type: string): Promise<string[]> {
    return ((await frame.locator(`vscode-option[data-type="${type}"]`).getAttribute('data-marks')) ?? '').split(',').filter((m) => m);
  }

  async function verdictOf(frame: FrameLocator): Promise<string> {
    const verdict = frame.locator('#verdict');
    await until(async () => ['valid', 'invalid', 'refused'].includes((await verdict.getAttribute('data-verdict')) ?? ''), 'a verdict', 60_000);
    return (await verdict.getAttribute('data-verdict')) ?? '';
  }

  before(async () => {
    const store = ui().emulator.store;
    imageId = addShareableImage(store, REGION, { ownerId: DEFAULT_ACCOUNT, name: NAME }).imageId;
    // ENA lets the current (Nitro) types run it, so the list holds both t3.micro and p3.2xlarge.
    store.modifyImage(REGION, imageId, { enaSupport: true });
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
  });

  // Closed before each test rather than after, so that a failure's screenshot shows the panel.
  beforeEach(async () => {
    await wb.runCommand('View: Close All Editors');
  });

  after(async () => {
    const store = ui().emulator.store;
    if (launched.length) {
      const ec2 = client(ui().emulator.url, { region: REGION });
      try {
        await ec2.send(new TerminateInstancesCommand({ InstanceIds: launched }));
      } finally {
        ec2.destroy();
      }
    }
    store.removeKeyPair(REGION, DEFAULT_ACCOUNT, KEY_NAME);
    fs.rmSync(path.join(ui().harness.sandbox.workspaceDir, BIG_FILE), { force: true });
    await wb?.close();
    store.removeImage(REGION, imageId);
  });

  it('opens from the tree, marks the types a zone lacks, validates with a dry run only, then launches', async () => {
    const store = ui().emulator.store;
    const zones = store.zones(REGION);
    const subnets = store.subnets(REGION).filter((s) => s.ownerId === DEFAULT_ACCOUNT && s.defaultForAz);
    const lastZone = zones[zones.length - 1] ?? '';
    const lastSubnet = subnets.find((s) => s.availabilityZone === lastZone);
    const firstSubnet = subnets.find((s) => s.availabilityZone === zones[0]);
    assert.ok(lastSubnet && firstSubnet && zones.length > 1, `the seed has subnets in ${zones.join(', ')}`);

    const frame = await openFromTree();
    const start = ui().emulator.requests.length;
    await wb.screenshot('launch-opened-from-tree');

    // The combobox filters by what is typed; picking sets the type.
    await choose(frame, 'instanceType', /\bt3\.micro\s·/, 't3.mic');
    const typeInfo = frame.locator('[data-field="typeInfo"]');
    await until(async () => (await typeInfo.innerText()).startsWith('t3.micro'), 'the chosen type described');

    await frame.locator('vscode-textfield[data-key="name"] input').fill(INSTANCE_NAME);

    // A subnet in the last zone: the types it lacks are marked, the others are not.
    await choose(frame, 'subnet', lastSubnet.subnetId);
    await until(async () => (await marksOf(frame, 'p3.2xlarge')).includes('notOffered'), 'p3.2xlarge marked not offered');
    assert.equal((await marksOf(frame, 't3.micro')).includes('notOffered'), false, 't3.micro is offered everywhere');
    assert.match(await frame.locator('vscode-option[data-type="p3.2xlarge"]').innerText(), new RegExp(`not offered in ${lastZone}`));
    await wb.screenshot('launch-not-offered-in-last-zone');

    // Back to the first zone: nothing of the list is marked any more.
    await choose(frame, 'subnet', firstSubnet.subnetId);
    await until(async () => !(await marksOf(frame, 'p3.2xlarge')).includes('notOffered'), 'p3.2xlarge offered in the first zone');
    assert.equal(await frame.locator('vscode-option[data-marks*="notOffered"]').count(), 0);
    assert.equal(await frame.locator('vscode-textfield[data-key="name"] input').inputValue(), INSTANCE_NAME, 'the name survived the updates');

    await frame.locator('button[data-action="validate"]').click();
    assert.equal(await verdictOf(frame), 'valid', await frame.locator('#verdict').innerText());
    const dryRuns = requestsSince(start, 'RunInstances');
    assert.equal(dryRuns.length, 1, 'one RunInstances: the dry run');
    assert.equal(dryRuns[0]?.params['DryRun'], 'true');
    assert.equal(dryRuns[0]?.params['InstanceType'], 't3.micro');
    assert.equal(dryRuns[0]?.params['SubnetId'] ?? dryRuns[0]?.params['NetworkInterface.1.SubnetId'], firstSubnet.subnetId);
    assert.equal(store.instances(REGION).filter((i) => i.imageId === imageId).length, 0, 'nothing launched by validating');
    await wb.screenshot('launch-validated');

    const beforeLaunch = ui().emulator.requests.length;
    await frame.locator('button[data-action="launch"]').click();
    const results = frame.locator('#results[data-outcome="launched"]');
    await results.waitFor({ state: 'visible', timeout: 90_000 });
    const rows = frame.locator('#results tr[data-instance]');
    await until(async () => (await rows.count()) > 0 && (await rows.first().locator('[data-field="state"]').innerText()).trim() === 'running', 'the instance running', 90_000);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-instance') ?? ''));
    launched.push(...shown);

    const mine = store.instances(REGION).filter((i) => i.imageId === imageId);
    assert.deepEqual(shown, mine.map((i) => i.instanceId), 'the results show exactly the instance the emulator holds');
    assert.equal(realLaunchesSince(beforeLaunch).length, 1, 'one real RunInstances');
    const instance = mine[0];
    assert.ok(instance);
    assert.equal(instance.instanceType, 't3.micro');
    assert.equal(instance.subnetId, firstSubnet.subnetId);
    const row = frame.locator(`#results tr[data-instance="${instance.instanceId}"]`);
    assert.equal((await row.locator('[data-field="privateIp"]').innerText()).trim(), instance.privateIpAddress);
    if (instance.publicIpAddress) assert.equal((await row.locator('[data-field="publicIp"]').innerText()).trim(), instance.publicIpAddress);

    // What EC2 answers about it: the Name tag, as typed.
    const ec2 = client(ui().emulator.url, { region: REGION });
    try {
      const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance.instanceId] }));
      const described = out.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
      assert.equal(described.length, 1);
      assert.equal(described[0]?.Tags?.find((t) => t.Key === 'Name')?.Value, INSTANCE_NAME);
      assert.equal(described[0]?.ImageId, imageId);
    } finally {
      ec2.destroy();
    }
    await wb.screenshot('launch-launched');
  });

  it('refuses a user data file over 16 KB at its field, keeps the text and sends nothing', async () => {
    const file = path.join(ui().harness.sandbox.workspaceDir, BIG_FILE);
    fs.writeFileSync(file, `#!/bin/sh\n${'echo "this line pads the script past the limit"\n'.repeat(500)}`);
    assert.ok(fs.statSync(file).size > 16 * 1024);
    const start = ui().emulator.requests.length;
    const frame = await openFromTree();
    const textarea = frame.locator('vscode-textarea[data-key="userData"] textarea');
    const typed = '#!/bin/sh\necho kept';
    await textarea.fill(typed);

    await frame.locator('button[data-action="userDataFromFile"]').click();
    const input = wb.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(BIG_FILE);
    await until(async () => (await wb.quickPickItems().catch((): string[] => [])).includes(BIG_FILE), 'the file offered in the quick pick');
    await wb.screenshot('launch-user-data-pick');
    await wb.pickQuickItem(BIG_FILE);

    const problem = frame.locator('[data-field="userData"] [data-problem="userData"]');
    await problem.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await problem.innerText();
    assert.match(text, new RegExp(BIG_FILE.replace(/\./g, '\\.')), 'names the file');
    assert.match(text, /16 KB/, 'names the limit');
    assert.equal(await textarea.inputValue(), typed, 'the text stays as it was');
    await wb.screenshot('launch-user-data-too-big');
    assert.deepEqual(requestsSince(start, 'RunInstances'), [], 'no RunInstances at all');
  });

  it('shows a dry run refused for a deleted key pair at the key pair field, with no launch sent', async () => {
    const store = ui().emulator.store;
    store.addKeyPair({
      keyPairId: 'key-0ui1aunch00000001',
      keyName: KEY_NAME,
      ownerId: DEFAULT_ACCOUNT,
      region: REGION,
      keyType: 'ed25519',
      keyFingerprint: 'ui:launch:fingerprint',
      createTime: '2026-11-01T00:00:00.000Z',
      tags: [],
    });
    const frame = await openFromTree();
    const start = ui().emulator.requests.length;
    await choose(frame, 'keyName', `${KEY_NAME} (ed25519)`);
    await choose(frame, 'instanceType', /\bt3\.micro\s·/, 't3.micro');
    // Deleted behind the panel's back, after it read the key pairs.
    assert.ok(store.removeKeyPair(REGION, DEFAULT_ACCOUNT, KEY_NAME));

    await frame.locator('button[data-action="validate"]').click();
    assert.equal(await verdictOf(frame), 'refused', 'EC2 refused the dry run');
    assert.match(await frame.locator('#verdict').innerText(), /InvalidKeyPair\.NotFound/);
    const problem = frame.locator('[data-field="keyName"] [data-problem="keyName"]');
    await problem.waitFor({ state: 'visible', timeout: 30_000 });
    // EC2's message, then what to do, as two sentences.
    assert.match(await problem.innerText(), new RegExp(`The key pair '${KEY_NAME}' does not exist\\. Refresh the view`));
    const dryRuns = requestsSince(start, 'RunInstances');
    assert.ok(dryRuns.some((r) => r.params['DryRun'] === 'true' && r.params['KeyName'] === KEY_NAME), 'the dry run named the key pair');
    await wb.screenshot('launch-key-pair-refused');
    assert.ok(requestsSince(start, 'RunInstances').every((r) => r.params['DryRun'] === 'true'), 'only dry runs');
    assert.deepEqual(realLaunchesSince(start), [], 'no real RunInstances');

    // Launch is refused the same way: it validates first.
    await frame.locator('button[data-action="launch"]').click();
    await until(async () => ['refused', 'invalid'].includes((await frame.locator('#verdict').getAttribute('data-verdict')) ?? ''), 'the launch refused', 60_000);
    await problem.waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(realLaunchesSince(start), [], 'still no real RunInstances');
    assert.equal(await frame.locator('#results[data-outcome="launched"]').count(), 0);
  });

  it('opens from the Launch button of the details page, for the same image', async () => {
    await wb.runCommand('AMI Explorer: Inspect AMI');
    await wb.quickPickItems();
    await wb.acceptQuickInput(imageId);
    const details = wb.webviewFrame();
    const button = details.locator('header button[data-key="launch"]');
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    await until(async () => !(await button.isDisabled()), 'the Launch button enabled');
    await wb.screenshot('launch-details-button');
    await button.click();
    const frame = await launchPage();
    assert.match(await frame.locator('.subtitle code').first().innerText(), new RegExp(imageId));
    await wb.screenshot('launch-opened-from-details');
  });
});
