/**
 * The clean-up report page (src/webviews/cleanup/ui/render.ts) rendered for real, with hostile
 * data, into a happy-dom DOM (see domFixtures.ts): names, tag values (families), what uses an image
 * and region messages must stay text. The page rendered from hostile data must have the same
 * elements and attribute names as the page rendered from harmless text.
 */
import * as assert from 'node:assert/strict';
import { buildReport, CLEANUP_DEFAULTS, type CleanupReport } from '../../../src/model/cleanup';
import type { AmiImage } from '../../../src/model/image';
import { keptCleanupState } from '../../../src/webviews/cleanup/protocol';
import { activeContent, assertInert, loadPage, shape, type DomWindow } from './domFixtures';
import type { CleanupActions, PageView } from '../../../src/webviews/cleanup/ui/render.js' with { 'resolution-mode': 'import' };

interface PageBundle {
  render(value: unknown, container: Element): void;
  cleanupPage(view: PageView, actions: CleanupActions): unknown;
}

const entry = `
import { render } from 'lit';
import { cleanupPage } from './src/webviews/cleanup/ui/render.ts';
globalThis.__cleanupPage = { render, cleanupPage };
`;

const HOSTILE = {
  name: '<img src=x onerror=alert(1)>-2026-01-01',
  usedName: '"><svg onload=alert(1)>',
  family: '<script>alert(1)</script>',
  parameter: '<a href="command:workbench.action.quit">quit</a>',
  regionError: 'User <iframe src=javascript:alert(1)></iframe> is not authorized',
  profile: '<b onmouseover=alert(1)>dev</b>',
} as const;
type Texts = Record<keyof typeof HOSTILE, string>;
const BENIGN = Object.fromEntries(Object.keys(HOSTILE).map((k) => [k, `plain-${k}`])) as Texts;

const NOW = new Date('2026-12-06T12:00:00Z');

function image(n: number, over: Partial<AmiImage>): AmiImage {
  const hex = n.toString(16).padStart(17, '0');
  return {
    imageId: `ami-${hex}`,
    region: 'us-east-1',
    state: 'available',
    public: n === 2,
    ownerId: '123456789012',
    creationDate: '2025-01-01T00:00:00Z',
    productCodes: [],
    tags: {},
    blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: `snap-${hex}`, volumeSize: 8 } }],
    ...over,
  };
}

function reportOf(t: Texts): CleanupReport {
  const used = image(1, { name: t.usedName, tags: { App: t.family } });
  return buildReport({
    profile: t.profile,
    reads: [
      {
        region: 'us-east-1',
        images: [used, image(2, { name: t.name, tags: { App: t.family } }), image(3, { name: t.name, deregistrationProtection: 'enabled' })],
        references: [{ imageId: used.imageId, resourceType: 'ssm:Parameter', arn: `arn:aws:ssm:us-east-1:123456789012:parameter/${t.parameter}` }],
        facts: {},
      },
      { region: 'eu-west-1', images: [], facts: {}, imagesError: t.regionError },
    ],
    rule: { kind: 'tag', key: 'App' },
    settings: CLEANUP_DEFAULTS,
    now: NOW,
  });
}

const noop: CleanupActions = { refresh: () => undefined, sort: () => undefined, toggle: () => undefined, toggleAll: () => undefined, deregister: () => undefined, exportCsv: () => undefined };

