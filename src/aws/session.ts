/**
 * Profiles and credentials. Profiles come from the shared config and credentials files, read with
 * the SDK's own loader; credentials from @aws-sdk/credential-providers (`fromIni` for a named
 * profile, so SSO, assume-role with MFA and credential_process work; the default chain otherwise).
 *
 * Determinism: every AWS_* variable is read from the environment the layer was given, never from
 * process.env directly. File paths are resolved here and passed to the SDK explicitly. When the
 * caller passes its own env (tests), the default chain is assembled from that env too, because
 * the SDK's `fromNodeProviderChain` reads process.env. Two reads remain outside our control and
 * follow the process: the SSO token cache (~/.aws/sso/cache under the process HOME) and the
 * environment a credential_process command inherits.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { fromHttp, fromIni, fromInstanceMetadata, fromNodeProviderChain, fromSSO, fromTokenFile } from '@aws-sdk/credential-providers';
import type { ProfileInfo } from './types';
import { fail, ok, type AwsFailure, type Result } from '../model/result';
import { checkIniSyntax, describeIniProblem } from './iniCheck';
import { toFailure } from './errors';
import { redact, type LogFn } from './redact';

type Env = Record<string, string | undefined>;
type Section = Record<string, string | undefined>;

/** A credential provider as the SDK clients take it (the SDK passes its caller config in). */
export type CredentialProvider = ReturnType<typeof fromIni>;
export type Credentials = Awaited<ReturnType<CredentialProvider>>;

/** Carries a typed failure through the SDK's middleware to errors.ts, which returns it as is. */
export class SessionError extends Error {
  readonly failure: AwsFailure;
  constructor(failure: AwsFailure) {
    // Redacted here, once: these messages reach the log, notifications and the tree's error nodes.
    const safe: AwsFailure = { ...failure, message: redact(failure.message) };
    if (failure.nextStep !== undefined) safe.nextStep = redact(failure.nextStep);
    super(safe.message);
    this.failure = safe;
    this.name = 'SessionError';
  }
}

export interface SharedFiles {
  /** Profile name → merged settings (credentials file wins, as in the SDK). */
  profiles: Map<string, { config?: Section; credentials?: Section }>;
  /** [sso-session NAME] sections of the config file. */
  ssoSessions: Map<string, Section>;
}

export interface SessionOptions {
  env?: Env;
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  log: LogFn;
}

/** Credentials are refreshed this long before they expire. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
/** Key used for the default chain in per-profile maps. */
const DEFAULT_CHAIN = '';

function profileKind(section: Section): ProfileInfo['kind'] {
  if (section['sso_session'] !== undefined || section['sso_start_url'] !== undefined) return 'sso';
  if (section['role_arn'] !== undefined) return 'assumeRole';
  if (section['credential_process'] !== undefined) return 'process';
  if (section['aws_access_key_id'] !== undefined) return 'static';
  return 'other';
}

export class Session {
  private readonly env: Env;
  /** The caller passed an env other than process.env: the SDK's env-reading chain would leak. */
  private readonly explicitEnv: boolean;
  private readonly providers = new Map<string, CredentialProvider>();
  private readonly cached = new Map<string, Credentials>();
  private readonly fingerprints = new Map<string, string>();
  private readonly listeners: ((profile: string | undefined) => void)[] = [];

  constructor(private readonly options: SessionOptions) {
    this.env = options.env ?? process.env;
    this.explicitEnv = options.env !== undefined && options.env !== process.env;
  }

  private home(): string {
    return this.env['HOME'] || this.env['USERPROFILE'] || homedir();
  }

  private expand(path: string): string {
    return path.startsWith('~/') ? join(this.home(), path.slice(2)) : path;
  }

  get configPath(): string {
    return this.expand(this.env['AWS_CONFIG_FILE'] || join(this.home(), '.aws', 'config'));
  }

  get credentialsPath(): string {
    return this.expand(this.env['AWS_SHARED_CREDENTIALS_FILE'] || join(this.home(), '.aws', 'credentials'));
  }

