/**
 * What the sharing commands (and later the permissions panel) read before they offer a change:
 * the image as EC2 has it now, the caller's account, its launch permissions, and — before "Make
 * Public" — block public access for AMIs in the region, the refusals EC2 would give (encrypted
 * volumes, product codes) and the key warnings. Reads only; every write goes through ImageWrites.
 * The words are built in src/model (launchPermissions, sharingText).
 */
import type { AmiImage, AmiRef } from '../model/image';
import {
  describePublicSharingBlock,
  encryptionWarnings,
  publicRefusals,
  snapshotIdsOf,
  volumesOf,
  type KeyWarning,
  type LaunchPermissionState,
} from '../model/launchPermissions';
import { fail, ok, type Result } from '../model/result';
import { notOwnerText } from '../model/sharingText';
import type { ExtensionServices } from '../services';

type Services = Pick<ExtensionServices, 'aws'>;

export interface SharingSubject {
  readonly image: AmiImage;
  /** The profile's account, when the credentials tell it. */
  readonly accountId?: string;
  /** Whether the caller owns the image (true when the account is unknown: EC2 decides then). */
  readonly owned: boolean;
  /** The backing snapshots, in mapping order. */
  readonly snapshotIds: readonly string[];
  /** Key warnings for sharing it with anyone (encrypted snapshots). */
  readonly warnings: readonly KeyWarning[];
}

/** The image (re-read: a tree node may be stale), the caller's account and whether it owns the image. */
export async function readSharingSubject(services: Services, ref: AmiRef, signal?: AbortSignal): Promise<Result<SharingSubject>> {
  const aws = services.aws();
  const [image, creds] = await Promise.all([aws.images(ref.profile).getImage(ref.region, ref.imageId, signal), aws.checkCredentials(ref.profile)]);
  if (!image.ok) return image;
  const accountId = creds.ok ? creds.value.accountId : undefined;
  const owned = accountId === undefined || image.value.ownerId === undefined || image.value.ownerId === accountId;
  return ok({
    image: image.value,
    ...(accountId !== undefined ? { accountId } : {}),
    owned,
    snapshotIds: snapshotIdsOf(image.value.blockDeviceMappings ?? []),
    warnings: encryptionWarnings({ imageId: ref.imageId, productCodes: (image.value.productCodes ?? []), volumes: volumesOf(image.value.blockDeviceMappings ?? []) }),
  });
}

/**
 * The subject and its current launch permissions. Owner only: for an image of another account it
 * fails with the reason (`what` names the command), before EC2 is asked.
 */
export async function readSharingState(services: Services, ref: AmiRef, what: string, signal?: AbortSignal): Promise<Result<SharingSubject & { readonly permissions: LaunchPermissionState }>> {
  const subject = await readSharingSubject(services, ref, signal);
  if (!subject.ok) return subject;
  const { image, accountId, owned } = subject.value;
  if (!owned) {
    return fail({ kind: 'accessDenied', message: notOwnerText(ref.imageId, image.ownerId, accountId, what), nextStep: 'Run it on an image of your own (the owned-by-me scope).', region: ref.region });
  }
  const permissions = await services.aws().images(ref.profile).getLaunchPermissions(ref.region, ref.imageId, signal);
  if (!permissions.ok) return permissions;
  return ok({ ...subject.value, permissions: permissions.value });
}

/** Whether (and why not) an image can be made public, read before anything is offered. */
export interface PublicSharingCheck extends SharingSubject {
  /** Block public access for AMIs stands: why, and how it is lifted (or that a declarative policy holds it). */
  readonly blocked?: string;
  /** GetImageBlockPublicAccessState could not be read (e.g. not allowed): EC2 decides when the change is sent. */
  readonly blockStateUnknown?: string;
  /** Why EC2 would refuse (encrypted volumes, product codes); empty when it would not. */
  readonly refusals: readonly string[];
  readonly alreadyPublic: boolean;
}

/**
 * Reads GetImageBlockPublicAccessState first, then the image: when public sharing is blocked the
 * answer says so (and how it is lifted); the refusals and key warnings come from the model.
 */
export async function checkPublicSharing(services: Services, ref: AmiRef, signal?: AbortSignal): Promise<Result<PublicSharingCheck>> {
  const bpa = await services.aws().images(ref.profile).getImageBlockPublicAccessState(ref.region, signal);
  if (!bpa.ok && bpa.error.kind === 'cancelled') return fail(bpa.error);
  const subject = await readSharingSubject(services, ref, signal);
  if (!subject.ok) return subject;
  const { image } = subject.value;
  const blocked = bpa.ok ? describePublicSharingBlock(bpa.value, ref.region, ref.profile) : undefined;
  return ok({
    ...subject.value,
    ...(blocked ? { blocked } : {}),
    ...(!bpa.ok ? { blockStateUnknown: bpa.error.message } : {}),
    refusals: publicRefusals({ imageId: ref.imageId, productCodes: (image.productCodes ?? []), volumes: volumesOf(image.blockDeviceMappings ?? []) }),
    alreadyPublic: image.public,
  });
}
