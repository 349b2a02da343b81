/**
 * What the tag commands share: the owned images they act on (node, multi-selection, panel ref or
 * picker; re-read before anything is offered), the "Image only / Image and its snapshots" choice,
 * and the write with its progress, the checks before sending and the result notification that
 * names what changed per image and snapshot. The words come from src/model/tagRules.ts.
 */
import * as vscode from 'vscode';
import { TagWrites, type ImageTagOutcome, type TagSubject } from '../../data/tagWrites';
import type { TagChange } from '../../model/changes';
import { describeFailure } from '../../model/result';
import { describeTagResults, findTagKey, type TagImageResult } from '../../model/tagRules';
import { notificationText, pickText } from '../../model/text';
import type { CommandContext } from '../context';
import { CommandError, fromFailure } from '../errors';
import { valueOf, withProgress } from '../permissions/common';
import { distinct, resolveImages } from '../selection';
import { isRecord, isString } from '../../webviews/guards';

/** The labels of the snapshot choice (tests pick them by label). */
export const IMAGE_ONLY = 'Image only';
export const IMAGES_ONLY = 'Images only';
export const WITH_SNAPSHOTS = 'Image and its snapshots';
export const WITH_THEIR_SNAPSHOTS = 'Images and their snapshots';

/** Longest key a panel may name (EC2's keys have at most 128 characters; escapes make them longer). */
const MAX_SHOWN_KEY = 2048;

/** What a panel passes besides the image: the tag row clicked. */
export interface TagCommandArgs {
  readonly tagKey?: string;
}

/** The key a caller (the details panel) passed as the second argument, if any. */
export function tagKeyArg(arg: unknown): string | undefined {
  if (!isRecord(arg) || !isString(arg.tagKey) || arg.tagKey.length === 0 || arg.tagKey.length > MAX_SHOWN_KEY) return undefined;
  return arg.tagKey;
}

export function tagWrites(ctx: CommandContext): TagWrites {
  return new TagWrites(ctx.writes, ctx.services);
}

/**
 * The owned images a tag command acts on (the clicked node or the multi-selection, a panel's ref,
 * the view's selection from the palette, else a picker), re-read. Undefined when cancelled.
 */
export async function resolveTagSubjects(ctx: CommandContext, node: unknown, selected: unknown, title: string): Promise<TagSubject[] | undefined> {
  const targets = await resolveImages(ctx, node, Array.isArray(selected) ? selected : undefined, { useViewSelection: true, pickTitle: `${title}…` });
  if (!targets) return undefined;
  const refs = distinct(targets).map((t) => t.ref);
  const read = await withProgress(refs.length === 1 ? `Reading the tags of ${refs[0]?.imageId ?? ''}…` : `Reading the tags of ${refs.length} images…`, (signal) =>
    tagWrites(ctx).readSubjects(refs, title, signal),
  );
  return valueOf(read);
}

/** A pick item for one tag key. */
export type TagKeyItem = vscode.QuickPickItem & { key: string };

/** One item per key: the key, and its value on the images (or how many different values they have); `preset` is ticked. */
export function tagKeyItems(subjects: readonly TagSubject[], keys: readonly string[], preset?: string): TagKeyItem[] {
  return keys.map((k) => {
    const values = new Set(subjects.map((s) => s.image.tags?.[k] ?? ''));
    return { key: k, label: pickText(k), description: values.size === 1 ? pickText([...values][0] ?? '') : `${values.size} different values`, ...(preset !== undefined ? { picked: k === preset } : {}) };
  });
}

/** "ami-1" or "3 images". */
export function subjectsText(subjects: readonly TagSubject[]): string {
  return subjects.length === 1 ? (subjects[0]?.ref.imageId ?? '') : `${subjects.length} images`;
}

/**
 * The real key a panel named (it shows keys with invisible characters as escapes), checked
 * against every image: a CommandError when one does not have it.
 */
