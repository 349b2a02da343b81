/**
 * What the clean-up report reads, for one profile and the chosen regions (in parallel, every region
 * at once unless `concurrency` caps it, as the tree): the owned images (Owners=self, every page,
 * deprecated and disabled included), what refers to them (DescribeImageReferences, at most 10 ids a
 * call), the launch permissions of owned images that are not public (to know explicit,
 * organization and OU shares; a few at a time), and, for shared images, the newest available usage
 * report with its entries. A region that fails is reported in its RegionRead, never fatal; only
 * cancelling ends the whole read. Reads only; the report itself is built by src/model/cleanup.ts.
 */
import type { AmiImage } from '../model/image';
import type { LaunchPermissionState } from '../model/launchPermissions';
import type { ImageFacts, RegionRead, UsageReportRead } from '../model/cleanup';
import { isShared } from '../model/cleanup';
import { describeFailure, fail, ok, type Result } from '../model/result';
import type { ExtensionServices } from '../services';
import { Limiter } from '../util/limiter';

type Services = Pick<ExtensionServices, 'aws'>;

/** DescribeImages page size for the owned listing (EC2's maximum). */
const PAGE = 1000;
/** Launch-permission reads (and report-entry reads) at a time within one region. */
export const PER_REGION_CONCURRENCY = 4;

export interface CleanupReadOptions {
  readonly profile: string | undefined;
  readonly regions: readonly string[];
  /** Regions read at the same time (amiExplorer.maxConcurrentRegions; 0 = every region at once). */
  readonly concurrency: number;
  /** Progress lines ("us-east-1: 12 images, reading what uses them…"). */
  readonly onProgress?: (message: string) => void;
}

function cancelled<T>(): Result<T> {
  return fail({ kind: 'cancelled', message: 'The clean-up report was cancelled.' });
}

/** Reads every region; `cancelled` when the signal aborted, else one RegionRead per region (in the order given). */
export async function readCleanupData(services: Services, options: CleanupReadOptions, signal?: AbortSignal): Promise<Result<RegionRead[]>> {
  const limiter = new Limiter(options.concurrency);
  let done = 0;
  const reads = options.regions.map((region) =>
    limiter
      .run(async () => {
        const read = await readRegion(services, options.profile, region, options.onProgress, signal);
        done++;
        options.onProgress?.(`${done} of ${options.regions.length} regions read`);
        return read;
      }, signal)
      .catch((): RegionRead | undefined => undefined),
  );
  const settled = await Promise.all(reads);
  if (signal?.aborted) return cancelled();
  return ok(settled.map((r, i) => r ?? { region: options.regions[i] ?? '', images: [], facts: {}, imagesError: 'not read' }));
}

async function listOwned(services: Services, profile: string | undefined, region: string, signal?: AbortSignal): Promise<Result<AmiImage[]>> {
  const ops = services.aws().images(profile);
  const images: AmiImage[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ops.listImages(region, { kind: 'self' }, { includeDeprecated: true, includeDisabled: true }, { pageSize: PAGE, ...(nextToken ? { nextToken } : {}) }, signal);
    if (!page.ok) return page;
    images.push(...page.value.items);
    nextToken = page.value.nextToken;
  } while (nextToken);
  return ok(images);
}

