/** One block device mapping under an image: device name, then size, type, snapshot and encryption. */
import * as vscode from 'vscode';
import { deviceDescription, deviceTooltipMarkdown, oneLine } from '../model/format';
import type { BlockDevice } from '../model/image';
import { safeMarkdown } from './messageNodes';
import { TreeNode } from './treeNode';

export class DeviceNode extends TreeNode {
  static readonly contextValue = 'amiExplorer:device';
  readonly id: string;

  constructor(
    readonly parent: TreeNode,
    readonly device: BlockDevice,
    index: number,
  ) {
    super();
    // The index keeps ids unique should a (malformed) image list a device name twice.
    this.id = `${parent.id}/dev:${index}:${device.deviceName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const d = this.device;
    const item = new vscode.TreeItem(oneLine(d.deviceName) || '(no device name)', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = deviceDescription(d);
    item.tooltip = safeMarkdown(deviceTooltipMarkdown(d));
    item.iconPath = new vscode.ThemeIcon(d.kind === 'noDevice' ? 'circle-slash' : d.kind === 'ephemeral' ? 'server-process' : d.ebs?.encrypted ? 'lock' : 'database');
    item.contextValue = `${DeviceNode.contextValue}+${d.kind}${d.ebs?.encrypted ? '+encrypted' : ''}`;
    return item;
  }
}
