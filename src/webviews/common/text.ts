/**
 * Text the webview pages share. Pure: no DOM, no vscode (unit-tested in plain mocha).
 */

/** "No value": what every page shows for an empty field (the model uses the same character). */
export const NO_VALUE = '—';
