/**
 * The image JSON documents (amiexplorer-json:): the content provider, loading through
 * src/data/inspectData.ts, and its part of the change flow (open documents of a changed image
 * reload; those of a removed image say so).
 */
import * as vscode from 'vscode';
import { loadImageDocument } from '../data/inspectData';
import type { ExtensionServices } from '../services';
import { IMAGE_JSON_SCHEME, ImageJsonProvider } from './imageJsonProvider';

export function registerImageDocuments(services: ExtensionServices): ImageJsonProvider {
  const documents = new ImageJsonProvider((ref, signal, image) => loadImageDocument(services, ref, signal, image));
  services.context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_JSON_SCHEME, documents),
    services.onDidChangeImage((change) =>
      documents.applyChange(
        change,
        vscode.workspace.textDocuments.map((d) => d.uri).filter((u) => u.scheme === IMAGE_JSON_SCHEME),
      ),
    ),
  );
  return documents;
}
