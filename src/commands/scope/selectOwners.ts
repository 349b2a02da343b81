/** Set Owner Scope…: whose images the view lists. An array argument skips the picker. */
import * as vscode from 'vscode';
import type { OwnerScope } from '../../aws/types';
import { Keys, ownersToSetting, parseAccountIds, parseOwners } from '../../config';
import { updateSetting } from '../../util/settings';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { stringArray } from './arguments';

type ScopeItem = vscode.QuickPickItem & { scope: OwnerScope['kind'] };

export default defineCommand({
  id: COMMAND_IDS.selectOwners,
  title: 'Set Owner Scope',
  async run(ctx, arg?: unknown) {
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
  },
});