  /** Region from AWS_REGION / AWS_DEFAULT_REGION of the layer's env. */
  envRegion(): string | undefined {
    return this.env['AWS_REGION'] || this.env['AWS_DEFAULT_REGION'] || undefined;
  }

  /** Called with the profile whose settings changed on disk (undefined = the default chain). */
  onProfileChanged(listener: (profile: string | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** Checks one file's syntax; a missing file is fine (most people have only one of the two). */
  private async checkFile(path: string): Promise<AwsFailure | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT') return undefined;
      return {
        kind: 'configMalformed',
        message: `The AWS file ${path} cannot be read (${code ?? 'error'}).`,
        nextStep: 'Check that the path is a readable file.',
      };
    }
    const problem = checkIniSyntax(text);
    if (!problem) return undefined;
    return {
      kind: 'configMalformed',
      message: `The AWS file ${path} is malformed: ${describeIniProblem(problem)}.`,
      nextStep: `Fix line ${problem.line} of ${path}, then refresh.`,
    };
  }

  /**
   * Re-reads both files (bypassing the SDK's file cache) and notes which profiles changed since
   * the last read, so their cached credentials and clients are dropped.
   */
  async loadFiles(): Promise<Result<SharedFiles>> {
    try {
      for (const path of [this.configPath, this.credentialsPath]) {
        const problem = await this.checkFile(path);
        if (problem) return fail(problem);
      }
      const { configFile, credentialsFile } = await loadSharedConfigFiles({
        filepath: this.credentialsPath,
        configFilepath: this.configPath,
        ignoreCache: true,
      });
      const files: SharedFiles = { profiles: new Map(), ssoSessions: new Map() };
      for (const [key, section] of Object.entries(configFile)) {
        if (key.startsWith('sso-session.')) files.ssoSessions.set(key.slice('sso-session.'.length), section);
        else if (!key.startsWith('services.')) files.profiles.set(key, { config: section });
      }
      for (const [key, section] of Object.entries(credentialsFile)) {
        const entry = files.profiles.get(key) ?? {};
        entry.credentials = section;
        files.profiles.set(key, entry);
      }
      this.noteChanges(files);
      return ok(files);
    } catch (err) {
      return fail({
        kind: 'configMalformed',
        message: redact(`The AWS config files could not be loaded: ${(err as Error).message}`),
        nextStep: `Check ${this.configPath} and ${this.credentialsPath}.`,
      });
    }
  }

  private fingerprint(files: SharedFiles, name: string): string {
    const entry = files.profiles.get(name);
    const ssoName = entry?.config?.['sso_session'];
    return JSON.stringify([entry?.config ?? null, entry?.credentials ?? null, ssoName ? (files.ssoSessions.get(ssoName) ?? null) : null]);
  }

  private noteChanges(files: SharedFiles): void {
    const defaultName = this.defaultProfileFrom(files) ?? '';
    const names = new Set([...files.profiles.keys(), ...[...this.fingerprints.keys()].filter((k) => k !== DEFAULT_CHAIN)]);
    const changed: (string | undefined)[] = [];
    for (const name of names) {
      const next = this.fingerprint(files, name);
      const previous = this.fingerprints.get(name);
      if (previous !== undefined && previous !== next) changed.push(name);
      this.fingerprints.set(name, next);
    }
    const nextDefault = `${defaultName}|${this.fingerprint(files, defaultName)}`;
    const previousDefault = this.fingerprints.get(DEFAULT_CHAIN);
    if (previousDefault !== undefined && previousDefault !== nextDefault) changed.push(undefined);
    this.fingerprints.set(DEFAULT_CHAIN, nextDefault);
    for (const profile of changed) {
      this.forget(profile);
      this.options.log('info', `Profile ${profile ?? '(default chain)'} changed on disk; its clients will be recreated.`);
      for (const listener of this.listeners) listener(profile);
    }
  }

  /** Drops cached credentials and the provider of a profile. */
  forget(profile: string | undefined): void {
    this.providers.delete(profile ?? DEFAULT_CHAIN);
    this.cached.delete(profile ?? DEFAULT_CHAIN);
  }

