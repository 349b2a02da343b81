/**
 * UI tests: Chromium drives the real VS Code workbench (code-server) with AMI Explorer loaded from
 * this project in development mode, against the EC2 emulator. Plain Node mocha; the root hooks in
 * ./hooks.ts start the emulator + code-server + browser once per run (scripts/test.mjs passes
 * `--require out/test/ui/support/hooks.js`).
 *
 * In a test file:
 *
 *   import { Workbench, ui } from './support/workbench';
 *   let wb: Workbench;
 *   before(async () => { wb = await Workbench.open(); });     // fresh page, extension loaded
 *   after(async () => { await wb.close(); });
 *
 *   await wb.openAmiExplorer();                 // clicks the activity-bar icon "AMI Explorer"; returns the sidebar
 *   const row = wb.treeItem('us-east-1');       // Locator of the tree row whose label is exactly that (string or RegExp)
 *   await wb.expand('us-east-1');               // expands it (no-op when expanded); returns the row
 *   await wb.collapse('us-east-1');
 *   await wb.waitForTreeItem(/^al2023-ami/);    // waits until such a row is rendered; returns it
 *   const items = await wb.contextMenu('my-ami'); // right-click → visible menu item labels, in order
 *   await wb.clickMenuItem('Copy Image ID');    // click an item of the open context menu
 *   await wb.closeMenus();                      // Escape
 *   await wb.runCommand('AMI Explorer: Refresh');      // F1, type the title, run the exact match
 *   await wb.quickPickItems();                  // labels shown in an open quick pick
 *   await wb.pickQuickItem('eu-west-1');        // click one; wb.acceptQuickInput('text') types + Enter
 *   wb.webviewFrame();                          // FrameLocator of the visible webview's content (nested iframes)
 *   await wb.notifications();                   // texts of the visible notification toasts
 *   await wb.screenshot('tree-expanded');       // test-results/ui/tree-expanded.png, returns the path
 *   wb.page                                     // the playwright Page for anything else
 *
 *   ui().emulator                               // the in-process emulator: ui().emulator.faults.failRegion(...), .store
 *   ui().updateSettings({ 'amiExplorer.regions': ['us-east-1'] })  // user settings, applied live
 *   ui().updateMachineSettings({ 'amiExplorer.endpoint': url })     // machine-scoped ones (Machine/settings.json)
 *
 * A failing test leaves a screenshot of every open workbench in test-results/ui/failed-*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import type { Emulator, EmulatorOptions } from '../../emulator';
import { launchBrowser, waitForWorkbench, workbenchUrl } from '../../runners/browser';
import { startHarness, type Harness } from '../../runners/harness';
import { repoRoot, testResultsDir } from '../../runners/paths';

export const screenshotDir = path.join(testResultsDir, 'ui');

/** What the whole UI run shares. */
export interface UiEnvironment {
  readonly harness: Harness;
  readonly browser: Browser;
  readonly emulator: Emulator;
  /** Merges into the user settings.json; the running workbench applies it live. */
  updateSettings(settings: Record<string, unknown>): void;
  /** The same for machine-scoped settings such as amiExplorer.endpoint (see sandbox.ts). */
  updateMachineSettings(settings: Record<string, unknown>): void;
}

let environment: UiEnvironment | undefined;
const openWorkbenches = new Set<Workbench>();

/** The defaults the UI suite's emulator starts with (five regions, seed 1). */
export const UI_EMULATOR: EmulatorOptions = { seed: 1, imagesPerRegion: 25 };

export async function startUiEnvironment(): Promise<UiEnvironment> {
  if (environment) return environment;
  fs.mkdirSync(screenshotDir, { recursive: true });
  const harness = await startHarness({ name: 'ui', emulator: UI_EMULATOR });
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await harness.close();
    throw err;
  }
  environment = {
    harness,
    browser,
    emulator: harness.emulator,
    updateSettings: (s) => harness.sandbox.updateUserSettings(s),
    updateMachineSettings: (s) => harness.sandbox.updateMachineSettings(s),
  };
  return environment;
}

export async function stopUiEnvironment(): Promise<void> {
  const env = environment;
  environment = undefined;
  for (const wb of [...openWorkbenches]) await wb.close().catch(() => undefined);
  if (!env) return;
  await env.browser.close().catch(() => undefined);
  await env.harness.close();
}

/** The running UI environment (started by the root hooks). */
export function ui(): UiEnvironment {
  if (!environment) throw new Error('UI environment not started: run mocha with --require out/test/ui/support/hooks.js');
  return environment;
}

/** Screenshots of every open workbench, named after the failed test. */
export async function screenshotOpenWorkbenches(label: string): Promise<void> {
  const safe = label.replace(/[^\w.-]+/g, '-').slice(0, 100);
  let i = 0;
  for (const wb of openWorkbenches) await wb.screenshot(`failed-${safe}${i++ ? `-${i}` : ''}`).catch(() => undefined);
}

function textMatcher(label: string | RegExp): RegExp {
  return typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label;
}

export class Workbench {
  private constructor(readonly page: Page) {}

