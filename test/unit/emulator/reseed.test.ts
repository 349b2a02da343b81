/** Emulator.reseed(): what the in-editor runner does between suites. */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, startEmulator, type Emulator } from '../../emulator/index';
import { client } from './helpers';

const REGION = 'us-east-1';

describe('emulator: reseed', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ port: 0, seed: 5, imagesPerRegion: 12, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });

  it('puts back the seeded images, references and bin, clears faults and the request log; the server keeps serving the same store', async () => {
    const ids = (): string[] => emu.store.images(REGION).map((i) => i.imageId);
    const seeded = ids();
    const mine = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT);
    assert.ok(mine);
    emu.store.removeImage(REGION, mine.imageId);
    emu.store.references.addSsmParameter({ name: '/added/by/test', ownerId: DEFAULT_ACCOUNT, region: REGION, value: seeded[0] ?? '' });
    emu.faults.failRegion(REGION, 'AuthFailure');
    await client(emu.url).send(new DescribeImagesCommand({ Owners: ['self'] })).catch(() => undefined);
    assert.ok(emu.requests.length > 0);

    emu.reseed();

    assert.deepEqual(ids(), seeded, 'same images, same ids, same order');
    assert.ok(!emu.store.references.ssmParameters(REGION, DEFAULT_ACCOUNT).some((p) => p.name === '/added/by/test'));
    assert.equal(emu.requests.length, 0);
    const out = await client(emu.url).send(new DescribeImagesCommand({ ImageIds: [mine.imageId] }));
    assert.equal(out.Images?.[0]?.ImageId, mine.imageId, 'served again, fault cleared');
  });
});
