/**
 * DeregisterImage: the owner removes an image, optionally with its snapshots
 * (DeleteAssociatedSnapshots). A deregistered image is gone from DescribeImages at once, as EC2
 * shows it after a short while. The image leaves the store through store.deregisterImage (the one
 * place the Recycle Bin hooks into).
 *
 * - Deregistration protection refuses while it is on ('enabled', 'enabled-with-cooldown'), and,
 *   when it had a cooldown, until 24 hours after it was turned off ('disabled-until <time>').
 *   Assumed answer (EC2's exact code is not documented): OperationNotPermitted, HTTP 400, with a
 *   message that names deregistration protection.
 * - DeleteAssociatedSnapshots: each EBS snapshot of the image is deleted, unless another image in
 *   the region still uses it (ReturnCode `skipped`, as EC2 documents) or the caller does not own it
 *   (`missing-permissions`). The image is deregistered either way; DeleteSnapshotResults lists
 *   every snapshot with its code.
 */
import { Ec2Error, missingParameter } from '../errors';
import { boolParam } from '../params';
import { el } from '../xml';
import { requireVisibleImage, type Operation, type OperationContext } from './context';

/** The 'disabled-until <ISO time>' value protection takes when it is turned off with a cooldown. */
export const DISABLED_UNTIL = 'disabled-until ';

/** Until when (ms) the image may not be deregistered, or undefined when it may be now. */
export function protectedUntil(protection: string | undefined, now: number): number | 'on' | undefined {
  if (protection === 'enabled' || protection === 'enabled-with-cooldown') return 'on';
  if (protection?.startsWith(DISABLED_UNTIL)) {
    const until = Date.parse(protection.slice(DISABLED_UNTIL.length));
    if (!Number.isNaN(until) && until > now) return until;
  }
  return undefined;
}

export const deregisterImage: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const imageId = ctx.params.ImageId;
    if (imageId === undefined || imageId === '') throw missingParameter('ImageId');
    const image = requireVisibleImage(ctx, imageId);
    if (image.ownerId !== ctx.account) {
      // What EC2 answers for another account's image (a resource-level AuthFailure).
      throw new Ec2Error('AuthFailure', `Not authorized for image:${imageId}`);
    }
    const now = ctx.store.lifecycleNow(ctx.now);
    const blocked = protectedUntil(image.deregistrationProtection, now);
    if (blocked === 'on') {
      throw new Ec2Error('OperationNotPermitted', `The image ${imageId} cannot be deregistered because deregistration protection is enabled. Disable deregistration protection first.`);
    }
    if (blocked !== undefined) {
      throw new Ec2Error(
        'OperationNotPermitted',
        `The image ${imageId} cannot be deregistered until ${new Date(blocked).toISOString()} because deregistration protection was disabled with a cooldown period.`,
      );
    }
    const deleteSnapshots = boolParam(ctx.params, 'DeleteAssociatedSnapshots') ?? false;
    const snapshotIds = [...new Set(image.blockDeviceMappings.flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : [])))];
    ctx.store.deregisterImage(ctx.region, imageId, ctx.now); // kept in the Recycle Bin when the owner has a retention rule
    if (!deleteSnapshots) return '<return>true</return>';
    let results = '';
    for (const snapshotId of snapshotIds) {
      results += `<item>${el('snapshotId', snapshotId)}${el('returnCode', deleteSnapshot(ctx, snapshotId))}</item>`;
    }
    return `<return>true</return><deleteSnapshotResultSet>${results}</deleteSnapshotResultSet>`;
  },
};

function deleteSnapshot(ctx: OperationContext, snapshotId: string): string {
  const snapshot = ctx.store.getSnapshot(ctx.region, snapshotId);
  if (!snapshot) return 'client-error';
  if (snapshot.ownerId !== ctx.account) return 'missing-permissions';
  const usedElsewhere = ctx.store.images(ctx.region).some((i) => i.blockDeviceMappings.some((m) => m.ebs?.snapshotId === snapshotId));
  if (usedElsewhere) return 'skipped';
  ctx.store.recycleSnapshot(ctx.region, snapshotId, ctx.now); // kept in the Recycle Bin when the owner has a retention rule
  return 'success';
}
