/**
 * The images loaded for one (profile, region): one cursor per owner scope, pages appended as the
 * user asks for more, and the last failure kept for the error node. No vscode import: the tree
 * nodes render this state, and it knows nothing about them.
 *
 * Received is not listed (issue #12): whatever a server answers in one page (some ignore
 * MaxResults), the region lists at most a page of it (`shown()`, src/model/shownImages.ts) and
 * keeps the rest; "Load more…" (`loadMore`) lists the next page of the kept images without a call,
 * and calls only when none is kept and a scope has a next page. `images` stays everything received
 * (the change flow, Find AMI and the "group by tag" picker work on it).
 */
import type { ImageFilter, ImageOperations, OwnerScope } from '../aws/types';
import { mergeImages } from '../model/grouping';
import type { AmiImage } from '../model/image';
import type { AwsFailure } from '../model/result';
import { shownImages, type ShownImages } from '../model/shownImages';
import type { Limiter } from '../util/limiter';

export interface LoadOptions {
  scopes: readonly OwnerScope[];
  filter: ImageFilter;
  pageSize: number;
}

interface Cursor {
  scope: OwnerScope;
  /** A page was fetched for this scope. */
  started: boolean;
  nextToken?: string;
  /** The last page said there is no more. */
  done: boolean;
}

export type LoadState = 'idle' | 'loading' | 'loaded';

export class RegionImages {
  state: LoadState = 'idle';
  /** Every image received (listed or kept), in the order received. */
  images: AmiImage[] = [];
  /** Ids the user asked to see (Load more, located, created by a write): listed whatever arrives later. */
  private readonly revealed = new Set<string>();
  /** The last fetch's failure (first failing scope); cleared when a fetch starts. */
  error: AwsFailure | undefined;
  /** Ids of images that came from the "shared with me" scope. */
  readonly sharedWithMe = new Set<string>();
  /** Ids of images that came from the "owned by me" scope (or that a write of mine created). */
  readonly listedAsMine = new Set<string>();
  private cursors: Cursor[] = [];
  private controller: AbortController | undefined;
  private inFlight: Promise<void> | undefined;
  /** Bumped by reset(), so a fetch that was overtaken does not write stale results. */
  private generation = 0;

  constructor(
    readonly profile: string | undefined,
    readonly region: string,
    private readonly operations: () => ImageOperations,
    private readonly options: () => LoadOptions,
    private readonly limiter: Limiter,
    private readonly onChange: () => void,
  ) {}

  /** The server has more pages for some scope (and nothing failed): the count is "N+". */
  get moreOnServer(): boolean {
    return !this.error && this.cursors.some((c) => c.started && !c.done);
  }

  /** What the region lists now under the text filter (at most a page beyond what was revealed), and what it keeps. */
  shown(filter: string): ShownImages {
    return shownImages(this.images, this.revealed, filter, this.options().pageSize);
  }

  /** "Load more…" has something to do: kept images to list, or a next page on the server. */
  hasMore(filter: string): boolean {
    return this.moreOnServer || (!this.error && this.shown(filter).kept.length > 0);
  }

  get loading(): boolean {
    return this.state === 'loading';
  }

