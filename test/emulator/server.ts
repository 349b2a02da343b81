/**
 * The HTTP side: form-encoded POST (or GET with a query string) to `/`, the caller checked from
 * its SigV4 signature (sigv4.ts: key, secret, date, session token; region and service from the
 * credential scope), routing by that service (ec2, or sts for GetCallerIdentity, or ssm: its JSON
 * protocol in ssm.ts), fault injection, dispatch, and the XML envelopes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ec2Error } from './errors';
import type { FaultState } from './faults';
import type { OperationContext } from './operations/context';
import { OPERATIONS } from './operations/index';
import type { Params } from './params';
import type { EmulatorStore } from './store';
import { checkRequest, readScope, type AuthFailureReason, type AuthResult, type KeyTable } from './sigv4';
import { callerIdentity, stsError, type StsErrorName } from './sts';
// catalog (issue #11): SSM over its JSON protocol
import { parseSsmBody, runSsm, SSM_OPERATIONS, sendSsm, ssmErrorBody, ssmFault, ssmLogParams, ssmOperation, ssmRegionRefused, SsmError, SSM_AUTH_ERRORS } from './ssm';
import type { EmuImage } from './types';
import { errorEnvelope, responseEnvelope } from './xml';

export interface RequestLogEntry {
  /** 'ec2', 'sts' or 'ssm', from the credential scope (ec2 when there is none). */
  service: string;
  action: string;
  region: string;
  account: string;
  params: Record<string, string>;
  /** HTTP status answered; 0 when the connection was dropped. Set once the call completes. */
  status?: number;
  /** Error code when the call failed. */
  errorCode?: string;
  // tree (issue #12): when calls overlapped (the tree loads regions concurrently)
  /** When the request had arrived (its body read), ms since the epoch (the real clock). */
  startedAt: number;
  /** When the answer was sent (or the connection dropped), ms since the epoch; unset while in progress. */
  endedAt?: number;
}

export interface ServerDeps {
  store: EmulatorStore;
  faults: FaultState;
  keys: KeyTable;
  defaultAccount: string;
  requests: RequestLogEntry[];
}

/** EC2's answer to each way a signature check fails. */
const EC2_AUTH_ERRORS: Record<AuthFailureReason, [string, string]> = {
  missing: ['AuthFailure', 'AWS was not able to validate the provided access credentials'],
  unknownKey: ['AuthFailure', 'AWS was not able to validate the provided access credentials'],
  badSignature: ['AuthFailure', 'AWS was not able to validate the provided access credentials'],
  badToken: ['AuthFailure', 'AWS was not able to validate the provided access credentials'],
  expiredToken: ['RequestExpired', 'Request has expired.'],
  skewed: ['RequestExpired', 'Request has expired.'],
};

/** STS's. */
const STS_AUTH_ERRORS: Record<AuthFailureReason, StsErrorName> = {
  missing: 'MissingAuthenticationToken',
  unknownKey: 'InvalidClientTokenId',
  badSignature: 'SignatureDoesNotMatch',
  badToken: 'InvalidClientTokenId',
  expiredToken: 'ExpiredToken',
  skewed: 'SignatureExpired',
};
const MAX_BODY = 10 * 1024 * 1024;

export function createEc2Server(deps: ServerDeps): http.Server {
  const tokenSecret = randomBytes(16).toString('hex');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      handle(deps, tokenSecret, req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        // Never leave a request hanging on an emulator bug: answer InternalError and say why.
        const requestId = randomUUID();
        if (!res.headersSent && !res.destroyed) send(res, 500, errorEnvelope('InternalError', `Emulator error: ${String(err)}`, requestId), requestId, deps.faults.now());
      });
    });
  });
  // Node closes an idle kept-alive socket after 5 s; a client busy parsing a large page for longer
  // would then reuse a socket the server is closing (ECONNRESET). AWS keeps them open far longer.
  server.keepAliveTimeout = 60_000;
  return server;
}

