/**
 * The AMI tree as a person uses it: open the container, expand a region, read the images, group
 * them by a tag, filter them, right-click one, see a failing region and the welcome content.
 * Screenshots go to test-results/ui/tree-*.png.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import type { EmuImage } from '../emulator/types';
import { consoleUrl } from '../../src/model/format';
import { Workbench, ui } from './support/workbench';

const SETTINGS: Record<string, unknown> = {
  'amiExplorer.profiles': [],
  'amiExplorer.regions': ['us-east-1', 'eu-west-1'],
  'amiExplorer.images.owners': ['self'],
  'amiExplorer.tree.groupByTag': '',
  'amiExplorer.images.filter': '',
  'amiExplorer.images.pageSize': 50,
};

/** Label the tree gives an image: Name tag, else name, else id. */
function labelOf(image: EmuImage): string {
  const nameTag = image.tags.find((t) => t.key === 'Name')?.value.trim();
  return (nameTag || image.name.trim() || image.imageId).replace(/\s+/g, ' ');
}

/** My images in a region as the tree lists them: newest first, disabled ones included (images.showDisabled is on by default). */
function myImages(region: string): EmuImage[] {
  return ui()
    .emulator.store.images(region)
    .filter((i) => i.ownerId === DEFAULT_ACCOUNT)
    .sort((a, b) => Date.parse(b.creationDate) - Date.parse(a.creationDate) || (a.imageId < b.imageId ? -1 : 1));
}

/** A plain, unique label (no markup, no duplicates) to find a row by. */
function plainImage(region: string, predicate: (i: EmuImage) => boolean = () => true): EmuImage {
  const images = myImages(region);
  const found = images.find(
    (i) => predicate(i) && i.state !== 'disabled' && /^[\w .:-]+$/.test(labelOf(i)) && images.filter((j) => labelOf(j) === labelOf(i)).length === 1,
  );
  assert.ok(found, `no plainly named image in ${region}`);
  return found;
}

