/** Compare AMIs: diffs two images' normalized JSON (two selected nodes, or two pickers from the palette). */
import * as vscode from 'vscode';
import { imageJsonUri } from '../../documents/imageJsonProvider';
import type { AmiRef } from '../../model/image';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { distinct, resolveImage, resolveImages } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.compare,
  title: 'Compare AMIs',
  async run(ctx, node?: unknown, selected?: unknown): Promise<[vscode.Uri, vscode.Uri] | undefined> {
    let refs: AmiRef[];
    if (node === undefined) {
      const first = await resolveImage(ctx, undefined, { pickTitle: 'Compare AMIs (1 of 2)' });
      if (!first) return undefined;
      const second = await resolveImage(ctx, undefined, { pickTitle: 'Compare AMIs (2 of 2)' });
      if (!second) return undefined;
      refs = [first.ref, second.ref];
    } else {
      refs = distinct((await resolveImages(ctx, node, selected)) ?? []).map((t) => t.ref);
    }
    const [left, right] = refs;
    if (refs.length !== 2 || !left || !right) {
      throw new CommandError(`Select exactly two images to compare (${refs.length} selected).`, 'Ctrl/Cmd-click a second image in the AMI Explorer view.');
    }
    const leftUri = imageJsonUri(left, 'compare');
    const rightUri = imageJsonUri(right, 'compare');
    for (const uri of [leftUri, rightUri]) if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) ctx.documents.refresh(uri);
    const label = (r: AmiRef): string => (r.region === left.region && r.region === right.region ? r.imageId : `${r.imageId} (${r.region})`);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, `${label(left)} ↔ ${label(right)}`, { preview: false });
    return [leftUri, rightUri];
  },
});
