/**
 * The tree changing while a region is still loading its first page (a setting written, a filter
 * set and cleared): the expanded region must end up showing its images. VS Code refuses two
 * overlapping fetches of one node ("Element with id … is already registered") and drops the answer
 * of a fetch a whole-tree refresh overtook; both left the region expanded and empty, which is how
 * a slow CI machine first showed it.
 */
import * as assert from 'node:assert/strict';
import { FIXTURE_NAMES } from '../emulator/seed';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';
const SLOW_MS = 2_500;

/** Resolves once the emulator has been asked for this region's images since `from`. */
async function describeImagesAsked(from: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ui().emulator.requests.slice(from).some((r) => r.action === 'DescribeImages' && r.region === REGION)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('the tree never asked for the region\'s images');
}

describe('AMI tree UI: changes while a region loads', () => {
  let wb: Workbench | undefined;

  before(() => {
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '', 'amiExplorer.images.filter': '', 'amiExplorer.images.pageSize': 50 });
  });

  after(() => ui().updateSettings({ 'amiExplorer.images.pageSize': 50 }));

  afterEach(async () => {
    ui().emulator.faults.setLatency(REGION, 0);
    await wb?.close();
    wb = undefined;
  });

  const changes: [string, (wb: Workbench) => Promise<unknown>][] = [
    ['a setting that reloads the images', async () => ui().updateSettings({ 'amiExplorer.images.pageSize': 49 })],
    ['a Refresh', (wb) => wb.runCommand('AMI Explorer: Refresh')],
  ];
  for (const [what, change] of changes) {
    it(`shows the region's images after ${what} while its first page was loading`, async () => {
      ui().emulator.faults.setLatency(REGION, SLOW_MS);
      const from = ui().emulator.requests.length;
      wb = await Workbench.open();
      await wb.openAmiExplorer();
      await wb.waitForTreeItem(REGION);
      // The single region is expanded at once, so VS Code is waiting for its children now.
      await describeImagesAsked(from);
      // Later requests are quick again; the one in flight still takes its time, so the region's
      // first fetch is answered after the tree has changed under it.
      ui().emulator.faults.setLatency(REGION, 0);
      await change(wb);
      await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink, 30_000);
      const toasts = await wb.notifications();
      assert.ok(!toasts.some((t) => /already registered/.test(t)), toasts.join('\n'));
      await wb.screenshot(`tree-reload-${what.split(' ').slice(-1)[0]?.toLowerCase()}`);
    });
  }
});
