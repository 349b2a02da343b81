/**
 * Inspecting AMIs: the details panel, the read-only JSON document, comparing two images and the
 * "Copy as…" snippets. Each command works from a tree node (or the nodes selected with it), from
 * a plain AmiRef (other features, tests) and from the palette (an image picker).
 */
import * as vscode from 'vscode';
import { IMAGE_JSON_SCHEME, ImageJsonProvider, imageJsonUri, parseImageJsonUri } from '../documents/imageJsonProvider';
import type { DetailsModel } from '../model/details';
import type { AmiImage, AmiRef } from '../model/image';
import { SNIPPET_KINDS, buildSnippet, isSnippetKind, type SnippetImage, type SnippetKind } from '../model/snippets';
import type { ExtensionServices } from '../services';
import { ImageNode } from '../tree/imageNode';
import { DetailsPanel, type DetailsPanelHost } from '../webviews/details/detailsPanel';
import { isAmiRef, isRecord } from '../webviews/guards';
import { CommandError, fromFailure } from './commandErrors';
import { wrapCommand, type CommandContext } from './registerCommands';
import { loadDetails, loadImageDocument } from './inspectData';
import { pickImage } from './pickImage';

export const INSPECT_COMMANDS = {
  inspect: 'amiExplorer.ami.inspect',
  openJson: 'amiExplorer.ami.openJson',
  compare: 'amiExplorer.ami.compare',
  copyAs: 'amiExplorer.ami.copyAs',
} as const;

/** An image reference from whatever a command was given: a tree node, an AmiRef or a JSON document URI. */
export function toAmiRef(arg: unknown): AmiRef | undefined {
  let candidate: unknown = arg;
  if (isRecord(arg) && typeof arg.toRef === 'function') candidate = (arg.toRef as () => unknown).call(arg);
  else if (arg instanceof vscode.Uri) return arg.scheme === IMAGE_JSON_SCHEME ? parseImageJsonUri(arg)?.ref : undefined;
  if (!isAmiRef(candidate)) return undefined;
  return { region: candidate.region, imageId: candidate.imageId, ...(candidate.profile !== undefined ? { profile: candidate.profile } : {}) };
}

/** The image a tree node already holds, so "Copy as" needs no request. */
function imageOf(arg: unknown): AmiImage | undefined {
  if (!isRecord(arg) || !isRecord(arg.image)) return undefined;
  const image = arg.image as Partial<AmiImage>;
  return typeof image.imageId === 'string' && typeof image.region === 'string' ? (image as AmiImage) : undefined;
}

/** The images of a multi-selection (VS Code passes the clicked node and the selected ones). */
function selectionRefs(node: unknown, selected: unknown): AmiRef[] {
  const list = Array.isArray(selected) && selected.length > 0 ? selected : [node];
  return list.map(toAmiRef).filter((r): r is AmiRef => r !== undefined);
}

function sameRef(a: AmiRef, b: AmiRef): boolean {
  return a.imageId === b.imageId && a.region === b.region && a.profile === b.profile;
}

class InspectCommands {
  readonly documents: ImageJsonProvider;
  readonly host: DetailsPanelHost;

  constructor(private readonly services: ExtensionServices) {
    this.documents = new ImageJsonProvider((ref, signal) => loadImageDocument(services, ref, signal));
    this.host = {
      extensionUri: services.context.extensionUri,
      log: services.log,
      load: (ref, signal, image) => loadDetails(services, ref, signal, image),
      // Through the commands, so a failure is shown to the person like any other.
      openJson: (ref) => vscode.commands.executeCommand(INSPECT_COMMANDS.openJson, ref),
      copyAs: (ref) => vscode.commands.executeCommand(INSPECT_COMMANDS.copyAs, ref),
      inspect: (ref) => vscode.commands.executeCommand(INSPECT_COMMANDS.inspect, ref),
      onDidChangeImage: services.onDidChangeImage,
    };
  }

  private async target(arg: unknown, title: string): Promise<AmiRef | undefined> {
    if (arg === undefined) return pickImage(this.services, title);
    const ref = toAmiRef(arg);
    if (!ref) throw new CommandError('This command needs an AMI.', 'Run it on an image in the AMI Explorer view, or from the Command Palette.');
    return ref;
  }

