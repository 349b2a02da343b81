/**
 * Helpers for the tree's in-editor tests (tree*.test.ts, commands*.test.ts): the extension's API,
 * settings written the way a person would (user settings), and waiting for the tree to follow.
 * The extension runs from its bundle, so nodes are checked by shape (contextValue, id), never
 * with instanceof against out/src classes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AmiExplorerApi } from '../../src/extension';
import type { AmiImage } from '../../src/model/image';
import type { TreeNode } from '../../src/tree/treeNode';

export const EXTENSION_ID = 'ami-explorer.ami-explorer';

export async function getApi(): Promise<AmiExplorerApi> {
  const ext = vscode.extensions.getExtension<AmiExplorerApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  assert.ok(api?.tree, 'activate() returned no tree');
  return api;
}

/** The settings every tree test starts from: two regions, my images, no grouping or filter. */
export const BASE_SETTINGS: Readonly<Record<string, unknown>> = {
  profiles: [],
  regions: ['us-east-1', 'eu-west-1'],
  'images.owners': ['self'],
  'tree.groupByTag': '',
  'images.filter': '',
  'images.architecture': '',
  'images.pageSize': 50,
  'images.showDeprecated': false,
  'images.showDisabled': false,
  maxConcurrentRegions: 0, // the default: every region at once (issue #12)
};

/** Writes `amiExplorer.*` user settings (only those that differ, so no needless reloads). */
export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('amiExplorer');
  for (const [key, value] of Object.entries(values)) {
    if (JSON.stringify(config.get(key)) === JSON.stringify(value)) continue;
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
}

/** Removes every setting the tests may have written, back to the defaults. */
export async function clearSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration('amiExplorer');
  for (const key of Object.keys(BASE_SETTINGS)) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
}

/** Retries `check` until it stops throwing (the tree follows settings asynchronously). */
export async function eventually<T>(check: () => Promise<T> | T, what = 'condition', timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${last instanceof Error ? last.message : String(last)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Shown {
  node: TreeNode;
  item: vscode.TreeItem;
  label: string;
  contextValue: string;
}

function labelText(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** Children of a node (or the roots) once everything loading has settled, with their tree items. */
export async function childrenOf(api: AmiExplorerApi, node?: TreeNode): Promise<Shown[]> {
  await api.tree.getChildren(node);
  await api.tree.whenIdle();
  const nodes = await api.tree.getChildren(node);
  return nodes.map((n) => {
    const item = api.tree.getTreeItem(n) as vscode.TreeItem;
    return { node: n, item, label: labelText(item), contextValue: item.contextValue ?? '' };
  });
}

/** The root whose label is `label`. */
export async function rootNamed(api: AmiExplorerApi, label: string): Promise<Shown> {
  const roots = await childrenOf(api);
  const found = roots.find((r) => r.label === label);
  assert.ok(found, `no root ${label} among ${roots.map((r) => r.label).join(', ')}`);
  return found;
}

/** The image a node stands for (image nodes expose it to other features). */
export function imageOf(shown: Shown): AmiImage {
  const image = (shown.node as unknown as { image?: AmiImage }).image;
  assert.ok(image, `${shown.label} is not an image node`);
  return image;
}

export const isImage = (s: Shown): boolean => /^amiExplorer:ami\b/.test(s.contextValue);

/** Applies settings and waits until the roots are the given labels and nothing is loading. */
export async function settle(api: AmiExplorerApi, settings: Record<string, unknown>, rootLabels: string[]): Promise<Shown[]> {
  await setSettings(settings);
  return eventually(async () => {
    const roots = await childrenOf(api);
    assert.deepEqual(
      roots.map((r) => r.label),
      rootLabels,
    );
    return roots;
  }, `roots ${rootLabels.join(', ')}`);
}
