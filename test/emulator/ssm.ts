/**
 * catalog (issue #11): the part of AWS Systems Manager the catalog reads, over SSM's JSON protocol
 * (awsJson1_1): POST `/` with `X-Amz-Target: AmazonSSM.<Operation>` and a JSON body; answers are
 * JSON, errors HTTP 400 (500 for InternalServerError) with `{"__type": "<Code>", "message": "..."}`
 * (the SDK reads the code from `__type`, or from the `x-amzn-ErrorType` header, which we send too).
 *
 * Operations: GetParameters (1..10 names; the unknown ones in InvalidParameters), GetParameter
 * (ParameterNotFound), GetParametersByPath (Path, Recursive, MaxResults 1..10, NextToken). Like SSM,
 * GetParametersByPath counts MaxResults against the parameters it walks (in name order), not the
 * ones it returns: a page can hold no parameter and still carry a NextToken.
 *
 * The server (server.ts) routes here when the SigV4 credential scope names `ssm`.
 */
import type * as http from 'node:http';
import type { AuthFailureReason } from './sigv4';
import { SsmParameterStore, type EmuParameter } from './ssmStore';

export const SSM_TARGET_PREFIX = 'AmazonSSM.';
export const SSM_CONTENT_TYPE = 'application/x-amz-json-1.1';
/** Most names GetParameters takes, and most parameters GetParametersByPath walks per page. */
export const SSM_MAX_NAMES = 10;
export const SSM_MAX_RESULTS = 10;

/** An SSM error as the JSON protocol sends it. */
export class SsmError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SsmError';
  }
}

/** SSM's answer to each way a signature check fails (JSON services answer them with HTTP 400). */
export const SSM_AUTH_ERRORS: Record<AuthFailureReason, [string, string]> = {
  missing: ['MissingAuthenticationTokenException', 'Missing Authentication Token'],
  unknownKey: ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  badSignature: [
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ],
  badToken: ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
  expiredToken: ['ExpiredTokenException', 'The security token included in the request is expired'],
  skewed: ['InvalidSignatureException', 'Signature expired: the request date is more than 15 minutes from the server time.'],
};

/** What SSM answers for a region the account has not enabled, or a token not valid there. */
export function ssmRegionRefused(): SsmError {
  return new SsmError('UnrecognizedClientException', 'The security token included in the request is invalid.');
}

/**
 * The emulator's injected faults (faults.ts speaks EC2's codes) in SSM's words: throttling is
 * ThrottlingException (HTTP 400, "Rate exceeded"), a server error InternalServerError (500), a
 * denied action AccessDeniedException, a failing region UnrecognizedClientException.
 */
export function ssmFault(ec2Code: string, account: string, region: string, action: string): SsmError {
  switch (ec2Code) {
    case 'RequestLimitExceeded':
      return new SsmError('ThrottlingException', 'Rate exceeded');
    case 'InternalError':
      return new SsmError('InternalServerError', 'An internal error has occurred', 500);
    case 'UnauthorizedOperation':
      return new SsmError(
        'AccessDeniedException',
        `User: arn:aws:iam::${account}:user/emulator-user is not authorized to perform: ssm:${action} on resource: arn:aws:ssm:${region}::parameter/aws/service/* because no identity-based policy allows the ssm:${action} action`,
      );
    default:
      return ssmRegionRefused();
  }
}

/** The operation named by `X-Amz-Target` ('' when the header is missing or not SSM's). */
export function ssmOperation(headers: http.IncomingHttpHeaders): string {
  const raw = headers['x-amz-target'];
  const target = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
  return target.startsWith(SSM_TARGET_PREFIX) ? target.slice(SSM_TARGET_PREFIX.length) : '';
}

/** The JSON body, or a SerializationException. An empty body is `{}`. */
export function parseSsmBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new SsmError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SsmError('SerializationException', 'Start of structure or map found where not expected.');
  return parsed as Record<string, unknown>;
}

/** The request as the request log keeps it: arrays flattened to `Key.1`, `Key.2`… as EC2's are. */
export function ssmLogParams(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    if (Array.isArray(value)) value.forEach((v, i) => (out[`${key}.${i + 1}`] = typeof v === 'string' ? v : JSON.stringify(v)));
    else if (typeof value === 'object' && value !== null) out[key] = JSON.stringify(value);
    else out[key] = String(value);
  }
  return out;
}

export interface SsmContext {
  region: string;
  parameters: SsmParameterStore;
}

type SsmOperation = (input: Record<string, unknown>, ctx: SsmContext) => unknown;

function validation(message: string): SsmError {
  return new SsmError('ValidationException', `1 validation error detected: ${message}`);
}

function wire(p: EmuParameter, region: string): Record<string, unknown> {
  return {
    ARN: SsmParameterStore.arn(region, p.name),
    DataType: p.dataType,
    LastModifiedDate: p.lastModified / 1000,
    Name: p.name,
    Type: p.type,
    Value: p.value,
    Version: p.version,
  };
}

