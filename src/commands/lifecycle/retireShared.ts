/**
 * What the retire commands (Deregister…, protection, Deprecate…, Cancel Deprecation, Disable…,
 * Enable) share: reading the owned image (and what refers to it) under a cancellable progress
 * before anything is asked, the result message of a write, and turning protection off when a
 * deregistration runs into it.
 */
import * as vscode from 'vscode';
import type { WriteOutcome } from '../../data/imageWrites';
import { readLifecycleSubject, type LifecycleSubject } from '../../data/lifecycleChecks';
import type { AmiRef } from '../../model/image';
import { confirmTurnOffProtectionText, parseProtection, protectionResultText, TURN_OFF_PROTECTION } from '../../model/lifecycle';
import type { Result } from '../../model/result';
import { notificationText } from '../../model/text';
import type { CommandContext } from '../context';
import { CommandError } from '../errors';
import { valueOf, withProgress, writeValueOf } from '../permissions/common';
import { resolveImage } from '../selection';

export { valueOf, withProgress };

/** The owned image a retire command acts on, read again, with its references when asked; undefined when the person cancelled. */
export async function resolveLifecycleSubject(ctx: CommandContext, node: unknown, title: string, withReferences: boolean): Promise<{ ref: AmiRef; subject: LifecycleSubject } | undefined> {
  const target = await resolveImage(ctx, node, { pickTitle: title });
  if (!target) return undefined;
  const { ref } = target;
  const what = title.replace(/…$/, '');
  const read = await withProgress(withReferences ? `Reading ${ref.imageId} and what uses it…` : `Reading ${ref.imageId}…`, (signal) =>
    readLifecycleSubject(ctx.services, ref, what, { withReferences }, signal),
  );
  const subject = valueOf(read);
  return subject ? { ref, subject } : undefined;
}

/** Shows a write's outcome: `done` when the views show it, a warning with the next step when the read-back did not. Returns the text shown. */
export function showWriteResult(outcome: WriteOutcome, done: string): string {
  if (outcome.notYetVisible) {
    const text = notificationText(`${done} ${outcome.notYetVisible}`);
    void vscode.window.showWarningMessage(text);
    return text;
  }
  const text = notificationText(done);
  void vscode.window.showInformationMessage(text);
  return text;
}

/**
 * The outcome of a lifecycle write, or a CommandError: cancelled while waiting says the change may
 * or may not have been made (cancelling stops the waiting only); any other failure says what
 * failed and, when EC2 refused before changing anything, that nothing changed.
 */
export function lifecycleValueOf<T>(result: Result<T>, imageId: string): T {
  if (!result.ok && result.error.kind === 'cancelled') {
    throw new CommandError(`Stopped waiting for ${imageId}: the change may or may not have been made.`, 'Refresh the image to see its current state.');
  }
  return writeValueOf(result, imageId);
}

/** A write under a cancellable progress, its outcome or a CommandError that says what failed (and that nothing changed). */
export async function runWrite(title: string, ref: AmiRef, write: (signal: AbortSignal) => Promise<Result<WriteOutcome>>): Promise<WriteOutcome> {
  return lifecycleValueOf(await withProgress(title, write), ref.imageId);
}

/**
 * Turn Off Protection: a modal naming the image, region and account (and the 24-hour cooldown
 * when it applies), then DisableImageDeregistrationProtection; says what the state is now.
 * Returns the text shown, or undefined when the person cancelled.
 */
export async function turnOffProtection(ctx: CommandContext, ref: AmiRef, subject: LifecycleSubject): Promise<string | undefined> {
  const confirm = confirmTurnOffProtectionText({ image: subject.image, region: ref.region, ...(subject.accountId ? { accountId: subject.accountId } : {}), ...(ref.profile ? { profile: ref.profile } : {}), state: subject.protection });
  const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, TURN_OFF_PROTECTION);
  if (choice !== TURN_OFF_PROTECTION) return undefined;
  const outcome = await runWrite(`Turning off deregistration protection of ${ref.imageId}…`, ref, (signal) => ctx.writes.disableDeregistrationProtection(ref, signal));
  const now = outcome.change?.kind === 'updated' ? parseProtection(outcome.change.image.deregistrationProtection, new Date()) : { kind: 'off' as const };
  return showWriteResult(outcome, protectionResultText(ref.imageId, now));
}

/** An owned-only command run on an image whose state does not allow it: say so, send nothing. */
export function refuse(text: string): never {
  throw new CommandError(text);
}
