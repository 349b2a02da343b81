/**
 * A small HTTP server in the runner process that lets tests running inside the editor (another
 * process) drive the in-process emulator: inject faults, read or edit the store, read the request
 * log. Test-only; listens on 127.0.0.1. Routes are listed in controlProtocol.ts.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorStore, type Emulator, type Faults } from '../emulator';
import type { ControlReply } from './controlProtocol';

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

const FAULT_METHODS: ReadonlySet<string> = new Set<keyof Faults>([
  'setLatency',
  'throttleNext',
  'failRegion',
  'http500Next',
  'dropAfterNextMutation',
  'staleReadsAfterNextMutation',
  'acceptAnySignature',
  'setClockOffset',
  'denyAction',
  'insufficientCapacity',
  'ignoreMaxResults', // tree (issue #12)
  'reset',
]);

/** Public EmulatorStore methods whose arguments and results survive JSON (no callbacks). */
const STORE_METHODS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(EmulatorStore.prototype).filter(
    (m) => m !== 'constructor' && !m.startsWith('scan') && !['requireImage', 'regionData'].includes(m),
  ),
);

export async function startControlServer(emu: Emulator): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let reply: { status: number; body: ControlReply };
      try {
        reply = route(emu, req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        reply = { status: 500, body: { error: err instanceof Error ? err.message : String(err) } };
      }
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function route(emu: Emulator, method: string, url: string, body: string): { status: number; body: ControlReply } {
  const [, area, name] = new URL(url, 'http://control').pathname.split('/');
  if (area === 'info' && method === 'GET') return ok({ emulatorUrl: emu.url });
  if (area === 'requests' && method === 'GET') return ok(emu.requests);
  if (area === 'reseed' && method === 'POST') {
    emu.reseed();
    return ok(null);
  }
  if (area === 'requests' && method === 'DELETE') {
    emu.requests.length = 0;
    return ok(null);
  }
  if ((area === 'faults' || area === 'store') && method === 'POST' && name) {
    const allowed = area === 'faults' ? FAULT_METHODS : STORE_METHODS;
    if (!allowed.has(name)) return { status: 404, body: { error: `unknown ${area} method: ${name}` } };
    const args = body.trim() ? (JSON.parse(body) as unknown) : [];
    if (!Array.isArray(args)) return { status: 400, body: { error: 'body must be a JSON array of arguments' } };
    const target = (area === 'faults' ? emu.faults : emu.store) as unknown as Record<string, (...a: unknown[]) => unknown>;
    const fn = target[name];
    if (typeof fn !== 'function') return { status: 404, body: { error: `not a function: ${area}.${name}` } };
    return ok(fn.apply(target, args) ?? null);
  }
  return { status: 404, body: { error: `no route ${method} ${url}` } };
}

function ok(result: unknown): { status: number; body: ControlReply } {
  return { status: 200, body: { result } };
}
