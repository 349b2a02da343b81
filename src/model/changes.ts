/**
 * The one change flow: what a successful write announces. Every write to AWS (tags, launch
 * permissions, lifecycle...) ends in one ImageChange; the tree, open details panels and open JSON
 * documents listen and update only the image named. Pure: no vscode, no SDK.
 */
import { sameRef, type AmiImage, type AmiRef, type ImageAttributeName } from './image';

/** What a write touched: a field of the image record, or an attribute DescribeImages does not carry. */
export type ImageField = Exclude<keyof AmiImage, 'imageId' | 'region'> | ImageAttributeName;

export type ImageChange =
  /** The image was changed; `image` is its state as re-read after the write (consistent with it). */
  | { readonly kind: 'updated'; readonly ref: AmiRef; readonly fields: readonly ImageField[]; readonly image: AmiImage }
  /** A new image exists (copy, create, register); `image` as first read. */
  | { readonly kind: 'added'; readonly ref: AmiRef; readonly image: AmiImage }
  /** The image is gone (deregistered). */
  | { readonly kind: 'removed'; readonly ref: AmiRef };

/** Whether a change concerns the image `ref` names (same profile, region and id). */
export function concerns(change: ImageChange, ref: AmiRef): boolean {
  return sameRef(change.ref, ref);
}

/** A change of tags on one or more resources: keys to set (with their values) and keys to delete. */
export interface TagChange {
  readonly set?: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}

/** The keys a TagChange deletes: those it removes and does not also set. */
export function removedKeys(change: TagChange): string[] {
  const set = change.set ?? {};
  return [...new Set(change.remove ?? [])].filter((k) => !Object.prototype.hasOwnProperty.call(set, k));
}

/** Whether `tags` (as re-read) show the change: every key set to its value, every removed key gone. */
export function tagsApplied(tags: Readonly<Record<string, string>>, change: TagChange): boolean {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(tags, k);
  for (const [k, v] of Object.entries(change.set ?? {})) if (!has(k) || tags[k] !== v) return false;
  return removedKeys(change).every((k) => !has(k));
}
