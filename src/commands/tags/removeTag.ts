/**
 * Remove Tag…: removes tags (several keys at once, picked among the image's tags — for several
 * images, the keys all of them have) from one or more owned images, and optionally from their
 * snapshots. No modal: the pick names the keys and values removed (a key the details panel named
 * is ticked already, so a click in the panel still shows what goes), and the progress and the
 * result name them again.
 */
import * as vscode from 'vscode';
import { commonTagKeys, shownTag } from '../../model/tagRules';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { applyTagChange, askSnapshots, keyFromPanel, resolveTagSubjects, subjectsText, tagKeyArg, tagKeyItems } from './common';

const TITLE = 'Remove Tag';

export default defineCommand({
  id: COMMAND_IDS.removeTag,
  title: TITLE,
  async run(ctx, node?: unknown, second?: unknown): Promise<string | undefined> {
    const presetKey = tagKeyArg(second);
    const subjects = await resolveTagSubjects(ctx, node, second, TITLE);
    if (!subjects || subjects.length === 0) return undefined;
    const target = subjectsText(subjects);
    const preset = presetKey !== undefined ? keyFromPanel(subjects, presetKey) : undefined;

    const keys = commonTagKeys(subjects.map((s) => (s.image.tags ?? {})));
    if (keys.length === 0) {
      const shown = subjects.length === 1 ? `${target} has no tag to remove.` : `No tag key is on all of ${target}.`;
      void vscode.window.showInformationMessage(notificationText(shown));
      return shown;
    }
    const items = tagKeyItems(subjects, keys, preset);
    const picked = await vscode.window.showQuickPick(items, {
      title: `${TITLE} from ${target}`,
      placeHolder: 'Tags to remove (the ticked ones are removed)',
      canPickMany: true,
      ignoreFocusOut: true,
    });
    if (!picked || picked.length === 0) return undefined;
    const removed = picked.map((p) => p.key);

    const withSnapshots = await askSnapshots(subjects, TITLE);
    if (withSnapshots === undefined) return undefined;
    return applyTagChange(ctx, subjects, { remove: removed }, withSnapshots, `Removing ${removed.map(shownTag).join(', ')} from ${target}…`);
  },
});
