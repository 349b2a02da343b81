/**
 * Find Usage from the details panel and Show Recycle Bin from a region's context menu, clicked
 * through the real workbench (screenshots in test-results/ui/).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { RECYCLED_NAMES } from '../emulator/recycleBinSeed';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';

describe('Recycle Bin and usage (UI)', () => {
  let wb: Workbench;

  before(async () => {
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
  });

  beforeEach(async () => {
    await wb.runCommand('View: Close All Editors');
  });

  after(async () => {
    await wb?.close();
  });

  it('Find Usage from the details panel lists the seeded references', async () => {
    const instance = ui()
      .emulator.store.instances(REGION)
      .find((i) => i.ownerId === DEFAULT_ACCOUNT && i.tags.some((t) => t.key === 'Name' && t.value === 'web-server-1'));
    assert.ok(instance, 'the seeded referencing instance');
    await wb.runCommand('AMI Explorer: Inspect AMI');
    await wb.quickPickItems();
    await wb.acceptQuickInput(instance.imageId);
    const details = wb.webviewFrame();
    const button = details.locator('header button[data-key="findUsage"]');
    await button.waitFor({ state: 'visible', timeout: 60_000 });
    await button.click();
    const items = await wb.quickPickItems();
    assert.ok(items.includes(instance.instanceId), `items: ${items.join(', ')}`);
    assert.ok(items.includes('/golden/web/previous'), `items: ${items.join(', ')}`);
    await wb.screenshot('find-usage');
    await wb.page.keyboard.press('Escape');
  });

  it('Show Recycle Bin from the region context menu lists the binned images', async () => {
    const menu = await wb.contextMenu(REGION);
    assert.ok(menu.includes('Show Recycle Bin'), `menu: ${menu.join(', ')}`);
    await wb.clickMenuItem('Show Recycle Bin');
    const items = await wb.quickPickItems();
    for (const name of Object.values(RECYCLED_NAMES)) assert.ok(items.includes(name), `items: ${items.join(', ')}`);
    await wb.screenshot('recycle-bin');
    await wb.page.keyboard.press('Escape');
  });
});
