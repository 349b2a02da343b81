// The service layer and the model over about 100,000 images: the emulator seeded with ~100k
// images in 20 regions, every owned image paged through the real SDK client and mapped; the heap
// those mapped images hold (run with --expose-gc, as `npm run bench` does); then sort, text
// filter and group by tag over them.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { figure, median } from './figures.mjs';

const require = createRequire(import.meta.url);
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;

export async function run({ root, quick, log }) {
  const figures = [];
  let t;
  const { startEmulator, DEFAULT_REGIONS } = require(join(root, 'out/test/emulator/index.js'));
  const { createAwsServices } = require(join(root, 'out/src/aws/index.js'));
  const { sortNewestFirst, filterImages, groupByTag } = require(join(root, 'out/src/model/grouping.js'));

  const regions = quick ? DEFAULT_REGIONS.slice(0, 2) : [...DEFAULT_REGIONS, 'us-east-2', 'us-west-1', 'ca-central-1', 'eu-west-2', 'eu-north-1', 'ap-northeast-1', 'ap-south-1', 'sa-east-1', 'eu-west-3', 'ap-northeast-2'];
  const perRegion = quick ? 2000 : Math.ceil(100000 / regions.length / 1.2);
  t = performance.now();
  const emu = await startEmulator({ port: 0, seed: 7, imagesPerRegion: perRegion, regions });
  const seedMs = performance.now() - t;
  const total = regions.reduce((n, r) => n + emu.store.imageCount(r), 0);
  log(`\n== service layer: emulator seeded with ${total} images in ${regions.length} regions (${fmt(seedMs)}) ==`);

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
  log(`first page (50) of all ${regions.length} regions: ${fmt(allFirst)}; per region median ${fmt(median(firstPage))}`);
  figures.push(figure(`first page of ${regions.length} regions, 4 at a time`, allFirst, 'ms'));

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
  log(`every owned image of every region (${all.length}, pages of 1000): ${fmt(pageAllMs)} → ${(all.length / (pageAllMs / 1000)).toFixed(0)} images/s`);
  figures.push(figure('every owned image paged and mapped', all.length / (pageAllMs / 1000), 'images/s'));
  figures.push(figure(`heap held per mapped image (${all.length} images)`, (heapAfter - heapBefore) / all.length, 'bytes'));
  log(`heap held by ${all.length} mapped images: ${mib(heapAfter - heapBefore)} (${((heapAfter - heapBefore) / all.length).toFixed(0)} bytes each${global.gc ? '' : '; run with --expose-gc for a steadier figure'})`);

  // ---- 3. pure model over the same images ---------------------------------------------------------
  log(`\n== model over ${all.length} images ==`);
  t = performance.now();
  sortNewestFirst(all);
  figures.push(figure(`sort newest first, ${all.length} images`, performance.now() - t, 'ms'));
  t = performance.now();
  const matched = filterImages(all, 'prod');
  figures.push(figure(`text filter, ${all.length} images`, performance.now() - t, 'ms'));
  log(`text filter "prod": ${matched.length} match`);
  t = performance.now();
  const groups = groupByTag(all, 'Team');
  figures.push(figure(`group by tag, ${all.length} images`, performance.now() - t, 'ms'));
  log(`group by tag "Team": ${groups.length} groups`);

  aws.dispose();
  await emu.close();
  return figures;
}
