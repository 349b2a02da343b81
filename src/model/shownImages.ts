/**
 * What a region lists of the images it has received (issue #12, "no huge expands"). Some EC2
 * implementations ignore MaxResults and answer a whole region in one page; whatever arrives, a
 * region lists at most one page (`pageSize`) more than the user asked to see, and keeps the rest
 * in memory for "Load more…", which then shows the next page without a call.
 *
 * The rule, for the text filter `filter` ('' = none):
 * - `revealed` holds the ids the user has asked to see (by "Load more…", by locating an image, by a
 *   write that created it). Every received image that is revealed and matches is listed.
 * - Besides those, the newest matching images fill the list up to `pageSize` (so a first expand
 *   lists the newest page, and a filter lists up to a page of matches among everything received).
 * - The other matching images are `kept`: "Load more…" reveals the newest `pageSize` of them.
 * An image once listed stays listed until the filter changes (revealed ids only grow), so nothing
 * disappears under the user when a page arrives. Tag groups are built from the listed images only.
 * Pure: unit-tested in plain mocha.
 */
import { filterImages, sortNewestFirst } from './grouping';
import type { AmiImage } from './image';

export interface ShownImages {
  /** The images listed now, newest first. */
  readonly visible: AmiImage[];
  /** Received images that match the filter and are not listed yet, newest first. */
  readonly kept: AmiImage[];
}

export function shownImages(received: readonly AmiImage[], revealed: ReadonlySet<string>, filter: string, pageSize: number): ShownImages {
  const matching = sortNewestFirst(filterImages(received, filter));
  let revealedMatching = 0;
  for (const image of matching) if (revealed.has(image.imageId)) revealedMatching++;
  let room = Math.max(0, pageSize - revealedMatching);
  const visible: AmiImage[] = [];
  const kept: AmiImage[] = [];
  for (const image of matching) {
    if (revealed.has(image.imageId)) visible.push(image);
    else if (room > 0) {
      visible.push(image);
      room--;
    } else kept.push(image);
  }
  return { visible, kept };
}
