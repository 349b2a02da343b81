/**
 * The launch panel's host (src/webviews/launch/launchPanel.ts) with fake webview panels
 * (./webviewFakes.ts) and a fake LaunchData: the options reach the page; a malformed form is
 * dropped before LaunchData sees it; Validate forwards the verdict (valid, invalid, refused at a
 * field, subscription with a Marketplace link the host alone holds, UnauthorizedOperation naming
 * the action); Launch answers with the instances, a cancelled wait and a recovered response; the
 * AMI's volume rows take snapshot and minimum size from the image, never from the page; copy,
 * SSH and console actions only for what the panel launched; a gone image sends nothing; the file
 * helper's refusal of a user data file over 16 KB is passed on.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { LaunchData, LaunchOutcome, LaunchVerdict } from '../../../src/data/launch';
import type { ImageChange } from '../../../src/model/changes';
import { buildDetailsModel } from '../../../src/model/details';
import type { AmiImage, AmiRef } from '../../../src/model/image';
import { validateLaunchForm, type LaunchForm } from '../../../src/model/launch';
import type { Result } from '../../../src/model/result';
import type * as DetailsModule from '../../../src/webviews/details/detailsPanel';
import type * as PanelModule from '../../../src/webviews/launch/launchPanel';
import { EventEmitter, flush } from '../support/vscodeStub';
import { IMAGE, sampleForm, sampleOptions } from './launchFixtures';
import { FakeUri, FakeWebviewPanel, requireWithPanels, world } from './webviewFakes';

const src = path.join(__dirname, '../../../src/webviews');
const { DetailsPanel } = requireWithPanels<typeof DetailsModule>(path.join(src, 'details/detailsPanel'), [path.join(src, 'imagePanel'), path.join(src, 'panelBase'), path.join(src, 'shell')]);
const { LaunchPanel, isMarketplaceUrl, launchPanelTitle } = requireWithPanels<typeof PanelModule>(path.join(src, 'launch/launchPanel'), [
  path.join(src, 'imagePanel'),
  path.join(src, 'panelBase'),
  path.join(src, 'shell'),
]);

const ref: AmiRef = { region: IMAGE.region, imageId: IMAGE.imageId };
const MARKETPLACE = 'https://aws.amazon.com/marketplace/pp/prodview-abc123';
const INSTANCE = 'i-0123456789abcdef0';

function fakeData(image: AmiImage = IMAGE) {
  const calls = { loads: 0, validated: [] as LaunchForm[], launched: [] as LaunchForm[], keyPairs: 0, offerings: [] as string[] };
  const behaviour = {
    load: { ok: true, value: sampleOptions(image) } as Result<ReturnType<typeof sampleOptions>>,
    verdict: { kind: 'valid' } as LaunchVerdict,
    outcome: {
      kind: 'launched',
      reservation: { reservationId: 'r-0123456789abcdef0', instances: [{ instanceId: INSTANCE, state: 'running', privateIpAddress: '10.0.0.5', publicIpAddress: '203.0.113.7' }] },
      recovered: false,
      running: true,
      waitCancelled: false,
    } as LaunchOutcome,
  };
  const data: LaunchData = {
    ref,
    loadOptions: async () => {
      calls.loads++;
      return behaviour.load;
    },
    subnets: async () => ({ ok: true, value: [] }),
    securityGroups: async () => ({ ok: true, value: [] }),
    typesOfferedIn: async (zone) => {
      calls.offerings.push(zone);
      return { ok: true, value: ['t3.micro'] };
    },
    keyPairs: async () => {
      calls.keyPairs++;
      return { ok: true, value: [{ keyName: 'my-key' }, { keyName: 'new-key' }] };
    },
    validate: async (form) => {
      calls.validated.push(form);
      return behaviour.verdict;
    },
    launch: async (form) => {
      calls.launched.push(form);
      return behaviour.outcome;
    },
    createKeyPair: async () => ({ ok: false, error: { kind: 'unknown', message: 'not used' } }),
  };
  return { data, calls, behaviour };
}

function fakeHost(image: AmiImage = IMAGE) {
  const { data, calls, behaviour } = fakeData(image);
  const changes = new EventEmitter<ImageChange>();
  const warnings: string[] = [];
  const world2 = { copied: [] as string[], opened: [] as string[], progressLaunches: 0, notified: [] as LaunchOutcome[] };
  const dialogs = {
    keyPair: { ok: true, value: { keyName: 'new-key', keyFile: '/home/me/.ssh/new key.pem' } } as Result<{ keyName: string; keyFile: string } | undefined>,
    userData: { ok: true, value: { file: 'scripts/init.sh', text: '#!/bin/sh\necho hi\n' } } as Result<{ file: string; text: string } | undefined>,
  };
  const host: PanelModule.LaunchPanelHost = {
    extensionUri: FakeUri.file('/ext') as never,
    log: { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => undefined } as never,
    onDidChangeImage: changes.event as never,
    data: () => data,
    createKeyPair: async () => dialogs.keyPair,
    pickUserDataFile: async () => dialogs.userData,
    launchWithProgress: async (d, form) => {
      world2.progressLaunches++;
      return d.launch(form, { report: () => undefined });
    },
    showOutcome: async (_d, _image, _form, outcome) => void world2.notified.push(outcome),
    keyFileFor: (_p, _r, keyName) => (keyName === 'my-key' ? '/home/me/.ssh/my-key.pem' : undefined),
    copy: async (text) => void world2.copied.push(text),
    openExternal: async (url) => void world2.opened.push(url),
  };
  return { host, calls, behaviour, changes, warnings, world: world2, dialogs };
}

let nextId = 1;
async function request(page: FakeWebviewPanel, method: string, params: unknown): Promise<{ ok: boolean; result?: Record<string, unknown>; error?: string }> {
  const id = nextId++;
  page.fromPage({ kind: 'request', id, method, params });
  await flush(10);
  const response = page.response(id) as { ok: boolean; result?: Record<string, unknown>; error?: string } | undefined;
  assert.ok(response, `the host answered ${method}`);
  return response;
}

/** The form the page would send for the sample options (the AMI's own volume row). */
const pageForm = (overrides: Partial<LaunchForm> = {}): LaunchForm => sampleForm({ volumes: [sampleForm().volumes[0]!], ...overrides });

