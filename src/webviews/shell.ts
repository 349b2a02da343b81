/**
 * The one HTML shell every webview of the extension uses. It allows exactly: the panel's own
 * script by nonce, styles, fonts and images from the extension's webview folders, and nothing
 * else (no inline script or style, no remote content, no eval). Resources may only come from
 * dist/webview and media. Data never goes into this HTML: the page asks the host for it.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml } from '../model/html';

/** 128 random bits from the OS CSPRNG, base64: one per page load. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The folders a webview may load from: the built bundles and the media folder. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** Options for every panel: scripts on, command: links off, resources limited to our roots. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: webviewResourceRoots(extensionUri) };
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
  ].join('; ');
}

export interface ShellOptions {
  /** Document title (plain text; escaped here). */
  title: string;
  /** Bundle name: dist/webview/<script>.js, built from src/webviews/<script>/ui/main.ts. */
  script: string;
  /** Nonce to use; a fresh one by default. */
  nonce?: string;
}

export function buildWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, options: ShellOptions): string {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(options.script)) throw new Error(`Invalid webview bundle name: ${options.script}`);
  const nonce = options.nonce ?? createNonce();
  const asset = (...path: string[]): string => escapeHtml(webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString());
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'webview.css')}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="muted">Loading…</p></main>
<script nonce="${escapeHtml(nonce)}" src="${asset('dist', 'webview', `${options.script}.js`)}"></script>
</body>
</html>`;
}
