/**
 * The one registration path: every command of ALL_COMMANDS (src/commands/all.ts) is registered
 * here, wrapped so a failure is logged (redacted) and shown with its next step and a way to the
 * log, instead of surfacing as "command failed".
 */
import * as vscode from 'vscode';
import { redact } from '../model/redact';
import { notificationText } from '../model/text';
import { errorForLog, errorMessage } from '../util/log';
import { ALL_COMMANDS } from './all';
import type { Command } from './command';
import type { CommandContext } from './context';
import { CommandError } from './errors';
import { COMMAND_IDS } from './ids';

export function registerCommands(ctx: CommandContext, commands: readonly Command[] = ALL_COMMANDS): void {
  for (const command of commands) {
    ctx.services.context.subscriptions.push(vscode.commands.registerCommand(command.id, wrapCommand(ctx, command)));
  }
}

/** Runs a handler; logs and shows what failed, with the next step and a way to the log. */
export function wrapCommand(ctx: CommandContext, command: Pick<Command, 'id' | 'title' | 'run'>): (...args: unknown[]) => Promise<unknown> {
  const log = ctx.services.log;
  return async (...args: unknown[]) => {
    try {
      return await command.run(ctx, ...args);
    } catch (err) {
      const message = errorMessage(err);
      const nextStep = err instanceof CommandError ? err.nextStep : undefined;
      log.error(`${command.id}: ${errorForLog(err)}${nextStep ? ` ${nextStep}` : ''}`);
      if (!(err instanceof CommandError)) log.error(errorForLog(err, true));
      const actions = ['Show Log'];
      const kind = err instanceof CommandError ? err.failure?.kind : undefined;
      if (kind === 'noCredentials' || kind === 'profileNotFound' || kind === 'ssoExpired') actions.unshift('Select Profile');
      // The message can quote AWS's words (names, values): redacted, on one visible line, no links.
      const shown = notificationText(redact(`${command.title} failed: ${message}${nextStep ? ` ${nextStep}` : ''}`));
      void vscode.window.showErrorMessage(shown, ...actions).then((choice) => {
        if (choice === 'Show Log') log.show(true);
        if (choice === 'Select Profile') void vscode.commands.executeCommand(COMMAND_IDS.selectProfiles);
      });
      return undefined;
    }
  };
}
