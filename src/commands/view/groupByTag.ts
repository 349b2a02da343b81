/** Group by Tag…: groups each region's images by a tag key seen on loaded images. A string argument sets it ('' for none). */
import * as vscode from 'vscode';
import { Keys } from '../../config';
import { tagKeysOf } from '../../model/grouping';
import { pickText } from '../../model/text';
import { updateSetting } from '../../util/settings';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

/**
 * Picks the tag key to group by from the keys seen on loaded images. A string argument sets it
 * directly ('' for no grouping).
 */
export default defineCommand({
  id: COMMAND_IDS.groupByTag,
  title: 'Group by Tag',
  async run(ctx, key?: unknown) {
      if (typeof key === 'string') {
        await updateSetting(Keys.groupByTag, key.trim());
        return;
      }
      const current = ctx.services.settings().groupByTag;
      const keys = tagKeysOf(ctx.tree.provider.loadedImages());
      if (current && !keys.includes(current)) keys.unshift(current);
      type KeyItem = vscode.QuickPickItem & { key: string };
      const items: KeyItem[] = [
        { key: '', label: 'None', description: current ? undefined : 'current', detail: 'Images newest first, without groups' },
        // Tag keys are written by strangers: one visible line that draws no icon.
        ...keys.map((k) => ({ key: k, label: pickText(k) || '(empty key)', description: k === current ? 'current' : undefined })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Group by Tag',
        placeHolder: keys.length > 0 ? 'Tag key to group the images of each region by' : 'No tags on the loaded images yet',
      });
      if (!picked) return;
      await updateSetting(Keys.groupByTag, picked.key);
  },
});
