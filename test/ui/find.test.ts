/**
 * Find AMI… clicked through the real workbench (issue #11): with every region collapsed, an image
 * id that lives in a region not expanded and beyond its first page is typed into the quick pick;
 * the results stream in (screenshot while a slow region is still searching), the result is
 * clicked, and the image ends up selected in the tree (screenshot). Screenshots in test-results/ui/.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { Workbench, ui } from './support/workbench';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const TARGET_REGION = 'ap-southeast-2';
const SLOW_REGION = 'eu-west-1';

describe('Find AMI (UI)', () => {
  let wb: Workbench;

  before(async () => {
    ui().updateSettings({
      'amiExplorer.regions': REGIONS,
      'amiExplorer.images.owners': ['self'],
      'amiExplorer.tree.groupByTag': '',
      'amiExplorer.images.pageSize': 5,
    });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
  });

  after(async () => {
    ui().emulator.faults.setLatency(SLOW_REGION, 0);
    // The suites after this one expect the default page size (undefined drops the key).
    ui().updateSettings({ 'amiExplorer.images.pageSize': undefined });
    await wb?.close();
  });

  it('finds an image by id in a collapsed region beyond its first page, streams the results, and lands on it selected in the tree', async () => {
    const mine = ui()
      .emulator.store.images(TARGET_REGION)
      .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available');
    const plain = (text: string | undefined): boolean => text === undefined || /^[\w .:()-]+$/.test(text);
    const target = mine.slice(5).reverse().find((i) => plain(i.name) && plain(i.tags.find((t) => t.key === 'Name')?.value));
    assert.ok(target && mine.length > 5, 'an image beyond the first page of 5');
    const treeLabel = target.tags.find((t) => t.key === 'Name')?.value.trim() || target.name;

    for (const region of REGIONS) await wb.collapse(region);
    assert.equal(await wb.treeItem(treeLabel).count(), 0, 'the image is not shown before the search');

    const before = ui().emulator.requests.length;
    ui().emulator.faults.setLatency(SLOW_REGION, 6000);
    await wb.runCommand('AMI Explorer: Find AMI…');
    await wb.acceptQuickInput(target.imageId);
    const row = wb.quickInput().locator('.monaco-list-row').filter({ has: wb.page.locator('.label-name', { hasText: target.name }) }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const title = wb.quickInput().locator('.quick-input-title');
    assert.match(await title.innerText(), /Find AMI: \d of 3 regions answered, 1 found/, 'still streaming: the slow region has not answered');
    await wb.screenshot('find-streaming');

    await row.click();
    const selected = wb.treeItem(treeLabel).first();
    await selected.waitFor({ state: 'visible', timeout: 60_000 });
    const deadline = Date.now() + 20_000;
    while ((await selected.getAttribute('aria-selected')) !== 'true') {
      if (Date.now() > deadline) throw new Error('the found image is not selected in the tree');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await wb.treeItem(TARGET_REGION).first().getAttribute('aria-expanded'), 'true', 'its region was expanded');
    const calls = ui().emulator.requests.slice(before).filter((r) => r.action === 'DescribeImages' && r.region === TARGET_REGION && r.params.NextToken !== undefined);
    assert.ok(calls.length >= 1, 'more pages of the region were loaded to reach it');
    await wb.screenshot('find-revealed');
  });
});
