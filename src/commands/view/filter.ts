/** Filter Images…: a text filter over the loaded images. A string argument (keybinding, test) skips the input box. */
import * as vscode from 'vscode';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

export default defineCommand({
  id: COMMAND_IDS.filter,
  title: 'Filter Images',
  async run(ctx, text?: unknown) {
    if (typeof text === 'string') {
      ctx.tree.provider.setFilter(text);
      return;
    }
    const value = await vscode.window.showInputBox({
      title: 'Filter Images',
      prompt: 'Show images whose name, ID, description or a tag value contains every word. Empty clears the filter.',
      placeHolder: 'e.g. prod arm64',
      value: ctx.tree.provider.filter,
    });
    if (value === undefined) return;
    ctx.tree.provider.setFilter(value);
  },
});
