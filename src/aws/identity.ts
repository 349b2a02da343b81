/**
 * Tells apart what EC2 means by `AuthFailure`. EC2 answers it both for credentials it cannot
 * validate (unknown or revoked key, wrong secret) and for a region the account has not opted in
 * to, so on the first one of a profile we ask STS who the caller is (GetCallerIdentity needs no
 * permission) on the regional endpoint of a region enabled by default:
 * - STS rejects the credentials → they are rejected everywhere;
 * - STS accepts them → the region's opt-in status (DescribeRegions, asked in the same region)
 *   says whether the region is not enabled, or enabled but refusing a version 1 session token.
 * The answers are kept per profile until forget() (tree refresh, credentials changed on disk,
 * new endpoint). @aws-sdk/client-sts is required only here, on the first AuthFailure.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type * as StsModule from '@aws-sdk/client-sts';
import type { AwsFailure } from '../model/result';
import type { ClientPool } from './clients';
import { authFailureDespiteValidCredentials, callerAuthCode, credentialsRejected, isCallerAuthFailure, regionNotEnabled, requestExpired, toFailure, tokenNotValidInRegion, type ErrorContext } from './errors';
import type { LogFn } from './redact';
import type { Session } from './session';

/** Regions every account has enabled (launched before March 2019); the others need opting in to. */
export const ENABLED_BY_DEFAULT: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
]);
export const STS_FALLBACK_REGION = 'us-east-1';

/** STS codes that mean "these credentials are not valid". */
const STS_REJECTED = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'IncompleteSignature']);
const STS_EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

export type CallerAnswer =
  | { status: 'accepted'; account?: string; arn?: string }
  | { status: 'rejected'; code: string; expired: boolean }
  /** STS could not be asked (network, credentials did not resolve, …). */
  | { status: 'unknown' };

export interface CallerIdentityOptions {
  session: Session;
  pool: ClientPool;
  userAgent: [string, string];
  log: LogFn;
}

function key(profile: string | undefined): string {
  return profile ?? '';
}

export class CallerIdentity {
  private readonly answers = new Map<string, Promise<CallerAnswer>>();
  private readonly optInStatus = new Map<string, Promise<Map<string, string> | undefined>>();
  private sts: typeof StsModule | undefined;

  constructor(private readonly options: CallerIdentityOptions) {
    options.session.onProfileChanged((profile) => this.forget(profile));
  }

  /** Forgets what was learned about one profile. */
  forget(profile: string | undefined): void {
    this.answers.delete(key(profile));
    this.optInStatus.delete(key(profile));
  }

  forgetAll(): void {
    this.answers.clear();
    this.optInStatus.clear();
  }

  /** The failure to show for an error of `profile`; a caller-level AuthFailure is diagnosed first. */
  async explain(error: unknown, ctx: ErrorContext, profile: string | undefined): Promise<AwsFailure> {
    if (!isCallerAuthFailure(error)) return toFailure(error, ctx);
    const code = callerAuthCode(error);
    const answer = await this.ask(profile);
    if (answer.status === 'unknown') return toFailure(error, ctx);
    if (answer.status === 'rejected') {
      return answer.expired ? requestExpired(ctx, answer.code) : credentialsRejected(ctx, code, await this.options.session.credentialSource(profile));
    }
    const temporary = await this.hasSessionToken(profile);
    // Regions enabled by default cannot be disabled: no need to ask.
    const status = ctx.region && ENABLED_BY_DEFAULT.has(ctx.region) ? 'opt-in-not-required' : ctx.region ? await this.regionStatus(profile, ctx.region) : undefined;
    if (status === 'not-opted-in') return regionNotEnabled(ctx, code);
    if (status === 'opted-in' && temporary) return tokenNotValidInRegion(ctx, code);
    // Status unknown (no ec2:DescribeRegions): long-term keys STS accepts fail only where the region is off.
    if (status === undefined && !temporary) return regionNotEnabled(ctx, code);
    if (status === undefined) return toFailure(error, ctx);
    return authFailureDespiteValidCredentials(ctx, code);
  }

