/**
 * The catalog page (src/webviews/catalog/ui/render.ts) rendered for real, with hostile data, into
 * a happy-dom window (./domFixtures.ts): image names, descriptions, owners, messages and the
 * typed pattern stay text; marks say in words what they mean (✓ Verified provider / ⚠ Community,
 * unknown publisher); the page built from hostile data has the same elements and attributes as
 * from harmless text; the Quick start shows its groups and says which entries are not published.
 */
import * as assert from 'node:assert/strict';
import { QUICK_START, catalogImage, joinQuickStart } from '../../../src/model/catalog';
import type { AmiImage } from '../../../src/model/image';
import type { CatalogModel } from '../../../src/webviews/catalog/protocol';
import { assertInert, loadPage, shape, text, type DomWindow } from './domFixtures';
import type { CatalogActions, PageView } from '../../../src/webviews/catalog/ui/render.js' with { 'resolution-mode': 'import' };

interface PageBundle {
  render(value: unknown, container: Element): void;
  catalogPage(view: PageView, actions: CatalogActions): unknown;
}

const entry = `
import { render } from 'lit';
import { catalogPage } from './src/webviews/catalog/ui/render.ts';
globalThis.__catalogPage = { render, catalogPage };
`;

const HOSTILE = {
  name: '<img src=x onerror=alert(1)>',
  description: '<script>alert(1)</script>',
  communityName: '"><svg onload=alert(1)> $(verified) Official',
  pattern: '" onfocus="alert(1)" autofocus x="',
  message: 'No <b onmouseover=alert(1)>images</b> [x](command:workbench.action.quit)',
} as const;
type Texts = Record<keyof typeof HOSTILE, string>;
const BENIGN = Object.fromEntries(Object.keys(HOSTILE).map((k) => [k, `plain-${k}`])) as Texts;

function image(id: string, fields: Partial<AmiImage>): AmiImage {
  return { imageId: id, region: 'us-east-1', state: 'available', public: true, productCodes: [], tags: {}, blockDeviceMappings: [], ...fields };
}

const ARM = QUICK_START.find((e) => e.parameter.endsWith('al2023-ami-kernel-default-arm64'))!;

function viewOf(t: Texts, tab: PageView['tab'] = 'quickStart'): PageView {
  const quickStart = joinQuickStart(QUICK_START, [{ name: ARM.parameter, value: 'ami-0a0a0a0a0a0a0a0a1' }], [image('ami-0a0a0a0a0a0a0a0a1', { name: t.name, description: t.description, ownerAlias: 'amazon', ownerId: '137112412989', architecture: 'arm64', creationDate: '2026-11-30T00:00:00.000Z' })]);
  const model: CatalogModel = { version: 1, where: { profile: 'dev', region: 'us-east-1' }, profiles: ['dev', 'prod'], regions: ['us-east-1', 'eu-west-1'], quickStart, summary: '1 of 16 images found in us-east-1; 15 not published there.', fetchedAt: '2026-12-07T00:00:00.000Z' };
  const community = [
    catalogImage(image('ami-0c0c0c0c0c0c0c0c3', { name: t.communityName, description: t.description, ownerId: '111122223333', architecture: 'arm64' })),
    catalogImage(image('ami-0d0d0d0d0d0d0d0d4', { name: t.name, ownerId: '099720109477', architecture: 'x86_64' })),
  ];
  return {
    model,
    loading: false,
    tab,
    searches: {
      marketplace: { form: { source: 'marketplace', namePattern: '', owner: '', architecture: '' }, busy: false, more: false, seq: 0 },
      community: { form: { source: 'community', namePattern: t.pattern, owner: '', architecture: 'arm64' }, busy: false, more: true, seq: 1, images: community, message: { text: t.message, tone: 'info' } },
    },
    note: { text: t.message, tone: 'error' },
  };
}