async function handle(deps: ServerDeps, tokenSecret: string, req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
  const startedAt = Date.now(); // tree (issue #12)
  const requestId = randomUUID();
  const now = deps.faults.now();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  // catalog (issue #11): SSM's body is JSON (read in serveSsm), not form parameters.
  const ssm = readScope(req.headers.authorization)?.service === 'ssm';
  if (req.method === 'POST' && !ssm) for (const [k, v] of new URLSearchParams(body)) params[k] = v;

  const action = ssm ? ssmOperation(req.headers) : (params.Action ?? '');
  const auth = await authenticate(deps, req, url, body, now);
  const scope = auth.scope ?? readScope(req.headers.authorization);
  const region = scope?.region ?? '';
  const service = scope?.service ?? 'ec2';
  const account = auth.account ?? deps.defaultAccount;
  const logged: Params = { ...params };
  delete logged.Action;
  delete logged.Version;
  const entry: RequestLogEntry = { service, action, region, account, params: logged, startedAt };
  deps.requests.push(entry);
  // tree (issue #12): the end of the call, answered or dropped
  const ended = (): void => {
    entry.endedAt ??= Date.now();
  };
  res.once('finish', ended);
  res.once('close', ended);

  const fail = (e: Ec2Error): void => {
    entry.status = e.status;
    entry.errorCode = e.code;
    send(res, e.status, errorEnvelope(e.code, e.message, requestId), requestId, now);
  };
  const failSts = (name: StsErrorName): void => {
    const { status, xml } = stsError(name, requestId);
    entry.status = status;
    entry.errorCode = name === 'SignatureExpired' ? 'SignatureDoesNotMatch' : name;
    send(res, status, xml, requestId, now);
  };

  if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
    return fail(new Ec2Error('InvalidAction', `The action or operation requested is not valid. Use ${req.method ?? ''} ${url.pathname} on / instead.`));
  }
  const regionInfo = deps.store.getRegion(region);
  // A version 1 token (global STS endpoint) is valid only in regions enabled by default.
  const v1InOptInRegion = auth.ok && auth.temporary?.tokenVersion === 1 && regionInfo?.optInStatus === 'opted-in';

  // catalog (issue #11)
  if (ssm) return serveSsm(deps, req, res, body, { auth, entry, region, account, requestId, now, v1InOptInRegion });

  if (service === 'sts') {
    if (!auth.ok) return failSts(STS_AUTH_ERRORS[auth.reason]);
    if (!deps.store.isRegionEnabled(region)) return failSts('RegionDisabledException');
    if (v1InOptInRegion) return failSts('InvalidClientTokenId');
    if (action !== 'GetCallerIdentity') return failSts('InvalidAction');
    entry.status = 200;
    send(res, 200, callerIdentity({ account, accessKeyId: auth.scope.accessKeyId, temporary: auth.temporary !== undefined }, requestId), requestId, now);
    return;
  }
  if (service !== 'ec2') return fail(new Ec2Error('InvalidAction', `The emulator does not serve the service "${service}".`));

  if (!auth.ok) {
    const [code, message] = EC2_AUTH_ERRORS[auth.reason];
    return fail(new Ec2Error(code, message));
  }

  const latency = deps.faults.latencyFor(region);
  if (latency > 0) await sleep(latency);

  if (!deps.store.isRegionEnabled(region) || v1InOptInRegion) {
    return fail(new Ec2Error('AuthFailure', 'AWS was not able to validate the provided access credentials'));
  }
  if (action === '') return fail(new Ec2Error('MissingAction', 'The request must contain the parameter Action'));
  const op = Object.prototype.hasOwnProperty.call(OPERATIONS, action) ? OPERATIONS[action] : undefined;
  if (!op) return fail(new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`));

  const injected = deps.faults.errorFor(region, action);
  if (injected) return fail(injected);

  if (params.DryRun?.toLowerCase() === 'true' && !op.checksDryRun) {
    return fail(new Ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
  }

  const ctx: OperationContext = { action, region, account, params, store: deps.store, tokenSecret, now: Date.now(), faults: deps.faults };
  // creation (issue #10): copies, creations and registrations leave pending once their time has come.
  deps.store.settlePending(ctx.now);
  // Eventual consistency (a fault): keep the touched images as they were, for the reads that follow.
  const before = op.mutating && deps.faults.wantsStaleReads() ? imagesNamedIn(deps.store, region, params) : undefined;
  let xml: string;
  try {
    xml = op.run(ctx);
    if (before) deps.faults.recordStale(region, before);
  } catch (err) {
    if (err instanceof Ec2Error) return fail(err);
    throw err;
  }
  if (op.mutating && deps.faults.takeDrop()) {
    entry.status = 0;
    req.socket.destroy();
    return;
  }
  entry.status = 200;
  send(res, 200, responseEnvelope(action, requestId, xml), requestId, now);
}

// ---- catalog (issue #11): SSM ----

interface SsmCall {
  auth: AuthResult;
  entry: RequestLogEntry;
  region: string;
  account: string;
  requestId: string;
  now: number;
  v1InOptInRegion: boolean;
}

/** SSM: the same order of checks as EC2 (signature, latency, region, operation, injected fault), JSON in and out. */
async function serveSsm(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse, body: string, call: SsmCall): Promise<void> {
  const { auth, entry, region, account, requestId, now } = call;
  const fail = (e: SsmError): void => {
    entry.status = e.status;
    entry.errorCode = e.code;
    sendSsm(res, e.status, ssmErrorBody(e), requestId, now, e.code);
  };
  if (req.method !== 'POST') return fail(new SsmError('UnknownOperationException', `SSM takes POST /, not ${req.method ?? ''}.`));
  if (!auth.ok) {
    const [code, message] = SSM_AUTH_ERRORS[auth.reason];
    return fail(new SsmError(code, message));
  }
  let input: Record<string, unknown>;
  try {
    input = parseSsmBody(body);
  } catch (err) {
    if (err instanceof SsmError) return fail(err);
    throw err;
  }
  entry.params = ssmLogParams(input);

  const latency = deps.faults.latencyFor(region);
  if (latency > 0) await sleep(latency);
  if (!deps.store.isRegionEnabled(region) || call.v1InOptInRegion) return fail(ssmRegionRefused());
  if (!Object.prototype.hasOwnProperty.call(SSM_OPERATIONS, entry.action)) return fail(new SsmError('UnknownOperationException', `Unknown operation ${entry.action || '(no X-Amz-Target)'}.`));
  const injected = deps.faults.errorFor(region, entry.action);
  if (injected) return fail(ssmFault(injected.code, account, region, entry.action));
  let answer: unknown;
  try {
    answer = runSsm(entry.action, input, { region, parameters: deps.store.ssm });
  } catch (err) {
    if (err instanceof SsmError) return fail(err);
    throw err;
  }
  entry.status = 200;
  sendSsm(res, 200, answer, requestId, now);
}

/**
 * The signature check, or (fault "accept any signature") the scope alone: then any key is taken,
 * an unknown one as the default account, and neither date nor token is looked at.
 */
async function authenticate(deps: ServerDeps, req: http.IncomingMessage, url: URL, body: string, now: number): Promise<AuthResult> {
  if (!deps.faults.checksSignatures) {
    const scope = readScope(req.headers.authorization);
    if (!scope) return { ok: false, reason: 'missing' };
    const account = deps.keys.temporaryKey(scope.accessKeyId)?.account ?? deps.keys.longTerm(scope.accessKeyId)?.account ?? deps.defaultAccount;
    return { ok: true, scope, account };
  }
  return checkRequest({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body }, deps.keys, now);
}

/** Deep copies of the images a call names (any parameter value that is an image id). */
function imagesNamedIn(store: EmulatorStore, region: string, params: Params): Map<string, EmuImage | undefined> {
  const out = new Map<string, EmuImage | undefined>();
  for (const value of Object.values(params)) {
    if (!/^ami-[0-9a-f]+$/.test(value)) continue;
    const image = store.getImage(region, value);
    out.set(value, image ? structuredClone(image) : undefined);
  }
  return out;
}

/** `now` is the server's clock: the Date header is what the SDK corrects its clock skew from. */
function send(res: http.ServerResponse, status: number, xml: string, requestId: string, now: number): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/xml;charset=UTF-8',
    'Content-Length': body.length,
    'x-amzn-RequestId': requestId,
    Date: new Date(now).toUTCString(),
  });
  res.end(body);
}
