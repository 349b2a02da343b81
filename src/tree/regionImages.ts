/**
 * The images loaded for one (profile, region): one cursor per owner scope, pages appended as the
 * user asks for more, and the last failure kept for the error node. No vscode import: the tree
 * nodes render this state, and it knows nothing about them.
 */
import type { ImageFilter, ImageOperations, OwnerScope } from '../aws/types';
import { mergeImages } from '../model/grouping';
import type { AmiImage } from '../model/image';
import type { AwsFailure } from '../model/result';
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
  images: AmiImage[] = [];
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

  /** More pages exist for some scope (and nothing failed). */
  get hasMore(): boolean {
    return !this.error && this.cursors.some((c) => c.started && !c.done);
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

  /** Fetches the next page of every scope that has one, and retries scopes that failed. */
  loadMore(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.cursors.length === 0) return this.reload();
    return this.fetch();
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
    if (this.options().scopes.some((s) => s.kind === 'self')) this.listedAsMine.add(image.imageId);
    return true;
  }

  /** Drops a removed image; false when it was not loaded here. */
  removeImage(imageId: string): boolean {
    const before = this.images.length;
    this.images = this.images.filter((i) => i.imageId !== imageId);
    this.sharedWithMe.delete(imageId);
    this.listedAsMine.delete(imageId);
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
    this.cursors = [];
  }

  private fetch(): Promise<void> {
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
