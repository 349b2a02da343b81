/**
 * Composition root, kept to registrations: the services (settings), the Images view over a
 * delegating provider, and thin stubs for everything else (every command id, the panels'
 * serializers, the image JSON scheme). The first use of any of them loads the features bundle
 * (src/features.ts → dist/features.js: the tree's provider and nodes, command implementations,
 * panel hosts, documents); the view's first fetch also loads the service layer (the SDK,
 * services.aws()). activate() loads neither: `loadedByActivation` in the returned API says what
 * it had loaded, for the in-editor test.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS } from './commands/ids';
import type { ImageWrites } from './data/imageWrites';
import { IMAGE_JSON_SCHEME } from './documents/scheme';
import type { Features } from './features';
import { loadFeatures } from './featuresLoader';
import type { AmiRef } from './model/image';
import { ExtensionServicesImpl } from './services';
import type { AmiTreeProvider } from './tree/amiTreeProvider';
import { registerTreeView } from './tree/registerTree';
import type { TreeNode } from './tree/treeNode';
import type { CatalogPanel } from './webviews/catalog/catalogPanel';
import type { DetailsPanel } from './webviews/details/detailsPanel';
import { RESTORED_VIEW_TYPES } from './webviews/viewTypes';

/** What activate() returns: a small handle for the in-editor tests. */
export interface AmiExplorerApi {
  /** The tree's provider (loads the features bundle). */
  readonly tree: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /** The write wrapper every command and panel uses (each write announces its change); loads the features bundle. */
  readonly writes: ImageWrites;
  /** Which lazy bundles were loaded when activate() returned (both must be false). */
  readonly loadedByActivation: { readonly serviceLayer: boolean; readonly features: boolean };
  /** The details panel open for an image, if any: its model, the failure it shows, or that the image is gone. */
  detailsPanel(ref: AmiRef): Pick<DetailsPanel, 'model' | 'error' | 'gone'> | undefined;
  // catalog (issue #11): the open catalog panel, if any (its model, and its actions as the page asks them).
  catalogPanel(): Pick<CatalogPanel, 'model' | 'error' | 'where' | 'whenLoaded' | 'reload' | 'search' | 'more' | 'select' | 'copyId' | 'copyParameter' | 'imageAction'> | undefined;
}

export function activate(context: vscode.ExtensionContext): AmiExplorerApi {
  const services = new ExtensionServicesImpl(context);
  context.subscriptions.push(services);

  let features: Features | undefined;
  const documentChanged = new vscode.EventEmitter<vscode.Uri>();
  const tree = registerTreeView(services, () => load());
  const load = (): Features => {
    if (!features) {
      features = loadFeatures().createFeatures({ services, view: tree.view });
      tree.attach(features.tree.provider, features.describeView);
      context.subscriptions.push(features.onDidChangeDocument((uri) => documentChanged.fire(uri)));
    }
    return features;
  };

  for (const id of Object.values(COMMAND_IDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => load().run(id, args)));
  }
  for (const viewType of RESTORED_VIEW_TYPES) {
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: async (panel, state: unknown) => load().revive(viewType, panel, state),
      }),
    );
  }
  context.subscriptions.push(
    documentChanged,
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_JSON_SCHEME, {
      onDidChange: documentChanged.event,
      provideTextDocumentContent: (uri, token) => load().provideDocument(uri, token),
    }),
  );

  const loadedByActivation = { serviceLayer: isLoaded('aws.js'), features: isLoaded('features.js') };
  return {
    get tree() {
      return load().tree.provider;
    },
    view: tree.view,
    get writes() {
      return load().commands.writes;
    },
    loadedByActivation,
    detailsPanel: (ref) => features?.detailsPanel(ref),
    catalogPanel: () => features?.catalogPanel(),
  };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}

/** Whether a bundle next to this one (dist/<file>) is in Node's module cache. */
function isLoaded(file: string): boolean {
  return require.cache[join(__dirname, file)] !== undefined;
}