  async listProfiles(): Promise<Result<ProfileInfo[]>> {
    const files = await this.loadFiles();
    if (!files.ok) return files;
    const profiles: ProfileInfo[] = [];
    for (const [name, { config, credentials }] of files.value.profiles) {
      const merged: Section = { ...config, ...credentials };
      const info: ProfileInfo = {
        name,
        source: config && credentials ? 'both' : config ? 'config' : 'credentials',
        kind: profileKind(merged),
      };
      const region = merged['region'];
      if (region) info.region = region;
      profiles.push(info);
    }
    profiles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
    return ok(profiles);
  }

  private defaultProfileFrom(files: SharedFiles): string | undefined {
    const fromEnv = this.env['AWS_PROFILE'];
    if (fromEnv) return fromEnv;
    return files.profiles.has('default') ? 'default' : undefined;
  }

  /** AWS_PROFILE of the layer's env, else "default" when a file defines it, else undefined. */
  async getDefaultProfile(): Promise<string | undefined> {
    const fromEnv = this.env['AWS_PROFILE'];
    if (fromEnv) return fromEnv;
    const files = await this.loadFiles();
    return files.ok ? this.defaultProfileFrom(files.value) : undefined;
  }

  /** The region a profile names (config `region`), for calls that need some region. */
  async profileRegion(profile: string | undefined): Promise<string | undefined> {
    const files = await this.loadFiles();
    if (!files.ok) return undefined;
    const name = profile ?? this.defaultProfileFrom(files.value);
    const entry = name !== undefined ? files.value.profiles.get(name) : undefined;
    return entry?.config?.['region'] ?? entry?.credentials?.['region'];
  }

  /** How a profile (or the default chain's profile) gets its credentials; undefined when unknown. */
  async credentialSource(profile: string | undefined): Promise<ProfileInfo['kind'] | undefined> {
    const files = await this.loadFiles();
    if (!files.ok) return undefined;
    const name = profile ?? this.defaultProfileFrom(files.value);
    if (name === undefined) return this.env['AWS_ACCESS_KEY_ID'] ? 'static' : undefined;
    const entry = files.value.profiles.get(name);
    return entry ? profileKind({ ...entry.config, ...entry.credentials }) : undefined;
  }

  /**
   * The provider handed to every EC2 client of a profile. One per profile, so a credential_process
   * runs and an MFA prompt shows once for all regions; results are cached until near expiry.
   * It throws (inside the SDK's middleware) a SessionError for typed failures.
   */
  credentialProvider(profile: string | undefined): CredentialProvider {
    const key = profile ?? DEFAULT_CHAIN;
    const existing = this.providers.get(key);
    if (existing) return existing;
    let inflight: Promise<Credentials> | undefined;
    const provider: CredentialProvider = async (props) => {
      const cached = this.cached.get(key);
      if (cached && (!cached.expiration || cached.expiration.getTime() - Date.now() > EXPIRY_MARGIN_MS)) return cached;
      inflight ??= this.resolve(profile, props).finally(() => {
        inflight = undefined;
      });
      const creds = await inflight;
      // Only cache if this provider is still the current one (the profile may have changed meanwhile).
      if (this.providers.get(key) === provider) this.cached.set(key, creds);
      return creds;
    };
    this.providers.set(key, provider);
    return provider;
  }

  /** Resolves credentials now, as a Result: for checkCredentials and for a clear first error. */
  async resolveCredentials(profile: string | undefined): Promise<Result<Credentials>> {
    try {
      return ok(await this.credentialProvider(profile)());
    } catch (err) {
      return fail(toFailure(err, profile ? { profile } : {}));
    }
  }

  /** The account id the credentials carry (static profiles with aws_account_id, SSO, process). */
  cachedAccountId(profile: string | undefined): string | undefined {
    return this.cached.get(profile ?? DEFAULT_CHAIN)?.accountId;
  }

