/**
 * The launch-permissions panel's host, with fake webview panels (./webviewFakes.ts): messages are
 * checked (shape by the protocol's guards, content against the host's own model) before anything
 * is written; making public asks first and a cancelled confirmation sends nothing; the outcome and
 * the re-read model reach the page; the change flow re-reads; copy-from leaves out the owner. Also
 * the details panel's Edit… message, allowed only for an image whose permissions were read.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ImageChange } from '../../../src/model/changes';
import { buildDetailsModel } from '../../../src/model/details';
import type { AmiImage, AmiRef } from '../../../src/model/image';
import type { PermissionDiff, PermissionEntry } from '../../../src/model/launchPermissions';
import { buildPermissionsModel, type OutcomeFacts, type PermissionsModel } from '../../../src/model/permissionsEditor';
import type { Result } from '../../../src/model/result';
import type * as DetailsModule from '../../../src/webviews/details/detailsPanel';
import type * as PanelModule from '../../../src/webviews/permissions/permissionsPanel';
import { EventEmitter, flush } from '../support/vscodeStub';
import { richImage } from '../model/inspectFixtures';
import { FakeUri, requireWithPanels, world, type FakeWebviewPanel } from './webviewFakes';

const src = path.join(__dirname, '../../../src/webviews');
const { PermissionsPanel } = requireWithPanels<typeof PanelModule>(path.join(src, 'permissions/permissionsPanel'), [path.join(src, 'imagePanel'), path.join(src, 'panelBase'), path.join(src, 'shell')]);
const { DetailsPanel } = requireWithPanels<typeof DetailsModule>(path.join(src, 'details/detailsPanel'), [path.join(src, 'imagePanel'), path.join(src, 'panelBase'), path.join(src, 'shell')]);

const OWNER = '123456789012';
const A = '210987654321';
const B = '345678901234';
const image = { ...richImage(), blockDeviceMappings: (richImage().blockDeviceMappings ?? []).filter((m) => m.ebs?.encrypted !== true) };
const ref: AmiRef = { region: image.region, imageId: image.imageId };

function modelOf(accounts: string[], opts: { public?: boolean; blocked?: boolean } = {}): PermissionsModel {
  return buildPermissionsModel({
    ref,
    image,
    permissions: { public: opts.public ?? false, accounts, orgArns: [], ouArns: [] },
    snapshots: [{ snapshotId: 'snap-0000000000000000a', result: { ok: true, value: { snapshotId: 'snap-0000000000000000a', public: false, accounts } } }],
    blockPublicAccess: { ok: true, value: { state: opts.blocked ? 'block-new-sharing' : 'unblocked', managedBy: 'account' } },
    fetchedAt: new Date().toISOString(),
  });
}

function fakeHost(initial: PermissionsModel = modelOf([B])) {
  const calls = {
    loads: 0,
    applied: [] as { diff: PermissionDiff; mirrorTo: readonly string[] }[],
    confirmations: [] as { message: string; detail: string }[],
    blockedChecks: 0,
  };
  const changes = new EventEmitter<ImageChange>();
  const warnings: string[] = [];
  const behaviour = {
    current: initial,
    confirm: true,
    blocked: undefined as string | undefined,
    outcome: { ok: true, value: { change: undefined, snapshots: [], notMirrored: [] } } as Result<OutcomeFacts>,
    copy: undefined as Result<{ source: AmiRef; entries: PermissionEntry[]; public: boolean }> | undefined,
  };
  const host: PanelModule.PermissionsPanelHost = {
    extensionUri: FakeUri.file('/ext') as never,
    log: { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => undefined } as never,
    load: async () => {
      calls.loads++;
      return { ok: true, value: behaviour.current };
    },
    publicBlocked: async () => {
      calls.blockedChecks++;
      return behaviour.blocked;
    },
    confirm: async (message, detail) => {
      calls.confirmations.push({ message, detail });
      return behaviour.confirm;
    },
    apply: async (_ref, diff, mirrorTo) => {
      calls.applied.push({ diff, mirrorTo });
      return behaviour.outcome;
    },
    copyFrom: async () => behaviour.copy,
    onDidChangeImage: changes.event as never,
  };
  return { host, calls, changes, warnings, behaviour };
}

let nextId = 1;
async function request(panel: FakeWebviewPanel, method: string, params: unknown): Promise<{ ok: boolean; result?: Record<string, unknown>; error?: string }> {
  const id = nextId++;
  panel.fromPage({ kind: 'request', id, method, params });
  await flush(10);
  const response = panel.response(id) as { ok: boolean; result?: Record<string, unknown>; error?: string } | undefined;
  assert.ok(response, `the host answered ${method}`);
  return response;
}

describe('webviews/permissions panel (host)', () => {
  const open: { dispose(): void }[] = [];
  beforeEach(() => {
    world.created.length = 0;
  });
  afterEach(() => {
    for (const p of open.splice(0)) p.dispose();
    for (const p of world.created) p.dispose();
  });

  async function opened(host: PanelModule.PermissionsPanelHost) {
    const panel = PermissionsPanel.show(host, ref, image as AmiImage);
    open.push(panel);
    await panel.whenLoaded();
    return { panel, page: world.created[world.created.length - 1]! };
  }

  it('opens one panel per image with the model it read, and reads again when shown again', async () => {
    const { host, calls } = fakeHost();
    const { panel, page } = await opened(host);
    assert.equal(page.viewType, 'amiExplorer.permissions');
    assert.equal(calls.loads, 1);
    assert.deepEqual(panel.model?.state.accounts, [B]);
    assert.equal(PermissionsPanel.show(host, { ...ref }), panel);
    await panel.whenLoaded();
    assert.equal(world.created.length, 1);
    assert.equal(calls.loads, 2, 'shown again: the permissions are read again');
  });

  it('applies a valid change once, with the diff the host computed from its own model', async () => {
    const { host, calls } = fakeHost();
    const { page } = await opened(host);
    const answer = await request(page, 'permissions/apply', { add: [A], remove: [{ kind: 'account', value: B }], mirror: true });
    assert.equal(answer.ok, true);
    assert.equal(answer.result?.status, 'applied');
    assert.equal(calls.applied.length, 1);
    assert.deepEqual(calls.applied[0]?.diff.added.accounts, [A]);
    assert.deepEqual(calls.applied[0]?.diff.removed.accounts, [B]);
    assert.deepEqual(calls.applied[0]?.mirrorTo, ['snap-0000000000000000a']);
    assert.deepEqual(calls.confirmations, [], 'sharing with accounts asks nothing beyond the diff on the page');
  });

  it('refuses malformed messages and bad entries without writing', async () => {
    const { host, calls, warnings } = fakeHost();
    const { page } = await opened(host);
    for (const params of [
      { add: [A], remove: [], mirror: 'yes' },
      { add: [`${A} ${B}`], remove: [], mirror: true },
      { add: [A], remove: [{ kind: 'group', value: 'all' }], mirror: true },
      { add: [A], remove: [], mirror: true, extra: 1 },
      { add: new Array(1001).fill(A), remove: [], mirror: true },
    ]) {
      const r = await request(page, 'permissions/apply', params);
      assert.equal(r.ok, false, JSON.stringify(params).slice(0, 80));
      assert.equal(r.error, 'Invalid parameters.');
    }
    const bad = await request(page, 'permissions/apply', { add: ['12345', OWNER], remove: [], mirror: true });
    assert.equal(bad.result?.status, 'refused');
    assert.match(String(bad.result?.message), /Nothing was sent\. 2 entries are not valid/);
    assert.deepEqual(bad.result?.details, ['12345: an account id has exactly 12 digits (this has 5)', `${OWNER}: this is the owner’s own account, which can always launch the image`]);
    assert.equal(calls.applied.length, 0);
    assert.ok(warnings.some((w) => /refused an Apply/.test(w)));
  });

  it('refuses making public while the host’s model says it is blocked, even if the page asks', async () => {
    const { host, calls } = fakeHost(modelOf([], { blocked: true }));
    const { page } = await opened(host);
    const r = await request(page, 'permissions/apply', { add: [], remove: [], public: 'add', mirror: true });
    assert.equal(r.result?.status, 'refused');
    assert.match(String(r.result?.message), /blocked in eu-west-1/);
    assert.deepEqual(calls.confirmations, []);
    assert.equal(calls.applied.length, 0);
  });

  it('asks before making public, naming the AMI, region and account; a cancelled confirmation sends nothing', async () => {
    const { host, calls, behaviour } = fakeHost(modelOf([]));
    const { page } = await opened(host);
    behaviour.confirm = false;
    const cancelled = await request(page, 'permissions/apply', { add: [], remove: [], public: 'add', mirror: true });
    assert.equal(cancelled.result?.status, 'cancelled');
    assert.equal(calls.confirmations.length, 1);
    assert.match(calls.confirmations[0]?.message ?? '', new RegExp(`${image.name}.*${image.imageId}.*public\\?`));
    assert.match(calls.confirmations[0]?.detail ?? '', new RegExp(`in ${image.region}, account ${OWNER}`));
    assert.equal(calls.applied.length, 0, 'nothing was sent');

    behaviour.confirm = true;
    const done = await request(page, 'permissions/apply', { add: [], remove: [], public: 'add', mirror: true });
    assert.equal(done.result?.status, 'applied');
    assert.equal(calls.applied[0]?.diff.public, 'add');
    assert.deepEqual(calls.applied[0]?.mirrorTo, [], 'public is never mirrored to snapshots');
  });

  it('reads block public access again before asking, and refuses if it was turned on meanwhile', async () => {
    const { host, calls, behaviour } = fakeHost(modelOf([]));
    const { page } = await opened(host);
    behaviour.blocked = 'Public sharing of AMIs is blocked in eu-west-1 (…).';
    const r = await request(page, 'permissions/apply', { add: [], remove: [], public: 'add', mirror: true });
    assert.equal(r.result?.status, 'refused');
    assert.equal(calls.blockedChecks, 1);
    assert.deepEqual(calls.confirmations, []);
    assert.equal(calls.applied.length, 0);
  });

  it('answers a failed write as nothing changed, and a partial one exactly; reads the model again', async () => {
    const { host, calls, behaviour } = fakeHost();
    const { page, panel } = await opened(host);
    behaviour.outcome = { ok: false, error: { kind: 'accessDenied', code: 'UnauthorizedOperation', message: 'Not allowed: ec2:ModifyImageAttribute.' } };
    const failed = await request(page, 'permissions/apply', { add: [A], remove: [], mirror: false });
    assert.equal(failed.result?.status, 'failed');
    assert.match(String(failed.result?.message), /^Nothing was changed: .*ec2:ModifyImageAttribute/);
    await panel.whenLoaded();
    const loadsBefore = calls.loads;
    behaviour.current = modelOf([A, B]);
    behaviour.outcome = {
      ok: true,
      value: {
        change: undefined,
        permissions: { public: false, accounts: [A, B], orgArns: [], ouArns: [] },
        snapshots: [{ snapshotId: 'snap-0000000000000000a', added: [], removed: [], failed: [{ operation: 'add', accountIds: [A], error: { message: 'denied' } }] }],
        notMirrored: [],
        partialFailure: 'The launch permissions of ami-0a1b2c3d4e5f60718 were updated, but not every snapshot was.',
      },
    };
    const partial = await request(page, 'permissions/apply', { add: [A], remove: [], mirror: true });
    assert.equal(partial.result?.status, 'partial');
    assert.match(String((partial.result?.details as string[])[1]), /adding 210987654321 failed: denied/);
    await panel.whenLoaded();
    assert.ok(calls.loads > loadsBefore, 'the model is read again when nothing was announced');
    assert.deepEqual(panel.model?.state.accounts, [A, B]);
  });

  it('follows the change flow: an update of its image reads again, a removal marks it gone and refuses Apply', async () => {
    const { host, calls, changes } = fakeHost();
    const { panel, page } = await opened(host);
    changes.fire({ kind: 'updated', ref: { region: 'us-east-1', imageId: 'ami-0123456789abcdef0' }, fields: ['launchPermission'], image });
    assert.equal(calls.loads, 1, 'another image: nothing');
    changes.fire({ kind: 'updated', ref, fields: ['launchPermission'], image });
    await panel.whenLoaded();
    assert.equal(calls.loads, 2);
    changes.fire({ kind: 'removed', ref });
    assert.match(panel.gone ?? '', /deregistered/);
    const r = await request(page, 'permissions/apply', { add: [A], remove: [], mirror: true });
    assert.equal(r.result?.status, 'refused');
    assert.equal(calls.applied.length, 0);
  });

  it('copies another image’s entries, leaving out this image’s owner and saying that public is not copied', async () => {
    const { host, behaviour } = fakeHost();
    const { page } = await opened(host);
    behaviour.copy = {
      ok: true,
      value: {
        source: { region: 'eu-west-1', imageId: 'ami-0fedcba9876543210' },
        public: true,
        entries: [
          { kind: 'account', value: A },
          { kind: 'account', value: OWNER },
        ],
      },
    };
    const r = await request(page, 'permissions/copyFrom', {});
    assert.deepEqual(r.result?.entries, [{ kind: 'account', value: A }]);
    assert.match(String(r.result?.message), /Copied 1 entry from ami-0fedcba9876543210; the owner’s own account was left out; .* is public; that is not copied/);
    behaviour.copy = undefined;
    assert.deepEqual((await request(page, 'permissions/copyFrom', {})).result, { entries: [] });
  });
});

describe('webviews/details: the Edit… action', () => {
  afterEach(() => {
    for (const p of world.created) p.dispose();
    world.created.length = 0;
  });

  function detailsHost() {
    const edited: AmiRef[] = [];
    const warnings: string[] = [];
    const host = {
      extensionUri: FakeUri.file('/ext'),
      log: { warn: (m: string) => warnings.push(m), error: () => undefined, info: () => undefined },
      load: async () => ({ ok: true, value: undefined }),
      openJson: async () => undefined,
      copyAs: async () => undefined,
      inspect: async () => undefined,
      editPermissions: async (r: AmiRef) => void edited.push(r),
      onDidChangeImage: new EventEmitter<ImageChange>().event,
    };
    return { host, edited, warnings };
  }

  async function detailsWith(readable: boolean) {
    const { host, edited, warnings } = detailsHost();
    const model = buildDetailsModel(
      {
        ref,
        image,
        launchPermissions: readable ? { ok: true, value: [{ userId: A }] } : { ok: false, error: { kind: 'accessDenied', message: 'not the owner' } },
        fetchedAt: new Date().toISOString(),
      },
      new Date(),
    );
    host.load = async () => ({ ok: true, value: model as never });
    const panel = DetailsPanel.show(host as never, ref);
    await panel.whenLoaded();
    const page = world.created[world.created.length - 1]!;
    page.fromPage({ kind: 'command', method: 'details/editPermissions', params: {} });
    page.fromPage({ kind: 'command', method: 'details/editPermissions', params: { ref } });
    await flush(5);
    panel.dispose();
    return { edited, warnings };
  }

  it('opens the editor for the image shown when its permissions were read (the owner)', async () => {
    const { edited } = await detailsWith(true);
    assert.deepEqual(edited, [ref], 'once: the message with extra parameters was dropped');
  });

  it('refuses when the permissions could not be read (not the owner)', async () => {
    const { edited, warnings } = await detailsWith(false);
    assert.deepEqual(edited, []);
    assert.ok(warnings.some((w) => /refused to edit the launch permissions/.test(w)));
  });
});
