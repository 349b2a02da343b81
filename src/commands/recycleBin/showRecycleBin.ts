/**
 * Show Recycle Bin: the images of a region's Recycle Bin (deregistered, kept by a retention rule)
 * with their retention end; choosing one offers Restore: its snapshots in the bin first, then the
 * image, each step in the progress, and the image comes back in the tree through the change flow.
 * From a region node, or the palette (profile and region picker).
 */
import * as vscode from 'vscode';
import { restoreFromRecycleBin } from '../../data/recycleBin';
import type { AmiRef } from '../../model/image';
import { binnedImageItem, describeRestore, emptyBinText, planRestore, type BinnedImage, type RestorePlan } from '../../model/recycleBin';
import { notificationText, pickText } from '../../model/text';
import { RegionNode } from '../../tree/regionNode';
import { pickProfile, pickRegion } from '../../ui/pickImage';
import { isRecord, isRegionName } from '../../webviews/guards';
import { defineCommand } from '../command';
import type { CommandContext } from '../context';
import { CommandError } from '../errors';
import { COMMAND_IDS } from '../ids';
import { valueOf, withProgress } from '../permissions/common';

type BinItem = vscode.QuickPickItem & { image: BinnedImage };
type ActionItem = vscode.QuickPickItem & { action: 'restore' | 'copyId' };

const TITLE = 'Show Recycle Bin';

/** The region: a region node, `{ region, profile? }` (tests, other commands), else the pickers. */
async function resolveRegion(ctx: CommandContext, arg: unknown): Promise<{ profile: string | undefined; region: string } | undefined> {
  if (arg instanceof RegionNode) return { profile: arg.profile, region: arg.region };
  if (isRecord(arg) && isRegionName(arg.region)) {
    if (arg.profile !== undefined && typeof arg.profile !== 'string') throw new CommandError('This command needs a region.');
    return { profile: arg.profile, region: arg.region };
  }
  if (arg !== undefined) throw new CommandError('This command needs a region.', 'Run it on a region in the AMI Explorer view, or from the Command Palette.');
  const chosen = await pickProfile(ctx.services, TITLE);
  if (!chosen) return undefined;
  const region = await pickRegion(ctx.services, chosen.profile, TITLE);
  return region ? { profile: chosen.profile, region } : undefined;
}

export default defineCommand({
  id: COMMAND_IDS.showRecycleBin,
  title: TITLE,
  async run(ctx, arg?: unknown): Promise<string | undefined> {
    const where = await resolveRegion(ctx, arg);
    if (!where) return undefined;
    const { profile, region } = where;
    const bin = ctx.services.aws().recycleBin(profile);
    const listed = valueOf(await withProgress(`Reading the Recycle Bin of ${region}…`, (signal) => bin.listImages(region, signal)));
    if (!listed) return undefined;
    if (listed.length === 0) {
      const text = notificationText(emptyBinText(region, profile));
      void vscode.window.showInformationMessage(text);
      return text;
    }
    const now = new Date();
    const items: BinItem[] = [...listed].sort((a, b) => (b.enterTime ?? '').localeCompare(a.enterTime ?? '')).map((image) => ({ image, ...binnedImageItem(image, now) }));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Recycle Bin of ${region}${profile ? ` (${pickText(profile)})` : ''}: ${listed.length === 1 ? '1 image' : `${listed.length} images`}`,
      placeHolder: 'Pick an image to restore',
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    const ref: AmiRef = { region, imageId: picked.image.imageId, ...(profile !== undefined ? { profile } : {}) };

    const plan = valueOf(
      await withProgress(`Looking for the snapshots of ${ref.imageId}…`, async (signal) => {
        const [binned, existing] = await Promise.all([bin.listSnapshots(region, signal), bin.listImageSnapshots(region, ref.imageId, signal)]);
        if (!binned.ok) return binned;
        if (!existing.ok) return existing;
        return { ok: true as const, value: planRestore(ref.imageId, binned.value, existing.value) };
      }),
    );
    if (!plan) return undefined;
    const action = await vscode.window.showQuickPick(actionItems(plan), { title: `${pickText(picked.label)} (${ref.imageId})`, placeHolder: 'What to do with it', ignoreFocusOut: true });
    if (!action) return undefined;
    if (action.action === 'copyId') {
      await vscode.env.clipboard.writeText(ref.imageId);
      vscode.window.setStatusBarMessage(`Copied ${ref.imageId}`, 3000);
      return ref.imageId;
    }
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Restoring ${ref.imageId} in ${region}`, cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        return restoreFromRecycleBin(ctx.services, ctx.writes, ref, plan, (text) => progress.report({ message: text }), controller.signal).finally(() => sub.dispose());
      },
    );
    const result = describeRestore(outcome);
    const text = notificationText(result.text);
    if (result.level === 'warning') void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
    return text;
  },
});

function actionItems(plan: RestorePlan): ActionItem[] {
  const steps = plan.snapshotsToRestore.length > 0 ? `Restores snapshot${plan.snapshotsToRestore.length === 1 ? '' : 's'} ${plan.snapshotsToRestore.join(', ')} first, then the image.` : 'Restores the image.';
  const kept = plan.existing.length > 0 ? ` Its snapshot${plan.existing.length === 1 ? '' : 's'} ${plan.existing.join(', ')} still exist${plan.existing.length === 1 ? 's' : ''}.` : '';
  const restore: ActionItem = plan.warning
    ? { action: 'restore', label: '$(warning) Restore anyway', detail: plan.warning }
    : { action: 'restore', label: '$(history) Restore', detail: `${steps}${kept}` };
  return [restore, { action: 'copyId', label: '$(copy) Copy Image ID' }];
}
