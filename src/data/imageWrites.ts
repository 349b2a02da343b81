/**
 * The thin wrapper every command and panel writes through. Each write goes to the service layer;
 * when AWS accepted it, the image is read back once (one DescribeImages with ImageIds, disabled and
 * deprecated included) until the answer shows the write — EC2 is eventually consistent — and then
 * one ImageChange is announced. Views never re-list a region to show a write.
 */
import type { AmiImage, AmiRef } from '../model/image';
import { tagsApplied, type ImageChange, type ImageField, type TagChange } from '../model/changes';
import {
  diffPermissions,
  describePublicSharingBlock,
  isEmptyDiff,
  planSnapshotMirror,
  publicRefusals,
  showsModification,
  snapshotShows,
  toModification,
  volumesOf,
  withEntries,
  type LaunchPermissionState,
  type PermissionDiff,
} from '../model/launchPermissions';
import { sameMinute, type SnapshotDeletion } from '../model/lifecycle';
import { describeFailure, fail, ok, type AwsFailure, type Result } from '../model/result';
import type { LifecycleOperations } from '../aws/types';
import type { ExtensionServices } from '../services';
import { readUntil, type ReadUntilOptions } from '../util/consistency';

/** What a write reports once AWS accepted it. */
export interface WriteOutcome {
  /** The change announced; undefined when the read-back never showed the write (nothing announced). */
  readonly change: ImageChange | undefined;
  /**
   * Set when the read-back did not show the write in time (or failed): AWS accepted the change,
   * but the views keep what they show until a refresh. Meant for the person, as a next step.
   */
  readonly notYetVisible?: string;
}

/** What a deregistration reports once EC2 accepted it. */
export interface DeregisterOutcome extends WriteOutcome {
  /** EC2's result per snapshot (DeleteAssociatedSnapshots); empty when they were kept. */
  readonly snapshots: readonly SnapshotDeletion[];
  /** The response was lost (the re-read showed the image gone): what happened to the snapshots is not known. */
  readonly snapshotsUnknown?: boolean;
}

/** What happened to one backing snapshot when account changes were mirrored to it. */
export interface SnapshotMirrorOutcome {
  readonly snapshotId: string;
  /** Account ids now allowed to create volumes from it (the Add call succeeded). */
  readonly added: readonly string[];
  /** Account ids no longer allowed (the Remove call succeeded). */
  readonly removed: readonly string[];
  /** The calls that failed, with what they would have changed; empty when the snapshot is done. */
  readonly failed: readonly { readonly operation: 'add' | 'remove'; readonly accountIds: readonly string[]; readonly error: AwsFailure }[];
}

/** What a launch-permission write reports once EC2 accepted the image's part. */
export interface PermissionsWriteOutcome extends WriteOutcome {
  /** The launch permissions as re-read after the write; undefined when the read-back failed. */
  readonly permissions?: LaunchPermissionState;
  /** One entry per snapshot the plan touched, in mapping order. */
  readonly snapshots: readonly SnapshotMirrorOutcome[];
  /** Parts of the change that are never mirrored to snapshots (organizations/OUs, public), for the person. */
  readonly notMirrored: readonly string[];
  /**
   * Set when the image was updated but not every snapshot: says exactly what did and did not
   * change. The image's change is kept (and announced); nothing is rolled back.
   */
  readonly partialFailure?: string;
}

export interface ApplyPermissionsOptions {
  /**
   * Mirror the account-id changes to these snapshots (createVolumePermission), so recipients can
   * also copy the image. Usually snapshotIdsOf(image.blockDeviceMappings). Omit to leave snapshots alone.
   */
  readonly mirrorToSnapshots?: readonly string[];
}

export class ImageWrites {
  constructor(
    private readonly services: Pick<ExtensionServices, 'aws' | 'announce' | 'log'>,
    /** Tests shorten the pauses of the read-back. */
    private readonly readBack: Pick<ReadUntilOptions, 'delays' | 'sleep'> = {},
  ) {}

  /** Sets and/or removes tags of an image; announces `updated` with the fields `tags`. */
  async updateTags(ref: AmiRef, change: TagChange, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    const written = await this.ops(ref).updateTags(ref.region, [ref.imageId], change, signal);
    if (!written.ok) return written;
    return ok(await this.announceUpdate(ref, ['tags'], (image) => tagsApplied((image.tags ?? {}), change), signal));
  }

