/**
 * The one change flow: what a successful write announces. Every write to AWS (tags, launch
 * permissions, lifecycle...) ends in one ImageChange; the tree, open details panels and open JSON
 * documents listen and update only the image named. Pure: no vscode, no SDK.
 */
import type { AmiImage, AmiRef, ImageAttributeName } from './image';

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
  return change.ref.imageId === ref.imageId && change.ref.region === ref.region && change.ref.profile === ref.profile;
}
