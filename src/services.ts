/**
 * What activate() builds once and hands to every registration function (tree, commands, webviews).
 * The AWS service layer is created on first use, so activation never loads the SDK.
 */
import type * as vscode from 'vscode';
import type { AwsServices } from './aws/types';

export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The service layer, created (and the SDK loaded) on the first call; settings applied. */
  aws(): AwsServices;
  /** Refreshes the tree, or one node's subtree. */
  refreshTree(node?: unknown): void;
}
