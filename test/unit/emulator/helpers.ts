/**
 * Shared by the emulator's tests: an SDK client pointed at the emulator, and a raw, correctly
 * signed POST for the envelope details the SDK hides.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { signFormPost, TEST_KEYS } from '../../emulator/index';

export const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const OTHER_ACCESS_KEY = 'AKIA_OTHER_ACCOUNT_1';
export const THIRD_ACCESS_KEY = 'AKIA_THIRD_ACCOUNT_1';

/** The secret the emulator holds for a test key ('' for a key it does not know). */
export function secretOf(accessKeyId: string): string {
  return Object.prototype.hasOwnProperty.call(TEST_KEYS, accessKeyId) ? TEST_KEYS[accessKeyId].secret : '';
}

export function client(
  url: string,
  opts: { region?: string; accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; maxAttempts?: number } = {},
): EC2Client {
  const accessKeyId = opts.accessKeyId ?? ACCESS_KEY;
  return new EC2Client({
    region: opts.region ?? 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId, secretAccessKey: opts.secretAccessKey ?? secretOf(accessKeyId), ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}) },
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

export interface RawResponse {
  status: number;
  body: string;
  headers: Headers;
}

/** POSTs form parameters signed with SigV4 by the test key (or unsigned with auth: false). */
export async function rawPost(
  url: string,
  params: Record<string, string>,
  opts: { region?: string; accessKeyId?: string; secretAccessKey?: string; service?: string; auth?: boolean; version?: string; payloadHashHeader?: boolean } = {},
): Promise<RawResponse> {
  const body = new URLSearchParams({ Version: opts.version ?? '2016-11-15', ...params }).toString();
  const accessKeyId = opts.accessKeyId ?? ACCESS_KEY;
  const headers =
    opts.auth === false
      ? { 'content-type': 'application/x-www-form-urlencoded' }
      : await signFormPost({
          url: `${url}/`,
          service: opts.service ?? 'ec2',
          region: opts.region ?? 'us-east-1',
          credentials: { accessKeyId, secretAccessKey: opts.secretAccessKey ?? secretOf(accessKeyId) },
          body,
          ...(opts.payloadHashHeader !== undefined ? { payloadHashHeader: opts.payloadHashHeader } : {}),
        });
  const res = await fetch(`${url}/`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** The error code of a rejected SDK call (fails the test when the call succeeded). */
export async function errorOf(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
