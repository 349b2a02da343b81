/**
 * Launching for one profile: the look-ups the launch form needs (instance types and their zone
 * offerings, key pairs, VPCs, subnets, security groups) through the SDK's paginators, CreateKeyPair,
 * RunInstances as a dry run and for real (with a ClientToken, so the SDK may retry it safely),
 * DescribeInstances by id or by client token, and the SDK's waiter until the instances run.
 * Every method returns a Result and never throws; each passes its AbortSignal to the SDK.
 */
import {
  CreateKeyPairCommand,
  DescribeKeyPairsCommand,
  RunInstancesCommand,
  paginateDescribeInstances,
  paginateDescribeInstanceTypeOfferings,
  paginateDescribeInstanceTypes,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  waitForInstanceRunning,
  type DescribeInstancesCommandInput,
  type Instance,
  type InstanceTypeInfo as SdkInstanceTypeInfo,
  type Reservation,
  type Tag,
} from '@aws-sdk/client-ec2';
import type {
  CreatedKeyPair,
  InstanceInfo,
  InstanceTypeInfo,
  KeyPairInfo,
  LaunchedReservation,
  LaunchRequest,
  SecurityGroupInfo,
  SubnetInfo,
  VpcInfo,
} from '../model/launch';
import { fail, ok, type Result } from '../model/result';
import { isLostResponse, isServerError } from './errors';
import { withoutBlindRetry } from './images';
import { redact } from './redact';
import type { LaunchOperations } from './types';
import { ProfileService } from './serviceBase';
import { endsWait, stoppingClient } from './waiting';

/** Waiting for instances to run: the waiter's delays (seconds) and how long at most. */
export const WAIT_RUNNING = { minDelay: 2, maxDelay: 15, maxWaitTime: 15 * 60 } as const;


interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: unknown;
}

function nameTag(tags: Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value;
}

function toInstanceType(t: SdkInstanceTypeInfo): InstanceTypeInfo | undefined {
  if (!t.InstanceType) return undefined;
  return {
    instanceType: t.InstanceType,
    architectures: [...(t.ProcessorInfo?.SupportedArchitectures ?? [])],
    bootModes: [...(t.SupportedBootModes ?? [])],
    virtualizationTypes: [...(t.SupportedVirtualizationTypes ?? [])],
    ...(t.NetworkInfo?.EnaSupport ? { enaSupport: t.NetworkInfo.EnaSupport } : {}),
    ...(t.VCpuInfo?.DefaultVCpus !== undefined ? { vCpus: t.VCpuInfo.DefaultVCpus } : {}),
    ...(t.MemoryInfo?.SizeInMiB !== undefined ? { memoryMiB: t.MemoryInfo.SizeInMiB } : {}),
    currentGeneration: t.CurrentGeneration === true,
    freeTierEligible: t.FreeTierEligible === true,
  };
}

function toInstance(i: Instance): InstanceInfo | undefined {
  if (!i.InstanceId) return undefined;
  return {
    instanceId: i.InstanceId,
    state: i.State?.Name ?? 'pending',
    ...(i.InstanceType ? { instanceType: i.InstanceType } : {}),
    ...(i.Placement?.AvailabilityZone ? { availabilityZone: i.Placement.AvailabilityZone } : {}),
    ...(i.PrivateIpAddress ? { privateIpAddress: i.PrivateIpAddress } : {}),
    ...(i.PublicIpAddress ? { publicIpAddress: i.PublicIpAddress } : {}),
    ...(i.PublicDnsName ? { publicDnsName: i.PublicDnsName } : {}),
    ...(i.LaunchTime ? { launchTime: new Date(i.LaunchTime).toISOString() } : {}),
    ...(i.KeyName ? { keyName: i.KeyName } : {}),
  };
}

function instancesOf(reservations: readonly Reservation[]): InstanceInfo[] {
  return reservations.flatMap((r) => r.Instances ?? []).map(toInstance).filter((i): i is InstanceInfo => i !== undefined);
}

