/**
 * The panel base through the details panel, with fake webview panels (./webviewFakes.ts): one
 * panel per image, reuse, restore from kept state, the ready handshake (first data or first
 * error), abortable loads, previews, the change flow and disposal of listeners.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ImageChange } from '../../../src/model/changes';
import { buildDetailsModel, detailsPanelTitle, type DetailsModel } from '../../../src/model/details';
import type { AmiImage, AmiRef } from '../../../src/model/image';
import type { Result } from '../../../src/model/result';
import type * as PanelModule from '../../../src/webviews/details/detailsPanel';
import type * as ImagePanelModule from '../../../src/webviews/imagePanel';
import { EventEmitter, deferred, flush, type Deferred } from '../support/vscodeStub';
import { richImage } from '../model/inspectFixtures';
import { FakeUri, FakeWebviewPanel, requireWithPanels, world } from './webviewFakes';

const src = path.join(__dirname, '../../../src/webviews');
const { DetailsPanel } = requireWithPanels<typeof PanelModule>(path.join(src, 'details/detailsPanel'), [
  path.join(src, 'imagePanel'),
  path.join(src, 'panelBase'),
  path.join(src, 'shell'),
]);

const { imageGoneMessage: goneMessage } = requireWithPanels<typeof ImagePanelModule>(path.join(src, 'imagePanel'));

const VIEW_TYPE = 'amiExplorer.details';
const image = richImage();
const ref: AmiRef = { region: image.region, imageId: image.imageId };

function modelOf(img: AmiImage, fetchedAt = '2025-01-01T00:00:00.000Z'): DetailsModel {
  return buildDetailsModel({ ref: { region: img.region, imageId: img.imageId }, image: img, lastLaunchedTime: { ok: true, value: undefined }, launchPermissions: { ok: true, value: [] }, snapshots: { ok: true, value: [] }, ancestry: { ok: true, value: [] }, fetchedAt }, new Date(fetchedAt));
}

interface LoadCall {
  ref: AmiRef;
  signal: AbortSignal;
  image: AmiImage | undefined;
  reply: Deferred<Result<DetailsModel>>;
}

function fakeHost() {
  const loads: LoadCall[] = [];
  const inspected: AmiRef[] = [];
  const changes = new EventEmitter<ImageChange>();
  const warnings: string[] = [];
  const listening = { count: 0 };
  const lifecycleRuns: { ref: AmiRef; action: string }[] = [];
  const copies: AmiRef[] = [];
  const host = {
    extensionUri: FakeUri.file('/ext'),
    log: { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => undefined } as never,
    load: (r: AmiRef, signal: AbortSignal, img?: AmiImage) => {
      const reply = deferred<Result<DetailsModel>>();
      loads.push({ ref: r, signal, image: img, reply });
      return reply.promise;
    },
    openJson: async () => undefined,
    copyAs: async () => undefined,
    inspect: async (r: AmiRef) => void inspected.push(r),
    lifecycle: async (r: AmiRef, action: string) => void lifecycleRuns.push({ ref: r, action }),
    copyToRegion: async (r: AmiRef) => void copies.push(r),
    onDidChangeImage: (l: (c: ImageChange) => unknown) => {
      const subscription = changes.event(l);
      listening.count++;
      return { dispose: () => (listening.count--, subscription.dispose()) };
    },
  };
  return { host: host as unknown as PanelModule.DetailsPanelHost, loads, inspected, changes, warnings, listening, lifecycleRuns, copies };
}

let nextId = 1;
/** The page asks `ready`; resolves with the host's answer. */
async function ready(panel: FakeWebviewPanel, hasState = false): Promise<{ ok: boolean; result?: Record<string, unknown>; error?: string }> {
  const id = nextId++;
  panel.fromPage({ kind: 'request', id, method: 'details/ready', params: { hasState } });
  await flush();
  const response = panel.response(id) as { ok: boolean; result?: Record<string, unknown>; error?: string } | undefined;
  assert.ok(response, 'the host answered ready');
  return response;
}

