/**
 * The details page (src/webviews/details/ui/render.ts) rendered for real, with hostile data, into
 * a DOM: the text that AMI owners wrote (names, descriptions, tags, snapshot descriptions, aliases)
 * must stay text. The page's Lit templates are bundled for the browser with esbuild (as
 * scripts/build.mjs does) and evaluated inside a happy-dom Window, which is its own VM context: Node's
 * globals are left alone, and the page runs with the window as its global object. The model is
 * built by the product's own buildDetailsModel from a hostile AmiImage.
 *
 * Besides looking for markup the data could have produced (elements, event handler attributes,
 * script URLs), every page is compared with the same page rendered from harmless text: hostile
 * data must not change the page's elements or attribute names. A last test renders a value with
 * lit's unsafeHTML and checks that these checks catch it, so they cannot pass vacuously.
 */
import * as assert from 'node:assert/strict';
import { buildDetailsModel, type DetailsInput, type DetailsModel, type ImageLink } from '../../../src/model/details';
import type { AmiImage } from '../../../src/model/image';
import { matchesFilter } from '../../../src/webviews/common/filter';
import { activeContent, assertInert, loadPage, shape, text, type DomWindow } from './domFixtures';
// The page's folder is an ES module package (it runs in the browser): its types are imported as such.
import type { DetailsActions, PageView } from '../../../src/webviews/details/ui/render.js' with { 'resolution-mode': 'import' };

/** What the test bundle exposes on the window (see `entry`). */
interface PageBundle {
  render(value: unknown, container: Element): void;
  detailsPage(view: PageView, actions: DetailsActions): unknown;
  html(strings: TemplateStringsArray, ...values: unknown[]): unknown;
  unsafeHTML(markup: string): unknown;
}

const entry = `
import { html, render } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { detailsPage } from './src/webviews/details/ui/render.ts';
globalThis.__detailsPage = { render, detailsPage, html, unsafeHTML };
`;

/** The hostile texts, by where they go. `benign` swaps each for a harmless word of its own. */
const HOSTILE = {
  name: '<img src=x onerror=alert(1)>',
  description: '<script>alert(1)</script>\n[click](command:workbench.action.quit) & [js](javascript:alert(1))',
  tagKeyJs: 'javascript:alert(1)',
  tagValueSvg: '"><svg onload=alert(1)>',
  tagKeyTemplate: "{{constructor.constructor('alert(1)')()}}",
  tagValueTemplate: '${alert(1)} <%= alert(1) %>',
  tagKeyIframe: '<iframe src=javascript:alert(1)></iframe>',
  tagValueLink: '<a href="command:workbench.action.quit">quit</a>',
  tagKeyRtl: 'file',
  tagValueRtl: '\u202Egnp.exe',
  ownerAlias: '<b onmouseover=alert(1)>owner</b>',
  stateReason: '" onfocus="alert(1)" autofocus x="',
  platformDetails: '<style>*{display:none}</style>',
  imageLocation: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  sourceImageId: 'ami-1"><img src=x onerror=alert(1)>',
  sourceImageRegion: 'us-east-1" onclick="alert(1)',
  deviceName: '/dev/<svg onload=alert(1)>',
  virtualName: '<iframe srcdoc="<script>alert(1)</script>">',
  kmsKeyId: 'javascript:alert(1)//',
  snapshotDescription: '<script>alert("snap")</script>',
  snapshotOwnerAlias: '<img src=x onerror=alert("owner")>',
  ancestorId: 'ami-<img src=x onerror=alert(2)>',
  ancestorAlias: '<a href=javascript:alert(1)>me</a>',
  organizationArn: 'arn:aws:organizations::<script>alert(1)</script>',
  profile: '<img src=x onerror=alert("profile")>',
  lastLaunchedError: 'User <img src=x onerror=alert(1)> is not authorized',
} as const;

type Texts = Record<keyof typeof HOSTILE, string>;

const BENIGN = Object.fromEntries(Object.keys(HOSTILE).map((k) => [k, `plain-${k}`])) as Texts;

const IMAGE_ID = 'ami-0123456789abcdef0';
const REGION = 'eu-west-1';
const SNAPSHOT_ID = 'snap-0123456789abcdef0';