describe('webviews/cleanup page render (hostile data)', function () {
  this.timeout(30_000);
  let window: DomWindow;
  let page: PageBundle;

  before(async () => {
    ({ window, page } = await loadPage<PageBundle>(entry, '__cleanupPage', 'cleanup'));
  });

  function rendered(model: CleanupReport, selected: string[] = []): Element {
    const container = window.document.createElement('div');
    window.document.body.appendChild(container);
    page.render(page.cleanupPage({ model, loading: false, sort: 'age', selected: new Set(selected), busy: false }, noop), container as unknown as Element);
    return container as unknown as Element;
  }

  it('hostile names, families, references and messages stay text; the page has the same shape as with harmless text', () => {
    const hostile = reportOf(HOSTILE);
    const c = rendered(hostile);
    assertInert(c);
    assert.deepEqual(activeContent(c), []);
    assert.deepEqual(shape(c), shape(rendered(reportOf(BENIGN))));
    const text = c.textContent ?? '';
    for (const t of [HOSTILE.name, HOSTILE.usedName, HOSTILE.family, HOSTILE.regionError]) assert.ok(text.includes(t), `shown as text: ${t}`);
    assert.ok(text.includes(`SSM parameter /${HOSTILE.parameter}`));
  });

  it('lists candidates with a checkbox each, the referenced image only under Excluded, totals labelled as an estimate', () => {
    const model = reportOf(BENIGN);
    const c = rendered(model, [`us-east-1/${model.candidates[0]?.ref.imageId ?? ''}`]);
    const candidateIds = [...c.querySelectorAll('table.candidates tbody tr')].map((tr) => tr.getAttribute('data-image'));
    const excludedIds = [...c.querySelectorAll('table.excluded tbody tr')].map((tr) => tr.getAttribute('data-image'));
    assert.deepEqual(excludedIds, [model.excluded[0]?.ref.imageId]);
    assert.ok(!candidateIds.includes(model.excluded[0]?.ref.imageId ?? ''));
    assert.equal(candidateIds.length, 2);
    assert.equal(c.querySelectorAll('table.candidates tbody vscode-checkbox').length, 2);
    assert.match((c.querySelector('[data-field="totals"]')?.textContent ?? '').replace(/\s+/g, ' '), /2 candidates · 16 GiB of snapshots · estimated \$0\.80 per month · 1 selected \(8 GiB\)/);
    assert.match(c.querySelector('[data-field="estimateNote"]')?.textContent ?? '', /^Estimate/);
    assert.equal(c.querySelector('[data-field="checked"]')?.textContent, '3 images checked: 2 candidates, 1 in use, 0 recent or current');
    // a fresh, recently launched image is not listed, only counted
    const fresh = image(4, { name: 'fresh', creationDate: '2026-12-05T00:00:00Z', lastLaunchedTime: '2026-12-06T11:00:00Z' });
    const withFresh = buildReport({ reads: [{ region: 'us-east-1', images: [fresh], references: [], facts: {} }], rule: { kind: 'name' }, settings: CLEANUP_DEFAULTS, now: NOW });
    const f = rendered(withFresh);
    assert.equal(f.querySelector('[data-field="checked"]')?.textContent, '1 image checked: 0 candidates, 0 in use, 1 recent or current');
    assert.equal(f.querySelectorAll(`tr[data-image="${fresh.imageId}"]`).length, 0);
    assert.match(f.querySelector('[data-field="noCandidates"]')?.textContent ?? '', /recent or current/);
    assert.match(c.querySelector('button[data-key="deregister"]')?.textContent ?? '', /Deregister Selected… \(1\)/);
    assert.match(c.querySelector('[data-region="eu-west-1"]')?.textContent ?? '', /could not be listed/);
    assert.match(c.querySelector('[data-field="protection"]')?.textContent ?? '', /Deregistration protection: On/);
  });

  it('kept state: a report kept by an earlier version (without the counts) is dropped, the key and sort kept', () => {
    const model = reportOf(BENIGN);
    const key = { regions: ['us-east-1'], family: { kind: 'name' } };
    assert.equal(keptCleanupState({ version: 1, key, model, sort: 'size' })?.model, model);
    const { recent: _r, notAssessed: _n, ...old } = model;
    assert.equal(_r.length + _n, 0);
    assert.deepEqual(keptCleanupState({ version: 1, key, model: old, sort: 'size' }), { version: 1, key, sort: 'size' });
    assert.equal(keptCleanupState({ version: 1, model }), undefined, 'no key: nothing kept');
    assert.equal(keptCleanupState('x'), undefined);
  });
});
