/**
 * Composition root: builds the services once, registers the tree, the documents, the panels and
 * the commands, and puts every disposable into context.subscriptions. No logic here, and no AWS
 * SDK: the service layer loads on its first use (services.aws()).
 */
import type * as vscode from 'vscode';
import { registerCommands } from './commands/register';
import { ImageWrites } from './data/imageWrites';
import type { AmiRef } from './model/image';
import { registerImageDocuments } from './documents/registerDocuments';
import { ExtensionServicesImpl } from './services';
import type { AmiTreeProvider } from './tree/amiTreeProvider';
import { registerTree } from './tree/registerTree';
import type { TreeNode } from './tree/treeNode';
import { DetailsPanel } from './webviews/details/detailsPanel';
import { createDetailsHost } from './webviews/details/detailsHost';
import { LaunchPanel } from './webviews/launch/launchPanel';
import { createLaunchHost } from './webviews/launch/launchHost';
import { PermissionsPanel } from './webviews/permissions/permissionsPanel';
import { createPermissionsHost } from './webviews/permissions/permissionsHost';
// catalog (issue #11)
import { CatalogPanel } from './webviews/catalog/catalogPanel';
import { createCatalogHost } from './webviews/catalog/catalogHost';

/** What activate() returns: a small handle for the in-editor tests. */
export interface AmiExplorerApi {
  readonly tree: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /** The write wrapper every command and panel uses (each write announces its change). */
  readonly writes: ImageWrites;
  /** The details panel open for an image, if any: its model, the failure it shows, or that the image is gone. */
  detailsPanel(ref: AmiRef): Pick<DetailsPanel, 'model' | 'error' | 'gone'> | undefined;
  // catalog (issue #11): the open catalog panel, if any (its model, and its actions as the page asks them).
  catalogPanel(): Pick<CatalogPanel, 'model' | 'error' | 'where' | 'whenLoaded' | 'reload' | 'search' | 'more' | 'select' | 'copyId' | 'copyParameter' | 'imageAction'> | undefined;
}

export function activate(context: vscode.ExtensionContext): AmiExplorerApi {
  const services = new ExtensionServicesImpl(context);
  context.subscriptions.push(services);

  const tree = registerTree(services);
  const writes = new ImageWrites(services);
  const documents = registerImageDocuments(services);
  const details = createDetailsHost(services);
  context.subscriptions.push(DetailsPanel.registerSerializer(details));
  const permissions = createPermissionsHost(services, writes);
  context.subscriptions.push(PermissionsPanel.registerSerializer(permissions));
  const launch = createLaunchHost(services);
  context.subscriptions.push(LaunchPanel.registerSerializer(launch));
  // catalog (issue #11)
  const catalog = createCatalogHost(services);
  context.subscriptions.push(CatalogPanel.registerSerializer(catalog));
  registerCommands({ services, tree, writes, documents, details, permissions, launch, catalog });

  services.log.info('AMI Explorer activated.');
  return { tree: tree.provider, view: tree.view, writes, detailsPanel: (ref) => DetailsPanel.find(ref), catalogPanel: () => CatalogPanel.find() };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
