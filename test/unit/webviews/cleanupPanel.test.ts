/**
 * The clean-up report panel's host, with fake webview panels (./webviewFakes.ts): messages are
 * checked by shape (protocol guards) and content (every id a current candidate of the host's own
 * report, never a referenced image) before anything is asked or written; one confirmation lists
 * every image and snapshot; a cancelled confirmation deregisters nothing; cancelling stops between
 * images; rows leave the report as the change flow announces; Export CSV writes the host's rows.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DeregisterOutcome } from '../../../src/data/imageWrites';
import type { ImageChange } from '../../../src/model/changes';
import { buildReport, CLEANUP_DEFAULTS, type CleanupReport } from '../../../src/model/cleanup';
import type { AmiImage } from '../../../src/model/image';
import { LIFECYCLE_CODES } from '../../../src/model/lifecycle';
import type { Result } from '../../../src/model/result';
import type * as PanelModule from '../../../src/webviews/cleanup/cleanupPanel';
import type { CleanupKey } from '../../../src/webviews/cleanup/protocol';
import { EventEmitter, flush } from '../support/vscodeStub';
import { FakeUri, requireWithPanels, world, type FakeWebviewPanel } from './webviewFakes';

const src = path.join(__dirname, '../../../src/webviews');
const { CleanupPanel } = requireWithPanels<typeof PanelModule>(path.join(src, 'cleanup/cleanupPanel'), [path.join(src, 'panelBase'), path.join(src, 'shell')]);

const NOW = new Date('2026-12-06T12:00:00Z');
const REGION = 'us-east-1';
const KEY: CleanupKey = { profile: 'dev', regions: [REGION], family: { kind: 'name' } };

function img(n: number, name: string): AmiImage {
  const hex = n.toString(16).padStart(17, '0');
  return {
    imageId: `ami-${hex}`,
    region: REGION,
    state: 'available',
    public: false,
    ownerId: '123456789012',
    name,
    creationDate: new Date(NOW.getTime() - (100 + n) * 86_400_000).toISOString(),
    productCodes: [],
    tags: {},
    blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: `snap-${hex}`, volumeSize: 8 } }],
  };
}

const USED = img(1, 'web-2026-01-01');
const A = img(2, '=HYPERLINK("x")');
const B = img(3, 'web-2025-12-01');
const C = img(4, 'web-2025-11-01');

function report(): CleanupReport {
  return buildReport({
    profile: 'dev',
    reads: [{ region: REGION, images: [USED, A, B, C], references: [{ imageId: USED.imageId, resourceType: 'ec2:Instance', arn: `arn:aws:ec2:${REGION}:123456789012:instance/i-0123456789abcdef0` }], facts: {} }],
    rule: { kind: 'name' },
    settings: CLEANUP_DEFAULTS,
    now: NOW,
  });
}

function fakeHost() {
  const changes = new EventEmitter<ImageChange>();
  const calls = { reads: 0, confirmations: [] as { message: string; detail: string }[], deregistered: [] as string[], saved: [] as { name: string; text: string }[], notified: [] as string[] };
  const behaviour = {
    confirm: true,
    cancelAfter: undefined as number | undefined,
    outcome: (imageId: string): Result<DeregisterOutcome> => ({ ok: true, value: { change: undefined, snapshots: [{ snapshotId: `snap-${imageId.slice(4)}`, returnCode: 'success' }] } }),
    save: 'out.csv' as string | undefined,
  };
  const host: PanelModule.CleanupPanelHost = {
    extensionUri: FakeUri.file('/ext') as never,
    log: { warn: () => undefined, error: () => undefined, info: () => undefined } as never,
    onDidChangeImage: changes.event as never,
    read: async () => {
      calls.reads++;
      return { ok: true, value: report() };
    },
    accountId: async () => '123456789012',
    confirm: async (message, detail) => {
      calls.confirmations.push({ message, detail });
      return behaviour.confirm;
    },
    progress: async (_title, work) => {
      const controller = new AbortController();
      return work(controller.signal, () => {
        if (behaviour.cancelAfter !== undefined && calls.deregistered.length >= behaviour.cancelAfter) controller.abort();
      });
    },
    deregister: async (ref) => {
      calls.deregistered.push(ref.imageId);
      return behaviour.outcome(ref.imageId);
    },
    saveCsv: async (name, text) => {
      if (behaviour.save === undefined) return undefined;
      calls.saved.push({ name, text });
      return { ok: true, value: behaviour.save };
    },
    notify: (_level, text) => calls.notified.push(text),
  };
  return { host, calls, behaviour, changes };
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

describe('webviews/cleanup panel (host)', () => {
  beforeEach(() => {
    world.created.length = 0;
  });
  afterEach(() => {
    for (const p of world.created) p.dispose();
  });

  async function opened(host: PanelModule.CleanupPanelHost) {
    const panel = CleanupPanel.show(host, KEY);
    await panel.whenLoaded();
    return { panel, page: world.created[world.created.length - 1]! };
  }

  it('one panel per profile, regions and family rule; the report is read when opened', async () => {
    const { host, calls } = fakeHost();
    const { panel, page } = await opened(host);
    assert.equal(page.viewType, 'amiExplorer.cleanup');
    assert.equal(calls.reads, 1);
    assert.deepEqual(panel.model?.candidates.map((c) => c.ref.imageId).sort(), [A.imageId, B.imageId, C.imageId].sort());
    assert.equal(CleanupPanel.show(host, { ...KEY, regions: [REGION] }), panel);
    assert.notEqual(CleanupPanel.show(host, { ...KEY, family: { kind: 'tag', key: 'App' } }), panel);
  });

  it('refuses malformed messages without asking', async () => {
    const { host, calls } = fakeHost();
    const { page } = await opened(host);
    for (const params of [
      { images: [{ region: REGION, imageId: 'not-an-ami' }] },
      { images: [{ region: 'nowhere', imageId: A.imageId }] },
      { images: [{ region: REGION, imageId: A.imageId, extra: 1 }] },
      { images: 'all' },
      { images: new Array(1001).fill({ region: REGION, imageId: A.imageId }) },
    ]) {
      const r = await request(page, 'cleanup/deregister', params);
      assert.equal(r.ok, false, JSON.stringify(params).slice(0, 80));
    }
    assert.equal((await request(page, 'cleanup/exportCsv', { sort: 'evil' })).ok, false);
    assert.deepEqual(calls.confirmations, []);
    assert.deepEqual(calls.deregistered, []);
  });

  it('never deregisters a referenced image, even when the page asks for it with candidates', async () => {
    const { host, calls } = fakeHost();
    const { page } = await opened(host);
    const r = await request(page, 'cleanup/deregister', { images: [{ region: REGION, imageId: A.imageId }, { region: REGION, imageId: USED.imageId }] });
    assert.equal(r.result?.status, 'refused');
    assert.match(String(r.result?.message), /in use and is never deregistered/);
    assert.deepEqual(calls.confirmations, []);
    assert.deepEqual(calls.deregistered, []);
    const unknown = await request(page, 'cleanup/deregister', { images: [{ region: REGION, imageId: 'ami-0fffffffffffffff0' }] });
    assert.equal(unknown.result?.status, 'refused');
  });

  it('asks once, listing every image and snapshot; cancelled: nothing deregistered', async () => {
    const { host, calls, behaviour } = fakeHost();
    const { page } = await opened(host);
    behaviour.confirm = false;
    const r = await request(page, 'cleanup/deregister', { images: [{ region: REGION, imageId: A.imageId }, { region: REGION, imageId: B.imageId }] });
    assert.equal(r.result?.status, 'cancelled');
    assert.equal(calls.confirmations.length, 1);
    const { message, detail } = calls.confirmations[0]!;
    assert.match(message, /Deregister 2 images and delete 2 snapshots in us-east-1 \(account 123456789012, profile dev\)\?/);
    for (const i of [A, B]) {
      assert.ok(detail.includes(i.imageId));
      assert.ok(detail.includes(`snap-${i.imageId.slice(4)}`));
    }
    assert.ok(!detail.includes(USED.imageId));
    assert.deepEqual(calls.deregistered, []);
  });

  it('deregisters each with its snapshots and answers per image; rows leave as the change flow announces', async () => {
    const { host, calls, changes } = fakeHost();
    const { page, panel } = await opened(host);
    const r = await request(page, 'cleanup/deregister', { images: [{ region: REGION, imageId: A.imageId }, { region: REGION, imageId: B.imageId }] });
    assert.equal(r.result?.status, 'done');
    assert.deepEqual(calls.deregistered, [A.imageId, B.imageId]);
    const lines = r.result?.lines as { imageId: string; status: string; text: string }[];
    assert.deepEqual(lines.map((l) => [l.imageId, l.status]), [[A.imageId, 'done'], [B.imageId, 'done']]);
    assert.match(lines[0]?.text ?? '', /was deregistered\. Snapshots: snap-\w+ deleted/);
    assert.deepEqual(calls.notified, ['2 of 2 images deregistered.']);
    changes.fire({ kind: 'removed', ref: { region: REGION, imageId: A.imageId, profile: 'dev' } });
    changes.fire({ kind: 'removed', ref: { region: REGION, imageId: C.imageId } }); // another profile: not this report
    await panel.whenLoaded();
    await flush(5);
    assert.deepEqual(panel.model?.candidates.map((c) => c.ref.imageId).sort(), [B.imageId, C.imageId].sort());
    assert.equal(panel.model?.totals.count, 2);
  });

  it('a failure is reported for its image and the others go on; cancelling stops between images', async () => {
    const { host, calls, behaviour } = fakeHost();
    const { page } = await opened(host);
    behaviour.outcome = (id) => (id === A.imageId ? { ok: false, error: { kind: 'accessDenied', message: 'Not allowed: ec2:DeregisterImage.' } } : { ok: true, value: { change: undefined, snapshots: [] } });
    const all = [A, B, C].map((i) => ({ region: REGION, imageId: i.imageId }));
    const partial = await request(page, 'cleanup/deregister', { images: all });
    assert.equal(partial.result?.status, 'partial');
    assert.deepEqual((partial.result?.lines as { status: string }[]).map((l) => l.status), ['failed', 'done', 'done']);
    calls.deregistered.length = 0;
    behaviour.outcome = () => ({ ok: true, value: { change: undefined, snapshots: [] } });
    behaviour.cancelAfter = 1;
    const cancelled = await request(page, 'cleanup/deregister', { images: all });
    assert.equal(cancelled.result?.status, 'cancelled');
    assert.equal(calls.deregistered.length, 2, 'the image under way finishes; the rest are not started');
    assert.deepEqual((cancelled.result?.lines as { status: string }[]).map((l) => l.status), ['done', 'done', 'notRun']);
    assert.match(String(cancelled.result?.message), /1 not started \(cancelled\)/);
  });

  it('a protected image says what to do; a file that cannot be written says why', async () => {
    const { host, behaviour } = fakeHost();
    const { page } = await opened(host);
    behaviour.outcome = () => ({ ok: false, error: { kind: 'accessDenied', code: LIFECYCLE_CODES.protected, message: `${A.imageId} is protected from deregistration.` } });
    const r = await request(page, 'cleanup/deregister', { images: [{ region: REGION, imageId: A.imageId }] });
    assert.equal(r.result?.status, 'failed');
    const line = (r.result?.lines as { text: string; status: string }[])[0];
    assert.equal(line?.status, 'failed');
    assert.match(line?.text ?? '', /was not deregistered: .* is protected from deregistration\. Turn its deregistration protection off first/);
    host.saveCsv = async () => ({ ok: false, error: { kind: 'unknown', message: 'EACCES: permission denied' } });
    const failed = await request(page, 'cleanup/exportCsv', { sort: 'age' });
    assert.equal(failed.result?.status, 'failed');
    assert.match(String(failed.result?.message), /Could not write the file: EACCES/);
  });

  it('Export CSV writes the host’s rows in the page’s order, guarded; cancelled writes nothing', async () => {
    const { host, calls, behaviour } = fakeHost();
    const { page } = await opened(host);
    const r = await request(page, 'cleanup/exportCsv', { sort: 'name' });
    assert.equal(r.result?.status, 'saved');
    assert.equal(calls.saved.length, 1);
    assert.match(calls.saved[0]!.name, /^ami-cleanup-dev-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = calls.saved[0]!.text.split('\r\n');
    assert.ok(rows[0]?.startsWith('Image ID,Name,Region'));
    assert.equal(rows[1]?.split(',')[1], `"'=HYPERLINK(""x"")"`);
    assert.ok(!calls.saved[0]!.text.includes(USED.imageId), 'excluded images are not exported as candidates');
    behaviour.save = undefined;
    const none = await request(page, 'cleanup/exportCsv', { sort: 'age' });
    assert.equal(none.result?.status, 'cancelled');
    assert.equal(calls.saved.length, 1);
  });
});