  private async resolve(profile: string | undefined, props: Parameters<CredentialProvider>[0]): Promise<Credentials> {
    const files = await this.loadFiles();
    if (!files.ok) throw new SessionError({ ...files.error, ...(profile ? { profile } : {}) });
    const named = profile ?? this.env['AWS_PROFILE'];
    if (named) {
      if (!files.value.profiles.has(named)) {
        throw new SessionError({
          kind: 'profileNotFound',
          profile: named,
          message: `Profile "${named}" is not in ${this.configPath} or ${this.credentialsPath}.`,
          nextStep: profile
            ? 'Select another profile, or add this one with `aws configure --profile NAME`.'
            : `AWS_PROFILE names "${named}": add that profile or unset AWS_PROFILE.`,
        });
      }
      const entry = files.value.profiles.get(named);
      if (profileKind({ ...entry?.config, ...entry?.credentials }) === 'sso') {
        // fromIni hands SSO profiles to fromSSO without our file paths (it would read ~/.aws):
        // call fromSSO with them directly.
        this.options.log('debug', `Resolving credentials of SSO profile ${named} (fromSSO).`);
        return fromSSO({ profile: named, filepath: this.credentialsPath, configFilepath: this.configPath, ignoreCache: true })(props);
      }
      this.options.log('debug', `Resolving credentials of profile ${named} (fromIni).`);
      return fromIni({
        profile: named,
        filepath: this.credentialsPath,
        configFilepath: this.configPath,
        ignoreCache: true,
        ...(this.options.mfaCodeProvider ? { mfaCodeProvider: this.options.mfaCodeProvider } : {}),
      })(props);
    }
    if (!this.explicitEnv) {
      this.options.log('debug', 'Resolving credentials with the default provider chain.');
      return fromNodeProviderChain({ filepath: this.credentialsPath, configFilepath: this.configPath, ignoreCache: true })(props);
    }
    return this.resolveFromExplicitEnv(files.value, props);
  }

  /** The default chain's steps, reading the layer's env instead of process.env. */
  private async resolveFromExplicitEnv(files: SharedFiles, props: Parameters<CredentialProvider>[0]): Promise<Credentials> {
    const env = this.env;
    const accessKeyId = env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
    if (accessKeyId && secretAccessKey) {
      const expiry = env['AWS_CREDENTIAL_EXPIRATION'];
      return {
        accessKeyId,
        secretAccessKey,
        ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}),
        ...(expiry ? { expiration: new Date(expiry) } : {}),
        ...(env['AWS_ACCOUNT_ID'] ? { accountId: env['AWS_ACCOUNT_ID'] } : {}),
      };
    }
    if (files.profiles.has('default')) {
      return fromIni({ profile: 'default', filepath: this.credentialsPath, configFilepath: this.configPath, ignoreCache: true })(props);
    }
    const tokenFile = env['AWS_WEB_IDENTITY_TOKEN_FILE'];
    const roleArn = env['AWS_ROLE_ARN'];
    if (tokenFile && roleArn) {
      const sessionName = env['AWS_ROLE_SESSION_NAME'];
      return fromTokenFile({ webIdentityTokenFile: tokenFile, roleArn, ...(sessionName ? { roleSessionName: sessionName } : {}) })(props);
    }
    const fullUri = env['AWS_CONTAINER_CREDENTIALS_FULL_URI'];
    const relativeUri = env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'];
    if (fullUri || relativeUri) {
      return fromHttp({
        ...(fullUri ? { awsContainerCredentialsFullUri: fullUri } : {}),
        ...(relativeUri ? { awsContainerCredentialsRelativeUri: relativeUri } : {}),
        ...(env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] ? { awsContainerAuthorizationToken: env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] } : {}),
        ...(env['AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'] ? { awsContainerAuthorizationTokenFile: env['AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'] } : {}),
      })();
    }
    const imdsDisabled = env['AWS_EC2_METADATA_DISABLED'];
    if (!imdsDisabled || imdsDisabled === 'false') return fromInstanceMetadata()();
    const error = new Error('Could not load credentials from any providers');
    error.name = 'CredentialsProviderError';
    throw error;
  }
}
