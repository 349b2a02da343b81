/**
 * Hygiene marks and Allowed AMIs (issue #11) as a person sees them in the real workbench: image
 * rows carry their marks, hovering one shows the Hygiene part of its tooltip, the details panel
 * lists the marks, hovering a region shows its Allowed AMIs state, and turning the setting off
 * removes the marks from the tree and the panel. Screenshots of each step.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Locator } from 'playwright-core';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT } from '../emulator/accounts';
import type { EmuImage } from '../emulator/types';
import { Workbench, ui } from './support/workbench';

/** Audit mode in the seed, with the providers Amazon and DEFAULT_ACCOUNT: others' images are not allowed. */
const REGION = 'eu-west-1';

const labelOf = (i: EmuImage): string => i.tags.find((t) => t.key === 'Name')?.value.trim() || i.name;

/** An image another account shares with mine explicitly, listed (available, not deprecated), with a plain label. */
function sharedWithMe(): EmuImage {
  const now = Date.now();
  const image = ui()
    .emulator.store.images(REGION)
    .find(
      (i) =>
        i.ownerId === OTHER_ACCOUNT &&
        i.state === 'available' &&
        (i.deprecationTime === undefined || Date.parse(i.deprecationTime) > now) &&
        i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT) &&
        /^[\w.-]+$/.test(labelOf(i)),
    );
  assert.ok(image, 'a seeded image shared with me by another account');
  return image;
}

/** The hover widget VS Code shows for a tree row, once it holds `text`. */
async function hoverShowing(wb: Workbench, row: Locator, text: string | RegExp): Promise<Locator> {
  const hover = wb.page.locator('.monaco-hover', { hasText: text }).last();
  for (let attempt = 0; attempt < 3; attempt++) {
    await wb.page.mouse.move(0, 0);
    await row.locator('.label-name').hover();
    if (await hover.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) return hover;
  }
  await hover.waitFor({ state: 'visible', timeout: 5_000 });
  return hover;
}

/**
 * Ticks or clears "Hygiene Marks" in the Settings editor, as a person does (this harness does not
 * apply settings.json edits to an open window), then closes the Settings editor.
 */
async function setHygieneMarks(wb: Workbench, on: boolean): Promise<void> {
  await wb.runCommand('Preferences: Open User Settings');
  const editor = wb.page.locator('.settings-editor');
  await editor.waitFor({ state: 'visible', timeout: 30_000 });
  await wb.page.keyboard.press('ControlOrMeta+A');
  await wb.page.keyboard.type('amiExplorer.images.hygieneMarks');
  const item = editor.locator('.setting-item-contents', { hasText: 'Hygiene Marks' }).first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  const box = item.locator('.setting-value-checkbox');
  if (((await box.getAttribute('aria-checked')) === 'true') !== on) await box.click();
  await wb.page.waitForFunction(
    ([el, want]) => (el as Element).getAttribute('aria-checked') === want,
    [await box.elementHandle(), String(on)] as const,
    { timeout: 10_000 },
  );
  await wb.screenshot(`hygiene-setting-${on ? 'on' : 'off'}`);
  await wb.runCommand('View: Close Editor');
}

