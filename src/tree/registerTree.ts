/**
 * The "Images" view. Activation creates the TreeView (multi-select, for compare) over a thin
 * provider, with the view's description (filter, grouping, endpoint override) and the context key
 * menus depend on (registerTreeView). The provider's implementation (AmiTreeProvider and the
 * nodes) lives in the features bundle and is built on the view's first fetch, the moment the
 * service layer loads too (createTree, from src/features.ts).
 */
import * as vscode from 'vscode';
import type { AmiRef } from '../model/image';
import type { ViewState } from '../model/viewDescription';
import type { ExtensionServices } from '../services';
import type { AmiTreeProvider } from './amiTreeProvider';
import type { TreeNode } from './treeNode';
import { VIEW_ID } from './viewId';

export interface AmiTree {
  readonly provider: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /**
   * Selects and shows an image in the view (creation, issue #10: the new image once made). False
   * when the tree does not show it (its region is not listed, another owner scope, the filter).
   */
  reveal(ref: AmiRef): Promise<boolean>;
}

/** The view as activation registers it; `attach` hands it the provider's implementation. */
export interface TreeViewRegistration {
  readonly view: vscode.TreeView<TreeNode>;
  /** `describeView` comes with it: the description's text (and its escaping of names) is not needed before the first fetch. */
  attach(provider: AmiTreeProvider, describeView: (state: ViewState) => string | undefined): void;
}

/**
 * Creates the view over a provider that hands every call to the implementation attached later;
 * the first call (VS Code's first fetch, once the view is visible) calls `load`, which attaches it.
 * `services` is asked for only from then on: activation creates the view before the services.
 */
export function registerTreeView(context: vscode.ExtensionContext, services: () => ExtensionServices, load: () => void): TreeViewRegistration {
  const changed = new vscode.EventEmitter<TreeNode | undefined>();
  let real: AmiTreeProvider | undefined;
  let viewDescription: ((state: ViewState) => string | undefined) | undefined;
  const provider = (): AmiTreeProvider => {
    if (!real) load();
    if (!real) throw new Error('the tree provider was not attached');
    return real;
  };
  const attach = (implementation: AmiTreeProvider, describeView: (state: ViewState) => string | undefined): void => {
    if (real) return;
    real = implementation;
    viewDescription = describeView;
    context.subscriptions.push(
      real.onDidChangeTreeData((node) => changed.fire(node)),
      real.onDidChangeState(() => describe()),
      // The endpoint part follows the setting (and workspace trust, which can enable or drop it).
      services().onDidChangeSettings(describe),
    );
    describe();
  };
  const view = vscode.window.createTreeView<TreeNode>(VIEW_ID, {
    treeDataProvider: {
      onDidChangeTreeData: changed.event,
      getTreeItem: (node) => provider().getTreeItem(node),
      getChildren: (node) => provider().getChildren(node),
      getParent: (node) => provider().getParent(node),
      resolveTreeItem: (item, node) => provider().resolveTreeItem(item, node),
    },
    showCollapseAll: true,
    canSelectMany: true,
  });

  let filtered = false;
  const describe = (): void => {
    if (!viewDescription) return; // before the first fetch: attach() describes the view
    const { groupByTag: group, endpoint, filter: saved } = services().settings();
    // Before the first fetch the filter is the saved one the provider will start from.
    const filter = real ? real.filter : saved;
    view.description = viewDescription({ filter, groupByTag: group, endpoint });
    // The key starts unset (false); it is only sent when it changes.
    if ((filter !== '') !== filtered) {
      filtered = filter !== '';
      void vscode.commands.executeCommand('setContext', 'amiExplorer:filtered', filtered);
    }
  };
  // The description is set when the provider is attached (the first fetch), with the settings
  // read then, and follows them from there: activation reads no settings.
  context.subscriptions.push(changed, view);
  return { view, attach };
}

/** The tree behind the view: its provider (built here, in the features bundle) and reveal. */
export function createTree(services: ExtensionServices, view: vscode.TreeView<TreeNode>, provider: AmiTreeProvider): AmiTree {
  services.context.subscriptions.push(provider);
  const reveal = async (ref: AmiRef): Promise<boolean> => {
    const node = await provider.findImageNode(ref);
    if (!node) return false;
    try {
      await view.reveal(node, { select: true, focus: true, expand: false });
      return true;
    } catch (err) {
      services.log.warn(`Could not reveal ${ref.imageId} in the tree: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  };
  return { provider, view, reveal };
}