  /** Deregisters an image (its snapshots kept); announces `removed` once EC2 no longer lists it. */
  async deregisterImage(ref: AmiRef, signal?: AbortSignal): Promise<Result<DeregisterOutcome>> {
    return this.deregister(ref, { deleteSnapshots: false }, signal);
  }

  // ---- lifecycle (#10): deregister with snapshots, protection, deprecation, disable/enable ----

  /**
   * DeregisterImage (with DeleteAssociatedSnapshots when asked), then `removed` once EC2 no longer
   * finds the image; `snapshots` is EC2's result per snapshot. Protection refusing comes back as
   * the service's typed failure (LIFECYCLE_CODES.protected), nothing announced. A lost response is
   * settled by re-reading the image, never by a second call.
   */
  async deregister(ref: AmiRef, options: { readonly deleteSnapshots: boolean }, signal?: AbortSignal): Promise<Result<DeregisterOutcome>> {
    const written = await this.services.aws().lifecycle(ref.profile).deregisterImage(ref.region, ref.imageId, options, signal);
    if (!written.ok && written.error.kind !== 'unreachable') return written;
    const outcome = await readUntil(
      () => this.ops(ref).getImage(ref.region, ref.imageId, signal),
      (r) => (r.ok ? r.value.state === 'deregistered' : r.error.kind === 'notFound'),
      { ...this.readBack, ...(signal ? { signal } : {}), giveUp: (r) => !r.ok && r.error.kind !== 'notFound' },
    );
    if (!written.ok) {
      if (!outcome.consistent) {
        const why = outcome.last.ok ? `Re-read: ${ref.imageId} is still registered, so it was not deregistered.` : `Reading it back failed too (${outcome.last.error.message}).`;
        return fail({ ...written.error, message: `${written.error.message} ${why}` });
      }
      this.services.log.info(`The response to DeregisterImage for ${ref.imageId} was lost, but the re-read shows it was deregistered.`);
    }
    const snapshots = written.ok ? written.value.snapshots : [];
    const lostSnapshots = !written.ok && options.deleteSnapshots;
    if (!outcome.consistent) return ok({ ...this.notYetVisible(ref, outcome.last), snapshots, ...(lostSnapshots ? { snapshotsUnknown: true } : {}) });
    return ok({ ...this.announce({ kind: 'removed', ref }), snapshots, ...(lostSnapshots ? { snapshotsUnknown: true } : {}) });
  }

  /** Turns deregistration protection on (with or without the 24-hour cooldown); announces `deregistrationProtection`. */
  async enableDeregistrationProtection(ref: AmiRef, withCooldown: boolean, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    const want = withCooldown ? 'enabled-with-cooldown' : 'enabled';
    return this.lifecycleWrite(ref, (l) => l.enableDeregistrationProtection(ref.region, ref.imageId, withCooldown, signal), ['deregistrationProtection'], (i) => i.deregistrationProtection === want, signal);
  }

  /** Turns deregistration protection off (a cooldown then refuses deregistration for 24 h); announces `deregistrationProtection`. */
  async disableDeregistrationProtection(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    return this.lifecycleWrite(
      ref,
      (l) => l.disableDeregistrationProtection(ref.region, ref.imageId, signal),
      ['deregistrationProtection'],
      (i) => !(i.deregistrationProtection ?? 'disabled').startsWith('enabled'),
      signal,
    );
  }

  /** Sets the deprecation time (EC2 rounds to the minute); announces `deprecationTime`. */
  async enableDeprecation(ref: AmiRef, at: Date, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    return this.lifecycleWrite(ref, (l) => l.enableDeprecation(ref.region, ref.imageId, at, signal), ['deprecationTime'], (i) => sameMinute(i.deprecationTime, at), signal);
  }

  /** Cancels the deprecation time; announces `deprecationTime`. */
  async disableDeprecation(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    return this.lifecycleWrite(ref, (l) => l.disableDeprecation(ref.region, ref.imageId, signal), ['deprecationTime'], (i) => !i.deprecationTime, signal);
  }

  /** Disables the image (every launch permission removed); announces `state`, `launchPermission` and `public`. The image stays in the owner's views. */
  async disableImage(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    return this.lifecycleWrite(ref, (l) => l.disableImage(ref.region, ref.imageId, signal), ['state', 'launchPermission', 'public'], (i) => i.state === 'disabled', signal);
  }

  /** Enables a disabled image (launch permissions not restored); announces `state`. */
  async enableImage(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    return this.lifecycleWrite(ref, (l) => l.enableImage(ref.region, ref.imageId, signal), ['state'], (i) => i.state === 'available', signal);
  }

