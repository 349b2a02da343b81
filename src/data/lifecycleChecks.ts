/**
 * What the lifecycle commands read before they ask: the image as EC2 has it now (a tree node may
 * be stale), the caller's account and whether it owns the image, its snapshots, its deregistration
 * protection, and what still refers to it in this account and region (DescribeImageReferences).
 * A failure to read the references does not stop anything: the confirmation says they could not
 * be checked, and why. Reads only; every write goes through ImageWrites.
 */
import type { AmiRef } from '../model/image';
import { parseProtection, type ProtectionState, type ReferencesCheck } from '../model/lifecycle';
import { describeFailure, fail, ok, type Result } from '../model/result';
import { notOwnerText } from '../model/sharingText';
import type { ExtensionServices } from '../services';
import { readSharingSubject, type SharingSubject } from './sharingChecks';

type Services = Pick<ExtensionServices, 'aws'>;

export interface LifecycleSubject extends SharingSubject, ReferencesCheck {
  readonly protection: ProtectionState;
}

/**
 * The subject of a lifecycle command (`what` names it for the not-owner message). Owner only: for
 * another account's image it fails with the reason before EC2 is asked to change anything.
 * References are read only when `withReferences`.
 */
export async function readLifecycleSubject(services: Services, ref: AmiRef, what: string, options: { readonly withReferences: boolean }, signal?: AbortSignal, now = new Date()): Promise<Result<LifecycleSubject>> {
  const subject = await readSharingSubject(services, ref, signal);
  if (!subject.ok) return subject;
  const { image, accountId, owned } = subject.value;
  if (!owned) {
    return fail({ kind: 'accessDenied', message: notOwnerText(ref.imageId, image.ownerId, accountId, what), nextStep: 'Run it on an image of your own (the owned-by-me scope).', region: ref.region });
  }
  let references: ReferencesCheck = {};
  if (options.withReferences) {
    const refs = await services.aws().usage(ref.profile).listImageReferences(ref.region, [ref.imageId], signal);
    if (!refs.ok && refs.error.kind === 'cancelled') return refs;
    references = refs.ok ? { references: refs.value.filter((r) => r.imageId === ref.imageId) } : { referencesError: describeFailure(refs.error) };
  }
  return ok({ ...subject.value, ...references, protection: parseProtection(image.deregistrationProtection, now) });
}
