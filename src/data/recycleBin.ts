/**
 * Restoring an image from the Recycle Bin (wt/bin): its snapshots in the bin first (in the plan's
 * order), then the image; once EC2 lists the image again, ImageWrites announces it `added`, so the
 * tree shows it without re-listing. A snapshot that fails stops the restore before the image.
 */
import type { AmiRef } from '../model/image';
import { describeFailure } from '../model/result';
import type { RestoreOutcome, RestorePlan } from '../model/recycleBin';
import type { ExtensionServices } from '../services';
import type { ImageWrites } from './imageWrites';

export async function restoreFromRecycleBin(
  services: Pick<ExtensionServices, 'aws'>,
  writes: Pick<ImageWrites, 'announceAdded'>,
  ref: AmiRef,
  plan: RestorePlan,
  onStep: (text: string) => void,
  signal?: AbortSignal,
): Promise<RestoreOutcome> {
  const bin = services.aws().recycleBin(ref.profile);
  const base = { imageId: ref.imageId, region: ref.region };
  const restoredSnapshots: string[] = [];
  for (const snapshotId of plan.snapshotsToRestore) {
    if (signal?.aborted) return { ...base, restoredSnapshots, imageRestored: false, cancelled: true };
    onStep(`Restoring snapshot ${snapshotId}…`);
    const r = await bin.restoreSnapshot(ref.region, snapshotId, signal);
    if (!r.ok) {
      if (r.error.kind === 'cancelled') return { ...base, restoredSnapshots, imageRestored: false, cancelled: true };
      return { ...base, restoredSnapshots, imageRestored: false, snapshotFailure: { snapshotId, reason: describeFailure(r.error) } };
    }
    restoredSnapshots.push(snapshotId);
  }
  if (signal?.aborted) return { ...base, restoredSnapshots, imageRestored: false, cancelled: true };
  onStep(`Restoring image ${ref.imageId}…`);
  const image = await bin.restoreImage(ref.region, ref.imageId, signal);
  if (!image.ok) {
    if (image.error.kind === 'cancelled') return { ...base, restoredSnapshots, imageRestored: false, cancelled: true };
    if (image.error.kind !== 'unreachable') return { ...base, restoredSnapshots, imageRestored: false, imageFailure: describeFailure(image.error) };
    // The answer was lost (the request is never sent twice blindly): EC2 listing the image again tells that it was restored.
    const after = await writes.announceAdded(ref);
    if (!after.ok || after.value.change === undefined) {
      return { ...base, restoredSnapshots, imageRestored: false, imageFailure: `${describeFailure(image.error)} It is not known whether ${ref.imageId} was restored: refresh the region, or look in the Recycle Bin again` };
    }
    return { ...base, restoredSnapshots, imageRestored: true };
  }
  onStep(`Waiting for ${ref.imageId} to be listed again…`);
  // The restore is done: the read-back is not cut short by a late Cancel.
  const added = await writes.announceAdded(ref);
  const notYetVisible = added.ok ? added.value.notYetVisible : `Reading ${ref.imageId} back failed (${describeFailure(added.error)}): refresh the region to see it.`;
  return { ...base, restoredSnapshots, imageRestored: true, ...(notYetVisible ? { notYetVisible } : {}) };
}
