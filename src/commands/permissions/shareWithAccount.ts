/**
 * Share with Account…: adds account ids, organization ARNs or OU ARNs (one, or a pasted list) to
 * an owned image's launch permissions. Every entry is checked by the model before anything is
 * sent; a modal names the image, region and account, the recipients and the key warnings, and
 * offers to share the snapshots too (account ids only) so recipients can copy the AMI.
 */
import * as vscode from 'vscode';
import { describeInvalid, entriesOf, parseEntries } from '../../model/launchPermissions';
import { confirmShareText, entriesText } from '../../model/sharingText';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveOwnedState, showPermissionsResult, withProgress, writeValueOf } from './common';

export const SHARE_WITH_SNAPSHOTS = 'Share Image and Snapshots';
export const SHARE_IMAGE_ONLY = 'Share Image Only';
export const SHARE = 'Share';

export default defineCommand({
  id: COMMAND_IDS.shareWithAccount,
  title: 'Share with Account',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const state = await resolveOwnedState(ctx, node, 'Share with Account…');
    if (!state) return undefined;
    const { ref, image, permissions } = state;
    const ownerId = image.ownerId ?? state.accountId;
    const text = await vscode.window.showInputBox({
      title: `Share ${ref.imageId} with Account`,
      prompt: 'Account ids (12 digits), organization ARNs or OU ARNs: one, or a pasted list separated by commas, spaces or new lines',
      placeHolder: '111122223333, arn:aws:organizations::111122223333:organization/o-abcde12345',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const parsed = parseEntries(value, ownerId);
        return parsed.invalid.length > 0 ? describeInvalid(parsed.invalid) : undefined;
      },
    });
    if (text === undefined) return undefined;
    // Checked again: nothing is sent while any entry is bad, however the text arrived.
    const parsed = parseEntries(text, ownerId);
    if (parsed.invalid.length > 0) throw new CommandError(`${describeInvalid(parsed.invalid)} Nothing was sent.`, 'Correct the entries and try again.');
    if (parsed.valid.length === 0) throw new CommandError('No account id, organization ARN or OU ARN was given. Nothing was sent.');
    const current = entriesOf(permissions);
    const fresh = parsed.valid.filter((e) => !current.some((c) => c.kind === e.kind && c.value === e.value));
    if (fresh.length === 0) {
      const shown = notificationText(`${ref.imageId} is already shared with ${entriesText(parsed.valid)}. Nothing was sent.`);
      void vscode.window.showInformationMessage(shown);
      return shown;
    }

    const offerSnapshots = fresh.some((e) => e.kind === 'account') && state.snapshotIds.length > 0;
    const confirm = confirmShareText(image, ref.region, state.accountId, fresh, offerSnapshots ? state.snapshotIds : [], state.warnings);
    const buttons = offerSnapshots ? [SHARE_WITH_SNAPSHOTS, SHARE_IMAGE_ONLY] : [SHARE];
    const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, ...buttons);
    if (choice === undefined || !buttons.includes(choice)) return undefined;
    const mirrorToSnapshots = choice === SHARE_WITH_SNAPSHOTS ? state.snapshotIds : [];

    const written = await withProgress(`Sharing ${ref.imageId}…`, (signal) => ctx.writes.shareWith(ref, permissions, fresh, { mirrorToSnapshots }, signal));
    return showPermissionsResult(writeValueOf(written, ref.imageId), 'share', ref.imageId, fresh);
  },
});
