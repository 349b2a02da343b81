/**
 * Shared by the emulator's tests: an SDK client pointed at the emulator, and a raw POST for the
 * envelope details the SDK hides.
 */
import { EC2Client } from '@aws-sdk/client-ec2';

export const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const OTHER_ACCESS_KEY = 'AKIA_OTHER_ACCOUNT_1';
export const THIRD_ACCESS_KEY = 'AKIA_THIRD_ACCOUNT_1';

export function client(url: string, opts: { region?: string; accessKeyId?: string; maxAttempts?: number } = {}): EC2Client {
  return new EC2Client({
    region: opts.region ?? 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: opts.accessKeyId ?? ACCESS_KEY, secretAccessKey: 'x' },
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

export interface RawResponse {
  status: number;
  body: string;
  headers: Headers;
}

/** POSTs form parameters with a SigV4-shaped Authorization header (the emulator reads only the scope). */
export async function rawPost(
  url: string,
  params: Record<string, string>,
  opts: { region?: string; accessKeyId?: string; auth?: boolean } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (opts.auth !== false) {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${opts.accessKeyId ?? ACCESS_KEY}/20261127/${opts.region ?? 'us-east-1'}/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`;
  }
  const res = await fetch(`${url}/`, { method: 'POST', headers, body: new URLSearchParams({ Version: '2016-11-15', ...params }).toString() });
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
