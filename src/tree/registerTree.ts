/**
 * Creates the "Images" view: the provider, the TreeView (multi-select, for compare), the view's
 * description (filter, grouping, endpoint override) and the context keys menus depend on.
 */
import * as vscode from 'vscode';
import type { ExtensionServicesImpl } from '../services';
import { AmiTreeProvider, VIEW_ID } from './amiTreeProvider';
import type { TreeNode } from './treeNode';
import type { AmiRef } from '../model/image';
import { viewDescription } from '../model/viewDescription';

export interface AmiTree {
  readonly provider: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /**
   * Selects and shows an image in the view (creation, issue #10: the new image once made). False
   * when the tree does not show it (its region is not listed, another owner scope, the filter).
   */
  reveal(ref: AmiRef): Promise<boolean>;
}

export function registerTree(services: ExtensionServicesImpl): AmiTree {
  const provider = new AmiTreeProvider(services);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });

  const describe = (): void => {
    const { groupByTag: group, endpoint } = services.settings();
    view.description = viewDescription({ filter: provider.filter, groupByTag: group, endpoint });
    void vscode.commands.executeCommand('setContext', 'amiExplorer:filtered', provider.filter !== '');
  };
  describe();

  services.context.subscriptions.push(
    provider,
    view,
    provider.onDidChangeState(describe),
    // The endpoint part follows the setting (and workspace trust, which can enable or drop it).
    services.onDidChangeSettings(describe),
  );
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
