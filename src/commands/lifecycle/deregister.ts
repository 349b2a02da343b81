/**
 * Deregister…: reads the owned image, its protection and what still uses it (DescribeImageReferences;
 * when that cannot be read the confirmation says why and still lets the person go ahead). Protection
 * on → says so and offers "Turn Off Protection…" instead of failing; in its cooldown → says from
 * when. Otherwise a modal names the image (name and id), region and account, the snapshots, and the
 * references; "Deregister" keeps the snapshots, "Deregister and Delete Snapshots" deletes them
 * (DeleteAssociatedSnapshots) and each snapshot's result is reported.
 */
import * as vscode from 'vscode';
import { LIFECYCLE_CODES, blocksDeregistration, confirmDeregisterText, deregisterResultText, DEREGISTER, DEREGISTER_WITH_SNAPSHOTS, parseProtection, protectedText } from '../../model/lifecycle';
import { notificationText } from '../../model/text';
import type { CommandContext } from '../context';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import type { LifecycleSubject } from '../../data/lifecycleChecks';
import type { AmiRef } from '../../model/image';
import { lifecycleValueOf, resolveLifecycleSubject, turnOffProtection, valueOf, withProgress } from './retireShared';

export const OFFER_TURN_OFF = 'Turn Off Protection…';

/** Says why protection stands in the way; offers to turn it off when it is on. Returns the text shown. */
async function protectionStands(ctx: CommandContext, ref: AmiRef, subject: LifecycleSubject): Promise<string | undefined> {
  const blocked = protectedText(ref.imageId, subject.protection);
  if (!blocked) return undefined;
  if (!blocked.offerTurnOff) {
    const text = notificationText(blocked.message);
    void vscode.window.showWarningMessage(text);
    return text;
  }
  const choice = await vscode.window.showWarningMessage(notificationText(blocked.message), { modal: true }, OFFER_TURN_OFF);
  if (choice !== OFFER_TURN_OFF) return notificationText(blocked.message);
  return (await turnOffProtection(ctx, ref, subject)) ?? notificationText(blocked.message);
}

export default defineCommand({
  id: COMMAND_IDS.deregister,
  title: 'Deregister',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const resolved = await resolveLifecycleSubject(ctx, node, 'Deregister…', true);
    if (!resolved) return undefined;
    const { ref, subject } = resolved;
    if (blocksDeregistration(subject.protection)) return protectionStands(ctx, ref, subject);

    const confirm = confirmDeregisterText({
      image: subject.image,
      region: ref.region,
      ...(subject.accountId ? { accountId: subject.accountId } : {}),
      ...(ref.profile ? { profile: ref.profile } : {}),
      snapshotIds: subject.snapshotIds,
      ...(subject.references ? { references: subject.references } : {}),
      ...(subject.referencesError !== undefined ? { referencesError: subject.referencesError } : {}),
    });
    const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, ...confirm.buttons);
    if (choice !== DEREGISTER && choice !== DEREGISTER_WITH_SNAPSHOTS) return undefined;
    const deleteSnapshots = choice === DEREGISTER_WITH_SNAPSHOTS;

    const written = await withProgress(`Deregistering ${ref.imageId}${deleteSnapshots ? ' and deleting its snapshots' : ''}…`, (signal) => ctx.writes.deregister(ref, { deleteSnapshots }, signal));
    if (!written.ok && written.error.code === LIFECYCLE_CODES.protected) {
      // Turned on since it was read: read it again and offer the same way out.
      const protection = valueOf(await withProgress(`Reading the protection of ${ref.imageId}…`, (signal) => ctx.services.aws().lifecycle(ref.profile).getDeregistrationProtection(ref.region, ref.imageId, signal)));
      if (protection === undefined) return undefined;
      return (await protectionStands(ctx, ref, { ...subject, protection: parseProtection(protection, new Date()) })) ?? notificationText(written.error.message);
    }
    const outcome = lifecycleValueOf(written, ref.imageId);
    const result = deregisterResultText(ref.imageId, deleteSnapshots, outcome.snapshots, outcome.snapshotsUnknown ? 'The response was lost, so what happened to each snapshot is not known: check them in the EC2 console.' : outcome.notYetVisible);
    const text = notificationText(result.text);
    if (result.level === 'warning') void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
    return text;
  },
});
