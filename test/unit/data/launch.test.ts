/**
 * The launch flow's data layer (src/data/launch.ts) over a scripted LaunchOperations: what the form
 * starts from (compatible types, remembered choices dropped when stale), the dry-run verdict, and
 * the ClientToken rule — one token per attempt, reused when the same request is submitted again
 * after a failure or a lost response, a new one after a change or a launch — plus the recovery of
 * a lost RunInstances response by its token.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AwsServices, ImageOperations, LaunchOperations } from '../../../src/aws/types';
import { attemptKey, createLaunchData, OPEN_ATTEMPT_TTL_MS, OPEN_ATTEMPTS_KEY, type LaunchData, type LaunchDataServices } from '../../../src/data/launch';
import type { AmiImage, AmiRef } from '../../../src/model/image';
import {
  defaultsKey,
  requestFingerprint,
  type InstanceInfo,
  type InstanceTypeInfo,
  type LaunchDefaults,
  type LaunchedReservation,
  type LaunchForm,
  type LaunchRequest,
  type SecurityGroupInfo,
  type SubnetInfo,
} from '../../../src/model/launch';
import { fail, ok, type AwsFailure, type Result } from '../../../src/model/result';

const REGION = 'eu-west-1';
const PROFILE = 'dev';
const REF: AmiRef = { region: REGION, imageId: 'ami-0123456789abcdef0', profile: PROFILE };

const IMAGE: AmiImage = {
  imageId: REF.imageId,
  region: REGION,
  name: 'web-server-2026',
  state: 'available',
  public: false,
  architecture: 'x86_64',
  virtualizationType: 'hvm',
  enaSupport: true,
  rootDeviceName: '/dev/xvda',
  rootDeviceType: 'ebs',
  platformDetails: 'Linux/UNIX',
  productCodes: [],
  tags: {},
  blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: 'snap-0aaaaaaaaaaaaaaa1', volumeSize: 8, volumeType: 'gp3', deleteOnTermination: true, encrypted: false } }],
} as AmiImage;

function type(instanceType: string, extra: Partial<InstanceTypeInfo> = {}): InstanceTypeInfo {
  return { instanceType, architectures: ['x86_64'], bootModes: ['legacy-bios', 'uefi'], virtualizationTypes: ['hvm'], enaSupport: 'supported', vCpus: 2, memoryMiB: 1024, currentGeneration: true, freeTierEligible: false, ...extra };
}

const TYPES: InstanceTypeInfo[] = [
  type('m5.large', { memoryMiB: 8192 }),
  type('t3.micro', { freeTierEligible: true }),
  type('t4g.micro', { architectures: ['arm64'], bootModes: ['uefi'], freeTierEligible: true }),
  type('c6g.large', { architectures: ['arm64'], bootModes: ['uefi'] }),
];
const SUBNETS: SubnetInfo[] = [
  { subnetId: 'subnet-0aaaaaaaaaaaaaaa1', vpcId: 'vpc-0default000000001', availabilityZone: 'eu-west-1a', defaultForAz: true, availableIpAddressCount: 4000 },
  { subnetId: 'subnet-0aaaaaaaaaaaaaaa2', vpcId: 'vpc-0default000000001', availabilityZone: 'eu-west-1b', defaultForAz: true, availableIpAddressCount: 4000 },
];
const GROUPS: SecurityGroupInfo[] = [{ groupId: 'sg-0aaaaaaaaaaaaaaa1', groupName: 'default', vpcId: 'vpc-0default000000001' }];

function instance(instanceId: string, state: string, extra: Partial<InstanceInfo> = {}): InstanceInfo {
  return { instanceId, state, instanceType: 't3.micro', ...extra };
}

interface Call {
  op: string;
  args: unknown[];
}

/** A LaunchOperations whose answers each test sets; every call is recorded. */
class FakeLaunch implements LaunchOperations {
  readonly profile = PROFILE;
  calls: Call[] = [];
  keyPairs = [{ keyName: 'ops-key', keyType: 'ed25519' }];
  vpcs = [{ vpcId: 'vpc-0default000000001', isDefault: true }];
  dryRun: () => Result<void> = () => ok(undefined);
  run: (token: string) => Result<LaunchedReservation> = (token) => ok(this.reservationFor(token));
  found: (token: string) => Result<LaunchedReservation | undefined> = () => ok(undefined);
  wait: (ids: readonly string[], signal?: AbortSignal) => Promise<Result<InstanceInfo[]>> = async (ids) => ok(ids.map((id) => instance(id, 'running', { publicIpAddress: '203.0.113.7' })));
  private counter = 0;