describe('webviews/details panel (panel base)', () => {
  const open: { dispose(): void }[] = [];

  beforeEach(() => {
    world.created.length = 0;
  });

  afterEach(() => {
    for (const p of open.splice(0)) p.dispose();
    for (const p of world.created) p.dispose();
  });

  function show(host: PanelModule.DetailsPanelHost, r: AmiRef = ref, img?: AmiImage) {
    const panel = DetailsPanel.show(host, r, img);
    open.push(panel);
    return panel;
  }

  it('opens one panel, loads once and shows the model with the image in the title', async () => {
    const { host, loads } = fakeHost();
    const panel = show(host);
    assert.equal(world.created.length, 1);
    const fake = world.created[0]!;
    assert.equal(fake.viewType, VIEW_TYPE);
    assert.match(fake.webview.html, /default-src &#39;none&#39;; script-src &#39;nonce-/);
    assert.equal(loads.length, 1);
    assert.equal(loads[0]?.image, undefined, 'given only a reference, the image is described');
    const model = modelOf(image);
    loads[0]!.reply.resolve({ ok: true, value: model });
    assert.equal(await panel.whenLoaded(), model);
    assert.deepEqual(fake.notifications('details/state'), [{ model }]);
    assert.equal(fake.title, detailsPanelTitle(ref, model));
    assert.equal(DetailsPanel.find(ref), panel);
  });

  it('tags: runs Add / Edit / Remove with the panel\'s ref and a key it shows; refuses other keys, bad messages, non-owners', async () => {
    const { host, loads, warnings } = fakeHost();
    const calls: unknown[][] = [];
    Object.assign(host, {
      addTag: async (r: AmiRef) => void calls.push(['add', r]),
      editTag: async (r: AmiRef, key: string) => void calls.push(['edit', r, key]),
      removeTag: async (r: AmiRef, key: string) => void calls.push(['remove', r, key]),
    });
    const panel = show(host);
    loads[0]!.reply.resolve({ ok: true, value: modelOf(image) });
    await panel.whenLoaded();
    const fake = world.created[0]!;
    const send = async (method: string, params: unknown): Promise<void> => {
      fake.fromPage({ kind: 'command', method, params });
      await flush();
    };
    await send('details/addTag', {});
    await send('details/editTag', { key: 'Name' });
    await send('details/removeTag', { key: 'Team' });
    assert.deepEqual(calls, [['add', ref], ['edit', ref, 'Name'], ['remove', ref, 'Team']]);
    calls.length = 0;
    await send('details/editTag', { key: 'NotShown' });
    await send('details/removeTag', { key: 'Team', extra: 1 });
    await send('details/editTag', { key: 42 });
    await send('details/editTag', { key: 'x'.repeat(5000) });
    await send('details/addTag', { key: 'Name' });
    assert.deepEqual(calls, [], 'nothing run for a key not shown or a malformed message');
    assert.ok(warnings.some((w) => /does not show/.test(w)));

    // Not the owner: launch permissions unreadable.
    const theirs = richImage({ imageId: 'ami-0fedcba9876543210' });
    const theirRef: AmiRef = { region: theirs.region, imageId: theirs.imageId };
    const other = show(host, theirRef);
    const notMine = buildDetailsModel({ ref: theirRef, image: theirs, launchPermissions: { ok: false, error: { kind: 'accessDenied', message: 'no' } }, fetchedAt: '2025-01-01T00:00:00.000Z' }, new Date());
    loads[1]!.reply.resolve({ ok: true, value: notMine });
    await other.whenLoaded();
    world.created[1]!.fromPage({ kind: 'command', method: 'details/editTag', params: { key: 'Name' } });
    world.created[1]!.fromPage({ kind: 'command', method: 'details/addTag', params: {} });
    await flush();
    assert.deepEqual(calls, []);
    assert.ok(warnings.some((w) => /not read as the owner/.test(w)));
  });

  it('reuses the panel for the same image: reveals it and loads nothing again', async () => {
    const { host, loads } = fakeHost();
    const first = show(host);
    loads[0]!.reply.resolve({ ok: true, value: modelOf(image) });
    await first.whenLoaded();
    const again = show(host, { ...ref });
    assert.equal(again, first);
    assert.equal(world.created.length, 1, 'no second panel');
    assert.equal(world.created[0]!.revealed, 1);
    assert.equal(loads.length, 1);
    const other = show(host, { region: 'us-east-1', imageId: 'ami-0123456789abcdef0' });
    assert.notEqual(other, first);
    assert.equal(world.created.length, 2);
  });

  it('answers ready with the first error when the load failed before the page listened', async () => {
    const { host, loads } = fakeHost();
    const panel = show(host);
    loads[0]!.reply.resolve({ ok: false, error: { kind: 'notFound', message: 'The image id does not exist' } });
    await panel.whenLoaded();
    const fake = world.created[0]!;
    const answer = await ready(fake);
    assert.equal(answer.ok, true);
    assert.equal(answer.result?.loading, false);
    assert.equal(answer.result?.model, undefined);
    assert.equal(typeof answer.result?.error, 'string');
    assert.match(String(answer.result?.error), /does not exist|not found/i);
    await flush();
    assert.equal(fake.notifications('details/error').length, 1, 'the error is not sent again after ready');
    assert.equal(loads.length, 1, 'ready does not retry by itself');
  });

  it('answers ready with the model, or with loading while the first load runs', async () => {
    const { host, loads } = fakeHost();
    show(host);
    const fake = world.created[0]!;
    assert.deepEqual((await ready(fake)).result, { key: ref, loading: true });
    const model = modelOf(image);
    loads[0]!.reply.resolve({ ok: true, value: model });
    await flush();
    assert.deepEqual((await ready(fake)).result, { key: ref, model, loading: false });
  });

  it('shows the image a tree node holds at once (partial), then the full model, without describing it', async () => {
    const { host, loads } = fakeHost();
    const panel = show(host, ref, image);
    assert.equal(loads[0]?.image, image, 'the known image seeds the load');
    const fake = world.created[0]!;
    const [preview] = fake.notifications('details/state') as { model: DetailsModel; partial?: boolean }[];
    assert.equal(preview?.partial, true);
    assert.equal(preview?.model.header.imageId, image.imageId);
    const early = await ready(fake);
    assert.equal(early.result?.partial, true);
    assert.equal(early.result?.loading, true);
    const full = modelOf(image);
    loads[0]!.reply.resolve({ ok: true, value: full });
    assert.equal(await panel.whenLoaded(), full);
    assert.deepEqual(fake.notifications('details/state').at(-1), { model: full });
  });

  it('aborts an older load when a newer one starts, and the current one on dispose', async () => {
    const { host, loads } = fakeHost();
    const panel = show(host);
    panel.reload();
    assert.equal(loads.length, 2);
    assert.equal(loads[0]!.signal.aborted, true);
    assert.equal(loads[1]!.signal.aborted, false);
    loads[0]!.reply.resolve({ ok: true, value: modelOf(image, '2020-01-01T00:00:00.000Z') });
    await flush();
    assert.deepEqual(world.created[0]!.notifications('details/state'), [], 'an aborted load shows nothing');
    panel.dispose();
    assert.equal(loads[1]!.signal.aborted, true);
    assert.equal(world.created[0]!.disposed, true);
    assert.equal(DetailsPanel.find(ref), undefined);
  });

  it('restores from the state the page kept, without loading, and allows its links', async () => {
    const { host, loads, inspected } = fakeHost();
    const registration = DetailsPanel.registerSerializer(host);
    open.push(registration);
    const serializer = world.serializers.get(VIEW_TYPE);
    assert.ok(serializer);
    const restored = new FakeWebviewPanel(VIEW_TYPE, 'restored');
    world.created.push(restored);
    const model = modelOf(image);
    await serializer.deserializeWebviewPanel(restored, { version: 1, ref, model });
    const panel = DetailsPanel.find(ref);
    assert.ok(panel, 'the restored panel is registered under its image');
    open.push(panel);
    assert.deepEqual((await ready(restored, true)).result, { key: ref, loading: false });
    assert.equal(loads.length, 0, 'nothing asked of EC2');
    const source = model.links[0]!;
    restored.fromPage({ kind: 'command', method: 'details/openImage', params: source });
    restored.fromPage({ kind: 'command', method: 'details/openImage', params: { imageId: 'ami-0000000000000beef', region: 'us-east-1' } });
    await flush();
    assert.deepEqual(inspected, [{ region: source.region, imageId: source.imageId }], 'only the kept links open');

    // A state that does not validate closes the panel.
    const broken = new FakeWebviewPanel(VIEW_TYPE, 'broken');
    await serializer.deserializeWebviewPanel(broken, { version: 1, ref: { region: 'nowhere', imageId: 'ami-<x>' } });
    assert.equal(broken.disposed, true);
  });

  describe('change flow', () => {
    it('reloads quietly from the updated image (no DescribeImages), keeping the model shown until the new one', async () => {
      const { host, loads, changes } = fakeHost();
      const panel = show(host);
      loads[0]!.reply.resolve({ ok: true, value: modelOf(image) });
      await panel.whenLoaded();
      const fake = world.created[0]!;
      const loadingBefore = fake.notifications('details/loading').length;
      const renamed = richImage({ name: 'renamed', tags: { Name: 'renamed' } });
      changes.fire({ kind: 'updated', ref, fields: ['name'], image: renamed });
      changes.fire({ kind: 'updated', ref: { ...ref, profile: 'other' }, fields: ['name'], image: renamed });
      assert.equal(loads.length, 2, 'one reload, for this panel only');
      assert.equal(loads[1]!.image, renamed, 'the changed image is passed as known');
      assert.equal(fake.notifications('details/loading').length, loadingBefore, 'no loading state: the model stays');
      assert.equal(fake.notifications('details/state').length, 1, 'no preview replaces the model');
      const updated = modelOf(renamed);
      loads[1]!.reply.resolve({ ok: true, value: updated });
      assert.equal(await panel.whenLoaded(), updated);
      assert.deepEqual(fake.notifications('details/state').at(-1), { model: updated });
      assert.equal(fake.title, detailsPanelTitle(ref, updated));
    });

    it('says the image is gone, in the page and the title, and keeps the last model', async () => {
      const { host, loads, changes } = fakeHost();
      const panel = show(host);
      const model = modelOf(image);
      loads[0]!.reply.resolve({ ok: true, value: model });
      await panel.whenLoaded();
      const fake = world.created[0]!;
      changes.fire({ kind: 'removed', ref: { region: 'us-east-1', imageId: image.imageId } });
      assert.deepEqual(fake.notifications('details/gone'), [], 'another region: not this image');
      changes.fire({ kind: 'removed', ref });
      assert.deepEqual(fake.notifications('details/gone'), [{ message: goneMessage(ref) }]);
      assert.match(goneMessage(ref), new RegExp(`no longer visible in ${ref.region}`));
      assert.match(fake.title, /deregistered/);
      assert.deepEqual((await ready(fake, true)).result, { key: ref, model, gone: goneMessage(ref), loading: false }, 'a reloaded page shows it too');
      assert.equal(loads.length, 1, 'nothing is loaded for a gone image');
    });

    it('a refresh that EC2 answers with not found marks the panel gone; other failures stay errors', async () => {
      const { host, loads } = fakeHost();
      const panel = show(host);
      const model = modelOf(image);
      loads[0]!.reply.resolve({ ok: true, value: model });
      await panel.whenLoaded();
      const fake = world.created[0]!;
      const refresh = async (): Promise<void> => {
        fake.fromPage({ kind: 'command', method: 'details/refresh', params: {} });
        await flush();
      };
      await refresh();
      loads[1]!.reply.resolve({ ok: false, error: { kind: 'accessDenied', message: 'Not authorized' } });
      await panel.whenLoaded();
      assert.equal(fake.notifications('details/gone').length, 0, 'access denied is not gone');
      assert.equal(fake.notifications('details/error').length, 1);
      await refresh();
      loads[2]!.reply.resolve({ ok: false, error: { kind: 'notFound', message: 'Image was not found.' } });
      await panel.whenLoaded();
      assert.deepEqual(fake.notifications('details/gone'), [{ message: goneMessage(ref) }]);
      assert.equal(fake.notifications('details/error').length, 1, 'not shown as an error');
      assert.match(fake.title, /\(deregistered\)$/);
      assert.equal(panel.model, model, 'the last model stays under the banner');
    });

    it('stops listening when the panel is closed', () => {
      const { host, loads, changes, listening } = fakeHost();
      show(host);
      const fake = world.created[0]!;
      assert.equal(fake.listenerCount, 1);
      assert.equal(listening.count, 1);
      fake.dispose(); // the person closes the tab
      assert.equal(fake.listenerCount, 0, 'the message listener is disposed');
      assert.equal(listening.count, 0, 'the change listener is disposed');
      changes.fire({ kind: 'updated', ref, fields: ['name'], image });
      assert.equal(loads.length, 1, 'a closed panel does not reload');
      assert.equal(DetailsPanel.find(ref), undefined);
    });
  });

  it('lifecycle (#10): runs an action with the panel\'s image only for the owner, an image not gone, and a state it applies to', async () => {
    const { host, loads, lifecycleRuns, warnings, changes } = fakeHost();
    const panel = show(host);
    const fake = world.created[0]!;
    const send = async (action: string): Promise<void> => {
      fake.fromPage({ kind: 'command', method: 'details/lifecycle', params: { action } });
      await flush();
    };
    const available = { ...image, state: 'available', deprecationTime: '2099-01-01T00:00:00.000Z' };
    loads[0]!.reply.resolve({ ok: true, value: modelOf(available) });
    await panel.whenLoaded();
    await send('deregister');
    await send('disable');
    await send('enable'); // not disabled: refused
    await send('cancelDeprecation'); // it has a deprecation time: runs
    await send('rm -rf'); // not an action: the guard drops it
    assert.deepEqual(lifecycleRuns.map((r) => r.action), ['deregister', 'disable', 'cancelDeprecation']);
    assert.ok(lifecycleRuns.every((r) => r.ref.imageId === ref.imageId && r.ref.region === ref.region), "the panel's own image");
    assert.ok(warnings.some((w) => /refused enable/.test(w)));

    // Not the owner (launch permissions not read): nothing runs.
    lifecycleRuns.length = 0;
    panel.reload();
    const notOwner = buildDetailsModel({ ref, image: available, launchPermissions: { ok: false, error: { kind: 'accessDenied', message: 'no' } }, fetchedAt: '2025-01-01T00:00:00.000Z' }, new Date('2025-01-01T00:00:00.000Z'));
    loads.at(-1)!.reply.resolve({ ok: true, value: notOwner });
    await panel.whenLoaded();
    await send('deregister');
    assert.deepEqual(lifecycleRuns, []);

    // Gone: nothing runs.
    changes.fire({ kind: 'removed', ref });
    await flush();
    await send('deregister');
    assert.deepEqual(lifecycleRuns, []);
  });

  it("Copy to Region…: runs with the panel's image only while it is available and not gone", async () => {
    const { host, loads, copies, warnings, changes } = fakeHost();
    const panel = show(host);
    const send = async (): Promise<void> => {
      world.created[0]!.fromPage({ kind: 'command', method: 'details/copyToRegion', params: {} });
      await flush();
    };
    loads[0]!.reply.resolve({ ok: true, value: modelOf({ ...image, state: 'pending' }) });
    await panel.whenLoaded();
    await send();
    assert.equal(copies.length, 0, 'a pending image is not copied');
    assert.ok(warnings.some((w) => /refused to copy .*not available/.test(w)));
    panel.reload();
    loads.at(-1)!.reply.resolve({ ok: true, value: modelOf({ ...image, state: 'available' }) });
    await panel.whenLoaded();
    await send();
    assert.deepEqual(copies.map((r) => [r.region, r.imageId]), [[ref.region, ref.imageId]]);
    changes.fire({ kind: 'removed', ref });
    await flush();
    await send();
    assert.equal(copies.length, 1, 'not once it is gone');
  });
});

// hygiene (#11): the setting amiExplorer.images.hygieneMarks applies to open panels live.
describe('webviews/details panel: the hygiene setting', () => {
  beforeEach(() => {
    world.created.length = 0;
  });
  afterEach(() => {
    for (const p of world.created) p.dispose();
    world.created.length = 0;
  });

  it('a change of the setting loads a shown panel again quietly; the preview follows the setting', async () => {
    const { host, loads } = fakeHost();
    const setting = new EventEmitter<void>();
    let on = false;
    Object.assign(host, { hygieneMarks: () => on, onDidChangeHygieneMarks: setting.event });
    const panel = DetailsPanel.show(host, ref, image);
    const fake = world.created[0]!;
    const preview = (await ready(fake)).result as { model: DetailsModel; partial: boolean };
    assert.equal(preview.partial, true);
    assert.equal(preview.model.hygiene, undefined, 'the preview without the section while the setting is off');
    loads[0]!.reply.resolve({ ok: true, value: modelOf(image) });
    await panel.whenLoaded();

    on = true;
    const loadingNotices = fake.notifications('details/loading').length;
    setting.fire();
    assert.equal(loads.length, 2, 'loaded again');
    assert.equal(fake.notifications('details/loading').length, loadingNotices, 'quietly: no loading notice for the reload');
    loads[1]!.reply.resolve({ ok: true, value: modelOf(image) });
    await panel.whenLoaded();
    panel.dispose();
    setting.fire();
    assert.equal(loads.length, 2, 'a closed panel no longer listens');
  });
});
