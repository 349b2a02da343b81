/**
 * The change flow's write wrapper through the real service layer and SDK against the emulator:
 * a write is read back with one DescribeImages naming the image (disabled and deprecated included),
 * retried while EC2 still shows the old state, and announced once; never announced with stale data.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { ImageWrites } from '../../../src/data/imageWrites';
import type { ImageChange } from '../../../src/model/changes';
import type { AmiRef } from '../../../src/model/image';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from '../aws/helpers';

const REGION = 'us-east-1';

describe('data/imageWrites (change flow)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let announced: ImageChange[];
  let waits: number[];
  let writes: ImageWrites;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 11, imagesPerRegion: 30, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
    home = defaultHome();
    t = makeServices(home, emu.url);
    announced = [];
    waits = [];
    const log = { info: () => undefined, warn: () => undefined } as never;
    writes = new ImageWrites(
      { aws: () => t.services, announce: (c) => announced.push(c), log },
      { delays: [10, 20, 40], sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    );
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  function mine(filter: (state: string) => boolean = (s) => s === 'available'): AmiRef {
    // Not a protected one: deregistration protection refuses those.
    const image = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && filter(i.state) && (i.deregistrationProtection ?? 'disabled') === 'disabled');
    assert.ok(image, 'the seed has an image of mine');
    return { region: REGION, imageId: image.imageId };
  }

  it('writes the tags, reads the image back once by id (disabled and deprecated included) and announces it', async () => {
    const ref = mine();
    const outcome = unwrap(await writes.updateTags(ref, { set: { Team: 'payments' }, remove: ['Nope'] }));
    assert.equal(announced.length, 1);
    const change = announced[0];
    assert.ok(change && change.kind === 'updated');
    assert.deepEqual(change.fields, ['tags']);
    assert.equal(change.image.tags?.Team, 'payments');
    assert.equal(outcome.change, change);
    assert.equal(emu.store.getImage(REGION, ref.imageId)?.tags.find((x) => x.key === 'Team')?.value, 'payments');
    const actions = emu.requests.map((r) => r.action);
    assert.deepEqual(actions, ['CreateTags', 'DeleteTags', 'DescribeImages']);
    const read = emu.requests[2]?.params ?? {};
    assert.equal(read['ImageId.1'], ref.imageId);
    assert.equal(read.IncludeDisabled, 'true');
    assert.equal(read.IncludeDeprecated, 'true');
    assert.equal(waits.length, 0, 'no pause when the first read shows the write');
  });

  it('reads a disabled image back (EC2 hides it without IncludeDisabled) instead of taking it for removed', async () => {
    const ref = mine((s) => s === 'disabled');
    unwrap(await writes.updateTags(ref, { set: { Retired: 'yes' } }));
    const change = announced[0];
    assert.ok(change && change.kind === 'updated', `announced ${change?.kind}`);
    assert.equal(change.image.state, 'disabled');
  });

  it('retries while EC2 still shows the old state, and announces only the consistent read', async () => {
    const ref = mine();
    emu.faults.staleReadsAfterNextMutation(2);
    unwrap(await writes.updateTags(ref, { set: { Stage: 'blue' } }));
    assert.equal(emu.requests.filter((r) => r.action === 'DescribeImages').length, 3, 'two stale reads, then the new state');
    assert.deepEqual(waits, [10, 20]);
    assert.equal(announced.length, 1);
    const change = announced[0];
    assert.ok(change?.kind === 'updated' && change.image.tags?.Stage === 'blue');
  });

  it('announces nothing when the read-back never shows the write, and says so', async () => {
    const ref = mine();
    emu.faults.staleReadsAfterNextMutation(10);
    const outcome = unwrap(await writes.updateTags(ref, { set: { Stage: 'green' } }));
    assert.equal(announced.length, 0, 'the old state is never announced as the result');
    assert.equal(outcome.change, undefined);
    assert.match(outcome.notYetVisible ?? '', /accepted the change.*still reports the previous state/);
    assert.equal(emu.requests.filter((r) => r.action === 'DescribeImages').length, 4, 'one read and three retries');
  });

  it('reports a refused write as a failure and announces nothing', async () => {
    const other = emu.store.images(REGION).find((i) => i.ownerId === OTHER_ACCOUNT && i.launchPermissions.some((p) => p.group === 'all'));
    assert.ok(other);
    const r = await writes.updateTags({ region: REGION, imageId: other.imageId }, { set: { Mine: 'no' } });
    assert.equal(r.ok, false);
    assert.equal(announced.length, 0);
    assert.ok(!emu.requests.some((q) => q.action === 'DescribeImages'), 'nothing read back after a failed write');
  });

  it('deregisters, waits until EC2 no longer finds the image, and announces its removal', async () => {
    const ref = mine();
    emu.faults.staleReadsAfterNextMutation(1);
    unwrap(await writes.deregisterImage(ref));
    assert.equal(emu.store.getImage(REGION, ref.imageId), undefined);
    assert.deepEqual(announced, [{ kind: 'removed', ref }]);
    assert.equal(emu.requests.filter((r) => r.action === 'DescribeImages').length, 2, 'one stale read, then not found');
  });

  it('announces an added image once EC2 lists it', async () => {
    const ref = mine();
    unwrap(await writes.announceAdded(ref));
    const change = announced[0];
    assert.ok(change?.kind === 'added' && change.image.imageId === ref.imageId);
  });
});
