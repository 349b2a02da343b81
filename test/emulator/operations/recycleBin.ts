/**
 * The Recycle Bin (wt/bin): ListImagesInRecycleBin, ListSnapshotsInRecycleBin,
 * RestoreImageFromRecycleBin, RestoreSnapshotFromRecycleBin. Each account sees its own deleted
 * resources kept by its retention rule, until their exit time; then they are gone for good.
 * - List: ImageId.N / SnapshotId.N (not with MaxResults: InvalidParameterCombination), MaxResults
 *   1..1000 / NextToken (signed, bound to the query).
 * - Restore: the image comes back `available` with its id, tags and launch permissions (EC2 does
 *   not check its snapshots: an image whose snapshots are gone comes back but cannot launch);
 *   not in the caller's bin (never was, restored already, retention passed) → InvalidAMIID.NotFound /
 *   InvalidSnapshot.NotFound.
 */
import { Ec2Error } from '../errors';
import { listParam, maxResultsParam, requiredParam } from '../params';
import type { EmuBinned, EmuImage, EmuSnapshot } from '../types';
import { el } from '../xml';
import { checkImageId, checkSnapshotId, imageNotFound, makeToken, page, readToken, snapshotNotFound, type Operation, type OperationContext } from './context';

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');
}

function listPage<T>(
  ctx: OperationContext,
  idParam: string,
  scan: (afterSeq: number, visit: (entry: EmuBinned<T>, seq: number) => boolean) => void,
  idOf: (item: T) => string,
): { entries: EmuBinned<T>[]; nextToken?: string } {
  const ids = listParam(ctx.params, idParam);
  const max = maxResultsParam(ctx.params, 1, 1000);
  if (ids.length > 0 && max !== undefined) {
    throw new Ec2Error('InvalidParameterCombination', `The parameter ${idParam === 'ImageId' ? 'imageIds' : 'snapshotIds'} cannot be used with the parameter maxResults`);
  }
  for (const id of ids) (idParam === 'ImageId' ? checkImageId : checkSnapshotId)(id);
  const wanted = new Set(ids);
  const live = (e: EmuBinned<T>): boolean => e.ownerId === ctx.account && e.exitTime > ctx.now && (wanted.size === 0 || wanted.has(idOf(e.item)));
  const afterSeq = ctx.params.NextToken !== undefined ? readToken(ctx, ctx.params.NextToken) : 0;
  const result = page<EmuBinned<T>>(scan, afterSeq, max ?? 1000, live);
  return { entries: result.items, ...(result.lastSeq !== undefined ? { nextToken: makeToken(ctx, result.lastSeq) } : {}) };
}

export const listImagesInRecycleBin: Operation = {
  mutating: false,
  run(ctx) {
    const { entries, nextToken } = listPage<EmuImage>(ctx, 'ImageId', (after, visit) => ctx.store.scanBinnedImages(ctx.region, after, visit), (i) => i.imageId);
    let out = '<imageSet>';
    for (const e of entries) {
      out += `<item>${el('imageId', e.item.imageId)}${el('name', e.item.name)}${el('description', e.item.description)}${el('recycleBinEnterTime', iso(e.enterTime))}${el('recycleBinExitTime', iso(e.exitTime))}</item>`;
    }
    return `${out}</imageSet>${el('nextToken', nextToken)}`;
  },
};

export const listSnapshotsInRecycleBin: Operation = {
  mutating: false,
  run(ctx) {
    const { entries, nextToken } = listPage<EmuSnapshot>(ctx, 'SnapshotId', (after, visit) => ctx.store.scanBinnedSnapshots(ctx.region, after, visit), (s) => s.snapshotId);
    let out = '<snapshotSet>';
    for (const e of entries) {
      out += `<item>${el('snapshotId', e.item.snapshotId)}${el('recycleBinEnterTime', iso(e.enterTime))}${el('recycleBinExitTime', iso(e.exitTime))}${el('description', e.item.description)}${el('volumeId', e.item.volumeId)}</item>`;
    }
    return `${out}</snapshotSet>${el('nextToken', nextToken)}`;
  },
};

export const restoreImageFromRecycleBin: Operation = {
  mutating: true,
  run(ctx) {
    const imageId = requiredParam(ctx.params, 'ImageId');
    checkImageId(imageId);
    const entry = ctx.store.getBinnedImage(ctx.region, imageId, ctx.now);
    if (!entry || entry.ownerId !== ctx.account) throw imageNotFound([imageId]);
    ctx.store.restoreImage(ctx.region, imageId, ctx.now);
    return '<return>true</return>';
  },
};

export const restoreSnapshotFromRecycleBin: Operation = {
  mutating: true,
  run(ctx) {
    const snapshotId = requiredParam(ctx.params, 'SnapshotId');
    checkSnapshotId(snapshotId);
    const entry = ctx.store.getBinnedSnapshot(ctx.region, snapshotId, ctx.now);
    if (!entry || entry.ownerId !== ctx.account) throw snapshotNotFound(snapshotId);
    ctx.store.restoreSnapshot(ctx.region, snapshotId, ctx.now);
    const s = entry.item;
    return (
      el('snapshotId', s.snapshotId) +
      el('description', s.description) +
      el('encrypted', s.encrypted) +
      el('ownerId', s.ownerId) +
      el('progress', s.progress) +
      el('startTime', s.startTime) +
      el('status', 'completed') +
      el('volumeId', s.volumeId) +
      el('volumeSize', s.volumeSize)
    );
  },
};
