// `npm test`: every check and suite in order, each one's result, then one last line
// `N passed, N failed` totalling all of them. Lint, type-check and build count as one check each;
// a suite counts its tests (plus one failure when it crashed, hung, or reported nothing).
// Above that line, one line splits the passed tests of each suite into those that check the
// product and those that check the harness and the emulator (by file: checksHarness in
// test/runners/suiteResult.ts; the rule is in README's test table).
//
//   1. lint            eslint .
//   2. type-check      tsc -p . (compiles src/ and test/ to out/)
//   3. build           node scripts/build.mjs (dist/, what the editor loads)
//   4. unit            mocha over out/test/unit (plain Node; .mocharc.json)
//   5. in-editor       out/test/runners/codeServer.js: test/integration inside code-server
//   6. ui              mocha over out/test/ui with Chromium driving the workbench
//   7. package         scripts/checkPackage.mjs: the VSIX builds and holds only what runs
//
// Flags: --skip <name,...> and --only <name,...> (names above) for quicker local loops.
// Works without a TTY (CI=true). Exits non-zero when anything failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCodeServer } from './installCodeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reporter = join(root, 'out', 'test', 'runners', 'countingReporter.js');

const MINUTE = 60_000;

function listArg(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 && process.argv[i + 1] ? new Set(process.argv[i + 1].split(',')) : undefined;
}
const only = listArg('--only');
const skip = listArg('--skip') ?? new Set();
const wanted = (name) => (only ? only.has(name) : !skip.has(name));

/**
 * Runs a command with inherited output in its own process group, so a timeout can stop it and
 * everything it started (its own exit handlers stop code-server). Resolves with the exit code.
 */
function run(cmd, args, { timeoutMs, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', detached: true, env: { ...process.env, ...env } });
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          console.error(`\n${cmd} ${args.join(' ')}: timed out after ${timeoutMs / 1000} s, stopping it`);
          signal(child.pid, 'SIGTERM');
          setTimeout(() => signal(child.pid, 'SIGKILL'), 10_000).unref();
        }, timeoutMs)
      : undefined;
    child.on('error', (err) => {
      console.error(`${cmd}: ${err.message}`);
      resolve({ code: 127, timedOut });
    });
    child.on('exit', (code, sig) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? (sig ? 128 : 1), timedOut });
    });
  });
}

function signal(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}

function readResults(file) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof r.passed === 'number' && typeof r.failed === 'number') return r;
  } catch {
    // no file: the suite never finished
  }
  return undefined;
}

/** Compiled files whose source is gone would still run as tests: remove them (out/ only). */
function removeStaleOutput() {
  const out = join(root, 'out');
  if (!existsSync(out)) return;
  for (const entry of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
    const file = join(out, entry);
    const m = /^(.*)\.js(\.map)?$/.exec(entry);
    if (!m || !statSync(file).isFile()) continue;
    if (!existsSync(join(root, `${m[1]}.ts`))) rmSync(file, { force: true });
  }
}

const outcomes = [];

function header(name) {
  console.log(`\n━━━ ${name} ${'━'.repeat(Math.max(3, 60 - name.length))}`);
}

const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

async function check(name, cmd, args, timeoutMs) {
  if (!wanted(name)) return;
  header(name);
  const started = Date.now();
  const { code, timedOut } = await run(cmd, args, { timeoutMs });
  const ok = code === 0;
  outcomes.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, note: ok ? 'ok' : timedOut ? 'timed out' : `exit ${code}`, time: seconds(started) });
}

async function suite(name, cmd, args, timeoutMs, env = {}) {
  if (!wanted(name)) return;
  header(name);
  const resultsFile = join(resultsDir, `${name}.json`);
  rmSync(resultsFile, { force: true });
  const started = Date.now();
  const { code, timedOut } = await run(cmd, args(resultsFile), { timeoutMs, env: { AMI_EXPLORER_TEST_RESULTS: resultsFile, ...env } });
  const r = readResults(resultsFile);
  if (!r) {
    outcomes.push({ name, passed: 0, failed: 1, note: timedOut ? 'timed out before reporting' : `no results (exit ${code})`, time: seconds(started) });
    return;
  }
  // A suite that exits non-zero with no failing test (a crash after the tests, a failed hook
  // outside mocha) still failed: count that once.
  const extra = code !== 0 && r.failed === 0 ? 1 : 0;
  const harness = typeof r.harness === 'number' ? r.harness : 0;
  const note = [`${r.passed} passed (product ${r.passed - harness}, harness and emulator ${harness})`, `${r.failed} failed`, r.pending ? `${r.pending} pending` : '', extra ? `exit ${code}` : '', timedOut ? 'timed out' : '']
    .filter(Boolean)
    .join(', ');
  outcomes.push({ name, passed: r.passed, failed: r.failed + extra, harness, note, failures: r.failures, time: seconds(started) });
}

async function main() {
  mkdirSync(resultsDir, { recursive: true });
  const started = Date.now();

  await check('lint', bin('eslint'), ['.'], 10 * MINUTE);
  if (wanted('type-check')) removeStaleOutput();
  await check('type-check', bin('tsc'), ['-p', '.'], 10 * MINUTE);
  await check('build', process.execPath, ['scripts/build.mjs'], 5 * MINUTE);

  await suite('unit', bin('mocha'), (file) => ['--reporter', reporter, '--reporter-option', `resultsFile=${file}`], 15 * MINUTE);

  const editorSuites = ['in-editor', 'ui'].filter(wanted);
  if (editorSuites.length > 0) {
    try {
      installCodeServer();
    } catch (err) {
      console.error(`code-server is needed for ${editorSuites.join(' and ')}: ${err instanceof Error ? err.message : err}`);
    }
  }
  await suite(
    'in-editor',
    process.execPath,
    (file) => [join('out', 'test', 'runners', 'codeServer.js'), '--results', file, '--timeout', String(15 * 60)],
    17 * MINUTE,
  );
  await suite(
    'ui',
    bin('mocha'),
    (file) => [
      '--no-config',
      '--forbid-only',
      '--require', join('out', 'test', 'ui', 'support', 'hooks.js'),
      '--timeout', '120000',
      '--reporter', reporter,
      '--reporter-option', `resultsFile=${file}`,
      'out/test/ui/**/*.test.js',
    ],
    20 * MINUTE,
  );

  // Last: packaging rebuilds dist/ for production, which nothing after it needs.
  await check('package', process.execPath, ['scripts/checkPackage.mjs'], 5 * MINUTE);

  header('summary');
  let passed = 0;
  let failed = 0;
  for (const o of outcomes) {
    passed += o.passed;
    failed += o.failed;
    console.log(`${o.failed ? '✘' : '✔'} ${o.name.padEnd(11)} ${o.note} (${o.time})`);
    for (const f of o.failures ?? []) console.log(`    ✘ ${f.title}\n      ${String(f.error).split('\n')[0]}`);
  }
  console.log(`(${seconds(started)} in all; artifacts in ${relative(root, resultsDir)}/)`);
  // Which passed tests check the product, and which the harness and the emulator (by file; README).
  const suites = outcomes.filter((o) => o.harness !== undefined);
  if (suites.length > 0) {
    const harness = suites.reduce((n, o) => n + o.harness, 0);
    const tests = suites.reduce((n, o) => n + o.passed, 0);
    console.log(`passed tests: ${suites.map((o) => `${o.name} ${o.passed} (harness and emulator ${o.harness})`).join(', ')}; product ${tests - harness}, harness and emulator ${harness}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || outcomes.length === 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
