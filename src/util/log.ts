/**
 * Helpers for the "AMI Explorer" log channel. Credentials never reach it: we log messages we
 * compose, and anything thrown goes through errorForLog, which redacts it.
 */
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