  /** GetCallerIdentity, asked once per profile until forgotten; concurrent callers share the answer. */
  ask(profile: string | undefined): Promise<CallerAnswer> {
    const k = key(profile);
    let answer = this.answers.get(k);
    if (!answer) {
      answer = this.callSts(profile);
      this.answers.set(k, answer);
      // An answer that could not be had is not kept: the next failure asks again.
      void answer.then((a) => {
        if (a.status === 'unknown' && this.answers.get(k) === answer) this.answers.delete(k);
      });
    }
    return answer;
  }

  /** The profile's region when it is enabled by default, else us-east-1. */
  async stsRegion(profile: string | undefined): Promise<string> {
    const region = await this.options.session.profileRegion(profile);
    return region && ENABLED_BY_DEFAULT.has(region) ? region : STS_FALLBACK_REGION;
  }

  private loadSts(): typeof StsModule {
    // Required on first use, inside the lazily loaded service layer bundle (dist/aws.js).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.sts ??= require('@aws-sdk/client-sts') as typeof StsModule;
    return this.sts;
  }

  private async callSts(profile: string | undefined): Promise<CallerAnswer> {
    const { session, pool, userAgent, log } = this.options;
    const region = await this.stsRegion(profile);
    const sts = this.loadSts();
    const endpoint = pool.endpointOverride;
    const client = new sts.STSClient({
      region,
      ...(endpoint ? { endpoint } : {}),
      credentials: session.credentialProvider(profile),
      maxAttempts: pool.maxAttempts,
      customUserAgent: [userAgent],
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    });
    const who = profile ?? '(default chain)';
    try {
      const out = await client.send(new sts.GetCallerIdentityCommand({}));
      log('info', `EC2 answered AuthFailure for ${who}; STS in ${region} accepts its credentials (account ${out.Account ?? 'unknown'}).`);
      return { status: 'accepted', ...(out.Account ? { account: out.Account } : {}), ...(out.Arn ? { arn: out.Arn } : {}) };
    } catch (err) {
      const code = (err as { name?: string }).name ?? '';
      if (STS_REJECTED.has(code) || STS_EXPIRED.has(code)) {
        log('info', `EC2 answered AuthFailure for ${who}; STS in ${region} rejects its credentials too (${code}).`);
        return { status: 'rejected', code, expired: STS_EXPIRED.has(code) };
      }
      log('debug', `STS GetCallerIdentity for ${who} in ${region} failed (${code || 'Error'}); the AuthFailure stays undiagnosed.`);
      return { status: 'unknown' };
    } finally {
      client.destroy();
    }
  }

  private async hasSessionToken(profile: string | undefined): Promise<boolean> {
    try {
      return !!(await this.options.session.credentialProvider(profile)()).sessionToken;
    } catch {
      return false;
    }
  }

  /** The region's opt-in status, from DescribeRegions AllRegions in the STS region (once per profile). */
  private async regionStatus(profile: string | undefined, region: string): Promise<string | undefined> {
    const k = key(profile);
    let statuses = this.optInStatus.get(k);
    if (!statuses) {
      statuses = this.describeRegions(profile);
      this.optInStatus.set(k, statuses);
      void statuses.then((s) => {
        if (!s && this.optInStatus.get(k) === statuses) this.optInStatus.delete(k);
      });
    }
    return (await statuses)?.get(region);
  }

  private async describeRegions(profile: string | undefined): Promise<Map<string, string> | undefined> {
    const region = await this.stsRegion(profile);
    try {
      const out = await this.options.pool.get(profile, region).send(new DescribeRegionsCommand({ AllRegions: true }));
      return new Map((out.Regions ?? []).filter((r) => r.RegionName && r.OptInStatus).map((r) => [r.RegionName as string, r.OptInStatus as string]));
    } catch (err) {
      this.options.log('debug', `DescribeRegions for ${profile ?? '(default chain)'} in ${region} failed (${(err as { name?: string }).name ?? 'Error'}).`);
      return undefined;
    }
  }
}