/** Widens the side bar so that row descriptions (where the marks are) are readable in screenshots. */
async function widenSidebar(wb: Workbench, width: number): Promise<void> {
  const box = await wb.sidebar().boundingBox();
  if (!box) return;
  const x = box.x + box.width - 1;
  const y = box.y + box.height / 2;
  await wb.page.mouse.move(x, y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(box.x + width, y, { steps: 5 });
  await wb.page.mouse.up();
}

describe('Hygiene marks (UI)', () => {
  let wb: Workbench;
  let image: EmuImage;
  /** The side bar's width before the test widened it (the workbench keeps it for later windows). */
  let sidebarWidth: number | undefined;

  before(async () => {
    image = sharedWithMe();
    ui().updateSettings({
      'amiExplorer.regions': [REGION],
      'amiExplorer.images.owners': ['self', 'shared-with-me'],
      'amiExplorer.tree.groupByTag': '',
      'amiExplorer.images.filter': '',
      'amiExplorer.images.hygieneMarks': true,
    });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
    sidebarWidth = (await wb.sidebar().boundingBox())?.width;
    await widenSidebar(wb, 760);
    await wb.expand(REGION);
  });

  after(async () => {
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    if (wb && sidebarWidth !== undefined) await widenSidebar(wb, sidebarWidth).catch(() => undefined);
    ui().updateSettings({ 'amiExplorer.images.hygieneMarks': true, 'amiExplorer.images.owners': ['self'] });
    await wb?.close();
  });

  it('image rows show their marks; hovering one shows its Hygiene section', async () => {
    const marked = wb.sidebar().locator('.monaco-list-row[role="treeitem"] .label-description', { hasText: '⚠' });
    await marked.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok((await marked.count()) > 0);
    await wb.screenshot('hygiene-tree');

    const row = await wb.waitForTreeItem(labelOf(image));
    const description = row.locator('.label-description');
    await description.filter({ hasText: 'not allowed' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await description.innerText(), new RegExp(`^${image.imageId} · .* · ⚠ not allowed`));
    const hover = await hoverShowing(wb, row, 'Hygiene');
    assert.match(await hover.innerText(), /Error: not allowed\. This account's Allowed AMIs settings do not allow it/);
    await wb.screenshot('hygiene-image-tooltip');
    await wb.page.mouse.move(0, 0);
  });

  it('the details panel lists the marks in its Hygiene section', async () => {
    await (await wb.waitForTreeItem(labelOf(image))).click();
    const frame = wb.webviewFrame();
    const section = frame.locator('section[data-section="hygiene"]');
    await section.locator('li[data-mark="notAllowed"]').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await section.locator('h2').innerText(), 'Hygiene');
    const marks = await section.locator('li[data-mark]').evaluateAll((els) => els.map((e) => e.getAttribute('data-mark')));
    assert.equal(marks[0], 'notAllowed', 'the error first');
    assert.ok(!marks.includes('unprotected'), 'not mine: no deregistration protection mark');
    assert.match(await section.locator('li[data-mark="notAllowed"] [data-field="explanation"]').innerText(), /Allowed AMIs settings do not allow it/);
    await section.scrollIntoViewIfNeeded();
    const shot = await wb.screenshot('hygiene-details');
    assert.ok(fs.statSync(shot).size > 10_000);
  });

  it('hovering the region shows its Allowed AMIs state and criteria', async () => {
    const region = await wb.waitForTreeItem(REGION);
    const hover = await hoverShowing(wb, region, 'Allowed AMIs');
    const text = await hover.innerText();
    assert.match(text, /Allowed AMIs: audit mode: every image can be used/);
    assert.match(text, new RegExp(`Criterion 1: providers amazon, ${DEFAULT_ACCOUNT}`));
    await wb.screenshot('hygiene-region-tooltip');
    await wb.page.mouse.move(0, 0);
  });

  it('turning the setting off removes the marks from the tree and the panel; on brings them back', async () => {
    await setHygieneMarks(wb, false);
    const rows = wb.sidebar().locator('.monaco-list-row[role="treeitem"] .label-description');
    const row = await wb.waitForTreeItem(labelOf(image));
    const description = row.locator('.label-description');
    await description.filter({ hasNotText: '⚠' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.doesNotMatch(await description.innerText(), /⚠|not allowed/);
    assert.ok((await rows.count()) > 5);
    assert.equal(await rows.filter({ hasText: '⚠' }).count(), 0, 'no row shows a mark');
    await (await wb.waitForTreeItem(labelOf(image))).click();
    const frame = wb.webviewFrame();
    await frame.locator('section[data-section="volumes"]').waitFor({ state: 'visible', timeout: 30_000 });
    await frame.locator('section[data-section="hygiene"]').waitFor({ state: 'detached', timeout: 30_000 });
    await wb.screenshot('hygiene-off');

    await setHygieneMarks(wb, true);
    await description.filter({ hasText: '⚠ not allowed' }).waitFor({ state: 'visible', timeout: 30_000 });
    await (await wb.waitForTreeItem(labelOf(image))).click();
    await wb.webviewFrame().locator('section[data-section="hygiene"] li[data-mark="notAllowed"]').waitFor({ state: 'visible', timeout: 30_000 });
  });
});
