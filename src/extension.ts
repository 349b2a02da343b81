import type * as vscode from 'vscode';

/** Composition root: builds the services once and registers tree, commands and webviews. */
export function activate(_context: vscode.ExtensionContext): void {
  // filled in by the tree work
}

export function deactivate(): void {
  // nothing to release beyond context.subscriptions
}
