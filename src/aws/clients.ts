/**
 * One EC2Client per (profile, region), made on first use and reused: clients hold connection
 * pools, the adaptive retry mode's rate limiter and memoized credentials, all worth keeping.
 * Requiring this module loads the SDK; it lives only in dist/aws.js (see src/awsLoader.ts).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
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

  private create(profile: string | undefined, region: string): EC2Client {
    const { session, userAgent, log } = this.options;
    const client = new EC2Client({
      region,
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      credentials: session.credentialProvider(profile),
      retryMode: 'adaptive',
      maxAttempts: this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      customUserAgent: [userAgent],
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
      // The SDK's own log lines go through the layer's log, so they are redacted like ours.
      logger: sdkLogger(log),
    });
    // One line per call, after the SDK's retries; never the request itself (it carries signatures).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const started = Date.now();
        try {
          const output = await next(args);
          log('trace', `${context.commandName ?? 'EC2'} ${region}${profile ? ` [${profile}]` : ''} ok in ${Date.now() - started} ms`);
          return output;
        } catch (err) {
          const e = err as { name?: string; message?: string; $metadata?: { attempts?: number } };
          log('debug', `${context.commandName ?? 'EC2'} ${region}${profile ? ` [${profile}]` : ''} failed after ${plural(e.$metadata?.attempts ?? 1, 'attempt')}: ${e.name ?? 'Error'}: ${e.message ?? ''}`);
          throw err;
        }
      },
      { step: 'initialize', name: 'amiExplorerLog', override: true },
    );
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
  }

  disposeAll(): void {
    for (const { client } of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
