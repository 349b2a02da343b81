/**
 * Who is calling, checked as AWS checks it: the access key must be one the emulator knows, the
 * SigV4 signature must be the one its secret gives for this very request (recomputed with the
 * SDK's own signer package, @smithy/signature-v4, so the check is the real algorithm), the date
 * must be within 15 minutes of the server's clock, and a temporary key (ASIA…) must carry the
 * session token the emulator issued with it, not yet expired.
 *
 * Also here: the table of keys (long-term test keys plus temporary ones the emulator issued), and a
 * signer for tests that send raw requests.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestKey } from './accounts';

/** How far a request's date may be from the server's clock (AWS: 15 minutes). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** A temporary key the emulator issued, as an STS call would. */
export interface TemporaryKey extends TestKey {
  readonly sessionToken: string;
  /** Milliseconds since the epoch (server clock). */
  readonly expiresAt: number;
  /**
   * 1: a token from the global STS endpoint (valid only in regions enabled by default);
   * 2: a token valid in every region.
   */
  readonly tokenVersion: 1 | 2;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface IssueOptions {
  /** Default: the emulator's default account. */
  account?: string;
  /** Default 2. */
  tokenVersion?: 1 | 2;
  /** Lifetime from now (server clock); negative = already expired. Default one hour. */
  expiresInMs?: number;
}

export class KeyTable {
  private readonly keys = new Map<string, TestKey>();
  private readonly temporary = new Map<string, TemporaryKey>();

  constructor(
    keys: Readonly<Record<string, TestKey>>,
    private readonly defaultAccount: string,
  ) {
    for (const [id, key] of Object.entries(keys)) this.keys.set(id, key);
  }

  longTerm(accessKeyId: string): TestKey | undefined {
    return this.keys.get(accessKeyId);
  }

  temporaryKey(accessKeyId: string): TemporaryKey | undefined {
    return this.temporary.get(accessKeyId);
  }

