/**
 * Leaf nodes that carry no AWS resource: an error with its next step and a retry action, the
 * "Load more…" pager, and plain messages for empty states. Errors are nodes, never thrown.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import type { AwsFailure } from '../model/result';
import { escapeMarkdown, oneLine } from '../model/format';
import { TreeNode } from './treeNode';

export class ErrorNode extends TreeNode {
  static readonly contextValue = 'amiExplorer:error';
  readonly id: string;

  constructor(
    readonly parent: TreeNode | undefined,
    idPrefix: string,
    readonly failure: AwsFailure,
    /** What the retry action does. */
    readonly retry: () => void,
  ) {
    super();
    this.id = `${idPrefix}/error`;
  }

  getTreeItem(): vscode.TreeItem {
    const f = this.failure;
    // An AWS error can quote a name or a value: one visible line, like every label.
    const item = new vscode.TreeItem(oneLine(f.message), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (f.nextStep) item.description = oneLine(f.nextStep);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.contextValue = ErrorNode.contextValue;
    const lines = [`**${escapeMarkdown(f.message)}**`];
    if (f.nextStep) lines.push(escapeMarkdown(f.nextStep));
    const facts = [f.code, f.action, f.region].filter((s): s is string => !!s).map(escapeMarkdown);
    if (facts.length > 0) lines.push(facts.join(' · '));
    lines.push('Use Retry (or click) to try again.');
    item.tooltip = safeMarkdown(lines.join('  \n'));
    item.command = { command: COMMAND_IDS.retryRegion, title: 'Retry', arguments: [this] };
    return item;
  }
}

export class LoadMoreNode extends TreeNode {
  static readonly contextValue = 'amiExplorer:loadMore';
  readonly id: string;

  constructor(
    readonly parent: TreeNode | undefined,
    idPrefix: string,
    readonly loadMore: () => void,
    private readonly loading: boolean,
    /** Images received and kept (issue #12): the next page shows from them, without a call. */
    readonly kept = 0,
  ) {
    super();
    this.id = `${idPrefix}/loadMore`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.loading ? 'Loading more…' : 'Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.loading ? 'loading~spin' : 'ellipsis');
    item.contextValue = LoadMoreNode.contextValue;
    item.tooltip = this.kept > 0 ? `Show the next images (${this.kept} already loaded)` : 'Fetch the next page of images';
    if (!this.loading) item.command = { command: COMMAND_IDS.loadMore, title: 'Load More Images', arguments: [this] };
    return item;
  }
}

export class MessageNode extends TreeNode {
  static readonly contextValue = 'amiExplorer:message';
  readonly id: string;

  constructor(
    readonly parent: TreeNode | undefined,
    idPrefix: string,
    readonly message: string,
    private readonly icon = 'info',
  ) {
    super();
    this.id = `${idPrefix}/message`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = MessageNode.contextValue;
    return item;
  }
}

/** A MarkdownString for text we escaped ourselves: no command links, no HTML, no theme icons. */
export function safeMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
