/**
 * Stop Sharing…: removes accounts, organizations or OUs (picked from the image's current launch
 * permissions, several at once) and, when asked, the removed accounts from the snapshots too.
 * Public access is left to Make Private.
 */
import * as vscode from 'vscode';
import { diffPermissions, entriesOf, withoutEntries, type PermissionEntry } from '../../model/launchPermissions';
import { entryText } from '../../model/sharingText';
import { notificationText, pickText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveOwnedState, showPermissionsResult, withProgress, writeValueOf } from './common';

type EntryItem = vscode.QuickPickItem & { entry: PermissionEntry };
type SnapshotItem = vscode.QuickPickItem & { mirror: boolean };

const KIND_LABEL: Record<PermissionEntry['kind'], string> = { account: 'account', organization: 'organization', organizationalUnit: 'organizational unit' };

export default defineCommand({
  id: COMMAND_IDS.stopSharing,
  title: 'Stop Sharing',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const state = await resolveOwnedState(ctx, node, 'Stop Sharing…');
    if (!state) return undefined;
    const { ref, permissions } = state;
    const entries = entriesOf(permissions);
    if (entries.length === 0) {
      const shown = permissions.public
        ? `${ref.imageId} is not shared with any account, organization or OU, but it is public: use Make Private to stop that.`
        : `${ref.imageId} is not shared with any account, organization or OU.`;
      void vscode.window.showInformationMessage(notificationText(shown));
      return shown;
    }
    const items: EntryItem[] = entries.map((entry) => ({ entry, label: pickText(entry.value), description: KIND_LABEL[entry.kind] }));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Stop Sharing ${ref.imageId}`,
      placeHolder: permissions.public ? 'Entries to remove (the image stays public: use Make Private for that)' : 'Entries to remove',
      canPickMany: true,
      ignoreFocusOut: true,
    });
    if (!picked || picked.length === 0) return undefined;
    const removed = picked.map((p) => p.entry);

    let mirrorToSnapshots: readonly string[] = [];
    const accounts = removed.filter((e) => e.kind === 'account');
    if (accounts.length > 0 && state.snapshotIds.length > 0) {
      const snapshotItems: SnapshotItem[] = [
        {
          mirror: true,
          label: 'Remove from the snapshots too',
          detail: pickText(`${accounts.map(entryText).join(', ')} can then no longer create volumes from ${state.snapshotIds.join(', ')} (nor copy the AMI).`),
        },
        { mirror: false, label: 'Launch permission only', detail: 'The snapshots keep their create-volume permissions.' },
      ];
      const choice = await vscode.window.showQuickPick(snapshotItems, { title: `Stop Sharing ${ref.imageId}: snapshots`, ignoreFocusOut: true });
      if (!choice) return undefined;
      mirrorToSnapshots = choice.mirror ? state.snapshotIds : [];
    }

    const diff = diffPermissions(permissions, withoutEntries(permissions, removed));
    const written = await withProgress(`Removing ${picked.length === 1 ? 'a share' : `${picked.length} shares`} of ${ref.imageId}…`, (signal) =>
      ctx.writes.applyPermissionDiff(ref, diff, { mirrorToSnapshots }, signal),
    );
    return showPermissionsResult(writeValueOf(written, ref.imageId), 'stopSharing', ref.imageId, removed);
  },
});
