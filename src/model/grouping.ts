/**
 * Sorting, text filtering and tag grouping of loaded images: the pure half of the tree, so the
 * order and membership of every node level can be tested without VS Code.
 */
import type { AmiImage } from './image';
import { intern } from './objects';

/**
 * What sorting and filtering need of an image, worked out once per image object: its creation
 * time (ms since the epoch; -Infinity when undated or unparsable, so it sorts last) and its
 * searched texts lower-cased. Kept beside the image, keyed by the object: images are never
 * changed in place (the change flow replaces the object), so an entry cannot go stale, and it
 * goes when the image does.
 */
interface ImageKeys {
  readonly time: number;
  /** The name and the id, lower-cased (the very same strings when they already are). */
  readonly name: string;
  readonly id: string;
  /**
   * The description and the tag values (but a Name tag equal to the name), lower-cased, one per
   * line, as one shared string: images of one pipeline repeat it, so they keep one copy. A filter
   * word never holds a line break (words are split on white space), so it matches inside one
   * field, never across two.
   */
  readonly rest: string;
}

const imageKeys = new WeakMap<AmiImage, ImageKeys>();

function keysFor(image: AmiImage): ImageKeys {
  let keys = imageKeys.get(image);
  if (keys === undefined) {
    const t = image.creationDate ? Date.parse(image.creationDate) : NaN;
    keys = {
      time: Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t,
      name: (image.name ?? '').toLowerCase(),
      id: image.imageId.toLowerCase(),
      rest: intern(restText(image)),
    };
    imageKeys.set(image, keys);
  }
  return keys;
}

function restText(image: AmiImage): string {
  const parts = [image.description ?? ''];
  const tags = image.tags;
  if (tags) {
    for (const key in tags) {
      if (!Object.prototype.hasOwnProperty.call(tags, key)) continue;
      const value = tags[key] as string;
      if (value !== image.name) parts.push(value);
    }
  }
  // join makes one flat string (appending would make a rope); lower-casing keeps it when it already is
  return parts.join('\n').toLowerCase();
}

/** Works out an image's sort and search keys now (the mapping calls it once per image it makes). */
export function prepareImage(image: AmiImage): void {
  keysFor(image);
}

