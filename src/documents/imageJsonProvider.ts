/**
 * Read-only JSON documents of images under the `amiexplorer-json` scheme:
 *   amiexplorer-json:/<region>/<imageId>.json[?profile=P]          DescribeImages record + attributes
 *   amiexplorer-json:/<region>/<imageId>.compare.json[?profile=P]  the normalized form compare diffs
 * The `.json` ending gives the JSON language mode. URIs are parsed strictly: anyone can write a
 * link with this scheme, so nothing but a valid region, image id and profile reaches AWS.
 */
import * as vscode from 'vscode';
import type { AmiRef } from '../model/image';
import { buildImageDocument, normalizeForCompare, stableStringify } from '../model/normalize';
import { describeFailure, type Result } from '../model/result';
import { isImageId, isProfileName, isRegionName } from '../webviews/guards';
import type { ImageDocumentData } from '../commands/inspectData';

export const IMAGE_JSON_SCHEME = 'amiexplorer-json';

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

/** Loads a document's data; `signal` aborts when VS Code no longer wants the content. */
export type ImageDocumentLoader = (ref: AmiRef, signal: AbortSignal) => Promise<Result<ImageDocumentData>>;

export class ImageJsonProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly loadDocument: ImageDocumentLoader) {}

  async provideTextDocumentContent(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<string> {
    const parsed = parseImageJsonUri(uri);
    if (!parsed) return `${JSON.stringify({ error: 'Not an AMI Explorer image document.' }, null, 2)}\n`;
    const controller = new AbortController();
    if (token?.isCancellationRequested) controller.abort();
    const cancellation = token?.onCancellationRequested(() => controller.abort());
    let r: Result<ImageDocumentData>;
    try {
      r = await this.loadDocument(parsed.ref, controller.signal);
    } finally {
      cancellation?.dispose();
    }
    if (!r.ok) return `${JSON.stringify({ error: describeFailure(r.error), imageId: parsed.ref.imageId, region: parsed.ref.region }, null, 2)}\n`;
    const input = { image: r.value.image, attributes: r.value.attributes, unavailable: r.value.unavailable };
    return parsed.view === 'compare' ? stableStringify(normalizeForCompare(input)) : `${JSON.stringify(buildImageDocument(input), null, 2)}\n`;
  }

  /** Makes open documents for `uri` load again. */
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
