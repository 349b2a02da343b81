/** View-wide commands: refresh, text filter, group by tag, settings. */
import * as vscode from 'vscode';
import { Keys } from '../config';
import { tagKeysOf } from '../model/grouping';
import { pickText } from '../model/text';
import { updateSetting } from '../util/settings';
import type { CommandContext } from './registerCommands';

export function refreshView(ctx: CommandContext): Promise<void> {
  ctx.tree.provider.refresh();
  return Promise.resolve();
}

/** Sets the text filter; a string argument (from a keybinding or a test) skips the input box. */
export async function filterImages(ctx: CommandContext, text?: unknown): Promise<void> {
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
}

export function clearFilter(ctx: CommandContext): void {
  ctx.tree.provider.setFilter('');
}

/**
 * Picks the tag key to group by from the keys seen on loaded images. A string argument sets it
 * directly ('' for no grouping).
 */
export async function groupByTag(ctx: CommandContext, key?: unknown): Promise<void> {
  if (typeof key === 'string') {
    await updateSetting(Keys.groupByTag, key.trim());
    return;
  }
  const current = ctx.services.settings().groupByTag;
  const keys = tagKeysOf(ctx.tree.provider.loadedImages());
  if (current && !keys.includes(current)) keys.unshift(current);
  type KeyItem = vscode.QuickPickItem & { key: string };
  const items: KeyItem[] = [
    { key: '', label: 'None', description: current ? undefined : 'current', detail: 'Images newest first, without groups' },
    // Tag keys are written by strangers: one visible line that draws no icon.
    ...keys.map((k) => ({ key: k, label: pickText(k) || '(empty key)', description: k === current ? 'current' : undefined })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Group by Tag',
    placeHolder: keys.length > 0 ? 'Tag key to group the images of each region by' : 'No tags on the loaded images yet',
  });
  if (!picked) return;
  await updateSetting(Keys.groupByTag, picked.key);
}

export async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:ami-explorer.ami-explorer');
}
