/**
 * One EC2Client per (profile, region), made on first use and reused: clients hold connection
 * pools, the adaptive retry mode's rate limiter and memoized credentials, all worth keeping.
 * Requiring this module loads the SDK; it lives only in dist/aws.js (see src/awsLoader.ts).
 */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
// catalog (issue #11): SSM clients, for AWS's public parameters; the module is required on first use.
import type * as SsmModule from '@aws-sdk/client-ssm';
import type { Session } from './session';
import { plural } from '../model/format';
import { ATTEMPTS } from '../model/limits';
import type { LogFn } from './redact';
import { sdkLogger } from './sdkLogger';

/** The default of the `maxAttempts` setting (src/model/limits.ts), used when none is given. */
export const DEFAULT_MAX_ATTEMPTS = ATTEMPTS.default;

export interface ClientSettings {
  endpoint?: string;
  maxAttempts?: number;
}

export interface ClientPoolOptions {
  session: Session;
  /** e.g. ["ami-explorer", "0.1.0"]: sent as the user agent suffix ami-explorer/0.1.0. */
  userAgent: [string, string];
  log: LogFn;
}

function key(profile: string | undefined, region: string): string {
  return `${profile ?? ''}\u0000${region}`;
}

/** What a client's construction depends on; a change means the client must be rebuilt. */
function settingsFingerprint(settings: ClientSettings): string {
  return JSON.stringify([settings.endpoint ?? null, settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS]);
}

export class ClientPool {
  private readonly clients = new Map<string, { profile: string | undefined; client: EC2Client }>();
  // catalog (issue #11)
  /** SSM clients per (profile, region), made like the EC2 ones and dropped with them. */
  private readonly ssmClients = new Map<string, { profile: string | undefined; client: SsmModule.SSMClient }>();
  private ssmModule: typeof SsmModule | undefined;
  private settings: ClientSettings;
  private fingerprint: string;

  constructor(
    private readonly options: ClientPoolOptions,
    settings: ClientSettings,
  ) {
    this.settings = { ...settings };
    this.fingerprint = settingsFingerprint(this.settings);
    options.session.onProfileChanged((profile) => this.dropProfile(profile));
  }

  get size(): number {
    return this.clients.size;
  }

  // catalog (issue #11)
  /** SSM clients currently kept. */
  get ssmSize(): number {
    return this.ssmClients.size;
  }

  /** The SSM endpoint of a region, for messages ("Could not reach ..."). */
  ssmEndpointFor(region: string): string {
    return this.settings.endpoint ?? `https://ssm.${region}.amazonaws.com`;
  }

  /**
   * The SSM client of (profile, region): same credentials, endpoint override, retry mode and
   * attempts, user agent and redacting logger as the EC2 clients. @aws-sdk/client-ssm is required
   * here on first use, inside the lazily loaded service layer bundle (dist/aws.js).
   */
  ssm(profile: string | undefined, region: string): SsmModule.SSMClient {
    const k = key(profile, region);
    const existing = this.ssmClients.get(k);
    if (existing) return existing.client;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.ssmModule ??= require('@aws-sdk/client-ssm') as typeof SsmModule;
    const { log } = this.options;
    const client = new this.ssmModule.SSMClient(this.clientConfig(profile, region));
    addCallLog(client, 'SSM', profile, region, log);
    this.ssmClients.set(k, { profile, client });
    log('debug', `Created SSM client for ${profile ?? '(default chain)'} in ${region}${this.settings.endpoint ? ` at ${this.settings.endpoint}` : ''}.`);
    return client;
  }

  /** The endpoint override (emulators), for the other clients of the layer (STS). */
  get endpointOverride(): string | undefined {
    return this.settings.endpoint;
  }