describe('AMI tree UI', () => {
  let wb: Workbench;
  let saved: Record<string, unknown>;

  before(async () => {
    const current = ui().harness.sandbox.readUserSettings();
    saved = Object.fromEntries(Object.keys(SETTINGS).map((k) => [k, current[k] ?? SETTINGS[k]]));
    ui().updateSettings(SETTINGS);
    wb = await Workbench.open();
  });

  after(async () => {
    ui().emulator.faults.reset();
    await wb?.close();
    ui().updateSettings(saved);
  });

  afterEach(() => {
    ui().emulator.faults.reset();
  });

  it('opens the container and shows the configured regions', async () => {
    await wb.openAmiExplorer();
    await wb.waitForTreeItem('us-east-1');
    await wb.waitForTreeItem('eu-west-1');
    // Both regions finish loading and say how many images they hold.
    const count = myImages('us-east-1').length;
    await wb.treeItem('us-east-1').locator('.label-description', { hasText: `${count} images` }).waitFor({ state: 'visible' });
    // View-title actions, by their accessible names.
    const titleActions = wb.sidebar().locator('.title-actions .action-label, .pane-header .actions .action-label');
    const names = await titleActions.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    for (const expected of ['Filter Images…', 'Group by Tag…', 'Refresh']) {
      assert.ok(names.some((n) => n.startsWith(expected)), `no "${expected}" action in ${names.join(', ')}`);
    }
    await wb.screenshot('tree-regions');
  });

  it('expands a region and lists its images newest first, with id and age', async () => {
    await wb.openAmiExplorer();
    await wb.expand('us-east-1');
    const newest = myImages('us-east-1')[0];
    assert.ok(newest);
    const row = await wb.waitForTreeItem(labelOf(newest));
    assert.match(await row.locator('.label-description').innerText(), new RegExp(`^${newest.imageId} · ${newest.architecture} · `));
    // The row right after the region is the newest image.
    const labels = await wb.sidebar().locator('.monaco-list-row[role="treeitem"] .label-name').allInnerTexts();
    assert.equal(labels[labels.indexOf('us-east-1') + 1], labelOf(newest));
    await wb.screenshot('tree-images');
  });

  it('shows an image\'s volumes when expanded', async () => {
    await wb.openAmiExplorer();
    await wb.expand('us-east-1');
    const image = plainImage('us-east-1', (i) => i.blockDeviceMappings.length > 1);
    await wb.expand(labelOf(image));
    // One row per mapping, each saying what the volume is: EBS size and snapshot, or instance store.
    for (const m of image.blockDeviceMappings) {
      const row = await wb.waitForTreeItem(m.deviceName);
      const description = await row.locator('.label-description').innerText();
      if (m.ebs) {
        assert.match(description, /^EBS · /, m.deviceName);
        if (m.ebs.volumeSize !== undefined) assert.ok(description.includes(`${m.ebs.volumeSize} GiB`), `${m.deviceName}: ${description}`);
        if (m.ebs.snapshotId) assert.ok(description.includes(m.ebs.snapshotId), `${m.deviceName}: ${description}`);
      } else if (m.virtualName) {
        assert.equal(description, `instance store ${m.virtualName}`);
      } else {
        assert.equal(description, 'no device (suppressed)');
      }
    }
    await wb.screenshot('tree-volumes');
    await wb.collapse(labelOf(image));
  });

  it('right-click on an image shows its menu, copy first, and Copy Image ID copies it', async () => {
    await wb.openAmiExplorer();
    await wb.expand('us-east-1');
    const image = plainImage('us-east-1');
    const items = await wb.contextMenu(labelOf(image));
    await wb.screenshot('tree-context-menu');
    for (const label of ['Copy Image ID', 'Copy as JSON', 'Open in AWS Console']) assert.ok(items.includes(label), `${label} missing from ${items.join(', ')}`);
    assert.ok(items.indexOf('Copy Image ID') < items.indexOf('Copy as JSON'));
    assert.ok(items.indexOf('Copy as JSON') < items.indexOf('Open in AWS Console'));
    await wb.clickMenuItem('Copy Image ID');
    await wb.page.locator('.statusbar', { hasText: `Copied ${image.imageId}` }).waitFor({ state: 'visible' });
  });

  it('Open in AWS Console opens the image\'s page in the EC2 console of its region', async () => {
    await wb.openAmiExplorer();
    await wb.expand('us-east-1');
    const image = plainImage('us-east-1');
    const expected = consoleUrl('us-east-1', image.imageId);
    assert.ok(expected);
    await wb.contextMenu(labelOf(image));
    await wb.clickMenuItem('Open in AWS Console');
    // The workbench asks before opening an external site; its dialog names the address (the
    // middle may be elided): the console of us-east-1, ending in this image's id.
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await dialog.innerText();
    await wb.screenshot('tree-open-console');
    assert.match(text, /open the external website\?/);
    const shown = text.split('\n').map((l) => l.trim()).find((l) => l.startsWith('https://'));
    assert.ok(shown, text);
    assert.ok(shown.startsWith(expected.slice(0, expected.indexOf('?') + 1)), `${shown} is not ${expected}`);
    assert.ok(shown.endsWith(image.imageId.slice(-10)), `${shown} does not end with ${image.imageId}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('groups by a tag chosen from the tag keys seen', async () => {
    await wb.openAmiExplorer();
    await wb.runCommand('AMI Explorer: Group by Tag…');
    const keys = await wb.quickPickItems();
    assert.equal(keys[0], 'None');
    assert.ok(keys.includes('Environment'), keys.join(', '));
    await wb.pickQuickItem('Environment');
    await wb.expand('us-east-1');
    const values = [...new Set(myImages('us-east-1').map((i) => i.tags.find((t) => t.key === 'Environment')?.value))];
    const plain = values.find((v): v is string => !!v && /^\w+$/.test(v));
    assert.ok(plain);
    await wb.waitForTreeItem(`Environment: ${plain}`);
    if (values.includes(undefined)) await wb.waitForTreeItem('No Environment tag');
    await wb.screenshot('tree-grouped');
    await wb.runCommand('AMI Explorer: Group by Tag…');
    await wb.pickQuickItem('None');
    await wb.treeItem(`Environment: ${plain}`).waitFor({ state: 'detached' });
  });

  it('filters by text from an input box, and clears', async () => {
    await wb.openAmiExplorer();
    await wb.expand('us-east-1');
    const target = plainImage('us-east-1');
    const other = myImages('us-east-1').find((i) => !JSON.stringify([i.name, i.description, i.imageId, i.tags]).includes(target.imageId));
    assert.ok(other);
    await wb.runCommand('AMI Explorer: Filter Images…');
    await wb.acceptQuickInput(target.imageId);
    try {
      await wb.waitForTreeItem(labelOf(target));
      await wb.treeItem(labelOf(other)).waitFor({ state: 'detached' });
      // The view's description names the filter (the narrow side bar may cut it off, so: attached).
      await wb.sidebar().getByText(`filter: ${target.imageId}`).first().waitFor({ state: 'attached' });
      await wb.treeItem('us-east-1').locator('.label-description', { hasText: /^1 of \d+ images$/ }).waitFor({ state: 'visible' });
      await wb.screenshot('tree-filtered');
    } finally {
      await wb.runCommand('AMI Explorer: Clear Filter');
    }
    await wb.waitForTreeItem(labelOf(other));
    assert.equal(await wb.sidebar().getByText(`filter: ${target.imageId}`).count(), 0);
  });

  it('shows an error row for a failing region, which retries when clicked', async () => {
    await wb.openAmiExplorer();
    ui().emulator.faults.failRegion('eu-west-1', 'OptInRequired');
    await wb.runCommand('AMI Explorer: Refresh');
    await wb.treeItem('eu-west-1').locator('.label-description', { hasText: 'failed' }).waitFor({ state: 'visible' });
    await wb.expand('eu-west-1');
    // The error row: an error icon and the region in its text (failed images have error icons too).
    const errorRow = wb.sidebar().locator('.monaco-list-row[role="treeitem"]', { has: wb.page.locator('.codicon-error'), hasText: 'eu-west-1' }).first();
    await errorRow.waitFor({ state: 'visible' });
    await wb.screenshot('tree-region-error');
    ui().emulator.faults.reset();
    await errorRow.click();
    const first = myImages('eu-west-1')[0];
    assert.ok(first);
    await wb.waitForTreeItem(labelOf(first));
  });

  it('shows the welcome content when no credentials are found', async () => {
    // Written before a window opens: this harness does not apply settings.json edits to open windows.
    await wb.close();
    ui().updateSettings({ 'amiExplorer.profiles': ['no-such-profile'] });
    try {
      wb = await Workbench.open();
      await wb.openAmiExplorer();
      await wb.sidebar().getByText('No AWS credentials were found', { exact: false }).waitFor({ state: 'visible' });
      await wb.sidebar().getByRole('button', { name: 'Select Profile' }).waitFor({ state: 'visible' });
      await wb.sidebar().getByRole('button', { name: 'Open Settings' }).waitFor({ state: 'visible' });
      await wb.sidebar().getByText('npm run demo', { exact: false }).waitFor({ state: 'visible' });
      assert.equal(await wb.sidebar().locator('.monaco-list-row[role="treeitem"]').count(), 0);
      await wb.screenshot('tree-welcome');
    } finally {
      ui().updateSettings({ 'amiExplorer.profiles': [] });
    }
  });
});
