/**
 * The HTTP side: form-encoded POST (or GET with a query string) to `/`, caller identity from the
 * SigV4 Authorization header (region from the credential scope, account from the access key id;
 * signatures are not verified), fault injection, dispatch, and the EC2 XML envelopes.
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
import type { EmuImage } from './types';
import { errorEnvelope, responseEnvelope } from './xml';

export interface RequestLogEntry {
  action: string;
  region: string;
  account: string;
  params: Record<string, string>;
  /** HTTP status answered; 0 when the connection was dropped. Set once the call completes. */
  status?: number;
  /** Error code when the call failed. */
  errorCode?: string;
}

export interface ServerDeps {
  store: EmulatorStore;
  faults: FaultState;
  accounts: Record<string, string>;
  defaultAccount: string;
  requests: RequestLogEntry[];
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;
const MAX_BODY = 10 * 1024 * 1024;

export function createEc2Server(deps: ServerDeps): http.Server {
  const tokenSecret = randomBytes(16).toString('hex');
  return http.createServer((req, res) => {
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
        if (!res.headersSent && !res.destroyed) send(res, 500, errorEnvelope('InternalError', `Emulator error: ${String(err)}`, requestId), requestId);
      });
    });
  });
}

async function handle(deps: ServerDeps, tokenSecret: string, req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  if (req.method === 'POST') for (const [k, v] of new URLSearchParams(body)) params[k] = v;

  const action = params.Action ?? '';
  const auth = CREDENTIAL.exec(req.headers.authorization ?? '');
  const region = auth?.[3] ?? '';
  const accessKey = auth?.[1] ?? '';
  const account = deps.accounts[accessKey] ?? deps.defaultAccount;
  const logged: Params = { ...params };
  delete logged.Action;
  delete logged.Version;
  const entry: RequestLogEntry = { action, region, account, params: logged };
  deps.requests.push(entry);

  const fail = (e: Ec2Error): void => {
    entry.status = e.status;
    entry.errorCode = e.code;
    send(res, e.status, errorEnvelope(e.code, e.message, requestId), requestId);
  };

  if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
    return fail(new Ec2Error('InvalidAction', `The action or operation requested is not valid. Use ${req.method ?? ''} ${url.pathname} on / instead.`));
  }
  if (!auth) return fail(new Ec2Error('AuthFailure', 'AWS was not able to validate the provided access credentials'));

  const latency = deps.faults.latencyFor(region);
  if (latency > 0) await sleep(latency);

  if (!deps.store.isRegionEnabled(region)) {
    return fail(new Ec2Error('AuthFailure', 'AWS was not able to validate the provided access credentials'));
  }
  if (action === '') return fail(new Ec2Error('MissingAction', 'The request must contain the parameter Action'));
  const op = Object.prototype.hasOwnProperty.call(OPERATIONS, action) ? OPERATIONS[action] : undefined;
  if (!op) return fail(new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`));

  const injected = deps.faults.errorFor(region, action);
  if (injected) return fail(injected);

  if (params.DryRun?.toLowerCase() === 'true') {
    return fail(new Ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.'));
  }

  const ctx: OperationContext = { action, region, account, params, store: deps.store, tokenSecret, now: Date.now(), faults: deps.faults };
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
  send(res, 200, responseEnvelope(action, requestId, xml), requestId);
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

function send(res: http.ServerResponse, status: number, xml: string, requestId: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/xml;charset=UTF-8',
    'Content-Length': body.length,
    'x-amzn-RequestId': requestId,
  });
  res.end(body);
}