describe('webviews/catalog/ui/render (DOM, hostile data)', function () {
  this.timeout(20000);
  let window: DomWindow;
  let page: PageBundle;
  const calls: string[] = [];
  const actions: CatalogActions = {
    tab: (t) => void calls.push(`tab:${t}`),
    select: (w) => void calls.push(`select:${w.profile}:${w.region}`),
    refresh: () => void calls.push('refresh'),
    inspect: (id) => void calls.push(`inspect:${id}`),
    launch: (id) => void calls.push(`launch:${id}`),
    copyId: (id) => void calls.push(`copyId:${id}`),
    copyParameter: (p) => void calls.push(`copyParameter:${p}`),
    edit: (s, c) => void calls.push(`edit:${s}:${JSON.stringify(c)}`),
    search: (s) => void calls.push(`search:${s}`),
    more: (s) => void calls.push(`more:${s}`),
  };

  before(async () => {
    ({ window, page } = await loadPage<PageBundle>(entry, '__catalogPage', 'catalogRender'));
  });
  after(async () => {
    await window?.happyDOM.close();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  function rendered(v: PageView): Element {
    const el = window.document.createElement('div');
    window.document.body.appendChild(el);
    page.render(page.catalogPage(v, actions), el);
    return el;
  }

  it('shows the Quick start grouped, with the image found and the entries not published', () => {
    const el = rendered(viewOf(HOSTILE));
    assertInert(el);
    assert.deepEqual([...el.querySelectorAll('section[data-group]')].map((s) => s.getAttribute('data-group')), ['Amazon Linux 2023', 'Amazon Linux 2', 'Ubuntu Server', 'Debian', 'Windows Server']);
    const row = el.querySelector(`tr[data-parameter="${ARM.parameter}"]`);
    assert.equal(row?.getAttribute('data-status'), 'found');
    assert.equal(text(row!.querySelector('[data-field="name"]')), HOSTILE.name);
    assert.match(text(row), /2026-11-30/);
    const missing = el.querySelectorAll('tr[data-status="notPublished"]');
    assert.equal(missing.length, 15);
    assert.equal(text(missing[0]!.querySelector('[data-field="status"]')), 'Not published in us-east-1.');
    assert.match(row!.querySelector('[data-key^="copyParameter:"]')?.getAttribute('title') ?? '', /resolve:ssm:\/aws\/service\/ami-amazon-linux-latest\/al2023-ami-kernel-default-arm64/);
    (row!.querySelector('[data-key="inspect:ami-0a0a0a0a0a0a0a0a1"]') as HTMLElement).click();
    (row!.querySelector('[data-key="launch:ami-0a0a0a0a0a0a0a0a1"]') as HTMLElement).click();
    (row!.querySelector('[data-key="copyId:ami-0a0a0a0a0a0a0a0a1"]') as HTMLElement).click();
    (row!.querySelector('[data-key^="copyParameter:"]') as HTMLElement).click();
    assert.deepEqual(calls, ['inspect:ami-0a0a0a0a0a0a0a0a1', 'launch:ami-0a0a0a0a0a0a0a0a1', 'copyId:ami-0a0a0a0a0a0a0a0a1', `copyParameter:${ARM.parameter}`]);
    assert.equal(text(el.querySelector('[data-field="note"]')), HOSTILE.message);
  });

  it('marks community results with words, and keeps hostile names, patterns and messages as text', () => {
    const el = rendered(viewOf(HOSTILE, 'community'));
    assertInert(el);
    const unknown = el.querySelector('tr[data-image="ami-0c0c0c0c0c0c0c0c3"]');
    assert.equal(unknown?.getAttribute('data-mark'), 'community');
    assert.match(text(unknown!.querySelector('[data-mark]')), /⚠ Community: unknown publisher/);
    assert.equal(text(unknown!.querySelector('[data-field="name"]')), HOSTILE.communityName);
    assert.equal(unknown!.querySelector('[data-field="name"]')?.getAttribute('title'), HOSTILE.description, 'the description is an attribute value only');
    const canonical = el.querySelector('tr[data-image="ami-0d0d0d0d0d0d0d0d4"]');
    assert.match(text(canonical!.querySelector('[data-mark]')), /⚠ Community: Canonical \(099720109477\)/);
    assert.equal((el.querySelector('vscode-textfield[data-key="namePattern"]') as unknown as { value: string }).value, HOSTILE.pattern);
    assert.equal(text(el.querySelector('[data-field="searchMessage"]')), HOSTILE.message);
    assert.ok(el.querySelector('[data-key="loadMore"]'), 'Load more while more match');
    (el.querySelector('[data-key="loadMore"]') as HTMLElement).click();
    (el.querySelector('[data-key="search"]') as HTMLElement).click();
    assert.deepEqual(calls, ['more:community', 'search:community']);
  });

  it('builds the same elements and attributes as for harmless text', () => {
    for (const tab of ['quickStart', 'community'] as const) {
      const hostile = shape(rendered(viewOf(HOSTILE, tab)));
      assert.ok(hostile.length > 50, `a whole page (${hostile.length} elements)`);
      assert.deepEqual(hostile, shape(rendered(viewOf(BENIGN, tab))));
    }
  });

  it('shows the verified mark for Amazon and Marketplace owners', () => {
    const v = viewOf(BENIGN, 'marketplace');
    v.searches.marketplace.images = [catalogImage(image('ami-0e0e0e0e0e0e0e0e5', { name: 'x', ownerAlias: 'aws-marketplace', ownerId: '679593333241' }))];
    const el = rendered(v);
    assert.match(text(el.querySelector('tr[data-image="ami-0e0e0e0e0e0e0e0e5"] [data-mark="verified"]')), /✓ Verified provider/);
    assert.equal(el.querySelector('[data-key="loadMore"]'), null, 'no Load more without a next page');

    // An empty page that has a next one still offers Load more.
    v.searches.marketplace.images = [];
    v.searches.marketplace.more = true;
    const empty = rendered(v);
    assert.equal(empty.querySelector('table[data-results]'), null);
    assert.match(text(empty.querySelector('[data-field="count"]')), /^0 images shown; more may match\.$/);
    (empty.querySelector('[data-key="loadMore"]') as HTMLElement).click();
    assert.deepEqual(calls, ['more:marketplace']);
  });

  it('shows a refused pattern at its field, the failure of the Quick start with Retry, and the tabs', () => {
    const v = viewOf(BENIGN, 'community');
    v.searches.community.invalid = { field: 'namePattern', message: 'Enter a name pattern.' };
    let el = rendered(v);
    assert.equal(text(el.querySelector('[data-problem="namePattern"]')), 'Enter a name pattern.');
    assert.equal(el.querySelector('[data-tab="community"]')?.getAttribute('aria-selected'), 'true');
    (el.querySelector('[data-tab="marketplace"]') as HTMLElement).click();
    assert.deepEqual(calls, ['tab:marketplace']);

    const failed = viewOf(BENIGN);
    failed.model = { ...failed.model!, quickStart: undefined, quickStartError: HOSTILE.message };
    el = rendered(failed);
    assertInert(el);
    assert.equal(text(el.querySelector('[data-field="qsError"] [data-field="qsReason"]')), HOSTILE.message);
    (el.querySelector('[data-key="retry"]') as HTMLElement).click();
    assert.deepEqual(calls, ['tab:marketplace', 'refresh']);
  });
});