export class LaunchService extends ProfileService implements LaunchOperations {
  /**
   * RunInstances' refusals: OptInRequired about an AWS Marketplace product is a subscription to
   * take out (not a region to enable); otherwise the shared mapping, keeping EC2's own message
   * (it says what to change: the type, the subnet, the volume size…) and its code.
   */
  private async runFailure<T>(err: unknown, region: string): Promise<Result<T>> {
    const e = err as SdkError;
    const message = redact(e.message?.trim() ?? '');
    if (e.name === 'OptInRequired' && /marketplace/i.test(message)) {
      // The product's page comes from the image's product code (the model's marketplaceUrl), not from this message.
      return fail({
        kind: 'subscriptionRequired',
        code: 'OptInRequired',
        action: 'ec2:RunInstances',
        region,
        ...this.withProfile(),
        message: `This image is an AWS Marketplace product the account has not subscribed to: ${message}`,
        nextStep: 'Subscribe to the product on its AWS Marketplace page (accept its terms), then validate again.',
      });
    }
    const result = await this.failure<T>(err, 'RunInstances', region);
    if (result.ok) return result;
    const failure = result.error;
    if (e.name && e.name !== 'Error' && message && (failure.kind === 'unknown' || failure.kind === 'invalidInput' || failure.kind === 'notFound') && !failure.message.includes(message)) {
      failure.message = message;
      if (e.name === 'InsufficientInstanceCapacity') failure.nextStep = 'Choose another instance type or a subnet in another Availability Zone, or try again later.';
    }
    return result;
  }

