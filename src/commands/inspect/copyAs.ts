/**
 * Copy as…: an AWS CLI, Terraform or CloudFormation snippet for the image. The second argument may
 * name the snippet kind (skipping the quick pick); from a tree menu it is the selection, ignored.
 */
import * as vscode from 'vscode';
import { SNIPPET_KINDS, buildSnippet, isSnippetKind, type SnippetImage, type SnippetKind } from '../../model/snippets';
import { defineCommand } from '../command';
import { fromFailure } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.copyAs,
  title: 'Copy as',
  async run(ctx, node?: unknown, kindArg?: unknown): Promise<string | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Copy AMI as' });
    if (!target) return undefined;
    const { ref } = target;
    let kind: SnippetKind | undefined = isSnippetKind(kindArg) ? kindArg : undefined;
    if (!kind) {
      const picked = await vscode.window.showQuickPick(
        SNIPPET_KINDS.map((k) => ({ label: k.label, detail: k.detail, snippet: k.kind })),
        { title: `Copy ${ref.imageId} as…`, placeHolder: 'Snippet to copy' },
      );
      if (!picked) return undefined;
      kind = picked.snippet;
    }
    let image: SnippetImage | undefined = target.image;
    if (!image) {
      const r = await ctx.services.aws().images(ref.profile).getImage(ref.region, ref.imageId);
      if (!r.ok) throw fromFailure(r.error);
      image = r.value;
    }
    const text = buildSnippet(kind, image);
    await vscode.env.clipboard.writeText(text);
    const label = SNIPPET_KINDS.find((k) => k.kind === kind)?.label ?? kind;
    vscode.window.setStatusBarMessage(`Copied ${label} snippet for ${ref.imageId}`, 4000);
    return text;
  },
});
