/**
 * GetImageAncestry: the named image first, then its source (SourceImageId/SourceImageRegion),
 * and so on back to the root. The chain stops at a source the store no longer holds; that last
 * entry still names it.
 */
import { requiredParam } from '../params';
import type { EmuImage } from '../types';
import { el } from '../xml';
import { requireVisibleImage, type Operation, type OperationContext } from './context';

export const getImageAncestry: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const start = requireVisibleImage(ctx, requiredParam(ctx.params, 'ImageId'));
    const seen = new Set<string>();
    let out = '<imageAncestryEntrySet>';
    let current: EmuImage | undefined = start;
    while (current && !seen.has(current.imageId)) {
      seen.add(current.imageId);
      out += `<item>${el('creationDate', current.creationDate)}${el('imageId', current.imageId)}${el('imageOwnerAlias', current.ownerAlias)}${el('sourceImageId', current.sourceImageId)}${el('sourceImageRegion', current.sourceImageRegion)}</item>`;
      const next: EmuImage | undefined = current.sourceImageId
        ? (ctx.store.getImage(current.sourceImageRegion ?? current.region, current.sourceImageId) ?? ctx.store.findImage(current.sourceImageId))
        : undefined;
      current = next;
    }
    return `${out}</imageAncestryEntrySet>`;
  },
};
