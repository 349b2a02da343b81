/**
 * Tag writes on several images and their snapshots through the real service layer and SDK
 * against the emulator: one write and one announcement per image, one failing image not stopping
 * the others, snapshots tagged after their image with a result each, bad keys refused before any call.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { ImageWrites } from '../../../src/data/imageWrites';
import { TagWrites } from '../../../src/data/tagWrites';
import type { ImageChange, TagChange } from '../../../src/model/changes';
import type { AmiRef } from '../../../src/model/image';
import { addShareableImage } from '../emulator/helpers';
import { makeServices, twoProfileHome, unwrap, type AwsHome, type TestServices } from '../aws/helpers';

const REGION = 'us-east-1';

describe('data/tagWrites (several images, snapshots)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let announced: ImageChange[];
  let tags: TagWrites;
  let warnings: string[];

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 13, imagesPerRegion: 6, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
    home = twoProfileHome();
    t = makeServices(home, emu.url);
    announced = [];
    warnings = [];
    const log = { info: () => undefined, warn: (m: string) => warnings.push(m) } as never;
    const writes = new ImageWrites({ aws: () => t.services, announce: (c) => announced.push(c), log }, { delays: [1, 1, 1], sleep: () => Promise.resolve() });
    tags = new TagWrites(writes, { aws: () => t.services, log });
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const actions = (): string[] => emu.requests.map((r) => r.action);
  const tagsOf = (imageId: string): Record<string, string> => Object.fromEntries((emu.store.getImage(REGION, imageId)?.tags ?? []).map((x) => [x.key, x.value]));
  const snapshotTags = (snapshotId: string): Record<string, string> => Object.fromEntries((emu.store.getSnapshot(REGION, snapshotId)?.tags ?? []).map((x) => [x.key, x.value]));

  function image(volumes = 1): { ref: AmiRef; snapshotIds: string[] } {
    const { imageId, snapshotIds } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: Array.from({ length: volumes }, () => ({})) });
    return { ref: { region: REGION, imageId }, snapshotIds };
  }

  /** Gives the image n user tags f0…f(n-1) behind the extension's back. */
  function fill(imageId: string, n: number): void {
    const stored = emu.store.getImage(REGION, imageId);
    assert.ok(stored);
    for (let i = 0; i < n; i++) stored.tags.push({ key: `f${i}`, value: String(i) });
  }

  it('tags several images: one CreateTags and one announcement per image, in order', async () => {
    const a = image();
    const b = image();
    const outcomes = unwrap(await tags.updateImages([a.ref, b.ref], { set: { Env: 'prod' } }));
    assert.deepEqual(outcomes.map((o) => [o.ref.imageId, o.result.ok, o.snapshots.length]), [[a.ref.imageId, true, 0], [b.ref.imageId, true, 0]]);
    assert.equal(tagsOf(a.ref.imageId).Env, 'prod');
    assert.equal(tagsOf(b.ref.imageId).Env, 'prod');
    const creates = emu.requests.filter((r) => r.action === 'CreateTags');
    assert.deepEqual(creates.map((r) => r.params['ResourceId.1']), [a.ref.imageId, b.ref.imageId]);
    assert.ok(creates.every((r) => r.params['ResourceId.2'] === undefined), 'one resource per call');
    assert.deepEqual(announced.map((c) => [c.kind, c.ref.imageId, c.kind === 'updated' ? c.fields : []]), [['updated', a.ref.imageId, ['tags']], ['updated', b.ref.imageId, ['tags']]]);
    assert.ok(announced.every((c) => c.kind === 'updated' && c.image.tags?.Env === 'prod'), 'announced as read back');
  });

  it('one image at the 50-tag limit fails with TagLimitExceeded; the others are still tagged', async () => {
    const a = image();
    const full = image();
    const c = image();
    fill(full.ref.imageId, 50);
    const outcomes = unwrap(await tags.updateImages([a.ref, full.ref, c.ref], { set: { Team: 'blue' } }));
    assert.deepEqual(outcomes.map((o) => o.result.ok), [true, false, true]);
    const failed = outcomes[1]?.result;
    assert.ok(failed && !failed.ok);
    assert.equal(failed.error.code, 'TagLimitExceeded');
    assert.equal(tagsOf(a.ref.imageId).Team, 'blue');
    assert.equal(tagsOf(c.ref.imageId).Team, 'blue');
    assert.equal(tagsOf(full.ref.imageId).Team, undefined);
    assert.equal(Object.keys(tagsOf(full.ref.imageId)).length, 50);
    assert.deepEqual(announced.map((x) => x.ref.imageId), [a.ref.imageId, c.ref.imageId], 'no announcement for the image that did not change');
  });

  it('refuses an aws: key (and a too-long value) before any call', async () => {
    const a = image();
    const changes: TagChange[] = [{ set: { 'AWS:owner': 'x' } }, { remove: ['aws:cloudformation:stack-name'] }, { set: { ok: 'v'.repeat(257) } }];
    for (const change of changes) {
      emu.requests.length = 0;
      const r = await tags.updateImages([a.ref], change);
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'invalidInput');
      assert.match(r.error.message, /Nothing was sent\.$/);
      assert.deepEqual(actions(), [], `nothing sent for ${JSON.stringify(change).slice(0, 60)}`);
    }
    assert.equal(announced.length, 0);
  });

  it('also tags the image’s snapshots (from its block device mappings), one result each', async () => {
    const a = image(2);
    const outcomes = unwrap(await tags.updateImages([a.ref], { set: { Env: 'prod' } }, { withSnapshots: true }));
    assert.deepEqual(outcomes[0]?.snapshots, a.snapshotIds.map((snapshotId) => ({ snapshotId })));
    for (const s of a.snapshotIds) assert.equal(snapshotTags(s).Env, 'prod');
    assert.deepEqual(actions().filter((x) => x === 'CreateTags').length, 3);
    // and removing from both
    emu.requests.length = 0;
    unwrap(await tags.updateImages([a.ref], { remove: ['Env'] }, { withSnapshots: true }));
    assert.equal(tagsOf(a.ref.imageId).Env, undefined);
    for (const s of a.snapshotIds) assert.equal(snapshotTags(s).Env, undefined);
    assert.deepEqual(actions().filter((x) => x === 'DeleteTags').length, 3);
    assert.equal(announced.length, 2, 'one announcement per write of the image, none for snapshots');
  });

  it('a failing snapshot keeps the image’s change and the other snapshot’s, and is reported on its own', async () => {
    const a = image(2);
    const [good, gone] = a.snapshotIds as [string, string];
    emu.store.removeSnapshot(REGION, gone);
    const outcomes = unwrap(await tags.updateImages([a.ref], { set: { Env: 'prod' } }, { withSnapshots: true }));
    const o = outcomes[0];
    assert.ok(o?.result.ok);
    assert.equal(tagsOf(a.ref.imageId).Env, 'prod');
    assert.equal(snapshotTags(good).Env, 'prod');
    assert.deepEqual(o.snapshots.map((s) => [s.snapshotId, s.error?.code]), [[good, undefined], [gone, 'InvalidSnapshot.NotFound']]);
    assert.equal(announced.length, 1);
    assert.match(warnings.join(' '), new RegExp(`not its snapshot ${gone}`));
  });

  it('an image shared with me (not mine) is refused by EC2 for that image only', async () => {
    const theirs = addShareableImage(emu.store, REGION, { ownerId: OTHER_ACCOUNT, launchPermissions: [{ userId: DEFAULT_ACCOUNT }] });
    const mine = image();
    const outcomes = unwrap(await tags.updateImages([{ region: REGION, imageId: theirs.imageId }, mine.ref], { set: { Env: 'prod' } }));
    const refused = outcomes[0]?.result;
    assert.ok(refused && !refused.ok);
    assert.equal(refused.error.kind, 'accessDenied');
    assert.equal(tagsOf(theirs.imageId).Env, undefined);
    assert.equal(tagsOf(mine.ref.imageId).Env, 'prod');
  });

  it('check() names an image that would go over 50 tags, before anything is sent', async () => {
    const a = image();
    fill(a.ref.imageId, 49);
    const subjects = unwrap(await tags.readSubjects([a.ref], 'Add Tag'));
    assert.equal(tags.check(subjects, { set: { one: '1' } }), undefined);
    const refused = tags.check(subjects, { set: { one: '1', two: '2' } });
    assert.match(refused?.message ?? '', new RegExp(`${a.ref.imageId} .*would have 51 tags, 1 over EC2's limit of 50 per resource\\. Nothing was sent\\.`));
    assert.ok(!actions().some((x) => x === 'CreateTags' || x === 'DeleteTags'));
  });

  it('checkSnapshots() names a snapshot that would go over 50 tags (read with DescribeSnapshots), before anything is sent', async () => {
    const a = image(2);
    const full = emu.store.getSnapshot(REGION, a.snapshotIds[1] ?? '');
    assert.ok(full);
    for (let i = 0; i < 50; i++) full.tags.push({ key: `s${i}`, value: String(i) });
    const subjects = unwrap(await tags.readSubjects([a.ref], 'Add Tag'));
    assert.equal(await tags.checkSnapshots(subjects, { set: { s1: 'changed' } }), undefined, 'changing a value adds no tag');
    const refused = await tags.checkSnapshots(subjects, { set: { Extra: 'x' } });
    assert.match(refused?.message ?? '', new RegExp(`^${a.snapshotIds[1]} would have 51 tags, 1 over EC2's limit of 50 per resource\\. Nothing was sent\\.$`));
    assert.ok(actions().includes('DescribeSnapshots'));
    assert.ok(!actions().some((x) => x === 'CreateTags' || x === 'DeleteTags'));
  });

  it('checkSnapshots() leaves the limit to EC2 when the snapshots cannot be read, and says so in the log', async () => {
    const a = image(1);
    const subjects = unwrap(await tags.readSubjects([a.ref], 'Add Tag'));
    emu.faults.denyAction('DescribeSnapshots');
    assert.equal(await tags.checkSnapshots(subjects, { set: { Extra: 'x' } }), undefined);
    assert.ok(warnings.some((w) => /Could not read the tags of .* snapshots before tagging them/.test(w)));
  });
});
