/**
 * The one selection resolver of every image command. What a command acts on comes from, in order:
 *  1. the clicked tree node, or every selected image when the clicked one is part of a
 *     multi-selection (VS Code passes the clicked node and the selection);
 *  2. another image reference a caller passed: an AmiRef (panels, other commands, tests), an
 *     object with toRef(), or an image JSON document's URI;
 *  3. from the palette (no argument): the images selected in the view, for commands that say so;
 *  4. else a picker (profile, region, image), for commands that offer one.
 */
import * as vscode from 'vscode';
import { IMAGE_JSON_SCHEME, parseImageJsonUri } from '../documents/imageJsonProvider';
import { sameRef, type AmiImage, type AmiRef } from '../model/image';
import { ImageNode } from '../tree/imageNode';
import { pickImage } from '../ui/pickImage';
import { isAmiRef, isRecord } from '../webviews/guards';
import type { CommandContext } from './context';
import { CommandError } from './errors';

/** One image a command acts on. `image`: the image as a tree node holds it (no need to describe it again). */
export interface ImageTarget {
  readonly ref: AmiRef;
  readonly image?: AmiImage;
  readonly node?: ImageNode;
}

export interface SelectionOptions {
  /** From the palette: act on the images selected in the view (when any). */
  readonly useViewSelection?: boolean;
  /** From the palette: the title of the image picker offered (else: no picker). */
  readonly pickTitle?: string;
}

/** An image reference from whatever a command was given: a tree node, an AmiRef, or a JSON document URI. */
export function toAmiRef(arg: unknown): AmiRef | undefined {
  let candidate: unknown = arg;
  if (arg instanceof vscode.Uri) return arg.scheme === IMAGE_JSON_SCHEME ? parseImageJsonUri(arg)?.ref : undefined;
  if (isRecord(arg) && typeof arg.toRef === 'function') candidate = (arg.toRef as () => unknown).call(arg);
  if (!isAmiRef(candidate)) return undefined;
  return { region: candidate.region, imageId: candidate.imageId, ...(candidate.profile !== undefined ? { profile: candidate.profile } : {}) };
}

function fromNode(node: ImageNode): ImageTarget {
  return { ref: node.toRef(), image: node.image, node };
}

/**
 * The images a command acts on (never empty), or undefined when the person cancelled the picker.
 * Throws a CommandError naming the next step when there is nothing to act on.
 */
export async function resolveImages(ctx: CommandContext, node: unknown, selected: unknown, options: SelectionOptions = {}): Promise<ImageTarget[] | undefined> {
  if (node instanceof ImageNode) {
    const many = Array.isArray(selected) ? selected.filter((n): n is ImageNode => n instanceof ImageNode) : [];
    return many.length > 1 && many.includes(node) ? many.map(fromNode) : [fromNode(node)];
  }
  if (node !== undefined) {
    const ref = toAmiRef(node);
    if (!ref) throw new CommandError('This command needs an AMI.', 'Run it on an image in the AMI Explorer view, or from the Command Palette.');
    return [{ ref }];
  }
  if (options.useViewSelection) {
    const fromView = ctx.tree.view.selection.filter((n): n is ImageNode => n instanceof ImageNode);
    if (fromView.length > 0) return fromView.map(fromNode);
  }
  if (options.pickTitle) {
    const ref = await pickImage(ctx.services, options.pickTitle);
    return ref ? [{ ref }] : undefined;
  }
  throw new CommandError('No image is selected.', 'Select an image in the AMI Explorer view first.');
}

/** One image: the first target (a multi-selection is not for single-image commands). */
export async function resolveImage(ctx: CommandContext, node: unknown, options: SelectionOptions = {}): Promise<ImageTarget | undefined> {
  return (await resolveImages(ctx, node, undefined, options))?.[0];
}

/** Distinct targets, in order (the same image selected twice counts once). */
export function distinct(targets: readonly ImageTarget[]): ImageTarget[] {
  return targets.filter((t, i) => targets.findIndex((o) => sameRef(o.ref, t.ref)) === i);
}
