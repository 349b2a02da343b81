/** Enable: EnableImage on a disabled owned image (back to available; launch permissions are not restored, and the message says so). */
import * as vscode from 'vscode';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveLifecycleSubject, runWrite, showWriteResult } from './retireShared';

export default defineCommand({
  id: COMMAND_IDS.enable,
  title: 'Enable',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const resolved = await resolveLifecycleSubject(ctx, node, 'Enable', false);
    if (!resolved) return undefined;
    const { ref, subject } = resolved;
    if (subject.image.state !== 'disabled') {
      const text = notificationText(`${ref.imageId} is not disabled (${subject.image.state}). Nothing was sent.`);
      void vscode.window.showInformationMessage(text);
      return text;
    }
    const outcome = await runWrite(`Enabling ${ref.imageId}…`, ref, (signal) => ctx.writes.enableImage(ref, signal));
    return showWriteResult(outcome, `${ref.imageId} is available again. Its launch permissions were not restored: share it again if others should launch it.`);
  },
});
