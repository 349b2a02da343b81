/**
 * What the sharing commands share: progress while they read or write (cancellable), reading the
 * owned image's state before anything is offered, and the result message that says what changed
 * (per snapshot) and what did not.
 */
import * as vscode from 'vscode';
import type { PermissionsWriteOutcome } from '../../data/imageWrites';
import { readSharingState, type SharingSubject } from '../../data/sharingChecks';
import type { AmiRef } from '../../model/image';
import type { LaunchPermissionState, PermissionEntry } from '../../model/launchPermissions';
import { describeFailure, type Result } from '../../model/result';
import { describePermissionsResult, type PermissionsResultInput } from '../../model/sharingText';
import { notificationText } from '../../model/text';
import type { CommandContext } from '../context';
import { CommandError, fromFailure } from '../errors';
import { resolveImage } from '../selection';

/** Runs `work` under a cancellable notification; Cancel aborts the signal it gets. */
export function withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal).finally(() => sub.dispose());
  });
}

/** The value of a result, or a CommandError that says what failed (cancelled: nothing to show). */
export function valueOf<T>(result: Result<T>): T | undefined {
  if (result.ok) return result.value;
  if (result.error.kind === 'cancelled') return undefined;
  throw fromFailure(result.error);
}

/** The owned image a command acts on, re-read, with its launch permissions. */
export type OwnedState = SharingSubject & { readonly permissions: LaunchPermissionState; readonly ref: AmiRef };

/** The owned image a command acts on (node, selection or picker); undefined when the person cancelled. */
export async function resolveOwnedState(ctx: CommandContext, node: unknown, title: string): Promise<OwnedState | undefined> {
  const target = await resolveImage(ctx, node, { pickTitle: title });
  if (!target) return undefined;
  const { ref } = target;
  const state = await withProgress(`Reading the launch permissions of ${ref.imageId}…`, (signal) => readSharingState(ctx.services, ref, title.replace(/…$/, ''), signal));
  const value = valueOf(state);
  return value ? { ...value, ref } : undefined;
}

/** The outcome of a write; a cancelled one may have been made, which the error says. */
export function writeValueOf<T>(result: Result<T>, imageId: string): T {
  if (result.ok) return result.value;
  const error = result.error;
  if (error.kind === 'cancelled') throw cancelledWrite(imageId);
  // Any failure but a lost response came before EC2 changed anything (ImageWrites re-reads after a lost one and says what it found).
  if (error.kind !== 'unreachable' && !/Nothing was (changed|sent)/.test(error.message)) throw fromFailure({ ...error, message: `${error.message} Nothing was changed.` });
  throw fromFailure(error);
}


/**
 * Shows what a launch-permission write did: an information message when everything changed, a
 * warning when a snapshot did not or the read-back never showed it. Returns the text shown.
 */
export function showPermissionsResult(
  outcome: PermissionsWriteOutcome,
  action: PermissionsResultInput['action'],
  imageId: string,
  entries: readonly PermissionEntry[] = [],
): string {
  const result = describePermissionsResult({
    imageId,
    action,
    entries,
    snapshots: outcome.snapshots.map((s) => ({ ...s, failed: s.failed.map((f) => ({ operation: f.operation, accountIds: f.accountIds, reason: describeFailure(f.error) })) })),
    notMirrored: outcome.notMirrored,
    ...(outcome.notYetVisible ? { notYetVisible: outcome.notYetVisible } : {}),
    ...(outcome.partialFailure ? { partialFailure: outcome.partialFailure } : {}),
  });
  const text = notificationText(result.text);
  if (result.level === 'warning') void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
  return text;
}

/** A write that was cancelled before AWS answered: say so, and that the state is not known. */
export function cancelledWrite(imageId: string): CommandError {
  return new CommandError(`Cancelled while changing ${imageId}: the change may or may not have been made.`, 'Refresh the image to see its current launch permissions.');
}