  /** A new page on the workbench with the extension under development loaded. */
  static async open(opts: { viewport?: { width: number; height: number } } = {}): Promise<Workbench> {
    const env = ui();
    const page = await env.browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const wb = new Workbench(page);
    openWorkbenches.add(wb);
    try {
      await page.goto(
        workbenchUrl({ serverUrl: env.harness.server.url, folder: env.harness.sandbox.workspaceDir, extensionDevelopmentPath: repoRoot }),
      );
      await waitForWorkbench(page);
      // The container's icon appears once the extension's contributions are registered.
      await wb.activityBarItem().waitFor({ state: 'visible', timeout: 60_000 });
    } catch (err) {
      await wb.close();
      throw err;
    }
    return wb;
  }

  async close(): Promise<void> {
    openWorkbenches.delete(this);
    await this.page.close().catch(() => undefined);
  }

  activityBarItem(): Locator {
    return this.page.locator('.part.activitybar').getByRole('tab', { name: /^AMI Explorer/ });
  }

  /** The side bar (where the AMI Explorer views render). */
  sidebar(): Locator {
    return this.page.locator('[id="workbench.parts.sidebar"]');
  }

  /** Opens the AMI Explorer container (idempotent) and returns the side bar. */
  async openAmiExplorer(): Promise<Locator> {
    const item = this.activityBarItem();
    if ((await item.getAttribute('aria-selected')) !== 'true') await item.click();
    await this.page.locator('[id="workbench.view.extension.amiExplorer"]').waitFor({ state: 'visible' });
    return this.sidebar();
  }

  /** The side-bar tree row whose label is exactly `label` (string) or matches it (RegExp). */
  treeItem(label: string | RegExp): Locator {
    return this.sidebar()
      .locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: textMatcher(label) }) });
  }

  async waitForTreeItem(label: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    const row = this.treeItem(label).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    return row;
  }

  /** Expands a collapsible row (no-op when already expanded) and returns it. */
  async expand(label: string | RegExp): Promise<Locator> {
    const row = await this.waitForTreeItem(label);
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await expectAttribute(row, 'aria-expanded', 'true');
    return row;
  }

  async collapse(label: string | RegExp): Promise<Locator> {
    const row = await this.waitForTreeItem(label);
    if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
    await expectAttribute(row, 'aria-expanded', 'false');
    return row;
  }

  /** The open context menu (rendered in a shadow root; playwright's CSS pierces it). */
  contextMenuLocator(): Locator {
    return this.page.locator('.monaco-menu-container .monaco-menu').last();
  }

  /** Right-clicks the row and returns the labels of the menu's items, separators skipped. */
  async contextMenu(label: string | RegExp): Promise<string[]> {
    const row = await this.waitForTreeItem(label);
    await row.click({ button: 'right' });
    const menu = this.contextMenuLocator();
    await menu.waitFor({ state: 'visible' });
    const items = menu.locator('.action-item:not(.separator) .action-label');
    await items.first().waitFor({ state: 'visible' });
    return (await items.allInnerTexts()).map((t) => t.trim()).filter((t) => t.length > 0);
  }

  /**
   * Clicks an item of the open context menu by its label. Now and then the workbench takes the
   * click on a just-opened menu as focus only (the item is focused, the menu stays open, nothing
   * runs; seen under load with longer menus): then the focused item is run with Enter, as a
   * keyboard user would. A click that ran closes the menu at once, so nothing runs twice.
   */
  async clickMenuItem(label: string | RegExp): Promise<void> {
    const menu = this.contextMenuLocator();
    const item = menu
      .locator('.action-item:not(.separator)')
      .filter({ has: this.page.locator('.action-label', { hasText: textMatcher(label) }) })
      .first();
    await item.click();
    const closed = await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
    await item.locator('.action-menu-item').focus();
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  async closeMenus(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Runs a command from the palette by its full title ("AMI Explorer: Refresh"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.quickInput()
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: textMatcher(title) }) })
      .first();
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** Labels of the rows of the open quick pick. */
  async quickPickItems(): Promise<string[]> {
    // The list keeps recycled rows in the DOM, hidden: wait for a visible one, read only those.
    const rows = this.quickInput().locator('.monaco-list-row .label-name >> visible=true');
    await rows.first().waitFor({ state: 'visible' });
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  /** Clicks the quick pick row with that label (for multi-select picks it toggles the box). */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    await this.quickInput()
      .locator('.monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: textMatcher(label) }) })
      .first()
      .click();
  }

  /** Types into the open quick input / input box and presses Enter. */
  async acceptQuickInput(text?: string): Promise<void> {
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible' });
    if (text !== undefined) await input.fill(text);
    await input.press('Enter');
  }

  /** The content of the visible webview: an outer iframe.webview holding iframe#active-frame. */
  webviewFrame(): FrameLocator {
    return this.page.locator('iframe.webview.ready >> visible=true').last().contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** Texts of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts()).map((t) => t.trim());
  }

  /** Saves a PNG of the page to test-results/ui/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

async function expectAttribute(locator: Locator, name: string, value: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.getAttribute(name)) !== value) {
    if (Date.now() > deadline) throw new Error(`${name} did not become ${value}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