  reservationFor(token: string): LaunchedReservation {
    this.counter++;
    return { reservationId: `r-${this.counter}-${token.slice(0, 4)}`, instances: [instance(`i-0${String(this.counter).padStart(16, '0')}`, 'pending')] };
  }

  private record(op: string, ...args: unknown[]): void {
    this.calls.push({ op, args });
  }

  ops(): string[] {
    return this.calls.map((c) => c.op);
  }

  /** The ClientTokens RunInstances was sent with, in order. */
  tokens(): string[] {
    return this.calls.filter((c) => c.op === 'runInstances').map((c) => c.args[2] as string);
  }

  async listInstanceTypes(region: string): Promise<Result<InstanceTypeInfo[]>> {
    this.record('listInstanceTypes', region);
    return ok(TYPES);
  }
  async listInstanceTypeOfferings(region: string, zone: string): Promise<Result<string[]>> {
    this.record('listInstanceTypeOfferings', region, zone);
    return ok(['t3.micro']);
  }
  async listKeyPairs(region: string): Promise<Result<{ keyName: string }[]>> {
    this.record('listKeyPairs', region);
    return ok(this.keyPairs);
  }
  async createKeyPair(region: string, keyName: string, keyType: 'rsa' | 'ed25519'): Promise<Result<{ keyName: string; keyType: 'rsa' | 'ed25519'; keyMaterial: string }>> {
    this.record('createKeyPair', region, keyName, keyType);
    return ok({ keyName, keyType, keyMaterial: '-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n-----END OPENSSH PRIVATE KEY-----\n' });
  }
  async listVpcs(region: string): Promise<Result<{ vpcId: string; isDefault: boolean }[]>> {
    this.record('listVpcs', region);
    return ok(this.vpcs);
  }
  async listSubnets(region: string, vpcId: string): Promise<Result<SubnetInfo[]>> {
    this.record('listSubnets', region, vpcId);
    return ok(SUBNETS.filter((s) => s.vpcId === vpcId));
  }
  async listSecurityGroups(region: string, vpcId: string): Promise<Result<SecurityGroupInfo[]>> {
    this.record('listSecurityGroups', region, vpcId);
    return ok(GROUPS.filter((g) => g.vpcId === vpcId));
  }
  async dryRunInstances(region: string, request: LaunchRequest): Promise<Result<void>> {
    this.record('dryRunInstances', region, request);
    return this.dryRun();
  }
  async runInstances(region: string, request: LaunchRequest, clientToken: string, signal?: AbortSignal): Promise<Result<LaunchedReservation>> {
    this.record('runInstances', region, request, clientToken, signal);
    return this.run(clientToken);
  }
  async describeInstances(region: string, ids: readonly string[]): Promise<Result<InstanceInfo[]>> {
    this.record('describeInstances', region, ids);
    return ok(ids.map((id) => instance(id, 'running')));
  }
  async findByClientToken(region: string, clientToken: string): Promise<Result<LaunchedReservation | undefined>> {
    this.record('findByClientToken', region, clientToken);
    return this.found(clientToken);
  }
  async waitUntilRunning(region: string, ids: readonly string[], signal?: AbortSignal): Promise<Result<InstanceInfo[]>> {
    this.record('waitUntilRunning', region, ids);
    return this.wait(ids, signal);
  }
}

interface Harness {
  launch: FakeLaunch;
  state: Map<string, unknown>;
  logs: string[];
  data: LaunchData;
  tokens: string[];
  /** The flow's clock (ms); tests move it. */
  clock: { now: number };
  make(): LaunchData;
}

