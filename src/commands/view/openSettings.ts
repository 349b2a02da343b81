/** Open Settings: the extension's settings in the Settings editor. */
import * as vscode from 'vscode';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';

export default defineCommand({
  id: COMMAND_IDS.openSettings,
  title: 'Open Settings',
  async run() {
    await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:ami-explorer.ami-explorer');
  },
});
