// npm run bench: prints the figures behind the speed and memory goals, with ratios to targets.
// Nothing here asserts: tests never check wall-clock times. Needs `tsc -p .` and the build first,
// which this script runs itself.
//   1. Activation: require dist/extension.js and call activate() against a stand-in `vscode`
//      (fresh process each time, median of runs), compared with the AWS Toolkit's 2.7 s on
//      these machines (goal: 100 times less). Also what loading the SDK bundle costs, to show
//      why it is kept off the activation path.
//   2. The service layer against the emulator seeded with ~100,000 images: first page of every
//      region (in parallel under the tree's concurrency limit), paging a whole region, memory.
//   3. The pure model over 100,000 images: sort, text filter, group by tag.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const TOOLKIT_ACTIVATION_MS = 2700;
const quick = process.argv.includes('--quick');

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;

console.log('building…');
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
run(process.execPath, [join(root, 'scripts/build.mjs'), '--production']);

// ---- 1. activation ----------------------------------------------------------------------------
const probe = `
const { installFakeVscode, makeFakeContext } = require(${JSON.stringify(join(root, 'out/test/unit/support/fakeVscode.js'))});
const fake = installFakeVscode();
const what = process.argv[1];
const t0 = process.hrtime.bigint();
if (what === 'extension') {
  const ext = require(${JSON.stringify(join(root, 'dist/extension.js'))});
  Promise.resolve(ext.activate(makeFakeContext(${JSON.stringify(root)}))).then(done, (e) => { console.error(e); process.exit(1); });
} else {
  require(${JSON.stringify(join(root, 'dist/aws.js'))});
  done();
}
function done() {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const sdkLoaded = Object.keys(require.cache).some((k) => k.endsWith('dist/aws.js'));
  process.stdout.write(JSON.stringify({ ms, sdkLoaded }));
  process.exit(0);
}`;
function measure(what, runs) {
  const times = [];
  let sdkLoaded = false;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['-e', probe, what], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`activation probe failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    times.push(out.ms);
    sdkLoaded ||= out.sdkLoaded;
  }
  return { ms: median(times), sdkLoaded };
}
const runs = quick ? 3 : 9;
const activation = measure('extension', runs);
const sdk = measure('aws', runs);
console.log('\n== activation (median of %d fresh processes, production bundle) ==', runs);
console.log(`activate():                 ${fmt(activation.ms)}  (service layer loaded: ${activation.sdkLoaded ? 'YES, goal missed' : 'no'})`);
console.log(`AWS Toolkit, same machine:  ${fmt(TOOLKIT_ACTIVATION_MS)}  → ratio ${(TOOLKIT_ACTIVATION_MS / activation.ms).toFixed(0)}x (goal: ≥100x)`);
console.log(`loading dist/aws.js (SDK):  ${fmt(sdk.ms)}  (paid on the first AWS call instead)`);

// ---- 2. service layer against a 100k-image emulator ---------------------------------------------
const { startEmulator, DEFAULT_REGIONS } = require(join(root, 'out/test/emulator/index.js'));
const { createAwsServices } = require(join(root, 'out/src/aws/index.js'));
const { sortNewestFirst, filterImages, groupByTag } = require(join(root, 'out/src/model/grouping.js'));

const regions = quick ? DEFAULT_REGIONS.slice(0, 2) : [...DEFAULT_REGIONS, 'us-east-2', 'us-west-1', 'ca-central-1', 'eu-west-2', 'eu-north-1', 'ap-northeast-1', 'ap-south-1', 'sa-east-1', 'eu-west-3', 'ap-northeast-2'];
const perRegion = quick ? 2000 : Math.ceil(100000 / regions.length / 1.2);
let t = performance.now();
const emu = await startEmulator({ port: 0, seed: 7, imagesPerRegion: perRegion, regions });
const seedMs = performance.now() - t;
const total = regions.reduce((n, r) => n + emu.store.imageCount(r), 0);
console.log(`\n== service layer: emulator seeded with ${total} images in ${regions.length} regions (${fmt(seedMs)}) ==`);

const env = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
const aws = createAwsServices({ endpoint: emu.url, extensionName: 'ami-explorer', extensionVersion: 'bench', env, maxAttempts: 3 });
const images = aws.images(undefined);

// first page of every region, 4 at a time (the tree's default concurrency)
t = performance.now();
const queue = [...regions];
const firstPage = [];
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      const started = performance.now();
      const res = await images.listImages(r, { kind: 'self' }, {}, { pageSize: 50 });
      if (!res.ok) throw new Error(res.error.message);
      firstPage.push(performance.now() - started);
    }
  }),
);
const allFirst = performance.now() - t;
console.log(`first page (50) of all ${regions.length} regions: ${fmt(allFirst)}; per region median ${fmt(median(firstPage))}`);

// page a whole region with the largest page EC2 allows
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
t = performance.now();
const all = [];
for (const r of regions) {
  let token;
  do {
    const res = await images.listImages(r, { kind: 'self' }, {}, { pageSize: 1000, nextToken: token });
    if (!res.ok) throw new Error(res.error.message);
    all.push(...res.value.items);
    token = res.value.nextToken;
  } while (token);
}
const pageAllMs = performance.now() - t;
global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
console.log(`every owned image of every region (${all.length}, pages of 1000): ${fmt(pageAllMs)} → ${(all.length / (pageAllMs / 1000)).toFixed(0)} images/s`);
console.log(`heap held by ${all.length} mapped images: ${mib(heapAfter - heapBefore)} (${((heapAfter - heapBefore) / all.length).toFixed(0)} bytes each${global.gc ? '' : '; run with --expose-gc for a steadier figure'})`);

// ---- 3. pure model over the same images ---------------------------------------------------------
console.log(`\n== model over ${all.length} images ==`);
t = performance.now();
sortNewestFirst(all);
console.log(`sort newest first: ${fmt(performance.now() - t)}`);
t = performance.now();
const matched = filterImages(all, 'prod');
console.log(`text filter "prod": ${fmt(performance.now() - t)} (${matched.length} match)`);
t = performance.now();
const groups = groupByTag(all, 'Team');
console.log(`group by tag "Team": ${fmt(performance.now() - t)} (${groups.length} groups)`);

aws.dispose();
await emu.close();
