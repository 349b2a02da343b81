/**
 * Writes an `amiExplorer.*` setting where it will take effect: the workspace level when
 * the user already set it there, user settings otherwise. Writing to user settings while a
 * workspace value shadows it would look like the command did nothing.
 */
import * as vscode from 'vscode';
import { SECTION } from '../config';

export async function updateSetting(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const seen = config.inspect(key);
  let target = vscode.ConfigurationTarget.Global;
  if (seen?.workspaceValue !== undefined || seen?.workspaceFolderValue !== undefined) target = vscode.ConfigurationTarget.Workspace;
  await config.update(key, value, target);
}
