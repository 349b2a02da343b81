/**
 * Remove from My Account (the recipient's side): CancelImageLaunchPermission for an image another
 * account shared with mine, after a confirmation. EC2 allows it only for a share with my account
 * itself; for a share through an organization or OU, or a public image, the failure explains that.
 * On success the change flow drops the image from this profile's tree.
 */
import * as vscode from 'vscode';
import { readSharingSubject } from '../../data/sharingChecks';
import { confirmRemoveFromAccountText, imageTitle } from '../../model/sharingText';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';
import { valueOf, withProgress, writeValueOf } from './common';

export const REMOVE = 'Remove';

export default defineCommand({
  id: COMMAND_IDS.removeFromMyAccount,
  title: 'Remove from My Account',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Remove from My Account' });
    if (!target) return undefined;
    const { ref } = target;
    const subject = valueOf(await withProgress(`Reading ${ref.imageId}…`, (signal) => readSharingSubject(ctx.services, ref, signal)));
    if (!subject) return undefined;
    const { image, accountId } = subject;
    if (accountId !== undefined && image.ownerId === accountId) {
      throw new CommandError(`${ref.imageId} is owned by this account (${accountId}): there is no share to remove from it.`, 'To stop sharing it with others, use Stop Sharing… or Make Private.');
    }
    if (image.public) {
      throw new CommandError(
        `${ref.imageId} is public: a public image cannot be removed from an account; every account sees it.`,
        'Ask the owner to make it private, or hide it with a filter.',
      );
    }
    const confirm = confirmRemoveFromAccountText(image, ref.region, accountId);
    const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, REMOVE);
    if (choice !== REMOVE) return undefined;

    const written = await withProgress(`Removing ${ref.imageId} from ${accountId ? `account ${accountId}` : 'your account'}…`, (signal) => ctx.writes.cancelLaunchPermission(ref, signal));
    if (!written.ok && written.error.code === 'InvalidAMIID.NotFound') {
      // EC2 answers as if the image did not exist: say which image and why, not the raw error.
      throw new CommandError(`${ref.imageId} was not removed. ${written.error.message}`, written.error.nextStep, written.error);
    }
    const outcome = writeValueOf(written, ref.imageId);
    const text = notificationText(
      outcome.notYetVisible
        ? `Removed ${imageTitle(image)} from ${accountId ? `account ${accountId}` : 'your account'}. Not yet visible: ${outcome.notYetVisible}`
        : `Removed ${imageTitle(image)} from ${accountId ? `account ${accountId}` : 'your account'}: it is no longer shared with it.`,
    );
    if (outcome.notYetVisible) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
    return text;
  },
});
