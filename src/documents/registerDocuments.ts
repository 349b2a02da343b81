/**
 * The image JSON documents (amiexplorer-json:): the content provider, loading through
 * src/data/inspectData.ts, and its part of the change flow (open documents of a changed image
 * reload; those of a removed image say so). activate() registers the scheme with a stub that
 * hands reads to this provider once the features bundle is loaded (src/features.ts).
 */
import * as vscode from 'vscode';
import { loadImageDocument } from '../data/inspectData';
import type { ExtensionServices } from '../services';
import { IMAGE_JSON_SCHEME, ImageJsonProvider } from './imageJsonProvider';

export function createImageDocuments(services: ExtensionServices): ImageJsonProvider {
  const documents = new ImageJsonProvider((ref, signal, image) => loadImageDocument(services, ref, signal, image));
  services.context.subscriptions.push(
    documents,
    services.onDidChangeImage((change) =>
      documents.applyChange(
        change,
        vscode.workspace.textDocuments.map((d) => d.uri).filter((u) => u.scheme === IMAGE_JSON_SCHEME),
      ),
    ),
  );
  return documents;
}
