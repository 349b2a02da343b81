/**
 * The UI harness itself: the workbench loads in Chromium with AMI Explorer from this project, the
 * activity-bar icon opens its container with the Images view, and screenshots land on disk.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Workbench, ui } from './support/workbench';

describe('UI harness', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
  });

  after(async () => {
    await wb?.close();
  });

  it('loads the workbench with the extension under development', async () => {
    assert.match(await wb.page.title(), /Extension Development Host/);
    assert.equal(await wb.activityBarItem().count(), 1);
  });

  it('opens the AMI Explorer container from the activity bar', async () => {
    await wb.openAmiExplorer();
    assert.equal(await wb.activityBarItem().getAttribute('aria-selected'), 'true');
    const title = wb.sidebar().locator('.composite.title h2');
    assert.match((await title.innerText()).toUpperCase(), /^AMI EXPLORER/);
    // The one view of the container, "Images", is rendered in the side bar.
    await wb.page.locator('[id="workbench.view.extension.amiExplorer"] .pane').first().waitFor({ state: 'visible' });
  });

  it('runs a command from the palette', async () => {
    // A built-in command with a visible effect: the status bar hides, then shows again.
    const statusBar = wb.page.locator('.monaco-workbench .part.statusbar');
    await statusBar.waitFor({ state: 'visible' });
    await wb.runCommand('View: Toggle Status Bar Visibility');
    await statusBar.waitFor({ state: 'hidden' });
    await wb.runCommand('View: Toggle Status Bar Visibility');
    await statusBar.waitFor({ state: 'visible' });
  });

  it('saves a screenshot into test-results/', async () => {
    const file = await wb.screenshot('smoke-ami-explorer');
    const png = fs.readFileSync(file);
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.ok(png.length > 10_000, 'screenshot is suspiciously small');
  });

  it('shares the emulator the workbench talks to', () => {
    const settings = ui().harness.sandbox.readUserSettings();
    assert.equal(settings['amiExplorer.endpoint'], ui().emulator.url);
    assert.ok(ui().emulator.store.imageCount('us-east-1') > 0);
  });
});
