/**
 * The thin wrapper every command and panel writes through. Each write goes to the service layer;
 * when AWS accepted it, the image is read back once (one DescribeImages with ImageIds, disabled and
 * deprecated included) until the answer shows the write — EC2 is eventually consistent — and then
 * one ImageChange is announced. Views never re-list a region to show a write.
 */
import type { AmiImage, AmiRef } from '../model/image';
import { tagsApplied, type ImageChange, type ImageField, type TagChange } from '../model/changes';
import { fail, ok, type AwsFailure, type Result } from '../model/result';
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
    return ok(await this.announceUpdate(ref, ['tags'], (image) => tagsApplied(image.tags, change), signal));
  }

  /** Deregisters an image; announces `removed` once EC2 no longer lists it. */
  async deregisterImage(ref: AmiRef, signal?: AbortSignal): Promise<Result<WriteOutcome>> {
    const written = await this.ops(ref).deregisterImage(ref.region, ref.imageId, signal);
    if (!written.ok) return written;
    const outcome = await readUntil(
      () => this.ops(ref).getImage(ref.region, ref.imageId, signal),
      (r) => (r.ok ? r.value.state === 'deregistered' : r.error.kind === 'notFound'),
      { ...this.readBack, ...(signal ? { signal } : {}), giveUp: (r) => !r.ok && r.error.kind !== 'notFound' },
    );
    if (!outcome.consistent) return ok(this.notYetVisible(ref, outcome.last));
    return ok(this.announce({ kind: 'removed', ref }));
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

function describeReadFailure(f: AwsFailure): string {
  return `reading it back failed (${f.message})`;
}
