/**
 * Editing launch permissions as a person does, in the real workbench against the emulator: open
 * the editor from the palette, the tree and the details panel, add an account and apply (the other
 * account then sees the image, and may create volumes from its snapshot), remove one, see "Make
 * public" refused while block public access is on, and cancel the confirmation of making an image
 * public (the emulator's request log shows that no ModifyImageAttribute was sent).
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import type { FrameLocator } from 'playwright-core';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, THIRD_ACCOUNT } from '../emulator/accounts';
import { FIXTURE_NAMES } from '../emulator/seed';
import { OTHER_ACCESS_KEY, THIRD_ACCESS_KEY, addShareableImage, client } from '../unit/emulator/helpers';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';
const NAME = 'ui-share-me <b>bold</b>';

/** The image ids `accessKeyId`'s account sees when it names the image (empty when it may not launch it). */
async function visibleTo(accessKeyId: string, imageId: string): Promise<string[]> {
  const ec2 = client(ui().emulator.url, { region: REGION, accessKeyId });
  try {
    const out = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    return (out.Images ?? []).map((i) => i.ImageId ?? '');
  } catch {
    return [];
  } finally {
    ec2.destroy();
  }
}

function actionsSince(start: number, action: string): Record<string, string>[] {
  return ui().emulator.requests.slice(start).filter((r) => r.action === action).map((r) => r.params);
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Edit launch permissions (UI)', () => {
  let wb: Workbench;
  let imageId: string;
  let snapshotId: string;

  /** The editor page of the visible panel, once it shows the test image (the details page has the same title: wait for the editor's own section). */
  async function editor(): Promise<FrameLocator> {
    const frame = wb.webviewFrame();
    await frame.locator('section[data-section="entries"]').waitFor({ state: 'visible', timeout: 30_000 });
    await frame.locator('h1[data-field="title"]', { hasText: NAME }).waitFor({ state: 'visible', timeout: 30_000 });
    return frame;
  }

  async function openFromPalette(): Promise<FrameLocator> {
    await wb.runCommand('AMI Explorer: Edit Launch Permissions…');
    await wb.quickPickItems();
    await wb.acceptQuickInput(imageId);
    return editor();
  }

  before(async () => {
    const made = addShareableImage(ui().emulator.store, REGION, { ownerId: DEFAULT_ACCOUNT, name: NAME, launchPermissions: [{ userId: THIRD_ACCOUNT }] });
    imageId = made.imageId;
    snapshotId = made.snapshotIds[0] ?? '';
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
  });

  after(async () => {
    ui().emulator.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'unblocked', managedBy: 'account' });
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    await wb?.close();
    ui().emulator.store.removeImage(REGION, imageId);
  });

  it('is offered on images I own in the tree', async () => {
    await wb.expand(REGION);
    // A settings change while the window opened can leave the region expanded without its rows: open it again.
    const visible = await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink, 10_000).then(
      () => true,
      () => false,
    );
    if (!visible) {
      await wb.collapse(REGION);
      await wb.expand(REGION);
    }
    const items = await wb.contextMenu(FIXTURE_NAMES.kitchenSink);
    await wb.closeMenus();
    assert.ok(items.includes('Edit Launch Permissions…'), `menu: ${items.join(', ')}`);
  });

  it('names every bad entry with its reason and sends nothing while one is bad', async () => {
    const frame = await openFromPalette();
    const start = ui().emulator.requests.length;
    const field = frame.locator('vscode-textarea[data-key="addText"] textarea');
    await field.click();
    await field.fill(`${OTHER_ACCOUNT}, 12345\narn:aws:organizations::123456789012:ou/o-abc/ou-1 ${DEFAULT_ACCOUNT}`);
    const bad = frame.locator('[data-field="addInvalid"] li');
    await until(async () => (await bad.count()) === 3, 'three invalid entries');
    const reasons = await bad.allInnerTexts();
    assert.match(reasons[0] ?? '', /^12345: an account id has exactly 12 digits/);
    assert.match(reasons[1] ?? '', /organization id must be "o-" followed by 10 to 32/);
    assert.match(reasons[2] ?? '', /owner’s own account/);
    assert.match(await frame.locator('[data-field="addPreview"]').innerText(), /1 × an account id/);
    assert.equal(await frame.locator('button[data-key="apply"]').isDisabled(), true, 'Apply is disabled while an entry is bad');
    await wb.screenshot('permissions-invalid-entries');
    await field.fill('');
    assert.deepEqual(actionsSince(start, 'ModifyImageAttribute'), []);
  });

  it('adds an account and applies it: the image and its snapshot are shared, and the other account sees the image', async () => {
    const frame = await openFromPalette();
    assert.deepEqual(await visibleTo(OTHER_ACCESS_KEY, imageId), [], 'not shared with the other account yet');
    const field = frame.locator('vscode-textarea[data-key="addText"] textarea');
    await field.click();
    await field.pressSequentially(OTHER_ACCOUNT);
    const added = frame.locator('[data-field="diff-image"] li[data-diff="added"]');
    await until(async () => (await added.count()) === 1, 'the pending addition');
    assert.equal((await added.innerText()).trim(), `+ account ${OTHER_ACCOUNT}`);
    assert.match(await frame.locator(`[data-field="diff-snapshots"] li[data-snapshot="${snapshotId}"]`).innerText(), new RegExp(`\\+ ${OTHER_ACCOUNT}`));
    await wb.screenshot('permissions-pending-add');

    const start = ui().emulator.requests.length;
    await frame.locator('button[data-key="apply"]').click();
    const result = frame.locator('[data-field="result"]');
    await result.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await result.getAttribute('data-status'), 'applied', await result.innerText());
    assert.match(await result.innerText(), new RegExp(`re-read: not public; accounts ${OTHER_ACCOUNT}, ${THIRD_ACCOUNT}`));

    const image = ui().emulator.store.getImage(REGION, imageId);
    assert.ok(image?.launchPermissions.some((p) => p.userId === OTHER_ACCOUNT), 'the emulator holds the new launch permission');
    const snapshot = ui().emulator.store.getSnapshot(REGION, snapshotId);
    assert.ok(snapshot?.createVolumePermissions.some((p) => p.userId === OTHER_ACCOUNT), 'the snapshot was shared too');
    const modify = actionsSince(start, 'ModifyImageAttribute');
    assert.equal(modify.length, 1, 'one ModifyImageAttribute');
    assert.equal(modify[0]?.['LaunchPermission.Add.1.UserId'], OTHER_ACCOUNT);
    assert.equal(Object.keys(modify[0] ?? {}).some((k) => k.startsWith('LaunchPermission.Remove')), false, 'nothing removed');
    assert.deepEqual(await visibleTo(OTHER_ACCESS_KEY, imageId), [imageId], 'the other account now sees the image');

    // The page shows the re-read state: the new account is a current entry, the field is empty.
    await frame.locator(`tr[data-entry="${OTHER_ACCOUNT}"][data-state="current"]`).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await field.inputValue(), '');
    await wb.screenshot('permissions-applied');
  });

  it('removes an account: EC2 gets only the Remove, and that account no longer sees the image', async () => {
    const frame = await openFromPalette();
    assert.deepEqual(await visibleTo(THIRD_ACCESS_KEY, imageId), [imageId]);
    await frame.locator(`button[data-key="remove:${THIRD_ACCOUNT}"]`).click();
    const removed = frame.locator('[data-field="diff-image"] li[data-diff="removed"]');
    await removed.waitFor({ state: 'visible' });
    assert.equal((await removed.innerText()).trim(), `− account ${THIRD_ACCOUNT}`);
    const start = ui().emulator.requests.length;
    await frame.locator('button[data-key="apply"]').click();
    const result = frame.locator('[data-field="result"]');
    await result.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await result.getAttribute('data-status'), 'applied', await result.innerText());
    const modify = actionsSince(start, 'ModifyImageAttribute');
    assert.equal(modify.length, 1);
    assert.equal(modify[0]?.['LaunchPermission.Remove.1.UserId'], THIRD_ACCOUNT);
    assert.equal(Object.keys(modify[0] ?? {}).some((k) => k.startsWith('LaunchPermission.Add')), false, 'nothing added');
    assert.equal(ui().emulator.store.getImage(REGION, imageId)?.launchPermissions.some((p) => p.userId === THIRD_ACCOUNT), false);
    assert.deepEqual(await visibleTo(THIRD_ACCESS_KEY, imageId), [], 'the removed account no longer sees it');
    await frame.locator(`tr[data-entry="${THIRD_ACCOUNT}"]`).waitFor({ state: 'detached', timeout: 15_000 });
    await wb.screenshot('permissions-removed');
  });

  it('refuses "Make public" while block public access is on, saying how it is lifted', async () => {
    const store = ui().emulator.store;
    store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'block-new-sharing', managedBy: 'account' });
    try {
      const frame = await openFromPalette();
      const start = ui().emulator.requests.length;
      await frame.locator('button[data-key="refresh"]').click();
      const blocked = frame.locator('[data-field="publicBlocked"]');
      await blocked.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await blocked.innerText(), new RegExp(`blocked in ${REGION}.*aws ec2 disable-image-block-public-access --region ${REGION}`));
      assert.equal(await frame.locator('button[data-key="makePublic"]').count(), 0, 'Make public is not offered');
      await wb.screenshot('permissions-public-blocked');

      // Under a declarative policy the page says it cannot be lifted from this account.
      store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { managedBy: 'declarative-policy' });
      await frame.locator('button[data-key="refresh"]').click();
      await frame.locator('[data-field="publicBlocked"]', { hasText: 'cannot be lifted from this account' }).waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await frame.locator('button[data-key="makePublic"]').count(), 0);
      assert.deepEqual(actionsSince(start, 'ModifyImageAttribute'), []);
    } finally {
      store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'unblocked', managedBy: 'account' });
    }
  });

  it('asks before making the image public, naming it, its region and account; Cancel sends nothing', async () => {
    const frame = await openFromPalette();
    await frame.locator('button[data-key="refresh"]').click();
    const makePublic = frame.locator('button[data-key="makePublic"]');
    await makePublic.waitFor({ state: 'visible', timeout: 30_000 });
    await makePublic.click();
    await frame.locator('[data-field="diff-image"] li[data-diff="added"]', { hasText: 'public' }).waitFor({ state: 'visible' });
    const start = ui().emulator.requests.length;
    await frame.locator('button[data-key="apply"]').click();

    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await dialog.innerText();
    assert.ok(text.includes(imageId) && text.includes(NAME), `names the AMI: ${text}`);
    assert.ok(text.includes(REGION) && text.includes(DEFAULT_ACCOUNT), `names its region and account: ${text}`);
    await wb.screenshot('permissions-confirm-public');
    await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();

    const result = frame.locator('[data-field="result"]');
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await result.getAttribute('data-status'), 'cancelled');
    assert.deepEqual(actionsSince(start, 'ModifyImageAttribute'), [], 'no ModifyImageAttribute was sent');
    assert.equal(ui().emulator.store.getImage(REGION, imageId)?.launchPermissions.some((p) => p.group === 'all'), false, 'still not public');
    // The pending change stays, for the person to reconsider.
    assert.equal(await frame.locator('[data-field="diff-image"] li[data-diff="added"]', { hasText: 'public' }).count(), 1);
    await frame.locator('button[data-key="discard"]').click();
    await frame.locator('[data-field="noChange"]').waitFor({ state: 'visible' });
  });

  it('keeps what is being typed when the host pushes a new model', async () => {
    const frame = await openFromPalette();
    const field = frame.locator('vscode-textarea[data-key="addText"] textarea');
    await field.click();
    await field.pressSequentially('2109876');
    // Shared behind the panel's back; opening the editor again reads the permissions afresh.
    ui().emulator.store.addLaunchPermission(REGION, imageId, { userId: THIRD_ACCOUNT });
    await openFromPalette();
    await frame.locator(`tr[data-entry="${THIRD_ACCOUNT}"][data-state="current"]`).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await field.inputValue(), '2109876', 'the typed text survived the update');
    assert.equal(await frame.locator('[data-field="addInvalid"] li').count(), 1, 'and is still checked');
    await field.fill('');
  });

  it('opens from the details panel’s permissions section', async () => {
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('AMI Explorer: Inspect AMI');
    await wb.quickPickItems();
    await wb.acceptQuickInput(imageId);
    const details = wb.webviewFrame();
    const edit = details.locator('section[data-section="permissions"] button[data-key="editPermissions"]');
    await edit.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('permissions-details-edit');
    await edit.click();
    const frame = await editor();
    assert.ok(await frame.locator(`tr[data-entry="${OTHER_ACCOUNT}"]`).isVisible(), 'the editor of this image, with its entries');
    await wb.page.locator('.tabs-container .tab', { hasText: `Permissions: ${NAME}` }).first().waitFor({ state: 'visible' });
  });
});
