/**
 * Turn On Deregistration Protection…: asks whether to add the 24-hour cooldown (after protection
 * is turned off, the image can be deregistered only 24 hours later), then
 * EnableImageDeregistrationProtection. It narrows what can happen, so no modal; the choice is the confirmation.
 */
import * as vscode from 'vscode';
import { COOLDOWN_HOURS, parseProtection, protectionResultText } from '../../model/lifecycle';
import { pickText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveLifecycleSubject, runWrite, showWriteResult } from './retireShared';

export const WITH_COOLDOWN = `With a ${COOLDOWN_HOURS}-hour cooldown`;
export const WITHOUT_COOLDOWN = 'Without cooldown';

export default defineCommand({
  id: COMMAND_IDS.enableDeregistrationProtection,
  title: 'Turn On Deregistration Protection',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const resolved = await resolveLifecycleSubject(ctx, node, 'Turn On Deregistration Protection…', false);
    if (!resolved) return undefined;
    const { ref, subject } = resolved;
    const items: (vscode.QuickPickItem & { cooldown: boolean })[] = [
      { label: WITH_COOLDOWN, detail: `After protection is turned off, ${ref.imageId} can be deregistered only ${COOLDOWN_HOURS} hours later.`, cooldown: true },
      { label: WITHOUT_COOLDOWN, detail: 'After protection is turned off, it can be deregistered at once.', cooldown: false },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: pickText(`Protect ${ref.imageId} from deregistration`), placeHolder: 'Add a cooldown?' });
    if (!picked) return undefined;
    const want = picked.cooldown ? 'enabled-with-cooldown' : 'enabled';
    if (subject.image.deregistrationProtection === want) {
      const text = `${ref.imageId} is already protected that way. Nothing was sent.`;
      void vscode.window.showInformationMessage(text);
      return text;
    }
    const outcome = await runWrite(`Protecting ${ref.imageId} from deregistration…`, ref, (signal) => ctx.writes.enableDeregistrationProtection(ref, picked.cooldown, signal));
    return showWriteResult(outcome, protectionResultText(ref.imageId, parseProtection(want, new Date())));
  },
});
