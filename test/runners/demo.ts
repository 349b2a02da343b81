/**
 * The demo behind `npm run demo` (scripts/demo.mjs prepares and bundles this file): the EC2
 * emulator seeded in several regions, and code-server with AMI Explorer installed and pointed at
 * it, with fake AWS profiles, behind a random password printed with the URL. Runs until Ctrl-C,
 * then removes everything it made.
 *
 *   node .vscode-test/demo/demo.cjs [--port N] [--images-per-region K] [--seed S]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DEFAULT_REGIONS, startEmulator } from '../emulator';
import { newPassword, startCodeServer } from './codeServerProcess';
import { onExit } from './exitCleanup';
import { codeServerBin, repoRoot } from './paths';
import { createSandbox } from './sandbox';

interface DemoOptions {
  port: number;
  imagesPerRegion: number;
  seed: number;
}

function parseArgs(argv: string[]): DemoOptions {
  const opts: DemoOptions = { port: 8080, imagesPerRegion: 40, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const int = (): number => {
      const v = inline ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a number`);
      return Number(v);
    };
    if (flag === '--port') opts.port = int();
    else if (flag === '--images-per-region') opts.imagesPerRegion = int();
    else if (flag === '--seed') opts.seed = int();
    else throw new Error(`unknown argument: ${arg} (usage: npm run demo -- [--port N] [--images-per-region K] [--seed S])`);
  }
  return opts;
}

/**
 * Installs the built extension the way VS Code lays out an installed VSIX: the files the VSIX
 * would hold (see .vscodeignore) in <extensions dir>/<publisher>.<name>-<version>/. code-server
 * scans that folder at start-up and records it in extensions.json.
 */
export function installBuiltExtension(extensionsDir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string; main: string };
  if (!fs.existsSync(path.join(repoRoot, manifest.main))) throw new Error(`${manifest.main} is missing: build first (npm run build)`);
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist', 'media']) {
    const from = path.join(repoRoot, entry);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(target, entry), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  return `${manifest.publisher}.${manifest.name}`;
}

/** Asks code-server which extensions it sees, so a layout it would not load fails here, loudly. */
function listInstalledExtensions(sandbox: { extensionsDir: string; userDataDir: string; codeServerConfigFile: string; env: NodeJS.ProcessEnv }): string[] {
  const r = spawnSync(
    codeServerBin,
    ['--config', sandbox.codeServerConfigFile, '--extensions-dir', sandbox.extensionsDir, '--user-data-dir', sandbox.userDataDir, '--list-extensions'],
    { encoding: 'utf8', env: sandbox.env },
  );
  return r.stdout.split('\n').map((l) => l.trim().toLowerCase()).filter((l) => /^[\w-]+\.[\w-]+$/.test(l));
}

/** Fails early, with the fix, when the port is taken (code-server's own message is less clear). */
async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`port ${port} is in use; choose another: npm run demo -- --port N`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  await assertPortFree(opts.port);
  const emulator = await startEmulator({ port: 0, seed: opts.seed, imagesPerRegion: opts.imagesPerRegion, regions: DEFAULT_REGIONS });
  const sandbox = createSandbox({
    name: 'ami-explorer-demo',
    machineSettings: { 'amiExplorer.endpoint': emulator.url },
    settings: { 'amiExplorer.regions': DEFAULT_REGIONS },
  });
  const id = installBuiltExtension(sandbox.extensionsDir);
  if (!listInstalledExtensions(sandbox).includes(id)) throw new Error(`code-server does not list ${id} as installed`);

  const logFile = path.join(repoRoot, '.vscode-test', 'demo', 'code-server.log');
  fs.rmSync(logFile, { force: true });
  // The workbench has a terminal: without a secret every local user of this machine could open one as you.
  const password = newPassword();
  const server = await startCodeServer({ sandbox, port: opts.port, logFile, openFolder: sandbox.workspaceDir, password });
  onExit(() => console.log('\nAMI Explorer demo stopped.'));

  console.log(`EC2 emulator: ${emulator.url} (${emulator.store.imageCount()} images; seeded regions ${DEFAULT_REGIONS.join(', ')})`);
  console.log(`AWS profiles: default, other (fake keys, in ${path.dirname(sandbox.awsConfigFile)})`);
  console.log(`code-server log: ${path.relative(repoRoot, logFile)}`);
  console.log(`AMI Explorer demo: ${server.url}/  password: ${password}`);
  console.log('Open it in a browser, enter the password, and click the AMI Explorer icon in the activity bar. Ctrl-C stops the demo.');
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