function harness(remembered?: LaunchDefaults): Harness {
  const launch = new FakeLaunch();
  const state = new Map<string, unknown>();
  if (remembered) state.set(defaultsKey(PROFILE, REGION), remembered);
  const logs: string[] = [];
  const images = { profile: PROFILE, getImage: async () => ok(IMAGE) } as unknown as ImageOperations;
  const aws = { images: () => images, launch: () => launch } as unknown as AwsServices;
  const line = (m: string): void => void logs.push(m);
  const services = {
    aws: () => aws,
    log: { info: line, warn: line, error: line, debug: line, trace: line },
    context: { globalState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v), keys: () => [...state.keys()], setKeysForSync: () => undefined } },
  } as unknown as LaunchDataServices;
  const tokens: string[] = [];
  let n = 0;
  const clock = { now: Date.UTC(2026, 11, 2, 12) };
  const make = (): LaunchData =>
    createLaunchData(services, REF, {
      now: () => clock.now,
      newToken: () => {
        n++;
        const t = `token-${n}`;
        tokens.push(t);
        return t;
      },
    });
  return { launch, state, logs, data: make(), tokens, clock, make };
}

const progress = (messages: string[] = []): { report(m: string): void } => ({ report: (m) => void messages.push(m) });

async function startForm(h: Harness): Promise<LaunchForm> {
  const options = await h.data.loadOptions();
  assert.ok(options.ok, options.ok ? '' : options.error.message);
  return options.value.form;
}

const lost: AwsFailure = { kind: 'unreachable', message: 'The connection to EC2 was lost before it answered.', code: 'ResponseLost', region: REGION };