  /**
   * One lifecycle write, then the image read back until it shows it. A lost response is settled
   * by the same re-read: shown → the write was made; not shown → it fails and says so.
   */
  private async lifecycleWrite(
    ref: AmiRef,
    write: (ops: LifecycleOperations) => Promise<Result<void>>,
    fields: readonly ImageField[],
    shows: (image: AmiImage) => boolean,
    signal?: AbortSignal,
  ): Promise<Result<WriteOutcome>> {
    const written = await write(this.services.aws().lifecycle(ref.profile));
    if (!written.ok && written.error.kind !== 'unreachable') return written;
    const outcome = await this.announceUpdate(ref, fields, shows, signal);
    if (!written.ok && outcome.change === undefined) {
      return fail({ ...written.error, message: `${written.error.message} Re-read: ${ref.imageId} does not show the change, so it may not have been made.` });
    }
    return ok(outcome);
  }

  /**
   * Applies a launch-permission diff (build it with diffPermissions(current, desired)): one
   * ModifyImageAttribute with the minimal Add/Remove, then — when asked — the account-id part on
   * each snapshot (separate Add and Remove calls, never Group=all). The image's launch
   * permissions are read back until they show the change, then `updated` (launchPermission, and
   * `public` when it changed) is announced. A failure of the image's call fails the whole write
   * (nothing changed); a failed snapshot call leaves the image changed and says so in
   * `partialFailure`. When the connection drops after ModifyImageAttribute was sent, the state is
   * re-read to learn whether it took effect; the call is never repeated blindly.
   */
  async applyPermissionDiff(ref: AmiRef, diff: PermissionDiff, options: ApplyPermissionsOptions = {}, signal?: AbortSignal): Promise<Result<PermissionsWriteOutcome>> {
    const plan = planSnapshotMirror(diff, options.mirrorToSnapshots ?? []);
    if (isEmptyDiff(diff)) return fail({ kind: 'invalidInput', message: 'Nothing to change: the launch permissions are already as asked.', region: ref.region });
    const ops = this.ops(ref);
    const mod = toModification(diff);
    const written = await ops.modifyLaunchPermissions(ref.region, ref.imageId, mod, signal);
    if (!written.ok && written.error.kind !== 'unreachable') return written;

    const readBack = await readUntil(
      () => ops.getLaunchPermissions(ref.region, ref.imageId, signal),
      (r) => r.ok && showsModification(r.value, mod),
      { ...this.readBack, ...(signal ? { signal } : {}), giveUp: (r) => !r.ok },
    );
    if (!written.ok) {
      // The response was lost: only the re-read can tell whether EC2 made the change.
      if (!readBack.last.ok) {
        return fail({ ...written.error, message: `${written.error.message} Reading the launch permissions back failed too (${readBack.last.error.message}), so it is not known whether ${ref.imageId} changed.` });
      }
      if (!readBack.consistent) {
        return fail({ ...written.error, message: `${written.error.message} Re-read: ${ref.imageId}'s launch permissions do not show the change, so it was not made. Nothing was changed.` });
      }
      this.services.log.info(`The response to ModifyImageAttribute for ${ref.imageId} was lost, but the re-read shows the change was made.`);
    }

    const snapshots: SnapshotMirrorOutcome[] = [];
    for (const snapshotId of plan.snapshotIds) snapshots.push(await this.mirrorToSnapshot(ref, snapshotId, plan.add, plan.remove, signal));
    const partialFailure = describePartialFailure(ref, snapshots);
    if (partialFailure) this.services.log.warn(partialFailure);

    const fields: ImageField[] = diff.public ? ['launchPermission', 'public'] : ['launchPermission'];
    const expectPublic = diff.public === undefined ? undefined : diff.public === 'add';
    let outcome: WriteOutcome;
    if (!readBack.consistent || !readBack.last.ok) {
      outcome = this.notYetVisible(ref, readBack.last);
    } else {
      outcome = await this.announceUpdate(ref, fields, (image) => expectPublic === undefined || image.public === expectPublic, signal);
    }
    return ok({
      ...outcome,
      ...(readBack.last.ok ? { permissions: readBack.last.value } : {}),
      snapshots,
      notMirrored: plan.notMirrored,
      ...(partialFailure ? { partialFailure } : {}),
    });
  }

