/**
 * Find Usage: what in this account and region refers to an owned image (DescribeImageReferences:
 * instances, launch templates, SSM parameters, Image Builder recipes), one item per reference,
 * with its last launched time as the header; a reference offers Copy ID, Copy ARN and Open in
 * Console. From an owned image node, the details panel, or the palette.
 */
import * as vscode from 'vscode';
import { lastLaunchedText, noReferencesText, referenceRows, referencesTitle, type ReferenceRow } from '../../model/usage';
import { notificationText, pickText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { valueOf, withProgress } from '../permissions/common';
import { resolveImage } from '../selection';

type RowItem = vscode.QuickPickItem & { row: ReferenceRow };
type ActionItem = vscode.QuickPickItem & { action: 'copyId' | 'copyArn' | 'open' };

export default defineCommand({
  id: COMMAND_IDS.findUsage,
  title: 'Find Usage',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Find Usage' });
    if (!target) return undefined;
    const { ref } = target;
    const usage = ctx.services.aws().usage(ref.profile);
    const images = ctx.services.aws().images(ref.profile);
    const found = await withProgress(`Finding what uses ${ref.imageId}…`, async (signal) => {
      const [refs, launched] = await Promise.all([usage.listImageReferences(ref.region, [ref.imageId], signal), images.getImageAttribute(ref.region, ref.imageId, 'lastLaunchedTime', signal)]);
      return { refs, launched };
    });
    const refs = valueOf(found.refs);
    if (!refs) return undefined;
    // The last launched time is the owner's to read: without it the header says it is unknown.
    const header = found.launched.ok ? lastLaunchedText(found.launched.value.value, new Date()) : `Last launched: unknown (${found.launched.error.message})`;
    if (refs.length === 0) {
      const text = notificationText(`${noReferencesText(ref.imageId, ref.region)} ${header}`);
      void vscode.window.showInformationMessage(text);
      return text;
    }
    const items: RowItem[] = referenceRows(refs, ref.region).map((row) => ({ row, label: row.label, description: row.description, detail: pickText(row.arn) }));
    const picked = await vscode.window.showQuickPick(items, { title: referencesTitle(ref.imageId, ref.region, refs), placeHolder: header, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
    if (!picked) return undefined;
    const { row } = picked;
    const actions: ActionItem[] = [
      { action: 'copyId', label: '$(copy) Copy ID', description: pickText(row.id) },
      { action: 'copyArn', label: '$(copy) Copy ARN' },
      ...(row.consoleUrl ? [{ action: 'open' as const, label: '$(link-external) Open in AWS Console' }] : []),
    ];
    const action = await vscode.window.showQuickPick(actions, { title: `${row.kindLabel} ${pickText(row.id)}`, ignoreFocusOut: true });
    if (!action) return undefined;
    if (action.action === 'open' && row.consoleUrl) {
      await vscode.env.openExternal(vscode.Uri.parse(row.consoleUrl, true));
      return row.consoleUrl;
    }
    const text = action.action === 'copyId' ? row.id : row.arn;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${pickText(text)}`, 3000);
    return text;
  },
});