describe('data/launch (the launch flow)', () => {
  describe('loadOptions', () => {
    it('offers only the types that can run the image, counts the others, and starts with a free-tier type when none is remembered', async () => {
      const h = harness();
      const options = await h.data.loadOptions();
      assert.ok(options.ok);
      const names = options.value.instanceTypes.map((t) => t.instanceType);
      assert.deepEqual([...names].sort(), ['m5.large', 't3.micro']);
      assert.equal(options.value.excludedTypes, 2);
      assert.equal(options.value.form.instanceType, 't3.micro');
      assert.equal(options.value.remembered, undefined);
      assert.deepEqual(options.value.subnets, SUBNETS, 'the default VPC’s subnets');
      assert.deepEqual(options.value.securityGroups, GROUPS);
      assert.deepEqual(h.launch.calls.find((c) => c.op === 'listSubnets')?.args, [REGION, 'vpc-0default000000001']);
      assert.ok(!h.launch.ops().includes('dryRunInstances'), 'loading sends no launch');
    });

    it('without a remembered type, starts with the model\'s default for the architecture when it is offered, else the first type offered', async () => {
      const h = harness();
      const t2 = type('t2.micro', { vCpus: 1, freeTierEligible: true });
      h.launch.listInstanceTypes = async () => ok([...TYPES, t2]);
      const options = await h.data.loadOptions();
      assert.ok(options.ok);
      assert.equal(options.value.instanceTypes[0]?.instanceType, 't2.micro', 'first in picker order');
      assert.equal(options.value.form.instanceType, 't3.micro', 'the model\'s default for x86_64, as everywhere');

      const g = harness();
      g.launch.listInstanceTypes = async () => ok(TYPES.filter((t) => t.instanceType !== 't3.micro'));
      const without = await g.data.loadOptions();
      assert.ok(without.ok);
      assert.equal(without.value.form.instanceType, 'm5.large', 'the default is not offered: the first type that is');
    });

    it('applies the remembered choices that still exist', async () => {
      const h = harness({ instanceType: 'm5.large', keyName: 'ops-key', vpcId: 'vpc-0default000000001', subnetId: SUBNETS[1]?.subnetId, securityGroupIds: [GROUPS[0]?.groupId ?? ''] });
      const form = await startForm(h);
      assert.equal(form.instanceType, 'm5.large');
      assert.equal(form.keyName, 'ops-key');
      assert.equal(form.subnetId, SUBNETS[1]?.subnetId);
      assert.deepEqual(form.securityGroupIds, [GROUPS[0]?.groupId]);
    });

    it('drops remembered choices that are gone: a deleted key pair, a missing subnet and group, a type that cannot run the image', async () => {
      const h = harness({ instanceType: 't4g.micro', keyName: 'deleted-key', vpcId: 'vpc-0default000000001', subnetId: 'subnet-0gone000000000001', securityGroupIds: ['sg-0gone000000000001'] });
      const options = await h.data.loadOptions();
      assert.ok(options.ok);
      const form = options.value.form;
      assert.equal(form.instanceType, 't3.micro', 'an arm64 type cannot run an x86_64 image: the default instead');
      assert.equal(form.keyName, undefined);
      assert.equal(form.subnetId, undefined);
      assert.deepEqual(form.securityGroupIds, []);
      assert.equal(options.value.remembered?.keyName, 'deleted-key', 'what is stored is reported as stored');
    });

    it('falls back to the default VPC when the remembered one was deleted (and forgets its subnet)', async () => {
      const h = harness({ vpcId: 'vpc-0deleted00000001', subnetId: 'subnet-0other0000000001' });
      const form = await startForm(h);
      assert.deepEqual(h.launch.calls.find((c) => c.op === 'listSubnets')?.args, [REGION, 'vpc-0default000000001']);
      assert.equal(form.subnetId, undefined);
      assert.notEqual(form.vpcId, 'vpc-0deleted00000001');
    });
    it('reads the image and the types again each time (a refresh or a changed image is not served from a cache)', async () => {
      const h = harness();
      let image: AmiImage = IMAGE;
      let getImageCalls = 0;
      const images = { getImage: async () => (getImageCalls++, ok(image)) } as unknown as ImageOperations;
      const data = createLaunchData(
        { aws: () => ({ images: () => images, launch: () => h.launch }) as unknown as AwsServices, log: { info: () => undefined }, context: { globalState: { get: () => undefined } } } as unknown as LaunchDataServices,
        REF,
      );
      const first = await data.loadOptions();
      assert.ok(first.ok);
      assert.deepEqual(first.value.instanceTypes.map((t) => t.instanceType).sort(), ['m5.large', 't3.micro']);
      // The image became arm64 (say, the person picked another of the same name); a new type appeared.
      image = { ...IMAGE, architecture: 'arm64', bootMode: 'uefi' } as AmiImage;
      const listed = h.launch.listInstanceTypes.bind(h.launch);
      h.launch.listInstanceTypes = async (region: string) => {
        const all = await listed(region);
        return all.ok ? ok([...all.value, type('c7g.medium', { architectures: ['arm64'], bootModes: ['uefi'] })]) : all;
      };
      const second = await data.loadOptions();
      assert.ok(second.ok);
      assert.equal(getImageCalls, 2);
      assert.equal(h.launch.ops().filter((o) => o === 'listInstanceTypes').length, 2);
      assert.equal(second.value.image.architecture, 'arm64');
      assert.deepEqual(second.value.instanceTypes.map((t) => t.instanceType).sort(), ['c6g.large', 'c7g.medium', 't4g.micro']);
    });
  });

  describe('validate', () => {
    it('a form the local checks refuse is "invalid" and nothing is sent', async () => {
      const h = harness();
      const form = await startForm(h);
      const verdict = await h.data.validate({ ...form, count: 0 });
      assert.equal(verdict.kind, 'invalid');
      assert.ok(verdict.kind === 'invalid' && verdict.problems.some((p) => p.field === 'count'));
      assert.ok(!h.launch.ops().includes('dryRunInstances'));
    });

    it('a VPC that is not the default one without a subnet is "invalid" at the subnet (EC2 would launch into the default VPC) and nothing is sent', async () => {
      const h = harness();
      h.launch.vpcs = [...h.launch.vpcs, { vpcId: 'vpc-0other0000000002', isDefault: false }];
      const form = await startForm(h);
      const other = await h.data.validate({ ...form, vpcId: 'vpc-0other0000000002', subnetId: undefined, securityGroupIds: [] });
      assert.equal(other.kind, 'invalid');
      assert.ok(other.kind === 'invalid' && other.problems.some((p) => p.field === 'subnet' && /default VPC/.test(p.message)));
      assert.ok(!h.launch.ops().includes('dryRunInstances'));
      const inDefault = await h.data.validate({ ...form, vpcId: 'vpc-0default000000001', subnetId: undefined, securityGroupIds: [] });
      assert.deepEqual(inDefault, { kind: 'valid' });
    });

    it('DryRunOperation is "valid"', async () => {
      const h = harness();
      const verdict = await h.data.validate(await startForm(h));
      assert.deepEqual(verdict, { kind: 'valid' });
      assert.equal(h.launch.ops().filter((o) => o === 'dryRunInstances').length, 1);
    });

    it('an error the code places is "refused" at that field', async () => {
      const h = harness();
      h.launch.dryRun = () => fail({ kind: 'notFound', code: 'InvalidSubnetID.NotFound', message: "The subnet ID 'subnet-0x' does not exist" });
      const verdict = await h.data.validate(await startForm(h));
      assert.equal(verdict.kind, 'refused');
      assert.ok(verdict.kind === 'refused');
      assert.equal(verdict.field, 'subnet');
      assert.equal(verdict.failure.code, 'InvalidSubnetID.NotFound');
      assert.equal(verdict.marketplaceUrl, undefined);
    });

    it('subscriptionRequired on a Marketplace image carries the product’s Marketplace page', async () => {
      const h = harness();
      const form = await startForm(h);
      const marketplace = { ...IMAGE, productCodes: [{ productCodeId: 'abcdefghijklmnopqrstuvwxy', productCodeType: 'marketplace' }] } as AmiImage;
      const images = { getImage: async () => ok(marketplace) } as unknown as ImageOperations;
      const data = createLaunchData(
        { aws: () => ({ images: () => images, launch: () => h.launch }) as unknown as AwsServices, log: { info: () => undefined }, context: { globalState: { get: () => undefined } } } as unknown as LaunchDataServices,
        REF,
      );
      h.launch.dryRun = () => fail({ kind: 'subscriptionRequired', code: 'OptInRequired', message: 'You are not subscribed to this service.' });
      const verdict = await data.validate(form);
      assert.ok(verdict.kind === 'refused', verdict.kind);
      assert.equal(verdict.failure.kind, 'subscriptionRequired');
      assert.match(verdict.marketplaceUrl ?? '', /^https:\/\/aws\.amazon\.com\/marketplace\/.*abcdefghijklmnopqrstuvwxy/);
    });
  });

  describe('launch', () => {
    it('validates, launches with a token, waits, returns the running instances with addresses and remembers the choices (never tags or user data)', async () => {
      const h = harness();
      const form = { ...(await startForm(h)), name: 'web', tags: [{ key: 'Team', value: 'payments' }], userData: '#!/bin/sh\necho hi\n', keyName: 'ops-key' };
      const messages: string[] = [];
      const outcome = await h.data.launch({ ...form, count: 2 }, progress(messages));
      assert.equal(outcome.kind, 'launched');
      assert.ok(outcome.kind === 'launched');
      assert.equal(outcome.recovered, false);
      assert.equal(outcome.running, true);
      assert.equal(outcome.waitCancelled, false);
      assert.equal(outcome.reservation.instances[0]?.publicIpAddress, '203.0.113.7');
      assert.deepEqual(h.launch.ops().slice(-3), ['dryRunInstances', 'runInstances', 'waitUntilRunning']);
      assert.deepEqual(h.launch.tokens(), ['token-1']);
      assert.equal(h.launch.calls.find((c) => c.op === 'runInstances')?.args[3], undefined, 'RunInstances is not abortable once sent');
      assert.equal(messages[0], 'Validating (dry run)…');
      assert.equal(messages[1], `Launching 2 × ${form.instanceType}…`);
      assert.match(messages[2] ?? '', /^Waiting for i-0\d+ to be running…$/);

      const stored = h.state.get(defaultsKey(PROFILE, REGION)) as Record<string, unknown>;
      assert.ok(stored, 'remembered');
      assert.equal(stored.instanceType, form.instanceType);
      assert.equal(stored.keyName, 'ops-key');
      for (const secret of ['tags', 'userData', 'volumes', 'name', 'count']) assert.ok(!(secret in stored), `${secret} is not remembered`);
      assert.doesNotMatch(JSON.stringify(stored), /payments|echo hi/);
    });

    it('re-submitting the same form after a failure reuses the token; a changed form gets a new one; after a launch the same form gets a new one', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail({ kind: 'unknown', code: 'InsufficientInstanceCapacity', message: 'We currently do not have sufficient capacity.' });
      const first = await h.data.launch(form, progress());
      assert.ok(first.kind === 'failed');
      assert.equal(first.uncertain, undefined, 'EC2 said no: nothing was launched');
      const second = await h.data.launch({ ...form }, progress());
      assert.equal(second.kind, 'failed');
      assert.deepEqual(h.launch.tokens(), ['token-1', 'token-1'], 'the same request, the same token');

      const changed = await h.data.launch({ ...form, name: 'renamed' }, progress());
      assert.equal(changed.kind, 'failed');
      assert.equal(h.launch.tokens()[2], 'token-2', 'a changed form is a new attempt');

      h.launch.run = (token) => ok(h.launch.reservationFor(token));
      const launched = await h.data.launch(form, progress());
      assert.equal(launched.kind, 'launched');
      assert.equal(h.launch.tokens()[3], 'token-1', 'back to the first form: its attempt is still open');
      const again = await h.data.launch(form, progress());
      assert.equal(again.kind, 'launched');
      assert.equal(h.launch.tokens()[4], 'token-3', 'after a launch, the same form is a new attempt');
    });

    it('the token is kept across LaunchData instances (Quick Launch run again after a lost response)', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail(lost);
      await h.data.launch(form, progress());
      await h.make().launch(form, progress());
      assert.deepEqual(h.launch.tokens(), ['token-1', 'token-1']);
    });

    it('open attempts live in globalState under a hash of the request, profile and region: a window reload keeps the token', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail(lost);
      await h.data.launch(form, progress());
      const request = h.launch.calls.find((c) => c.op === 'runInstances')?.args[1] as LaunchRequest;
      const stored = h.state.get(OPEN_ATTEMPTS_KEY) as Record<string, { token: string; createdAt: number }>;
      const key = createHash('sha256').update(`${requestFingerprint(request)}\u0000${PROFILE}\u0000${REGION}`).digest('hex');
      assert.deepEqual(stored, { [key]: { token: 'token-1', createdAt: h.clock.now } });
      assert.equal(attemptKey(requestFingerprint(request), PROFILE, REGION), key);
      assert.doesNotMatch(JSON.stringify(stored), /t3\.micro|ami-/, 'no request contents, only a hash');

      // After a reload: a new extension host, nothing in memory, the same globalState.
      const reloaded = harness();
      for (const [k, v] of h.state) reloaded.state.set(k, v);
      reloaded.launch.run = (token) => ok(reloaded.launch.reservationFor(token));
      const outcome = await reloaded.data.launch(form, progress());
      assert.ok(outcome.kind === 'launched');
      assert.deepEqual(reloaded.launch.tokens(), ['token-1'], 'the token made before the reload');
      assert.deepEqual(reloaded.tokens, [], 'no new token was made');
      assert.equal(reloaded.state.get(OPEN_ATTEMPTS_KEY), undefined, 'a launched attempt is removed');
    });

    it('an open attempt expires after 24 hours: the same form then gets a new token', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail(lost);
      await h.data.launch(form, progress());
      h.clock.now += OPEN_ATTEMPT_TTL_MS - 1;
      await h.data.launch(form, progress());
      h.clock.now += 1;
      await h.data.launch(form, progress());
      assert.deepEqual(h.launch.tokens(), ['token-1', 'token-1', 'token-2']);
      assert.equal(OPEN_ATTEMPT_TTL_MS, 24 * 60 * 60 * 1000);
      assert.deepEqual(Object.values(h.state.get(OPEN_ATTEMPTS_KEY) as object).map((a: { token: string }) => a.token), ['token-2'], 'the expired one is dropped');
    });

    it('a lost response the service layer found by its token: launched (recovered), without a second look-up or launch', async () => {
      const h = harness();
      const form = await startForm(h);
      const reservation: LaunchedReservation = { reservationId: 'r-0lost', instances: [instance('i-0lost000000000001', 'pending')] };
      h.launch.run = () => ok({ ...reservation, recovered: true });
      const outcome = await h.data.launch(form, progress());
      assert.ok(outcome.kind === 'launched', outcome.kind);
      assert.equal(outcome.recovered, true);
      assert.equal(outcome.reservation.reservationId, 'r-0lost');
      assert.equal(outcome.running, true);
      assert.equal(h.launch.ops().filter((o) => o === 'runInstances').length, 1, 'RunInstances is not sent again');
      assert.ok(!h.launch.ops().includes('findByClientToken'), 'the service layer already looked it up');
      assert.ok(h.logs.some((l) => /r-0lost/.test(l)));
      assert.ok(h.state.has(defaultsKey(PROFILE, REGION)), 'a recovered launch is a launch: choices remembered');
    });

    it('a lost response with nothing found: failed, and the same form again reuses the token', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail(lost);
      const outcome = await h.data.launch(form, progress());
      assert.ok(outcome.kind === 'failed');
      assert.equal(outcome.uncertain, true, 'it is not known whether anything was launched');
      await h.data.launch(form, progress());
      assert.deepEqual(h.launch.tokens(), ['token-1', 'token-1']);
      assert.ok(!h.state.has(defaultsKey(PROFILE, REGION)), 'nothing remembered without a launch');
    });

    it('a server error the service layer could not resolve, or an unreachable endpoint: failed and uncertain', async () => {
      for (const failure of [
        { kind: 'unknown', code: 'ResponseLost', message: 'EC2 answered RunInstances with a server error (HTTP 500, InternalError).' },
        { kind: 'unreachable', code: 'ECONNREFUSED', message: 'Could not reach https://ec2.eu-west-1.amazonaws.com (ECONNREFUSED).' },
      ] as AwsFailure[]) {
        const h = harness();
        h.launch.run = () => fail(failure);
        const outcome = await h.data.launch(await startForm(h), progress());
        assert.ok(outcome.kind === 'failed' && outcome.uncertain === true, failure.code);
      }
      const h = harness();
      h.launch.run = () => fail({ kind: 'accessDenied', code: 'UnauthorizedOperation', message: 'Access denied.' });
      const denied = await h.data.launch(await startForm(h), progress());
      assert.ok(denied.kind === 'failed' && denied.uncertain === undefined);
    });

    it('re-submitting after a lost answer looks for the earlier launch first: found, it is the launch, even when a dry run would now refuse', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail(lost);
      const first = await h.data.launch(form, progress());
      assert.ok(first.kind === 'failed' && first.uncertain);
      // The first launch did happen; the vCPU quota it used up now makes the dry run refuse.
      const earlier: LaunchedReservation = { reservationId: 'r-0earlier', instances: [instance('i-0earlier00000001', 'pending')] };
      h.launch.found = (token) => ok(token === 'token-1' ? earlier : undefined);
      h.launch.dryRun = () => fail({ kind: 'unknown', code: 'VcpuLimitExceeded', message: 'You have requested more vCPU capacity than your current vCPU limit allows.' });
      const before = h.launch.calls.length;
      const messages: string[] = [];
      const outcome = await h.data.launch({ ...form }, progress(messages));
      assert.ok(outcome.kind === 'launched', outcome.kind);
      assert.equal(outcome.recovered, true);
      assert.equal(outcome.reservation.reservationId, 'r-0earlier');
      assert.deepEqual(h.launch.calls.slice(before).map((c) => c.op), ['findByClientToken', 'waitUntilRunning'], 'no dry run, no second RunInstances');
      assert.deepEqual(h.launch.calls.find((c) => c.op === 'findByClientToken')?.args, [REGION, 'token-1']);
      assert.match(messages[1] ?? '', /Looking for instances launched by an earlier submission/);
      assert.equal(h.state.get(OPEN_ATTEMPTS_KEY), undefined, 'the attempt is closed');
      assert.ok(h.state.has(defaultsKey(PROFILE, REGION)), 'choices remembered');
    });

    it('re-submitting: not found, the dry run and the launch go on with the same token; a failed look-up then a refusing dry run is uncertain, not "refused"', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail(lost);
      await h.data.launch(form, progress());
      h.launch.run = (token) => ok(h.launch.reservationFor(token));
      const before = h.launch.calls.length;
      const launched = await h.data.launch(form, progress());
      assert.ok(launched.kind === 'launched' && !launched.recovered);
      assert.deepEqual(h.launch.calls.slice(before).map((c) => c.op), ['findByClientToken', 'dryRunInstances', 'runInstances', 'waitUntilRunning']);
      assert.deepEqual(h.launch.tokens(), ['token-1', 'token-1']);

      const g = harness();
      const other = await startForm(g);
      g.launch.run = () => fail(lost);
      await g.data.launch(other, progress());
      g.launch.found = () => fail({ kind: 'accessDenied', code: 'UnauthorizedOperation', message: 'Access denied to ec2:DescribeInstances.' });
      g.launch.dryRun = () => fail({ kind: 'unknown', code: 'VcpuLimitExceeded', message: 'You have requested more vCPU capacity than your current vCPU limit allows.' });
      const unknown = await g.data.launch(other, progress());
      assert.ok(unknown.kind === 'failed', unknown.kind);
      assert.equal(unknown.uncertain, true);
      assert.match(unknown.failure.message, /vCPU limit.*may have launched instances: looking for them by its client token failed \(Access denied to ec2:DescribeInstances\.\)/);
      assert.equal(g.launch.ops().filter((o) => o === 'runInstances').length, 1);
    });

    it('a cancel while re-submitting, with the earlier launch not known: uncertain, not "nothing was launched"', async () => {
      const h = harness();
      const form = await startForm(h);
      h.launch.run = () => fail(lost);
      await h.data.launch(form, progress());
      const controller = new AbortController();
      h.launch.found = () => {
        controller.abort();
        return fail({ kind: 'cancelled', message: 'The operation was cancelled.' });
      };
      const outcome = await h.data.launch(form, progress(), controller.signal);
      assert.ok(outcome.kind === 'failed' && outcome.failure.kind === 'cancelled');
      assert.equal(outcome.uncertain, true);
      assert.doesNotMatch(outcome.failure.message, /nothing was launched/i);
      assert.equal(h.launch.ops().filter((o) => o === 'runInstances').length, 1);
    });

    it('a dry run that refuses: nothing is launched', async () => {
      const h = harness();
      h.launch.dryRun = () => fail({ kind: 'notFound', code: 'InvalidKeyPair.NotFound', message: "The key pair 'x' does not exist" });
      const outcome = await h.data.launch(await startForm(h), progress());
      assert.ok(outcome.kind === 'refused');
      assert.ok(outcome.verdict.kind === 'refused' && outcome.verdict.field === 'keyName');
      assert.ok(!h.launch.ops().includes('runInstances'));
    });

    it('an abort before RunInstances sends nothing; an abort while waiting stops waiting only', async () => {
      const h = harness();
      const form = await startForm(h);
      const before = new AbortController();
      before.abort();
      const cancelled = await h.data.launch(form, progress(), before.signal);
      assert.ok(!h.launch.ops().includes('runInstances'));
      assert.notEqual(cancelled.kind, 'launched');

      const during = new AbortController();
      h.launch.wait = async () => {
        during.abort();
        return fail({ kind: 'cancelled', message: 'Stopped waiting.' });
      };
      const outcome = await h.data.launch(form, progress(), during.signal);
      assert.ok(outcome.kind === 'launched', outcome.kind);
      assert.equal(outcome.waitCancelled, true);
      assert.equal(outcome.running, false);
      assert.ok(!h.launch.ops().some((o) => /terminate/i.test(o)));
    });

    it('a wait that fails otherwise: launched, with the failure', async () => {
      const h = harness();
      h.launch.wait = async () => fail({ kind: 'unknown', code: 'ResourceNotReady', message: 'i-0x went to terminated' });
      const outcome = await h.data.launch(await startForm(h), progress());
      assert.ok(outcome.kind === 'launched');
      assert.equal(outcome.waitCancelled, false);
      assert.equal(outcome.waitFailure?.code, 'ResourceNotReady');
    });
  });
});