function stringList(input: Record<string, unknown>, key: string, field: string): string[] {
  const value = input[key];
  if (value === undefined || value === null) throw validation(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new SsmError('SerializationException', `Unexpected value type in payload for ${key}`);
  return value as string[];
}

function requiredString(input: Record<string, unknown>, key: string, field: string): string {
  const value = input[key];
  if (value === undefined || value === null) throw validation(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (typeof value !== 'string') throw new SsmError('SerializationException', `Unexpected value type in payload for ${key}`);
  if (value.length === 0) throw validation(`Value '' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  return value;
}

const getParameters: SsmOperation = (input, ctx) => {
  const names = stringList(input, 'Names', 'names');
  if (names.length === 0) throw validation(`Value '[]' at 'names' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (names.length > SSM_MAX_NAMES) {
    throw validation(`Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to ${SSM_MAX_NAMES}`);
  }
  const parameters: Record<string, unknown>[] = [];
  const invalid: string[] = [];
  for (const name of new Set(names)) {
    const p = ctx.parameters.get(ctx.region, name);
    if (p) parameters.push(wire(p, ctx.region));
    else invalid.push(name);
  }
  return { InvalidParameters: invalid, Parameters: parameters };
};

const getParameter: SsmOperation = (input, ctx) => {
  const name = requiredString(input, 'Name', 'name');
  const p = ctx.parameters.get(ctx.region, name);
  if (!p) throw new SsmError('ParameterNotFound', `Parameter ${name} not found.`);
  return { Parameter: wire(p, ctx.region) };
};

interface PathToken {
  p: string;
  r: boolean;
  o: number;
}

function encodeToken(t: PathToken): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64');
}

function decodeToken(token: string, path: string, recursive: boolean): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as PathToken;
    if (t.p === path && t.r === recursive && Number.isInteger(t.o) && t.o >= 0) return t.o;
  } catch {
    // falls through to the error
  }
  throw new SsmError('InvalidNextToken', 'The specified token is not valid.');
}

const getParametersByPath: SsmOperation = (input, ctx) => {
  const rawPath = requiredString(input, 'Path', 'path');
  if (!rawPath.startsWith('/')) throw validation(`Value '${rawPath}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(/[\\w\\.\\-]+)*/?$`);
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  const recursive = input.Recursive === true;
  const max = input.MaxResults ?? SSM_MAX_RESULTS;
  if (typeof max !== 'number' || !Number.isInteger(max)) throw new SsmError('SerializationException', 'Unexpected value type in payload for MaxResults');
  if (max < 1) throw validation(`Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  if (max > SSM_MAX_RESULTS) throw validation(`Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${SSM_MAX_RESULTS}`);
  const token = input.NextToken;
  if (token !== undefined && typeof token !== 'string') throw new SsmError('SerializationException', 'Unexpected value type in payload for NextToken');
  const offset = token !== undefined && token !== '' ? decodeToken(token, path, recursive) : 0;

  const prefix = path === '/' ? '/' : `${path}/`;
  const under = (name: string): boolean => name.startsWith(prefix) && (recursive || !name.slice(prefix.length).includes('/'));
  // The walk covers every parameter of the region in name order; the page is the walked window's matches.
  const all = ctx.parameters.list(ctx.region);
  const window = all.slice(offset, offset + max);
  const out: Record<string, unknown> = { Parameters: window.filter((p) => under(p.name)).map((p) => wire(p, ctx.region)) };
  if (offset + max < all.length) out.NextToken = encodeToken({ p: path, r: recursive, o: offset + max });
  return out;
};

export const SSM_OPERATIONS: Readonly<Record<string, SsmOperation>> = {
  GetParameters: getParameters,
  GetParameter: getParameter,
  GetParametersByPath: getParametersByPath,
};

/** Runs one operation: the JSON answer, or throws SsmError. */
export function runSsm(operation: string, input: Record<string, unknown>, ctx: SsmContext): unknown {
  const op = Object.prototype.hasOwnProperty.call(SSM_OPERATIONS, operation) ? SSM_OPERATIONS[operation] : undefined;
  if (!op) throw new SsmError('UnknownOperationException', operation === '' ? 'Missing or unknown X-Amz-Target.' : `The operation ${operation} is not served by the emulator.`);
  return op(input, ctx);
}

/** Sends a JSON answer; `now` is the server's clock (the Date header). */
export function sendSsm(res: http.ServerResponse, status: number, payload: unknown, requestId: string, now: number, errorCode?: string): void {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  res.writeHead(status, {
    'Content-Type': SSM_CONTENT_TYPE,
    'Content-Length': body.length,
    'x-amzn-RequestId': requestId,
    ...(errorCode ? { 'x-amzn-ErrorType': errorCode } : {}),
    Date: new Date(now).toUTCString(),
  });
  res.end(body);
}

/** The JSON error body awsJson1_1 clients parse. */
export function ssmErrorBody(e: SsmError): { __type: string; message: string } {
  return { __type: e.code, message: e.message };
}
