/**
 * What the command suites share: the context-menu `when` of a command as package.json contributes
 * it (and its viewItem regex, as VS Code evaluates it), and the error notification a failed
 * command showed.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, EXTENSION_ID } from '../treeSupport';
import type { ScriptedPrompts } from './prompts';

/** The `when` clause of `command` in the tree's context menu (view/item/context). */
export function menuWhen(command: string): string {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
  const entry = pkg.contributes.menus['view/item/context']?.find((m) => m.command === command);
  assert.ok(entry?.when, `${command} is in the tree's context menu`);
  return entry.when;
}

/** The viewItem regex of a `when` clause, as VS Code evaluates it. */
export function viewItemRegex(when: string): RegExp {
  const m = /viewItem =~ \/(.*?)\/(?= &&|$)/.exec(when);
  assert.ok(m?.[1], when);
  return new RegExp(m[1]);
}

/** The viewItem regex that offers `command` in the tree's context menu. */
export function menuRegex(command: string): RegExp {
  return viewItemRegex(menuWhen(command));
}

/** The error a failed command showed (the registration wrapper shows it; it is not awaited). */
export async function errorShown(ui: ScriptedPrompts): Promise<string> {
  return eventually(() => {
    const error = ui.messages.find((m) => m.level === 'error');
    assert.ok(error, `an error was shown; shown: ${JSON.stringify(ui.messages.map((m) => m.text))}`);
    return error.text;
  }, 'the error notification', 10_000);
}
