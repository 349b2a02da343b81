/**
 * The launch page (src/webviews/launch/ui/render.ts) rendered for real into a happy-dom window
 * (./domFixtures.ts): hostile text from AWS and from the form (image name, key pair, VPC, subnet
 * and group names, tags, error messages, instance states) stays text and leaves the page's shape
 * as it is for harmless text; field problems appear at their field (and row), a dry-run refusal
 * at its field or else at the top; the type list carries its marks; the verdict and the results
 * have their stable hooks for the UI tests.
 */
import * as assert from 'node:assert/strict';
import type { LaunchOptions } from '../../../src/data/launch';
import type { LaunchForm } from '../../../src/model/launch';
import type { LaunchModel, OutcomeView } from '../../../src/webviews/launch/protocol';
// The page's folder is an ES module package (it runs in the browser): its types are imported as such.
import type { LaunchActions, PageView } from '../../../src/webviews/launch/ui/render.js' with { 'resolution-mode': 'import' };
import { assertInert, loadPage, shape, text, type DomWindow } from './domFixtures';
import { IMAGE, sampleForm, sampleOptions } from './launchFixtures';

interface PageBundle {
  render(value: unknown, container: Element): void;
  launchPage(view: PageView, actions: LaunchActions): unknown;
}

const entry = `
import { render } from 'lit';
import { launchPage } from './src/webviews/launch/ui/render.ts';
globalThis.__launchPage = { render, launchPage };
`;

const HOSTILE = {
  imageName: '<img src=x onerror=alert(1)>',
  platform: '<style>*{display:none}</style>',
  keyName: '"><svg onload=alert(1)>',
  vpcName: '<script>alert("vpc")</script>',
  subnetName: '<iframe src=javascript:alert(1)></iframe>',
  groupName: '<a href="command:workbench.action.quit">quit</a>',
  groupDescription: '<b onmouseover=alert(1)>desc</b>',
  tagKey: 'javascript:alert(1)',
  tagValue: '${alert(1)} {{constructor.constructor("alert(1)")()}}',
  name: '" onfocus="alert(1)" autofocus x="',
  message: 'User <img src=x onerror=alert(2)> is not authorized [x](command:workbench.action.quit)',
  state: '<marquee>running</marquee>',
  profile: '<img src=x onerror=alert("profile")>',
} as const;

type Texts = Record<keyof typeof HOSTILE, string>;
const BENIGN = Object.fromEntries(Object.keys(HOSTILE).map((k) => [k, `plain-${k}`])) as Texts;

const VPC = 'vpc-0123456789abcdef0';
const SUBNET = 'subnet-0123456789abcdef0';
const INSTANCE = 'i-0123456789abcdef0';

function formOf(t: Texts, overrides: Partial<LaunchForm> = {}): LaunchForm {
  return sampleForm({
    name: t.name,
    keyName: t.keyName,
    tags: [{ key: t.tagKey, value: t.tagValue }],
    volumes: [sampleForm().volumes[0]!],
    ...overrides,
  });
}

function modelOf(t: Texts, form: LaunchForm = formOf(t)): LaunchModel {
  const base = sampleOptions({ ...IMAGE, name: t.imageName, platformDetails: t.platform }, form);
  const options: LaunchOptions = {
    ...base,
    keyPairs: [{ keyName: t.keyName, keyType: 'ed25519' }, { keyName: 'other' }],
    vpcs: [{ vpcId: VPC, isDefault: true, name: t.vpcName, cidrBlock: '172.31.0.0/16' }],
    subnets: base.subnets.map((s, i) => (i === 0 ? { ...s, name: t.subnetName } : s)),
    securityGroups: [{ groupId: 'sg-0123456789abcdef0', groupName: t.groupName, vpcId: VPC, description: t.groupDescription }],
  };
  return { version: 1, ref: { region: IMAGE.region, imageId: IMAGE.imageId, profile: t.profile }, options };
}

function viewOf(t: Texts, extra: Partial<PageView> = {}): PageView {
  const model = modelOf(t);
  return {
    model,
    form: model.options.form,
    typed: {},
    subnets: model.options.subnets,
    securityGroups: model.options.securityGroups,
    keyPairs: model.options.keyPairs,
    problems: [],
    loading: false,
    ...extra,
  };
}

