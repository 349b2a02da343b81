/**
 * Make Public…: reads block public access for AMIs and the image first. When public sharing is
 * blocked it says so and how it is lifted (or that a declarative policy holds it); when EC2 would
 * refuse (encrypted volumes, product codes) it says why; otherwise a modal confirmation names the
 * AMI (name and id), its region and account, and only "Make Public" sends anything.
 */
import * as vscode from 'vscode';
import { checkPublicSharing } from '../../data/sharingChecks';
import { confirmPublicText, notOwnerText } from '../../model/sharingText';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';
import { showPermissionsResult, valueOf, withProgress, writeValueOf } from './common';

export const MAKE_PUBLIC = 'Make Public';

export default defineCommand({
  id: COMMAND_IDS.makePublic,
  title: 'Make Public',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Make Public…' });
    if (!target) return undefined;
    const { ref } = target;
    const check = valueOf(await withProgress(`Checking whether ${ref.imageId} can be made public…`, (signal) => checkPublicSharing(ctx.services, ref, signal)));
    if (!check) return undefined;
    if (!check.owned) throw new CommandError(notOwnerText(ref.imageId, check.image.ownerId, check.accountId, 'Make Public'));
    const refuse = (text: string): string => {
      const shown = notificationText(text);
      void vscode.window.showWarningMessage(shown);
      return shown;
    };
    if (check.alreadyPublic) return refuse(`${ref.imageId} is already public. Nothing was sent.`);
    if (check.blocked) return refuse(`${ref.imageId} cannot be made public. ${check.blocked} Nothing was sent.`);
    if (check.refusals.length > 0) return refuse(`${ref.imageId} cannot be made public: ${check.refusals.join(' ')} Nothing was sent.`);
    if (check.blockStateUnknown) ctx.services.log.warn(`Could not read block public access for AMIs in ${ref.region}: ${check.blockStateUnknown}`);

    const confirm = confirmPublicText(check.image, ref.region, check.accountId, check.warnings.map((w) => w.message));
    const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, MAKE_PUBLIC);
    if (choice !== MAKE_PUBLIC) return undefined;
    const written = await withProgress(`Making ${ref.imageId} public…`, (signal) => ctx.writes.makePublic(ref, signal));
    return showPermissionsResult(writeValueOf(written, ref.imageId), 'makePublic', ref.imageId);
  },
});