  get maxAttempts(): number {
    return this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /** The endpoint requests of a region go to, for messages ("Could not reach ..."). */
  endpointFor(region: string): string {
    return this.settings.endpoint ?? `https://ec2.${region}.amazonaws.com`;
  }

  get(profile: string | undefined, region: string): EC2Client {
    const k = key(profile, region);
    const existing = this.clients.get(k);
    if (existing) return existing.client;
    const client = this.create(profile, region);
    this.clients.set(k, { profile, client });
    return client;
  }

  /** What every client of the layer (EC2, SSM) is built with: credentials, endpoint, retries, user agent, timeouts, log. */
  private clientConfig(profile: string | undefined, region: string) {
    const { session, userAgent, log } = this.options;
    return {
      region,
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      credentials: session.credentialProvider(profile),
      retryMode: 'adaptive',
      maxAttempts: this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      customUserAgent: [userAgent],
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
      // The SDK's own log lines go through the layer's log, so they are redacted like ours.
      logger: sdkLogger(log),
    } satisfies EC2ClientConfig;
  }

  private create(profile: string | undefined, region: string): EC2Client {
    const { log } = this.options;
    const client = new EC2Client(this.clientConfig(profile, region));
    addCallLog(client, 'EC2', profile, region, log);
    log('debug', `Created EC2 client for ${profile ?? '(default chain)'} in ${region}${this.settings.endpoint ? ` at ${this.settings.endpoint}` : ''}.`);
    return client;
  }

  /** Applies new settings; returns true when clients were dropped because their config changed. */
  update(settings: ClientSettings): boolean {
    this.settings = { ...settings };
    const next = settingsFingerprint(this.settings);
    if (next === this.fingerprint) return false;
    this.fingerprint = next;
    this.disposeAll();
    return true;
  }

  /** Drops the clients of one profile (its credentials changed on disk). */
  dropProfile(profile: string | undefined): void {
    for (const [k, entry] of this.clients) {
      if (entry.profile === profile) {
        entry.client.destroy();
        this.clients.delete(k);
      }
    }
    // catalog (issue #11)
    for (const [k, entry] of this.ssmClients) {
      if (entry.profile === profile) {
        entry.client.destroy();
        this.ssmClients.delete(k);
      }
    }
  }

  disposeAll(): void {
    for (const { client } of this.clients.values()) client.destroy();
    this.clients.clear();
    // catalog (issue #11)
    for (const { client } of this.ssmClients.values()) client.destroy();
    this.ssmClients.clear();
  }
}

/** What a client of the pool (EC2 or SSM) can take a middleware on. */
interface LoggedClient {
  middlewareStack: { add: (...args: never[]) => unknown };
}

/** One log line per call, after the SDK's retries; never the request itself (it carries signatures). */
/** What the SDK's log record says instead of a command's output (never logged: see sdkLogLine). */
const outputNotLogged = (): string => '[not logged]';

function addCallLog(client: LoggedClient, service: string, profile: string | undefined, region: string, log: LogFn): void {
  const add = client.middlewareStack.add as unknown as (
    mw: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string; override: boolean },
  ) => void;
  add.call(
    client.middlewareStack,
    (next, context) => async (args) => {
      const started = Date.now();
      // tree (issue #12): the SDK's per-command log record would carry a filtered deep copy of the
      // whole output (every image of a DescribeImages page), built on every call although
      // sdkLogLine drops it: a CPU cost per page that adds up when every region loads at once.
      (context as { outputFilterSensitiveLog?: (output: unknown) => unknown }).outputFilterSensitiveLog = outputNotLogged;
      try {
        const output = await next(args);
        log('trace', `${context.commandName ?? service} ${region}${profile ? ` [${profile}]` : ''} ok in ${Date.now() - started} ms`);
        return output;
      } catch (err) {
        const e = err as { name?: string; message?: string; $metadata?: { attempts?: number } };
        log('debug', `${context.commandName ?? service} ${region}${profile ? ` [${profile}]` : ''} failed after ${plural(e.$metadata?.attempts ?? 1, 'attempt')}: ${e.name ?? 'Error'}: ${e.message ?? ''}`);
        throw err;
      }
    },
    { step: 'initialize', name: 'amiExplorerLog', override: true },
  );
}
