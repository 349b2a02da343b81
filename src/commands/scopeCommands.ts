/**
 * What the tree shows: which profiles, which regions, whose images. Each writes its setting; the
 * tree follows the settings change. An array argument (tests, keybindings) skips the picker.
 */
import * as vscode from 'vscode';
import type { OwnerScope } from '../aws/types';
import { Keys, ownersToSetting, parseAccountIds, parseOwners } from '../config';
import { pickText } from '../model/text';
import { updateSetting } from '../util/settings';
import { fromFailure } from './commandErrors';
import type { CommandContext } from './registerCommands';

function stringArray(arg: unknown): string[] | undefined {
  return Array.isArray(arg) && arg.every((v) => typeof v === 'string') ? (arg as string[]) : undefined;
}

export async function selectProfiles(ctx: CommandContext, arg?: unknown): Promise<void> {
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
}

export async function selectRegions(ctx: CommandContext, arg?: unknown): Promise<void> {
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
}

type ScopeItem = vscode.QuickPickItem & { scope: OwnerScope['kind'] };

export async function selectOwners(ctx: CommandContext, arg?: unknown): Promise<void> {
  const given = stringArray(arg);
  if (given) {
    const { invalid } = parseOwners(given);
    if (invalid.length > 0) throw new Error(`Not an owner scope: ${invalid.join(', ')}`);
    await updateSetting(Keys.owners, given);
    return;
  }
  const current = ctx.services.settings().owners;
  const has = (kind: OwnerScope['kind']): boolean => current.some((s) => s.kind === kind);
  const currentIds = current.flatMap((s) => (s.kind === 'accounts' ? s.accountIds : []));
  const items: ScopeItem[] = [
    { scope: 'self', label: 'Owned by me', description: 'Owners=self', picked: has('self') },
    { scope: 'sharedWithMe', label: 'Shared with me', description: 'launch permission granted to my account', picked: has('sharedWithMe') },
    { scope: 'amazon', label: 'Amazon', description: 'Owners=amazon', picked: has('amazon') },
    { scope: 'marketplace', label: 'AWS Marketplace', description: 'Owners=aws-marketplace', picked: has('marketplace') },
    {
      scope: 'accounts',
      label: 'Specific account IDs…',
      description: currentIds.length > 0 ? currentIds.join(', ') : undefined,
      picked: has('accounts'),
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Set Owner Scope',
    placeHolder: 'Whose images to list (several allowed)',
    canPickMany: true,
  });
  if (!picked) return;
  const scopes: OwnerScope[] = [];
  for (const item of picked) {
    if (item.scope === 'accounts') {
      const input = await vscode.window.showInputBox({
        title: 'Account IDs',
        prompt: 'Images owned by these 12-digit AWS account IDs (separated by commas or spaces)',
        value: currentIds.join(', '),
        ignoreFocusOut: true,
        validateInput: (text) => {
          const r = parseAccountIds(text);
          return 'error' in r ? r.error : undefined;
        },
      });
      if (input === undefined) return;
      const r = parseAccountIds(input);
      if ('ids' in r) scopes.push({ kind: 'accounts', accountIds: r.ids });
    } else {
      scopes.push({ kind: item.scope } as OwnerScope);
    }
  }
  await updateSetting(Keys.owners, scopes.length > 0 ? ownersToSetting(scopes) : ['self']);
}
