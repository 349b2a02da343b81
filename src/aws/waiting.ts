/**
 * What the SDK's waiters need from us. A waiter's acceptors retry every error of its polling call
 * until the maximum wait, which would hide for minutes (or hours) an error that retrying cannot
 * mend. `stoppingClient` hands the waiter a client whose calls stop the wait at the first such
 * error and keep it, so the wait ends with that error instead.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { toFailure } from './errors';

/**
 * Whether an error of a waiter's polling call ends the wait: a 4xx that retrying cannot mend
 * (access denied, rejected credentials, a bad request). Not throttling, server or network errors,
 * and not `transientCode` (e.g. InvalidInstanceID.NotFound, which EC2 answers for a while right
 * after a launch).
 */
export function endsWait(err: unknown, transientCode?: string): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  if (status === undefined || status < 400 || status >= 500 || status === 429) return false;
  return (transientCode === undefined || e.name !== transientCode) && toFailure(err).kind !== 'throttled';
}

export interface StoppingClient {
  /** The client to give the waiter: `client` whose `send` aborts `stop` at a final error. */
  readonly client: EC2Client;
  /** The error that stopped the wait, if one did. */
  fatal(): unknown;
}

/** A view of `client` for a waiter: a call failing with an error `ends` says is final aborts `stop` (once) and is remembered. */
export function stoppingClient(client: EC2Client, stop: AbortController, ends: (err: unknown) => boolean): StoppingClient {
  let fatal: unknown;
  const send = (command: unknown, ...rest: unknown[]): Promise<unknown> =>
    (client.send as (command: unknown, ...rest: unknown[]) => Promise<unknown>).call(client, command, ...rest).catch((err: unknown) => {
      if (fatal === undefined && ends(err)) {
        fatal = err;
        stop.abort();
      }
      throw err;
    });
  return { client: Object.create(client, { send: { value: send } }) as EC2Client, fatal: () => fatal };
}
