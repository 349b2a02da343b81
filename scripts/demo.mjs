// `npm run demo [-- --port N]`: from a fresh clone to a browser-ready VS Code with AMI Explorer
// and an EC2 emulator full of sample images; no AWS account needed. Installs what is missing
// (npm packages, code-server), builds the extension, bundles the demo runner
// (test/runners/demo.ts) with esbuild, and runs it until Ctrl-C. Prints
// `AMI Explorer demo: http://127.0.0.1:N/  password: …` (a random password for every run).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCodeServer } from './installCodeServer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => console.log(`[demo] ${msg}`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[demo] ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

async function main() {
  if (!existsSync(join(root, 'node_modules', 'esbuild')) || !existsSync(join(root, 'node_modules', '@aws-sdk', 'client-ec2'))) {
    log('installing npm packages');
    run('npm', existsSync(join(root, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  }
  installCodeServer();

  log('building the extension');
  run(process.execPath, ['scripts/build.mjs']);

  // The demo runner and the emulator are TypeScript under test/; esbuild bundles them in a blink
  // and, unlike tsc over the whole project, does not depend on every other file compiling.
  const outfile = join(root, '.vscode-test', 'demo', 'demo.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(root, 'test', 'runners', 'demo.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });

  const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child too (same process group); wait for it to clean up, then leave.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 1);
  });
}

main().catch((err) => {
  console.error(`[demo] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