describe('webviews/launch panel (host)', () => {
  const open: { dispose(): void }[] = [];
  beforeEach(() => {
    world.created.length = 0;
  });
  afterEach(() => {
    for (const p of open.splice(0)) p.dispose();
    for (const p of world.created) p.dispose();
  });

  async function opened(fake = fakeHost()) {
    const panel = LaunchPanel.show(fake.host, ref, IMAGE);
    open.push(panel);
    await panel.whenLoaded();
    return { ...fake, panel, page: world.created[world.created.length - 1]! };
  }

  it('opens one panel per image, titled by the image, with the options LaunchData offers', async () => {
    const { panel, page, calls, host } = await opened();
    assert.equal(page.viewType, 'amiExplorer.launch');
    assert.equal(page.title, `Launch: ${IMAGE.name}`);
    assert.equal(calls.loads, 1);
    assert.equal(panel.model?.options.instanceTypes.length, 3);
    const states = page.notifications('launch/state') as { model: { options: { image: { imageId: string } } } }[];
    assert.equal(states.at(-1)?.model.options.image.imageId, IMAGE.imageId);
    assert.equal(LaunchPanel.show(host, { ...ref }), panel, 'the same image reuses the panel');
    assert.equal(world.created.length, 1);
    assert.equal(launchPanelTitle(ref), `Launch: ${ref.imageId}`);
    assert.equal(launchPanelTitle(ref, { name: 'a\nb' }), 'Launch: a b', 'a name is one visible line');
  });

  it('forwards the verdict of Validate: valid, or the local problems', async () => {
    const { page, calls, behaviour } = await opened();
    const valid = await request(page, 'launch/validate', { form: pageForm() });
    assert.deepEqual(valid.result, { kind: 'valid' });
    assert.equal(calls.validated.length, 1);
    behaviour.verdict = { kind: 'invalid', problems: [{ field: 'count', message: 'The count must be a whole number from 1 to 20.' }] };
    const invalid = await request(page, 'launch/validate', { form: pageForm({ count: 50 }) });
    assert.deepEqual(invalid.result, { kind: 'invalid', problems: [{ field: 'count', message: 'The count must be a whole number from 1 to 20.' }] });
  });

  it('asks for a subnet in a VPC that is not the default one before LaunchData sees the form', async () => {
    const { page, calls } = await opened();
    const elsewhere = pageForm({ vpcId: 'vpc-0fffffffffffffff0', subnetId: undefined, securityGroupIds: [] });
    const v = await request(page, 'launch/validate', { form: elsewhere });
    assert.equal(v.result?.kind, 'invalid');
    assert.deepEqual((v.result?.problems as { field: string }[]).map((p) => p.field), ['subnet']);
    const l = await request(page, 'launch/launch', { form: elsewhere });
    assert.equal(l.result?.kind, 'refused');
    assert.equal((l.result?.verdict as { kind: string }).kind, 'invalid');
    assert.equal(calls.validated.length + calls.launched.length, 0, 'nothing sent');
    const inDefault = await request(page, 'launch/validate', { form: pageForm({ subnetId: undefined }) });
    assert.deepEqual(inDefault.result, { kind: 'valid' }, 'the default VPC may leave the subnet to EC2');
  });

  it('drops a malformed form before LaunchData sees it', async () => {
    const { page, calls } = await opened();
    for (const form of [{ ...pageForm(), count: '1' }, { ...pageForm(), publicIp: 'yes' }, { ...pageForm(), extra: true }, { ...pageForm(), vpcId: 'vpc-"><x' }]) {
      const r = await request(page, 'launch/validate', { form });
      assert.equal(r.ok, false);
      assert.equal(r.error, 'Invalid parameters.');
      const l = await request(page, 'launch/launch', { form });
      assert.equal(l.ok, false);
    }
    assert.equal(calls.validated.length, 0);
    assert.equal(calls.launched.length, 0);
  });

  it('takes the AMI volumes’ snapshot and minimum size from the image, not from the page', async () => {
    const { page, calls } = await opened();
    const lying = pageForm({ volumes: [{ ...sampleForm().volumes[0]!, snapshotId: 'snap-0fffffffffffffff0', minSizeGiB: 1, sizeGiB: 2 }] });
    await request(page, 'launch/validate', { form: lying });
    const sent = calls.validated[0]!.volumes[0]!;
    assert.equal(sent.snapshotId, 'snap-0123456789abcdef0');
    assert.equal(sent.minSizeGiB, 8, 'so the model refuses 2 GiB');
    assert.equal(sent.sizeGiB, 2);
    const foreign = await request(page, 'launch/validate', { form: pageForm({ volumes: [{ ...sampleForm().volumes[0]!, deviceName: '/dev/sdz' }] }) });
    assert.equal(foreign.result?.kind, 'refused');
    assert.match(String(foreign.result?.message), /no volume \/dev\/sdz/);
    const twoAdded = await request(page, 'launch/validate', { form: pageForm({ volumes: [sampleForm().volumes[1]!, { ...sampleForm().volumes[1]!, deviceName: '/dev/sdg' }] }) });
    assert.match(String(twoAdded.result?.message), /Only one empty volume/);
    assert.equal(calls.validated.length, 1, 'refused forms never reach LaunchData');
  });

  it('puts a dry-run refusal at its field, names the refused action, and links the Marketplace only through the host', async () => {
    const { page, behaviour, world: w, warnings } = await opened();
    behaviour.verdict = { kind: 'refused', failure: { kind: 'notFound', code: 'InvalidSubnetID.NotFound', message: "The subnet ID 'subnet-0123456789abcdef0' does not exist" }, field: 'subnet' };
    const atField = await request(page, 'launch/validate', { form: pageForm() });
    assert.deepEqual(atField.result, { kind: 'refused', message: "The subnet ID 'subnet-0123456789abcdef0' does not exist", code: 'InvalidSubnetID.NotFound', field: 'subnet' });

    behaviour.verdict = { kind: 'refused', failure: { kind: 'accessDenied', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' } };
    const denied = await request(page, 'launch/validate', { form: pageForm() });
    assert.match(String(denied.result?.message), /ec2:RunInstances/);

    // No refusal named a Marketplace page yet: the page cannot make the host open one.
    page.fromPage({ kind: 'command', method: 'launch/openMarketplace', params: {} });
    await flush(5);
    assert.deepEqual(w.opened, []);
    assert.ok(warnings.some((m) => /refused to open a Marketplace page/.test(m)));

    behaviour.verdict = { kind: 'refused', failure: { kind: 'subscriptionRequired', code: 'OptInRequired', message: 'In order to use this AWS Marketplace product you need to accept terms and subscribe.' }, marketplaceUrl: MARKETPLACE };
    const subscribe = await request(page, 'launch/validate', { form: pageForm() });
    assert.equal(subscribe.result?.marketplace, true);
    assert.match(String(subscribe.result?.message), /subscribe/);
    assert.equal(JSON.stringify(subscribe.result).includes(MARKETPLACE), false, 'the page gets no URL');
    page.fromPage({ kind: 'command', method: 'launch/openMarketplace', params: {} });
    await flush(5);
    assert.deepEqual(w.opened, [MARKETPLACE]);
  });

  it('never opens a Marketplace link that is not an https AWS Marketplace page', async () => {
    assert.ok(isMarketplaceUrl(MARKETPLACE));
    for (const bad of ['http://aws.amazon.com/marketplace/pp/x', 'https://aws.amazon.com.evil.example/marketplace/pp/x', 'https://evil.example/?https://aws.amazon.com/marketplace/', 'https://aws.amazon.com/ec2/', 'https://user@aws.amazon.com/marketplace/pp/x', 'javascript:alert(1)', '']) {
      assert.ok(!isMarketplaceUrl(bad), bad);
    }
    const { page, behaviour, world: w } = await opened();
    behaviour.verdict = { kind: 'refused', failure: { kind: 'subscriptionRequired', message: 'subscribe first' }, marketplaceUrl: 'https://evil.example/marketplace/x' };
    const r = await request(page, 'launch/validate', { form: pageForm() });
    assert.equal(r.result?.marketplace, undefined);
    page.fromPage({ kind: 'command', method: 'launch/openMarketplace', params: {} });
    await flush(5);
    assert.deepEqual(w.opened, []);
  });

  it('launches through the progress notification and answers with the instances; copy, SSH and console act on those only', async () => {
    const { page, calls, world: w } = await opened();
    const r = await request(page, 'launch/launch', { form: pageForm() });
    assert.equal(w.progressLaunches, 1);
    assert.equal(calls.launched.length, 1);
    assert.equal(r.result?.kind, 'launched');
    assert.deepEqual(r.result?.instances, [{ instanceId: INSTANCE, state: 'running', privateIpAddress: '10.0.0.5', publicIpAddress: '203.0.113.7', ssh: true }]);
    assert.equal(r.result?.running, true);

    const id = await request(page, 'launch/copy', { instanceId: INSTANCE, what: 'id' });
    assert.equal(id.result?.copied, INSTANCE);
    const ssh = await request(page, 'launch/copy', { instanceId: INSTANCE, what: 'ssh' });
    assert.equal(ssh.result?.copied, 'ssh -i /home/me/.ssh/my-key.pem ec2-user@203.0.113.7', 'the key file known for my-key');
    assert.deepEqual(w.copied, [INSTANCE, 'ssh -i /home/me/.ssh/my-key.pem ec2-user@203.0.113.7']);
    // Another instance, well-formed but not launched here: no copy, no console.
    for (const what of ['ssh', 'id'] as const) {
      const other = await request(page, 'launch/copy', { instanceId: 'i-0fffffffffffffff0', what });
      assert.equal(other.result?.copied, undefined, what);
      assert.match(String(other.result?.message), /i-0fffffffffffffff0 was not launched from this panel/, what);
    }
    page.fromPage({ kind: 'command', method: 'launch/openConsole', params: { instanceId: 'i-0fffffffffffffff0' } });
    await flush(5);
    assert.deepEqual(w.opened, []);
    assert.deepEqual(w.copied.length, 2);

    page.fromPage({ kind: 'command', method: 'launch/openConsole', params: { instanceId: INSTANCE } });
    await flush(5);
    assert.deepEqual(w.opened, [`https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=${INSTANCE}`]);
  });

  it('acts on nothing before anything was launched', async () => {
    const { page, world: w } = await opened();
    const id = await request(page, 'launch/copy', { instanceId: INSTANCE, what: 'id' });
    assert.match(String(id.result?.message), /not launched from this panel/);
    page.fromPage({ kind: 'command', method: 'launch/openConsole', params: { instanceId: INSTANCE } });
    await flush(5);
    assert.deepEqual(w.copied, []);
    assert.deepEqual(w.opened, []);
  });

  it('uses the key file of a key pair created in the panel, else a placeholder path', async () => {
    const { page, calls, world: w, behaviour } = await opened();
    const created = await request(page, 'launch/createKeyPair', {});
    assert.equal(created.result?.keyName, 'new-key');
    assert.equal(calls.keyPairs, 1, 'the key pairs are read again');
    assert.match(String(created.result?.message), /saved to \/home\/me\/\.ssh\/new key\.pem/);
    await request(page, 'launch/launch', { form: pageForm({ keyName: 'new-key' }) });
    const ssh = await request(page, 'launch/copy', { instanceId: INSTANCE, what: 'ssh' });
    assert.equal(ssh.result?.copied, "ssh -i '/home/me/.ssh/new key.pem' ec2-user@203.0.113.7", 'quoted for the shell');

    behaviour.outcome = { ...(behaviour.outcome as Extract<LaunchOutcome, { kind: 'launched' }>) };
    await request(page, 'launch/launch', { form: pageForm({ keyName: 'elsewhere' }) });
    const placeholder = await request(page, 'launch/copy', { instanceId: INSTANCE, what: 'ssh' });
    assert.equal(placeholder.result?.copied, 'ssh -i ~/.ssh/elsewhere.pem ec2-user@203.0.113.7');
    assert.match(String(placeholder.result?.message), /^The key file ~\/\.ssh\/elsewhere\.pem is a guess/, 'says the path is a guess');
    assert.equal(ssh.result?.message, undefined, 'a known key file is no guess');
    assert.equal(w.copied.length, 2);
  });

  it('says when waiting was cancelled or the response recovered, and when the launch failed', async () => {
    const { page, behaviour } = await opened();
    behaviour.outcome = {
      kind: 'launched',
      reservation: { reservationId: 'r-0123456789abcdef0', instances: [{ instanceId: INSTANCE, state: 'pending' }] },
      recovered: true,
      running: false,
      waitCancelled: true,
    };
    const r = await request(page, 'launch/launch', { form: pageForm() });
    assert.equal(r.result?.waitCancelled, true);
    assert.equal(r.result?.recovered, true);
    assert.equal(r.result?.running, false);
    assert.deepEqual((r.result?.instances as { ssh: boolean }[]).map((i) => i.ssh), [false], 'no address yet: no SSH command');

    behaviour.outcome = { kind: 'failed', failure: { kind: 'unknown', code: 'InsufficientInstanceCapacity', message: 'We currently do not have sufficient t3.micro capacity.' } };
    const failed = await request(page, 'launch/launch', { form: pageForm() });
    assert.equal(failed.result?.kind, 'failed');
    assert.match(String(failed.result?.message), /^Nothing was launched: We currently do not have sufficient t3\.micro capacity\..*reuses this attempt/);

    behaviour.outcome = { kind: 'failed', failure: { kind: 'unreachable', code: 'ResponseLost', message: 'The connection to EC2 was lost before it answered.' }, uncertain: true };
    const unknown = await request(page, 'launch/launch', { form: pageForm() });
    assert.equal(unknown.result?.kind, 'failed');
    assert.doesNotMatch(String(unknown.result?.message), /Nothing was launched/i, 'instances may exist');
    assert.match(String(unknown.result?.message), /^It is not known whether instances were launched: The connection to EC2 was lost before it answered\. Launching the same form again is safe/);

    behaviour.outcome = { kind: 'refused', verdict: { kind: 'refused', failure: { kind: 'invalidInput', code: 'InvalidKeyPair.NotFound', message: "The key pair 'x' does not exist" }, field: 'keyName' } };
    const refused = await request(page, 'launch/launch', { form: pageForm() });
    assert.deepEqual(refused.result, { kind: 'refused', verdict: { kind: 'refused', message: "The key pair 'x' does not exist", code: 'InvalidKeyPair.NotFound', field: 'keyName' } });
  });

  it('shows the outcome as a notification when the panel was closed during the launch', async () => {
    const { page, panel, world: w, behaviour } = await opened();
    let finish: (o: LaunchOutcome) => void = () => undefined;
    panel.data.launch = async () => new Promise<LaunchOutcome>((resolve) => (finish = resolve));
    page.fromPage({ kind: 'request', id: nextId++, method: 'launch/launch', params: { form: pageForm() } });
    await flush(10);
    assert.deepEqual(w.notified, [], 'still launching');
    page.dispose();
    assert.ok(panel.isDisposed);
    finish(behaviour.outcome);
    await flush(10);
    assert.deepEqual(w.notified, [behaviour.outcome], 'the instances are not lost with the page');
  });

  it('answers the page, not a notification, when it is still open', async () => {
    const { page, world: w } = await opened();
    const r = await request(page, 'launch/launch', { form: pageForm() });
    assert.equal(r.result?.kind, 'launched');
    assert.deepEqual(w.notified, []);
  });

  it('sends nothing for an image that is gone', async () => {
    const { page, calls, changes } = await opened();
    changes.fire({ kind: 'removed', ref } as ImageChange);
    await flush(5);
    assert.match(page.title, /\(deregistered\)$/);
    const v = await request(page, 'launch/validate', { form: pageForm() });
    assert.equal(v.result?.kind, 'refused');
    assert.match(String(v.result?.message), /^Nothing was sent\. This image was deregistered/);
    const l = await request(page, 'launch/launch', { form: pageForm() });
    assert.equal(l.result?.kind, 'failed');
    assert.match(String(l.result?.message), /^Nothing was sent/);
    assert.equal(calls.validated.length + calls.launched.length, 0);
  });

  it('shows a first load that finds no image as an error, and reads again on Refresh', async () => {
    const fake = fakeHost();
    fake.behaviour.load = { ok: false, error: { kind: 'notFound', code: 'InvalidAMIID.NotFound', message: 'The image does not exist.' } };
    const { panel, page, calls } = await opened(fake);
    assert.equal(panel.model, undefined);
    assert.match(String(panel.error), /does not exist/);
    assert.deepEqual(page.notifications('launch/error'), [{ message: 'The image does not exist.' }]);
    const v = await request(page, 'launch/validate', { form: pageForm() });
    assert.match(String(v.result?.message), /not been loaded/);
    fake.behaviour.load = { ok: true, value: sampleOptions() };
    page.fromPage({ kind: 'command', method: 'launch/refresh', params: {} });
    await panel.whenLoaded();
    assert.equal(calls.loads, 2);
    assert.ok(panel.model);
  });

  it('reads a user data file through the host; a refusal (over 16 KB) changes nothing, and the form’s validation counts the bytes', async () => {
    const { page, dialogs } = await opened();
    const ok = await request(page, 'launch/userDataFile', {});
    assert.deepEqual(ok.result, { text: '#!/bin/sh\necho hi\n', file: 'scripts/init.sh' });
    dialogs.userData = { ok: false, error: { kind: 'invalidInput', message: 'big.sh holds 20000 bytes; user data may hold at most 16384.' } };
    const refused = await request(page, 'launch/userDataFile', {});
    assert.deepEqual(refused.result, { message: 'big.sh holds 20000 bytes; user data may hold at most 16384.' });
    // The 16 KB rule is the file helper's (it refuses the file) and the form validation's (it
    // refuses the text): the panel does not count bytes a third time.
    const text = 'é'.repeat(9000);
    dialogs.userData = { ok: true, value: { file: 'big.sh', text } };
    const big = await request(page, 'launch/userDataFile', {});
    assert.deepEqual(big.result, { text, file: 'big.sh' });
    assert.deepEqual(validateLaunchForm(IMAGE, pageForm({ userData: text })).map((p) => p.field), ['userData'], 'the form with it is refused');
    dialogs.userData = { ok: true, value: undefined };
    assert.deepEqual((await request(page, 'launch/userDataFile', {})).result, {}, 'cancelled: nothing');
  });

  it('is restored after a reload from a valid kept state only, and reads the options again', async () => {
    const fake = fakeHost();
    const serializer = LaunchPanel.registerSerializer(fake.host);
    try {
      const restored = world.serializers.get('amiExplorer.launch');
      assert.ok(restored);
      const bad = new FakeWebviewPanel('amiExplorer.launch', 'x');
      await restored.deserializeWebviewPanel(bad, { version: 1, ref: { ...ref, imageId: 'ami-<x>' } });
      assert.equal(bad.disposed, true);
      const good = new FakeWebviewPanel('amiExplorer.launch', 'x');
      await restored.deserializeWebviewPanel(good, { version: 1, ref, form: pageForm() });
      const panel = LaunchPanel.find(ref);
      assert.ok(panel);
      open.push(panel);
      await panel.whenLoaded();
      assert.equal(fake.calls.loads, 1);
      assert.equal(good.title, `Launch: ${IMAGE.name}`);
    } finally {
      serializer.dispose();
    }
  });

  it('keeps the actions on the results of a restored page working: copy id, SSH with the kept key pair, console', async () => {
    const fake = fakeHost();
    const serializer = LaunchPanel.registerSerializer(fake.host);
    try {
      const restored = world.serializers.get('amiExplorer.launch');
      assert.ok(restored);
      // What the page kept of its last launch (the host's answer, as setState stored it).
      const live = fakeHost();
      const first = LaunchPanel.show(live.host, ref, IMAGE);
      await first.whenLoaded();
      const answer = await request(world.created.at(-1)!, 'launch/launch', { form: pageForm({ keyName: 'my-key' }) });
      assert.equal(answer.result?.keyName, 'my-key', 'the outcome names its key pair');
      first.dispose();

      const page = new FakeWebviewPanel('amiExplorer.launch', 'x');
      await restored.deserializeWebviewPanel(page, { version: 1, ref, form: pageForm(), outcome: answer.result });
      const panel = LaunchPanel.find(ref);
      assert.ok(panel);
      open.push(panel);
      await panel.whenLoaded();
      assert.equal(fake.calls.launched.length, 0, 'nothing launched again');
      const id = await request(page, 'launch/copy', { instanceId: INSTANCE, what: 'id' });
      assert.equal(id.result?.copied, INSTANCE);
      const ssh = await request(page, 'launch/copy', { instanceId: INSTANCE, what: 'ssh' });
      assert.equal(ssh.result?.copied, 'ssh -i /home/me/.ssh/my-key.pem ec2-user@203.0.113.7');
      page.fromPage({ kind: 'command', method: 'launch/openConsole', params: { instanceId: INSTANCE } });
      await flush(5);
      assert.deepEqual(fake.world.opened, [`https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=${INSTANCE}`]);
      const other = await request(page, 'launch/copy', { instanceId: 'i-0fffffffffffffff0', what: 'id' });
      assert.equal(other.result?.copied, undefined, 'still only those launched here');

      // A kept state naming a malformed instance is not restored.
      const bad = new FakeWebviewPanel('amiExplorer.launch', 'x');
      const forged = { ...(answer.result as object), instances: [{ instanceId: 'i-<x>', state: 'running', ssh: true }] };
      panel.dispose();
      await restored.deserializeWebviewPanel(bad, { version: 1, ref, outcome: forged });
      assert.equal(bad.disposed, true);
    } finally {
      serializer.dispose();
    }
  });
});

describe('webviews/details: the Launch Instance… action', () => {
  afterEach(() => {
    for (const p of world.created) p.dispose();
    world.created.length = 0;
  });

  it('runs Launch Instance… for the image shown, and not once it is gone', async () => {
    const launchedRefs: AmiRef[] = [];
    const warnings: string[] = [];
    const changes = new EventEmitter<ImageChange>();
    const model = buildDetailsModel({ ref, image: IMAGE, fetchedAt: new Date().toISOString() }, new Date());
    const host = {
      extensionUri: FakeUri.file('/ext'),
      log: { warn: (m: string) => warnings.push(m), error: () => undefined, info: () => undefined },
      load: async () => ({ ok: true, value: model }),
      openJson: async () => undefined,
      copyAs: async () => undefined,
      inspect: async () => undefined,
      editPermissions: async () => undefined,
      launch: async (r: AmiRef) => void launchedRefs.push(r),
      onDidChangeImage: changes.event,
    };
    const panel = DetailsPanel.show(host as never, ref);
    await panel.whenLoaded();
    const page = world.created[world.created.length - 1]!;
    page.fromPage({ kind: 'command', method: 'details/launch', params: {} });
    page.fromPage({ kind: 'command', method: 'details/launch', params: { ref: { ...ref, imageId: 'ami-0fffffffffffffff0' } } });
    await flush(5);
    assert.deepEqual(launchedRefs, [ref], 'once, for the image shown: the message naming another image was dropped');
    changes.fire({ kind: 'removed', ref } as ImageChange);
    page.fromPage({ kind: 'command', method: 'details/launch', params: {} });
    await flush(5);
    assert.equal(launchedRefs.length, 1);
    assert.ok(warnings.some((w) => /refused to launch/.test(w)));
    panel.dispose();
  });
});