/** Creation time in ms since the epoch; -Infinity for images without a parsable date. */
export function creationTimeOf(image: AmiImage): number {
  return keysFor(image).time;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Newest first; ties (and undated images) by image id so the order is stable across refreshes.
 * Sorts numbers, not objects: each image's time becomes its rank among all times, and
 * rank × n + position is sorted as a Float64Array (the engine's own numeric sort, no comparator
 * calls); only runs of equal times are then ordered by id.
 */
export function sortNewestFirst(images: readonly AmiImage[]): AmiImage[] {
  const n = images.length;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = keysFor(images[i] as AmiImage).time;
  const ascending = times.slice().sort();
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (n - firstIndexOf(ascending, times[i] as number)) * n + i;
  keys.sort();
  const out = new Array<AmiImage>(n);
  for (let i = 0; i < n; i++) {
    const at = (keys[i] as number) % n;
    keys[i] = at;
    out[i] = images[at] as AmiImage;
  }
  // Equal times sit together; order each such run by id.
  for (let start = 0; start < n; ) {
    const time = times[keys[start] as number];
    let end = start + 1;
    while (end < n && times[keys[end] as number] === time) end++;
    if (end - start > 1) {
      const run = out.slice(start, end).sort((a, b) => compareIds(a.imageId, b.imageId));
      for (let i = start; i < end; i++) out[i] = run[i - start] as AmiImage;
    }
    start = end;
  }
  return out;
}

/** Index of the first element equal to `value` in an ascending array that holds it. */
function firstIndexOf(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Normalises filter text: trimmed, lower case; empty means "no filter". */
export function normalizeFilter(text: string | undefined): string {
  return (text ?? '').trim().toLowerCase();
}

function filterWords(filter: string | undefined): string[] {
  return normalizeFilter(filter).split(/\s+/).filter((w) => w.length > 0);
}

function matchesWords(image: AmiImage, words: readonly string[]): boolean {
  const keys = keysFor(image);
  for (const word of words) if (!keys.name.includes(word) && !keys.id.includes(word) && !keys.rest.includes(word)) return false;
  return true;
}

/**
 * Whether an image matches the text filter: a case-insensitive substring of its name, id,
 * description or any tag value. Several words must all match (each anywhere), so
 * "prod arm64" narrows rather than widens.
 */
export function matchesFilter(image: AmiImage, filter: string | undefined): boolean {
  const words = filterWords(filter);
  return words.length === 0 || matchesWords(image, words);
}

/**
 * The search texts of one list of images, side by side in memory: what each keystroke of the
 * text filter reads. Reading every image's keys through the side table costs a lookup and a
 * cache miss per image; a list filtered again and again (the loaded images of a region, one
 * keystroke after another) reads these instead. Each entry remembers the image it was made
 * for and is remade when the list holds another image at that place, so the index follows any
 * change to the list and never answers for an image it was not made for.
 */
interface FilterIndex {
  images: AmiImage[];
  /** "name\nid", lower-cased: the image's own text, laid out one after another. */
  own: string[];
  /** The shared rest (description and tag values), see ImageKeys.rest. */
  rest: string[];
}

const filterIndexes = new WeakMap<readonly AmiImage[], FilterIndex>();

function filterIndexOf(images: readonly AmiImage[]): FilterIndex {
  let index = filterIndexes.get(images);
  if (index === undefined) {
    index = { images: [], own: [], rest: [] };
    filterIndexes.set(images, index);
  }
  const n = images.length;
  if (index.images.length > n) {
    index.images.length = n;
    index.own.length = n;
    index.rest.length = n;
  }
  for (let i = 0; i < n; i++) {
    const image = images[i] as AmiImage;
    if (index.images[i] === image) continue;
    const keys = keysFor(image);
    index.images[i] = image;
    index.own[i] = [keys.name, keys.id].join('\n'); // join makes one flat string (a template would make a rope)
    index.rest[i] = keys.rest;
  }
  return index;
}

export function filterImages(images: readonly AmiImage[], filter: string | undefined): AmiImage[] {
  const words = filterWords(filter);
  if (words.length === 0) return [...images];
  const { own, rest } = filterIndexOf(images);
  const out: AmiImage[] = [];
  next: for (let i = 0; i < images.length; i++) {
    const mine = own[i] as string;
    const shared = rest[i] as string;
    for (const word of words) if (!mine.includes(word) && !shared.includes(word)) continue next;
    out.push(images[i] as AmiImage);
  }
  return out;
}

/** One node of the "group by tag" level. `value` undefined = images without the tag. */
export interface TagGroup {
  key: string;
  value: string | undefined;
  images: AmiImage[];
}

/** Built on first use: creating a Collator loads ICU data (~10 ms), which activation must not pay. */
let collator: Intl.Collator | undefined;
function compareNatural(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Groups images by the value of one tag key. Groups are ordered by value (natural order, so
 * "v2" precedes "v10"; an empty value sorts first); the group of images without the tag comes
 * last. Images inside a group keep their input order (callers sort newest first beforehand).
 */
export function groupByTag(images: readonly AmiImage[], key: string): TagGroup[] {
  const byValue = new Map<string, AmiImage[]>();
  const missing: AmiImage[] = [];
  for (const image of images) {
    const tags = image.tags;
    if (!tags || !Object.prototype.hasOwnProperty.call(tags, key)) {
      missing.push(image);
      continue;
    }
    const value = tags[key] ?? '';
    const list = byValue.get(value);
    if (list) list.push(image);
    else byValue.set(value, [image]);
  }
  const groups: TagGroup[] = [...byValue.entries()]
    .sort(([a], [b]) => compareNatural(a, b))
    .map(([value, list]) => ({ key, value, images: list }));
  if (missing.length > 0) groups.push({ key, value: undefined, images: missing });
  return groups;
}

/** Tag keys present on any of the images, sorted naturally, for the "group by tag" picker. */
export function tagKeysOf(images: Iterable<AmiImage>): string[] {
  const keys = new Set<string>();
  for (const image of images) if (image.tags) for (const k of Object.keys(image.tags)) keys.add(k);
  return [...keys].sort((a, b) => compareNatural(a, b));
}

/** Appends images to a list, skipping ids already present (several owner scopes can overlap). */
export function mergeImages(existing: readonly AmiImage[], incoming: readonly AmiImage[]): AmiImage[] {
  const seen = new Set(existing.map((i) => i.imageId));
  const out = [...existing];
  for (const image of incoming) {
    if (seen.has(image.imageId)) continue;
    seen.add(image.imageId);
    out.push(image);
  }
  return out;
}
