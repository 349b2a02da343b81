/** Select Regions…: which regions the view shows (none: every enabled region). An array argument skips the picker. */
import * as vscode from 'vscode';
import { Keys } from '../../config';
import { updateSetting } from '../../util/settings';
import { defineCommand } from '../command';
import { fromFailure } from '../errors';
import { COMMAND_IDS } from '../ids';
import { stringArray } from './arguments';

export default defineCommand({
  id: COMMAND_IDS.selectRegions,
  title: 'Select Regions',
  async run(ctx, arg?: unknown) {
      const given = stringArray(arg);
      if (given) {
        await updateSetting(Keys.regions, given);
        return;
      }
      const settings = ctx.services.settings();
      const aws = ctx.services.aws();
      const profile = settings.profiles[0] ?? (await aws.getDefaultProfile());
      const listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Listing enabled regions…' }, () =>
        aws.listRegions(profile, undefined, { ignoreConfigured: true }),
      );
      if (!listed.ok) throw fromFailure(listed.error);
      const names = listed.value.map((r) => r.name);
      for (const r of settings.regions) if (!names.includes(r)) names.push(r);
      const items = names.map((name) => ({ label: name, picked: settings.regions.includes(name) }));
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Select Regions',
        placeHolder: 'Regions to show. None selected: every enabled region.',
        canPickMany: true,
      });
      if (!picked) return;
      await updateSetting(Keys.regions, picked.map((p) => p.label));
  },
});
