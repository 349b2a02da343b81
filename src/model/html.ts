/**
 * Escaping for text placed into HTML built as a string (the webview shell's title and asset URIs).
 * AMI names, descriptions and tags are written by strangers, so none reaches markup unescaped.
 * Pure: no vscode, no SDK.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text → HTML text or attribute value (safe inside either quote). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}
