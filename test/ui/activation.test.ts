/**
 * Activation by a command (issue #12): the activate() call creates only the view, and the command
 * stubs are registered in the extension host's next turn, before the activation resolves. A
 * command run from the palette in a window where AMI Explorer is not active yet must therefore
 * activate it and run at once, not fail with "command not found".
 */
import * as assert from 'node:assert/strict';
import { waitForWorkbench } from '../runners/browser';
import { Workbench } from './support/workbench';

describe('Activation by a command (UI)', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open();
  });

  after(async () => {
    await wb?.close();
  });

  /** The row of an activated extension in Developer: Show Running Extensions (none if it is not active). */
  async function runningRow(name: string) {
    await wb.runCommand('Developer: Show Running Extensions');
    const editor = wb.page.locator('.runtime-extensions-editor');
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    // Built-in extensions are active in every window: once one is listed, the list is rendered.
    await editor.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    return editor.locator(`.monaco-list-row[aria-label="${name}"]`);
  }

  it('runs a palette command in a window where the extension was not active, activating it', async () => {
    // A new extension host whose window shows the Explorer, not our view: nothing activates us.
    await wb.runCommand('View: Show Explorer');
    await wb.page.reload();
    await waitForWorkbench(wb.page);
    await wb.activityBarItem().waitFor({ state: 'visible', timeout: 60_000 });
    assert.notEqual(await wb.activityBarItem().getAttribute('aria-selected'), 'true', 'the AMI Explorer view is not showing');
    assert.equal(await (await runningRow('ami-explorer')).count(), 0, 'AMI Explorer is not active before the command');

    await wb.runCommand('AMI Explorer: Open Settings');
    // The command ran: the Settings editor opens on this extension's settings.
    const search = wb.page.locator('.settings-editor .suggest-input-container .view-lines');
    await search.filter({ hasText: '@ext:ami-explorer.ami-explorer' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.page.locator('.settings-editor .setting-item-contents', { hasText: 'Regions' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('activation-by-command');

    const row = await runningRow('ami-explorer');
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row.locator('.activation-time').innerText(), /Activation:\s*\d+\s*ms/);
  });
});
