/**
 * The launch flow's data layer through the real service layer and SDK against the emulator: the
 * options a form starts from (the seeded default VPC, its subnets and groups, the seeded key pair),
 * dry-run verdicts placed on their field, and the ClientToken rule end to end — a re-submission
 * after a failure launches once with the same token, a dropped answer leaves exactly one
 * reservation, a launch after a launch is a new one.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { createLaunchData, type LaunchData, type LaunchDataServices } from '../../../src/data/launch';
import type { AmiRef } from '../../../src/model/image';
import { defaultsKey, type LaunchForm } from '../../../src/model/launch';
import { addShareableImage } from '../emulator/helpers';
import { defaultHome, makeServices, type AwsHome, type TestServices } from '../aws/helpers';

const REGION = 'us-east-1';

/** The emulator's launch side (test/emulator, issue #9), as these tests use it. */
interface LaunchEmulator {
  store: {
    instanceTiming: { pendingMs: number; shuttingDownMs: number };
    instances(region: string): { instanceId: string; reservationId: string; imageId: string; clientToken?: string }[];
    modifyImage(region: string, imageId: string, patch: Record<string, unknown>): unknown;
  };
  faults: { insufficientCapacity(instanceType: string | undefined, n: number): void; dropAfterNextMutation(n: number): void };
}

describe('data/launch against the emulator', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let launchEmu: LaunchEmulator;
  let home: AwsHome;
  let t: TestServices;
  let state: Map<string, unknown>;
  let ref: AmiRef;
  let data: LaunchData;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 9, imagesPerRegion: 5, regions: [REGION] });
    launchEmu = emu as unknown as LaunchEmulator;
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
    launchEmu.store.instanceTiming = { pendingMs: 0, shuttingDownMs: 0 };
    home = defaultHome();
    t = makeServices(home, emu.url);
    state = new Map();
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    launchEmu.store.modifyImage(REGION, imageId, { enaSupport: true, bootMode: 'uefi-preferred', architecture: 'x86_64' });
    ref = { region: REGION, imageId };
    const quiet = (): void => undefined;
    const services = {
      aws: () => t.services,
      log: { info: quiet, warn: quiet, error: quiet },
      context: { globalState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v) } },
    } as unknown as LaunchDataServices;
    data = createLaunchData(services, ref);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const progress = { report: (): void => undefined };
  const reservationsOf = (imageId: string): Set<string> => new Set(launchEmu.store.instances(REGION).filter((i) => i.imageId === imageId).map((i) => i.reservationId));
  const runTokens = (): (string | undefined)[] => emu.requests.filter((r) => r.action === 'RunInstances' && r.params.DryRun !== 'true').map((r) => r.params.ClientToken);

  async function startForm(): Promise<LaunchForm> {
    const options = await data.loadOptions();
    assert.ok(options.ok, options.ok ? '' : options.error.message);
    return { ...options.value.form, instanceType: 't3.micro' };
  }

  it('loads the options: compatible types only, the default VPC with its subnets and groups, the seeded key pair', async () => {
    const options = await data.loadOptions();
    assert.ok(options.ok, options.ok ? '' : options.error.message);
    const v = options.value;
    assert.ok(v.instanceTypes.length > 0 && v.excludedTypes > 0);
    assert.ok(v.instanceTypes.every((type) => type.architectures.includes('x86_64')));
    const vpc = v.vpcs.find((x) => x.isDefault);
    assert.ok(vpc);
    assert.ok(v.subnets.length > 0 && v.subnets.every((s) => s.vpcId === vpc.vpcId));
    assert.ok(v.securityGroups.some((g) => g.groupName === 'default'));
    assert.ok(v.keyPairs.some((k) => k.keyName === 'demo-key'));
    assert.ok(v.instanceTypes.find((type) => type.instanceType === v.form.instanceType)?.freeTierEligible, `starts with a free-tier type, not ${v.form.instanceType}`);
  });

  it('validates by dry run: valid, or refused at the field the code names', async () => {
    const form = await startForm();
    assert.deepEqual(await data.validate(form), { kind: 'valid' });
    const badSubnet = await data.validate({ ...form, subnetId: 'subnet-0000000000000dead' });
    assert.ok(badSubnet.kind === 'refused', badSubnet.kind);
    assert.equal(badSubnet.failure.code, 'InvalidSubnetID.NotFound');
    assert.equal(badSubnet.field, 'subnet');
    const badKey = await data.validate({ ...form, keyName: 'no-such-key' });
    assert.ok(badKey.kind === 'refused' && badKey.field === 'keyName', JSON.stringify(badKey));
    assert.equal(reservationsOf(ref.imageId).size, 0, 'a dry run launches nothing');
  });

  it('after a failed launch, the same form again is sent with the same token and launches once; then remembers the choices', async () => {
    const form = await startForm();
    // More failures than the SDK's own retries (which carry the same token).
    launchEmu.faults.insufficientCapacity('t3.micro', 10);
    const failed = await data.launch(form, progress);
    assert.ok(failed.kind === 'failed', failed.kind);
    assert.equal(failed.failure.code, 'InsufficientInstanceCapacity');
    assert.ok(!state.has(defaultsKey(undefined, REGION)), 'nothing remembered');
    emu.faults.reset();
    const failedTries = runTokens().length;
    const launched = await data.launch({ ...form }, progress);
    assert.ok(launched.kind === 'launched', launched.kind);
    assert.equal(launched.running, true);
    const tokens = runTokens();
    assert.equal(tokens.length, failedTries + 1);
    assert.equal(new Set(tokens).size, 1, 'one token for the attempt, across the SDK’s retries and the re-submission');
    assert.equal(reservationsOf(ref.imageId).size, 1);
    assert.equal((state.get(defaultsKey(undefined, REGION)) as { instanceType?: string } | undefined)?.instanceType, 't3.micro');

    const again = await data.launch(form, progress);
    assert.ok(again.kind === 'launched');
    assert.notEqual(runTokens().at(-1), tokens[0], 'a launch after a launch is a new attempt');
    assert.equal(reservationsOf(ref.imageId).size, 2);
  });

  it('dropped answers to RunInstances: exactly one reservation exists, and it is the one returned', async () => {
    const form = await startForm();
    launchEmu.faults.dropAfterNextMutation(10);
    const outcome = await data.launch(form, progress);
    emu.faults.reset();
    assert.ok(outcome.kind === 'launched', JSON.stringify(outcome));
    assert.equal(outcome.recovered, true, 'found by its token, and said so');
    const reservations = reservationsOf(ref.imageId);
    assert.equal(reservations.size, 1);
    assert.ok(reservations.has(outcome.reservation.reservationId));
    const real = emu.requests.filter((r) => r.action === 'RunInstances' && r.params.DryRun !== 'true');
    assert.ok(real.some((r) => r.status === 0), 'an answer was dropped');
    assert.equal(new Set(real.map((r) => r.params.ClientToken)).size, 1);
  });
});
