/**
 * Every command of the tree in one table: id → handler, each wrapped so a failure is logged and
 * shown with its next step instead of surfacing as "command failed". Handlers live one file per
 * area (view, scope, region, image) and hold only the flow.
 */
import * as vscode from 'vscode';
import { oneLine } from '../model/format';
import { redact } from '../model/redact';
import type { ExtensionServices } from '../services';
import type { AmiTree } from '../tree/registerTree';
import { errorForLog, errorMessage } from '../util/log';
import { CommandError } from './commandErrors';
import { copyImageId, copyImageJson, openImageInConsole } from './imageCommands';
import { loadMoreImages, refreshRegion, retryRegion } from './regionCommands';
import { selectOwners, selectProfiles, selectRegions } from './scopeCommands';
import { clearFilter, filterImages, groupByTag, openSettings, refreshView } from './viewCommands';

/** What every handler receives first. */
export interface CommandContext {
  readonly services: ExtensionServices;
  readonly tree: AmiTree;
}

export type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;

interface CommandSpec {
  /** Used in error messages: "Copy Image ID failed: …". */
  title: string;
  run: CommandHandler;
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'amiExplorer.view.refresh': { title: 'Refresh', run: refreshView },
  'amiExplorer.view.filter': { title: 'Filter Images', run: filterImages },
  'amiExplorer.view.clearFilter': { title: 'Clear Filter', run: clearFilter },
  'amiExplorer.view.groupByTag': { title: 'Group by Tag', run: groupByTag },
  'amiExplorer.view.openSettings': { title: 'Open Settings', run: openSettings },
  'amiExplorer.profile.select': { title: 'Select Profiles', run: selectProfiles },
  'amiExplorer.regions.select': { title: 'Select Regions', run: selectRegions },
  'amiExplorer.owners.select': { title: 'Set Owner Scope', run: selectOwners },
  'amiExplorer.region.refresh': { title: 'Refresh Region', run: refreshRegion },
  'amiExplorer.region.retry': { title: 'Retry', run: retryRegion },
  'amiExplorer.images.loadMore': { title: 'Load More Images', run: loadMoreImages },
  'amiExplorer.ami.copyId': { title: 'Copy Image ID', run: copyImageId },
  'amiExplorer.ami.copyJson': { title: 'Copy as JSON', run: copyImageJson },
  'amiExplorer.ami.openInConsole': { title: 'Open in AWS Console', run: openImageInConsole },
};

export function registerCommands(ctx: CommandContext): void {
  for (const [id, spec] of Object.entries(COMMANDS)) {
    ctx.services.context.subscriptions.push(vscode.commands.registerCommand(id, wrapCommand(ctx, id, spec)));
  }
}

/** Runs a handler; logs and shows what failed, with the next step and a way to the log. */
export function wrapCommand(ctx: CommandContext, id: string, spec: CommandSpec): (...args: unknown[]) => Promise<unknown> {
  const log = ctx.services.log;
  return async (...args: unknown[]) => {
    try {
      return await spec.run(ctx, ...args);
    } catch (err) {
      const message = errorMessage(err);
      const nextStep = err instanceof CommandError ? err.nextStep : undefined;
      log.error(`${id}: ${errorForLog(err)}${nextStep ? ` ${nextStep}` : ''}`);
      if (!(err instanceof CommandError)) log.error(errorForLog(err, true));
      const actions = ['Show Log'];
      const kind = err instanceof CommandError ? err.failure?.kind : undefined;
      if (kind === 'noCredentials' || kind === 'profileNotFound' || kind === 'ssoExpired') actions.unshift('Select Profile');
      // The message can quote AWS's words (names, values): redacted, and on one visible line.
      const shown = oneLine(redact(`${spec.title} failed: ${message}${nextStep ? ` ${nextStep}` : ''}`));
      void vscode.window.showErrorMessage(shown, ...actions).then((choice) => {
        if (choice === 'Show Log') log.show(true);
        if (choice === 'Select Profile') void vscode.commands.executeCommand('amiExplorer.profile.select');
      });
      return undefined;
    }
  };
}
