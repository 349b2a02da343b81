/**
 * Headless Chromium (Debian's, driven by playwright-core) opening code-server's workbench, with
 * the extension under development loaded through the `payload` query parameter the way
 * `code --extensionDevelopmentPath` would. See shared/guide/vscode-host.md.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from './paths';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
}

export interface WorkbenchTarget {
  /** code-server's base URL, http://127.0.0.1:PORT */
  serverUrl: string;
  /** Folder to open. */
  folder: string;
  /** Absolute path of the extension to load in development mode. */
  extensionDevelopmentPath?: string;
  /** Absolute path of the compiled module whose run() the extension host calls. */
  extensionTestsPath?: string;
}

/** The workbench URL; paths become vscode-remote URIs on the server's authority. */
export function workbenchUrl(t: WorkbenchTarget): string {
  const authority = new URL(t.serverUrl).host;
  const remote = (p: string): string => `vscode-remote://${authority}${p}`;
  const payload: [string, string][] = [];
  if (t.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(t.extensionDevelopmentPath)]);
  if (t.extensionTestsPath) payload.push(['extensionTestsPath', remote(t.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const query = new URLSearchParams({ folder: t.folder, payload: JSON.stringify(payload) });
  return `${t.serverUrl}/?${query.toString()}`;
}

/** Waits until the workbench has rendered its parts (not until extensions have activated). */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.statusbar').first().waitFor({ state: 'visible', timeout: timeoutMs });
}
