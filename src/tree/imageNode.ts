/**
 * An AMI in the tree. Other features (inspect, compare, copy-as) act on it through `image`,
 * `profile` and `toRef()`; its contextValue starts with `amiExplorer:ami` and carries state,
 * visibility and deprecation for the menus' `when` clauses.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import {
  imageContextValue,
  imageDescription,
  imageLabel,
  imageTooltipMarkdown,
  isDeprecated,
  type ImageVisibility,
} from '../model/format';
import type { AmiImage, AmiRef } from '../model/image';
// hygiene (#11)
import { hygieneDescription, hygieneMarks, hygieneTooltipLines } from '../model/hygiene';
import { DeviceNode } from './deviceNode';
import { safeMarkdown } from './messageNodes';
import { TreeNode } from './treeNode';

export class ImageNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly parent: TreeNode | undefined,
    /** Id of the region node the image belongs to. */
    regionId: string,
    readonly image: AmiImage,
    readonly profile: string | undefined,
    readonly visibility: ImageVisibility,
    private readonly now: Date,
    /** The caller owns it: owner-only actions are offered. */
    readonly owned = false,
    /** hygiene (#11): show the hygiene marks (setting amiExplorer.images.hygieneMarks). */
    private readonly showHygiene = false,
  ) {
    super();
    this.id = `${regionId}/${image.imageId}`;
  }

  toRef(): AmiRef {
    const ref: AmiRef = { region: this.image.region, imageId: this.image.imageId };
    if (this.profile !== undefined) ref.profile = this.profile;
    return ref;
  }

  getTreeItem(): vscode.TreeItem {
    const image = this.image;
    const item = new vscode.TreeItem(
      imageLabel(image),
      (image.blockDeviceMappings ?? []).length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = imageDescription(image, this.now);
    let tooltip = imageTooltipMarkdown(image, this.now, this.visibility);
    // hygiene (#11): a short suffix in the description, a "Hygiene" part in the tooltip; from the image already loaded.
    if (this.showHygiene) {
      const marks = hygieneMarks(image, this.now, { owned: this.owned });
      const suffix = hygieneDescription(marks, ['disabled']); // the description already leads with "disabled"
      if (suffix) item.description = `${item.description} · ${suffix}`;
      const lines = hygieneTooltipLines(marks);
      if (lines.length > 0) tooltip = `${tooltip}\n\n${lines.join('  \n')}`;
    }
    item.tooltip = safeMarkdown(tooltip);
    item.iconPath = imageIcon(image, this.now);
    item.contextValue = imageContextValue(image, this.visibility, this.now, this.owned);
    // Clicking an image opens its details.
    item.command = { command: COMMAND_IDS.inspect, title: 'Inspect AMI', arguments: [this] };
    return item;
  }

  override getChildren(): TreeNode[] {
    return (this.image.blockDeviceMappings ?? []).map((device, index) => new DeviceNode(this, device, index));
  }
}

/** Icon by state, then platform; colour marks failed, disabled and deprecated images. */
function imageIcon(image: AmiImage, now: Date): vscode.ThemeIcon {
  const state = image.state.toLowerCase();
  const platformIcon = image.platform?.toLowerCase() === 'windows' ? 'window' : 'vm';
  switch (state) {
    case 'pending':
    case 'transient':
      return new vscode.ThemeIcon('loading~spin');
    case 'failed':
    case 'error':
    case 'invalid':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'disabled':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    case 'deregistered':
      return new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
    default:
      if (isDeprecated(image, now)) return new vscode.ThemeIcon(platformIcon, new vscode.ThemeColor('list.warningForeground'));
      return new vscode.ThemeIcon(platformIcon);
  }
}
