/**
 * The base of every node of the AMI tree, and what nodes may ask of the tree around them. One
 * class per node kind (profileNode.ts, regionNode.ts, ...); ids never hold changing text, so a
 * refresh keeps expansion and selection.
 */
import type * as vscode from 'vscode';
import type { Settings } from '../config';
import type { ExtensionServices } from '../services';
import type { Limiter } from '../util/limiter';

export abstract class TreeNode {
  /** Stable id: profile/region/imageId, profile/region/tag:key=value, ... */
  abstract readonly id: string;
  abstract readonly parent: TreeNode | undefined;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[] | Promise<TreeNode[]> {
    return [];
  }
}

/** What nodes need from the provider that owns them. */
export interface TreeContext {
  readonly services: ExtensionServices;
  readonly limiter: Limiter;
  settings(): Settings;
  /** The active text filter ('' = none). */
  filter(): string;
  /** "Now" for ages and deprecation, read once per render. */
  now(): Date;
  /** Account id the profile's credentials belong to, when known (marks others' images as shared). */
  accountId(profile: string | undefined): string | undefined;
  /** Tells VS Code a node (or the whole tree) changed. */
  changed(node?: TreeNode): void;
  /** Shows progress in the view while `work` runs. */
  trackProgress(work: Promise<unknown>): void;
}

/** Id fragment of a profile; the default chain gets a name no AWS profile can have. */
export function profileKey(profile: string | undefined): string {
  return profile === undefined ? '~default' : `profile:${profile}`;
}
