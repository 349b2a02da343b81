/** Copy Image ID: the ids of the clicked or selected images, one a line. */
import * as vscode from 'vscode';
import { plural } from '../../model/format';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveImages } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.copyId,
  title: 'Copy Image ID',
  async run(ctx, node?: unknown, selected?: unknown) {
    const targets = await resolveImages(ctx, node, selected, { useViewSelection: true, pickTitle: 'Copy Image ID' });
    if (!targets) return undefined;
    const ids = targets.map((t) => t.ref.imageId);
    const text = ids.join('\n');
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(ids.length === 1 ? `Copied ${ids[0]}` : `Copied ${plural(ids.length, 'image ID')}`, 3000);
    return text;
  },
});
