/**
 * Reaching the EC2 emulator from tests running inside VS Code. The emulator lives in the runner's
 * process; this talks to the runner's control server (test/runners/control.ts) over HTTP.
 *
 *   import { emulator } from './support/emulator';
 *   await emulator.faults.failRegion('eu-west-1', 'AuthFailure');
 *   const images = await emulator.store.images('us-east-1');
 *   await emulator.faults.reset();            // in afterEach
 *   const calls = await emulator.requests();  // every EC2 call received, newest last
 *
 * `emulator.url` is the endpoint the editor's `amiExplorer.endpoint` setting points at.
 */
import type { EmulatorStore, Faults, RequestLogEntry } from '../../emulator';
import { TEST_ENV, type ControlReply } from '../../runners/controlProtocol';

/** Every method of T, called remotely: same arguments, the result arrives as a promise. */
export type Remote<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

export interface EmulatorControl {
  /** http://127.0.0.1:PORT of the emulator. */
  readonly url: string;
  readonly faults: Remote<Faults>;
  /** EmulatorStore methods (those taking callbacks excluded); results are JSON copies. */
  readonly store: Remote<Omit<EmulatorStore, 'scanImages' | 'scanSnapshots'>>;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  /** The store back to its fresh seed (same ids), faults and request log cleared (index.ts does it after every suite). */
  reseed(): Promise<void>;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the in-editor tests through test/runners (codeServer or electron)`);
  return value;
}

async function call(method: 'GET' | 'POST' | 'DELETE', route: string, args?: unknown[]): Promise<unknown> {
  const res = await fetch(`${requireEnv(TEST_ENV.control)}${route}`, {
    method,
    ...(args ? { body: JSON.stringify(args), headers: { 'content-type': 'application/json' } } : {}),
  });
  const reply = (await res.json()) as ControlReply;
  if (!res.ok || reply.error !== undefined) throw new Error(`emulator control ${route}: ${reply.error ?? res.status}`);
  return reply.result;
}

function remote<T>(area: 'faults' | 'store'): Remote<T> {
  return new Proxy({} as Remote<T>, {
    // 'then' stays undefined so that awaiting the proxy itself does not look like a promise.
    get: (_target, name) =>
      typeof name === 'string' && name !== 'then' ? (...args: unknown[]) => call('POST', `/${area}/${name}`, args) : undefined,
  });
}

export const emulator: EmulatorControl = {
  get url(): string {
    return requireEnv(TEST_ENV.emulator);
  },
  faults: remote<Faults>('faults'),
  store: remote<Omit<EmulatorStore, 'scanImages' | 'scanSnapshots'>>('store'),
  requests: async () => (await call('GET', '/requests')) as RequestLogEntry[],
  clearRequests: async () => {
    await call('DELETE', '/requests');
  },
  reseed: async () => {
    await call('POST', '/reseed');
  },
};
