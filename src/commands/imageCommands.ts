/** Copy an image's id or JSON, and open it in the AWS console. From the tree or, with an image selected, the palette. */
import * as vscode from 'vscode';
import { consoleUrl, plural } from '../model/format';
import { ImageNode } from '../tree/imageNode';
import { CommandError } from './commandErrors';
import type { CommandContext } from './registerCommands';

/** What targetImages needs: the tree view, for its selection (a CommandContext has it). */
export interface SelectionSource {
  readonly tree: { readonly view: { readonly selection: readonly unknown[] } };
}

/**
 * The one resolver of the images a command acts on, for every command that takes tree nodes: the
 * selection when the clicked node is part of a multi-selection (VS Code passes both), else the
 * clicked node, else the view's selection (palette). Throws a CommandError when there is none.
 */
function targetImages(ctx: SelectionSource, node: unknown, selected: unknown): ImageNode[] {
  const images = (list: readonly unknown[]): ImageNode[] => list.filter((n): n is ImageNode => n instanceof ImageNode);
  if (node instanceof ImageNode) {
    const many = Array.isArray(selected) ? images(selected) : [];
    return many.includes(node) && many.length > 1 ? many : [node];
  }
  const fromView = images(ctx.tree.view.selection);
  if (fromView.length > 0) return fromView;
  throw new CommandError('No image is selected.', 'Select an image in the AMI Explorer view first.');
}

export async function copyImageId(ctx: CommandContext, node?: unknown, selected?: unknown): Promise<string> {
  const ids = targetImages(ctx, node, selected).map((n) => n.image.imageId);
  const text = ids.join('\n');
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(ids.length === 1 ? `Copied ${ids[0]}` : `Copied ${ids.length} image IDs`, 3000);
  return text;
}

export async function copyImageJson(ctx: CommandContext, node?: unknown, selected?: unknown): Promise<string> {
  const images = targetImages(ctx, node, selected).map((n) => n.image);
  const text = JSON.stringify(images.length === 1 ? images[0] : images, null, 2);
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(images.length === 1 ? `Copied ${images[0]?.imageId} as JSON` : `Copied ${plural(images.length, 'image')} as JSON`, 3000);
  return text;
}

/** At most this many console tabs at once, however many images are selected. */
const MAX_TABS = 5;

export async function openImageInConsole(ctx: CommandContext, node?: unknown, selected?: unknown): Promise<string[]> {
  const urls: string[] = [];
  for (const n of targetImages(ctx, node, selected).slice(0, MAX_TABS)) {
    const url = consoleUrl(n.image.region, n.image.imageId);
    if (!url) throw new CommandError(`Cannot build a console URL for ${n.image.imageId} in ${n.image.region}.`);
    urls.push(url);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }
  return urls;
}
