/** Make Private: removes public access (Group=all) from an owned image; its shares with accounts, organizations and OUs stay. */
import * as vscode from 'vscode';
import { entriesOf } from '../../model/launchPermissions';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveOwnedState, showPermissionsResult, withProgress, writeValueOf } from './common';

export default defineCommand({
  id: COMMAND_IDS.makePrivate,
  title: 'Make Private',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const state = await resolveOwnedState(ctx, node, 'Make Private');
    if (!state) return undefined;
    const { ref, permissions } = state;
    if (!permissions.public) {
      const shown = `${ref.imageId} is not public. Nothing was sent.`;
      void vscode.window.showInformationMessage(notificationText(shown));
      return shown;
    }
    const written = await withProgress(`Making ${ref.imageId} private…`, (signal) => ctx.writes.makePrivate(ref, signal));
    return showPermissionsResult(writeValueOf(written, ref.imageId), 'makePrivate', ref.imageId, entriesOf(permissions));
  },
});
