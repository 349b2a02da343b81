/**
 * Edit Tag…: changes the value of one tag. The key is picked among the image's tags (for several
 * images: the keys all of them have), or named by the details panel's row; the value is checked
 * live against EC2's rules. Optionally the snapshots get the same value.
 */
import * as vscode from 'vscode';
import { commonTagKeys, shownTag, tagValueProblem } from '../../model/tagRules';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { applyTagChange, askSnapshots, keyFromPanel, resolveTagSubjects, subjectsText, tagKeyArg, tagKeyItems } from './common';

const TITLE = 'Edit Tag';

export default defineCommand({
  id: COMMAND_IDS.editTag,
  title: TITLE,
  async run(ctx, node?: unknown, second?: unknown): Promise<string | undefined> {
    const presetKey = tagKeyArg(second);
    const subjects = await resolveTagSubjects(ctx, node, second, TITLE);
    if (!subjects || subjects.length === 0) return undefined;
    const target = subjectsText(subjects);
    const valuesOf = (key: string): string[] => subjects.map((s) => s.image.tags?.[key] ?? '');

    let key: string;
    if (presetKey !== undefined) {
      key = keyFromPanel(subjects, presetKey);
    } else {
      const keys = commonTagKeys(subjects.map((s) => (s.image.tags ?? {})));
      if (keys.length === 0) {
        const shown = subjects.length === 1 ? `${target} has no tag to edit. Use Add Tag… to add one.` : `No tag key is on all of ${target}. Use Add Tag… to add one.`;
        void vscode.window.showInformationMessage(notificationText(shown));
        return shown;
      }
      const items = tagKeyItems(subjects, keys);
      const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} of ${target}`, placeHolder: 'The tag to change', ignoreFocusOut: true });
      if (!picked) return undefined;
      key = picked.key;
    }

    const current = new Set(valuesOf(key));
    const value = await vscode.window.showInputBox({
      title: `${TITLE} of ${target}: ${shownTag(key)}`,
      prompt: current.size === 1 ? 'New value (up to 256 characters; may be empty)' : `New value for all (they have ${current.size} different values now)`,
      ...(current.size === 1 ? { value: [...current][0] ?? '' } : {}),
      ignoreFocusOut: true,
      validateInput: tagValueProblem,
    });
    if (value === undefined) return undefined;
    if (current.size === 1 && current.has(value)) {
      const shown = `${shownTag(key)} is already ${shownTag(value)} on ${target}. Nothing was sent.`;
      void vscode.window.showInformationMessage(notificationText(shown));
      return shown;
    }

    const withSnapshots = await askSnapshots(subjects, TITLE);
    if (withSnapshots === undefined) return undefined;
    return applyTagChange(ctx, subjects, { set: { [key]: value } }, withSnapshots, `Setting ${shownTag(key)} on ${target}…`);
  },
});
