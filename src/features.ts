/**
 * The features bundle (dist/features.js): the tree's provider and nodes, every command
 * implementation, the panel hosts and the image JSON documents. activate() registers only thin
 * stubs (the view over a delegating provider, the command ids, the panel serializers, the document
 * scheme) that load this module on their first use through src/featuresLoader.ts: the view's
 * first fetch (which loads the service layer as well), a command, a panel restore or a document
 * read (scripts/build.mjs, "lazy bundles").
 */
import type * as vscode from 'vscode';
import { ALL_COMMANDS } from './commands/all';
import type { CommandContext } from './commands/context';
import { wrapCommand } from './commands/register';
import { ImageWrites } from './data/imageWrites';
import { createImageDocuments } from './documents/registerDocuments';
import type { AmiRef } from './model/image';
import type { ExtensionServices } from './services';
import { viewDescription } from './model/viewDescription';
import { AmiTreeProvider } from './tree/amiTreeProvider';
import { createTree, type AmiTree } from './tree/registerTree';
import type { TreeNode } from './tree/treeNode';
import { CATALOG_VIEW_TYPE } from './webviews/catalog/protocol';
import { CatalogPanel } from './webviews/catalog/catalogPanel';
import { createCatalogHost } from './webviews/catalog/catalogHost';
import { DETAILS_VIEW_TYPE } from './webviews/details/protocol';
import { DetailsPanel } from './webviews/details/detailsPanel';
import { createDetailsHost } from './webviews/details/detailsHost';
import { LAUNCH_VIEW_TYPE } from './webviews/launch/protocol';
import { LaunchPanel } from './webviews/launch/launchPanel';
import { createLaunchHost } from './webviews/launch/launchHost';
import { PERMISSIONS_VIEW_TYPE } from './webviews/permissions/protocol';
import { PermissionsPanel } from './webviews/permissions/permissionsPanel';
import { createPermissionsHost } from './webviews/permissions/permissionsHost';

/** What activation has built and hands over. */
export interface Core {
  readonly services: ExtensionServices;
  /** The Images view activation created (over a provider that will delegate to this bundle's). */
  readonly view: vscode.TreeView<TreeNode>;
}

export interface Features {
  /** The tree behind the Images view. */
  readonly tree: AmiTree;
  /** The view's description from its state (the activation bundle leaves it here, with its text escaping). */
  readonly describeView: typeof viewDescription;
  /** What every command handler receives. */
  readonly commands: CommandContext;
  /** Runs a command as registered (wrapped: failures logged and shown). */
  run(id: string, args: unknown[]): Promise<unknown>;
  /** Rebuilds a panel VS Code restored after a reload (its serializer's work). */
  revive(viewType: string, panel: vscode.WebviewPanel, state: unknown): void;
  /** Content of an image JSON document. */
  provideDocument(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string>;
  /** Fires when an open image JSON document must be read again. */
  readonly onDidChangeDocument: vscode.Event<vscode.Uri>;
  detailsPanel(ref: AmiRef): DetailsPanel | undefined;
  catalogPanel(): CatalogPanel | undefined;
}

export function createFeatures({ services, view }: Core): Features {
  const tree = createTree(services, view, new AmiTreeProvider(services));
  const writes = new ImageWrites(services);
  const documents = createImageDocuments(services);
  const details = createDetailsHost(services);
  const permissions = createPermissionsHost(services, writes);
  const launch = createLaunchHost(services);
  // catalog (issue #11)
  const catalog = createCatalogHost(services);
  const commands: CommandContext = { services, tree, writes, documents, details, permissions, launch, catalog };
  const handlers = new Map(ALL_COMMANDS.map((c) => [c.id as string, wrapCommand(commands, c)]));
  const revivers: Record<string, (panel: vscode.WebviewPanel, state: unknown) => unknown> = {
    [DETAILS_VIEW_TYPE]: (p, s) => DetailsPanel.revive(details, p, s),
    [PERMISSIONS_VIEW_TYPE]: (p, s) => PermissionsPanel.revive(permissions, p, s),
    [LAUNCH_VIEW_TYPE]: (p, s) => LaunchPanel.revive(launch, p, s),
    [CATALOG_VIEW_TYPE]: (p, s) => CatalogPanel.revive(catalog, p, s),
  };
  services.log.info('AMI Explorer commands and panels loaded.');
  return {
    tree,
    describeView: viewDescription,
    commands,
    run: async (id, args) => {
      const handler = handlers.get(id);
      if (!handler) throw new Error(`no command ${id}`);
      return handler(...args);
    },
    revive: (viewType, panel, state) => {
      const revive = revivers[viewType];
      if (revive) revive(panel, state);
      else panel.dispose();
    },
    provideDocument: (uri, token) => documents.provideTextDocumentContent(uri, token),
    onDidChangeDocument: documents.onDidChange,
    detailsPanel: (ref) => DetailsPanel.find(ref),
    catalogPanel: () => CatalogPanel.find(),
  };
}
