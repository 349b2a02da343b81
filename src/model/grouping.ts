/**
 * Sorting, text filtering and tag grouping of loaded images: the pure half of the tree, so the
 * order and membership of every node level can be tested without VS Code.
 */
import type { AmiImage } from './image';

/** Creation time in ms since the epoch; images without a parsable date sort last. */
function creationTime(image: AmiImage): number {
  const t = image.creationDate ? Date.parse(image.creationDate) : NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** Newest first; ties (and undated images) by image id so the order is stable across refreshes. */
export function sortNewestFirst(images: readonly AmiImage[]): AmiImage[] {
  // Each date is parsed once, not on every comparison: this sorts every loaded image of a region.
  const keyed = images.map((image) => ({ image, time: creationTime(image) }));
  keyed.sort((a, b) => {
    const byDate = b.time - a.time;
    if (byDate !== 0 && !Number.isNaN(byDate)) return byDate;
    return a.image.imageId < b.image.imageId ? -1 : a.image.imageId > b.image.imageId ? 1 : 0;
  });
  return keyed.map((k) => k.image);
}

/** Normalises filter text: trimmed, lower case; empty means "no filter". */
export function normalizeFilter(text: string | undefined): string {
  return (text ?? '').trim().toLowerCase();
}

/**
 * Whether an image matches the text filter: a case-insensitive substring of its name, id,
 * description or any tag value. Several words must all match (each anywhere), so
 * "prod arm64" narrows rather than widens.
 */
export function matchesFilter(image: AmiImage, filter: string | undefined): boolean {
  const words = normalizeFilter(filter).split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return true;
  const haystack = [image.name, image.imageId, image.description, ...Object.values(image.tags)]
    .filter((s): s is string => typeof s === 'string')
    .map((s) => s.toLowerCase());
  return words.every((w) => haystack.some((h) => h.includes(w)));
}

export function filterImages(images: readonly AmiImage[], filter: string | undefined): AmiImage[] {
  return images.filter((image) => matchesFilter(image, filter));
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
    const has = Object.prototype.hasOwnProperty.call(image.tags, key);
    if (!has) {
      missing.push(image);
      continue;
    }
    const value = image.tags[key] ?? '';
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
  for (const image of images) for (const k of Object.keys(image.tags)) keys.add(k);
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
