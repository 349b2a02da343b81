/** Open as JSON: the image's read-only JSON document (DescribeImages record and every attribute). */
import * as vscode from 'vscode';
import { imageJsonUri } from '../../documents/imageJsonProvider';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.openJson,
  title: 'Open as JSON',
  async run(ctx, node?: unknown): Promise<vscode.Uri | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Open AMI as JSON' });
    if (!target) return undefined;
    const uri = imageJsonUri(target.ref);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) ctx.documents.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  },
});
