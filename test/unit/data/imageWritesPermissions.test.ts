/**
 * The change flow's sharing writes through the real service layer and SDK against the emulator:
 * a permission diff applied to the image and mirrored to its snapshots, partial failure reported
 * exactly, a lost response settled by a re-read (never a second call), make public/private with the
 * checks first, and the recipient's cancel announced as removed from its view.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, ORGANIZATION_ARN, OTHER_ACCOUNT, THIRD_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { ImageWrites } from '../../../src/data/imageWrites';
import type { ImageChange } from '../../../src/model/changes';
import type { AmiRef } from '../../../src/model/image';
import { diffPermissions, EMPTY_STATE, withEntries, withoutEntries } from '../../../src/model/launchPermissions';
import { addShareableImage } from '../emulator/helpers';
import { listAll, makeServices, twoProfileHome, unwrap, type AwsHome, type TestServices } from '../aws/helpers';

const REGION = 'us-east-1';

describe('data/imageWrites (sharing)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let announced: ImageChange[];
  let writes: ImageWrites;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 12, imagesPerRegion: 8, regions: [REGION] });
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
    const log = { info: () => undefined, warn: () => undefined } as never;
    writes = new ImageWrites({ aws: () => t.services, announce: (c) => announced.push(c), log }, { delays: [1, 1, 1], sleep: () => Promise.resolve() });
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const actions = (): string[] => emu.requests.map((r) => r.action);

  it('applies a diff: one ModifyImageAttribute, then Add and Remove per snapshot, read back and announced once', async () => {
    const { imageId, snapshotIds } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{}, {}], launchPermissions: [{ userId: THIRD_ACCOUNT }] });
    for (const s of snapshotIds) emu.store.addCreateVolumePermission(REGION, s, { userId: THIRD_ACCOUNT });
    const ref: AmiRef = { region: REGION, imageId };
    const current = withEntries(EMPTY_STATE, [{ kind: 'account', value: THIRD_ACCOUNT }]);
    const desired = withoutEntries(withEntries(current, [{ kind: 'account', value: OTHER_ACCOUNT }, { kind: 'organization', value: ORGANIZATION_ARN }]), [{ kind: 'account', value: THIRD_ACCOUNT }]);
    const outcome = unwrap(await writes.applyPermissionDiff(ref, diffPermissions(current, desired), { mirrorToSnapshots: snapshotIds }));

    assert.deepEqual(actions().filter((a) => a.startsWith('Modify')), ['ModifyImageAttribute', 'ModifySnapshotAttribute', 'ModifySnapshotAttribute', 'ModifySnapshotAttribute', 'ModifySnapshotAttribute']);
    assert.deepEqual(outcome.permissions, { public: false, accounts: [OTHER_ACCOUNT], orgArns: [ORGANIZATION_ARN], ouArns: [] });
    assert.deepEqual(
      outcome.snapshots.map((s) => [s.snapshotId, s.added, s.removed, s.failed.length]),
      snapshotIds.map((s) => [s, [OTHER_ACCOUNT], [THIRD_ACCOUNT], 0]),
    );
    for (const s of snapshotIds) assert.deepEqual(emu.store.getSnapshot(REGION, s)?.createVolumePermissions, [{ userId: OTHER_ACCOUNT }]);
    assert.equal(outcome.partialFailure, undefined);
    assert.match(outcome.notMirrored.join(' '), /Organization and OU shares cannot extend to snapshots/);
    assert.equal(announced.length, 1);
    const change = announced[0];
    assert.ok(change?.kind === 'updated');
    assert.deepEqual(change.fields, ['launchPermission']);
    assert.ok((await listAll(t.services.images('other'), REGION, { kind: 'sharedWithMe' })).images.some((i) => i.imageId === imageId), 'the other account sees it');
  });

  it('partial failure: the image and one snapshot changed, the other snapshot not — says exactly that', async () => {
    const { imageId, snapshotIds } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{}, {}] });
    const [good, gone] = snapshotIds as [string, string];
    emu.store.removeSnapshot(REGION, gone); // deleted behind the image's back
    const outcome = unwrap(await writes.applyPermissionDiff({ region: REGION, imageId }, diffPermissions(EMPTY_STATE, withEntries(EMPTY_STATE, [{ kind: 'account', value: OTHER_ACCOUNT }])), { mirrorToSnapshots: snapshotIds }));
    assert.deepEqual(emu.store.getImage(REGION, imageId)?.launchPermissions, [{ userId: OTHER_ACCOUNT }], 'the image changed');
    assert.deepEqual(emu.store.getSnapshot(REGION, good)?.createVolumePermissions, [{ userId: OTHER_ACCOUNT }]);
    const failed = outcome.snapshots.find((s) => s.snapshotId === gone);
    assert.equal(failed?.failed[0]?.error.code, 'InvalidSnapshot.NotFound');
    assert.deepEqual(failed?.added, []);
    const text = outcome.partialFailure ?? '';
    assert.match(text, new RegExp(`launch permissions of ${imageId} were updated, but not every snapshot was`));
    assert.match(text, new RegExp(`Updated: ${good}\\.`));
    assert.match(text, new RegExp(`Snapshot ${gone}: not changed; adding ${OTHER_ACCOUNT} failed`));
    assert.equal(announced.length, 1, 'the image change is still announced');
  });

  it('a dropped response after ModifyImageAttribute: re-read shows the change, no second call, announced', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    emu.faults.dropAfterNextMutation(1);
    const outcome = unwrap(await writes.applyPermissionDiff({ region: REGION, imageId }, diffPermissions(EMPTY_STATE, withEntries(EMPTY_STATE, [{ kind: 'account', value: OTHER_ACCOUNT }]))));
    assert.equal(actions().filter((a) => a === 'ModifyImageAttribute').length, 1, 'never repeated');
    assert.equal(emu.requests.find((r) => r.action === 'ModifyImageAttribute')?.status, 0, 'the response was dropped');
    assert.ok(actions().includes('DescribeImageAttribute'), 're-read');
    assert.deepEqual(outcome.permissions?.accounts, [OTHER_ACCOUNT]);
    assert.equal(announced.length, 1);
  });

  it('a dropped connection where the re-read does not show the change reports that nothing changed', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    // A request that never took effect although the connection closed after sending: the emulator
    // runs the operation before dropping, so the store's add is made a no-op for this one call.
    emu.faults.dropAfterNextMutation(1);
    const original = emu.store.addLaunchPermission.bind(emu.store);
    emu.store.addLaunchPermission = () => undefined; // EC2 lost the request after the connection closed
    try {
      const r = await writes.applyPermissionDiff({ region: REGION, imageId }, diffPermissions(EMPTY_STATE, withEntries(EMPTY_STATE, [{ kind: 'account', value: OTHER_ACCOUNT }])));
      assert.ok(!r.ok);
      assert.match(r.error.message, /may or may not have been made.*do not show the change, so it was not made\. Nothing was changed\./);
    } finally {
      emu.store.addLaunchPermission = original;
    }
    assert.equal(actions().filter((a) => a === 'ModifyImageAttribute').length, 1);
    assert.equal(announced.length, 0);
  });

  it('make public: refused before any write while block public access is on (and says how to lift it); refused for encrypted volumes', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    emu.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'block-new-sharing' });
    try {
      const r = await writes.makePublic({ region: REGION, imageId });
      assert.ok(!r.ok);
      assert.match(r.error.message, /blocked in us-east-1.*disable-image-block-public-access/);
      emu.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { managedBy: 'declarative-policy' });
      const locked = await writes.makePublic({ region: REGION, imageId });
      assert.ok(!locked.ok);
      assert.match(locked.error.message, /declarative policy .* cannot be lifted from this account/);
    } finally {
      emu.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'unblocked', managedBy: 'account' });
    }
    const enc = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{ encrypted: true }] });
    const r2 = await writes.makePublic({ region: REGION, imageId: enc.imageId });
    assert.ok(!r2.ok);
    assert.match(r2.error.message, /encrypted volumes/);
    assert.ok(!actions().includes('ModifyImageAttribute'), 'nothing was sent');

    const pub = unwrap(await writes.makePublic({ region: REGION, imageId }));
    assert.equal(pub.permissions?.public, true);
    const change = announced.at(-1);
    assert.ok(change?.kind === 'updated' && change.image.public === true);
    assert.deepEqual(change.fields, ['launchPermission', 'public']);
    const priv = unwrap(await writes.makePrivate({ region: REGION, imageId }));
    assert.equal(priv.permissions?.public, false);
    const last = announced.at(-1);
    assert.ok(last?.kind === 'updated' && last.image.public === false);
  });

  it("the recipient's cancel announces the image removed from its own view; an organization share is explained", async () => {
    const direct = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    const ref: AmiRef = { region: REGION, imageId: direct.imageId, profile: 'other' };
    unwrap(await writes.cancelLaunchPermission(ref));
    assert.deepEqual(announced, [{ kind: 'removed', ref }]);
    assert.deepEqual(emu.store.getImage(REGION, direct.imageId)?.launchPermissions, []);

    const viaOrg = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ organizationArn: ORGANIZATION_ARN }] });
    const r = await writes.cancelLaunchPermission({ region: REGION, imageId: viaOrg.imageId, profile: 'other' });
    assert.ok(!r.ok);
    assert.match(r.error.message, /organization or OU/);
    assert.equal(announced.length, 1);
  });

  it("a dropped response to the recipient's cancel is settled by re-reading, not by a second call", async () => {
    const direct = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    emu.faults.dropAfterNextMutation(1);
    const ref: AmiRef = { region: REGION, imageId: direct.imageId, profile: 'other' };
    unwrap(await writes.cancelLaunchPermission(ref));
    assert.equal(actions().filter((a) => a === 'CancelImageLaunchPermission').length, 1);
    assert.deepEqual(announced, [{ kind: 'removed', ref }]);
  });
});