  /** Loads the first page of every scope unless loaded or loading; resolves when done. */
  ensureLoaded(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.state === 'loaded') return Promise.resolve();
    return this.reload();
  }

  /** Drops what was loaded and fetches the first pages again. */
  reload(): Promise<void> {
    this.reset();
    this.cursors = this.options().scopes.map((scope) => ({ scope, started: false, done: false }));
    return this.fetch();
  }

  /**
   * "Load more…" under the text filter: lists the next `pageSize` of the kept images that match,
   * without a call; only when none is kept (or a scope failed: a retry) fetches the next page of
   * every scope that has one, then lists the next `pageSize` of what arrived. What is listed now
   * stays listed.
   */
  loadMore(filter = ''): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.cursors.length === 0) return this.reload();
    const { visible, kept } = this.shown(filter);
    for (const image of visible) this.revealed.add(image.imageId);
    if (!this.error && kept.length > 0) {
      this.revealNext(kept);
      this.onChange();
      return Promise.resolve();
    }
    return this.fetch(() => this.revealNext(this.shown(filter).kept));
  }

  /**
   * Fetches the next page of every scope that has one (and retries failed scopes) without listing
   * anything more: Find AMI looks for an image in what arrives, then reveals just that one.
   */
  fetchMore(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.cursors.length === 0) return this.reload();
    return this.fetch();
  }

  /** Lists a received image from now on (Find AMI reveals the image it located); false when it was not received. */
  reveal(imageId: string): boolean {
    if (!this.images.some((i) => i.imageId === imageId)) return false;
    if (!this.revealed.has(imageId)) {
      this.revealed.add(imageId);
      this.onChange();
    }
    return true;
  }

  private revealNext(kept: readonly AmiImage[]): void {
    for (const image of kept.slice(0, this.options().pageSize)) this.revealed.add(image.imageId);
  }

  // ---- the change flow: one image changed, without fetching anything ----

  /** Replaces a loaded image by its re-read state; false when this region has not loaded it. */
  replaceImage(image: AmiImage): boolean {
    const at = this.images.findIndex((i) => i.imageId === image.imageId);
    if (at < 0) return false;
    this.images = this.images.map((i, n) => (n === at ? image : i));
    return true;
  }

  /**
   * Adds an image a write created, when the region has loaded and one of its scopes lists the
   * owner's images (self, or that account id); false otherwise (or when it is already there).
   */
  addImage(image: AmiImage, myAccountId: string | undefined): boolean {
    if (this.state !== 'loaded' || this.images.some((i) => i.imageId === image.imageId)) return false;
    const listed = this.options().scopes.some(
      (s) => (s.kind === 'self' && (myAccountId === undefined || image.ownerId === myAccountId)) || (s.kind === 'accounts' && image.ownerId !== undefined && s.accountIds.includes(image.ownerId)),
    );
    if (!listed) return false;
    this.images = [image, ...this.images];
    this.revealed.add(image.imageId); // a new image is listed at once, whatever is kept
    if (this.options().scopes.some((s) => s.kind === 'self')) this.listedAsMine.add(image.imageId);
    return true;
  }

  /** Drops a removed image; false when it was not loaded here. */
  removeImage(imageId: string): boolean {
    const before = this.images.length;
    this.images = this.images.filter((i) => i.imageId !== imageId);
    this.sharedWithMe.delete(imageId);
    this.listedAsMine.delete(imageId);
    this.revealed.delete(imageId);
    return this.images.length !== before;
  }

  /** Cancels any fetch and forgets everything (the next ensureLoaded() starts over). */
  reset(): void {
    this.generation++;
    this.controller?.abort(new Error('reset'));
    this.controller = undefined;
    this.inFlight = undefined;
    this.state = 'idle';
    this.images = [];
    this.error = undefined;
    this.sharedWithMe.clear();
    this.listedAsMine.clear();
    this.revealed.clear();
    this.cursors = [];
  }

  /** `received`: called after the pages are merged, before the change is announced. */
  private fetch(received?: () => void): Promise<void> {
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    this.state = 'loading';
    this.error = undefined;
    this.onChange();
    const pending = this.cursors.filter((c) => !c.done);
    const { filter, pageSize } = this.options();
    const work = this.limiter
      .run(
        () =>
          Promise.all(
            pending.map(async (cursor) => {
              const page = cursor.nextToken ? { pageSize, nextToken: cursor.nextToken } : { pageSize };
              const result = await this.operations().listImages(this.region, cursor.scope, filter, page, controller.signal);
              return { cursor, result };
            }),
          ),
        controller.signal,
      )
      .then(
        (outcomes) => {
          if (generation !== this.generation) return;
          for (const { cursor, result } of outcomes) {
            if (!result.ok) {
              if (result.error.kind !== 'cancelled') this.error ??= { ...result.error, region: result.error.region ?? this.region };
              continue;
            }
            cursor.started = true;
            cursor.nextToken = result.value.nextToken;
            cursor.done = !result.value.nextToken;
            if (cursor.scope.kind === 'sharedWithMe') for (const i of result.value.items) this.sharedWithMe.add(i.imageId);
            if (cursor.scope.kind === 'self') for (const i of result.value.items) this.listedAsMine.add(i.imageId);
            this.images = mergeImages(this.images, result.value.items);
          }
          received?.();
        },
        (err: unknown) => {
          if (generation !== this.generation) return;
          this.error = { kind: 'unknown', message: err instanceof Error ? err.message : String(err), region: this.region };
        },
      )
      .finally(() => {
        if (generation !== this.generation) return;
        this.state = 'loaded';
        this.inFlight = undefined;
        this.controller = undefined;
        this.onChange();
      });
    this.inFlight = work;
    return work;
  }
}
