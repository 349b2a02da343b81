/** Where things are. This file runs compiled (out/test/runners/) or bundled (.vscode-test/demo/). */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The nearest folder above `from` holding package.json and test/runners: the project root. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'runners'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project root above ${from}`);
  }
}

/** The project root (the extension under test). */
export const repoRoot = findRepoRoot(__dirname);
/** Compiled tests. */
export const outDir = path.join(repoRoot, 'out');
/** The in-editor mocha entry point, passed as extensionTestsPath. */
export const integrationIndex = path.join(outDir, 'test', 'integration', 'index.js');
/** code-server as installed by scripts/installCodeServer.mjs. */
export const codeServerBin = path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
/** Screenshots and result files; ignored by git. */
export const testResultsDir = path.join(repoRoot, 'test-results');
/** Debian's Chromium; override with AMI_EXPLORER_CHROMIUM. */
export const chromiumPath = process.env.AMI_EXPLORER_CHROMIUM || '/usr/bin/chromium';
