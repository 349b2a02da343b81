/**
 * Deprecate…: a time from quick choices (in 30/90/180 days, in a year, at the end of the month)
 * or typed in UTC (YYYY-MM-DD HH:MM), checked as EC2 checks it; then a modal naming the image,
 * region, account, the time (and the one it replaces) and what still uses the image;
 * EnableImageDeprecation.
 */
import * as vscode from 'vscode';
import {
  checkDeprecationTime,
  confirmDeprecateText,
  DEPRECATE,
  DEPRECATION_INPUT_HINT,
  deprecationQuickChoices,
  deprecationText,
  formatUtc,
  parseDeprecationInput,
} from '../../model/lifecycle';
import { pickText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { refuse, resolveLifecycleSubject, runWrite, showWriteResult } from './retireShared';

export const CUSTOM_TIME = 'Enter a date and time (UTC)…';

export default defineCommand({
  id: COMMAND_IDS.deprecate,
  title: 'Deprecate',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const resolved = await resolveLifecycleSubject(ctx, node, 'Deprecate…', true);
    if (!resolved) return undefined;
    const { ref, subject } = resolved;
    const { image } = subject;
    const now = new Date();
    const limits = { public: image.public, creationDate: image.creationDate };
    const choices = deprecationQuickChoices(now).filter((c) => checkDeprecationTime(c.at, now, limits).ok);
    const items: (vscode.QuickPickItem & { at?: Date })[] = [
      ...choices.map((c) => ({ label: c.label, description: formatUtc(c.at), at: c.at })),
      { label: CUSTOM_TIME, description: DEPRECATION_INPUT_HINT },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: pickText(`Deprecate ${ref.imageId} — now: ${deprecationText(image.deprecationTime, now)}`), placeHolder: 'When should it be deprecated? (times in UTC)' });
    if (!picked) return undefined;
    let at = picked.at;
    if (!at) {
      const typed = await vscode.window.showInputBox({
        title: pickText(`Deprecate ${ref.imageId}`),
        prompt: `${DEPRECATION_INPUT_HINT}. At most 10 years ahead${image.public ? '; a public image at most 2 years after its creation' : ''}.`,
        placeHolder: 'YYYY-MM-DD HH:MM (UTC)',
        validateInput: (text) => {
          const r = parseDeprecationInput(text, new Date(), limits);
          return r.ok ? undefined : r.reason;
        },
      });
      if (typed === undefined) return undefined;
      const parsed = parseDeprecationInput(typed, new Date(), limits);
      if (!parsed.ok) refuse(parsed.reason);
      at = parsed.at;
    }
    const confirm = confirmDeprecateText({
      image,
      region: ref.region,
      at,
      ...(image.deprecationTime ? { replaces: image.deprecationTime } : {}),
      ...(subject.accountId ? { accountId: subject.accountId } : {}),
      ...(ref.profile ? { profile: ref.profile } : {}),
      ...(subject.references ? { references: subject.references } : {}),
      ...(subject.referencesError !== undefined ? { referencesError: subject.referencesError } : {}),
    });
    const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, DEPRECATE);
    if (choice !== DEPRECATE) return undefined;
    const when = at;
    const outcome = await runWrite(`Deprecating ${ref.imageId}…`, ref, (signal) => ctx.writes.enableDeprecation(ref, when, signal));
    return showWriteResult(outcome, `${ref.imageId} will be deprecated at ${formatUtc(when)}.`);
  },
});