/** One region: never throws; a failure of a step becomes the region's error or note. */
export async function readRegion(services: Services, profile: string | undefined, region: string, onProgress?: (message: string) => void, signal?: AbortSignal): Promise<RegionRead | undefined> {
  const aws = services.aws();
  onProgress?.(`${region}: listing owned images…`);
  const listed = await listOwned(services, profile, region, signal);
  if (signal?.aborted) return undefined;
  if (!listed.ok) return { region, images: [], facts: {}, imagesError: describeFailure(listed.error) };
  const images = listed.value;
  if (images.length === 0) return { region, images, references: [], facts: {} };
  onProgress?.(`${region}: ${images.length} owned image${images.length === 1 ? '' : 's'}; reading what uses them…`);
  const ids = images.map((i) => i.imageId);
  const refs = await aws.usage(profile).listImageReferences(region, ids, signal);
  if (signal?.aborted) return undefined;
  // Nothing is offered where references are unknown, and a referenced image is never offered:
  // sharing (launch permissions, usage reports) is read only for the images that may be offered.
  if (!refs.ok) return { region, images, facts: {}, referencesError: describeFailure(refs.error) };
  const referenced = new Set(refs.value.map((r) => r.imageId));
  const open = images.filter((i) => !referenced.has(i.imageId));
  const permissions = await readPermissions(services, profile, region, open.filter((i) => !i.public), signal);
  if (signal?.aborted) return undefined;
  const facts: Record<string, ImageFacts> = {};
  for (const image of images) {
    const p = permissions.get(image.imageId);
    facts[image.imageId] = p === undefined ? {} : p.ok ? { permissions: p.value } : { permissionsError: describeFailure(p.error) };
  }
  const notes: string[] = [];
  const shared = open.filter((i) => isShared(i, facts[i.imageId]?.permissions));
  if (shared.length > 0) {
    onProgress?.(`${region}: reading usage reports of ${shared.length} shared image${shared.length === 1 ? '' : 's'}…`);
    const reports = await readNewestReports(services, profile, region, shared.map((i) => i.imageId), signal);
    if (signal?.aborted) return undefined;
    if (!reports.ok) notes.push(`Usage reports could not be read (${describeFailure(reports.error)}); use by other accounts is shown as unknown.`);
    else {
      for (const [imageId, report] of reports.value.reports) facts[imageId] = { ...facts[imageId], usageReport: report };
      notes.push(...reports.value.notes);
    }
  }
  const unreadable = images.filter((i) => facts[i.imageId]?.permissionsError !== undefined).length;
  if (unreadable > 0) notes.push(`The launch permissions of ${unreadable} image${unreadable === 1 ? '' : 's'} could not be read; their sharing is shown as unknown.`);
  return {
    region,
    images,
    facts,
    references: refs.value,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

async function readPermissions(services: Services, profile: string | undefined, region: string, images: readonly AmiImage[], signal?: AbortSignal): Promise<Map<string, Result<LaunchPermissionState>>> {
  const ops = services.aws().images(profile);
  const limiter = new Limiter(PER_REGION_CONCURRENCY);
  const out = new Map<string, Result<LaunchPermissionState>>();
  await Promise.all(
    images.map((image) =>
      limiter
        .run(async () => {
          out.set(image.imageId, await ops.getLaunchPermissions(region, image.imageId, signal));
        }, signal)
        .catch(() => undefined),
    ),
  );
  return out;
}

/** The newest available usage report of each image (by creation time), with its entries. */
async function readNewestReports(services: Services, profile: string | undefined, region: string, imageIds: readonly string[], signal?: AbortSignal): Promise<Result<{ reports: Map<string, UsageReportRead>; notes: string[] }>> {
  const usage = services.aws().usage(profile);
  const listed = await usage.listUsageReports(region, imageIds, signal);
  if (!listed.ok) return listed;
  const newest = new Map<string, { reportId: string; createdAt: string }>();
  for (const r of listed.value) {
    if (r.state !== 'available') continue;
    const createdAt = r.creationTime ?? '';
    const prior = newest.get(r.imageId);
    if (!prior || createdAt > prior.createdAt) newest.set(r.imageId, { reportId: r.reportId, createdAt });
  }
  const reports = new Map<string, UsageReportRead>();
  const notes: string[] = [];
  const limiter = new Limiter(PER_REGION_CONCURRENCY);
  await Promise.all(
    [...newest.entries()].map(([imageId, r]) =>
      limiter
        .run(async () => {
          const entries = await usage.listReportEntries(region, r.reportId, signal);
          if (entries.ok) reports.set(imageId, { reportId: r.reportId, createdAt: r.createdAt, entries: entries.value });
          else if (entries.error.kind !== 'cancelled') notes.push(`The usage report ${r.reportId} of ${imageId} could not be read (${describeFailure(entries.error)}).`);
        }, signal)
        .catch(() => undefined),
    ),
  );
  return ok({ reports, notes });
}
