// Activation as the real VS Code host reports it: our VSIX and a trivial tree-view extension
// (test/fixtures/trivial-tree-extension) installed into a throw-away extensions dir of the
// code-server harness; then, in each of several fresh windows (a new workspace folder and a new
// browser context, so a new extension host with no remembered state), our view and the trivial
// one are opened (which activates each; once the window has settled, in alternating order so
// neither always pays for the host's start-up work) and "Developer: Show Running Extensions" is read: its
// "Activation: N ms" cell is VS Code's codeLoadingTime + activateCallTime for that extension.
// Everything is stopped in `finally` (code-server's process group, Chromium, the emulator).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, median } from './figures.mjs';

const require = createRequire(import.meta.url);
const OURS = 'ami-explorer';
const TRIVIAL = 'trivial-tree';
const STEP_MS = 30_000;
const SETTLE_MS = 3_000;

export async function run({ root, quick, log }) {
  const runs = quick ? 3 : Number(process.env.BENCH_ACTIVATION_RUNS ?? 11);
  const out = (p) => join(root, 'out/test/runners', p);
  const { createSandbox } = require(out('sandbox.js'));
  const { startCodeServer, requireCodeServer } = require(out('codeServerProcess.js'));
  const { launchBrowser, waitForWorkbench, workbenchUrl } = require(out('browser.js'));
  const { startEmulator } = require(join(root, 'out/test/emulator/index.js'));
  const codeServer = requireCodeServer();

  const work = mkdtempSync(join(tmpdir(), 'ami-bench-activation-'));
  const vsce = join(root, 'node_modules/.bin/vsce');
  const vsceOpts = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license'];
  let emulator;
  let sandbox;
  let server;
  let browser;
  try {
    log('packaging our VSIX and the trivial fixture…');
    const ours = join(work, 'ours.vsix');
    execFileSync(vsce, [...vsceOpts, '--out', ours], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    // vsce packages in place; a copy keeps the fixture folder clean.
    const fixture = join(work, 'fixture');
    cpSync(join(root, 'test/fixtures/trivial-tree-extension'), fixture, { recursive: true });
    const trivial = join(work, 'trivial.vsix');
    execFileSync(vsce, [...vsceOpts, '--out', trivial], { cwd: fixture, stdio: ['ignore', 'ignore', 'inherit'] });

    emulator = await startEmulator({ port: 0, seed: 1, imagesPerRegion: 10 });
    sandbox = createSandbox({ name: 'ami-bench-activation', machineSettings: { 'amiExplorer.endpoint': emulator.url }, settings: { 'amiExplorer.regions': ['us-east-1'] } });
    const installed = spawnSync(codeServer, ['--extensions-dir', sandbox.extensionsDir, '--user-data-dir', sandbox.userDataDir, '--install-extension', ours, '--install-extension', trivial], {
      env: sandbox.env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (installed.status !== 0) throw new Error(`installing the VSIXs failed (${installed.status ?? installed.error?.message}): ${installed.stderr}${installed.stdout}`);

    server = await startCodeServer({ sandbox, logFile: join(root, 'test-results/bench-activation-code-server.log') });
    browser = await launchBrowser();
    const ourTimes = [];
    const trivialTimes = [];
    const ourWhole = [];
    const trivialWhole = [];
    for (let i = 0; i < runs; i++) {
      const folder = join(sandbox.root, `workspace-${i}`);
      mkdirSync(folder);
      const t = await oneWindow(browser, workbenchUrl({ serverUrl: server.url, folder }), waitForWorkbench, i % 2 === 0);
      const whole = (r) => r.load + r.call + r.finish;
      log(`window ${i + 1}/${runs}: ${OURS} ${t.ours} ms (until resolved ${whole(t.oursRow)}), ${TRIVIAL} ${t.trivial} ms (until resolved ${whole(t.trivialRow)})`);
      ourTimes.push(t.ours);
      trivialTimes.push(t.trivial);
      ourWhole.push(whole(t.oursRow));
      trivialWhole.push(whole(t.trivialRow));
    }
    const ourMedian = median(ourTimes);
    const trivialMedian = median(trivialTimes);
    log(`${OURS}: min ${Math.min(...ourTimes)} / median ${ourMedian} / max ${Math.max(...ourTimes)} ms; ${TRIVIAL}: min ${Math.min(...trivialTimes)} / median ${trivialMedian} / max ${Math.max(...trivialTimes)} ms (${runs} fresh windows)`);
    return [
      figure(`activation in VS Code, median of ${runs} windows`, ourMedian, 'ms', '<= 15'),
      figure('activation in VS Code, min', Math.min(...ourTimes), 'ms'),
      figure('activation in VS Code, max', Math.max(...ourTimes), 'ms'),
      figure(`trivial tree extension activation in VS Code, median of ${runs} windows`, trivialMedian, 'ms'),
      figure('activation in VS Code / trivial tree extension', ourMedian / Math.max(trivialMedian, 1), 'x', '<= 4'),
      // Startup Performance's Load Code + Call Activate + Finish Activate: until the activation resolved.
      figure(`activation until resolved in VS Code, median of ${runs} windows`, median(ourWhole), 'ms'),
      figure(`trivial tree extension until resolved in VS Code, median of ${runs} windows`, median(trivialWhole), 'ms'),
    ];
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    sandbox?.dispose();
    await emulator?.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

/** One fresh window: opens both views, reads both activation times from Running Extensions. */
async function oneWindow(browser, url, waitForWorkbench, oursFirst) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // The Startup Performance table is read through the clipboard (select all, copy in its editor).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  try {
    const page = await context.newPage();
    await step('open the workbench', async () => {
      await page.goto(url);
      await waitForWorkbench(page, STEP_MS);
    });
    // The extension host is busy for a moment after the window opens (built-in extensions start):
    // an activation then pays for that work too. Let it settle, and alternate which view opens first.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const bar = page.locator('.part.activitybar');
    const openOurs = () =>
      step('open the AMI Explorer view', async () => {
        await bar.getByRole('tab', { name: /^AMI Explorer/ }).click({ timeout: STEP_MS });
        // first paint of our tree: a profile/region row or the welcome view
        await page.locator('[id="workbench.view.extension.amiExplorer"] .monaco-list-row, [id="workbench.view.extension.amiExplorer"] .welcome-view-content').first().waitFor({ state: 'visible', timeout: STEP_MS });
      });
    const openTrivial = () =>
      step('open the trivial tree view', async () => {
        await bar.getByRole('tab', { name: /^Trivial Tree/ }).click({ timeout: STEP_MS });
        await page.locator('[id="workbench.view.extension.trivialTree"] .monaco-list-row').first().waitFor({ state: 'visible', timeout: STEP_MS });
      });
    for (const open of oursFirst ? [openOurs, openTrivial] : [openTrivial, openOurs]) await open();
    const times = await step('read Developer: Show Running Extensions', async () => {
      await runCommand(page, 'Developer: Show Running Extensions');
      return { ours: await activationMs(page, OURS), trivial: await activationMs(page, TRIVIAL) };
    });
    // The same activations as "Developer: Startup Performance" lists them, with "Finish Activate":
    // until the promise activate() returned has resolved (ours registers its stubs in that time).
    const table = await step('read Developer: Startup Performance', () => startupTable(page));
    const row = (id) => {
      const r = table.get(id);
      if (!r) throw new Error(`Startup Performance lists no activation of ${id}`);
      return r;
    };
    return { ...times, oursRow: row(`${OURS}.${OURS}`), trivialRow: row(`ami-explorer-bench.${TRIVIAL}`) };
  } finally {
    await context.close().catch(() => undefined);
  }
}

/**
 * The "Extension Activation Stats" table of Developer: Startup Performance (a markdown document):
 * per extension id, Load Code, Call Activate and Finish Activate in ms, as VS Code measured them.
 */
async function startupTable(page) {
  await runCommand(page, 'Developer: Startup Performance');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor({ state: 'visible', timeout: STEP_MS });
  await editor.locator('.view-lines').click({ timeout: STEP_MS });
  const rows = new Map();
  for (let attempt = 0; attempt < 20 && rows.size === 0; attempt++) {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const text = await page.evaluate(() => globalThis.navigator.clipboard.readText());
    const stats = text.split('Extension Activation Stats')[1] ?? '';
    for (const line of stats.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
      if (cells.length >= 7 && /^\d+$/.test(cells[3]) && /^\d+$/.test(cells[4]) && /^\d+$/.test(cells[5])) {
        rows.set(cells[1], { load: Number(cells[3]), call: Number(cells[4]), finish: Number(cells[5]) });
      }
    }
    if (rows.size === 0) await new Promise((r) => setTimeout(r, 250));
  }
  return rows;
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: STEP_MS });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first().click({ timeout: STEP_MS });
}

/** The "Activation: 12ms" cell of an extension's row in the Running Extensions editor. */
async function activationMs(page, name) {
  const cell = page.locator(`.runtime-extensions-editor .monaco-list-row[aria-label="${name}"] .activation-time`).first();
  await cell.waitFor({ state: 'visible', timeout: STEP_MS });
  const text = await cell.innerText();
  const m = /Activation:\s*([\d.]+)\s*ms/i.exec(text);
  if (!m) throw new Error(`Running Extensions shows "${text}" for ${name}, not an activation time`);
  return Number(m[1]);
}

async function step(what, action) {
  try {
    return await action();
  } catch (err) {
    throw new Error(`host activation bench: could not ${what}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}
