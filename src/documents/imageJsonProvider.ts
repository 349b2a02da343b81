/**
 * Read-only JSON documents of images under the `amiexplorer-json` scheme:
 *   amiexplorer-json:/<region>/<imageId>.json[?profile=P]          DescribeImages record + attributes
 *   amiexplorer-json:/<region>/<imageId>.compare.json[?profile=P]  the normalized form compare diffs
 * The `.json` ending gives the JSON language mode. URIs are parsed strictly: anyone can write a
 * link with this scheme, so nothing but a valid region, image id and profile reaches AWS.
 */
import * as vscode from 'vscode';
import { concerns, type ImageChange } from '../model/changes';
import type { AmiImage, AmiRef } from '../model/image';
import { buildImageDocument, normalizeForCompare, stableStringify } from '../model/normalize';
import { describeFailure, type Result } from '../model/result';
import { isImageId, isProfileName, isRegionName } from '../webviews/guards';
import type { ImageDocumentData } from '../data/inspectData';
import { IMAGE_JSON_SCHEME } from './scheme';

export { IMAGE_JSON_SCHEME };

export type ImageJsonView = 'full' | 'compare';

export function imageJsonUri(ref: AmiRef, view: ImageJsonView = 'full'): vscode.Uri {
  const file = view === 'compare' ? `${ref.imageId}.compare.json` : `${ref.imageId}.json`;
  const query = ref.profile !== undefined ? new URLSearchParams({ profile: ref.profile }).toString() : '';
  return vscode.Uri.from({ scheme: IMAGE_JSON_SCHEME, path: `/${ref.region}/${file}`, query });
}

export function parseImageJsonUri(uri: vscode.Uri): { ref: AmiRef; view: ImageJsonView } | undefined {
  if (uri.scheme !== IMAGE_JSON_SCHEME) return undefined;
  const m = /^\/([^/]+)\/([^/]+?)(\.compare)?\.json$/.exec(uri.path);
  if (!m || !isRegionName(m[1]) || !isImageId(m[2])) return undefined;
  const params = new URLSearchParams(uri.query);
  const profile = params.get('profile') ?? undefined;
  if (profile !== undefined && !isProfileName(profile)) return undefined;
  if ([...params.keys()].some((k) => k !== 'profile')) return undefined;
  const ref: AmiRef = { region: m[1], imageId: m[2], ...(profile !== undefined ? { profile } : {}) };
  return { ref, view: m[3] ? 'compare' : 'full' };
}

/**
 * Loads a document's data; `signal` aborts when VS Code no longer wants the content. `image`: the
 * image as a write just re-read it, so it is not described again.
 */
export type ImageDocumentLoader = (ref: AmiRef, signal: AbortSignal, image?: AmiImage) => Promise<Result<ImageDocumentData>>;

export class ImageJsonProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Per open document (URI string): the image a write re-read, used by its next load only. */
  private readonly reread = new Map<string, AmiImage>();
  /** Open documents (URI strings) whose image a write removed. */
  private readonly removed = new Set<string>();

  constructor(private readonly loadDocument: ImageDocumentLoader) {}

  /**
   * The change flow: open documents of the image named reload (an update, from the re-read image
   * and its attributes) or say that the image is gone (a removal). Others are left alone.
   */
  applyChange(change: ImageChange, open: readonly vscode.Uri[]): void {
    if (change.kind === 'added') return;
    for (const uri of open) {
      const parsed = parseImageJsonUri(uri);
      if (!parsed || !concerns(change, parsed.ref)) continue;
      const key = uri.toString();
      if (change.kind === 'removed') {
        this.removed.add(key);
        this.reread.delete(key);
      } else {
        this.removed.delete(key);
        this.reread.set(key, change.image);
      }
      this.changed.fire(uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<string> {
    const parsed = parseImageJsonUri(uri);
    if (!parsed) return `${JSON.stringify({ error: 'Not an AMI Explorer image document.' }, null, 2)}\n`;
    const controller = new AbortController();
    if (token?.isCancellationRequested) controller.abort();
    const cancellation = token?.onCancellationRequested(() => controller.abort());
    const key = uri.toString();
    if (this.removed.has(key)) {
      const { imageId, region } = parsed.ref;
      return `${JSON.stringify({ error: `Image ${imageId} was deregistered, or is no longer visible in ${region}.`, imageId, region }, null, 2)}\n`;
    }
    const known = this.reread.get(key);
    this.reread.delete(key);
    let r: Result<ImageDocumentData>;
    try {
      r = await this.loadDocument(parsed.ref, controller.signal, known);
    } finally {
      cancellation?.dispose();
    }
    if (!r.ok) return `${JSON.stringify({ error: describeFailure(r.error), imageId: parsed.ref.imageId, region: parsed.ref.region }, null, 2)}\n`;
    const input = { image: r.value.image, attributes: r.value.attributes, unavailable: r.value.unavailable };
    return parsed.view === 'compare' ? stableStringify(normalizeForCompare(input)) : `${JSON.stringify(buildImageDocument(input), null, 2)}\n`;
  }

  /** Makes open documents for `uri` load again (from EC2). */
  refresh(uri: vscode.Uri): void {
    this.removed.delete(uri.toString());
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
