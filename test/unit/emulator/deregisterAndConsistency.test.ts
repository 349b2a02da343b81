/** DeregisterImage and the stale-read fault (EC2's eventual consistency after a write), through the real SDK. */
import * as assert from 'node:assert/strict';
import { CreateTagsCommand, DeregisterImageCommand, DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator/index';
import { client, errorOf, OTHER_ACCESS_KEY } from './helpers';

const REGION = 'us-east-1';

describe('emulator: DeregisterImage and stale reads', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 20, seed: 5 });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => emu.faults.reset());

  const mine = (): string => {
    // Not a protected one: deregistration protection refuses those (lifecycle.test.ts).
    const image = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && (i.deregistrationProtection ?? 'disabled') === 'disabled');
    assert.ok(image);
    return image.imageId;
  };

  it('the owner deregisters an image: it is gone from DescribeImages, its snapshots stay', async () => {
    const id = mine();
    const snapshots = emu.store.getImage(REGION, id)?.blockDeviceMappings.flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : [])) ?? [];
    await client(emu.url).send(new DeregisterImageCommand({ ImageId: id }));
    assert.equal(emu.store.getImage(REGION, id), undefined);
    assert.equal((await errorOf(client(emu.url).send(new DescribeImagesCommand({ ImageIds: [id] })))).name, 'InvalidAMIID.NotFound');
    for (const s of snapshots) assert.ok(emu.store.getSnapshot(REGION, s), `${s} stays`);
  });

  it("refuses another account's image and a malformed or unknown id", async () => {
    const hidden = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.launchPermissions.length === 0);
    assert.ok(hidden);
    const asOther = client(emu.url, { accessKeyId: OTHER_ACCESS_KEY });
    assert.equal((await errorOf(asOther.send(new DeregisterImageCommand({ ImageId: hidden.imageId })))).name, 'InvalidAMIID.NotFound', 'an image the caller cannot see');
    assert.ok(emu.store.getImage(REGION, hidden.imageId), 'still there');
    assert.equal((await errorOf(client(emu.url).send(new DeregisterImageCommand({ ImageId: 'ami-nothex' })))).name, 'InvalidAMIID.Malformed');
    assert.equal((await errorOf(client(emu.url).send(new DeregisterImageCommand({ ImageId: 'ami-00000000000000000' })))).name, 'InvalidAMIID.NotFound');
    const publicOther = emu.store.images(REGION).find((i) => i.ownerId === OTHER_ACCOUNT && i.launchPermissions.some((p) => p.group === 'all'));
    assert.ok(publicOther);
    assert.equal((await errorOf(client(emu.url).send(new DeregisterImageCommand({ ImageId: publicOther.imageId })))).name, 'AuthFailure');
  });

  it('after a write, the next n DescribeImages naming the image answer the old state, then the new one', async () => {
    const id = mine();
    emu.faults.staleReadsAfterNextMutation(2);
    await client(emu.url).send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Stale', Value: 'no' }] }));
    const tagOf = async (): Promise<string | undefined> =>
      (await client(emu.url).send(new DescribeImagesCommand({ ImageIds: [id] }))).Images?.[0]?.Tags?.find((t) => t.Key === 'Stale')?.Value;
    assert.equal(await tagOf(), undefined);
    assert.equal(await tagOf(), undefined);
    assert.equal(await tagOf(), 'no');
    // A deregistered image still shows for the stale reads.
    emu.faults.staleReadsAfterNextMutation(1);
    await client(emu.url).send(new DeregisterImageCommand({ ImageId: id }));
    assert.equal((await client(emu.url).send(new DescribeImagesCommand({ ImageIds: [id] }))).Images?.[0]?.ImageId, id);
    assert.equal((await errorOf(client(emu.url).send(new DescribeImagesCommand({ ImageIds: [id] })))).name, 'InvalidAMIID.NotFound');
  });
});
