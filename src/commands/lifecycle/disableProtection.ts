/** Turn Off Deregistration Protection: a modal naming the image, region and account (and the 24-hour cooldown when it applies), then DisableImageDeregistrationProtection. */
import * as vscode from 'vscode';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveLifecycleSubject, turnOffProtection } from './retireShared';

export default defineCommand({
  id: COMMAND_IDS.disableDeregistrationProtection,
  title: 'Turn Off Deregistration Protection',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const resolved = await resolveLifecycleSubject(ctx, node, 'Turn Off Deregistration Protection…', false);
    if (!resolved) return undefined;
    const { ref, subject } = resolved;
    if (subject.protection.kind !== 'on') {
      const text = notificationText(`${ref.imageId} is not protected from deregistration. Nothing was sent.`);
      void vscode.window.showInformationMessage(text);
      return text;
    }
    return turnOffProtection(ctx, ref, subject);
  },
});
