// Sizes of what ships: the activation bundle and its second step, the features bundle, the service-layer bundle, each webview bundle (the
// production build bench.mjs made), and the VSIX (packaged here the way `npm run package` does).
// Goal: the VSIX stays under 1 MB after every feature issue.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure } from './figures.mjs';

export const VSIX_GOAL_KB = 1024;

export async function run({ root, log }) {
  const kb = (file) => statSync(file).size / 1024;
  const figures = [
    figure('activation bundle dist/extension.js (the view)', kb(join(root, 'dist/extension.js')), 'KiB'),
    figure("activation's second step dist/registrations.js (services, stubs)", kb(join(root, 'dist/registrations.js')), 'KiB'),
    figure('features bundle dist/features.js (tree provider, commands, panels; loaded on first use)', kb(join(root, 'dist/features.js')), 'KiB'),
    figure('service-layer bundle dist/aws.js', kb(join(root, 'dist/aws.js')), 'KiB'),
  ];
  const webviews = join(root, 'dist/webview');
  for (const name of readdirSync(webviews).filter((f) => f.endsWith('.js')).sort()) {
    figures.push(figure(`webview bundle dist/webview/${name}`, kb(join(webviews, name)), 'KiB'));
  }
  const dir = mkdtempSync(join(tmpdir(), 'ami-bench-vsix-'));
  try {
    const vsix = join(dir, 'ami-explorer.vsix');
    log('packaging the VSIX…');
    // --no-dependencies: everything is bundled. The prepublish step rebuilds the production bundles.
    execFileSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    figures.push(figure('VSIX', kb(vsix), 'KiB', `<= ${VSIX_GOAL_KB}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
