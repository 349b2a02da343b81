// npm run bench: measures the speed, memory and size goals and writes them to bench-results.json
//   { "figures": [ { "name", "value", "unit", "goal" } ] }   (goal absent: reported only)
// with one line per figure on stdout (notes on what ran go to stderr). Nothing here asserts and
// no test reads these times: these machines are noisy, so the goals that matter are ratios
// measured side by side in the same run. Each part is a module of scripts/bench/ exporting
// `run({ root, quick, log })` → figures. Flags: --quick (fewer runs, smaller data, for trying a
// change), --only a,b (run only those parts), --out FILE (default bench-results.json).
// Needs the build and the compiled tests, which this script runs itself.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { line, meets } from './bench/figures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const flag = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const out = resolve(root, flag('--out') ?? 'bench-results.json');

/** The parts, in the order they run: sizes first (they need the production build only). */
const PARTS = ['sizes', 'nodeActivation', 'hostActivation', 'images', 'regions'];
const only = flag('--only')?.split(',');
const parts = only ? PARTS.filter((p) => only.includes(p)) : PARTS;
if (only && parts.length !== only.length) throw new Error(`unknown part in --only ${only.join(',')}; parts: ${PARTS.join(', ')}`);

const log = (...text) => console.error(...text);
const started = Date.now();
log('building (tsc, production bundles)…');
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const figures = [];
for (const part of parts) {
  const t = Date.now();
  log(`\n== ${part} ==`);
  const mod = await import(pathToFileURL(join(root, 'scripts/bench', `${part}.mjs`)).href);
  for (const f of await mod.run({ root, quick, log })) {
    figures.push(f);
    console.log(line(f));
  }
  log(`(${part}: ${((Date.now() - t) / 1000).toFixed(0)} s)`);
}

writeFileSync(out, `${JSON.stringify({ figures }, null, 2)}\n`);
const missed = figures.filter((f) => meets(f) === false);
log(`\nwrote ${out}: ${figures.length} figures, ${figures.filter((f) => f.goal !== undefined).length} with goals, ${missed.length} missed, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
for (const f of missed) log(`MISSED ${f.name}: ${f.value} ${f.unit}, goal ${f.goal}`);