  /** A new ASIA… key with its secret and session token; `now` is the server's clock. */
  issue(opts: IssueOptions, now: number): IssuedCredentials {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const secret = randomBytes(30).toString('base64');
    const version = opts.tokenVersion ?? 2;
    // Shaped like the real ones: version 1 tokens are shorter and start differently.
    const sessionToken = `${version === 1 ? 'FwoGZXIvYXdzE' : 'IQoJb3JpZ2luX2VjE'}${randomBytes(version === 1 ? 150 : 400).toString('base64')}`;
    const expiresAt = now + (opts.expiresInMs ?? 3_600_000);
    this.temporary.set(accessKeyId, { secret, account: opts.account ?? this.defaultAccount, sessionToken, expiresAt, tokenVersion: version });
    return { accessKeyId, secretAccessKey: secret, sessionToken, expiration: new Date(expiresAt) };
  }
}

export interface RequestToCheck {
  method: string;
  /** Path without the query string, as received. */
  path: string;
  query: URLSearchParams;
  /** Node's lower-cased headers. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export type AuthFailureReason =
  /** No (or a malformed) Authorization header. */
  | 'missing'
  | 'unknownKey'
  | 'badSignature'
  /** A temporary key without a session token, or with one the emulator did not issue for it. */
  | 'badToken'
  | 'expiredToken'
  /** The request's date is more than 15 minutes from the server's clock. */
  | 'skewed';

export type AuthResult =
  | { ok: true; scope: Scope; account: string; temporary?: TemporaryKey }
  | { ok: false; reason: AuthFailureReason; scope?: Scope; account?: string };

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

/** The credential scope alone (region and service), read without checking anything. */
export function readScope(authorization: string | undefined): Scope | undefined {
  const m = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/.exec(authorization ?? '');
  return m ? { accessKeyId: m[1] as string, date: m[2] as string, region: m[3] as string, service: m[4] as string } : undefined;
}

function header(headers: RequestToCheck['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** `20261127T101500Z` → epoch ms; undefined when malformed. */
function parseAmzDate(value: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(new Uint8Array(data));
}

/** SHA-256 / HMAC-SHA256 over node:crypto, in the shape the signer takes. */
class Sha256 {
  private readonly hash;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    // One hash per use: the signer never reuses an instance.
  }
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of query) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The Authorization header SigV4 gives for this request with this secret, built by the SDK's
 * signer over exactly the headers the client said it signed.
 */
async function expectedAuthorization(req: RequestToCheck, scope: Scope, signedHeaders: string[], secret: string, sessionToken: string | undefined, date: number): Promise<string> {
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = header(req.headers, name) ?? '';
  const host = header(req.headers, 'host') ?? '';
  const signer = new SignatureV4({
    service: scope.service,
    region: scope.region,
    credentials: { accessKeyId: scope.accessKeyId, secretAccessKey: secret, ...(sessionToken !== undefined ? { sessionToken } : {}) },
    sha256: Sha256,
    // The JS SDK signs x-amz-content-sha256, botocore does not: add it only when the client did.
    applyChecksum: signedHeaders.includes('x-amz-content-sha256'),
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: host.replace(/:\d+$/, ''),
      path: req.path,
      query: queryRecord(req.query),
      headers,
      body: req.body,
    },
    { signingDate: new Date(date) },
  );
  return header(signed.headers as Record<string, string>, 'authorization') ?? '';
}

function signatureOf(authorization: string): string {
  return /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '';
}

/** Checks one request; `now` is the server's clock (a fault may move it). */
export async function checkRequest(req: RequestToCheck, keys: KeyTable, now: number): Promise<AuthResult> {
  const authorization = header(req.headers, 'authorization');
  const m = AUTHORIZATION.exec((authorization ?? '').trim());
  if (!m) {
    const scope = readScope(authorization);
    return scope ? { ok: false, reason: 'missing', scope } : { ok: false, reason: 'missing' };
  }
  const scope: Scope = { accessKeyId: m[1] as string, date: m[2] as string, region: m[3] as string, service: m[4] as string };
  const signedHeaders = (m[5] as string).split(';');
  const received = m[6] as string;

  const temporary = keys.temporaryKey(scope.accessKeyId);
  const key = temporary ?? keys.longTerm(scope.accessKeyId);
  if (!key) return { ok: false, reason: 'unknownKey', scope };
  const token = header(req.headers, 'x-amz-security-token');
  if (scope.accessKeyId.startsWith('ASIA') && (!temporary || token !== temporary.sessionToken || !signedHeaders.includes('x-amz-security-token'))) {
    return { ok: false, reason: 'badToken', scope, account: key.account };
  }

  const date = parseAmzDate(header(req.headers, 'x-amz-date')) ?? Date.parse(header(req.headers, 'date') ?? '');
  if (!Number.isFinite(date) || !signedHeaders.includes('host')) return { ok: false, reason: 'badSignature', scope, account: key.account };
  // A signed payload hash must be the body's: the signer trusts the header, so check it here.
  const payloadHash = header(req.headers, 'x-amz-content-sha256');
  if (payloadHash !== undefined && payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== createHash('sha256').update(req.body, 'utf8').digest('hex')) {
    return { ok: false, reason: 'badSignature', scope, account: key.account };
  }
  const expected = await expectedAuthorization(req, scope, signedHeaders, key.secret, temporary ? token : undefined, date);
  if (signatureOf(expected) !== received) return { ok: false, reason: 'badSignature', scope, account: key.account };

  if (Math.abs(now - date) > MAX_SKEW_MS) return { ok: false, reason: 'skewed', scope, account: key.account };
  if (temporary && temporary.expiresAt <= now) return { ok: false, reason: 'expiredToken', scope, account: key.account };
  return { ok: true, scope, account: key.account, ...(temporary ? { temporary } : {}) };
}

export interface SignOptions {
  url: string;
  service: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Form body (POST). */
  body: string;
  /** Default: now. */
  date?: Date;
  /** Sign x-amz-content-sha256 as the JS SDK does (default), or leave it out as botocore does. */
  payloadHashHeader?: boolean;
  // catalog (issue #11): JSON protocols (SSM) sign their own content type and X-Amz-Target.
  /** More headers to sign, replacing the defaults of the same name (e.g. content-type). */
  headers?: Record<string, string>;
}

/** Headers for a raw, correctly signed form POST (tests that need the envelope the SDK hides). */
export async function signFormPost(opts: SignOptions): Promise<Record<string, string>> {
  const url = new URL(opts.url);
  const signer = new SignatureV4({ service: opts.service, region: opts.region, credentials: opts.credentials, sha256: Sha256, applyChecksum: opts.payloadHashHeader ?? true });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname || '/',
      query: {},
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...(opts.headers ?? {}) },
      body: opts.body,
    },
    { signingDate: opts.date ?? new Date() },
  );
  return signed.headers as Record<string, string>;
}