function imageOf(t: Texts): AmiImage {
  return {
    imageId: IMAGE_ID,
    region: REGION,
    name: t.name,
    description: t.description,
    ownerId: '123456789012',
    ownerAlias: t.ownerAlias,
    state: 'failed',
    stateReason: { code: 'Client.Error', message: t.stateReason },
    public: false,
    creationDate: '2024-05-01T10:20:30.000Z',
    architecture: 'x86_64',
    platformDetails: t.platformDetails,
    imageLocation: t.imageLocation,
    rootDeviceName: '/dev/xvda',
    rootDeviceType: 'ebs',
    sourceImageId: t.sourceImageId,
    sourceImageRegion: t.sourceImageRegion,
    productCodes: [],
    tags: {
      [t.tagKeyJs]: t.tagValueSvg,
      [t.tagKeyTemplate]: t.tagValueTemplate,
      [t.tagKeyIframe]: t.tagValueLink,
      [t.tagKeyRtl]: t.tagValueRtl,
    },
    blockDeviceMappings: [
      { deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: SNAPSHOT_ID, volumeSize: 8, volumeType: 'gp3', encrypted: true, kmsKeyId: t.kmsKeyId, deleteOnTermination: true } },
      { deviceName: t.deviceName, kind: 'ephemeral', virtualName: t.virtualName },
    ],
  };
}

function inputOf(t: Texts): DetailsInput {
  return {
    ref: { region: REGION, imageId: IMAGE_ID, profile: t.profile },
    image: imageOf(t),
    lastLaunchedTime: { ok: false, error: { kind: 'accessDenied', message: t.lastLaunchedError } },
    launchPermissions: { ok: true, value: [{ userId: '210987654321' }, { organizationArn: t.organizationArn }] },
    snapshots: {
      ok: true,
      value: [{ snapshotId: SNAPSHOT_ID, region: REGION, tags: {}, volumeSize: 8, state: 'completed', description: t.snapshotDescription, ownerId: '123456789012', ownerAlias: t.snapshotOwnerAlias }],
    },
    ancestry: {
      ok: true,
      value: [
        { imageId: IMAGE_ID, sourceImageId: t.ancestorId, sourceImageRegion: REGION, creationDate: '2024-05-01T10:20:30.000Z' },
        { imageId: t.ancestorId, imageOwnerAlias: t.ancestorAlias, creationDate: '2024-01-01T00:00:00.000Z' },
      ],
    },
    accountId: '123456789012',
    fetchedAt: '2024-06-01T12:00:00.000Z',
  };
}

const NOW = new Date('2024-06-01T12:00:00.000Z');
const hostileModel = (): DetailsModel => buildDetailsModel(inputOf(HOSTILE), NOW);
const benignModel = (): DetailsModel => buildDetailsModel(inputOf(BENIGN), NOW);

function tagRows(container: Element): { key: string; value: string }[] {
  return [...container.querySelectorAll('table.tags tbody tr')].map((tr) => {
    const cells = [...tr.querySelectorAll('td:not(.row-actions)')].map((td) => td.textContent ?? '');
    assert.equal(cells.length, 2);
    return { key: cells[0] ?? '', value: cells[1] ?? '' };
  });
}

