/**
 * Helpers for the "AMI Explorer" log channel. Credentials never reach it: the channel itself
 * redacts every line (redactingLog), and anything thrown goes through errorForLog, which redacts it.
 */
import type * as vscode from 'vscode';
import { redact } from '../model/redact';
import type { AwsFailure } from '../model/result';

/** One log line for a failure, with its kind, code, action and region when known. */
export function describeForLog(f: AwsFailure): string {
  const where = [f.profile ? `profile ${f.profile}` : undefined, f.region].filter(Boolean).join(', ');
  const what = [f.kind, f.code, f.action].filter(Boolean).join(' ');
  return `${f.message}${f.nextStep ? ` ${f.nextStep}` : ''} [${what}${where ? `; ${where}` : ''}]`;
}

/** Message of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

/**
 * Log text for anything thrown: its stack when asked for and present, else its message, always
 * redacted (an SDK error or a stack can quote a signed header or a credentials object).
 */
export function errorForLog(err: unknown, withStack = false): string {
  const text = withStack && err instanceof Error && err.stack ? err.stack : errorMessage(err);
  return redact(text);
}

/** One log line from a message and the extra arguments VS Code would append to it. */
function lineOf(message: string | Error, args: unknown[]): string {
  const parts = [message instanceof Error ? (message.stack ?? message.message) : message];
  for (const arg of args) {
    if (typeof arg === 'string') parts.push(arg);
    else if (arg instanceof Error) parts.push(arg.stack ?? arg.message);
    else {
      try {
        parts.push(JSON.stringify(arg) ?? String(arg));
      } catch {
        parts.push(String(arg));
      }
    }
  }
  return redact(parts.join(' '));
}

/**
 * The extension's log channel with every line redacted, whatever writes it (tree, commands,
 * webview hosts, the service layer): a message that quotes an error, a header or a credentials
 * object loses its secrets here, so no call site has to remember. Same type as the channel.
 * Given a function, the channel is created on the first use, not by activation.
 */
export function redactingLog(open: vscode.LogOutputChannel | (() => vscode.LogOutputChannel)): vscode.LogOutputChannel {
  let created: vscode.LogOutputChannel | undefined = typeof open === 'function' ? undefined : open;
  const channel = (): vscode.LogOutputChannel => (created ??= (open as () => vscode.LogOutputChannel)());
  return {
    get name() {
      return channel().name;
    },
    get logLevel() {
      return channel().logLevel;
    },
    get onDidChangeLogLevel() {
      return channel().onDidChangeLogLevel;
    },
    trace: (message: string, ...args: unknown[]) => channel().trace(lineOf(message, args)),
    debug: (message: string, ...args: unknown[]) => channel().debug(lineOf(message, args)),
    info: (message: string, ...args: unknown[]) => channel().info(lineOf(message, args)),
    warn: (message: string, ...args: unknown[]) => channel().warn(lineOf(message, args)),
    error: (error: string | Error, ...args: unknown[]) => channel().error(lineOf(error, args)),
    append: (value: string) => channel().append(redact(value)),
    appendLine: (value: string) => channel().appendLine(redact(value)),
    replace: (value: string) => channel().replace(redact(value)),
    clear: () => channel().clear(),
    show: (...args: unknown[]) => (channel().show as (...a: unknown[]) => void)(...args),
    hide: () => channel().hide(),
    dispose: () => created?.dispose(),
  };
}
