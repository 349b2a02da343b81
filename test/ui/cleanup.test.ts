/**
 * The clean-up report as a person uses it, in the real workbench against the emulator: right-click
 * a region → Find Unused AMIs…, keep the ticked region, pick the name rule; the report shows the
 * seed's referenced image (used by the instance web-server-1 and more) under "Excluded (in use)"
 * and never among the candidates; an unreferenced image of this test's made yesterday and launched an
 * hour ago is not offered, only counted in the summary line ("N images checked: …"); tick two candidates, Deregister Selected…, read the one
 * confirmation (both images and their snapshots), confirm: the rows leave the report and the
 * images and snapshots leave the emulator. Screenshots in test-results/ui/cleanup-*.png.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, ownedAvailableImages } from '../emulator/index';
import { addShareableImage } from '../unit/emulator/helpers';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Find Unused AMIs (UI)', () => {
  let wb: Workbench;
  /**
   * Two images of this test's own that look unused (made in 2020, last launched in 2021,
   * unreferenced), so the seeded ones other suites use stay; and one fresh one (made yesterday,
   * launched an hour ago, unreferenced) that must not be offered.
   */
  const made: { imageId: string; snapshotIds: string[] }[] = [];
  let fresh: { imageId: string; snapshotIds: string[] } | undefined;

  before(async () => {
    const store = ui().emulator.store;
    for (const n of [1, 2]) {
      const image = addShareableImage(store, REGION, { ownerId: DEFAULT_ACCOUNT, name: `ui-cleanup-old-2020.0${n}.01`, volumes: n === 1 ? [{}, {}] : [{}] });
      store.modifyImage(REGION, image.imageId, { creationDate: `2020-0${n}-01T00:00:00.000Z`, lastLaunchedTime: `2021-0${n}-01T00:00:00.000Z` });
      made.push(image);
    }
    fresh = addShareableImage(store, REGION, { ownerId: DEFAULT_ACCOUNT, name: 'ui-cleanup-fresh' });
    store.modifyImage(REGION, fresh.imageId, { creationDate: new Date(Date.now() - 86_400_000).toISOString(), lastLaunchedTime: new Date(Date.now() - 3_600_000).toISOString() });
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open({ viewport: { width: 1600, height: 1000 } });
    await wb.openAmiExplorer();
    await wb.expand(REGION);
  });

  after(async () => {
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    await wb?.close();
    for (const m of [...made, ...(fresh ? [fresh] : [])]) if (ui().emulator.store.getImage(REGION, m.imageId)) ui().emulator.store.removeImage(REGION, m.imageId);
  });

  it('shows the referenced image as excluded, and deregisters two selected candidates after one confirmation', async () => {
    const store = ui().emulator.store;
    // the seed's referenced image: its second-newest owned one (this test's fresh image left out)
    const referenced = ownedAvailableImages(store, REGION).filter((i) => i.imageId !== fresh?.imageId)[1];
    assert.ok(referenced, 'the seed references an owned image');

    const items = await wb.contextMenu(REGION);
    assert.ok(items.includes('Find Unused AMIs…'), `menu: ${items.join(', ')}`);
    await wb.clickMenuItem('Find Unused AMIs…');
    // regions: the clicked one is ticked; accept
    assert.ok((await wb.quickPickItems()).includes(REGION));
    await wb.acceptQuickInput();
    // family rule
    await until(async () => (await wb.quickPickItems()).some((l) => /^Name without/.test(l)), 'the family rule pick');
    await wb.pickQuickItem(/^Name without its version or date suffix$/);

    const frame = wb.webviewFrame();
    const candidates = frame.locator('table.candidates');
    await candidates.waitFor({ state: 'visible', timeout: 60_000 });
    const excludedRow = frame.locator(`table.excluded tr[data-image="${referenced.imageId}"]`);
    await excludedRow.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await excludedRow.innerText(), /instance i-[0-9a-f]+/);
    assert.equal(await candidates.locator(`tr[data-image="${referenced.imageId}"]`).count(), 0, 'the referenced image is not a candidate');
    assert.match(await frame.locator('[data-field="totals"]').innerText(), /candidates? · \d+ GiB of snapshots · estimated \$\d+\.\d\d per month/);
    assert.match(await frame.locator('[data-field="estimateNote"]').innerText(), /^Estimate/);
    // the fresh unreferenced image is neither a candidate nor in use: only counted as recent or current
    assert.ok(fresh);
    assert.equal(await frame.locator(`tr[data-image="${fresh.imageId}"]`).count(), 0, 'the fresh image is not listed');
    const owned = store.images(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'deregistered').length;
    const summary = await frame.locator('[data-field="checked"]').innerText();
    const counted = new RegExp(`^${owned} images checked: (\\d+) candidates?, (\\d+) in use, (\\d+) recent or current`).exec(summary);
    assert.ok(counted, summary);
    assert.equal(Number(counted[1]), await candidates.locator('tbody tr').count(), 'candidates counted as listed');
    assert.equal(Number(counted[2]), await frame.locator('table.excluded tbody tr').count(), 'in use counted as listed');
    assert.ok(Number(counted[3]) >= 1, 'the fresh image is counted as recent or current');
    await wb.screenshot('cleanup-report-summary');
    await frame.locator('section[data-section="excluded"]').scrollIntoViewIfNeeded();
    await wb.screenshot('cleanup-report-excluded');

    // the two images this test made: the oldest, so the first rows by age
    const ids = made.map((m) => m.imageId);
    const snapshotIds = made.flatMap((m) => m.snapshotIds);
    for (const id of ids) await candidates.locator(`tr[data-image="${id}"]`).waitFor({ state: 'visible' });
    await candidates.locator('tbody tr').first().scrollIntoViewIfNeeded();
    for (const id of ids) await candidates.locator(`tr[data-image="${id}"] vscode-checkbox`).click();
    const deregister = frame.locator('button[data-key="deregister"]');
    await until(async () => /\(2\)/.test(await deregister.innerText()), 'two rows selected');
    await wb.screenshot('cleanup-report-selected');
    await deregister.click();

    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await dialog.innerText();
    assert.match(text, new RegExp(`Deregister 2 images and delete ${snapshotIds.length} snapshots? in ${REGION} \\(account ${DEFAULT_ACCOUNT}, profile default\\)\\?`));
    for (const id of [...ids, ...snapshotIds]) assert.ok(text.includes(id), `the confirmation names ${id}`);
    assert.ok(!text.includes(referenced.imageId));
    await wb.screenshot('cleanup-deregister-confirmation');
    await dialog.locator('.monaco-button', { hasText: /^Deregister and Delete Snapshots$/ }).click();

    await frame.locator('[data-field="result"][data-status="done"]').waitFor({ state: 'visible', timeout: 60_000 });
    await until(async () => (await candidates.locator(ids.map((id) => `tr[data-image="${id}"]`).join(', ')).count()) === 0, 'the rows leave the report');
    for (const id of ids) {
      const image = store.getImage(REGION, id);
      assert.ok(!image || image.state === 'deregistered', `${id} deregistered`);
    }
    const left = store.snapshots(REGION).map((s) => s.snapshotId);
    for (const s of snapshotIds) assert.ok(!left.includes(s), `${s} deleted`);
    assert.ok(store.getImage(REGION, referenced.imageId), 'the referenced image is untouched');
    await wb.screenshot('cleanup-after-deregister');
  });
});
