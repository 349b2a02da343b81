/**
 * Editing a tag as a person does, in the real workbench against the emulator: open an owned image
 * from the tree, click Edit on its Name row in the details panel, type the new value, choose
 * "Image only" — the tree node's label (the Name tag) and the panel's row show the new value, and
 * EC2 got one CreateTags for the image.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { addShareableImage } from '../unit/emulator/helpers';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';
const BEFORE = 'ui-tags-before';
const AFTER = 'ui-tags-after';

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Tags (UI)', () => {
  let wb: Workbench;
  let imageId: string;
  let snapshotId: string;

  before(async () => {
    const made = addShareableImage(ui().emulator.store, REGION, { ownerId: DEFAULT_ACCOUNT, name: 'ui-tags-image' });
    imageId = made.imageId;
    snapshotId = made.snapshotIds[0] ?? '';
    // Newest first: the image is on the tree's first page. Its label is its Name tag.
    ui().emulator.store.modifyImage(REGION, imageId, { creationDate: new Date().toISOString(), tags: [{ key: 'Name', value: BEFORE }, { key: 'Team', value: 'ui' }] });
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
  });

  after(async () => {
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    await wb?.close();
    ui().emulator.store.removeImage(REGION, imageId);
  });

  it('edits the Name tag from the details panel: the tree label and the panel follow', async () => {
    await wb.expand(REGION);
    const visible = await wb.waitForTreeItem(BEFORE, 10_000).then(
      () => true,
      () => false,
    );
    if (!visible) {
      // A settings change while the window opened can leave the region expanded without its rows.
      await wb.collapse(REGION);
      await wb.expand(REGION);
    }
    const items = await wb.contextMenu(BEFORE);
    await wb.closeMenus();
    for (const title of ['Add Tag…', 'Edit Tag…', 'Remove Tag…']) assert.ok(items.includes(title), `${title} in the menu: ${items.join(', ')}`);

    await (await wb.waitForTreeItem(BEFORE)).click();
    const frame = wb.webviewFrame();
    const row = frame.locator('section[data-section="tags"] tr[data-tag="Name"]');
    const edit = row.locator('button[data-key="editTag"]');
    await edit.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await row.locator('[data-field="tagValue"]').innerText()).trim(), BEFORE);
    await wb.screenshot('tags-details-before');

    const start = ui().emulator.requests.length;
    await edit.click();
    const input = wb.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible' });
    await until(async () => (await input.inputValue()) === BEFORE, 'the current value offered');
    await wb.acceptQuickInput(AFTER);
    const choices = await wb.quickPickItems();
    assert.ok(choices.includes('Image only') && choices.includes('Image and its snapshots'), choices.join(', '));
    assert.ok(choices.includes(`Also snapshot ${snapshotId}`), 'the snapshot is named');
    await wb.pickQuickItem('Image only');

    await wb.waitForTreeItem(AFTER, 30_000);
    await until(async () => (await row.locator('[data-field="tagValue"]').innerText()).trim() === AFTER, 'the panel shows the new value');
    await until(async () => (await wb.notifications()).some((n) => n.includes(`Set “Name” = “${AFTER}” on ${imageId}`)), 'the result notification');
    await wb.screenshot('tags-details-after');

    const stored = ui().emulator.store.getImage(REGION, imageId);
    assert.deepEqual(stored?.tags, [{ key: 'Name', value: AFTER }, { key: 'Team', value: 'ui' }]);
    assert.deepEqual(ui().emulator.store.getSnapshot(REGION, snapshotId)?.tags, [], 'the snapshot was left alone');
    const creates = ui().emulator.requests.slice(start).filter((r) => r.action === 'CreateTags');
    assert.equal(creates.length, 1);
    assert.equal(creates[0]?.params['ResourceId.1'], imageId);
    assert.equal(creates[0]?.params['Tag.1.Value'], AFTER);
  });
});
