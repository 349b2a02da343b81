/** Cancel Deprecation: DisableImageDeprecation on an owned image that has a deprecation time (it narrows nothing, so no modal). */
import * as vscode from 'vscode';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveLifecycleSubject, runWrite, showWriteResult } from './retireShared';

export default defineCommand({
  id: COMMAND_IDS.cancelDeprecation,
  title: 'Cancel Deprecation',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const resolved = await resolveLifecycleSubject(ctx, node, 'Cancel Deprecation', false);
    if (!resolved) return undefined;
    const { ref, subject } = resolved;
    if (!subject.image.deprecationTime) {
      const text = notificationText(`${ref.imageId} has no deprecation time. Nothing was sent.`);
      void vscode.window.showInformationMessage(text);
      return text;
    }
    const outcome = await runWrite(`Cancelling the deprecation of ${ref.imageId}…`, ref, (signal) => ctx.writes.disableDeprecation(ref, signal));
    return showWriteResult(outcome, `${ref.imageId} is no longer scheduled for deprecation.`);
  },
});