export function keyFromPanel(subjects: readonly TagSubject[], shown: string): string {
  const first = subjects[0];
  const key = first ? findTagKey((first.image.tags ?? {}), shown) : undefined;
  const missing = subjects.filter((s) => key === undefined || !Object.prototype.hasOwnProperty.call(s.image.tags, key));
  if (key === undefined || missing.length > 0) {
    throw new CommandError(`${missing.map((s) => s.ref.imageId).join(', ') || 'The image'} has no tag “${shown.slice(0, 128)}” (any more). Nothing was sent.`, 'Refresh the image to see its current tags.');
  }
  return key;
}

/**
 * Asks whether the change goes to the snapshots too, when any image has one. True/false, or
 * undefined when the person cancelled.
 */
export async function askSnapshots(subjects: readonly TagSubject[], title: string): Promise<boolean | undefined> {
  const snapshotIds = subjects.flatMap((s) => s.snapshotIds);
  if (snapshotIds.length === 0) return false;
  const many = subjects.length > 1;
  const items: (vscode.QuickPickItem & { withSnapshots: boolean })[] = [
    { withSnapshots: false, label: many ? IMAGES_ONLY : IMAGE_ONLY, detail: 'The snapshots keep their tags.' },
    {
      withSnapshots: true,
      label: many ? WITH_THEIR_SNAPSHOTS : WITH_SNAPSHOTS,
      detail: pickText(`Also ${snapshotIds.length === 1 ? 'snapshot' : `the ${snapshotIds.length} snapshots`} ${snapshotIds.slice(0, 10).join(', ')}${snapshotIds.length > 10 ? ', …' : ''}`),
    },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `${title}: snapshots`, placeHolder: 'Apply the change to the snapshots behind the image too?', ignoreFocusOut: true });
  return choice?.withSnapshots;
}

function resultOf(subject: TagSubject | undefined, outcome: ImageTagOutcome): TagImageResult {
  const name = subject?.image.name;
  const base = { imageId: outcome.ref.imageId, ...(name ? { name } : {}) };
  if (!outcome.result.ok) {
    const failure = outcome.result.error;
    // A lost answer (dropped connection, cancel while waiting) may follow a change EC2 made.
    const unknown = failure.kind === 'cancelled' || failure.kind === 'unreachable';
    const error = failure.kind === 'cancelled' ? 'cancelled while waiting for EC2' : describeFailure(failure);
    return { ...base, error, ...(unknown ? { outcomeUnknown: true } : {}), snapshots: [] };
  }
  return {
    ...base,
    ...(outcome.result.value.notYetVisible ? { notYetVisible: outcome.result.value.notYetVisible } : {}),
    snapshots: outcome.snapshots.map((s) => ({ snapshotId: s.snapshotId, ...(s.error ? { error: describeFailure(s.error) } : {}) })),
  };
}

/**
 * Checks the change against EC2's rules and each image's current tags (nothing is sent when one
 * fails), writes it under a cancellable progress, and shows what changed. Returns the text shown.
 */
export async function applyTagChange(ctx: CommandContext, subjects: readonly TagSubject[], change: TagChange, withSnapshots: boolean, progressTitle: string): Promise<string> {
  const writes = tagWrites(ctx);
  const refused = writes.check(subjects, change);
  if (refused) throw fromFailure(refused);
  if (withSnapshots) {
    // Snapshots have their own 50-tag limit: checked against their current tags before anything is sent.
    const snapshotsRefused = await withProgress('Reading the snapshots’ tags…', (signal) => writes.checkSnapshots(subjects, change, signal));
    if (snapshotsRefused?.kind === 'cancelled') return 'Cancelled: nothing was sent.';
    if (snapshotsRefused) throw fromFailure(snapshotsRefused);
  }
  const written = await withProgress(progressTitle, (signal) =>
    writes.updateImages(
      subjects.map((s) => s.ref),
      change,
      { withSnapshots },
      signal,
    ),
  );
  if (!written.ok) throw fromFailure(written.error);
  const results = written.value.map((o, i) => resultOf(subjects[i], o));
  const { level, text } = describeTagResults(change, results);
  const shown = notificationText(text);
  if (level === 'info') void vscode.window.showInformationMessage(shown);
  else if (level === 'warning') void vscode.window.showWarningMessage(shown);
  else throw new CommandError(text);
  return shown;
}
