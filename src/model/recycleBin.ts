/**
 * The Recycle Bin as a person reads it: deregistered images (and deleted snapshots) kept by a
 * retention rule until their exit time, and the plan of a restore (snapshots first, then the
 * image). Pure: no vscode, no SDK.
 *
 * EC2 does not say which snapshots a binned image maps (ListImagesInRecycleBin has no block device
 * mappings, DescribeImages no longer shows it). Snapshots made by CreateImage / CopyImage name the
 * image in their description ("Created by CreateImage(i-…) for ami-…", "Copied for DestinationAmi
 * ami-…"): that is how they are matched here, so a plan that finds none only warns.
 */
import { pickText } from './text';

export interface BinnedImage {
  readonly imageId: string;
  readonly name?: string;
  readonly description?: string;
  /** ISO 8601. */
  readonly enterTime?: string;
  /** ISO 8601: when the retention ends and the image is gone for good. */
  readonly exitTime?: string;
}

export interface BinnedSnapshot {
  readonly snapshotId: string;
  readonly description?: string;
  readonly volumeId?: string;
  readonly enterTime?: string;
  readonly exitTime?: string;
}

/** A snapshot that exists (not in the bin), as far as the plan needs it. */
export interface ExistingSnapshot {
  readonly snapshotId: string;
  readonly description?: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** "2026-12-11 14:05 UTC". */
export function utcText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** "in 5 days", "in 3 hours", "in less than an hour", "already passed". */
export function timeLeftText(iso: string, now: Date): string {
  const ms = new Date(iso).getTime() - now.getTime();
  if (Number.isNaN(ms)) return 'unknown';
  if (ms <= 0) return 'already passed';
  if (ms >= 2 * DAY) return `in ${Math.floor(ms / DAY)} days`;
  if (ms >= DAY) return 'in 1 day';
  if (ms >= 2 * HOUR) return `in ${Math.floor(ms / HOUR)} hours`;
  if (ms >= HOUR) return 'in 1 hour';
  return 'in less than an hour';
}

/** "kept until 2026-12-11 14:05 UTC (in 5 days)"; "retention end unknown" without an exit time. */
export function retentionText(exitTime: string | undefined, now: Date): string {
  if (!exitTime) return 'retention end unknown';
  return `kept until ${utcText(exitTime)} (${timeLeftText(exitTime, now)})`;
}

/**
 * The quick-pick item of a binned image: name (or id) as label, the id beside it, the retention end
 * first on the line below (so it is never cut off), then its description and when it was
 * deregistered. Hostile names are made plain.
 */
export function binnedImageItem(image: BinnedImage, now: Date): { label: string; description: string; detail: string } {
  const label = pickText(image.name && image.name.trim() !== '' ? image.name : image.imageId);
  const detail = [retentionText(image.exitTime, now), image.enterTime ? `deregistered ${utcText(image.enterTime)}` : '', image.description ? pickText(image.description) : '']
    .filter((x) => x !== '')
    .join(' · ');
  return { label, description: image.imageId, detail };
}

/** Whether a snapshot's description names the image (CreateImage, CopyImage and the console write it so). */
export function snapshotNamesImage(description: string | undefined, imageId: string): boolean {
  if (!description) return false;
  return new RegExp(`(^|[^0-9a-z-])${imageId.replace(/[-]/g, '\\-')}($|[^0-9a-f])`).test(description);
}

export interface RestorePlan {
  readonly imageId: string;
  /** Snapshots of the image in the bin: restored first, in this order. */
  readonly snapshotsToRestore: readonly string[];
  /** Snapshots of the image that still exist. */
  readonly existing: readonly string[];
  /**
   * Set when no snapshot of the image was found in the bin or the account: the image may come
   * back unusable (it cannot launch without them). The person decides.
   */
  readonly warning?: string;
}

/** Which snapshots must come back before the image, from the bin's snapshots and the account's existing ones. */
export function planRestore(imageId: string, binned: readonly BinnedSnapshot[], existing: readonly ExistingSnapshot[]): RestorePlan {
  const snapshotsToRestore = binned.filter((s) => snapshotNamesImage(s.description, imageId)).map((s) => s.snapshotId);
  const present = existing.filter((s) => snapshotNamesImage(s.description, imageId)).map((s) => s.snapshotId);
  const plan = { imageId, snapshotsToRestore, existing: present };
  if (snapshotsToRestore.length > 0 || present.length > 0) return plan;
  return {
    ...plan,
    warning: `No snapshot of ${imageId} was found in the Recycle Bin or in this account: they may have been deleted for good (or were not created for this image). If so, the restored image cannot launch instances.`,
  };
}

/** The steps of a restore as the progress shows them. */
export function restoreSteps(plan: RestorePlan): string[] {
  return [...plan.snapshotsToRestore.map((id) => `Restoring snapshot ${id}…`), `Restoring image ${plan.imageId}…`];
}

export interface RestoreOutcome {
  readonly imageId: string;
  readonly region: string;
  readonly restoredSnapshots: readonly string[];
  /** The snapshot that failed (and why); restoring stopped there and the image was not restored. */
  readonly snapshotFailure?: { readonly snapshotId: string; readonly reason: string };
  /** The image's own failure (after its snapshots were restored). */
  readonly imageFailure?: string;
  readonly imageRestored: boolean;
  /** Set when the image came back but the view could not show it yet. */
  readonly notYetVisible?: string;
  readonly cancelled?: boolean;
}

/** What a restore did, step by step; `warning` when anything did not come back. */
export function describeRestore(o: RestoreOutcome): { level: 'info' | 'warning'; text: string } {
  const parts: string[] = [];
  const snaps = o.restoredSnapshots;
  if (snaps.length > 0) parts.push(`Restored ${snaps.length === 1 ? `snapshot ${snaps[0]}` : `snapshots ${snaps.join(', ')}`}.`);
  if (o.snapshotFailure) {
    parts.push(`Restoring snapshot ${o.snapshotFailure.snapshotId} failed: ${o.snapshotFailure.reason.replace(/\.$/, '')}. ${o.imageId} was not restored (it stays in the Recycle Bin).`);
    return { level: 'warning', text: parts.join(' ') };
  }
  if (o.cancelled) {
    parts.push(`Cancelled before ${o.imageId} was restored: it stays in the Recycle Bin.`);
    return { level: 'warning', text: parts.join(' ') };
  }
  if (o.imageFailure) {
    parts.push(`Restoring ${o.imageId} failed: ${o.imageFailure.replace(/\.$/, '')}.`);
    return { level: 'warning', text: parts.join(' ') };
  }
  parts.push(`Restored ${o.imageId} in ${o.region}.`);
  if (o.notYetVisible) {
    parts.push(o.notYetVisible);
    return { level: 'warning', text: parts.join(' ') };
  }
  return { level: 'info', text: parts.join(' ') };
}

/** The text of an empty bin. */
export function emptyBinText(region: string, profileLabel?: string): string {
  return `The Recycle Bin in ${region}${profileLabel ? ` (profile ${profileLabel})` : ''} holds no images. Images are kept there only when a retention rule covers them.`;
}