  async listInstanceTypes(region: string, signal?: AbortSignal): Promise<Result<InstanceTypeInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const out: InstanceTypeInfo[] = [];
      for await (const page of paginateDescribeInstanceTypes({ client: this.client(region), pageSize: 100 }, {}, { abortSignal: signal })) {
        for (const t of page.InstanceTypes ?? []) {
          const info = toInstanceType(t);
          if (info) out.push(info);
        }
      }
      return ok(out.sort((a, b) => a.instanceType.localeCompare(b.instanceType)));
    } catch (err) {
      return this.failure(err, 'DescribeInstanceTypes', region);
    }
  }

  async listInstanceTypeOfferings(region: string, availabilityZone: string, signal?: AbortSignal): Promise<Result<string[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const names = new Set<string>();
      const input = { LocationType: 'availability-zone' as const, Filters: [{ Name: 'location', Values: [availabilityZone] }] };
      for await (const page of paginateDescribeInstanceTypeOfferings({ client: this.client(region), pageSize: 1000 }, input, { abortSignal: signal })) {
        for (const o of page.InstanceTypeOfferings ?? []) if (o.InstanceType) names.add(o.InstanceType);
      }
      return ok([...names].sort());
    } catch (err) {
      return this.failure(err, 'DescribeInstanceTypeOfferings', region);
    }
  }

  async listKeyPairs(region: string, signal?: AbortSignal): Promise<Result<KeyPairInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const output = await this.client(region).send(new DescribeKeyPairsCommand({}), { abortSignal: signal });
      const keys = (output.KeyPairs ?? [])
        .filter((k) => k.KeyName)
        .map((k) => ({
          keyName: k.KeyName as string,
          ...(k.KeyPairId ? { keyPairId: k.KeyPairId } : {}),
          ...(k.KeyType ? { keyType: k.KeyType } : {}),
          ...(k.CreateTime ? { createTime: new Date(k.CreateTime).toISOString() } : {}),
        }));
      return ok(keys.sort((a, b) => a.keyName.localeCompare(b.keyName)));
    } catch (err) {
      return this.failure(err, 'DescribeKeyPairs', region);
    }
  }

  /**
   * Not retried blindly: a second CreateKeyPair after a lost answer would be refused as a duplicate,
   * and the private key of the first would be lost. The material is in the answer only: the SDK's
   * log record of the call leaves outputs out (sdkLogger.ts), and log lines redact private keys.
   */
  async createKeyPair(region: string, keyName: string, keyType: 'rsa' | 'ed25519', signal?: AbortSignal): Promise<Result<CreatedKeyPair>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const output = await this.client(region).send(withoutBlindRetry(new CreateKeyPairCommand({ KeyName: keyName, KeyType: keyType, KeyFormat: 'pem' })), { abortSignal: signal });
      if (!output.KeyMaterial) {
        return fail({ kind: 'unknown', message: `EC2 created key pair "${keyName}" but sent no private key.`, nextStep: 'Delete the key pair in the console and create another.', action: 'ec2:CreateKeyPair', region, ...this.withProfile() });
      }
      return ok({ keyName: output.KeyName ?? keyName, ...(output.KeyPairId ? { keyPairId: output.KeyPairId } : {}), keyType, keyMaterial: output.KeyMaterial });
    } catch (err) {
      return this.failure(err, 'CreateKeyPair', region);
    }
  }

  async listVpcs(region: string, signal?: AbortSignal): Promise<Result<VpcInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const out: VpcInfo[] = [];
      for await (const page of paginateDescribeVpcs({ client: this.client(region), pageSize: 1000 }, {}, { abortSignal: signal })) {
        for (const v of page.Vpcs ?? []) {
          if (!v.VpcId) continue;
          const name = nameTag(v.Tags);
          out.push({ vpcId: v.VpcId, ...(v.CidrBlock ? { cidrBlock: v.CidrBlock } : {}), isDefault: v.IsDefault === true, ...(name !== undefined ? { name } : {}) });
        }
      }
      return ok(out);
    } catch (err) {
      return this.failure(err, 'DescribeVpcs', region);
    }
  }

  async listSubnets(region: string, vpcId: string, signal?: AbortSignal): Promise<Result<SubnetInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const out: SubnetInfo[] = [];
      const input = { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] };
      for await (const page of paginateDescribeSubnets({ client: this.client(region), pageSize: 1000 }, input, { abortSignal: signal })) {
        for (const s of page.Subnets ?? []) {
          if (!s.SubnetId || !s.AvailabilityZone) continue;
          const name = nameTag(s.Tags);
          out.push({
            subnetId: s.SubnetId,
            vpcId: s.VpcId ?? vpcId,
            availabilityZone: s.AvailabilityZone,
            ...(s.AvailableIpAddressCount !== undefined ? { availableIpAddressCount: s.AvailableIpAddressCount } : {}),
            defaultForAz: s.DefaultForAz === true,
            ...(s.MapPublicIpOnLaunch !== undefined ? { mapPublicIpOnLaunch: s.MapPublicIpOnLaunch } : {}),
            ...(s.CidrBlock ? { cidrBlock: s.CidrBlock } : {}),
            ...(name !== undefined ? { name } : {}),
          });
        }
      }
      return ok(out.sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone) || a.subnetId.localeCompare(b.subnetId)));
    } catch (err) {
      return this.failure(err, 'DescribeSubnets', region);
    }
  }

  async listSecurityGroups(region: string, vpcId: string, signal?: AbortSignal): Promise<Result<SecurityGroupInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const out: SecurityGroupInfo[] = [];
      const input = { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] };
      for await (const page of paginateDescribeSecurityGroups({ client: this.client(region), pageSize: 1000 }, input, { abortSignal: signal })) {
        for (const g of page.SecurityGroups ?? []) {
          if (!g.GroupId) continue;
          out.push({ groupId: g.GroupId, groupName: g.GroupName ?? g.GroupId, ...(g.VpcId ? { vpcId: g.VpcId } : {}), ...(g.Description ? { description: g.Description } : {}) });
        }
      }
      return ok(out.sort((a, b) => a.groupName.localeCompare(b.groupName)));
    } catch (err) {
      return this.failure(err, 'DescribeSecurityGroups', region);
    }
  }

  async dryRunInstances(region: string, request: LaunchRequest, signal?: AbortSignal): Promise<Result<void>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      await this.client(region).send(new RunInstancesCommand({ ...request, DryRun: true }), { abortSignal: signal });
      // EC2 never launches on a dry run; an answer without DryRunOperation still means "valid".
      return ok(undefined);
    } catch (err) {
      if ((err as SdkError).name === 'DryRunOperation') return ok(undefined);
      return this.runFailure(err, region);
    }
  }

  /**
   * The SDK retries this call on its own when the connection drops or EC2 answers a transient
   * error: safe, because the ClientToken makes EC2 answer the first launch instead of making a
   * second. When the answer is still lost after the retries (the connection closed after sending,
   * or EC2 answered a server error), the launch may exist: it is looked up by its token and, when
   * found, answered with `recovered: true`. When it is not found, the failure has the code
   * `ResponseLost` (for a server error, EC2's code is in the message): whether anything was
   * launched is not known, and sending the same request with the same token cannot launch twice.
   */
  async runInstances(region: string, request: LaunchRequest, clientToken: string, signal?: AbortSignal): Promise<Result<LaunchedReservation>> {
    if (signal?.aborted) return this.cancelled(region);
    if (clientToken.trim() === '' || clientToken.length > 64) {
      return fail({ kind: 'invalidInput', message: 'A launch needs a client token of 1 to 64 characters. Nothing was sent.', region, ...this.withProfile() });
    }
    try {
      const output = await this.client(region).send(new RunInstancesCommand({ ...request, ClientToken: clientToken }), { abortSignal: signal });
      return ok({ reservationId: output.ReservationId ?? '', instances: (output.Instances ?? []).map(toInstance).filter((i): i is InstanceInfo => i !== undefined) });
    } catch (err) {
      const lost = isLostResponse(err);
      if (!lost && !isServerError(err)) return this.runFailure(err, region);
      const found = await this.findByClientToken(region, clientToken);
      if (found.ok && found.value) return ok({ ...found.value, recovered: true });
      const failed = await this.runFailure<LaunchedReservation>(err, region);
      if (failed.ok) return failed;
      const e = err as SdkError;
      const what = lost
        ? `The connection to EC2 in ${region} closed before it answered RunInstances (${redact(e.code ?? e.message ?? 'reset')}).`
        : `EC2 in ${region} answered RunInstances with a server error (HTTP ${e.$metadata?.httpStatusCode ?? 500}${e.name && e.name !== 'Error' ? `, ${e.name}` : ''}${e.message ? `: ${redact(e.message.trim()).replace(/[.\s]+$/, '')}` : ''}).`;
      const lookup = found.ok
        ? 'No instances launched with its client token were found yet'
        : `Looking for instances launched with its client token failed too (${found.error.message})`;
      return fail({
        ...failed.error,
        kind: lost ? 'unreachable' : failed.error.kind,
        code: 'ResponseLost',
        message: `${what} ${lookup}, so it is not known whether any were launched.`,
        nextStep: 'Send the same request again: it carries the same client token, so EC2 launches it at most once.',
      });
    }
  }

  private async describe(region: string, input: DescribeInstancesCommandInput, signal?: AbortSignal): Promise<Reservation[]> {
    const reservations: Reservation[] = [];
    for await (const page of paginateDescribeInstances({ client: this.client(region) }, input, { abortSignal: signal })) reservations.push(...(page.Reservations ?? []));
    return reservations;
  }

  async describeInstances(region: string, instanceIds: readonly string[], signal?: AbortSignal): Promise<Result<InstanceInfo[]>> {
    if (signal?.aborted) return this.cancelled(region);
    if (instanceIds.length === 0) return ok([]);
    try {
      const found = instancesOf(await this.describe(region, { InstanceIds: [...instanceIds] }, signal));
      const order = new Map(instanceIds.map((id, n) => [id, n]));
      return ok(found.sort((a, b) => (order.get(a.instanceId) ?? 0) - (order.get(b.instanceId) ?? 0)));
    } catch (err) {
      return this.failure(err, 'DescribeInstances', region);
    }
  }

  async findByClientToken(region: string, clientToken: string, signal?: AbortSignal): Promise<Result<LaunchedReservation | undefined>> {
    if (signal?.aborted) return this.cancelled(region);
    try {
      const reservations = await this.describe(region, { Filters: [{ Name: 'client-token', Values: [clientToken] }] }, signal);
      const first = reservations.find((r) => r.ReservationId);
      if (!first) return ok(undefined);
      const same = reservations.filter((r) => r.ReservationId === first.ReservationId);
      return ok({ reservationId: first.ReservationId as string, instances: instancesOf(same) });
    } catch (err) {
      return this.failure(err, 'DescribeInstances', region);
    }
  }

  /**
   * The SDK's waiter (waitForInstanceRunning) until every instance runs. Its acceptors retry any
   * error of DescribeInstances until the maximum wait, which would hide for 15 minutes an error
   * that retrying cannot mend: the client it is given stops it at such an error (access denied,
   * rejected credentials, a bad request), and the wait ends with that error. InvalidInstanceID.NotFound
   * (EC2's eventual consistency right after a launch), throttling, server and network errors are
   * retried: the client's own retries, then the waiter's next poll.
   */
  async waitUntilRunning(region: string, instanceIds: readonly string[], signal?: AbortSignal): Promise<Result<InstanceInfo[]>> {
    const ids = [...instanceIds];
    const which = ids.length === 1 ? `instance ${ids[0]}` : `${ids.length} instances`;
    const stopped = `Stopped waiting for ${which} to be running. Nothing was terminated: ${ids.length === 1 ? 'it keeps' : 'they keep'} starting in ${region}.`;
    if (signal?.aborted) return this.cancelled(region, stopped);
    if (ids.length === 0) return ok([]);
    const client = this.client(region);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const watched = stoppingClient(client, stop, (err) => endsWait(err, 'InvalidInstanceID.NotFound'));
    let state: string;
    try {
      state = String((await waitForInstanceRunning({ client: watched.client, ...WAIT_RUNNING, abortSignal: stop.signal }, { InstanceIds: ids })).state);
    } catch (err) {
      // Only a waiter configuration error throws; say what it was.
      return this.failure(err, 'DescribeInstances', region);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (watched.fatal() !== undefined) return this.failure(watched.fatal(), 'DescribeInstances', region);
    if (signal?.aborted || state === 'ABORTED') return this.cancelled(region, stopped);
    if (state === 'TIMEOUT') {
      return fail({
        kind: 'unknown',
        message: `${which} ${ids.length === 1 ? 'was' : 'were'} not running after ${WAIT_RUNNING.maxWaitTime / 60} minutes. Nothing was terminated.`,
        nextStep: 'Look at the instances in the EC2 console.',
        action: 'ec2:DescribeInstances',
        region,
        ...this.withProfile(),
      });
    }
    if (state !== 'SUCCESS') {
      // The waiter's failure state: an instance went to shutting-down, terminated or stopping instead.
      const now = await this.describeInstances(region, ids, signal);
      const gone = now.ok ? now.value.filter((i) => i.state !== 'running' && i.state !== 'pending').map((i) => `${i.instanceId} (${i.state})`) : [];
      return fail({
        kind: 'unknown',
        message: gone.length > 0 ? `Not every instance reached running: ${gone.join(', ')}.` : `Waiting for ${which} to run failed (${state}).`,
        nextStep: 'Look at the instance state reason in the EC2 console.',
        action: 'ec2:DescribeInstances',
        region,
        ...this.withProfile(),
      });
    }
    return this.describeInstances(region, ids, signal);
  }
}
