/**
 * The SDK's own logger (client config `logger`), wired to the service layer's log, which redacts
 * every line (safeLogger): the SDK logs each command's input and, on failure, the error it threw,
 * whose message can quote what a server echoed back (a signed header, a token).
 */
import { inspect } from 'node:util';
import type { EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { LogFn, LogLevel } from './redact';

export type SdkLogger = NonNullable<EC2ClientConfig['logger']>;

/**
 * The SDK's record of a successful command carries its whole output (for DescribeImages, every
 * image of the page): kept out of the log, which already says the call succeeded and how fast.
 */
function withoutOutput(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'output' in value) {
    return { ...(value as Record<string, unknown>), output: '[not logged]' };
  }
  return value;
}

/** One log line from what the SDK passed to one logger call. */
export function sdkLogLine(content: unknown[]): string {
  const parts = content.map((c) => (typeof c === 'string' ? c : inspect(withoutOutput(c), { depth: 4, breakLength: Infinity })));
  return `SDK: ${parts.join(' ')}`;
}

/**
 * The SDK's levels onto the layer's: its chatter (trace, debug, the per-command info record) at
 * trace; a command's failure at debug, since the layer reports failures itself as Results; its
 * warnings as warnings.
 */
export function sdkLogger(log: LogFn): SdkLogger {
  const at = (level: LogLevel) => (...content: unknown[]): void => log(level, sdkLogLine(content));
  return { trace: at('trace'), debug: at('trace'), info: at('trace'), warn: at('warn'), error: at('debug') };
}
