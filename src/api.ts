/** What the activation resolves to (src/extension.ts): a small handle for the in-editor tests. */
import type * as vscode from 'vscode';
import type { ImageWrites } from './data/imageWrites';
import type { AmiRef } from './model/image';
import type { AmiTreeProvider } from './tree/amiTreeProvider';
import type { TreeNode } from './tree/treeNode';
import type { CatalogPanel } from './webviews/catalog/catalogPanel';
import type { DetailsPanel } from './webviews/details/detailsPanel';

export interface AmiExplorerApi {
  /** The tree's provider (loads the features bundle). */
  readonly tree: AmiTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  /** The write wrapper every command and panel uses (each write announces its change); loads the features bundle. */
  readonly writes: ImageWrites;
  /** Which lazy bundles were loaded when the activation resolved (both must be false). */
  readonly loadedByActivation: { readonly serviceLayer: boolean; readonly features: boolean };
  /** The details panel open for an image, if any: its model, the failure it shows, or that the image is gone. */
  detailsPanel(ref: AmiRef): Pick<DetailsPanel, 'model' | 'error' | 'gone'> | undefined;
  // catalog (issue #11): the open catalog panel, if any (its model, and its actions as the page asks them).
  catalogPanel(): Pick<CatalogPanel, 'model' | 'error' | 'where' | 'whenLoaded' | 'reload' | 'search' | 'more' | 'select' | 'copyId' | 'copyParameter' | 'imageAction'> | undefined;
}