  /**
   * Makes an image public, after the checks EC2 would fail on: block public access for AMIs in the
   * region (says how it is lifted, or that a declarative policy holds it), encrypted volumes and
   * product codes. Nothing is sent when one of them stands. The caller confirms with the person first.
   */
  async makePublic(ref: AmiRef, signal?: AbortSignal): Promise<Result<PermissionsWriteOutcome>> {
    const ops = this.ops(ref);
    const bpa = await ops.getImageBlockPublicAccessState(ref.region, signal);
    if (bpa.ok) {
      const blocked = describePublicSharingBlock(bpa.value, ref.region, ref.profile);
      if (blocked) return fail({ kind: 'accessDenied', code: 'ImageBlockPublicAccess', message: `${ref.imageId} cannot be made public. ${blocked}`, region: ref.region });
    } else if (bpa.error.kind === 'cancelled') {
      return bpa;
    } // Not allowed to read the setting: EC2 itself refuses below if it is on.
    const image = await ops.getImage(ref.region, ref.imageId, signal);
    if (!image.ok) return image;
    const refusals = publicRefusals({ imageId: ref.imageId, productCodes: (image.value.productCodes ?? []), volumes: volumesOf(image.value.blockDeviceMappings ?? []) });
    if (refusals.length > 0) return fail({ kind: 'invalidInput', message: `${ref.imageId} cannot be made public: ${refusals.join(' ')}`, region: ref.region });
    if (image.value.public) return fail({ kind: 'invalidInput', message: `${ref.imageId} is already public.`, region: ref.region });
    return this.applyPermissionDiff(ref, { public: 'add', added: NO_SETS, removed: NO_SETS }, {}, signal);
  }

  /** Makes an image private (removes Group=all); the accounts, organizations and OUs it is shared with stay. */
  async makePrivate(ref: AmiRef, signal?: AbortSignal): Promise<Result<PermissionsWriteOutcome>> {
    return this.applyPermissionDiff(ref, { public: 'remove', added: NO_SETS, removed: NO_SETS }, {}, signal);
  }

  /**
   * The recipient's side: removes my account (ref.profile's) from another owner's image
   * (CancelImageLaunchPermission), then announces `removed` for my view once EC2 no longer shows
   * me the image. EC2 refuses for organization/OU shares and public images; that failure says so.
   * A lost response is followed by a re-read, never by a second call.
   */
  async cancelLaunchPermission(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    const ops = this.ops(ref);
    const written = await ops.cancelImageLaunchPermission(ref.region, ref.imageId, signal);
    if (!written.ok && written.error.kind !== 'unreachable') return written;
    const outcome = await readUntil(
      () => ops.getImage(ref.region, ref.imageId, signal),
      (r) => !r.ok && r.error.kind === 'notFound',
      { ...this.readBack, ...(signal ? { signal } : {}), giveUp: (r) => !r.ok && r.error.kind !== 'notFound' },
    );
    if (!written.ok && !outcome.consistent) {
      return fail({
        ...written.error,
        message: `${written.error.message} ${outcome.last.ok ? `Re-read: ${ref.imageId} is still shared with this account, so it was not removed.` : `Reading it back failed too (${outcome.last.error.message}).`}`,
      });
    }
    if (!outcome.consistent) return ok(this.notYetVisible(ref, outcome.last));
    return ok(this.announce({ kind: 'removed', ref }));
  }

  /**
   * The state after making a diff from the current one and the entries to add (a convenience for
   * the quick commands): `shareWith(ref, entries)` = apply diff(current, current + entries).
   */
  async shareWith(ref: AmiRef, current: LaunchPermissionState, entries: Parameters<typeof withEntries>[1], options: ApplyPermissionsOptions = {}, signal?: AbortSignal): Promise<Result<PermissionsWriteOutcome>> {
    return this.applyPermissionDiff(ref, diffPermissions(current, withEntries(current, entries)), options, signal);
  }

  /** One snapshot: Add then Remove, as separate calls; a lost response is settled by a re-read. */
  private async mirrorToSnapshot(ref: AmiRef, snapshotId: string, add: readonly string[], remove: readonly string[], signal?: AbortSignal): Promise<SnapshotMirrorOutcome> {
    const ops = this.ops(ref);
    const done = { added: [] as string[], removed: [] as string[] };
    const failed: { operation: 'add' | 'remove'; accountIds: readonly string[]; error: AwsFailure }[] = [];
    for (const [operation, ids] of [['add', add], ['remove', remove]] as const) {
      if (ids.length === 0) continue;
      let r = await ops.modifySnapshotCreateVolumePermissions(ref.region, snapshotId, operation, ids, signal);
      if (!r.ok && r.error.kind === 'unreachable') {
        const reread = await ops.getSnapshotCreateVolumePermissions(ref.region, snapshotId, signal);
        if (reread.ok && snapshotShows(reread.value, operation === 'add' ? { add: ids } : { remove: ids })) r = ok(undefined);
      }
      if (r.ok) done[operation === 'add' ? 'added' : 'removed'].push(...ids);
      else failed.push({ operation, accountIds: ids, error: r.error });
    }
    return { snapshotId, ...done, failed };
  }

