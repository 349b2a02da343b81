/**
 * Sharing through the service layer, the real SDK and the emulator: every launch-permission form,
 * snapshot createVolumePermission, block public access, the recipient's cancel, and the failures
 * turned into messages that say what happened (missing IAM action, refused account, blocked, ...).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, ORGANIZATIONAL_UNIT_ARN, ORGANIZATION_ARN, OTHER_ACCOUNT, THIRD_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import type { ImageOperations } from '../../../src/aws/types';
import { diffPermissions, toModification, withEntries, EMPTY_STATE } from '../../../src/model/launchPermissions';
import { addShareableImage } from '../emulator/helpers';
import { listAll, makeServices, twoProfileHome, unwrap, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';

describe('aws/images: sharing', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let mine: ImageOperations;
  let theirs: ImageOperations;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 4, imagesPerRegion: 8, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    home = twoProfileHome();
    t = makeServices(home, emu.url);
    mine = t.services.images(undefined);
    theirs = t.services.images('other');
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const sharedWithOther = async (): Promise<string[]> => (await listAll(theirs, REGION, { kind: 'sharedWithMe' })).images.map((i) => i.imageId);

  it('shares with an account (the other profile sees it), with an organization and an OU, and takes them back', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    assert.ok(!(await sharedWithOther()).includes(imageId));
    const desired = withEntries(EMPTY_STATE, [
      { kind: 'account', value: OTHER_ACCOUNT },
      { kind: 'organization', value: ORGANIZATION_ARN },
      { kind: 'organizationalUnit', value: ORGANIZATIONAL_UNIT_ARN },
    ]);
    unwrap(await mine.modifyLaunchPermissions(REGION, imageId, toModification(diffPermissions(EMPTY_STATE, desired))));
    const sent = emu.requests.filter((r) => r.action === 'ModifyImageAttribute').at(-1)?.params ?? {};
    assert.equal(sent['LaunchPermission.Add.1.UserId'], OTHER_ACCOUNT);
    assert.equal(sent['LaunchPermission.Add.2.OrganizationArn'], ORGANIZATION_ARN);
    assert.equal(sent['LaunchPermission.Add.3.OrganizationalUnitArn'], ORGANIZATIONAL_UNIT_ARN);
    assert.deepEqual(unwrap(await mine.getLaunchPermissions(REGION, imageId)), { public: false, accounts: [OTHER_ACCOUNT], orgArns: [ORGANIZATION_ARN], ouArns: [ORGANIZATIONAL_UNIT_ARN] });
    assert.ok((await sharedWithOther()).includes(imageId), 'the second account sees it');

    // Take the account away: still visible to OTHER through the organization; then the organization too.
    unwrap(await mine.modifyLaunchPermissions(REGION, imageId, { add: [], remove: [{ userId: OTHER_ACCOUNT }] }));
    assert.ok((await sharedWithOther()).includes(imageId), 'through the organization');
    unwrap(await mine.modifyLaunchPermissions(REGION, imageId, { add: [], remove: [{ organizationArn: ORGANIZATION_ARN }] }));
    assert.ok(!(await sharedWithOther()).includes(imageId), 'the second account no longer sees it');
    assert.equal((await theirs.getImage(REGION, imageId)).ok, false);
  });

  it('makes public and private with Group=all', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    unwrap(await mine.modifyLaunchPermissions(REGION, imageId, { add: [{ group: 'all' }], remove: [] }));
    assert.equal(unwrap(await mine.getImage(REGION, imageId)).public, true);
    assert.equal(unwrap(await theirs.getImage(REGION, imageId)).public, true);
    unwrap(await mine.modifyLaunchPermissions(REGION, imageId, { add: [], remove: [{ group: 'all' }] }));
    assert.equal(unwrap(await mine.getLaunchPermissions(REGION, imageId)).public, false);
  });

  it('validates every entry before any call, and explains what EC2 refuses', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    const before = emu.requests.length;
    const bad = await mine.modifyLaunchPermissions(REGION, imageId, { add: [{ userId: '1234' }, { organizationArn: 'arn:aws:organizations::1:organization/o-x' }], remove: [] });
    assert.ok(!bad.ok && bad.error.kind === 'invalidInput');
    assert.match(bad.error.message, /2 entries are not valid: 1234 .*12 digits.*Nothing was sent/);
    assert.equal(emu.requests.length, before, 'no request');

    const unknown = await mine.modifyLaunchPermissions(REGION, imageId, { add: [{ userId: '999999999999' }], remove: [] });
    assert.ok(!unknown.ok);
    assert.equal(unknown.error.code, 'InvalidAMIAttributeItemValue');
    assert.match(unknown.error.message, /refused the account id 999999999999: .*no AWS account 999999999999 exists\. Nothing was changed/);

    const notOwner = await theirs.modifyLaunchPermissions(REGION, (addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] })).imageId, { add: [{ userId: THIRD_ACCOUNT }], remove: [] });
    assert.ok(!notOwner.ok);
    assert.equal(notOwner.error.kind, 'accessDenied');
    assert.match(notOwner.error.nextStep ?? '', /Only the owner/);

    emu.faults.denyAction('ModifyImageAttribute');
    const denied = await mine.modifyLaunchPermissions(REGION, imageId, { add: [{ userId: OTHER_ACCOUNT }], remove: [] });
    assert.ok(!denied.ok);
    assert.equal(denied.error.kind, 'accessDenied');
    assert.equal(denied.error.action, 'ec2:ModifyImageAttribute');
    assert.match(denied.error.message, /the IAM action ec2:ModifyImageAttribute is missing/);
  });

  it('public refused: encrypted volumes, product codes, block public access (and a declarative policy), the AWS managed key', async () => {
    const enc = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{ encrypted: true }] });
    const r1 = await mine.modifyLaunchPermissions(REGION, enc.imageId, { add: [{ group: 'all' }], remove: [] });
    assert.ok(!r1.ok);
    assert.match(r1.error.message, /does not allow this to be public: Encrypted snapshots/);
    const coded = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, productCodes: ['abcdefghijklmnopqrstuvwxy'] });
    const r2 = await mine.modifyLaunchPermissions(REGION, coded.imageId, { add: [{ group: 'all' }], remove: [] });
    assert.ok(!r2.ok);
    assert.match(r2.error.message, /product code/);

    assert.deepEqual(unwrap(await mine.getImageBlockPublicAccessState(REGION)), { state: 'unblocked', managedBy: 'account' });
    emu.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'block-new-sharing' });
    try {
      assert.deepEqual(unwrap(await mine.getImageBlockPublicAccessState(REGION)), { state: 'block-new-sharing', managedBy: 'account' });
      const plain = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
      const r3 = await mine.modifyLaunchPermissions(REGION, plain.imageId, { add: [{ group: 'all' }], remove: [] });
      assert.ok(!r3.ok);
      assert.match(r3.error.message, /Public sharing of AMIs is blocked in us-east-1/);
      assert.match(r3.error.nextStep ?? '', /disable-image-block-public-access --region us-east-1/);
    } finally {
      emu.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'unblocked' });
    }
    emu.store.setImageBlockPublicAccess(OTHER_ACCOUNT, REGION, { state: 'block-new-sharing', managedBy: 'declarative-policy' });
    assert.deepEqual(unwrap(await theirs.getImageBlockPublicAccessState(REGION)), { state: 'block-new-sharing', managedBy: 'declarative-policy' });

    const managed = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{ encrypted: true, kmsKeyManager: 'aws' }] });
    const r4 = await mine.modifyLaunchPermissions(REGION, managed.imageId, { add: [{ userId: OTHER_ACCOUNT }], remove: [] });
    assert.ok(!r4.ok);
    assert.match(r4.error.message, /AWS managed KMS key, which cannot be shared/);
    assert.match(r4.error.nextStep ?? '', /customer managed KMS key/);
  });

  it('snapshots: reads createVolumePermission and changes it with separate Add and Remove calls', async () => {
    const { snapshotIds } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    const snap = snapshotIds[0] as string;
    unwrap(await mine.modifySnapshotCreateVolumePermissions(REGION, snap, 'add', [OTHER_ACCOUNT, THIRD_ACCOUNT]));
    assert.deepEqual(unwrap(await mine.getSnapshotCreateVolumePermissions(REGION, snap)), { snapshotId: snap, public: false, accounts: [OTHER_ACCOUNT, THIRD_ACCOUNT].sort() });
    assert.equal(unwrap(await theirs.getSnapshots(REGION, [snap])).length, 1, 'the other account can see the snapshot now');
    unwrap(await mine.modifySnapshotCreateVolumePermissions(REGION, snap, 'remove', [THIRD_ACCOUNT]));
    assert.deepEqual(unwrap(await mine.getSnapshotCreateVolumePermissions(REGION, snap)).accounts, [OTHER_ACCOUNT]);
    const calls = emu.requests.filter((r) => r.action === 'ModifySnapshotAttribute');
    assert.equal(calls.length, 2);
    assert.ok(Object.keys(calls[0]?.params ?? {}).every((k) => !k.includes('.Remove.')), 'the add call carries no Remove');
    assert.ok(Object.keys(calls[1]?.params ?? {}).every((k) => !k.includes('.Add.')), 'the remove call carries no Add');
    const before = emu.requests.length;
    const bad = await mine.modifySnapshotCreateVolumePermissions(REGION, snap, 'add', ['all']);
    assert.ok(!bad.ok && bad.error.kind === 'invalidInput', 'never Group=all from here');
    assert.equal(emu.requests.length, before);
  });

  it('the recipient removes itself (then no longer sees the image); an organization share is explained', async () => {
    const direct = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    assert.ok((await sharedWithOther()).includes(direct.imageId));
    unwrap(await theirs.cancelImageLaunchPermission(REGION, direct.imageId));
    assert.ok(!(await sharedWithOther()).includes(direct.imageId));

    const viaOrg = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ organizationArn: ORGANIZATION_ARN }] });
    const refused = await theirs.cancelImageLaunchPermission(REGION, viaOrg.imageId);
    assert.ok(!refused.ok);
    assert.equal(refused.error.kind, 'notFound');
    assert.match(refused.error.message, /shared through your organization or OU, or a public image, cannot be removed/);
    assert.equal(refused.error.action, 'ec2:CancelImageLaunchPermission');
  });

  it('a lost response to ModifyImageAttribute is not retried by the SDK (one request), and says the change may have been made', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    emu.faults.dropAfterNextMutation(1);
    const before = emu.requests.length;
    const r = await mine.modifyLaunchPermissions(REGION, imageId, { add: [{ userId: OTHER_ACCOUNT }], remove: [] });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unreachable');
    assert.equal(r.error.code, 'ResponseLost');
    assert.match(r.error.message, /may or may not have been made/);
    assert.deepEqual(emu.requests.slice(before).map((q) => q.action), ['ModifyImageAttribute'], 'sent once, although maxAttempts is 3');
    assert.deepEqual(emu.store.getImage(REGION, imageId)?.launchPermissions, [{ userId: OTHER_ACCOUNT }], 'EC2 made the change');
  });
});
