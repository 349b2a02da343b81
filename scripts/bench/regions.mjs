// Every region at once (issue #12): the tree's own loading path (AmiTreeProvider → profile →
// region nodes → RegionImages under the tree's limiter, with the vscode stub of the unit tests)
// loads the first page of every region through the real SDK against the emulator, which answers
// each request after 200 ms (in a process of its own, as remote endpoints). Measured side by side in
// each round, at the default concurrency (no cap): 20 regions and one region, with the default
// page (50) and with the smallest (5: the wait alone, little to parse); the same 20 regions capped
// at 4 (the default before #12), and one after another as a script does (a loop of listImages).
// Medians over the rounds. The goal (<= 1.3) is on the smallest page: with 50 images a page, the
// SDK's XML parsing and our mapping of 20 pages run on the extension host's one thread after the
// answers arrive together, which no concurrency removes (reported beside it).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { figure, median } from './figures.mjs';

const require = createRequire(import.meta.url);
const LATENCY_MS = 200;
const COUNT = 20;
const fmt = (ms) => `${ms.toFixed(0)} ms`;

export async function run({ root, quick, log }) {
  // The emulator stands for remote endpoints: it runs in a process of its own, so its work
  // (checking signatures, rendering pages) does not take the extension's thread, as AWS's does not.
  const emu = await startEmulatorProcess(root, COUNT, LATENCY_MS);
  const regions = emu.regions;
  const { installVscodeStub, uninstallVscodeStub } = require(join(root, 'out/test/unit/support/vscodeStub.js'));
  installVscodeStub();
  const { AmiTreeProvider } = require(join(root, 'out/src/tree/amiTreeProvider.js'));
  const { createAwsServices } = require(join(root, 'out/src/aws/index.js'));
  const { Keys, parseSettings } = require(join(root, 'out/src/config.js'));
  const { PAGE_SIZE } = require(join(root, 'out/src/model/limits.js'));
  const { redactingLog } = require(join(root, 'out/src/util/log.js'));

  const env = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
  // The extension's log path: every line redacted by the channel wrapper, then dropped (a channel at "info").
  const drop = () => undefined;
  const channelLog = redactingLog({ name: 'bench', logLevel: 3, trace: drop, debug: drop, info: drop, warn: drop, error: drop, append: drop, appendLine: drop, replace: drop, clear: drop, show: drop, hide: drop, dispose: drop });
  const makeAws = (list) => createAwsServices({ endpoint: emu.url, extensionName: 'ami-explorer', extensionVersion: 'bench', env, maxAttempts: 3, regions: list, log: (level, message) => channelLog[level](message) });
  const settingsFor = (list, extra = {}) => parseSettings({ get: (k) => ({ regions: list, endpoint: emu.url, ...extra })[k] }, true);
  const none = () => ({ dispose() {} });

  /** The tree loading every region's first page: from a new provider to every region loaded. */
  const tree = async (aws, settings) => {
    const services = { context: {}, log: channelLog, aws: () => aws, settings: () => settings, onDidChangeSettings: none, onDidChangeImage: none, announce() {} };
    const t = performance.now();
    const provider = new AmiTreeProvider(services);
    const roots = await provider.getChildren();
    await provider.whenIdle();
    const ms = performance.now() - t;
    const loaded = provider.regions().filter((r) => r.data.state === 'loaded' && !r.data.error && r.data.images.length > 0);
    if (roots.length !== settings.regions.length || loaded.length !== settings.regions.length) throw new Error(`the tree loaded ${loaded.length} of ${settings.regions.length} regions`);
    provider.dispose();
    return ms;
  };

  const all = { aws: makeAws(regions), settings: settingsFor(regions) };
  const capped = { aws: all.aws, settings: settingsFor(regions, { maxConcurrentRegions: 4 }) };
  const one = { aws: makeAws(regions.slice(0, 1)), settings: settingsFor(regions.slice(0, 1)) };
  // The same with the smallest page EC2 takes (5): what the wait costs, with little to parse.
  const small = { [Keys.pageSize]: PAGE_SIZE.min };
  const allSmall = { aws: all.aws, settings: settingsFor(regions, small) };
  const oneSmall = { aws: one.aws, settings: settingsFor(regions.slice(0, 1), small) };
  if (all.settings.maxConcurrentRegions !== 0) throw new Error('the default is expected to be no cap');
  const filter = { includeDeprecated: all.settings.showDeprecated, includeDisabled: all.settings.showDisabled };

  /** What a script does: one region after another, the same first page. */
  const oneAfterAnother = async () => {
    const images = all.aws.images(undefined);
    const t = performance.now();
    for (const r of regions) {
      const res = await images.listImages(r, { kind: 'self' }, filter, { pageSize: all.settings.pageSize });
      if (!res.ok || res.value.items.length === 0) throw new Error(`${r}: ${res.ok ? 'no images' : res.error.message}`);
    }
    return performance.now() - t;
  };

  try {
    // Warm up: connections, credentials and the code paths, once each.
    await tree(all.aws, all.settings);
    await tree(one.aws, one.settings);
    // The cheap runs (about 1 s a round) more often, for steadier medians on a busy machine.
    const rounds = quick ? 2 : 7;
    const cappedRounds = quick ? 1 : 3;
    const seqRounds = quick ? 1 : 2;
    const times = { all: [], one: [], allSmall: [], oneSmall: [], capped: [], seq: [] };
    for (let i = 0; i < rounds; i++) {
      times.all.push(await tree(all.aws, all.settings));
      times.one.push(await tree(one.aws, one.settings));
      times.allSmall.push(await tree(allSmall.aws, allSmall.settings));
      times.oneSmall.push(await tree(oneSmall.aws, oneSmall.settings));
      if (i < cappedRounds) times.capped.push(await tree(capped.aws, capped.settings));
      if (i < seqRounds) times.seq.push(await oneAfterAnother());
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
    log(`${COUNT} regions (${regions.join(', ')}), ${LATENCY_MS} ms per request, first page (${all.settings.pageSize}) each; ${rounds} rounds`);
    log(`  at once (default): ${times.all.map(fmt).join(', ')}`);
    log(`  one region:        ${times.one.map(fmt).join(', ')}`);
    log(`  pages of ${PAGE_SIZE.min}, at once:  ${times.allSmall.map(fmt).join(', ')}`);
    log(`  pages of ${PAGE_SIZE.min}, one region: ${times.oneSmall.map(fmt).join(', ')}`);
    log(`  capped at 4:       ${times.capped.map(fmt).join(', ')}`);
    log(`  one after another: ${times.seq.map(fmt).join(', ')}`);
    const page = all.settings.pageSize;
    return [
      figure(`tree: first page (${page}) of ${COUNT} regions at ${LATENCY_MS} ms latency, median`, m.all, 'ms'),
      figure(`tree: first page (${page}) of 1 region at ${LATENCY_MS} ms latency, median`, m.one, 'ms'),
      // The wait: with the smallest page, what is left is the latency (and little to parse).
      figure(`tree: ${COUNT} regions / 1 region, first page of ${PAGE_SIZE.min}`, m.allSmall / m.oneSmall, 'x', '<= 1.3'),
      // With the default page, parsing and mapping ${COUNT} pages on the extension host's one thread is added.
      figure(`tree: ${COUNT} regions / 1 region, first page of ${page} (default)`, m.all / m.one, 'x'),
      figure(`tree: ${COUNT} regions one after another (as scripts do) / at once, first page of ${page}`, m.seq / m.all, 'x'),
      figure(`tree: ${COUNT} regions 4 at a time (the default before #12) / at once, first page of ${page}`, m.capped / m.all, 'x'),
    ];
  } finally {
    all.aws.dispose();
    one.aws.dispose();
    emu.close();
    uninstallVscodeStub();
  }
}

/**
 * Starts the emulator in a child process: `count` regions the account has enabled (those enabled
 * by default first), each seeded with a full first page of its own images and answering after
 * `latencyMs`. Resolves with its URL, the regions and close().
 */
async function startEmulatorProcess(root, count, latencyMs) {
  const script = `
const { startEmulator } = require(${JSON.stringify(join(root, 'out/test/emulator/index.js'))});
(async () => {
  const probe = await startEmulator({ port: 0, imagesPerRegion: 1, regions: ['us-east-1'], publicImages: false });
  const enabled = probe.store.regions()
    .filter((r) => r.optInStatus !== 'not-opted-in')
    .sort((a, b) => Number(b.optInStatus === 'opt-in-not-required') - Number(a.optInStatus === 'opt-in-not-required') || a.regionName.localeCompare(b.regionName))
    .map((r) => r.regionName);
  await probe.close();
  const regions = enabled.slice(0, ${count});
  const emu = await startEmulator({ port: 0, seed: 12, imagesPerRegion: 60, regions, publicImages: false });
  for (const r of regions) emu.faults.setLatency(r, ${latencyMs});
  // The client still signs every request (its cost is measured); the stand-in for AWS's servers
  // skips recomputing the signatures, which on this machine would queue the requests before their wait.
  emu.faults.acceptAnySignature(true);
  process.stdout.write(JSON.stringify({ url: emu.url, regions }) + '\\n');
})().catch((e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the emulator process ended (${code})`)));
  });
  const { url, regions } = JSON.parse(first);
  if (regions.length < count) throw new Error(`only ${regions.length} enabled regions in the emulator`);
  return { url, regions, close: () => void child.kill() };
}
