// The `package` check of `npm test`: builds the VSIX as `npm run package` does (production bundle
// via vscode:prepublish) into test-results/, then checks what went in: the bundles, the icon and
// the manifest; no sources, tests, maps or node_modules; each webview bundle under its size
// budget, and the VSIX under 1 MB. Exits non-zero, saying why, when not.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(root, 'node_modules', '.bin', 'vsce');
const out = join(root, 'test-results', 'ami-explorer.vsix');
mkdirSync(dirname(out), { recursive: true });
rmSync(out, { force: true });

const opts = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];
execFileSync(vsce, ['package', ...opts, '--out', out], { cwd: root, stdio: 'inherit' });
if (!existsSync(out)) throw new Error('vsce wrote no VSIX');

const files = zipEntries(readFileSync(out))
  .filter((name) => name.startsWith('extension/'))
  .map((name) => name.slice('extension/'.length));
const problems = [];
for (const must of ['package.json', 'dist/package.json', 'dist/extension.js', 'dist/features.js', 'dist/aws.js', 'dist/webview/details.js', 'media/amiExplorer.svg', 'readme.md', 'LICENSE.txt']) {
  if (!files.includes(must)) problems.push(`missing ${must}`);
}
for (const f of files) {
  if (/^(src|test|scripts|node_modules|out|\.ci|\.vscode-test|test-results)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts')) {
    problems.push(`should not ship ${f}`);
  }
}
// Webview bundles load on every panel open: each stays under a budget (Lit + a few
// @vscode-elements components come to about 100 KiB minified).
const WEBVIEW_BUDGET_KIB = 300;
const webviewDir = join(root, 'dist', 'webview');
for (const name of readdirSync(webviewDir).filter((f) => f.endsWith('.js')).sort()) {
  const kib = statSync(join(webviewDir, name)).size / 1024;
  console.log(`dist/webview/${name}: ${kib.toFixed(1)} KiB (budget ${WEBVIEW_BUDGET_KIB} KiB)`);
  if (kib > WEBVIEW_BUDGET_KIB) problems.push(`dist/webview/${name} is ${kib.toFixed(0)} KiB, over the ${WEBVIEW_BUDGET_KIB} KiB budget`);
}
// The whole VSIX stays under 1 MB after every feature issue (issue #12; npm run bench reports it too).
const VSIX_BUDGET_KIB = 1024;
const size = statSync(out).size;
console.log(`${out}: ${(size / 1024).toFixed(0)} KiB, ${files.length} files (budget ${VSIX_BUDGET_KIB} KiB)`);
if (size / 1024 > VSIX_BUDGET_KIB) problems.push(`the VSIX is ${(size / 1024).toFixed(0)} KiB, over the ${VSIX_BUDGET_KIB} KiB budget`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}

/** Names of the entries of a zip file, from its central directory (a VSIX is a zip). */
function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip central directory');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
