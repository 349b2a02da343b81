/**
 * The shape of one command: its id (from ids.ts), the title used in error messages and the
 * handler. Each command lives in its own file under src/commands/<area>/ and exports one of these.
 */
import type { CommandContext } from './context';
import type { CommandId } from './ids';

export interface Command {
  readonly id: CommandId;
  /** Used in error messages: "Copy Image ID failed: …". */
  readonly title: string;
  /** VS Code passes the clicked node and the selected nodes (tree menus), or the palette's nothing. */
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}

export function defineCommand(command: Command): Command {
  return command;
}
