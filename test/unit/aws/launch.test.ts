/**
 * Launch operations through the real @aws-sdk/client-ec2 against the emulator: the look-ups,
 * key pair creation (the private key never reaches the log), dry runs and each kind of refusal,
 * ClientToken idempotency, a dropped RunInstances response that still ends with exactly one
 * reservation, and waiting for running instances (and stopping the wait without terminating).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, INSTANCE_TYPES, NOT_IN_LAST_ZONE, SEED_KEY_NAME, startEmulator, type Emulator, type EmuImage } from '../../emulator';
import type { LaunchOperations } from '../../../src/aws/types';
import type { LaunchRequest } from '../../../src/model/launch';
import { addShareableImage } from '../emulator/helpers';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';

describe('aws/launch', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let ops: LaunchOperations;

  before(async () => {
    emu = await startEmulator({ seed: 5, imagesPerRegion: 5, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.store.instanceTiming = { pendingMs: 0, shuttingDownMs: 0 };
    home = defaultHome();
    t = makeServices(home, emu.url);
    ops = t.services.launch(undefined);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  function image(props: Partial<EmuImage> = {}, productCodes?: string[]): EmuImage {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, ...(productCodes ? { productCodes } : {}) });
    return emu.store.modifyImage(REGION, imageId, { enaSupport: true, bootMode: 'uefi-preferred', ...props });
  }
  const request = (img: EmuImage, extra: Partial<LaunchRequest> = {}): LaunchRequest => ({ ImageId: img.imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...extra });
  const reservationsOf = (imageId: string) => new Set(emu.store.instances(REGION).filter((i) => i.imageId === imageId).map((i) => i.reservationId));
  const defaultVpc = () => emu.store.vpcs(REGION).find((v) => v.ownerId === DEFAULT_ACCOUNT && v.isDefault)!;

  it('is one service per profile', () => {
    assert.equal(t.services.launch(undefined), ops);
    assert.notEqual(t.services.launch('other'), ops);
  });

  describe('look-ups', () => {
    it('listInstanceTypes: the whole catalogue, mapped (architectures, boot modes, ENA, vCPUs, memory, free tier)', async () => {
      const types = unwrap(await ops.listInstanceTypes(REGION));
      assert.equal(types.length, INSTANCE_TYPES.length);
      const t4g = types.find((x) => x.instanceType === 't4g.micro');
      assert.deepEqual(t4g, { instanceType: 't4g.micro', architectures: ['arm64'], bootModes: ['uefi'], virtualizationTypes: ['hvm'], enaSupport: 'required', vCpus: 2, memoryMiB: 1024, currentGeneration: true, freeTierEligible: true });
      assert.equal(types.find((x) => x.instanceType === 'm1.small')?.currentGeneration, false);
    });

    it('listInstanceTypeOfferings: every type in the first zone, the last zone without a few', async () => {
      const zones = emu.store.zones(REGION);
      const first = unwrap(await ops.listInstanceTypeOfferings(REGION, zones[0]!));
      const last = unwrap(await ops.listInstanceTypeOfferings(REGION, zones[zones.length - 1]!));
      assert.equal(first.length, INSTANCE_TYPES.length);
      assert.deepEqual(first.filter((n) => !last.includes(n)), [...NOT_IN_LAST_ZONE].sort());
    });

    it('listKeyPairs, listVpcs, listSubnets and listSecurityGroups of the default network', async () => {
      assert.deepEqual(unwrap(await ops.listKeyPairs(REGION)).map((k) => [k.keyName, k.keyType]), [[SEED_KEY_NAME, 'ed25519']]);
      const vpcs = unwrap(await ops.listVpcs(REGION));
      assert.deepEqual(vpcs.map((v) => [v.vpcId, v.isDefault, v.cidrBlock]), [[defaultVpc().vpcId, true, '172.31.0.0/16']]);
      const subnets = unwrap(await ops.listSubnets(REGION, vpcs[0]!.vpcId));
      assert.deepEqual(subnets.map((s) => s.availabilityZone), emu.store.zones(REGION));
      assert.ok(subnets.every((s) => s.defaultForAz && s.mapPublicIpOnLaunch === true && s.availableIpAddressCount === 4091 && s.name === `default-${s.availabilityZone}`));
      assert.deepEqual(unwrap(await ops.listSecurityGroups(REGION, vpcs[0]!.vpcId)).map((g) => g.groupName), ['default', 'ssh']);
      assert.deepEqual(unwrap(await ops.listSubnets(REGION, 'vpc-00000000000000000')), []);
    });

    it('a denied look-up is accessDenied naming the action; an aborted one is cancelled', async () => {
      emu.faults.denyAction('DescribeInstanceTypes');
      const denied = await ops.listInstanceTypes(REGION);
      assert.ok(!denied.ok);
      assert.equal(denied.error.kind, 'accessDenied');
      assert.equal(denied.error.action, 'ec2:DescribeInstanceTypes');
      const controller = new AbortController();
      controller.abort();
      const aborted = await ops.listVpcs(REGION, controller.signal);
      assert.ok(!aborted.ok && aborted.error.kind === 'cancelled');
    });
  });

  describe('createKeyPair', () => {
    it('returns the private key once; it never reaches the log, even at trace level', async () => {
      const created = unwrap(await ops.createKeyPair(REGION, 'launch-test-key', 'ed25519'));
      assert.equal(created.keyName, 'launch-test-key');
      assert.equal(created.keyType, 'ed25519');
      assert.match(created.keyMaterial, /^-----BEGIN OPENSSH PRIVATE KEY-----/);
      const rsa = unwrap(await ops.createKeyPair(REGION, 'launch-test-rsa', 'rsa'));
      assert.match(rsa.keyMaterial, /^-----BEGIN RSA PRIVATE KEY-----/);
      assert.ok(t.logs.some((l) => /CreateKeyPair/.test(l.message)), 'the call itself is logged');
      assert.ok(t.logs.some((l) => /^SDK: .*CreateKeyPairCommand/.test(l.message)), "the SDK logger's record of the call is logged");
      const secrets = [created.keyMaterial, rsa.keyMaterial].flatMap((m) => m.split('\n').slice(-3, -1));
      for (const line of t.logs) {
        for (const secret of secrets) assert.ok(!line.message.includes(secret), `key material in the log: ${line.message.slice(0, 200)}`);
        assert.ok(!/PRIVATE KEY-----/.test(line.message), line.message.slice(0, 200));
      }
      assert.deepEqual(unwrap(await ops.listKeyPairs(REGION)).map((k) => k.keyName), [SEED_KEY_NAME, 'launch-test-key', 'launch-test-rsa'].sort());
    });

    it('a duplicate name is refused with EC2\'s code', async () => {
      const dup = await ops.createKeyPair(REGION, SEED_KEY_NAME, 'ed25519');
      assert.ok(!dup.ok);
      assert.equal(dup.error.code, 'InvalidKeyPair.Duplicate');
    });
  });

  describe('dryRunInstances', () => {
    it('DryRunOperation is ok, and nothing is launched', async () => {
      const img = image();
      const result = await ops.dryRunInstances(REGION, request(img, { KeyName: SEED_KEY_NAME }));
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(reservationsOf(img.imageId).size, 0);
      const sent = emu.requests.filter((r) => r.action === 'RunInstances').at(-1);
      assert.equal(sent?.params.DryRun, 'true');
    });

    it('each refusal comes back with EC2\'s code and message', async () => {
      const cases: [LaunchRequest, string, string, RegExp][] = [
        [request(image(), { SubnetId: 'subnet-00000000000000009' }), 'notFound', 'InvalidSubnetID.NotFound', /subnet ID 'subnet-00000000000000009' does not exist/],
        [request(image(), { InstanceType: 't4g.micro' }), 'invalidInput', 'InvalidParameterValue', /architecture 'arm64' of the specified instance type does not match/],
        [request(image(), { KeyName: 'nope' }), 'notFound', 'InvalidKeyPair.NotFound', /key pair 'nope' does not exist/],
        [request(image(), { SecurityGroupIds: ['sg-00000000000000009'] }), 'notFound', 'InvalidGroup.NotFound', /sg-00000000000000009/],
        [request(image(), { SubnetId: 'subnet-x', NetworkInterfaces: [{ DeviceIndex: 0 }] }), 'invalidInput', 'InvalidParameterCombination', /instance-level subnet ID/],
        [request(image(), { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 2 } }] }), 'invalidInput', 'InvalidBlockDeviceMapping', /smaller than snapshot/],
        [request(image({ enaSupport: false }), { InstanceType: 'm5.large' }), 'invalidInput', 'InvalidParameterCombination', /ENA/],
      ];
      for (const [req, kind, code, message] of cases) {
        const result = await ops.dryRunInstances(REGION, req);
        assert.ok(!result.ok, code);
        assert.equal(result.error.kind, kind, code);
        assert.equal(result.error.code, code);
        assert.match(result.error.message, message);
        assert.equal(result.error.action, 'ec2:RunInstances');
      }
    });

    it('OptInRequired for a Marketplace image is subscriptionRequired with the product page, not a region to enable', async () => {
      const result = await ops.dryRunInstances(REGION, request(image({}, ['mkt0product0code'])));
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'subscriptionRequired');
      assert.equal(result.error.code, 'OptInRequired');
      assert.equal(result.error.nextStep, 'Subscribe to the product on its AWS Marketplace page (accept its terms), then validate again.', 'the page itself is the model\'s, from the product code');
    });

    it('UnauthorizedOperation is accessDenied naming ec2:RunInstances', async () => {
      emu.faults.denyAction('RunInstances');
      const result = await ops.dryRunInstances(REGION, request(image()));
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'accessDenied');
      assert.match(result.error.message, /ec2:RunInstances/);
    });
  });

  describe('runInstances', () => {
    it('launches with the ClientToken; the same token again answers the same reservation and launches nothing more', async () => {
      const img = image();
      const first = unwrap(await ops.runInstances(REGION, request(img, { MinCount: 2, MaxCount: 2 }), 'svc-token-1'));
      assert.match(first.reservationId, /^r-/);
      assert.equal(first.instances.length, 2);
      assert.ok(first.instances.every((i) => i.state === 'pending' || i.state === 'running'));
      assert.ok(first.instances.every((i) => i.privateIpAddress?.startsWith('172.31.')));
      const again = unwrap(await ops.runInstances(REGION, request(img, { MinCount: 2, MaxCount: 2 }), 'svc-token-1'));
      assert.equal(again.reservationId, first.reservationId);
      assert.deepEqual(again.instances.map((i) => i.instanceId), first.instances.map((i) => i.instanceId));
      assert.equal(reservationsOf(img.imageId).size, 1);
      assert.ok(emu.requests.filter((r) => r.action === 'RunInstances').slice(-2).every((r) => r.params.ClientToken === 'svc-token-1'));
      const found = unwrap(await ops.findByClientToken(REGION, 'svc-token-1'));
      assert.equal(found?.reservationId, first.reservationId);
      assert.equal(found?.instances.length, 2);
      assert.equal(unwrap(await ops.findByClientToken(REGION, 'never-used')), undefined);
    });

    it('a dropped response: the SDK retries with the same token and the call ends with the one reservation', async () => {
      const img = image();
      emu.faults.dropAfterNextMutation(1);
      const n = emu.requests.length;
      const launched = unwrap(await ops.runInstances(REGION, request(img), 'svc-dropped-1'));
      const calls = emu.requests.slice(n).filter((r) => r.action === 'RunInstances');
      assert.deepEqual(calls.map((c) => c.status), [0, 200]);
      assert.equal(launched.recovered, undefined, 'the retry got the answer: nothing to recover');
      assert.deepEqual([...reservationsOf(img.imageId)], [launched.reservationId]);
      assert.equal(emu.store.instances(REGION).filter((i) => i.reservationId === launched.reservationId).length, 1);
    });

    it('every answer dropped: the launch is found by its client token, still exactly one reservation', async () => {
      const img = image();
      emu.faults.dropAfterNextMutation(3);
      const launched = unwrap(await ops.runInstances(REGION, request(img), 'svc-dropped-all'));
      assert.equal(emu.requests.filter((r) => r.action === 'RunInstances' && r.params.ClientToken === 'svc-dropped-all').length, 3);
      assert.ok(emu.requests.some((r) => r.action === 'DescribeInstances' && Object.values(r.params).includes('svc-dropped-all')));
      assert.deepEqual([...reservationsOf(img.imageId)], [launched.reservationId]);
      assert.equal(launched.instances.length, 1);
      assert.equal(launched.recovered, true, 'says it was found by its token');
    });

    it('every answer dropped and the look-up denied: ResponseLost, saying it is not known whether anything was launched', async () => {
      const img = image();
      emu.faults.dropAfterNextMutation(3);
      emu.faults.denyAction('DescribeInstances');
      const result = await ops.runInstances(REGION, request(img), 'svc-dropped-unknown');
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'unreachable');
      assert.equal(result.error.code, 'ResponseLost');
      assert.equal(result.error.action, 'ec2:RunInstances');
      assert.match(result.error.message, /closed before it answered RunInstances .*Looking for instances launched with its client token failed too \(Access denied.*\), so it is not known whether any were launched\.$/);
      assert.doesNotMatch(`${result.error.message} ${result.error.nextStep}`, /nothing was launched/i);
      assert.equal(reservationsOf(img.imageId).size, 1, 'it was launched, once');
    });

    it('a server error after the retries: the launch is looked up by its token, found (recovered) or not known (ResponseLost)', async () => {
      const img = image();
      const first = unwrap(await ops.runInstances(REGION, request(img), 'svc-500-launched'));
      // The same token again, answered only by InternalError (more of them than the SDK's retries):
      // as if the first launch had been answered by a server error.
      emu.faults.http500Next(10, { action: 'RunInstances' });
      const again = unwrap(await ops.runInstances(REGION, request(img), 'svc-500-launched'));
      assert.equal(again.recovered, true);
      assert.equal(again.reservationId, first.reservationId);
      assert.ok(emu.requests.some((r) => r.action === 'DescribeInstances' && Object.values(r.params).includes('svc-500-launched')));

      const other = image();
      const unknown = await ops.runInstances(REGION, request(other), 'svc-500-unknown');
      assert.ok(!unknown.ok);
      assert.equal(unknown.error.code, 'ResponseLost');
      assert.match(unknown.error.message, /server error \(HTTP 500, InternalError: An internal error has occurred\)\. No instances launched with its client token were found yet, so it is not known whether any were launched\.$/);
      assert.equal(reservationsOf(other.imageId).size, 0);
      emu.faults.reset();
    });

    it('throttling after the retries is not a lost answer: no look-up, throttled', async () => {
      const img = image();
      emu.faults.throttleNext(10, { action: 'RunInstances' });
      const n = emu.requests.length;
      const result = await ops.runInstances(REGION, request(img), 'svc-throttled');
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'throttled');
      assert.ok(!emu.requests.slice(n).some((r) => r.action === 'DescribeInstances'));
      emu.faults.reset();
    });

    it('the same token with another request is refused (IdempotentParameterMismatch)', async () => {
      const img = image();
      unwrap(await ops.runInstances(REGION, request(img), 'svc-token-2'));
      const other = await ops.runInstances(REGION, request(img, { InstanceType: 't3.small' }), 'svc-token-2');
      assert.ok(!other.ok);
      assert.equal(other.error.code, 'IdempotentParameterMismatch');
      assert.equal(reservationsOf(img.imageId).size, 1);
    });

    it('InsufficientInstanceCapacity keeps EC2\'s message and launches nothing', async () => {
      const img = image();
      emu.faults.insufficientCapacity('t3.micro', 5);
      const result = await ops.runInstances(REGION, request(img), 'svc-capacity');
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'InsufficientInstanceCapacity');
      assert.match(result.error.message, /sufficient t3\.micro capacity/);
      assert.equal(reservationsOf(img.imageId).size, 0);
    });
  });

  describe('waitUntilRunning', () => {
    it('waits (the SDK waiter) until every instance runs, then answers them', async () => {
      emu.store.instanceTiming = { pendingMs: 300, shuttingDownMs: 0 };
      const img = image();
      const launched = unwrap(await ops.runInstances(REGION, request(img, { MinCount: 2, MaxCount: 2 }), 'svc-wait-1'));
      assert.ok(launched.instances.every((i) => i.state === 'pending'));
      const ids = launched.instances.map((i) => i.instanceId);
      const running = unwrap(await ops.waitUntilRunning(REGION, ids));
      assert.deepEqual(running.map((i) => i.instanceId), ids);
      assert.ok(running.every((i) => i.state === 'running' && i.publicIpAddress !== undefined));
      assert.ok(emu.requests.filter((r) => r.action === 'DescribeInstances').length >= 2);
    });

    it('an error that retrying cannot mend (DescribeInstances denied) ends the wait promptly with that error', async () => {
      emu.store.instanceTiming = { pendingMs: 60_000, shuttingDownMs: 0 };
      const img = image();
      const launched = unwrap(await ops.runInstances(REGION, request(img), 'svc-wait-denied'));
      const ids = launched.instances.map((i) => i.instanceId);
      emu.faults.denyAction('DescribeInstances');
      const started = Date.now();
      const result = await ops.waitUntilRunning(REGION, ids);
      assert.ok(Date.now() - started < 5_000, `ended after ${Date.now() - started} ms, not at the waiter's maximum`);
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'accessDenied');
      assert.equal(result.error.code, 'UnauthorizedOperation');
      assert.equal(result.error.action, 'ec2:DescribeInstances');
      assert.ok(!emu.requests.some((r) => r.action === 'TerminateInstances'));
    });

    it('throttling while waiting is retried: the wait goes on and ends when the instance runs', async () => {
      emu.store.instanceTiming = { pendingMs: 300, shuttingDownMs: 0 };
      const img = image();
      const launched = unwrap(await ops.runInstances(REGION, request(img), 'svc-wait-throttled'));
      emu.faults.throttleNext(3, { action: 'DescribeInstances' }); // all of the first poll's attempts
      const running = unwrap(await ops.waitUntilRunning(REGION, launched.instances.map((i) => i.instanceId)));
      assert.deepEqual(running.map((i) => i.state), ['running']);
    });

    it('aborting stops waiting only: cancelled, says nothing was terminated, the instances still exist', async () => {
      emu.store.instanceTiming = { pendingMs: 60_000, shuttingDownMs: 0 };
      const img = image();
      const launched = unwrap(await ops.runInstances(REGION, request(img), 'svc-wait-abort'));
      const ids = launched.instances.map((i) => i.instanceId);
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 200);
      const result = await ops.waitUntilRunning(REGION, ids, controller.signal);
      assert.ok(Date.now() - started < 5_000, 'stopped promptly');
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'cancelled');
      assert.match(result.error.message, /Stopped waiting/);
      assert.match(result.error.message, /Nothing was terminated/);
      assert.ok(!emu.requests.some((r) => r.action === 'TerminateInstances'));
      const stored = ids.map((id) => emu.store.getInstance(REGION, id));
      assert.ok(stored.every((i) => i !== undefined && i.terminatedAt === undefined && emu.store.instanceState(i) === 'pending'));
      assert.deepEqual(unwrap(await ops.describeInstances(REGION, ids)).map((i) => i.state), ['pending']);
    });
  });
});
