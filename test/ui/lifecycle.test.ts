/**
 * Retiring an image as a person does, in the real workbench against the emulator: right-click an
 * owned image, Deregister…, read the confirmation (it names the image, region and account, the
 * snapshots, and what still uses the image: here an SSM parameter), then (b) Cancel — the request
 * log shows no DeregisterImage or DeleteSnapshot and the image is still there — and (a) "Deregister
 * and Delete Snapshots" — the image leaves the tree and its snapshots leave the store. (c) The
 * details panel's Lifecycle section shows protection and deprecation and its Disable… asks first.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { addShareableImage } from '../unit/emulator/helpers';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';
const NAME = 'ui-retire-me';
const PARAMETER = '/ui/retire/current';

function actionsSince(start: number, actions: readonly string[]): string[] {
  return ui()
    .emulator.requests.slice(start)
    .filter((r) => actions.includes(r.action))
    .map((r) => r.action);
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Deregister (UI)', () => {
  let wb: Workbench;
  let imageId: string;
  let snapshotIds: string[];

  /** Right-click → Deregister… → the confirmation dialog, with its text. */
  async function openConfirmation(): Promise<{ text: string; dialog: ReturnType<Workbench['page']['locator']> }> {
    const items = await wb.contextMenu(NAME);
    assert.ok(items.includes('Deregister…'), `menu: ${items.join(', ')}`);
    await wb.clickMenuItem('Deregister…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    return { text: await dialog.innerText(), dialog };
  }

  before(async () => {
    const made = addShareableImage(ui().emulator.store, REGION, { ownerId: DEFAULT_ACCOUNT, name: NAME, volumes: [{}, {}] });
    imageId = made.imageId;
    snapshotIds = made.snapshotIds;
    // Something still uses it: an SSM parameter whose value is the image id.
    ui().emulator.store.references.addSsmParameter({ name: PARAMETER, ownerId: DEFAULT_ACCOUNT, region: REGION, value: imageId });
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
    await wb.expand(REGION);
    const visible = await wb.waitForTreeItem(NAME, 15_000).then(
      () => true,
      () => false,
    );
    if (!visible) {
      await wb.collapse(REGION);
      await wb.expand(REGION);
    }
  });

  after(async () => {
    await wb?.close();
    if (ui().emulator.store.getImage(REGION, imageId)) ui().emulator.store.removeImage(REGION, imageId);
  });

  it('(b) Cancel in the confirmation sends no DeregisterImage or DeleteSnapshot, and the image stays', async () => {
    const start = ui().emulator.requests.length;
    const { text, dialog } = await openConfirmation();
    assert.match(text, new RegExp(`Deregister "${NAME}" \\(${imageId}\\)\\?`));
    assert.match(text, new RegExp(`in ${REGION}, account ${DEFAULT_ACCOUNT}`));
    assert.match(text, new RegExp(`SSM parameter ${PARAMETER.replace(/\//g, '\\/')}`));
    await wb.screenshot('lifecycle-deregister-confirmation');
    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    // Give a wrongly sent call time to arrive before looking at the log.
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(actionsSince(start, ['DeregisterImage', 'DeleteSnapshot']), []);
    assert.ok(ui().emulator.store.getImage(REGION, imageId), 'the image is still there');
    for (const s of snapshotIds) assert.ok(ui().emulator.store.getSnapshot(REGION, s), `${s} is still there`);
    await wb.waitForTreeItem(NAME, 5_000);
    await wb.screenshot('lifecycle-deregister-cancelled');
  });

  it('(c) the details panel shows protection and deprecation, and its Disable… asks first; Cancel sends no DisableImage', async () => {
    await (await wb.waitForTreeItem(NAME)).click();
    const frame = wb.webviewFrame();
    await frame.locator('h1[data-field="title"]', { hasText: NAME }).waitFor({ state: 'visible', timeout: 30_000 });
    const section = frame.locator('section[data-section="lifecycle"]');
    await section.locator('[data-field="protection"]', { hasText: 'Off' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await section.locator('[data-field="deprecation"]').innerText()).trim(), 'Not scheduled');
    const start = ui().emulator.requests.length;
    await section.locator('button[data-key="disable"]').click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await dialog.innerText();
    assert.match(text, new RegExp(`Disable "${NAME}" \\(${imageId}\\)\\?`));
    assert.match(text, /does not restore the launch permissions/);
    assert.match(text, /still used by 1 SSM parameter/);
    await wb.screenshot('lifecycle-panel-disable-confirmation');
    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(actionsSince(start, ['DisableImage']), []);
    assert.equal(ui().emulator.store.getImage(REGION, imageId)?.state, 'available');
  });

  it('(a) "Deregister and Delete Snapshots" after the confirmation that lists the reference: the image leaves the tree, its snapshots the store', async () => {
    const start = ui().emulator.requests.length;
    const { text, dialog } = await openConfirmation();
    assert.match(text, /still used by 1 SSM parameter/);
    assert.match(text, new RegExp(snapshotIds.join(', ')));
    await dialog.locator('.monaco-button', { hasText: /^Deregister and Delete Snapshots$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(() => ui().emulator.store.getImage(REGION, imageId) === undefined, 'the image to be deregistered');
    const sent = ui().emulator.requests.slice(start).filter((r) => r.action === 'DeregisterImage');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.params.DeleteAssociatedSnapshots, 'true');
    for (const s of snapshotIds) assert.equal(ui().emulator.store.getSnapshot(REGION, s), undefined, `${s} deleted`);
    await wb.treeItem(NAME).waitFor({ state: 'detached', timeout: 30_000 });
    await until(async () => (await wb.notifications()).some((n) => /was deregistered/.test(n)), 'the result notification');
    const note = (await wb.notifications()).find((n) => /was deregistered/.test(n)) ?? '';
    for (const s of snapshotIds) assert.match(note, new RegExp(`${s} deleted`));
    await wb.screenshot('lifecycle-deregistered');
  });
});
