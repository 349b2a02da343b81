/**
 * The clean-up report as a person uses it, in the real workbench against the emulator: right-click
 * a region → Find Unused AMIs…, keep the ticked region, pick the name rule; the report shows the
 * seed's referenced image (used by the instance web-server-1 and more) under "Excluded (in use)"
 * and never among the candidates; tick two candidates, Deregister Selected…, read the one
 * confirmation (both images and their snapshots), confirm: the rows leave the report and the
 * images and snapshots leave the emulator. Screenshots in test-results/ui/cleanup-*.png.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, ownedAvailableImages } from '../emulator/index';
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

  before(async () => {
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open({ viewport: { width: 1600, height: 1000 } });
    await wb.openAmiExplorer();
    await wb.expand(REGION);
  });

  after(async () => {
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    await wb?.close();
  });

  it('shows the referenced image as excluded, and deregisters two selected candidates after one confirmation', async () => {
    const store = ui().emulator.store;
    const referenced = ownedAvailableImages(store, REGION)[1];
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
    await frame.locator('section[data-section="excluded"]').scrollIntoViewIfNeeded();
    await wb.screenshot('cleanup-report-excluded');

    // two candidates that hold snapshots
    const rows = candidates.locator('tbody tr');
    const ids: string[] = [];
    for (let i = 0; i < (await rows.count()) && ids.length < 2; i++) {
      const id = (await rows.nth(i).getAttribute('data-image')) ?? '';
      const image = store.getImage(REGION, id);
      if (image && image.state === 'available' && image.blockDeviceMappings.some((m) => m.ebs?.snapshotId)) ids.push(id);
    }
    assert.equal(ids.length, 2);
    const snapshotIds = ids.flatMap((id) => (store.getImage(REGION, id)?.blockDeviceMappings ?? []).flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : [])));
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
