/**
 * The second step of activation (src/extension.ts): the services (settings and their listeners)
 * and a thin stub for everything the first paint does not need (every command id, the panels'
 * serializers, the image JSON scheme). Registered in the host's turn after activate() returns and
 * before the activation resolves; bundled apart (dist/registrations.js) so that the activate call
 * VS Code times loads only the view's few lines. The first use of any stub loads the features
 * bundle (src/features.ts → dist/features.js); the view's first fetch also loads the service
 * layer (the SDK, services.aws()).
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_IDS } from './commands/ids';
import { IMAGE_JSON_SCHEME } from './documents/scheme';
import type { AmiExplorerApi } from './api';
import type { Features } from './features';
import { loadFeatures } from './featuresLoader';
import { ExtensionServicesImpl } from './services';
import type { TreeViewRegistration } from './tree/registerTree';
import { RESTORED_VIEW_TYPES } from './webviews/viewTypes';

export interface Registrations {
  readonly services: ExtensionServicesImpl;
  /** The features bundle, loaded (and the view's provider attached) on the first call. */
  features(): Features;
  readonly api: AmiExplorerApi;
}

export function register(context: vscode.ExtensionContext, tree: TreeViewRegistration): Registrations {
  const services = new ExtensionServicesImpl(context);
  const documentChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(services, documentChanged);

  let loaded: Features | undefined;
  const features = (): Features => {
    if (!loaded) {
      loaded = loadFeatures().createFeatures({ services, view: tree.view });
      tree.attach(loaded.tree.provider, loaded.describeView);
      context.subscriptions.push(loaded.onDidChangeDocument((uri) => documentChanged.fire(uri)));
    }
    return loaded;
  };

  for (const id of Object.values(COMMAND_IDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => features().run(id, args)));
  }
  for (const viewType of RESTORED_VIEW_TYPES) {
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(viewType, {
        deserializeWebviewPanel: async (panel, state: unknown) => features().revive(viewType, panel, state),
      }),
    );
  }
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(IMAGE_JSON_SCHEME, {
      onDidChange: documentChanged.event,
      provideTextDocumentContent: (uri, token) => features().provideDocument(uri, token),
    }),
  );

  const loadedByActivation = { serviceLayer: isLoaded('aws.js'), features: isLoaded('features.js') };
  const api: AmiExplorerApi = {
    get tree() {
      return features().tree.provider;
    },
    view: tree.view,
    get writes() {
      return features().commands.writes;
    },
    loadedByActivation,
    detailsPanel: (ref) => loaded?.detailsPanel(ref),
    catalogPanel: () => loaded?.catalogPanel(),
  };
  return { services, features, api };
}

/** Whether a bundle next to this one (dist/<file>) is in Node's module cache. */
function isLoaded(file: string): boolean {
  return require.cache[join(__dirname, file)] !== undefined;
}