  /**
   * Reads the image back until `shows(image)`, then announces `updated` with it. Exposed for the
   * writes of later features (permissions, lifecycle), which each pass their own check.
   */
  async announceUpdate(ref: AmiRef, fields: readonly ImageField[], shows: (image: AmiImage) => boolean, signal?: AbortSignal): Promise<WriteOutcome> {
    const outcome = await readUntil(
      () => this.ops(ref).getImage(ref.region, ref.imageId, signal),
      (r) => r.ok && shows(r.value),
      { ...this.readBack, ...(signal ? { signal } : {}), giveUp: (r) => !r.ok },
    );
    if (!outcome.consistent || !outcome.last.ok) return this.notYetVisible(ref, outcome.last);
    return this.announce({ kind: 'updated', ref, fields, image: outcome.last.value });
  }

  /** Announces an image that a write created (copy, create, register), read back until EC2 lists it. */
  async announceAdded(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    const outcome = await readUntil(
      () => this.ops(ref).getImage(ref.region, ref.imageId, signal),
      (r) => r.ok,
      { ...this.readBack, ...(signal ? { signal } : {}), giveUp: (r) => !r.ok && r.error.kind !== 'notFound' },
    );
    if (!outcome.last.ok) return outcome.last.error.kind === 'notFound' ? ok(this.notYetVisible(ref, outcome.last)) : fail(outcome.last.error);
    return ok(this.announce({ kind: 'added', ref, image: outcome.last.value }));
  }

  private ops(ref: AmiRef): ReturnType<ReturnType<ExtensionServices['aws']>['images']> {
    return this.services.aws().images(ref.profile);
  }

  private announce(change: ImageChange): WriteOutcome {
    this.services.log.info(`Changed ${change.ref.imageId} in ${change.ref.region}: ${change.kind}${change.kind === 'updated' ? ` (${change.fields.join(', ')})` : ''}.`);
    this.services.announce(change);
    return { change };
  }

  private notYetVisible(ref: AmiRef, last: Result<unknown>): WriteOutcome {
    const why = last.ok ? 'EC2 still reports the previous state' : describeReadFailure(last.error);
    this.services.log.warn(`Changed ${ref.imageId} in ${ref.region}, but the read-back did not show it: ${why}.`);
    return { change: undefined, notYetVisible: `AWS accepted the change to ${ref.imageId}, but ${why}. Refresh in a few seconds to see it.` };
  }
}

const NO_SETS = { accounts: [], orgArns: [], ouArns: [] } as const;

/** "Launch permissions of ami-… were updated; snapshot snap-a was updated; snapshot snap-b was not: …" or undefined when all went through. */
function describePartialFailure(ref: AmiRef, snapshots: readonly SnapshotMirrorOutcome[]): string | undefined {
  const broken = snapshots.filter((s) => s.failed.length > 0);
  if (broken.length === 0) return undefined;
  const parts = [`The launch permissions of ${ref.imageId} were updated, but not every snapshot was.`];
  const complete = snapshots.filter((s) => s.failed.length === 0).map((s) => s.snapshotId);
  if (complete.length > 0) parts.push(`Updated: ${complete.join(', ')}.`);
  for (const s of broken) {
    const did = [s.added.length ? `added ${s.added.join(', ')}` : '', s.removed.length ? `removed ${s.removed.join(', ')}` : ''].filter((x) => x).join(' and ');
    const didNot = s.failed.map((f) => `${f.operation === 'add' ? 'adding' : 'removing'} ${f.accountIds.join(', ')} failed (${describeFailure(f.error)})`).join('; ');
    parts.push(`Snapshot ${s.snapshotId}: ${did ? `${did}; ` : 'not changed; '}${didNot}.`);
  }
  parts.push('Recipients can launch the image; those missing from a snapshot cannot copy it until that snapshot is shared with them.');
  return parts.join(' ');
}

function describeReadFailure(f: AwsFailure): string {
  return `reading it back failed (${f.message})`;
}
