/**
 * Creates the "Images" view: the provider, the TreeView (multi-select, for compare), the view's
 * description (filter, grouping, endpoint override) and the context keys menus depend on.
 */
import * as vscode from 'vscode';
import type { ExtensionServicesImpl } from '../services';
import { AmiTreeProvider, VIEW_ID } from './amiTreeProvider';
import type { TreeNode } from './treeNode';
import { viewDescription } from '../model/viewDescription';

export interface AmiTree {
  readonly provider: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
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
  return { provider, view };
}
