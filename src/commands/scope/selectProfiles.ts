/** Select Profiles…: which AWS profiles the view shows. An array argument skips the picker. */
import * as vscode from 'vscode';
import { Keys } from '../../config';
import { pickText } from '../../model/text';
import { updateSetting } from '../../util/settings';
import { defineCommand } from '../command';
import { fromFailure } from '../errors';
import { COMMAND_IDS } from '../ids';
import { stringArray } from './arguments';

export default defineCommand({
  id: COMMAND_IDS.selectProfiles,
  title: 'Select Profiles',
  async run(ctx, arg?: unknown) {
      const given = stringArray(arg);
      if (given) {
        await updateSetting(Keys.profiles, given);
        return;
      }
      const aws = ctx.services.aws();
      const found = await aws.listProfiles();
      if (!found.ok) throw fromFailure(found.error);
      const current = ctx.services.settings().profiles;
      const fallback = await aws.getDefaultProfile();
      if (found.value.length === 0) {
        void vscode.window.showInformationMessage(
          'No AWS profiles were found in the shared config and credentials files. Configure one with `aws configure` or `aws configure sso`, or use environment credentials.',
        );
        return;
      }
      type ProfileItem = vscode.QuickPickItem & { name: string };
      const items: ProfileItem[] = found.value.map((p) => ({
        name: p.name,
        label: pickText(p.name),
        description: pickText([p.kind === 'static' ? undefined : p.kind, p.region, p.name === fallback ? 'default' : undefined].filter(Boolean).join(' · ')),
        picked: current.includes(p.name),
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Select Profiles',
        placeHolder: 'Profiles to show. None selected: the default profile (AWS_PROFILE, else "default").',
        canPickMany: true,
      });
      if (!picked) return;
      await updateSetting(Keys.profiles, picked.map((p) => p.name));
  },
});