  /**
   * Opens (or reveals) the details panel; resolves with the model shown once loaded. From a tree
   * node, the image the node holds is shown without describing it again (Refresh does).
   */
  async inspect(arg?: unknown): Promise<DetailsModel | undefined> {
    const ref = await this.target(arg, 'Inspect AMI');
    if (!ref) return undefined;
    return DetailsPanel.show(this.host, ref, arg instanceof ImageNode ? arg.image : undefined).whenLoaded();
  }

  /** Opens the image's JSON document; resolves with its URI. */
  async openJson(arg?: unknown): Promise<vscode.Uri | undefined> {
    const ref = await this.target(arg, 'Open AMI as JSON');
    if (!ref) return undefined;
    const uri = imageJsonUri(ref);
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.documents.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  }

  /** Diffs two images' normalized JSON; resolves with the two URIs. */
  async compare(node?: unknown, selected?: unknown): Promise<[vscode.Uri, vscode.Uri] | undefined> {
    let refs = node === undefined ? [] : selectionRefs(node, selected);
    refs = refs.filter((r, i) => refs.findIndex((o) => sameRef(o, r)) === i);
    if (node === undefined) {
      const first = await pickImage(this.services, 'Compare AMIs (1 of 2)');
      if (!first) return undefined;
      const second = await pickImage(this.services, 'Compare AMIs (2 of 2)');
      if (!second) return undefined;
      refs = [first, second];
    }
    const [left, right] = refs;
    if (refs.length !== 2 || !left || !right) {
      throw new CommandError(`Select exactly two images to compare (${refs.length} selected).`, 'Ctrl/Cmd-click a second image in the AMI Explorer view.');
    }
    const leftUri = imageJsonUri(left, 'compare');
    const rightUri = imageJsonUri(right, 'compare');
    for (const uri of [leftUri, rightUri]) if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.documents.refresh(uri);
    const label = (r: AmiRef): string => (r.region === left.region && r.region === right.region ? r.imageId : `${r.imageId} (${r.region})`);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, `${label(left)} ↔ ${label(right)}`, { preview: false });
    return [leftUri, rightUri];
  }

  /**
   * Copies a snippet for the image to the clipboard. The second argument may name the snippet kind
   * (skipping the quick pick); from a tree menu it is the selection, which is ignored.
   */
  async copyAs(node?: unknown, kindArg?: unknown): Promise<string | undefined> {
    const ref = await this.target(node, 'Copy AMI as');
    if (!ref) return undefined;
    let kind: SnippetKind | undefined = isSnippetKind(kindArg) ? kindArg : undefined;
    if (!kind) {
      const picked = await vscode.window.showQuickPick(
        SNIPPET_KINDS.map((k) => ({ label: k.label, detail: k.detail, snippet: k.kind })),
        { title: `Copy ${ref.imageId} as…`, placeHolder: 'Snippet to copy' },
      );
      if (!picked) return undefined;
      kind = picked.snippet;
    }
    let image: SnippetImage | undefined = imageOf(node);
    if (!image || image.imageId !== ref.imageId) {
      const r = await this.services.aws().images(ref.profile).getImage(ref.region, ref.imageId);
      if (!r.ok) throw fromFailure(r.error);
      image = r.value;
    }
    const text = buildSnippet(kind, image);
    await vscode.env.clipboard.writeText(text);
    const label = SNIPPET_KINDS.find((k) => k.kind === kind)?.label ?? kind;
    vscode.window.setStatusBarMessage(`Copied ${label} snippet for ${ref.imageId}`, 4000);
    return text;
  }
}

/** Registers the inspect commands, the JSON document provider and the panel serializer. */
export function registerInspect(ctx: CommandContext): void {
  const commands = new InspectCommands(ctx.services);
  // Failures are logged and shown by the same wrapper as every other command's.
  const register = (id: string, title: string, run: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, wrapCommand(ctx, id, { title, run: (_ctx, ...args) => run(...args) }));
  ctx.services.context.subscriptions.push(
    commands.documents,
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_JSON_SCHEME, commands.documents),
    DetailsPanel.registerSerializer(commands.host),
    register(INSPECT_COMMANDS.inspect, 'Inspect AMI', (node) => commands.inspect(node)),
    register(INSPECT_COMMANDS.openJson, 'Open as JSON', (node) => commands.openJson(node)),
    register(INSPECT_COMMANDS.compare, 'Compare AMIs', (node, selected) => commands.compare(node, selected)),
    register(INSPECT_COMMANDS.copyAs, 'Copy as', (node, kind) => commands.copyAs(node, kind)),
  );
  // Clicking an image in the tree opens its details.
  ImageNode.clickCommand = INSPECT_COMMANDS.inspect;
}