function launched(t: Texts, extra: Partial<Extract<OutcomeView, { kind: 'launched' }>> = {}): OutcomeView {
  return {
    kind: 'launched',
    reservationId: 'r-0123456789abcdef0',
    instances: [{ instanceId: INSTANCE, state: t.state, privateIpAddress: '10.0.0.5', publicIpAddress: '203.0.113.7', ssh: true }],
    recovered: false,
    running: true,
    waitCancelled: false,
    ...extra,
  };
}

describe('webviews/launch/ui/render (DOM, hostile data)', function () {
  this.timeout(20000);
  let window: DomWindow;
  let page: PageBundle;
  const calls: string[] = [];
  const patches: Partial<LaunchForm>[] = [];
  const actions: LaunchActions = {
    refresh: () => void calls.push('refresh'),
    set: (patch) => void patches.push(patch),
    number: (_key, value, apply) => void patches.push(apply(Number(value))),
    setVpc: (id) => void calls.push(`vpc:${id}`),
    setSubnet: (id) => void calls.push(`subnet:${id}`),
    createKeyPair: () => void calls.push('createKeyPair'),
    userDataFromFile: () => void calls.push('userDataFromFile'),
    validate: () => void calls.push('validate'),
    launch: () => void calls.push('launch'),
    copy: (id, what) => void calls.push(`copy:${what}:${id}`),
    openConsole: (id) => void calls.push(`console:${id}`),
    openMarketplace: () => void calls.push('marketplace'),
  };

  before(async () => {
    ({ window, page } = await loadPage<PageBundle>(entry, '__launchPage', 'launchRender'));
    assert.equal(typeof page.launchPage, 'function');
  });

  after(async () => {
    await window?.happyDOM.close();
  });

  beforeEach(() => {
    calls.length = 0;
    patches.length = 0;
  });

  function rendered(v: PageView, into?: Element): Element {
    const el = into ?? window.document.createElement('div');
    if (!into) window.document.body.appendChild(el);
    page.render(page.launchPage(v, actions), el);
    return el;
  }

  it('shows hostile names, tags and messages as text', () => {
    const el = rendered(viewOf(HOSTILE, { note: { text: HOSTILE.message, tone: 'error' }, outcome: launched(HOSTILE) }));
    assertInert(el);
    assert.equal(text(el.querySelector('h1[data-field="title"]')), HOSTILE.imageName);
    assert.match(text(el.querySelector('.subtitle')), /<style>\*\{display:none\}<\/style>/);
    assert.match(text(el.querySelector('.subtitle')), /profile <img src=x onerror=alert\("profile"\)>/);
    const keyOptions = [...el.querySelectorAll('[data-field="keyName"] vscode-option')].map((o) => o.textContent);
    assert.deepEqual(keyOptions, ['None (no SSH key)', `${HOSTILE.keyName} (ed25519)`, 'other']);
    assert.equal(el.querySelector('[data-field="keyName"] vscode-option[selected]')?.getAttribute('value'), HOSTILE.keyName, 'an attribute value only');
    assert.match(text(el.querySelector('[data-field="vpc"] vscode-option[value="vpc-0123456789abcdef0"]')), /\(<script>alert\("vpc"\)<\/script>\)/);
    assert.match(text(el.querySelector(`[data-field="subnet"] vscode-option[value="${SUBNET}"]`)), /<iframe src=javascript:alert\(1\)><\/iframe>/);
    const group = el.querySelector('[data-group="sg-0123456789abcdef0"]');
    assert.equal(text(group?.querySelector('vscode-checkbox') ?? null), `${HOSTILE.groupName} (sg-0123456789abcdef0)`);
    assert.match(text(group), /<b onmouseover=alert\(1\)>desc<\/b>/);
    assert.equal((el.querySelector('[data-field="name"] vscode-textfield') as unknown as { value: string }).value, HOSTILE.name, 'the name is the field value');
    const tag = el.querySelector('[data-field="tags"][data-index="0"]');
    assert.equal((tag?.querySelector('[data-key="tagKey"]') as unknown as { value: string }).value, HOSTILE.tagKey);
    assert.equal((tag?.querySelector('[data-key="tagValue"]') as unknown as { value: string }).value, HOSTILE.tagValue);
    assert.equal(text(el.querySelector('#verdict [data-field="note"]')), HOSTILE.message);
    assert.equal(text(el.querySelector(`#results tr[data-instance="${INSTANCE}"] [data-field="state"]`)), HOSTILE.state);
  });

  it('builds the same elements and attributes as for harmless text', () => {
    const extra = (t: Texts): Partial<PageView> => ({
      verdict: { kind: 'refused', message: t.message, code: 'InvalidSubnetID.NotFound', field: 'subnet' },
      problems: [{ field: 'tags', index: 0, message: t.message }],
      outcome: launched(t),
    });
    const hostile = shape(rendered(viewOf(HOSTILE, extra(HOSTILE))));
    assert.ok(hostile.length > 100, `a whole page (${hostile.length} elements)`);
    assert.deepEqual(hostile, shape(rendered(viewOf(BENIGN, extra(BENIGN)))));
  });

  it('shows each field problem at its field, and a row’s at its row', () => {
    const el = rendered(
      viewOf(BENIGN, {
        problems: [
          { field: 'count', message: 'The count must be a whole number from 1 to 20.' },
          { field: 'volumes', index: 0, message: 'At least 8 GiB: the snapshot is 8 GiB.' },
          { field: 'tags', index: 0, message: HOSTILE.message },
        ],
        verdict: { kind: 'invalid', problems: [{ field: 'userData', message: 'User data is 20 KB; EC2 takes at most 16 KB before base64.' }] },
      }),
    );
    assertInert(el);
    assert.equal(text(el.querySelector('[data-field="count"] [data-problem="count"]')), 'The count must be a whole number from 1 to 20.');
    assert.equal(text(el.querySelector('tr[data-field="volumes"][data-index="0"] [data-problem="volumes"][data-index="0"]')), 'At least 8 GiB: the snapshot is 8 GiB.');
    assert.equal(text(el.querySelector('[data-field="tags"][data-index="0"] [data-problem="tags"]')), HOSTILE.message, 'a hostile message stays text');
    assert.equal(text(el.querySelector('[data-field="userData"] [data-problem="userData"]')), 'User data is 20 KB; EC2 takes at most 16 KB before base64.');
    assert.equal(el.querySelectorAll('[data-problem]').length, 4, 'nowhere else');
    assert.equal(el.querySelector('#verdict')?.getAttribute('data-verdict'), 'invalid');
  });

  it('puts a dry-run refusal at its field, or at the top; a valid one says so', () => {
    const atSubnet = rendered(viewOf(BENIGN, { verdict: { kind: 'refused', message: "The subnet ID 'subnet-0123456789abcdef0' does not exist", code: 'InvalidSubnetID.NotFound', field: 'subnet' } }));
    assert.equal(text(atSubnet.querySelector('[data-field="subnet"] [data-problem="subnet"]')), "The subnet ID 'subnet-0123456789abcdef0' does not exist");
    assert.equal(atSubnet.querySelector('#verdict')?.getAttribute('data-verdict'), 'refused');
    assert.match(text(atSubnet.querySelector('#verdict')), /InvalidSubnetID\.NotFound.*see the field/);
    assert.equal(atSubnet.querySelector('#verdict [data-field="refusal"]'), null);

    const top = rendered(viewOf(BENIGN, { verdict: { kind: 'refused', message: HOSTILE.message } }));
    assertInert(top);
    assert.equal(text(top.querySelector('#verdict [data-field="refusal"]')), HOSTILE.message);
    assert.equal(top.querySelectorAll('[data-problem]').length, 0);
    assert.equal(top.querySelector('[data-action="openMarketplace"]'), null);

    const subscribe = rendered(viewOf(BENIGN, { verdict: { kind: 'refused', message: 'The account has not subscribed to this product.', marketplace: true } }));
    (subscribe.querySelector('#verdict button[data-action="openMarketplace"]') as HTMLButtonElement).click();
    assert.deepEqual(calls, ['marketplace']);

    const valid = rendered(viewOf(BENIGN, { verdict: { kind: 'valid' } }));
    assert.equal(valid.querySelector('#verdict')?.getAttribute('data-verdict'), 'valid');
    assert.equal(text(valid.querySelector('#verdict')).trim(), 'Valid: the launch would succeed (dry run).');
  });

  it('lists the instance types with vCPUs, memory and their marks, and marks those not offered in the subnet’s zone', () => {
    const el = rendered(viewOf(BENIGN, { offered: { zone: 'eu-west-1a', types: ['t3.micro', 'm4.large'] } }));
    const options = [...el.querySelectorAll('[data-field="instanceType"] vscode-option[data-type]')];
    assert.deepEqual(
      options.map((o) => [o.getAttribute('data-type'), o.getAttribute('data-marks')]),
      [
        ['t3.micro', 'freeTier'],
        ['m4.large', 'previousGeneration'],
        ['c7i.large', 'notOffered'],
      ],
    );
    assert.match(text(options[0]!), /^t3\.micro · 2 vCPU · 1 GiB.* · free tier$/);
    assert.match(text(options[1]!), /previous generation/);
    assert.match(text(options[2]!), /· not offered in eu-west-1a$/);
    assert.equal(el.querySelector('[data-field="instanceType"] vscode-option[selected]')?.getAttribute('value'), 't3.micro');
    assert.match(text(el.querySelector('[data-field="typeCount"]')), /^3 types can run this image; 4 others/);
    const noZone = rendered(viewOf(BENIGN));
    assert.deepEqual([...noZone.querySelectorAll('vscode-option[data-type]')].map((o) => o.getAttribute('data-marks')), ['freeTier', 'previousGeneration', '']);
  });

  it('offers IOPS and throughput only where the volume type takes them, and one added volume', () => {
    const gp2 = { ...sampleForm().volumes[0]!, volumeType: 'gp2' };
    const { iops: _i, throughput: _t, ...plain } = gp2;
    const v = viewOf(BENIGN);
    const el = rendered({ ...v, form: { ...v.form!, volumes: [plain] } });
    const row = el.querySelector('tr[data-field="volumes"][data-index="0"]');
    assert.equal(row?.getAttribute('data-device'), '/dev/xvda');
    assert.equal(row?.querySelector('[data-key="iops:0"]')?.hasAttribute('disabled'), true);
    assert.equal(row?.querySelector('[data-key="throughput:0"]')?.hasAttribute('disabled'), true);
    const gp3 = rendered(viewOf(BENIGN));
    assert.equal(gp3.querySelector('[data-key="iops:0"]')?.hasAttribute('disabled'), false);
    assert.equal(gp3.querySelector('[data-key="throughput:0"]')?.hasAttribute('disabled'), false);
    (gp3.querySelector('button[data-action="addVolume"]') as HTMLButtonElement).click();
    const added = patches.at(-1)?.volumes;
    assert.equal(added?.length, 2);
    assert.deepEqual({ ...added?.[1], deviceName: undefined }, { deviceName: undefined, sizeGiB: 8, volumeType: 'gp3', encrypted: false, deleteOnTermination: true, added: true });
    const withAdded = rendered({ ...v, form: { ...v.form!, volumes: added! } });
    assert.equal(withAdded.querySelector('button[data-action="addVolume"]'), null, 'only one empty volume');
    assert.ok(withAdded.querySelector('tr[data-index="1"] button[data-action="removeVolume"]'));
  });

  it('shows the results with copy, SSH and console actions, and says when waiting stopped', () => {
    const el = rendered(viewOf(BENIGN, { outcome: launched(BENIGN, { waitCancelled: true, running: false, recovered: true }) }));
    assert.equal(el.querySelector('#results')?.getAttribute('data-outcome'), 'launched');
    const row = el.querySelector(`#results tr[data-instance="${INSTANCE}"]`);
    assert.equal(text(row?.querySelector('[data-field="privateIp"]') ?? null), '10.0.0.5');
    assert.equal(text(row?.querySelector('[data-field="publicIp"]') ?? null), '203.0.113.7');
    for (const action of ['copyId', 'copySsh', 'openConsole']) (row?.querySelector(`button[data-action="${action}"]`) as HTMLButtonElement).click();
    assert.deepEqual(calls, [`copy:id:${INSTANCE}`, `copy:ssh:${INSTANCE}`, `console:${INSTANCE}`]);
    assert.equal(text(el.querySelector('[data-note="waitCancelled"]')), 'Stopped waiting; nothing was terminated. The instances keep starting.');
    assert.match(text(el.querySelector('[data-note="recovered"]')), /nothing was launched twice/);
    assert.equal(el.querySelector('[data-note="running"]'), null);

    const windows = rendered(viewOf(BENIGN, { outcome: { ...launched(BENIGN), instances: [{ instanceId: INSTANCE, state: 'running', ssh: false }] } as OutcomeView }));
    assert.equal(windows.querySelector('button[data-action="copySsh"]'), null, 'no SSH command where the host says none');

    const failed = rendered(viewOf(BENIGN, { outcome: { kind: 'failed', message: HOSTILE.message } }));
    assertInert(failed);
    assert.equal(failed.querySelector('#results')?.getAttribute('data-outcome'), 'failed');
    assert.equal(text(failed.querySelector('#results [data-field="failure"]')), HOSTILE.message);
  });

  it('disables Validate and Launch while busy or gone, and shows a load error with a retry', () => {
    const busy = rendered(viewOf(BENIGN, { busy: 'launch' }));
    assert.equal((busy.querySelector('button[data-action="launch"]') as HTMLButtonElement).disabled, true);
    assert.equal(busy.querySelector('#verdict')?.getAttribute('data-verdict'), 'launching');
    const gone = rendered(viewOf(BENIGN, { gone: HOSTILE.imageName }));
    assert.equal((gone.querySelector('button[data-action="validate"]') as HTMLButtonElement).disabled, true);
    assert.equal(text(gone.querySelector('[data-field="gone"]')).trim(), HOSTILE.imageName);
    const ready = rendered(viewOf(BENIGN));
    (ready.querySelector('button[data-action="validate"]') as HTMLButtonElement).click();
    (ready.querySelector('button[data-action="launch"]') as HTMLButtonElement).click();
    assert.deepEqual(calls, ['validate', 'launch']);

    const failed = rendered({ typed: {}, subnets: [], securityGroups: [], keyPairs: [], problems: [], loading: false, error: HOSTILE.message });
    assertInert(failed);
    assert.equal(text(failed.querySelector('[data-field="error"]')), HOSTILE.message);
    (failed.querySelector('button[data-action="retry"]') as HTMLButtonElement).click();
    assert.deepEqual(calls.at(-1), 'refresh');
  });

  it('shows a note about a field beside it: a refusal as a problem, a confirmation as a note', () => {
    const refused = rendered(viewOf(BENIGN, { note: { text: 'big.sh holds 20000 bytes; at most 16384.', tone: 'error', field: 'userData' } }));
    assert.equal(text(refused.querySelector('[data-field="userData"] [data-problem="userData"]')), 'big.sh holds 20000 bytes; at most 16384.');
    assert.equal(refused.querySelector('#verdict [data-field="note"]'), null, 'not at the top');
    const created = rendered(viewOf(BENIGN, { note: { text: 'Created key pair k; its private key was saved to /tmp/k.pem.', tone: 'info', field: 'keyName' } }));
    assert.equal(text(created.querySelector('[data-field="keyName"] [data-note="keyName"]')), 'Created key pair k; its private key was saved to /tmp/k.pem.');
    assert.equal(created.querySelectorAll('[data-problem]').length, 0);
  });

  it('offers "Any" subnet only in the default VPC; in another VPC a subnet must be chosen', () => {
    const subnetValues = (el: Element): string[] => [...el.querySelectorAll('[data-field="subnet"] vscode-option')].map((o) => o.getAttribute('value') ?? '');
    const inDefault = rendered(viewOf(BENIGN, { form: formOf(BENIGN, { subnetId: undefined }) }));
    assert.deepEqual(subnetValues(inDefault), ['', SUBNET, 'subnet-0123456789abcdef1']);
    assert.match(text(inDefault.querySelector('[data-field="subnet"] vscode-option[value=""]')), /^Any/);
    const noVpc = rendered(viewOf(BENIGN, { form: formOf(BENIGN, { vpcId: undefined, subnetId: undefined }) }));
    assert.match(text(noVpc.querySelector('[data-field="subnet"] vscode-option[value=""]')), /^Any/);

    const other = viewOf(BENIGN);
    const model: LaunchModel = { ...other.model!, options: { ...other.model!.options, vpcs: [{ vpcId: VPC, isDefault: false }] } };
    const chosen = rendered({ ...other, model });
    assert.deepEqual(subnetValues(chosen), [SUBNET, 'subnet-0123456789abcdef1'], 'no "Any" in a VPC that is not the default one');
    const unchosen = rendered({ ...other, model, form: formOf(BENIGN, { subnetId: undefined }), problems: [{ field: 'subnet', message: 'Choose a subnet of x.' }] });
    assert.equal(text(unchosen.querySelector('[data-field="subnet"] vscode-option[value=""]')), 'Choose a subnet');
    assert.doesNotMatch(text(unchosen.querySelector('[data-field="subnet"]')), /Any/);
    assert.equal(text(unchosen.querySelector('[data-field="subnet"] [data-problem="subnet"]')), 'Choose a subnet of x.');
  });

  it('keeps typed number text while it is not a whole number', () => {
    const el = rendered(viewOf(BENIGN, { typed: { count: '' } }));
    assert.equal((el.querySelector('[data-field="count"] vscode-textfield') as unknown as { value: string }).value, '');
    const again = rendered(viewOf(BENIGN), el);
    assert.equal((again.querySelector('[data-field="count"] vscode-textfield') as unknown as { value: string }).value, '1');
  });
});