describe('webviews/details/ui/render (DOM, hostile data)', function () {
  this.timeout(20000);
  let window: DomWindow;
  let page: PageBundle;
  const opened: ImageLink[] = [];
  const filtered: string[] = [];
  let launches = 0;
  let copies = 0;
  const lifecycleRuns: string[] = [];
  const usageActions: string[] = [];
  const tagActions: string[] = [];
  const actions: DetailsActions = {
    lifecycle: (action) => void lifecycleRuns.push(action),
    addTag: () => void tagActions.push('add'),
    editTag: (key) => void tagActions.push(`edit:${key}`),
    removeTag: (key) => void tagActions.push(`remove:${key}`),
    refresh: () => undefined,
    copyId: () => undefined,
    openJson: () => undefined,
    copyAs: () => undefined,
    editPermissions: () => undefined,
    launch: () => void launches++,
    copyToRegion: () => void copies++,
    findUsage: () => void usageActions.push('findUsage'),
    whoUsesIt: () => void usageActions.push('whoUsesIt'),
    openImage: (link) => opened.push(link),
    filter: (query) => filtered.push(query),
  };

  before(async () => {
    ({ window, page } = await loadPage<PageBundle>(entry, '__detailsPage', 'detailsRender'));
    assert.equal(typeof page.detailsPage, 'function');
  });

  after(async () => {
    await window?.happyDOM.close();
  });

  beforeEach(() => {
    opened.length = 0;
    filtered.length = 0;
  });

  function container(): Element {
    const div = window.document.createElement('div');
    window.document.body.appendChild(div);
    return div;
  }

  function view(model: DetailsModel | undefined, extra: Partial<PageView> = {}): PageView {
    return { ...(model ? { model } : {}), partial: false, loading: false, filter: '', ...extra };
  }

  function rendered(v: PageView, into: Element = container()): Element {
    page.render(page.detailsPage(v, actions), into);
    return into;
  }

  it('shows hostile names, descriptions and tags as text', () => {
    const el = rendered(view(hostileModel()));
    assertInert(el);
    assert.equal(text(el.querySelector('h1[data-field="title"]')), HOSTILE.name);
    assert.equal(text(el.querySelector('dd[data-fact="description"]')), HOSTILE.description, 'lines and all');
    assert.equal(text(el.querySelector('dd[data-fact="platformDetails"]')), HOSTILE.platformDetails);
    assert.equal(text(el.querySelector('dd[data-fact="imageLocation"]')), HOSTILE.imageLocation);
    assert.match(text(el.querySelector('dd[data-fact="lastLaunchedTime"]')), /User <img src=x onerror=alert\(1\)> is not authorized/);
    assert.equal(text(el.querySelector('[data-field="owner"]')), `123456789012 (${HOSTILE.ownerAlias})`);
    assert.match(text(el.querySelector('.subtitle')), /profile <img src=x onerror=alert\("profile"\)>/);
    assert.deepEqual(
      tagRows(el).sort((a, b) => a.key.localeCompare(b.key)),
      [
        { key: HOSTILE.tagKeyIframe, value: HOSTILE.tagValueLink },
        { key: HOSTILE.tagKeyJs, value: HOSTILE.tagValueSvg },
        { key: HOSTILE.tagKeyTemplate, value: HOSTILE.tagValueTemplate },
        // A right-to-left override is shown as an escape (model/text.ts visibleText), still as text.
        { key: HOSTILE.tagKeyRtl, value: '\\u202Egnp.exe' },
      ].sort((a, b) => a.key.localeCompare(b.key)),
    );
    const snapshotCells = [...el.querySelectorAll('[data-section="snapshots"] tbody td')].map((td) => td.textContent);
    assert.ok(snapshotCells.includes(HOSTILE.snapshotDescription), 'snapshot description as text');
    assert.ok(snapshotCells.includes(`${HOSTILE.snapshotOwnerAlias} (123456789012)`), 'snapshot owner as text');
    const volumeCells = [...el.querySelectorAll('table.volumes tbody td')].map((td) => td.textContent);
    assert.ok(volumeCells.includes(HOSTILE.deviceName), 'device name as text');
    assert.ok(volumeCells.includes(`Instance store (${HOSTILE.virtualName})`), 'virtual name as text');
    assert.ok(volumeCells.includes(HOSTILE.kmsKeyId), 'KMS key as text');
    assert.ok(
      [...el.querySelectorAll('[data-section="permissions"] li')].some((li) => li.textContent === HOSTILE.organizationArn),
      'organization ARN as text',
    );
    assert.match(text(el.querySelector('ol.ancestry')), /<a href=javascript:alert\(1\)>me<\/a>/);
  });

  it('puts hostile text into attributes as values only', () => {
    const el = rendered(view(hostileModel()));
    const state = el.querySelector('header .badge[title]');
    assert.equal(state?.getAttribute('title'), HOSTILE.stateReason, 'the state reason is the whole title');
    assert.equal(state?.hasAttribute('onfocus'), false);
    assert.equal(state?.hasAttribute('autofocus'), false);
    const source = el.querySelector('dd[data-fact="sourceImage"] button');
    assert.equal(source?.getAttribute('data-key'), `open:${HOSTILE.sourceImageRegion}/${HOSTILE.sourceImageId}`);
    assert.equal(source?.hasAttribute('onclick'), false);
  });

  it('builds the same elements and attributes as for harmless text', () => {
    const hostile = rendered(view(hostileModel()));
    const benign = rendered(view(benignModel()));
    const hostileShape = shape(hostile);
    assert.ok(hostileShape.length > 100, `a whole page (${hostileShape.length} elements)`);
    assert.deepEqual(hostileShape, shape(benign));
  });

  it('makes links to other images buttons that carry ids only', () => {
    const model = hostileModel();
    const el = rendered(view(model));
    const buttons = [...el.querySelectorAll('button.link')];
    assert.equal(buttons.length, model.links.length, 'one button per link: the source image and the ancestor');
    assert.equal(el.querySelectorAll('[href]').length, 0, 'no element carries an href');
    for (const button of buttons) {
      assert.deepEqual([...button.attributes].map((a) => a.name).sort(), ['class', 'data-key', 'title', 'type']);
      assert.equal(button.getAttribute('type'), 'button');
      (button as HTMLElement).click();
    }
    assert.deepEqual(opened, model.links, 'each click asks the host for the link it put in the model');
    for (const link of opened) assert.deepEqual(Object.keys(link).sort(), ['imageId', 'region']);
    assert.deepEqual(opened.map((l) => l.imageId).sort(), [HOSTILE.ancestorId, HOSTILE.sourceImageId].sort());
  });

  it('shows hostile errors, notes and "gone" banners as text, with and without a model', () => {
    const hostileMessage = '<img src=x onerror=alert("err")> [x](command:workbench.action.quit)';
    const bare = rendered(view(undefined, { error: hostileMessage, gone: HOSTILE.name }));
    assertInert(bare);
    assert.equal(text(bare.querySelector('.status')), hostileMessage);
    assert.equal(text(bare.querySelector('[data-field="gone"]')).trim(), HOSTILE.name);
    assert.ok(bare.querySelector('button[data-key="retry"]'), 'failed load offers a retry');

    const withModel = rendered(view(hostileModel(), { note: { text: hostileMessage, tone: 'error' }, gone: HOSTILE.description }));
    assertInert(withModel);
    assert.equal(text(withModel.querySelector('.status')), hostileMessage);
    assert.equal(text(withModel.querySelector('[data-field="gone"]')).trim(), HOSTILE.description);

    const partial = rendered(view(hostileModel(), { partial: true, loading: true }));
    assertInert(partial);
    assert.equal(text(partial.querySelector('h1')), HOSTILE.name);
  });

  it('filters rows on hostile text without turning the text or the query into markup', () => {
    const model = hostileModel();
    const total = model.facts.length + model.tags.length;
    const el = container();
    rendered(view(model), el);
    assert.equal(tagRows(el).length, model.tags.length);

    // Matches two tag keys and the description (case-insensitively); every other row is hidden.
    rendered(view(model, { filter: 'JAVASCRIPT:' }), el);
    assertInert(el);
    assert.deepEqual(tagRows(el), [
      { key: HOSTILE.tagKeyIframe, value: HOSTILE.tagValueLink },
      { key: HOSTILE.tagKeyJs, value: HOSTILE.tagValueSvg },
    ]);
    assert.deepEqual([...el.querySelectorAll('dl.facts dd')].map((dd) => dd.getAttribute('data-fact')), ['description']);
    assert.equal(text(el.querySelector('dd[data-fact="description"]')), HOSTILE.description);
    assert.equal(text(el.querySelector('[data-field="filterCount"]')), `3 of ${total}`);

    // Markup in the query matches markup-looking text, as text: a tag value and the source image fact.
    rendered(view(model, { filter: '"><' }), el);
    assertInert(el);
    const expectedTags = model.tags.filter((t) => matchesFilter(t, '"><'));
    assert.deepEqual(expectedTags.map((t) => t.value), [HOSTILE.tagValueSvg], 'the fixture holds one such tag');
    assert.deepEqual(tagRows(el), expectedTags);
    assert.deepEqual([...el.querySelectorAll('dl.facts dd')].map((dd) => dd.getAttribute('data-fact')), ['sourceImage']);
    assert.equal(el.querySelectorAll('dl.facts button.link').length, 1, 'the matching fact keeps its link button');

    // A query matching nothing is quoted back as text.
    const query = '<iframe srcdoc=x onload=alert(1)>';
    rendered(view(model, { filter: query }), el);
    assertInert(el);
    assert.equal(tagRows(el).length, 0);
    assert.equal(text(el.querySelector('[data-field="filterEmpty"]')), `Nothing in the details or tags matches “${query}”.`);
    assert.equal(text(el.querySelector('[data-field="filterCount"]')), `0 of ${total}`);
    assert.equal((el.querySelector('vscode-textfield') as unknown as { value: string }).value, query, 'the query is the field value');

    // Clearing the filter brings every row back, still as text.
    rendered(view(model), el);
    assertInert(el);
    assert.equal(tagRows(el).length, model.tags.length);
    assert.equal(el.querySelectorAll('dl.facts dd').length, model.facts.length);
    assert.equal(text(el.querySelector('[data-field="filterCount"]')), '');
    assert.deepEqual(shape(el), shape(rendered(view(benignModel()))), 'the updated page is a fresh page');
  });

  it('offers Copy to Region… in the header for an available image that is not gone, and asks the host', () => {
    const button = (el: Element): HTMLButtonElement => {
      const b = el.querySelector('header button[data-key="copyToRegion"]');
      assert.ok(b, 'the header has the button');
      return b as HTMLButtonElement;
    };
    assert.equal(button(rendered(view(benignModel()))).disabled, true, 'a failed image cannot be copied');
    const input = inputOf(BENIGN);
    const available = buildDetailsModel({ ...input, image: { ...input.image, state: 'available' } }, NOW);
    const el = rendered(view(available));
    assert.equal(button(el).disabled, false);
    assert.equal(text(button(el)), 'Copy to Region…');
    copies = 0;
    button(el).click();
    assert.equal(copies, 1, 'the click asks the host');
    assert.equal(button(rendered(view(available, { gone: 'gone' }))).disabled, true, 'not for a deregistered image');
  });

  it('offers Launch Instance… in the header for an available image that is not gone', () => {
    const button = (el: Element): HTMLButtonElement => {
      const b = el.querySelector('header button[data-key="launch"]');
      assert.ok(b, 'the header has the button');
      return b as HTMLButtonElement;
    };
    assert.equal(button(rendered(view(benignModel()))).disabled, true, 'a failed image cannot be launched');
    const input = inputOf(BENIGN);
    const available = buildDetailsModel({ ...input, image: { ...input.image, state: 'available' } }, NOW);
    const el = rendered(view(available));
    assert.equal(button(el).disabled, false);
    assert.equal(text(button(el)), 'Launch Instance…');
    launches = 0;
    button(el).click();
    assert.equal(launches, 1, 'the click asks the host');
    assert.equal(button(rendered(view(available, { gone: 'gone' }))).disabled, true, 'not for a deregistered image');
  });

  it('lifecycle: shows protection and deprecation, and offers the owner actions by state (none when gone or not owner)', () => {
    const input = inputOf(BENIGN);
    const model = (patch: Partial<DetailsInput['image']>, owner = true): DetailsModel =>
      buildDetailsModel({ ...input, image: { ...input.image, ...patch }, ...(owner ? {} : { launchPermissions: { ok: false, error: { kind: 'accessDenied', message: 'no' } } }) }, NOW);
    const keys = (el: Element): string[] => [...el.querySelectorAll('section[data-section="lifecycle"] button')].map((b) => b.getAttribute('data-key') ?? '');
    const on = rendered(view(model({ state: 'available', deregistrationProtection: 'enabled-with-cooldown', deprecationTime: '2099-01-01T00:00:00.000Z' })));
    assert.match(text(on.querySelector('[data-field="protection"]') as Element), /On, with a 24-hour cooldown/);
    assert.match(text(on.querySelector('[data-field="deprecation"]') as Element), /Deprecates at 2099-01-01 00:00 UTC/);
    assert.deepEqual(keys(on), ['disableDeregistrationProtection', 'deprecate', 'cancelDeprecation', 'disable', 'deregister']);
    const disabled = rendered(view(model({ state: 'disabled', deregistrationProtection: 'disabled' })));
    assert.deepEqual(keys(disabled), ['enableDeregistrationProtection', 'deprecate', 'enable', 'deregister']);
    lifecycleRuns.length = 0;
    (disabled.querySelector('button[data-key="enable"]') as HTMLButtonElement).click();
    (disabled.querySelector('button[data-key="deregister"]') as HTMLButtonElement).click();
    assert.deepEqual(lifecycleRuns, ['enable', 'deregister'], 'each click asks the host');
    const gone = rendered(view(model({ state: 'available' }), { gone: 'gone' }));
    assert.ok([...gone.querySelectorAll('section[data-section="lifecycle"] button')].every((b) => (b as HTMLButtonElement).disabled));
    assert.deepEqual(keys(rendered(view(model({ state: 'available' }, false)))), [], 'not the owner: no actions');
  });

  it('offers Find Usage and Who Uses It only for an image read as the owner (Who Uses It when it is shared), and asks the host', () => {
    const input = inputOf(BENIGN);
    const owned = rendered(view(buildDetailsModel({ ...input, image: { ...input.image, state: 'available' } }, NOW)));
    const find = owned.querySelector('header button[data-key="findUsage"]') as HTMLButtonElement | null;
    const who = owned.querySelector('header button[data-key="whoUsesIt"]') as HTMLButtonElement | null;
    assert.ok(find && who, 'a shared image I own offers both');
    usageActions.length = 0;
    find.click();
    who.click();
    assert.deepEqual(usageActions, ['findUsage', 'whoUsesIt']);
    const privateOwned = rendered(view(buildDetailsModel({ ...input, launchPermissions: { ok: true, value: [] } }, NOW)));
    assert.ok(privateOwned.querySelector('header button[data-key="findUsage"]'));
    assert.equal(privateOwned.querySelector('header button[data-key="whoUsesIt"]'), null, 'not for an image I do not share');
    const notMine = rendered(view(buildDetailsModel({ ...input, launchPermissions: { ok: false, error: { kind: 'unknown', code: 'AuthFailure', message: 'Not authorized' } }, accountId: '999999999999' }, NOW)));
    assert.equal(notMine.querySelector('header button[data-key="findUsage"]'), null, 'not for an image whose permissions were not read');
    const gone = rendered(view(buildDetailsModel(input, NOW), { gone: 'gone' }));
    assert.equal((gone.querySelector('header button[data-key="findUsage"]') as HTMLButtonElement).disabled, true);
  });

  it('offers the owner Add Tag… and per-row Edit / Remove that send the key as shown; nobody else', () => {
    const model = hostileModel();
    const el = rendered(view(model));
    tagActions.length = 0;
    const rows = [...el.querySelectorAll('table.tags tbody tr')];
    assert.equal(rows.length, model.tags.length);
    for (const row of rows) {
      (row.querySelector('button[data-key="editTag"]') as HTMLElement).click();
      (row.querySelector('button[data-key="removeTag"]') as HTMLElement).click();
    }
    (el.querySelector('[data-section="tags"] button[data-key="addTag"]') as HTMLElement).click();
    assert.deepEqual(tagActions, [...model.tags.flatMap((t) => [`edit:${t.key}`, `remove:${t.key}`]), 'add']);
    assert.ok(tagActions.includes(`edit:${HOSTILE.tagKeyIframe}`), 'a hostile key goes back as the text shown');
    assertInert(el);

    const input = inputOf(BENIGN);
    const notMine = buildDetailsModel({ ...input, launchPermissions: { ok: false, error: { kind: 'accessDenied', message: 'not the owner' } } }, NOW);
    for (const v of [view(notMine), view(model, { gone: 'Deregistered.' }), view(model, { partial: true })]) {
      const other = rendered(v);
      assert.equal(other.querySelectorAll('[data-section="tags"] button').length, 0, 'no tag buttons');
    }
  });

  it('would catch a value rendered as markup (the checks are not vacuous)', () => {
    const unsafe = container();
    page.render(page.html`<p>${page.unsafeHTML(HOSTILE.name)}</p><p>${page.unsafeHTML(HOSTILE.tagValueLink)}</p>`, unsafe);
    const safe = container();
    page.render(page.html`<p>${HOSTILE.name}</p><p>${HOSTILE.tagValueLink}</p>`, safe);
    assert.deepEqual(activeContent(safe), []);
    assert.deepEqual(activeContent(unsafe).sort(), ['<a> element', '<img> element', 'onerror attribute on <img>', 'href="command:workbench.action.quit" on <a>'].sort());
    assert.notDeepEqual(shape(unsafe), shape(safe));
  });
});
