/**
 * The catalog panel's host, with fake webview panels (./webviewFakes.ts) and a fake catalog: one
 * panel that moves to the place asked; messages are checked by the protocol's guards (malformed
 * ones dropped) and then against the host's own state — profiles and regions it offered, image ids
 * it showed, the Quick start's own parameter names — before anything is read, opened or copied;
 * an empty pattern is refused by the host too; "Load more" sends the NextToken the host kept; a
 * Quick start that cannot be read is shown with its reason; a restored panel reads again.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CatalogOperations, PageRequest, PublicImageQuery } from '../../../src/aws/types';
import { QUICK_START, quickStartParameters } from '../../../src/model/catalog';
import type { AmiImage, AmiRef } from '../../../src/model/image';
import { fail, ok, type Result } from '../../../src/model/result';
import type * as PanelModule from '../../../src/webviews/catalog/catalogPanel';
import { isCatalogModel, isSearchForm, readCatalogState, CopyRequest, ImageActionCommand, SelectCommand } from '../../../src/webviews/catalog/protocol';
import { flush } from '../support/vscodeStub';
import { FakeUri, FakeWebviewPanel, requireWithPanels, world } from './webviewFakes';

const src = path.join(__dirname, '../../../src/webviews');
const { CatalogPanel } = requireWithPanels<typeof PanelModule>(path.join(src, 'catalog/catalogPanel'), [path.join(src, 'panelBase'), path.join(src, 'shell')]);

const AL2023_ARM = QUICK_START.find((e) => e.parameter.endsWith('al2023-ami-kernel-default-arm64'))!;
const ARM_ID = 'ami-0a0a0a0a0a0a0a0a1';
const FOUND_ID = 'ami-0c0c0c0c0c0c0c0c3';

function image(id: string, fields: Partial<AmiImage> = {}): AmiImage {
  return { imageId: id, region: 'us-east-1', state: 'available', public: true, productCodes: [], tags: {}, blockDeviceMappings: [], ...fields };
}

function fakeHost() {
  const calls = { parameters: [] as { region: string; names: readonly string[]; profile: string | undefined }[], searches: [] as { region: string; query: PublicImageQuery; page: PageRequest }[], inspected: [] as AmiRef[], launched: [] as AmiRef[] };
  const warnings: string[] = [];
  const behaviour = {
    parameters: ok({ parameters: [{ name: AL2023_ARM.parameter, value: ARM_ID }], invalid: quickStartParameters().filter((n) => n !== AL2023_ARM.parameter) }) as Result<{ parameters: { name: string; value: string }[]; invalid: string[] }>,
    pages: [] as Result<{ items: AmiImage[]; nextToken?: string }>[],
  };
  const catalog = (profile: string | undefined): CatalogOperations =>
    ({
      profile,
      getPublicParameters: async (region: string, names: readonly string[]) => {
        calls.parameters.push({ region, names, profile });
        return behaviour.parameters;
      },
      getParametersByPath: async () => ok([]),
      describeImagesById: async (region: string, ids: readonly string[]) => ok(ids.filter((i) => i === ARM_ID).map((i) => image(i, { region, name: 'al2023-ami-2023.9-arm64', ownerAlias: 'amazon', ownerId: '137112412989', architecture: 'arm64' }))),
      searchPublicImages: async (region: string, query: PublicImageQuery, page: PageRequest) => {
        calls.searches.push({ region, query, page });
        return behaviour.pages.shift() ?? ok({ items: [] });
      },
    }) as unknown as CatalogOperations;
  const host: PanelModule.CatalogPanelHost = {
    extensionUri: FakeUri.file('/ext') as never,
    log: { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m), info: () => undefined } as never,
    choices: async () => ({ profiles: ['dev', 'prod'], regions: ['us-east-1', 'eu-west-1'] }),
    catalog,
    inspect: async (ref) => void calls.inspected.push(ref),
    launch: async (ref) => void calls.launched.push(ref),
    copy: async (text) => void (world.clipboard = text),
  };
  return { host, calls, warnings, behaviour };
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

describe('webviews/catalog panel (host)', () => {
  const open: { dispose(): void }[] = [];
  beforeEach(() => {
    world.created.length = 0;
    world.clipboard = '';
  });
  afterEach(() => {
    for (const p of open.splice(0)) p.dispose();
    for (const p of world.created) p.dispose();
  });

  async function opened(host: PanelModule.CatalogPanelHost, where = { profile: 'dev', region: 'us-east-1' }) {
    const panel = CatalogPanel.show(host, where);
    open.push(panel);
    await panel.whenLoaded();
    return { panel, page: world.created[world.created.length - 1]! };
  }

  it('resolves the Quick start where it looks, and moves the one panel when asked for another place', async () => {
    const { host, calls } = fakeHost();
    const { panel, page } = await opened(host);
    assert.equal(page.viewType, 'amiExplorer.catalog');
    assert.equal(page.title, 'AMI Catalog: us-east-1');
    const model = panel.model!;
    assert.ok(isCatalogModel(model));
    assert.deepEqual(model.where, { profile: 'dev', region: 'us-east-1' });
    assert.deepEqual(calls.parameters[0], { region: 'us-east-1', names: quickStartParameters(), profile: 'dev' });
    const row = model.quickStart?.find((r) => r.parameter === AL2023_ARM.parameter);
    assert.equal(row?.status.kind, 'found');
    assert.equal(model.quickStart?.filter((r) => r.status.kind === 'notPublished').length, QUICK_START.length - 1);
    assert.match(model.summary ?? '', /^1 of 16 images found in us-east-1/);

    assert.equal(CatalogPanel.show(host, { profile: 'prod', region: 'eu-west-1' }), panel);
    await panel.whenLoaded();
    assert.equal(world.created.length, 1, 'one catalog panel');
    assert.deepEqual(panel.model?.where, { profile: 'prod', region: 'eu-west-1' });
    assert.deepEqual(calls.parameters[1], { region: 'eu-west-1', names: quickStartParameters(), profile: 'prod' });
    assert.equal(page.title, 'AMI Catalog: eu-west-1');
  });

  it('shows a Quick start that cannot be read with its reason, keeping the choices', async () => {
    const { host, behaviour } = fakeHost();
    behaviour.parameters = fail({ kind: 'accessDenied', message: 'User is not authorized to perform: ssm:GetParameters' });
    const { panel } = await opened(host);
    assert.equal(panel.model?.quickStart, undefined);
    assert.match(panel.model?.quickStartError ?? '', /Could not resolve the Quick start in us-east-1: .*ssm:GetParameters/);
    assert.deepEqual(panel.model?.regions, ['us-east-1', 'eu-west-1']);
  });

  it('moves only to a profile and region it offered', async () => {
    const { host, calls, warnings } = fakeHost();
    const { panel, page } = await opened(host);
    page.fromPage({ kind: 'command', method: SelectCommand.method, params: { profile: 'stranger', region: 'eu-west-1' } });
    page.fromPage({ kind: 'command', method: SelectCommand.method, params: { profile: 'dev', region: 'ap-south-2' } });
    page.fromPage({ kind: 'command', method: SelectCommand.method, params: { profile: 'dev', region: 'not a region' } });
    await flush(10);
    assert.equal(calls.parameters.length, 1, 'nothing read for places not offered');
    assert.equal(warnings.filter((w) => /refused to look/.test(w)).length, 2);
    assert.ok(warnings.some((w) => /invalid parameters/.test(w)), 'the malformed region was dropped by the guard');
    page.fromPage({ kind: 'command', method: SelectCommand.method, params: { profile: 'prod', region: 'eu-west-1' } });
    await flush(10);
    await panel.whenLoaded();
    assert.deepEqual(panel.model?.where, { profile: 'prod', region: 'eu-west-1' });
    // The page learnt the new place at once (a partial model without rows), then got the rows.
    const states = page.notifications('catalog/state') as { model: { where: { region: string }; quickStart?: unknown[] }; partial?: boolean }[];
    const moved = states.filter((st) => st.model.where.region === 'eu-west-1');
    assert.equal(moved[0]?.partial, true);
    assert.equal(moved[0]?.model.quickStart, undefined);
    assert.equal(moved[moved.length - 1]?.partial, undefined);
    assert.equal(moved[moved.length - 1]?.model.quickStart?.length, QUICK_START.length);
  });

  it('refuses an empty pattern without searching, and pages with the token it kept', async () => {
    const { host, calls, behaviour } = fakeHost();
    const { page } = await opened(host);
    const empty = await request(page, 'catalog/search', { form: { source: 'community', namePattern: '  ', owner: '', architecture: '' } });
    assert.equal(empty.result?.status, 'invalid');
    assert.equal(empty.result?.field, 'namePattern');
    assert.equal(calls.searches.length, 0, 'nothing sent for an empty pattern');

    behaviour.pages.push(ok({ items: [image(FOUND_ID, { name: '<b>hostile</b>', ownerId: '111122223333' })], nextToken: 'next-1' }), ok({ items: [image('ami-0d0d0d0d0d0d0d0d4', { ownerId: '111122223333' })] }));
    const first = await request(page, 'catalog/search', { form: { source: 'community', namePattern: 'hostile*', owner: '111122223333', architecture: 'arm64' } });
    assert.equal(first.result?.status, 'ok');
    assert.equal(first.result?.more, true);
    assert.deepEqual(calls.searches[0], { region: 'us-east-1', query: { source: 'community', namePattern: 'hostile*', owner: '111122223333', architecture: 'arm64' }, page: { pageSize: 50 } });
    const more = await request(page, 'catalog/more', { source: 'community' });
    assert.equal(more.result?.status, 'ok');
    assert.equal(more.result?.more, false);
    assert.deepEqual(calls.searches[1]?.page, { pageSize: 50, nextToken: 'next-1' });
    const none = await request(page, 'catalog/more', { source: 'community' });
    assert.equal(none.result?.status, 'failed', 'no further page');
    assert.equal(calls.searches.length, 2);

    const marketplaceMore = await request(page, 'catalog/more', { source: 'marketplace' });
    assert.equal(marketplaceMore.result?.status, 'failed', 'no marketplace search yet');
  });

  it('says when a search finds nothing, and when it fails', async () => {
    const { host, behaviour } = fakeHost();
    const { page } = await opened(host);
    behaviour.pages.push(ok({ items: [] }), fail({ kind: 'throttled', message: 'Request limit exceeded.' }));
    const none = await request(page, 'catalog/search', { form: { source: 'marketplace', namePattern: 'nothing*', owner: '', architecture: '' } });
    assert.equal(none.result?.message, 'No AWS Marketplace images named like "nothing*" in us-east-1.');
    const failed = await request(page, 'catalog/search', { form: { source: 'marketplace', namePattern: 'x*', owner: '', architecture: '' } });
    assert.equal(failed.result?.status, 'failed');
    assert.match(String(failed.result?.message), /Request limit exceeded/);
  });

  it('inspects, launches and copies only images it showed, and only its own parameter names', async () => {
    const { host, calls, behaviour } = fakeHost();
    const { page } = await opened(host);
    page.fromPage({ kind: 'command', method: ImageActionCommand.method, params: { action: 'inspect', imageId: ARM_ID } });
    page.fromPage({ kind: 'command', method: ImageActionCommand.method, params: { action: 'launch', imageId: ARM_ID } });
    page.fromPage({ kind: 'command', method: ImageActionCommand.method, params: { action: 'inspect', imageId: FOUND_ID } });
    page.fromPage({ kind: 'command', method: ImageActionCommand.method, params: { action: 'delete', imageId: ARM_ID } });
    await flush(10);
    assert.deepEqual(calls.inspected, [{ region: 'us-east-1', imageId: ARM_ID, profile: 'dev' }]);
    assert.deepEqual(calls.launched, [{ region: 'us-east-1', imageId: ARM_ID, profile: 'dev' }]);

    const notShown = await request(page, CopyRequest.method, { what: 'id', imageId: FOUND_ID });
    assert.match(String(notShown.result?.message), /did not show/);
    assert.equal(world.clipboard, '');
    behaviour.pages.push(ok({ items: [image(FOUND_ID, { ownerId: '111122223333' })] }));
    await request(page, 'catalog/search', { form: { source: 'community', namePattern: 'x*', owner: '', architecture: '' } });
    const copied = await request(page, CopyRequest.method, { what: 'id', imageId: FOUND_ID });
    assert.equal(copied.result?.copied, FOUND_ID);
    assert.equal(world.clipboard, FOUND_ID);

    const parameter = await request(page, CopyRequest.method, { what: 'parameter', parameter: AL2023_ARM.parameter });
    assert.equal(parameter.result?.copied, AL2023_ARM.parameter);
    assert.equal(world.clipboard, AL2023_ARM.parameter);
    const foreign = await request(page, CopyRequest.method, { what: 'parameter', parameter: '/aws/service/someone/else' });
    assert.match(String(foreign.result?.message), /not a parameter of the Quick start/);
    const malformed = await request(page, CopyRequest.method, { what: 'parameter', parameter: '/etc/passwd' });
    assert.equal(malformed.ok, false, 'a name outside /aws/service/ is refused by the guard');
    assert.equal(world.clipboard, AL2023_ARM.parameter);
  });

  it('forgets the search results of a place when it moves elsewhere', async () => {
    const { host, calls, behaviour } = fakeHost();
    const { panel, page } = await opened(host);
    behaviour.pages.push(ok({ items: [image(FOUND_ID, { ownerId: '111122223333' })], nextToken: 'next-1' }));
    await request(page, 'catalog/search', { form: { source: 'community', namePattern: 'x*', owner: '', architecture: '' } });
    panel.select({ profile: 'prod', region: 'eu-west-1' });
    await panel.whenLoaded();
    page.fromPage({ kind: 'command', method: ImageActionCommand.method, params: { action: 'inspect', imageId: FOUND_ID } });
    await flush(10);
    assert.equal(calls.inspected.length, 0, 'a us-east-1 result is not opened in eu-west-1');
    const copied = await request(page, CopyRequest.method, { what: 'id', imageId: FOUND_ID });
    assert.match(String(copied.result?.message), /did not show/);
    const more = await request(page, 'catalog/more', { source: 'community' });
    assert.equal(more.result?.status, 'failed', 'the old search cannot be continued');
    assert.equal(calls.searches.length, 1);
  });

  it('restores from kept state after a reload, and closes a panel with none', async () => {
    const { host, calls } = fakeHost();
    const disposable = CatalogPanel.registerSerializer(host);
    const serializer = world.serializers.get('amiExplorer.catalog');
    assert.ok(serializer);
    const bad = new FakeWebviewPanel('amiExplorer.catalog', 'x');
    await serializer.deserializeWebviewPanel(bad, { version: 1, where: { region: 'nowhere' } });
    assert.equal(bad.disposed, true);
    const good = new FakeWebviewPanel('amiExplorer.catalog', 'x');
    await serializer.deserializeWebviewPanel(good, { version: 1, where: { profile: 'prod', region: 'eu-west-1' }, tab: 'community' });
    const revived = CatalogPanel.find();
    assert.ok(revived);
    open.push(revived);
    await revived.whenLoaded();
    assert.deepEqual(revived.model?.where, { profile: 'prod', region: 'eu-west-1' });
    assert.equal(calls.parameters.length, 1);
    disposable.dispose();
  });
});

describe('webviews/catalog protocol guards', () => {
  it('takes a search form with exactly its keys, bounded', () => {
    assert.equal(isSearchForm({ source: 'community', namePattern: 'x', owner: '', architecture: '' }), true);
    assert.equal(isSearchForm({ source: 'amazon', namePattern: 'x', owner: '', architecture: '' }), false);
    assert.equal(isSearchForm({ source: 'community', namePattern: 'x', owner: '', architecture: 'sparc' }), false);
    assert.equal(isSearchForm({ source: 'community', namePattern: 'x\u0000', owner: '', architecture: '' }), false);
    assert.equal(isSearchForm({ source: 'community', namePattern: 'x'.repeat(257), owner: '', architecture: '' }), false);
    assert.equal(isSearchForm({ source: 'community', namePattern: 'x', owner: '', architecture: '', extra: 1 }), false);
  });

  it('reads kept state strictly', () => {
    assert.deepEqual(readCatalogState({ version: 1, where: { region: 'us-east-1' }, tab: 'marketplace' }), { version: 1, where: { region: 'us-east-1' }, tab: 'marketplace' });
    assert.deepEqual(readCatalogState({ version: 1, where: { region: 'us-east-1' }, tab: 'other' }), { version: 1, where: { region: 'us-east-1' } });
    assert.equal(readCatalogState({ version: 2, where: { region: 'us-east-1' } }), undefined);
    assert.equal(readCatalogState({ version: 1, where: { region: 'us-east-1', profile: 'a b' } }), undefined);
    assert.equal(readCatalogState(undefined), undefined);
  });
});
