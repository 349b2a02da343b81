/**
 * The emulator's CreateTags counts as EC2 does: lengths in Unicode characters (not UTF-16 units),
 * and reserved `aws:` tags left out of the 50-tag limit.
 */
import * as assert from 'node:assert/strict';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, startEmulator, type Emulator } from '../../emulator/index';
import { addShareableImage, client, errorOf } from './helpers';

const REGION = 'us-east-1';

describe('emulator: CreateTags lengths and limit (tags feature)', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 4, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });

  it('takes a key of 128 and a value of 256 astral characters, refuses one more', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    const c = client(emu.url);
    await c.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: '😀'.repeat(128), Value: '😀'.repeat(256) }] }));
    assert.equal(emu.store.getImage(REGION, imageId)?.tags[0]?.key, '😀'.repeat(128));
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: '😀'.repeat(129), Value: 'v' }] })))).name, 'InvalidParameterValue');
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'k', Value: '😀'.repeat(257) }] })))).name, 'InvalidParameterValue');
  });

  it('does not count aws: tags against the 50-tag limit', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    const stored = emu.store.getImage(REGION, imageId);
    assert.ok(stored);
    stored.tags.push({ key: 'aws:cloudformation:stack-name', value: 's' });
    for (let i = 0; i < 49; i++) stored.tags.push({ key: `u${i}`, value: 'v' });
    const c = client(emu.url);
    await c.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'fiftieth', Value: 'v' }] }));
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: [imageId], Tags: [{ Key: 'fifty-first', Value: 'v' }] })))).name, 'TagLimitExceeded');
  });
});
