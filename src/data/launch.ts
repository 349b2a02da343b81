/**
 * The launch flow for one image, shared by the launch panel and Quick Launch: the choices a form
 * offers (types that can run the image, key pairs, VPCs → subnets → security groups), remembered
 * choices per profile and region, the dry-run verdict, and the launch itself with one ClientToken
 * per attempt (kept across retries and re-submissions of the same request, so nothing launches
 * twice). No `vscode` UI here: progress is reported through a callback, dialogs live in src/ui.
 *
 * CONTRACT (issue #9): types and the LaunchData interface are shared by the panel and commands.
 */
import { createHash, randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import type { LaunchOperations } from '../aws/types';
import type { AmiImage, AmiRef } from '../model/image';
import type {
  CreatedKeyPair,
  FieldProblem,
  InstanceTypeInfo,
  KeyPairInfo,
  LaunchDefaults,
  LaunchedReservation,
  LaunchField,
  LaunchForm,
  SecurityGroupInfo,
  SubnetInfo,
  VpcInfo,
} from '../model/launch';
import {
  buildLaunchRequest,
  compatibleTypes,
  defaultForm,
  defaultInstanceTypeOf,
  defaultsKey,
  fieldForError,
  marketplaceUrl,
  rememberedFrom,
  requestFingerprint,
  validateLaunchForm,
  type LaunchRequest,
} from '../model/launch';
import { ok, type AwsFailure, type Result } from '../model/result';
import type { ExtensionServices } from '../services';

/** What a launch form starts from. */
export interface LaunchOptions {
  image: AmiImage;
  /** Types that can run the image, in picker order. */
  instanceTypes: InstanceTypeInfo[];
  /** How many of the region's types cannot run the image (left out). */
  excludedTypes: number;
  keyPairs: KeyPairInfo[];
  vpcs: VpcInfo[];
  /** Subnets and groups of the form's VPC (the remembered one when it still exists, else the default VPC). */
  subnets: SubnetInfo[];
  securityGroups: SecurityGroupInfo[];
  /** The first form: remembered choices where they still exist, else defaults. */
  form: LaunchForm;
  /** The remembered choices as stored (undefined: none yet). */
  remembered?: LaunchDefaults;
}

/** What validation says about a form. */
export type LaunchVerdict =
  /** EC2 answered DryRunOperation: the launch would succeed. */
  | { kind: 'valid' }
  /** Local checks failed: nothing was sent. */
  | { kind: 'invalid'; problems: FieldProblem[] }
  /** The dry run answered an error; `field` when the code says which, `marketplaceUrl` for subscriptionRequired. */
  | { kind: 'refused'; failure: AwsFailure; field?: LaunchField; marketplaceUrl?: string };

export type LaunchOutcome =
  /** Validation (local or dry run) refused the form: nothing was launched. */
  | { kind: 'refused'; verdict: Exclude<LaunchVerdict, { kind: 'valid' }> }
  /** RunInstances failed and no reservation with the attempt's token exists. Submitting the same form again reuses the token. */
  | {
      kind: 'failed';
      failure: AwsFailure;
      /**
       * True when it is not known whether EC2 launched anything (the answer was lost, or a server
       * error came after the request was sent, and no reservation was found by its token): never
       * say "nothing was launched" then. Submitting the same form again is safe (same token).
       */
      uncertain?: boolean;
    }
  | {
      kind: 'launched';
      reservation: LaunchedReservation;
      /** True when the response was lost and the reservation was found by its ClientToken. */
      recovered: boolean;
      /** Every instance reached running (instances then carry their addresses). */
      running: boolean;
      /** The person stopped waiting (nothing was terminated). */
      waitCancelled: boolean;
      /** Waiting failed for another reason (the instances exist). */
      waitFailure?: AwsFailure;
    };

/** Progress of a launch, for a notification. */
export interface LaunchProgress {
  report(message: string): void;
}

export interface LaunchData {
  readonly ref: AmiRef;
  loadOptions(signal?: AbortSignal): Promise<Result<LaunchOptions>>;
  subnets(vpcId: string, signal?: AbortSignal): Promise<Result<SubnetInfo[]>>;
  securityGroups(vpcId: string, signal?: AbortSignal): Promise<Result<SecurityGroupInfo[]>>;
  /** Names of the types offered in a zone (DescribeInstanceTypeOfferings), to mark the others. */
  typesOfferedIn(availabilityZone: string, signal?: AbortSignal): Promise<Result<string[]>>;
  keyPairs(signal?: AbortSignal): Promise<Result<KeyPairInfo[]>>;
  /** Local checks, then RunInstances DryRun. */
  validate(form: LaunchForm, signal?: AbortSignal): Promise<LaunchVerdict>;
  /**
   * Validates (always), then RunInstances with the attempt's ClientToken, then waits for running
   * (aborting `signal` during the wait stops waiting only). Remembers the choices on success.
   */
  launch(form: LaunchForm, progress: LaunchProgress, signal?: AbortSignal): Promise<LaunchOutcome>;
  /** CreateKeyPair; the caller writes the key material to the user's file (src/ui). */
  createKeyPair(keyName: string, keyType: 'rsa' | 'ed25519', signal?: AbortSignal): Promise<Result<CreatedKeyPair>>;
}

/** What the launch flow needs of the extension's services (tests pass fakes). */
export type LaunchDataServices = Pick<ExtensionServices, 'aws' | 'log'> & { readonly context: Pick<vscode.ExtensionContext, 'globalState'> };

export interface LaunchDataOptions {
  /** New ClientTokens (default crypto.randomUUID). */
  readonly newToken?: () => string;
  /** The clock, in ms since the epoch (default Date.now): open attempts expire by it. */
  readonly now?: () => number;
}

/**
 * globalState: the open launch attempts, sha256(request fingerprint, profile, region) → the
 * attempt's ClientToken and when it was made. Kept across window reloads, so Quick Launch run
 * again, or the panel reopened, with the same request after a lost response reuses the token
 * instead of launching twice. An attempt is removed when it launched; tokens are not secrets.
 */
export const OPEN_ATTEMPTS_KEY = 'amiExplorer.launch.openAttempts';
/** How long an open attempt is kept (EC2 keeps a ClientToken's launch findable at least that long). */
export const OPEN_ATTEMPT_TTL_MS = 24 * 60 * 60 * 1000;

interface OpenAttempt {
  token: string;
  /** When the token was made (ms since the epoch). */
  createdAt: number;
}

/** The key of a request's open attempt: a hash, so globalState holds no request contents. */
export function attemptKey(fingerprint: string, profile: string | undefined, region: string): string {
  return createHash('sha256').update(`${fingerprint}\u0000${profile ?? ''}\u0000${region}`).digest('hex');
}

/** The launch flow for one image of one profile and region. */
export function createLaunchData(services: LaunchDataServices, ref: AmiRef, options: LaunchDataOptions = {}): LaunchData {
  return new LaunchFlow(services, ref, options.newToken ?? randomUUID, options.now ?? Date.now);
}

/**
 * Remembered choices without those that no longer exist (deleted key pair, gone subnet, VPC or
 * groups, type that cannot run the image). Without a type, the model's default for the image's
 * architecture (the type defaultForm starts with) when it is offered, else the first type offered.
 */
export function liveDefaults(
  remembered: LaunchDefaults | undefined,
  live: {
    /** The model's default type for the image (what defaultForm starts with when nothing is remembered). */
    /** The type a new form starts with when none is remembered (the model's default among the offered). */
    preferredType: string | undefined;
    types: readonly InstanceTypeInfo[];
    keyPairs: readonly KeyPairInfo[];
    vpcId: string | undefined;
    subnets: readonly SubnetInfo[];
    securityGroups: readonly SecurityGroupInfo[];
  },
): LaunchDefaults {
  const kept: LaunchDefaults = { ...(remembered ?? {}) };
  if (kept.instanceType !== undefined && !live.types.some((t) => t.instanceType === kept.instanceType)) delete kept.instanceType;
  if (kept.keyName !== undefined && !live.keyPairs.some((k) => k.keyName === kept.keyName)) delete kept.keyName;
  const sameVpc = kept.vpcId !== undefined && kept.vpcId === live.vpcId;
  if (!sameVpc) {
    delete kept.subnetId;
    delete kept.securityGroupIds;
  }
  if (kept.subnetId !== undefined && !live.subnets.some((s) => s.subnetId === kept.subnetId)) delete kept.subnetId;
  if (kept.securityGroupIds) {
    const groups = kept.securityGroupIds.filter((id) => live.securityGroups.some((g) => g.groupId === id));
    if (groups.length > 0) kept.securityGroupIds = groups;
    else delete kept.securityGroupIds;
  }
  if (live.vpcId !== undefined) kept.vpcId = live.vpcId;
  else delete kept.vpcId;
  if (kept.instanceType === undefined && live.preferredType !== undefined) kept.instanceType = live.preferredType;
  return kept;
}

/** "2 × t3.micro" / "t3.micro" */
function countText(form: LaunchForm): string {
  return form.count > 1 ? `${form.count} × ${form.instanceType}` : form.instanceType;
}

class LaunchFlow implements LaunchData {
  private image: AmiImage | undefined;
  private types: InstanceTypeInfo[] | undefined;
  private vpcs: VpcInfo[] | undefined;

  constructor(
    private readonly services: LaunchDataServices,
    readonly ref: AmiRef,
    private readonly newToken: () => string,
    private readonly now: () => number,
  ) {}

  private ops(): LaunchOperations {
    return this.services.aws().launch(this.ref.profile);
  }

  private get stateKey(): string {
    return defaultsKey(this.ref.profile, this.ref.region);
  }

  private remembered(): LaunchDefaults | undefined {
    const value = this.services.context.globalState.get<unknown>(this.stateKey);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LaunchDefaults) : undefined;
  }

  private async loadImage(signal?: AbortSignal): Promise<Result<AmiImage>> {
    if (this.image) return ok(this.image);
    const image = await this.services.aws().images(this.ref.profile).getImage(this.ref.region, this.ref.imageId, signal);
    if (image.ok) this.image = image.value;
    return image;
  }

  private async loadTypes(signal?: AbortSignal): Promise<Result<InstanceTypeInfo[]>> {
    if (this.types) return ok(this.types);
    const types = await this.ops().listInstanceTypes(this.ref.region, signal);
    if (types.ok) this.types = types.value;
    return types;
  }

  private async loadVpcs(signal?: AbortSignal): Promise<Result<VpcInfo[]>> {
    if (this.vpcs) return ok(this.vpcs);
    const vpcs = await this.ops().listVpcs(this.ref.region, signal);
    if (vpcs.ok) this.vpcs = vpcs.value;
    return vpcs;
  }

  async loadOptions(signal?: AbortSignal): Promise<Result<LaunchOptions>> {
    // A refresh (or a change event about the image) reads the image and the types again.
    this.image = undefined;
    this.types = undefined;
    this.vpcs = undefined;
    const { region } = this.ref;
    const ops = this.ops();
    const [image, types, keyPairs, vpcs] = await Promise.all([this.loadImage(signal), this.loadTypes(signal), ops.listKeyPairs(region, signal), this.loadVpcs(signal)]);
    if (!image.ok) return image;
    if (!types.ok) return types;
    if (!keyPairs.ok) return keyPairs;
    if (!vpcs.ok) return vpcs;
    const remembered = this.remembered();
    const vpc = vpcs.value.find((v) => v.vpcId === remembered?.vpcId) ?? vpcs.value.find((v) => v.isDefault) ?? vpcs.value[0];
    let subnets: SubnetInfo[] = [];
    let securityGroups: SecurityGroupInfo[] = [];
    if (vpc) {
      const [s, g] = await Promise.all([ops.listSubnets(region, vpc.vpcId, signal), ops.listSecurityGroups(region, vpc.vpcId, signal)]);
      if (!s.ok) return s;
      if (!g.ok) return g;
      subnets = s.value;
      securityGroups = g.value;
    }
    const compatible = compatibleTypes(image.value, types.value);
    const defaults = liveDefaults(remembered, { preferredType: defaultInstanceTypeOf(compatible, image.value.architecture), types: compatible, keyPairs: keyPairs.value, vpcId: vpc?.vpcId, subnets, securityGroups });
    return ok({
      image: image.value,
      instanceTypes: compatible,
      excludedTypes: types.value.length - compatible.length,
      keyPairs: keyPairs.value,
      vpcs: vpcs.value,
      subnets,
      securityGroups,
      form: defaultForm(image.value, defaults),
      ...(remembered ? { remembered } : {}),
    });
  }

  subnets(vpcId: string, signal?: AbortSignal): Promise<Result<SubnetInfo[]>> {
    return this.ops().listSubnets(this.ref.region, vpcId, signal);
  }

  securityGroups(vpcId: string, signal?: AbortSignal): Promise<Result<SecurityGroupInfo[]>> {
    return this.ops().listSecurityGroups(this.ref.region, vpcId, signal);
  }

  typesOfferedIn(availabilityZone: string, signal?: AbortSignal): Promise<Result<string[]>> {
    return this.ops().listInstanceTypeOfferings(this.ref.region, availabilityZone, signal);
  }

  keyPairs(signal?: AbortSignal): Promise<Result<KeyPairInfo[]>> {
    return this.ops().listKeyPairs(this.ref.region, signal);
  }

  createKeyPair(keyName: string, keyType: 'rsa' | 'ed25519', signal?: AbortSignal): Promise<Result<CreatedKeyPair>> {
    return this.ops().createKeyPair(this.ref.region, keyName, keyType, signal);
  }

  async validate(form: LaunchForm, signal?: AbortSignal): Promise<LaunchVerdict> {
    const prepared = await this.prepare(form, signal);
    if ('verdict' in prepared) return prepared.verdict;
    return this.dryRun(prepared.image, prepared.request, signal);
  }

  /** The local checks, then the request they allow; or the verdict when they refuse (nothing sent). */
  private async prepare(form: LaunchForm, signal?: AbortSignal): Promise<{ image: AmiImage; request: LaunchRequest } | { verdict: Exclude<LaunchVerdict, { kind: 'valid' }> }> {
    const image = await this.loadImage(signal);
    if (!image.ok) return { verdict: { kind: 'refused', failure: image.error, field: 'image' } };
    const types = await this.loadTypes(signal);
    // Without a subnet EC2 launches into the default VPC: the model refuses that for another VPC.
    const vpcs = form.vpcId && !form.subnetId ? await this.loadVpcs(signal) : undefined;
    const problems = validateLaunchForm(image.value, form, { ...(types.ok ? { types: types.value } : {}), ...(vpcs?.ok ? { vpcs: vpcs.value } : {}) });
    if (problems.length > 0) return { verdict: { kind: 'invalid', problems } };
    return { image: image.value, request: buildLaunchRequest(image.value, form) };
  }

  private async dryRun(image: AmiImage, request: LaunchRequest, signal?: AbortSignal): Promise<Exclude<LaunchVerdict, { kind: 'invalid' }>> {
    const dryRun = await this.ops().dryRunInstances(this.ref.region, request, signal);
    return dryRun.ok ? { kind: 'valid' } : refusal(image, dryRun.error);
  }

  async launch(form: LaunchForm, progress: LaunchProgress, signal?: AbortSignal): Promise<LaunchOutcome> {
    const { region } = this.ref;
    const ops = this.ops();
    progress.report('Validating (dry run)…');
    const prepared = await this.prepare(form, signal);
    if ('verdict' in prepared) return { kind: 'refused', verdict: prepared.verdict };
    const { image, request } = prepared;
    const key = attemptKey(requestFingerprint(request), this.ref.profile, region);

    // The same request was sent before without launching for sure (its answer lost, or refused):
    // look for that launch first. The dry run could refuse now what launched then (a quota the
    // first launch used up, a transient error), and the person would be told nothing was launched.
    const open = this.openAttempts()[key];
    // Why it is not known whether the earlier submission launched: its look-up failed (or was cancelled).
    let earlierUnknown: AwsFailure | undefined;
    if (open) {
      progress.report('Looking for instances launched by an earlier submission of this form…');
      const found = await ops.findByClientToken(region, open.token, signal);
      if (found.ok && found.value) {
        this.services.log.info(`An earlier submission of this launch had launched reservation ${found.value.reservationId}; found by its client token.`);
        return this.launched(key, form, found.value, true, progress, signal);
      }
      if (!found.ok) earlierUnknown = found.error;
      progress.report('Validating (dry run)…');
    }
    const verdict = signal?.aborted ? undefined : await this.dryRun(image, request, signal);
    // RunInstances cannot be taken back once sent: the signal only counts until then.
    if (signal?.aborted || verdict === undefined) {
      return {
        kind: 'failed',
        failure: {
          kind: 'cancelled',
          region,
          message: earlierUnknown
            ? 'Cancelled before launching again: this submission sent nothing, and whether the earlier submission of this form launched instances is not known.'
            : 'Cancelled before launching: nothing was launched.',
        },
        ...(earlierUnknown ? { uncertain: true } : {}),
      };
    }
    if (verdict.kind !== 'valid') {
      if (!earlierUnknown) return { kind: 'refused', verdict };
      return {
        kind: 'failed',
        uncertain: true,
        failure: {
          ...verdict.failure,
          message: `The dry run refused the launch: ${verdict.failure.message} An earlier submission of this form may have launched instances: looking for them by its client token failed (${earlierUnknown.message}).`,
        },
      };
    }

    const token = await this.openAttempt(key);
    progress.report(`Launching ${countText(form)}…`);
    // The service layer looks a lost answer up by the token (recovered: true when found).
    const ran = await ops.runInstances(region, request, token);
    if (!ran.ok) return { kind: 'failed', failure: ran.error, ...(mayHaveLaunched(ran.error) ? { uncertain: true } : {}) };
    const { recovered, ...reservation } = ran.value;
    if (recovered) this.services.log.info(`The response to RunInstances was lost; found reservation ${reservation.reservationId} by its client token.`);
    return this.launched(key, form, reservation, recovered === true, progress, signal);
  }

  /** After RunInstances (or the look-up of an earlier one) answered a reservation: close the attempt, remember the choices, wait until running. */
  private async launched(key: string, form: LaunchForm, launched: LaunchedReservation, recovered: boolean, progress: LaunchProgress, signal?: AbortSignal): Promise<LaunchOutcome> {
    const { region } = this.ref;
    const reservation: LaunchedReservation = { reservationId: launched.reservationId, instances: launched.instances };
    // Launched: the next launch is a new attempt, even with the same form.
    await this.closeAttempt(key);
    await this.remember(form);
    this.services.log.info(`Launched ${reservation.instances.map((i) => i.instanceId).join(', ')} (${reservation.reservationId}) from ${this.ref.imageId} in ${region}.`);

    const ids = reservation.instances.map((i) => i.instanceId);
    if (ids.length === 0) return { kind: 'launched', reservation, recovered, running: false, waitCancelled: false };
    progress.report(`Waiting for ${ids.join(', ')} to be running…`);
    const waited = await this.ops().waitUntilRunning(region, ids, signal);
    if (waited.ok) {
      const instances = reservation.instances.map((i) => waited.value.find((w) => w.instanceId === i.instanceId) ?? i);
      return { kind: 'launched', reservation: { ...reservation, instances }, recovered, running: instances.every((i) => i.state === 'running'), waitCancelled: false };
    }
    if (waited.error.kind === 'cancelled' || signal?.aborted) return { kind: 'launched', reservation, recovered, running: false, waitCancelled: true };
    return { kind: 'launched', reservation, recovered, running: false, waitCancelled: false, waitFailure: waited.error };
  }

  /** The open attempts that have not expired (globalState holds whatever an older version or a person put there). */
  private openAttempts(): Record<string, OpenAttempt> {
    const stored = this.services.context.globalState.get<unknown>(OPEN_ATTEMPTS_KEY);
    const live: Record<string, OpenAttempt> = {};
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return live;
    const now = this.now();
    for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
      const a = value as Partial<OpenAttempt> | null;
      if (typeof a?.token !== 'string' || a.token === '' || typeof a.createdAt !== 'number') continue;
      if (a.createdAt > now || now - a.createdAt >= OPEN_ATTEMPT_TTL_MS) continue;
      live[key] = { token: a.token, createdAt: a.createdAt };
    }
    return live;
  }

  private async saveAttempts(attempts: Record<string, OpenAttempt>): Promise<void> {
    try {
      await this.services.context.globalState.update(OPEN_ATTEMPTS_KEY, Object.keys(attempts).length > 0 ? attempts : undefined);
    } catch (err) {
      this.services.log.warn(`Could not keep the open launch attempts: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The ClientToken of the request's open attempt; a new attempt (saved before anything is sent) when there is none. */
  private async openAttempt(key: string): Promise<string> {
    const attempts = this.openAttempts();
    const open = attempts[key];
    if (open) return open.token;
    const token = this.newToken();
    // Read and changed in one turn: another launch's change in between is not lost.
    await this.saveAttempts({ ...attempts, [key]: { token, createdAt: this.now() } });
    return token;
  }

  private async closeAttempt(key: string): Promise<void> {
    const attempts = this.openAttempts();
    delete attempts[key];
    await this.saveAttempts(attempts);
  }

  private async remember(form: LaunchForm): Promise<void> {
    try {
      await this.services.context.globalState.update(this.stateKey, rememberedFrom(form));
    } catch (err) {
      this.services.log.warn(`Could not remember the launch choices: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/**
 * RunInstances failed in a way that does not say whether EC2 launched anything: its answer was lost
 * or was a server error and the service layer did not find the launch by its token (ResponseLost),
 * or EC2 could not be reached (the SDK may have retried after an attempt whose answer was lost).
 */
function mayHaveLaunched(failure: AwsFailure): boolean {
  return failure.code === 'ResponseLost' || failure.kind === 'unreachable';
}

/** A dry run's error, placed on the form where its code says. */
function refusal(image: AmiImage, failure: AwsFailure): Extract<LaunchVerdict, { kind: 'refused' }> {
  const field = fieldForError(failure.code, failure.message);
  const url = failure.kind === 'subscriptionRequired' ? marketplaceUrl(image) : undefined;
  return { kind: 'refused', failure, ...(field ? { field } : {}), ...(url ? { marketplaceUrl: url } : {}) };
}

