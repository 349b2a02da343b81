/**
 * What the launch-permissions editor shows, read through the service layer: the image (for its
 * snapshots, encryption and product codes), DescribeImageAttribute(launchPermission), each backing
 * snapshot's createVolumePermission, and block public access for AMIs in the region. Only the image
 * and its launch permissions are required; a snapshot or the block-public-access state that cannot
 * be read is shown as such.
 */
import type { AmiImage, AmiRef } from '../model/image';
import { imageFor } from '../model/image';
import { entriesOf, snapshotIdsOf, type LaunchPermissionState, type PermissionEntry } from '../model/launchPermissions';
import { buildPermissionsModel, type PermissionsModel } from '../model/permissionsEditor';
import { ok, type Result } from '../model/result';
import type { ExtensionServices } from '../services';

export async function loadPermissions(services: Pick<ExtensionServices, 'aws'>, ref: AmiRef, signal: AbortSignal, known?: AmiImage): Promise<Result<PermissionsModel>> {
  const ops = services.aws().images(ref.profile);
  const seeded = imageFor(known, ref);
  const [image, permissions, blockPublicAccess] = await Promise.all([
    seeded ? Promise.resolve(ok(seeded)) : ops.getImage(ref.region, ref.imageId, signal),
    ops.getLaunchPermissions(ref.region, ref.imageId, signal),
    ops.getImageBlockPublicAccessState(ref.region, signal),
  ]);
  if (!image.ok) return image;
  if (!permissions.ok) return permissions;
  const snapshots = await Promise.all(
    snapshotIdsOf(image.value.blockDeviceMappings ?? []).map(async (snapshotId) => ({ snapshotId, result: await ops.getSnapshotCreateVolumePermissions(ref.region, snapshotId, signal) })),
  );
  return ok(buildPermissionsModel({ ref, image: image.value, permissions: permissions.value, snapshots, blockPublicAccess, fetchedAt: new Date().toISOString() }));
}

/** The entries of another image's launch permissions ("Copy from another AMI…"); public is not an entry. */
export async function loadEntriesOf(services: Pick<ExtensionServices, 'aws'>, ref: AmiRef, signal?: AbortSignal): Promise<Result<{ entries: PermissionEntry[]; state: LaunchPermissionState }>> {
  const r = await services.aws().images(ref.profile).getLaunchPermissions(ref.region, ref.imageId, signal);
  if (!r.ok) return r;
  return ok({ entries: entriesOf(r.value), state: r.value });
}
