/**
 * Runs the in-editor suite (test/integration) inside a real VS Code: code-server's Node extension
 * host, with the workbench opened by headless Chromium. The extension host calls run() in
 * out/test/integration/index.js and the workbench reports its outcome through
 * window.codeAutomationExit, as under @vscode/test-electron.
 *
 *   node out/test/runners/codeServer.js [--grep TEXT] [--results FILE] [--timeout SECONDS]
 *
 * Exit code: the suite's (0 = all passed). Counts go to the results file (default
 * test-results/in-editor.json) for scripts/test.mjs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EmulatorOptions } from '../emulator';
import { launchBrowser, workbenchUrl } from './browser';
import { SUITE_LOG_PREFIX, TEST_ENV } from './controlProtocol';
import { startHarness, type Harness } from './harness';
import { integrationIndex, repoRoot, testResultsDir } from './paths';
import { readSuiteResult, type SuiteResult } from './suiteResult';

export interface InEditorOptions {
  resultsFile: string;
  grep?: string;
  /** Hard limit for the whole run, start-up included (default 15 minutes). */
  timeoutMs?: number;
  emulator?: EmulatorOptions;
  /** Aborting ends the run early (Ctrl-C); everything is still cleaned up. */
  signal?: AbortSignal;
  /** Called with each line the suite's reporter prints (default: stdout). */
  onOutput?: (text: string) => void;
}

export interface InEditorOutcome {
  /** What the workbench reported; 124 on timeout, 1 when the run could not start. */
  exitCode: number;
  /** The counts the suite wrote, or undefined when it never got that far. */
  result: SuiteResult | undefined;
  /** Why the run failed outside of test failures (start-up error, timeout, crash). */
  problem?: string;
}

export const DEFAULT_TIMEOUT_MS = 15 * 60_000;

export async function runInEditorTests(opts: InEditorOptions): Promise<InEditorOutcome> {
  fs.rmSync(opts.resultsFile, { force: true });
  fs.mkdirSync(testResultsDir, { recursive: true });
  if (!fs.existsSync(integrationIndex)) {
    return { exitCode: 1, result: undefined, problem: `${integrationIndex} is missing: compile first (tsc -p .)` };
  }
  const print = opts.onOutput ?? ((text: string) => process.stdout.write(`${text}\n`));
  const workbenchLog = fs.createWriteStream(path.join(testResultsDir, 'in-editor-workbench.log'));

  let harness: Harness | undefined;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const browser = await launchBrowser();
  try {
    const run = (async (): Promise<number> => {
      const started = await startHarness({
        name: 'in-editor',
        ...(opts.emulator ? { emulator: opts.emulator } : {}),
        env: {
          [TEST_ENV.results]: opts.resultsFile,
          [TEST_ENV.logPrefix]: SUITE_LOG_PREFIX,
          ...(opts.grep ? { [TEST_ENV.grep]: opts.grep } : {}),
        },
      });
      // The run may have timed out while code-server was starting: nothing else will close it.
      if (finished) {
        await started.close();
        return 1;
      }
      harness = started;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      let reportExit: (code: number) => void = () => undefined;
      const exited = new Promise<number>((resolve) => (reportExit = resolve));
      await page.exposeFunction('codeAutomationExit', (code: unknown) => reportExit(typeof code === 'number' ? code : 1));
      await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
        const parts = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))) : [String(args)];
        const text = parts.join(' ');
        if (text.startsWith(SUITE_LOG_PREFIX)) print(text.slice(SUITE_LOG_PREFIX.length));
        else workbenchLog.write(`[${String(type)}] ${text}\n`);
      });
      page.on('pageerror', (err) => workbenchLog.write(`[pageerror] ${err.message}\n`));
      page.on('crash', () => reportExit(1));
      await page.goto(
        workbenchUrl({
          serverUrl: harness.server.url,
          folder: harness.sandbox.workspaceDir,
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: integrationIndex,
        }),
      );
      return exited;
    })();
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const aborted = new Promise<'aborted'>((resolve) => {
      if (opts.signal?.aborted) resolve('aborted');
      opts.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    const outcome = await Promise.race([run, timeout, aborted]);
    if (outcome === 'aborted') return { exitCode: 130, result: undefined, problem: 'interrupted' };
    if (outcome === 'timeout') {
      return { exitCode: 124, result: readSuiteResult(opts.resultsFile), problem: `timed out after ${Math.round(timeoutMs / 1000)} s` };
    }
    return { exitCode: outcome, result: readSuiteResult(opts.resultsFile) };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { exitCode: 1, result: readSuiteResult(opts.resultsFile), problem: detail };
  } finally {
    finished = true;
    if (timer) clearTimeout(timer);
    await browser.close().catch(() => undefined);
    await harness?.close();
    workbenchLog.end();
  }
}

function parseArgs(argv: string[]): { grep?: string; resultsFile: string; timeoutMs?: number } {
  const out: { grep?: string; resultsFile: string; timeoutMs?: number } = { resultsFile: path.join(testResultsDir, 'in-editor.json') };
  for (let i = 0; i < argv.length; i++) {
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--grep':
        out.grep = next();
        break;
      case '--results':
        out.resultsFile = path.resolve(next());
        break;
      case '--timeout':
        out.timeoutMs = Number(next()) * 1000;
        break;
      default:
        throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // Ctrl-C / SIGTERM: exitCleanup.ts stops code-server and removes the sandbox.
  const outcome = await runInEditorTests(args);
  if (outcome.problem) console.error(`in-editor suite: ${outcome.problem}`);
  const r = outcome.result;
  console.log(r ? `in-editor suite: ${r.passed} passed, ${r.failed} failed, ${r.pending} pending (exit ${outcome.exitCode})` : `in-editor suite: no results (exit ${outcome.exitCode})`);
  process.exitCode = outcome.exitCode;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
