// Installs code-server (the VS Code workbench + its Node extension host, from the npm registry)
// into .vscode-test/code-server, following shared/guide/vscode-host.md. Idempotent: a marker file
// records the installed version and the native modules are checked, so a second run is a no-op.
//
//   node scripts/installCodeServer.mjs          install if needed, print the binary's path
//   import { installCodeServer } from './installCodeServer.mjs'   same, from other scripts
//
// Why each step exists:
// - code-server 4.100.3 is the newest release that runs on Node 20 (4.104+ need Node 22).
// - Its postinstall runs `npm install` again inside lib/vscode, where node-gyp builds the native
//   modules (kerberos needs libkrb5-dev) and @vscode/ripgrep downloads rg from GitHub, which fails
//   offline unless the tarball is already in its cache folder; we put Debian's rg there.
// - npm 11 gates dependency install scripts ("allowScripts"). An allowScripts entry in a
//   package.json only reaches the top-level install, not the nested one the postinstall runs in a
//   project root we do not own, and `--allow-scripts` is refused for project-scoped installs. So
//   for this one pinned install into an isolated cache we pass dangerously-allow-all-scripts, and
//   then check the postinstall's products exist rather than trusting the exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, readFileSync, writeFileSync, rmSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const DEBIAN_PACKAGES = ['libkrb5-dev', 'pkg-config', 'ripgrep'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerDir = join(root, '.vscode-test', 'code-server');
export const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
const markerFile = join(codeServerDir, '.installed.json');
const vscodeDir = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');

/** Files the postinstall must have produced; if one is missing the install is not usable. */
const requiredProducts = [
  codeServerBin,
  join(vscodeDir, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
  join(vscodeDir, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
  join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
  join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
  join(vscodeDir, 'node_modules.asar'),
  join(vscodeDir, 'extensions', 'node_modules'),
];

const log = (msg) => console.log(`[code-server] ${msg}`);

function missingProducts() {
  return requiredProducts.filter((p) => {
    try {
      lstatSync(p);
      return false;
    } catch {
      return true;
    }
  });
}

/** True when the marker names this version and Node major and every product is present. */
export function isCodeServerInstalled() {
  if (!existsSync(markerFile)) return false;
  try {
    const marker = JSON.parse(readFileSync(markerFile, 'utf8'));
    const nodeMajor = process.versions.node.split('.')[0];
    return marker.version === CODE_SERVER_VERSION && marker.nodeMajor === nodeMajor && missingProducts().length === 0;
  } catch {
    return false;
  }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

function isDebianPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** The build needs these; .ci/run installs them, this covers `npm run demo` on a fresh machine. */
function ensureDebianPackages() {
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    log('not a Debian system: make sure ripgrep, pkg-config and the Kerberos headers are installed');
    return;
  }
  const missing = DEBIAN_PACKAGES.filter((p) => !isDebianPackageInstalled(p));
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

function findRipgrep() {
  const r = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) throw new Error('ripgrep (rg) not found on PATH');
  return path;
}

/** Puts the local rg into @vscode/ripgrep's download cache, as the tarball it would download. */
function seedRipgrepCache() {
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const tarball = join(cacheDir, RIPGREP_TARBALL);
  if (existsSync(tarball)) return;
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'rg-staging-'));
  try {
    copyFileSync(findRipgrep(), join(staging, 'rg'));
    run('tar', ['czf', `${tarball}.partial`, '-C', staging, 'rg']);
    run('mv', ['-f', `${tarball}.partial`, tarball]);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Installs code-server unless it is already there; returns the path of its launcher. */
export function installCodeServer() {
  if (isCodeServerInstalled()) {
    log(`${CODE_SERVER_VERSION} already installed in ${codeServerDir}`);
    return codeServerBin;
  }
  const nodeMajor = process.versions.node.split('.')[0];
  if (nodeMajor !== '20') throw new Error(`code-server ${CODE_SERVER_VERSION} needs Node 20, this is ${process.version}`);

  const started = Date.now();
  ensureDebianPackages();
  seedRipgrepCache();

  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  // A package.json of its own keeps npm from treating the extension project as the install root.
  writeFileSync(
    join(codeServerDir, 'package.json'),
    JSON.stringify({ name: 'code-server-cache', private: true, description: 'Test host for AMI Explorer; see scripts/installCodeServer.mjs' }, null, 2),
  );
  log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerDir} (about a minute or two)`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefix', codeServerDir, `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    env: {
      ...process.env,
      // The postinstall refuses to run as root without it, and calls `npx node-gyp`.
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_ignore_scripts: 'false',
      npm_config_update_notifier: 'false',
    },
  });

  const missing = missingProducts();
  if (missing.length > 0) {
    throw new Error(`code-server's postinstall did not produce:\n  ${missing.join('\n  ')}\n(were install scripts skipped?)`);
  }
  writeFileSync(markerFile, JSON.stringify({ version: CODE_SERVER_VERSION, nodeMajor, installedAt: new Date().toISOString() }, null, 2));
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerBin;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  try {
    console.log(installCodeServer());
  } catch (err) {
    console.error(`[code-server] install failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
