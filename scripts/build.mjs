// Builds the extension with esbuild.
//   dist/package.json  a tiny package scope for the bundles (see writePackageScope)
//   dist/extension.js  the activation bundle: the Images view only, never loads the AWS SDK
//   dist/registrations.js  activation's second step (the host's next turn): services and stubs
//   dist/features.js   the tree's provider, commands, panel hosts, documents: required on first use
//   dist/aws.js        the service layer and the SDK, required on the first AWS call
//   dist/webview/*.js  one browser bundle per webview UI (src/webviews/<panel>/ui/main.ts)
// Flags: --production (release: minified, with source maps, from an empty dist/), --watch.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, mkdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Lazy bundles: the extension bundle reaches the second step of activation (services, stubs) only
 * through `require('./registrations')` in src/registrationsLoader.ts, the service layer only through
 * `require('./aws')` in src/awsLoader.ts, and the features (commands, panels, documents) only through
 * `require('./features')` in src/featuresLoader.ts; each stays a separate file next to it. */
const LAZY = { awsLoader: './aws', featuresLoader: './features', registrationsLoader: './registrations' };
const lazyBundlesPlugin = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/(aws|features|registrations)$/ }, (args) => {
      const loader = basename(args.importer).replace(/\.ts$/, '');
      return LAZY[loader] === args.path ? { path: `${args.path}.js`, external: true } : undefined;
    });
  },
};

/** `import * as vscode from 'vscode'` becomes a plain `require('vscode')` in the Node bundles. The
 * bundler would otherwise copy the whole API object (hundreds of getters) into a namespace once per
 * importing file when the bundle loads: about a millisecond each, measured in the extension host. */
const plainVscodePlugin = {
  name: 'plain-vscode',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replace(/^import \* as vscode from 'vscode';$/m, "import vscode = require('vscode');"), loader: 'ts' };
    });
  },
};

/** Prints errors in the shape VS Code's esbuild problem matcher understands. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** A Node bundle of the extension (CommonJS, `vscode` external), beside the others in dist/. */
const nodeBundle = (entry, outfile, extra = {}) => ({
  ...common,
  entryPoints: [join(root, entry)],
  outfile: join(root, outfile),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  plugins: [plainVscodePlugin, lazyBundlesPlugin, problemMatcherPlugin],
  ...extra,
});

const nodeBuilds = [
  nodeBundle('src/extension.ts', 'dist/extension.js'),
  nodeBundle('src/registrations.ts', 'dist/registrations.js'),
  nodeBundle('src/features.ts', 'dist/features.js'),
  nodeBundle('src/aws/index.ts', 'dist/aws.js', { mainFields: ['module', 'main'], plugins: [problemMatcherPlugin] }),
];

function webviewBuilds() {
  const dir = join(root, 'src/webviews');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'ui/main.ts')))
    .map((d) => ({
      ...common,
      entryPoints: [join(dir, d.name, 'ui/main.ts')],
      outfile: join(root, 'dist/webview', `${d.name}.js`),
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      plugins: [problemMatcherPlugin],
    }));
}

/** Static webview assets: the codicon font and stylesheet, copied next to the bundles. */
function copyAssets() {
  const out = join(root, 'dist/webview');
  mkdirSync(out, { recursive: true });
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  for (const f of ['codicon.css', 'codicon.ttf']) {
    if (existsSync(join(codicons, f))) copyFileSync(join(codicons, f), join(out, f));
  }
}

/**
 * dist/package.json, a package scope of its own for the Node bundles. Node reads the nearest
 * package.json to a CommonJS file it loads (for its "type"); without this one that is the
 * extension's own manifest (about 29 KB of contributions), parsed while VS Code times our
 * activation: about 0.5 ms of the extension host's code loading, measured there (npm run bench).
 */
function writePackageScope() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist/package.json'), '{ "type": "commonjs" }\n');
}

const builds = [...nodeBuilds, ...webviewBuilds()];
// A release starts from an empty dist/, so no stale bundle of a dev build ships.
if (production) rmSync(join(root, 'dist'), { recursive: true, force: true });
copyAssets();
writePackageScope();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`built ${builds.length} bundles${production ? ' (production)' : ''} in ${Date.now() - started} ms`);
}
