/**
 * The creation service (src/aws/creation.ts) through the real SDK against the emulator: CopyImage
 * with its ClientToken (a dropped answer leaves exactly one copy), CreateImage and RegisterImage
 * recovered by name after a lost answer (never sent twice), RegisterImage always sending the
 * architecture and hvm, the pickers' look-ups, and the waiter (available, cancelled, failed, denied).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, LOOSE_SNAPSHOTS, startEmulator, type Emulator } from '../../emulator';
import { WAIT_AVAILABLE } from '../../../src/aws/creation';
import type { ImageCreationOperations, LaunchOperations } from '../../../src/aws/types';
import { buildRegisterRequest, DEFAULT_ROOT_DEVICE, type RegisterRequest } from '../../../src/model/imageCreation';
import { addShareableImage } from '../emulator/helpers';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';

const SOURCE = 'us-east-1';
const TARGET = 'eu-west-1';

describe('aws/creation', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let ops: ImageCreationOperations;
  let launch: LaunchOperations;
  let counter = 0;
  const saved = { ...WAIT_AVAILABLE };
  const unique = (what: string): string => `${what}-${Date.now().toString(36)}-${++counter}`;
  const named = (region: string, name: string) => emu.store.images(region).filter((i) => i.name === name);

  before(async () => {
    emu = await startEmulator({ seed: 8, imagesPerRegion: 5, regions: [SOURCE, TARGET] });
    // Short polls: the emulator makes images available in a fraction of a second.
    Object.assign(WAIT_AVAILABLE, { minDelay: 1, maxDelay: 1, maxWaitTime: 20 });
  });
  after(async () => {
    Object.assign(WAIT_AVAILABLE, saved);
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.store.setImageTiming({ pendingMs: 0 });
    emu.store.setInstanceTiming({ pendingMs: 0, shuttingDownMs: 0 });
    home = defaultHome();
    t = makeServices(home, emu.url);
    ops = t.services.creation(undefined);
    launch = t.services.launch(undefined);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const sourceImage = (): string => addShareableImage(emu.store, SOURCE, { ownerId: DEFAULT_ACCOUNT, name: unique('src') }).imageId;
  const copyRequest = (sourceImageId: string, name: string) => ({ sourceRegion: SOURCE, sourceImageId, name, description: `[Copied ${sourceImageId} from ${SOURCE}] x`, copyTags: true });

  async function runningInstance(): Promise<string> {
    const { imageId } = addShareableImage(emu.store, SOURCE, { ownerId: DEFAULT_ACCOUNT, name: unique('base') });
    emu.store.modifyImage(SOURCE, imageId, { enaSupport: true });
    const launched = unwrap(await launch.runInstances(SOURCE, { ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }, unique('tok')));
    return launched.instances[0]!.instanceId;
  }

  describe('copyImage', () => {
    it('copies into the target region with the ClientToken, description, encryption and tags asked for', async () => {
      const src = sourceImage();
      const name = unique('copy');
      const n = emu.requests.length;
      const key = 'alias/team-key';
      const made = unwrap(await ops.copyImage(TARGET, { ...copyRequest(src, name), encrypted: true, kmsKeyId: key }, 'token-copy-1'));
      const call = emu.requests.slice(n).find((r) => r.action === 'CopyImage');
      assert.equal(call?.region, TARGET);
      assert.equal(call?.params.ClientToken, 'token-copy-1');
      assert.equal(call?.params.SourceRegion, SOURCE);
      assert.equal(call?.params.Encrypted, 'true');
      assert.equal(call?.params.KmsKeyId, key);
      assert.equal(call?.params.CopyImageTags, 'true');
      const stored = emu.store.getImage(TARGET, made.imageId);
      assert.equal(stored?.name, name);
      assert.equal(stored?.sourceImageId, src);
      assert.equal(stored?.blockDeviceMappings[0]?.ebs?.kmsKeyId, key);
    });

    it('a dropped response after CopyImage leaves exactly one copy (the SDK retries with the same token)', async () => {
      const src = sourceImage();
      const name = unique('dropped');
      emu.faults.dropAfterNextMutation(1);
      const n = emu.requests.length;
      const made = unwrap(await ops.copyImage(TARGET, copyRequest(src, name), 'token-dropped-1'));
      const calls = emu.requests.slice(n).filter((r) => r.action === 'CopyImage');
      assert.deepEqual(calls.map((c) => [c.status, c.params.ClientToken]), [[0, 'token-dropped-1'], [200, 'token-dropped-1']]);
      assert.deepEqual(named(TARGET, name).map((i) => i.imageId), [made.imageId], 'exactly one copy');
    });

    it('every answer dropped: found by name (recovered), still exactly one copy', async () => {
      const src = sourceImage();
      const name = unique('lost');
      emu.faults.dropAfterNextMutation(3);
      const made = unwrap(await ops.copyImage(TARGET, copyRequest(src, name), 'token-lost-1'));
      assert.equal(made.recovered, true);
      assert.deepEqual(named(TARGET, name).map((i) => i.imageId), [made.imageId]);
    });

    it('EC2 refusals keep its message: a duplicate name, an unknown image; an empty token is refused before sending', async () => {
      const src = sourceImage();
      const name = unique('dup');
      unwrap(await ops.copyImage(TARGET, copyRequest(src, name), 'token-dup-1'));
      const dup = await ops.copyImage(TARGET, copyRequest(src, name), 'token-dup-2');
      assert.ok(!dup.ok);
      assert.equal(dup.error.code, 'InvalidAMIName.Duplicate');
      assert.match(dup.error.message, /already in use/);
      const missing = await ops.copyImage(TARGET, copyRequest('ami-0123456789abcdef0', unique('m')), 'token-missing');
      assert.ok(!missing.ok);
      assert.equal(missing.error.kind, 'notFound');
      const n = emu.requests.length;
      const empty = await ops.copyImage(TARGET, copyRequest(src, unique('e')), ' ');
      assert.ok(!empty.ok && empty.error.kind === 'invalidInput');
      assert.equal(emu.requests.length, n, 'nothing sent');
    });
  });

  describe('createImage', () => {
    it('creates from an instance with no-reboot and tags on the image and its snapshots', async () => {
      const instanceId = await runningInstance();
      const name = unique('created');
      const made = unwrap(await ops.createImage(SOURCE, { instanceId, name, description: 'd', noReboot: true, tags: { team: 'a' } }));
      const stored = emu.store.getImage(SOURCE, made.imageId);
      assert.equal(stored?.sourceInstanceId, instanceId);
      assert.deepEqual(stored?.tags, [{ key: 'team', value: 'a' }]);
      const snap = emu.store.getSnapshot(SOURCE, stored?.blockDeviceMappings[0]?.ebs?.snapshotId as string);
      assert.deepEqual(snap?.tags, [{ key: 'team', value: 'a' }]);
      const call = emu.requests.filter((r) => r.action === 'CreateImage').pop();
      assert.equal(call?.params.NoReboot, 'true');
    });

    it('a dropped response is not retried: recovered by name, one CreateImage call, one image', async () => {
      const instanceId = await runningInstance();
      const name = unique('create-dropped');
      emu.faults.dropAfterNextMutation(1);
      const n = emu.requests.length;
      const made = unwrap(await ops.createImage(SOURCE, { instanceId, name, noReboot: false }));
      assert.equal(made.recovered, true);
      assert.equal(emu.requests.slice(n).filter((r) => r.action === 'CreateImage').length, 1, 'never sent twice');
      assert.deepEqual(named(SOURCE, name).map((i) => i.imageId), [made.imageId]);
    });

    it('a dropped response and the look-up denied: ResponseLost, saying it is not known whether it was made', async () => {
      const instanceId = await runningInstance();
      const name = unique('create-unknown');
      emu.faults.dropAfterNextMutation(1);
      emu.faults.denyAction('DescribeImages');
      const result = await ops.createImage(SOURCE, { instanceId, name, noReboot: true });
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'ResponseLost');
      assert.equal(result.error.kind, 'unreachable');
      assert.match(result.error.message, /not known whether it was made/);
      assert.equal(named(SOURCE, name).length, 1, 'it was made, once');
    });

    it('an unknown instance: notFound with EC2’s message', async () => {
      const result = await ops.createImage(SOURCE, { instanceId: 'i-0123456789abcdef0', name: unique('x'), noReboot: true });
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'notFound');
    });
  });

  describe('registerImage', () => {
    const loose = (d: string): string => emu.store.snapshots(SOURCE).find((s) => s.description === d)!.snapshotId;
    const request = (name: string): RegisterRequest => {
      const built = buildRegisterRequest({
        region: SOURCE,
        name,
        description: '',
        rootSnapshotId: loose(LOOSE_SNAPSHOTS.root),
        rootDeviceName: DEFAULT_ROOT_DEVICE,
        architecture: 'x86_64',
        bootMode: 'uefi-preferred',
        enaSupport: true,
        extraVolumes: [{ snapshotId: loose(LOOSE_SNAPSHOTS.data), deviceName: '/dev/sdb' }],
      });
      assert.ok(built.ok);
      return built.request;
    };

    it('always sends Architecture and VirtualizationType=hvm (EC2 would default to i386 and paravirtual)', async () => {
      const name = unique('reg');
      const n = emu.requests.length;
      const made = unwrap(await ops.registerImage(SOURCE, request(name)));
      const call = emu.requests.slice(n).find((r) => r.action === 'RegisterImage');
      assert.equal(call?.params.Architecture, 'x86_64');
      assert.equal(call?.params.VirtualizationType, 'hvm');
      const stored = emu.store.getImage(SOURCE, made.imageId);
      assert.equal(stored?.architecture, 'x86_64');
      assert.equal(stored?.virtualizationType, 'hvm');
      assert.equal(stored?.bootMode, 'uefi-preferred');
      assert.equal(stored?.enaSupport, true);
      assert.deepEqual(stored?.blockDeviceMappings.map((m) => m.deviceName), ['/dev/xvda', '/dev/sdb']);
    });

    it('a dropped response: recovered by name, one RegisterImage call', async () => {
      const name = unique('reg-dropped');
      emu.faults.dropAfterNextMutation(1);
      const n = emu.requests.length;
      const made = unwrap(await ops.registerImage(SOURCE, request(name)));
      assert.equal(made.recovered, true);
      assert.equal(emu.requests.slice(n).filter((r) => r.action === 'RegisterImage').length, 1);
      assert.deepEqual(named(SOURCE, name).map((i) => i.imageId), [made.imageId]);
    });

    it('an unknown snapshot: notFound, nothing registered', async () => {
      const name = unique('reg-missing');
      const req = { ...request(name), BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0123456789abcdef0', DeleteOnTermination: true, VolumeType: 'gp3' } }] };
      const result = await ops.registerImage(SOURCE, req);
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'notFound');
      assert.equal(named(SOURCE, name).length, 0);
    });
  });

  describe('look-ups', () => {
    it('listInstances: the account’s instances with state and type; listOwnedSnapshots: owned and completed ones, the loose ones included', async () => {
      const instanceId = await runningInstance();
      const instances = unwrap(await ops.listInstances(SOURCE));
      const found = instances.find((i) => i.instanceId === instanceId);
      assert.equal(found?.state, 'running');
      assert.equal(found?.instanceType, 't3.micro');
      const snapshots = unwrap(await ops.listOwnedSnapshots(SOURCE));
      const mine = emu.store.snapshots(SOURCE).filter((s) => s.ownerId === DEFAULT_ACCOUNT && s.state === 'completed');
      assert.deepEqual(new Set(snapshots.map((s) => s.snapshotId)), new Set(mine.map((s) => s.snapshotId)));
      const root = snapshots.find((s) => s.description === LOOSE_SNAPSHOTS.root);
      assert.deepEqual([root?.name, root?.volumeSize, root?.encrypted], ['build-host-root', 8, false]);
    });

    it('findImageByName: my image of that name, else undefined', async () => {
      const src = sourceImage();
      const name = emu.store.getImage(SOURCE, src)!.name;
      assert.equal(unwrap(await ops.findImageByName(SOURCE, name)), src);
      assert.equal(unwrap(await ops.findImageByName(SOURCE, unique('none'))), undefined);
    });
  });

  describe('waitUntilAvailable', () => {
    it('waits while the image is pending, then answers when it is available', async () => {
      emu.store.setImageTiming({ pendingMs: 1500 });
      const made = unwrap(await ops.copyImage(TARGET, copyRequest(sourceImage(), unique('wait')), unique('tok')));
      assert.equal(emu.store.getImage(TARGET, made.imageId)?.state, 'pending');
      const n = emu.requests.length;
      unwrap(await ops.waitUntilAvailable(TARGET, made.imageId));
      assert.equal(emu.store.getImage(TARGET, made.imageId)?.state, 'available');
      assert.ok(emu.requests.slice(n).filter((r) => r.action === 'DescribeImages').length >= 2, 'polled more than once');
    });

    it('cancelling stops waiting only: kind cancelled, the image still pending in AWS', async () => {
      emu.store.setImageTiming({ pendingMs: 60_000 });
      const made = unwrap(await ops.copyImage(TARGET, copyRequest(sourceImage(), unique('cancel')), unique('tok')));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const started = Date.now();
      const result = await ops.waitUntilAvailable(TARGET, made.imageId, controller.signal);
      assert.ok(!result.ok);
      assert.equal(result.error.kind, 'cancelled');
      assert.match(result.error.message, /Stopped waiting for ami-\w+ .*keeps being made/);
      assert.ok(Date.now() - started < 5000, 'ended soon after the abort');
      assert.equal(emu.store.getImage(TARGET, made.imageId)?.state, 'pending');
    });

    it('an image that fails ends the wait with its reason; access denied ends it at once', async () => {
      emu.store.setImageTiming({ pendingMs: 60_000 });
      const made = unwrap(await ops.copyImage(TARGET, copyRequest(sourceImage(), unique('fail')), unique('tok')));
      emu.store.modifyImage(TARGET, made.imageId, { state: 'failed', stateReason: { code: 'Client.InvalidKMSKey', message: 'The KMS key is disabled' } });
      const failed = await ops.waitUntilAvailable(TARGET, made.imageId);
      assert.ok(!failed.ok);
      assert.match(failed.error.message, /failed in eu-west-1: The KMS key is disabled/);
      emu.faults.denyAction('DescribeImages');
      const denied = await ops.waitUntilAvailable(TARGET, made.imageId);
      assert.ok(!denied.ok);
      assert.equal(denied.error.kind, 'accessDenied');
    });
  });
});
