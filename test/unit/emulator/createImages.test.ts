/**
 * The emulator's image-making operations (issue #10) through the real SDK: CopyImage (ClientToken
 * idempotency, encryption, tags, EC2's refusals), CreateImage (from a running instance) and
 * RegisterImage (EC2's i386 / paravirtual defaults), each new image pending → available after the
 * store's imageTiming, and a dropped answer that still leaves the image made.
 */
import * as assert from 'node:assert/strict';
import {
  CopyImageCommand,
  CreateImageCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  RegisterImageCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, LOOSE_SNAPSHOTS, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator/index';
import { addShareableImage, client, errorOf, OTHER_ACCESS_KEY } from './helpers';

const SOURCE = 'us-east-1';
const TARGET = 'eu-west-1';

describe('emulator: creating images (CopyImage, CreateImage, RegisterImage)', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let target: EC2Client;
  let source: EC2Client;
  let counter = 0;
  const uniqueName = (what: string): string => `${what}-${Date.now().toString(36)}-${++counter}`;

  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 5, seed: 21 });
    target = client(emu.url, { region: TARGET });
    source = client(emu.url, { region: SOURCE });
  });
  after(async () => {
    target.destroy();
    source.destroy();
    await emu.close();
  });
  afterEach(() => {
    emu.faults.reset();
    emu.store.setImageTiming({ pendingMs: 1000 });
    emu.store.setInstanceTiming({ pendingMs: 1000 });
  });

  async function stateOf(ec2: EC2Client, imageId: string): Promise<string | undefined> {
    const out = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    return out.Images?.[0]?.State;
  }

  function ownedImage(opts: { tags?: { key: string; value: string }[]; encrypted?: boolean } = {}): string {
    const { imageId } = addShareableImage(emu.store, SOURCE, { ownerId: DEFAULT_ACCOUNT, volumes: [{ encrypted: opts.encrypted ?? false }, {}], name: uniqueName('source') });
    if (opts.tags) emu.store.modifyImage(SOURCE, imageId, { tags: opts.tags });
    return imageId;
  }

  describe('CopyImage', () => {
    it('copies into the target region: pending, then available after the delay; new snapshots there; source recorded', async () => {
      emu.store.setImageTiming({ pendingMs: 300 });
      const sourceId = ownedImage({ tags: [{ key: 'team', value: 'a' }] });
      const name = uniqueName('copy');
      const out = await target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: sourceId, Name: name, Description: 'd' }));
      const imageId = out.ImageId as string;
      assert.match(imageId, /^ami-[0-9a-f]{17}$/);
      assert.equal(await stateOf(target, imageId), 'pending');
      const stored = emu.store.getImage(TARGET, imageId);
      assert.ok(stored);
      assert.equal(stored.sourceImageId, sourceId);
      assert.equal(stored.sourceImageRegion, SOURCE);
      assert.equal(stored.ownerId, DEFAULT_ACCOUNT);
      assert.deepEqual(stored.tags, [], 'tags are copied only when asked');
      const snapshotIds = stored.blockDeviceMappings.map((m) => m.ebs?.snapshotId);
      assert.equal(snapshotIds.length, 2);
      for (const id of snapshotIds) {
        assert.ok(id && emu.store.getSnapshot(TARGET, id), 'each snapshot is new, in the target region');
        assert.ok(!emu.store.getSnapshot(SOURCE, id as string));
      }
      await new Promise((r) => setTimeout(r, 350));
      assert.equal(await stateOf(target, imageId), 'available');
      const snaps = await target.send(new DescribeSnapshotsCommand({ SnapshotIds: snapshotIds as string[] }));
      assert.deepEqual(snaps.Snapshots?.map((s) => s.State), ['completed', 'completed']);
    });

    it('copies tags with CopyImageTags, and encrypts with the default key or the KMS key given', async () => {
      emu.store.setImageTiming({ pendingMs: 0 });
      const sourceId = ownedImage({ tags: [{ key: 'team', value: 'a' }] });
      const withTags = await target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: sourceId, Name: uniqueName('t'), CopyImageTags: true, Encrypted: true }));
      const copied = emu.store.getImage(TARGET, withTags.ImageId as string);
      assert.deepEqual(copied?.tags, [{ key: 'team', value: 'a' }]);
      for (const m of copied?.blockDeviceMappings ?? []) {
        assert.equal(m.ebs?.encrypted, true);
        assert.match(m.ebs?.kmsKeyId ?? '', /alias\/aws\/ebs$/);
      }
      const key = `arn:aws:kms:${TARGET}:${DEFAULT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      const withKey = await target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: sourceId, Name: uniqueName('k'), Encrypted: true, KmsKeyId: key }));
      const keyed = emu.store.getImage(TARGET, withKey.ImageId as string);
      for (const m of keyed?.blockDeviceMappings ?? []) {
        assert.equal(m.ebs?.kmsKeyId, key);
        assert.equal(emu.store.getSnapshot(TARGET, m.ebs?.snapshotId as string)?.kmsKeyId, key);
      }
    });

    it('ClientToken: the same request again answers the same image; other parameters are IdempotentParameterMismatch', async () => {
      const sourceId = ownedImage();
      const name = uniqueName('idem');
      const input = { SourceRegion: SOURCE, SourceImageId: sourceId, Name: name, ClientToken: `tok-${name}` };
      const first = await target.send(new CopyImageCommand(input));
      const again = await target.send(new CopyImageCommand(input));
      assert.equal(again.ImageId, first.ImageId);
      assert.equal(emu.store.images(TARGET).filter((i) => i.name === name).length, 1);
      const mismatch = await errorOf(target.send(new CopyImageCommand({ ...input, Description: 'other' })));
      assert.equal(mismatch.name, 'IdempotentParameterMismatch');
    });

    it('refuses as EC2 does: unknown and malformed ids, duplicate and malformed names, KmsKeyId without Encrypted', async () => {
      const sourceId = ownedImage();
      const name = uniqueName('dup');
      await target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: sourceId, Name: name }));
      const cases: [Record<string, unknown>, string][] = [
        [{ SourceImageId: 'ami-0123456789abcdef0' }, 'InvalidAMIID.NotFound'],
        [{ SourceImageId: 'ami-xyz' }, 'InvalidAMIID.Malformed'],
        [{ Name: name }, 'InvalidAMIName.Duplicate'],
        [{ Name: 'ab' }, 'InvalidAMIName.Malformed'],
        [{ Name: 'bad*name' }, 'InvalidAMIName.Malformed'],
        [{ Name: 'x'.repeat(129) }, 'InvalidAMIName.Malformed'],
        [{ KmsKeyId: 'alias/mine' }, 'InvalidParameterDependency'],
      ];
      for (const [patch, code] of cases) {
        const err = await errorOf(target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: sourceId, Name: uniqueName('e'), ...patch })));
        assert.equal(err.name, code, JSON.stringify(patch));
        assert.equal(err.status, 400);
      }
      // The same name in another region is fine (names are per region).
      await source.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: sourceId, Name: name }));
    });

    it('another account: launchable without its snapshots readable → AuthFailure; not shared at all → NotFound', async () => {
      const { imageId } = addShareableImage(emu.store, SOURCE, { ownerId: OTHER_ACCOUNT, launchPermissions: [{ userId: DEFAULT_ACCOUNT }] });
      const denied = await errorOf(target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: imageId, Name: uniqueName('other') })));
      assert.equal(denied.name, 'AuthFailure');
      const { imageId: privateId } = addShareableImage(emu.store, SOURCE, { ownerId: OTHER_ACCOUNT });
      const hidden = await errorOf(target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: privateId, Name: uniqueName('other') })));
      assert.equal(hidden.name, 'InvalidAMIID.NotFound');
      // With the snapshot shared too, the copy is made and belongs to the caller.
      const { imageId: readable, snapshotIds } = addShareableImage(emu.store, SOURCE, { ownerId: OTHER_ACCOUNT, launchPermissions: [{ userId: DEFAULT_ACCOUNT }] });
      for (const id of snapshotIds) emu.store.addCreateVolumePermission(SOURCE, id, { userId: DEFAULT_ACCOUNT });
      const made = await target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: readable, Name: uniqueName('mine') }));
      assert.equal(emu.store.getImage(TARGET, made.ImageId as string)?.ownerId, DEFAULT_ACCOUNT);
    });

    it('a dropped answer (dropAfterNextMutation): the copy is made once, the client sees the connection close', async () => {
      const sourceId = ownedImage();
      const name = uniqueName('dropped');
      emu.faults.dropAfterNextMutation(1);
      const err = await errorOf(target.send(new CopyImageCommand({ SourceRegion: SOURCE, SourceImageId: sourceId, Name: name })));
      assert.notEqual(err.name, 'InvalidAMIName.Duplicate');
      assert.equal(emu.store.images(TARGET).filter((i) => i.name === name).length, 1);
    });
  });

  describe('CreateImage', () => {
    async function runningInstance(ec2: EC2Client = source): Promise<string> {
      emu.store.setInstanceTiming({ pendingMs: 0 });
      const images = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'state', Values: ['available'] }, { Name: 'architecture', Values: ['x86_64'] }] }));
      const imageId = images.Images?.find((i) => !i.ProductCodes?.length && i.VirtualizationType === 'hvm' && i.BootMode !== 'uefi')?.ImageId;
      assert.ok(imageId);
      const out = await ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
      return out.Instances?.[0]?.InstanceId as string;
    }

    it('makes a pending image from a running instance, with a snapshot per volume and the tags asked for', async () => {
      emu.store.setImageTiming({ pendingMs: 200 });
      const instanceId = await runningInstance();
      const name = uniqueName('created');
      const out = await source.send(
        new CreateImageCommand({
          InstanceId: instanceId,
          Name: name,
          Description: 'from instance',
          NoReboot: true,
          TagSpecifications: [
            { ResourceType: 'image', Tags: [{ Key: 'k', Value: 'image' }] },
            { ResourceType: 'snapshot', Tags: [{ Key: 'k', Value: 'snap' }] },
          ],
        }),
      );
      const imageId = out.ImageId as string;
      assert.equal(await stateOf(source, imageId), 'pending');
      const stored = emu.store.getImage(SOURCE, imageId);
      const instance = emu.store.getInstance(SOURCE, instanceId);
      assert.ok(stored && instance);
      assert.equal(stored.sourceInstanceId, instanceId);
      assert.equal(stored.architecture, instance.architecture);
      assert.deepEqual(stored.tags, [{ key: 'k', value: 'image' }]);
      assert.equal(stored.blockDeviceMappings.length, instance.volumes.length);
      for (const m of stored.blockDeviceMappings) assert.deepEqual(emu.store.getSnapshot(SOURCE, m.ebs?.snapshotId as string)?.tags, [{ key: 'k', value: 'snap' }]);
      await new Promise((r) => setTimeout(r, 250));
      assert.equal(await stateOf(source, imageId), 'available');
    });

    it('refuses: unknown / malformed instance, another account’s instance, a pending instance, a duplicate name', async () => {
      const instanceId = await runningInstance();
      const name = uniqueName('c');
      await source.send(new CreateImageCommand({ InstanceId: instanceId, Name: name }));
      assert.equal((await errorOf(source.send(new CreateImageCommand({ InstanceId: 'i-0123456789abcdef0', Name: uniqueName('c') })))).name, 'InvalidInstanceID.NotFound');
      assert.equal((await errorOf(source.send(new CreateImageCommand({ InstanceId: 'i-zz', Name: uniqueName('c') })))).name, 'InvalidInstanceID.Malformed');
      assert.equal((await errorOf(source.send(new CreateImageCommand({ InstanceId: instanceId, Name: name })))).name, 'InvalidAMIName.Duplicate');
      const other = client(emu.url, { region: SOURCE, accessKeyId: OTHER_ACCESS_KEY });
      try {
        assert.equal((await errorOf(other.send(new CreateImageCommand({ InstanceId: instanceId, Name: uniqueName('c') })))).name, 'InvalidInstanceID.NotFound');
      } finally {
        other.destroy();
      }
      emu.store.setInstanceTiming({ pendingMs: 60_000 });
      const images = await source.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'architecture', Values: ['x86_64'] }, { Name: 'state', Values: ['available'] }] }));
      const imageId = images.Images?.find((i) => !i.ProductCodes?.length && i.VirtualizationType === 'hvm' && i.BootMode !== 'uefi')?.ImageId;
      const pending = await source.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
      assert.equal((await errorOf(source.send(new CreateImageCommand({ InstanceId: pending.Instances?.[0]?.InstanceId, Name: uniqueName('c') })))).name, 'IncorrectState');
    });

    it('a dropped answer: the image is made (once)', async () => {
      const instanceId = await runningInstance();
      const name = uniqueName('drop');
      emu.faults.dropAfterNextMutation(1);
      await errorOf(source.send(new CreateImageCommand({ InstanceId: instanceId, Name: name })));
      assert.equal(emu.store.images(SOURCE).filter((i) => i.name === name).length, 1);
    });
  });

  describe('RegisterImage', () => {
    const loose = (description: string): string => {
      const s = emu.store.snapshots(SOURCE).find((x) => x.description === description && x.ownerId === DEFAULT_ACCOUNT);
      assert.ok(s, `seeded snapshot "${description}"`);
      return s.snapshotId;
    };

    it('the seed has owned, completed snapshots that no image uses', () => {
      for (const d of Object.values(LOOSE_SNAPSHOTS)) {
        const id = loose(d);
        assert.equal(emu.store.getSnapshot(SOURCE, id)?.state, 'completed');
        assert.ok(!emu.store.images(SOURCE).some((i) => i.blockDeviceMappings.some((m) => m.ebs?.snapshotId === id)));
      }
    });

    it("without Architecture and VirtualizationType EC2's defaults apply: i386 and paravirtual", async () => {
      const out = await source.send(
        new RegisterImageCommand({ Name: uniqueName('reg-default'), RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: loose(LOOSE_SNAPSHOTS.root) } }] }),
      );
      const stored = emu.store.getImage(SOURCE, out.ImageId as string);
      assert.equal(stored?.architecture, 'i386');
      assert.equal(stored?.virtualizationType, 'paravirtual');
      assert.equal(stored?.state, 'pending');
    });

    it('registers what it is told: x86_64, hvm, uefi, ENA, an extra volume; pending → available', async () => {
      emu.store.setImageTiming({ pendingMs: 100 });
      const out = await source.send(
        new RegisterImageCommand({
          Name: uniqueName('reg'),
          Architecture: 'x86_64',
          VirtualizationType: 'hvm',
          BootMode: 'uefi',
          EnaSupport: true,
          RootDeviceName: '/dev/xvda',
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { SnapshotId: loose(LOOSE_SNAPSHOTS.root), VolumeType: 'gp3' } },
            { DeviceName: '/dev/sdb', Ebs: { SnapshotId: loose(LOOSE_SNAPSHOTS.data), VolumeSize: 30 } },
          ],
        }),
      );
      const imageId = out.ImageId as string;
      const stored = emu.store.getImage(SOURCE, imageId);
      assert.equal(stored?.architecture, 'x86_64');
      assert.equal(stored?.virtualizationType, 'hvm');
      assert.equal(stored?.bootMode, 'uefi');
      assert.equal(stored?.enaSupport, true);
      assert.deepEqual(stored?.blockDeviceMappings.map((m) => [m.deviceName, m.ebs?.volumeSize]), [['/dev/xvda', 8], ['/dev/sdb', 30]]);
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(await stateOf(source, imageId), 'available');
    });

    it('refuses: unknown / malformed / not-owned snapshot, no root mapping, smaller volume, arm64 paravirtual, duplicate name', async () => {
      const root = loose(LOOSE_SNAPSHOTS.root);
      const { snapshotIds } = addShareableImage(emu.store, SOURCE, { ownerId: OTHER_ACCOUNT });
      emu.store.addCreateVolumePermission(SOURCE, snapshotIds[0] as string, { userId: DEFAULT_ACCOUNT });
      const name = uniqueName('r');
      await source.send(new RegisterImageCommand({ Name: name, Architecture: 'x86_64', VirtualizationType: 'hvm', RootDeviceName: '/dev/xvda', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: root } }] }));
      const base = { Architecture: 'x86_64' as const, VirtualizationType: 'hvm', RootDeviceName: '/dev/xvda' };
      const cases: [Record<string, unknown>, string][] = [
        [{ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0123456789abcdef0' } }] }, 'InvalidSnapshot.NotFound'],
        [{ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-x' } }] }, 'InvalidSnapshotID.Malformed'],
        [{ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: snapshotIds[0] } }] }, 'AuthFailure'],
        [{ BlockDeviceMappings: [{ DeviceName: '/dev/sdb', Ebs: { SnapshotId: root } }] }, 'InvalidBlockDeviceMapping'],
        [{ BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: root, VolumeSize: 4 } }] }, 'InvalidBlockDeviceMapping'],
        [{ Architecture: 'arm64', VirtualizationType: 'paravirtual', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: root } }] }, 'InvalidParameterCombination'],
        [{ Name: name, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: root } }] }, 'InvalidAMIName.Duplicate'],
      ];
      for (const [patch, code] of cases) {
        const input = { Name: uniqueName('r'), ...base, ...patch } as ConstructorParameters<typeof RegisterImageCommand>[0];
        assert.equal((await errorOf(source.send(new RegisterImageCommand(input)))).name, code, JSON.stringify(patch));
      }
    });
  });
});
