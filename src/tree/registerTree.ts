/**
 * Creates the "Images" view: the provider, the TreeView (multi-select, for compare), the view's
 * description (filter and grouping) and the context keys menus depend on.
 */
import * as vscode from 'vscode';
import type { ExtensionServicesImpl } from '../services';
import { AmiTreeProvider, VIEW_ID } from './amiTreeProvider';
import type { TreeNode } from './treeNode';

export interface AmiTree {
  readonly provider: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
}

export function registerTree(services: ExtensionServicesImpl): AmiTree {
  const provider = new AmiTreeProvider(services);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });

  const describe = (): void => {
    const parts: string[] = [];
    if (provider.filter) parts.push(`filter: ${provider.filter}`);
    const group = services.settings().groupByTag;
    if (group) parts.push(`by ${group}`);
    view.description = parts.length > 0 ? parts.join(' · ') : undefined;
    void vscode.commands.executeCommand('setContext', 'amiExplorer:filtered', provider.filter !== '');
  };
  describe();

  services.context.subscriptions.push(
    provider,
    view,
    provider.onDidChangeState(describe),
  );
  return { provider, view };
}
