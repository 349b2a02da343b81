/**
 * The details page's Hygiene section (issue #11) rendered into a DOM (happy-dom, as
 * detailsRender.test.ts does): one row per mark with its label and explanation as text, a note
 * when there is none, and no section at all when the model has none (the setting off).
 */
import * as assert from 'node:assert/strict';
import { buildDetailsModel, type DetailsInput, type DetailsModel } from '../../../src/model/details';
import type { AmiImage } from '../../../src/model/image';
import { ok } from '../../../src/model/result';
import { assertInert, loadPage, text, type DomWindow } from './domFixtures';
import type { DetailsActions, PageView } from '../../../src/webviews/details/ui/render.js' with { 'resolution-mode': 'import' };

interface PageBundle {
  render(value: unknown, container: Element): void;
  detailsPage(view: PageView, actions: DetailsActions): unknown;
}

const entry = `
import { render } from 'lit';
import { detailsPage } from './src/webviews/details/ui/render.ts';
globalThis.__hygienePage = { render, detailsPage };
`;

const NOW = new Date('2024-06-01T12:00:00.000Z');
const HOSTILE = '<img src=x onerror=alert(1)>[x](command:evil)';

function image(extra: Partial<AmiImage> = {}): AmiImage {
  return {
    imageId: 'ami-0123456789abcdef0',
    region: 'eu-west-1',
    name: HOSTILE,
    description: HOSTILE,
    ownerId: '123456789012',
    state: 'available',
    public: true,
    imageAllowed: false,
    productCodes: [],
    tags: { [HOSTILE]: HOSTILE },
    blockDeviceMappings: [{ deviceName: HOSTILE, kind: 'ebs', ebs: { snapshotId: 'snap-0123456789abcdef0', volumeSize: 8, encrypted: false } }],
    ...extra,
  };
}

function model(img: AmiImage, extra: Partial<DetailsInput> = {}): DetailsModel {
  return buildDetailsModel({ ref: { region: img.region, imageId: img.imageId }, image: img, launchPermissions: ok([{ group: 'all' }]), fetchedAt: NOW.toISOString(), showHygiene: true, ...extra }, NOW);
}

const noop = (): undefined => undefined;
const actions: DetailsActions = {
  refresh: noop, copyId: noop, openJson: noop, copyAs: noop, openImage: noop, editPermissions: noop, launch: noop, copyToRegion: noop,
  lifecycle: noop, findUsage: noop, whoUsesIt: noop, addTag: noop, editTag: noop, removeTag: noop, filter: noop,
};

describe('webviews/details/ui/render: Hygiene section (DOM)', function () {
  this.timeout(20000);
  let window: DomWindow;
  let page: PageBundle;

  before(async () => {
    ({ window, page } = await loadPage<PageBundle>(entry, '__hygienePage', 'hygieneRender'));
  });
  after(async () => {
    await window?.happyDOM.close();
  });

  function rendered(m: DetailsModel): Element {
    const div = window.document.createElement('div');
    window.document.body.appendChild(div);
    const view: PageView = { model: m, partial: false, loading: false, filter: '' };
    page.render(page.detailsPage(view, actions), div);
    return div;
  }

  it('lists each mark: label badge and explanation, in order, as text', () => {
    const root = rendered(model(image()));
    const section = root.querySelector('section[data-section="hygiene"]');
    assert.ok(section, 'the Hygiene section');
    assert.equal(text(section.querySelector('h2')), 'Hygiene');
    const rows = [...section.querySelectorAll('li[data-mark]')];
    assert.deepEqual(
      rows.map((r) => r.getAttribute('data-mark')),
      ['notAllowed', 'public', 'unencrypted', 'imdsV1', 'unprotected'],
    );
    const first = rows[0] as Element;
    assert.equal(text(first.querySelector('.badge')), 'not allowed');
    assert.ok(first.querySelector('.badge')?.classList.contains('tone-error'));
    assert.match(text(first.querySelector('[data-field="explanation"]')), /Allowed AMIs settings report it as not allowed/);
    assert.ok(rows[1]?.querySelector('.badge')?.classList.contains('tone-warn'));
    // The section comes right after the volumes (which stay first).
    const sections = [...root.querySelectorAll('section[data-section]')].map((s) => s.getAttribute('data-section'));
    assert.deepEqual(sections.slice(0, 2), ['volumes', 'hygiene']);
    assertInert(root);
  });

  it('a clean image: the note, no rows', () => {
    const root = rendered(model(image({ public: false, imageAllowed: true, imdsSupport: 'v2.0', deregistrationProtection: 'enabled', blockDeviceMappings: [] })));
    const section = root.querySelector('section[data-section="hygiene"]');
    assert.ok(section);
    assert.equal(section.querySelectorAll('li').length, 0);
    assert.equal(text(section.querySelector('[data-field="hygieneNote"]')), 'No hygiene marks: nothing to act on.');
  });

  it('no section when the model has none (the setting off)', () => {
    const root = rendered(model(image(), { showHygiene: false }));
    assert.equal(root.querySelector('section[data-section="hygiene"]'), null);
    assert.ok(root.querySelector('section[data-section="volumes"]'), 'the rest of the page is there');
  });
});
