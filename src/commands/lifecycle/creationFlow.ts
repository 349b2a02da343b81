/**
 * What the three image-making commands share (issue #10): the region they act in (a region node,
 * else profile and region pickers), loading look-ups under a cancellable notification, and the
 * run itself — one cancellable progress notification from the call until the new image is
 * available (cancelling stops waiting only, and says the work goes on in AWS), then the result
 * message and the new image revealed in the tree.
 */
import * as vscode from 'vscode';
import { creationWritesFor, type CreationStarted, type CreationWrites } from '../../data/creationWrites';
import type { AmiRef } from '../../model/image';
import { creationDoneText, creationProgressTitle, recoveredText, stoppedWaitingText, waitingText, type CreationKind } from '../../model/imageCreation';
import { describeFailure, type Result } from '../../model/result';
import { notificationText } from '../../model/text';
import { RegionNode } from '../../tree/regionNode';
import { pickProfile, pickRegion } from '../../ui/pickImage';
import type { CommandContext } from '../context';
import { CommandError, fromFailure } from '../errors';

export interface RegionTarget {
  readonly profile: string | undefined;
  readonly region: string;
}

/** The region a command acts in: the clicked region node, else pickers (undefined: cancelled). */
export async function resolveRegion(ctx: CommandContext, node: unknown, title: string): Promise<RegionTarget | undefined> {
  if (node instanceof RegionNode) return { profile: node.profile, region: node.region };
  if (node !== undefined && node !== null && typeof node === 'object' && 'region' in node && typeof (node as { region: unknown }).region === 'string') {
    const n = node as { region: string; profile?: unknown };
    return { profile: typeof n.profile === 'string' ? n.profile : undefined, region: n.region };
  }
  const chosen = await pickProfile(ctx.services, title);
  if (!chosen) return undefined;
  const region = await pickRegion(ctx.services, chosen.profile, title);
  return region ? { profile: chosen.profile, region } : undefined;
}

/** Runs a look-up under a cancellable notification: its value, undefined when cancelled, or a CommandError. */
export async function loadWithProgress<T>(title: string, work: (signal: AbortSignal) => Promise<Result<T>>): Promise<T | undefined> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal).finally(() => sub.dispose());
  });
  if (result.ok) return result.value;
  if (result.error.kind === 'cancelled') return undefined;
  throw fromFailure(result.error);
}

export function creationWrites(ctx: CommandContext): CreationWrites {
  return creationWritesFor(ctx.services, ctx.writes);
}

/** How a creation ended, for the person and for tests. */
export interface CreationOutcome {
  readonly ref: AmiRef;
  /** 'available': waited to the end; 'stoppedWaiting': the person cancelled the wait; 'waitFailed': the wait ended with an error. */
  readonly status: 'available' | 'stoppedWaiting' | 'waitFailed';
  readonly recovered: boolean;
  /** The message shown. */
  readonly text: string;
  /** Whether the new image was revealed in the tree. */
  readonly revealed: boolean;
}

/**
 * Makes the image (start), then waits until it is available, under one cancellable notification.
 * Cancelling while EC2 has not answered yet stops waiting for the answer only; cancelling during
 * the wait stops waiting only. The new image is revealed in the tree in every case it exists.
 */
export async function runCreation(
  ctx: CommandContext,
  kind: CreationKind,
  title: Parameters<typeof creationProgressTitle>[1],
  start: (writes: CreationWrites, signal: AbortSignal) => Promise<Result<CreationStarted>>,
): Promise<CreationOutcome> {
  const writes = creationWrites(ctx);
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: notificationText(creationProgressTitle(kind, title)), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        const started = await start(writes, controller.signal);
        if (!started.ok) return { started };
        progress.report({ message: waitingText(started.value.ref.imageId) });
        const waited = await writes.waitUntilAvailable(started.value.ref, controller.signal);
        return { started, waited };
      } finally {
        sub.dispose();
      }
    },
  );
  const { started } = run;
  if (!started.ok) {
    if (started.error.kind === 'cancelled') {
      throw new CommandError(started.error.message, `Look for "${title.name}" in ${title.region} before trying again: it may have been made.`, started.error);
    }
    throw fromFailure(started.error);
  }
  const { ref, recovered, added } = started.value;
  const waited = run.waited;
  let status: CreationOutcome['status'];
  const lines: string[] = [];
  if (recovered) lines.push(recoveredText(ref.imageId));
  if (waited?.ok) {
    status = 'available';
    lines.push(creationDoneText(kind, ref.imageId, title.name, ref.region));
    if (waited.value.notYetVisible) lines.push(waited.value.notYetVisible);
  } else if (waited && waited.error.kind === 'cancelled') {
    status = 'stoppedWaiting';
    lines.push(stoppedWaitingText(kind, ref.imageId, ref.region));
  } else {
    status = 'waitFailed';
    lines.push(waited ? describeFailure(waited.error) : `${ref.imageId} was made.`);
  }
  if (!added.change && added.notYetVisible) lines.push(added.notYetVisible);
  const text = notificationText(lines.join(' '));
  const revealed = await ctx.tree.reveal(ref);
  if (status === 'waitFailed') void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
  return { ref, status, recovered, text, revealed };
}
