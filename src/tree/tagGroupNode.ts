/** One value of the "group by tag" key under a region, or the group of images without that tag. */
import * as vscode from 'vscode';
import { escapeMarkdown, oneLine, plural, truncate } from '../model/format';
import type { TagGroup } from '../model/grouping';
import { TreeNode } from './treeNode';
import { safeMarkdown } from './messageNodes';

export class TagGroupNode extends TreeNode {
  static readonly contextValue = 'amiExplorer:tagGroup';
  readonly id: string;

  constructor(
    readonly parent: TreeNode,
    readonly group: TagGroup,
    private readonly makeChildren: (parent: TagGroupNode) => TreeNode[],
  ) {
    super();
    // "tag:KEY=VALUE" for a value, "tag:KEY!" for the images without the tag.
    this.id = group.value === undefined ? `${parent.id}/tag:${group.key}!` : `${parent.id}/tag:${group.key}=${group.value}`;
  }

  /** "Team: payments", "Team: (empty)" or "No Team tag". */
  get label(): string {
    const key = truncate(oneLine(this.group.key), 60);
    if (this.group.value === undefined) return `No ${key} tag`;
    const value = oneLine(this.group.value);
    return `${key}: ${value === '' ? '(empty)' : truncate(value, 120)}`;
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.group.images.length;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = plural(n, 'image');
    item.iconPath = new vscode.ThemeIcon(this.group.value === undefined ? 'circle-outline' : 'tag');
    item.contextValue = `${TagGroupNode.contextValue}${this.group.value === undefined ? '+untagged' : ''}`;
    item.tooltip = safeMarkdown(
      this.group.value === undefined
        ? `Images without the tag **${escapeMarkdown(this.group.key)}**`
        : `Images tagged **${escapeMarkdown(this.group.key)}** \\= **${escapeMarkdown(truncate(this.group.value, 300)) || '(empty)'}**`,
    );
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.makeChildren(this);
  }
}
