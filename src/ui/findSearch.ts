/**
 * Find AMI (issue #11): one search across profiles and regions. Regions are searched in parallel,
 * all at once unless the tree's `maxConcurrentRegions` caps it; the state grows as each region
 * answers and `onChange` is called, so the quick pick streams. Aborting the signal stops every
 * call still running and keeps queued regions from starting. No vscode import: unit-tested
 * against the emulator.
 */
import type { AwsServices, ImageFilter, OwnerScope } from '../aws/types';
import { FIND_MAX_PAGES, findFilters, matchesFindQuery, type FindPlace, type FindQuery } from '../model/findQuery';
import { mergeImages, sortNewestFirst } from '../model/grouping';
import type { AmiImage } from '../model/image';
import { describeFailure, type AwsFailure } from '../model/result';
import type { Limiter } from '../util/limiter';

export interface FindResult {
  profile: string | undefined;
  image: AmiImage;
}

export interface FindFailure {
  profile: string | undefined;
  /** Undefined: the profile's regions could not be listed. */
  region?: string;
  reason: string;
}

export interface FindOptions {
  aws: () => Pick<AwsServices, 'listRegions' | 'images'>;
  /** The profiles the tree shows (undefined: the default credentials). */
  profiles: readonly (string | undefined)[];
  /** The tree's owner scopes: what name, description and tag searches cover. */
  owners: readonly OwnerScope[];
  pageSize: number;
  limiter: Limiter;
}

export class FindSearch {
  readonly results: FindResult[] = [];
  readonly failures: FindFailure[] = [];
  /** Regions whose results were cut after FIND_MAX_PAGES pages. */
  readonly cut: FindPlace[] = [];
  /** Regions to search (grows as each profile's regions are listed). */
  total = 0;
  answered = 0;
  done = false;

  constructor(
    readonly query: FindQuery,
    private readonly options: FindOptions,
    private readonly onChange: () => void,
  ) {}

  /** Runs the search; resolves when every region answered (or the signal aborted). */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.all(this.options.profiles.map((profile) => this.searchProfile(profile, signal)));
    if (signal.aborted) return;
    this.done = true;
    this.onChange();
  }

  private async searchProfile(profile: string | undefined, signal: AbortSignal): Promise<void> {
    const listed = await this.options.aws().listRegions(profile, signal);
    if (signal.aborted) return;
    if (!listed.ok) {
      this.failures.push({ profile, reason: describeFailure(listed.error) });
      this.onChange();
      return;
    }
    const regions = listed.value.map((r) => r.name);
    this.total += regions.length;
    this.onChange();
    await Promise.all(
      regions.map((region) =>
        this.options.limiter.run(() => this.searchRegion(profile, region, signal), signal).catch(() => {
          // Aborted while waiting for a slot: nothing was sent for this region.
        }),
      ),
    );
  }

  private async searchRegion(profile: string | undefined, region: string, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const outcome = this.query.kind === 'ids' ? await this.byIds(profile, region, this.query.ids, signal) : await this.byFilters(profile, region, this.query, signal);
    if (signal.aborted) return;
    this.answered++;
    const shown = new Set(this.results.map((r) => `${r.profile ?? ''}/${r.image.region}/${r.image.imageId}`));
    for (const image of sortNewestFirst(outcome.images)) {
      if (!shown.has(`${profile ?? ''}/${region}/${image.imageId}`)) this.results.push({ profile, image });
    }
    if (outcome.error) this.failures.push({ profile, region, reason: describeFailure(outcome.error) });
    if (outcome.cut) this.cut.push({ profile, region });
    this.onChange();
  }

  private async byIds(profile: string | undefined, region: string, ids: readonly string[], signal: AbortSignal): Promise<RegionOutcome> {
    const found = await this.options.aws().images(profile).findImagesById(region, ids, signal);
    return found.ok ? { images: found.value, cut: false } : { images: [], cut: false, ...failed(found.error) };
  }

  private async byFilters(profile: string | undefined, region: string, query: Exclude<FindQuery, { kind: 'ids' }>, signal: AbortSignal): Promise<RegionOutcome> {
    const ops = this.options.aws().images(profile);
    const calls = this.options.owners.flatMap((scope) => findFilters(query).map((f) => ({ scope, filter: { ...f, includeDeprecated: true, includeDisabled: true } as ImageFilter })));
    const outcomes = await Promise.all(
      calls.map(async ({ scope, filter }): Promise<RegionOutcome> => {
        let images: AmiImage[] = [];
        let nextToken: string | undefined;
        for (let page = 0; page < FIND_MAX_PAGES; page++) {
          const listed = await ops.listImages(region, scope, filter, nextToken ? { pageSize: this.options.pageSize, nextToken } : { pageSize: this.options.pageSize }, signal);
          if (!listed.ok) return { images, cut: false, ...failed(listed.error) };
          images = mergeImages(images, listed.value.items);
          nextToken = listed.value.nextToken;
          if (!nextToken) return { images, cut: false };
        }
        return { images, cut: true };
      }),
    );
    let images: AmiImage[] = [];
    for (const o of outcomes) images = mergeImages(images, o.images);
    return {
      // A wildcard tag key with a value is sent as tag-key + tag-value, which EC2 matches on any of
      // the tags: keep the images where one tag has both. Other answers are EC2's own matches.
      images: query.kind === 'tag' && query.value !== '' && /[*?]/.test(query.key) ? images.filter((i) => matchesFindQuery(query, i)) : images,
      cut: outcomes.some((o) => o.cut),
      ...(outcomes.find((o) => o.error)?.error ? { error: outcomes.find((o) => o.error)?.error } : {}),
    };
  }
}

interface RegionOutcome {
  images: AmiImage[];
  cut: boolean;
  error?: AwsFailure;
}

/** A failure other than cancellation (which is not a failure of the region). */
function failed(error: AwsFailure): { error?: AwsFailure } {
  return error.kind === 'cancelled' ? {} : { error };
}
