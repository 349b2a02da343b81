/**
 * Tag writes on several images at once, and optionally on each image's snapshots. Each image is
 * its own write through ImageWrites.updateTags (CreateTags/DeleteTags, read back, one `updated`
 * ['tags'] announced), so one failing image does not stop the others. The snapshots of an image
 * (from its block device mappings) are tagged after it, one call each; a failed snapshot leaves
 * the image's change in place and is reported on its own. The change's keys and values are checked
 * against EC2's rules (model/tagRules.ts) before anything is sent.
 */
import type { TagChange } from '../model/changes';
import type { AmiImage, AmiRef } from '../model/image';
import { snapshotIdsOf } from '../model/launchPermissions';
import { fail, ok, type AwsFailure, type Result } from '../model/result';
import { refusedText, tagChangeProblems, tagLimitProblems, validateTagChange, type TaggedResource } from '../model/tagRules';
import { notOwnerText } from '../model/sharingText';
import type { ExtensionServices } from '../services';
import type { ImageWrites, WriteOutcome } from './imageWrites';
import { readSharingSubject } from './sharingChecks';

type Services = Pick<ExtensionServices, 'aws' | 'log'>;

export interface SnapshotTagOutcome {
  readonly snapshotId: string;
  /** Set when the snapshot was not changed. */
  readonly error?: AwsFailure;
}

export interface ImageTagOutcome {
  readonly ref: AmiRef;
  /** The image's own write; a failure means nothing was changed on it and its snapshots were not tried. */
  readonly result: Result<WriteOutcome>;
  /** One per snapshot tagged (only when asked), in mapping order. */
  readonly snapshots: readonly SnapshotTagOutcome[];
}

export interface TagWriteOptions {
  /** Apply the same change to each image's snapshots (ids from its block device mappings). */
  readonly withSnapshots?: boolean;
}

/** An owned image a tag command may act on, as read just before the change. */
export interface TagSubject {
  readonly ref: AmiRef;
  readonly image: AmiImage;
  readonly snapshotIds: readonly string[];
}

export class TagWrites {
  constructor(
    private readonly writes: Pick<ImageWrites, 'updateTags'>,
    private readonly services: Services,
  ) {}

  /**
   * Reads the images afresh (a tree node may be stale) and checks they are the caller's: only the
   * owner can tag. `what` names the command in the refusal.
   */
  async readSubjects(refs: readonly AmiRef[], what: string, signal?: AbortSignal): Promise<Result<TagSubject[]>> {
    const subjects: TagSubject[] = [];
    for (const ref of refs) {
      const read = await readSharingSubject(this.services, ref, signal);
      if (!read.ok) return read;
      const { image, accountId, owned } = read.value;
      if (!owned) {
        return fail({ kind: 'accessDenied', message: notOwnerText(ref.imageId, image.ownerId, accountId, what), nextStep: 'Run it on an image of your own (the owned-by-me scope).', region: ref.region });
      }
      subjects.push({ ref, image, snapshotIds: read.value.snapshotIds });
    }
    return ok(subjects);
  }

  /**
   * Checks a change against the subjects' current tags (keys, values, 50 per image): undefined when
   * it can be sent, else the refusal (nothing sent).
   */
  check(subjects: readonly TagSubject[], change: TagChange): AwsFailure | undefined {
    const problems = validateTagChange(
      subjects.map((s) => ({ id: s.ref.imageId, ...(s.image.name ? { name: s.image.name } : {}), tags: (s.image.tags ?? {}) })),
      change,
    );
    return problems.length ? { kind: 'invalidInput', message: refusedText(problems), region: subjects[0]?.ref.region } : undefined;
  }

  /**
   * Checks the change against the current tags of the subjects' snapshots (50 per snapshot), read
   * with DescribeSnapshots: the refusal (nothing sent) when one would go over, else undefined.
   * When the snapshots cannot be read (e.g. no ec2:DescribeSnapshots), the check is left to EC2,
   * which refuses that snapshot alone (TagLimitExceeded) and the result says so.
   */
  async checkSnapshots(subjects: readonly TagSubject[], change: TagChange, signal?: AbortSignal): Promise<AwsFailure | undefined> {
    const resources: TaggedResource[] = [];
    for (const s of subjects) {
      if (s.snapshotIds.length === 0) continue;
      const read = await this.services.aws().images(s.ref.profile).getSnapshots(s.ref.region, [...s.snapshotIds], signal);
      if (!read.ok) {
        if (read.error.kind === 'cancelled') return read.error;
        this.services.log.warn(`Could not read the tags of ${s.ref.imageId}'s snapshots before tagging them (${read.error.message}); EC2 checks its limit itself.`);
        continue;
      }
      for (const snapshot of read.value) resources.push({ id: snapshot.snapshotId, tags: snapshot.tags });
    }
    const problems = tagLimitProblems(resources, change);
    return problems.length ? { kind: 'invalidInput', message: refusedText(problems), region: subjects[0]?.ref.region } : undefined;
  }

  /**
   * Applies `change` to each image in turn (and its snapshots when asked). Fails as a whole only
   * when the change itself breaks EC2's rules (then nothing is sent); otherwise one outcome per
   * image, in order. Cancelling stops before the next call; the outcomes say what was done.
   */
  async updateImages(refs: readonly AmiRef[], change: TagChange, options: TagWriteOptions = {}, signal?: AbortSignal): Promise<Result<ImageTagOutcome[]>> {
    const problems = tagChangeProblems(change);
    if (problems.length > 0) return fail({ kind: 'invalidInput', message: refusedText(problems), region: refs[0]?.region });
    const outcomes: ImageTagOutcome[] = [];
    for (const ref of refs) outcomes.push(await this.updateImage(ref, change, options, signal));
    return ok(outcomes);
  }

  private async updateImage(ref: AmiRef, change: TagChange, options: TagWriteOptions, signal?: AbortSignal): Promise<ImageTagOutcome> {
    if (signal?.aborted) return { ref, result: fail({ kind: 'cancelled', message: 'Cancelled before this image was changed.', region: ref.region }), snapshots: [] };
    let snapshotIds: string[] = [];
    if (options.withSnapshots) {
      // The mapping as EC2 has it now, read before the image's own write.
      const image = await this.services.aws().images(ref.profile).getImage(ref.region, ref.imageId, signal);
      if (!image.ok) return { ref, result: image, snapshots: [] };
      snapshotIds = snapshotIdsOf(image.value.blockDeviceMappings ?? []);
    }
    const result = await this.writes.updateTags(ref, change, signal);
    if (!result.ok) return { ref, result, snapshots: [] };
    const snapshots: SnapshotTagOutcome[] = [];
    for (const snapshotId of snapshotIds) {
      const r = await this.services.aws().images(ref.profile).updateTags(ref.region, [snapshotId], change, signal);
      snapshots.push(r.ok ? { snapshotId } : { snapshotId, error: r.error });
      if (!r.ok) this.services.log.warn(`Tagged ${ref.imageId}, but not its snapshot ${snapshotId}: ${r.error.message}`);
    }
    return { ref, result, snapshots };
  }
}
