/**
 * Disable…: reads the owned image, its launch permissions and what still uses it; a modal warns
 * that every launch permission is removed and that enabling does not restore them, names the
 * image, region and account, and lists the references; DisableImage. The image stays in the
 * owner's tree, marked disabled.
 */
import * as vscode from 'vscode';
import { confirmDisableText, DISABLE } from '../../model/lifecycle';
import { notificationText } from '../../model/text';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveLifecycleSubject, runWrite, showWriteResult, withProgress } from './retireShared';

export default defineCommand({
  id: COMMAND_IDS.disable,
  title: 'Disable',
  async run(ctx, node?: unknown): Promise<string | undefined> {
    const resolved = await resolveLifecycleSubject(ctx, node, 'Disable…', true);
    if (!resolved) return undefined;
    const { ref, subject } = resolved;
    if (subject.image.state !== 'available') {
      const text = notificationText(`${ref.imageId} is ${subject.image.state}: only an available image can be disabled. Nothing was sent.`);
      void vscode.window.showWarningMessage(text);
      return text;
    }
    // How many launch permissions go (owner only; when it cannot be read the warning still says every one goes).
    const perms = await withProgress(`Reading the launch permissions of ${ref.imageId}…`, (signal) => ctx.services.aws().images(ref.profile).getLaunchPermissions(ref.region, ref.imageId, signal));
    const shares = perms.ok ? { isPublic: perms.value.public, sharedWith: perms.value.accounts.length + perms.value.orgArns.length + perms.value.ouArns.length } : {};
    const confirm = confirmDisableText({
      image: subject.image,
      region: ref.region,
      ...shares,
      ...(subject.accountId ? { accountId: subject.accountId } : {}),
      ...(ref.profile ? { profile: ref.profile } : {}),
      ...(subject.references ? { references: subject.references } : {}),
      ...(subject.referencesError !== undefined ? { referencesError: subject.referencesError } : {}),
    });
    const choice = await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, DISABLE);
    if (choice !== DISABLE) return undefined;
    const outcome = await runWrite(`Disabling ${ref.imageId}…`, ref, (signal) => ctx.writes.disableImage(ref, signal));
    return showWriteResult(outcome, `${ref.imageId} is disabled: it cannot be launched and its launch permissions were removed. Enable it to launch it again (share it again afterwards).`);
  },
});
