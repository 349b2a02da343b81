/**
 * Composition root: builds the services once, registers the tree, the commands and the webviews,
 * and puts every disposable into context.subscriptions. No logic here, and no AWS SDK: the service
 * layer loads on its first use (services.aws()).
 */
import type * as vscode from 'vscode';
import { registerInspect } from './commands/inspect';
import { registerCommands } from './commands/registerCommands';
import { ImageWrites } from './data/imageWrites';
import { ExtensionServicesImpl } from './services';
import type { AmiTreeProvider } from './tree/amiTreeProvider';
import { registerTree } from './tree/registerTree';
import type { TreeNode } from './tree/treeNode';

/** What activate() returns: a small handle for the in-editor tests. */
export interface AmiExplorerApi {
  readonly tree: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /** The write wrapper every command and panel uses (each write announces its change). */
  readonly writes: ImageWrites;
}

export function activate(context: vscode.ExtensionContext): AmiExplorerApi {
  const services = new ExtensionServicesImpl(context);
  context.subscriptions.push(services);

  const tree = registerTree(services);
  registerCommands({ services, tree });

  // ---- Other features register here (inspect, permissions, launch...), each with `services`. ----
  registerInspect({ services, tree });

  services.log.info('AMI Explorer activated.');
  return { tree: tree.provider, view: tree.view, writes: new ImageWrites(services) };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
