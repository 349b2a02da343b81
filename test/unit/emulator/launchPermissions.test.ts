/**
 * Sharing in the emulator, through the real SDK: ModifyImageAttribute (both launch-permission forms
 * and the description), ResetImageAttribute, Describe/ModifySnapshotAttribute, block public access
 * for AMIs and CancelImageLaunchPermission, with EC2's errors, and the effect seen by the other account.
 */
import * as assert from 'node:assert/strict';
import {
  CancelImageLaunchPermissionCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DisableImageBlockPublicAccessCommand,
  EnableImageBlockPublicAccessCommand,
  GetImageBlockPublicAccessStateCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  ResetImageAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, ORGANIZATIONAL_UNIT_ARN, ORGANIZATION_ARN, OTHER_ACCOUNT, THIRD_ACCOUNT, startEmulator, type Emulator } from '../../emulator/index';
import { addShareableImage, client, errorOf, OTHER_ACCESS_KEY, rawPost, THIRD_ACCESS_KEY } from './helpers';

const REGION = 'us-east-1';

describe('emulator: launch permissions and sharing', () => {
  let emu: Emulator;
  let owner: EC2Client;
  let other: EC2Client;
  let third: EC2Client;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 10, seed: 3, regions: [REGION, 'eu-west-1'] });
    owner = client(emu.url);
    other = client(emu.url, { accessKeyId: OTHER_ACCESS_KEY });
    third = client(emu.url, { accessKeyId: THIRD_ACCESS_KEY });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => emu.faults.reset());

  const sharedWithMe = async (c: EC2Client): Promise<string[]> => ((await c.send(new DescribeImagesCommand({ ExecutableUsers: ['self'] }))).Images ?? []).map((i) => i.ImageId ?? '');
  const permissions = async (imageId: string): Promise<unknown[]> => (await owner.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }))).LaunchPermissions ?? [];

  it('LaunchPermission.Add/Remove with UserId: the other account sees the image, then no longer does', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    assert.ok(!(await sharedWithMe(other)).includes(imageId));
    await owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: OTHER_ACCOUNT }] } }));
    assert.deepEqual(await permissions(imageId), [{ UserId: OTHER_ACCOUNT }]);
    assert.ok((await sharedWithMe(other)).includes(imageId), 'shared with me lists it');
    assert.ok(!(await sharedWithMe(third)).includes(imageId), 'not the third account');
    const sent = emu.requests.filter((r) => r.action === 'ModifyImageAttribute').at(-1);
    assert.equal(sent?.params['LaunchPermission.Add.1.UserId'], OTHER_ACCOUNT, 'the SDK sends the structured form');

    await owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Remove: [{ UserId: OTHER_ACCOUNT }] } }));
    assert.deepEqual(await permissions(imageId), []);
    assert.ok(!(await sharedWithMe(other)).includes(imageId));
    assert.equal((await errorOf(other.send(new DescribeImagesCommand({ ImageIds: [imageId] })))).name, 'InvalidAMIID.NotFound');
  });

  it('organization and OU ARNs: members see the image, others do not; removals apply before additions in one call', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT });
    await third.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ OrganizationArn: ORGANIZATION_ARN }, { OrganizationalUnitArn: ORGANIZATIONAL_UNIT_ARN }] } }));
    const attr = await third.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
    assert.deepEqual(attr.LaunchPermissions, [{ OrganizationArn: ORGANIZATION_ARN }, { OrganizationalUnitArn: ORGANIZATIONAL_UNIT_ARN }]);
    assert.ok((await sharedWithMe(other)).includes(imageId), 'OTHER is in the organization');
    assert.ok((await sharedWithMe(owner)).includes(imageId), 'DEFAULT is in the organization and the OU');
    await third.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Remove: [{ OrganizationArn: ORGANIZATION_ARN }], Add: [{ UserId: OTHER_ACCOUNT }] } }));
    assert.ok((await sharedWithMe(other)).includes(imageId), 'now by account id');
    assert.ok((await sharedWithMe(owner)).includes(imageId), 'still through the OU');
    await third.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Remove: [{ OrganizationalUnitArn: ORGANIZATIONAL_UNIT_ARN }] } }));
    assert.ok(!(await sharedWithMe(owner)).includes(imageId));
  });

  it('the older form: UserId.N / UserGroup.N / OrganizationArn.N with OperationType add and remove', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    await owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission', OperationType: 'add', UserIds: [OTHER_ACCOUNT, THIRD_ACCOUNT] }));
    assert.equal(emu.requests.at(-1)?.params['UserId.1'], OTHER_ACCOUNT);
    assert.equal(emu.requests.at(-1)?.params.OperationType, 'add');
    assert.ok((await sharedWithMe(third)).includes(imageId));
    await owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission', OperationType: 'remove', UserIds: [THIRD_ACCOUNT] }));
    assert.deepEqual(await permissions(imageId), [{ UserId: OTHER_ACCOUNT }]);

    const pub = await rawPost(emu.url, { Action: 'ModifyImageAttribute', ImageId: imageId, OperationType: 'add', 'UserGroup.1': 'all', 'OrganizationArn.1': ORGANIZATION_ARN });
    assert.equal(pub.status, 200, pub.body);
    assert.equal((await owner.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images?.[0]?.Public, true);
    assert.ok((await third.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images?.length, 'public: anyone may describe it by id');
    await owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, OperationType: 'remove', UserGroups: ['all'] }));
    assert.equal((await owner.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images?.[0]?.Public, false);

    const missing = await rawPost(emu.url, { Action: 'ModifyImageAttribute', ImageId: imageId, 'UserId.1': OTHER_ACCOUNT });
    assert.equal(missing.status, 400);
    assert.match(missing.body, /<Code>MissingParameter<\/Code>.*OperationType/s);
  });

  it('Description.Value sets the description; nothing to change is refused', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    await owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, Description: { Value: 'new <text> & more' } }));
    assert.equal(emu.store.getImage(REGION, imageId)?.description, 'new <text> & more');
    const attr = await owner.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'description' }));
    assert.equal(attr.Description?.Value, 'new <text> & more');
    assert.equal((await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: imageId })))).name, 'InvalidParameterCombination');
    assert.equal((await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, Description: { Value: 'x'.repeat(256) } })))).name, 'InvalidParameterValue');
  });

  it('refuses as EC2 does, and a refused call changes nothing', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    const notOwner = await errorOf(other.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: THIRD_ACCOUNT }] } })));
    assert.deepEqual([notOwner.name, notOwner.status], ['AuthFailure', 401]);
    assert.match(notOwner.message, new RegExp(`Not authorized for image:${imageId}`));
    for (const bad of ['12345', '999999999999', '12345678901a']) {
      const e = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: THIRD_ACCOUNT }, { UserId: bad }] } })));
      assert.deepEqual([e.name, e.status], ['InvalidAMIAttributeItemValue', 400], bad);
      assert.match(e.message, new RegExp(`"${bad}" for userId`));
    }
    const org = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ OrganizationArn: 'arn:aws:organizations::123:organization/o-x' }] } })));
    assert.equal(org.name, 'InvalidAMIAttributeItemValue');
    const two = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: THIRD_ACCOUNT, Group: 'all' }] } })));
    assert.equal(two.name, 'InvalidParameterCombination');
    assert.deepEqual(await permissions(imageId), [{ UserId: OTHER_ACCOUNT }], 'nothing changed, THIRD not added');
    emu.faults.denyAction('ModifyImageAttribute');
    const denied = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: imageId, LaunchPermission: { Add: [{ UserId: THIRD_ACCOUNT }] } })));
    assert.deepEqual([denied.name, denied.status], ['UnauthorizedOperation', 403]);
  });

  it('refuses public for encrypted volumes, product codes, and while block public access is on', async () => {
    const encrypted = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{}, { encrypted: true }] });
    const e1 = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: encrypted.imageId, LaunchPermission: { Add: [{ Group: 'all' }] } })));
    assert.deepEqual([e1.name, e1.status], ['UnsupportedOperation', 400]);
    assert.match(e1.message, /Encrypted snapshots can't be shared publicly/);
    await owner.send(new ModifyImageAttributeCommand({ ImageId: encrypted.imageId, LaunchPermission: { Add: [{ UserId: OTHER_ACCOUNT }] } }));

    const coded = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, productCodes: ['abcdefghijklmnopqrstuvwxy'] });
    const e2 = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: coded.imageId, LaunchPermission: { Add: [{ Group: 'all' }] } })));
    assert.equal(e2.name, 'UnsupportedOperation');
    assert.match(e2.message, /product code/);

    const plain = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    emu.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'block-new-sharing' });
    try {
      const e3 = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: plain.imageId, LaunchPermission: { Add: [{ Group: 'all' }] } })));
      assert.deepEqual([e3.name, e3.status], ['OperationNotPermitted', 400]);
      assert.match(e3.message, /block public access for AMIs is enabled/);
      await owner.send(new ModifyImageAttributeCommand({ ImageId: plain.imageId, LaunchPermission: { Add: [{ UserId: OTHER_ACCOUNT }] } }));
    } finally {
      emu.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'unblocked' });
    }
    await owner.send(new ModifyImageAttributeCommand({ ImageId: plain.imageId, LaunchPermission: { Add: [{ Group: 'all' }] } }));
    assert.equal(emu.store.getImage(REGION, plain.imageId)?.launchPermissions.some((p) => p.group === 'all'), true);

    const awsKey = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{ encrypted: true, kmsKeyManager: 'aws' }] });
    const e4 = await errorOf(owner.send(new ModifyImageAttributeCommand({ ImageId: awsKey.imageId, LaunchPermission: { Add: [{ UserId: OTHER_ACCOUNT }] } })));
    assert.deepEqual([e4.name, e4.status], ['InvalidParameter', 400]);
    assert.match(e4.message, /AWS Managed CMK can't be shared/);
  });

  it('ResetImageAttribute clears every launch permission, public included', async () => {
    const { imageId } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }, { group: 'all' }, { organizationArn: ORGANIZATION_ARN }] });
    assert.equal((await errorOf(other.send(new ResetImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' })))).name, 'AuthFailure');
    assert.equal((await errorOf(owner.send(new ResetImageAttributeCommand({ ImageId: imageId, Attribute: 'kernel' as 'launchPermission' })))).name, 'InvalidParameterValue');
    await owner.send(new ResetImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
    assert.deepEqual(await permissions(imageId), []);
    assert.ok(!(await sharedWithMe(other)).includes(imageId));
  });

  it('snapshots: createVolumePermission add and remove (one operation type per call), visible to the other account', async () => {
    const { snapshotIds } = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT });
    const snap = snapshotIds[0] as string;
    const read = async (): Promise<unknown[]> => (await owner.send(new DescribeSnapshotAttributeCommand({ SnapshotId: snap, Attribute: 'createVolumePermission' }))).CreateVolumePermissions ?? [];
    assert.deepEqual(await read(), []);
    assert.equal((await errorOf(other.send(new DescribeSnapshotsCommand({ SnapshotIds: [snap] })))).name, 'InvalidSnapshot.NotFound');
    await owner.send(new ModifySnapshotAttributeCommand({ SnapshotId: snap, Attribute: 'createVolumePermission', CreateVolumePermission: { Add: [{ UserId: OTHER_ACCOUNT }] } }));
    assert.equal(emu.requests.at(-1)?.params['CreateVolumePermission.Add.1.UserId'], OTHER_ACCOUNT);
    assert.deepEqual(await read(), [{ UserId: OTHER_ACCOUNT }]);
    assert.equal((await other.send(new DescribeSnapshotsCommand({ SnapshotIds: [snap] }))).Snapshots?.length, 1);
    await owner.send(new ModifySnapshotAttributeCommand({ SnapshotId: snap, OperationType: 'add', UserIds: [THIRD_ACCOUNT] }));
    assert.deepEqual(await read(), [{ UserId: OTHER_ACCOUNT }, { UserId: THIRD_ACCOUNT }]);
    const both = await errorOf(owner.send(new ModifySnapshotAttributeCommand({ SnapshotId: snap, CreateVolumePermission: { Add: [{ UserId: THIRD_ACCOUNT }], Remove: [{ UserId: OTHER_ACCOUNT }] } })));
    assert.equal(both.name, 'InvalidParameterCombination');
    await owner.send(new ModifySnapshotAttributeCommand({ SnapshotId: snap, CreateVolumePermission: { Remove: [{ UserId: OTHER_ACCOUNT }, { UserId: THIRD_ACCOUNT }] } }));
    assert.deepEqual(await read(), []);
    assert.equal((await errorOf(other.send(new DescribeSnapshotsCommand({ SnapshotIds: [snap] })))).name, 'InvalidSnapshot.NotFound');
  });

  it('snapshots: refuses other owners, unknown accounts, public encrypted snapshots and AWS-managed-key snapshots', async () => {
    const enc = addShareableImage(emu.store, REGION, { ownerId: DEFAULT_ACCOUNT, volumes: [{ encrypted: true }, { encrypted: true, kmsKeyManager: 'aws' }], launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    const [customer, managed] = enc.snapshotIds as [string, string];
    emu.store.addCreateVolumePermission(REGION, customer, { userId: OTHER_ACCOUNT });
    assert.equal((await errorOf(other.send(new DescribeSnapshotAttributeCommand({ SnapshotId: customer, Attribute: 'createVolumePermission' })))).name, 'AuthFailure');
    assert.equal((await errorOf(other.send(new ModifySnapshotAttributeCommand({ SnapshotId: customer, CreateVolumePermission: { Add: [{ UserId: THIRD_ACCOUNT }] } })))).name, 'AuthFailure');
    assert.equal((await errorOf(owner.send(new ModifySnapshotAttributeCommand({ SnapshotId: customer, CreateVolumePermission: { Add: [{ UserId: '999999999999' }] } })))).name, 'InvalidParameterValue');
    assert.equal((await errorOf(owner.send(new ModifySnapshotAttributeCommand({ SnapshotId: customer, CreateVolumePermission: { Add: [{ Group: 'all' }] } })))).name, 'UnsupportedOperation');
    const m = await errorOf(owner.send(new ModifySnapshotAttributeCommand({ SnapshotId: managed, CreateVolumePermission: { Add: [{ UserId: OTHER_ACCOUNT }] } })));
    assert.equal(m.name, 'InvalidParameter');
    const org = await rawPost(emu.url, { Action: 'ModifySnapshotAttribute', SnapshotId: customer, 'CreateVolumePermission.Add.1.OrganizationArn': ORGANIZATION_ARN });
    assert.equal(org.status, 400);
    assert.deepEqual(emu.store.getSnapshot(REGION, customer)?.createVolumePermissions, [{ userId: OTHER_ACCOUNT }], 'unchanged');
  });

  it('block public access for AMIs: per account and region, enable/disable, and locked by a declarative policy', async () => {
    const get = async (c: EC2Client): Promise<[string | undefined, string | undefined]> => {
      const s = await c.send(new GetImageBlockPublicAccessStateCommand({}));
      return [s.ImageBlockPublicAccessState, s.ManagedBy];
    };
    assert.deepEqual(await get(owner), ['unblocked', 'account']);
    const on = await owner.send(new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing' }));
    assert.equal(on.ImageBlockPublicAccessState, 'block-new-sharing');
    assert.deepEqual(await get(owner), ['block-new-sharing', 'account']);
    assert.deepEqual(await get(other), ['unblocked', 'account'], 'another account');
    assert.deepEqual(await get(client(emu.url, { region: 'eu-west-1' })), ['unblocked', 'account'], 'another region');
    assert.equal((await errorOf(owner.send(new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'unblocked' as 'block-new-sharing' })))).name, 'InvalidParameterValue');
    const off = await owner.send(new DisableImageBlockPublicAccessCommand({}));
    assert.equal(off.ImageBlockPublicAccessState, 'unblocked');

    emu.store.setImageBlockPublicAccess(OTHER_ACCOUNT, REGION, { state: 'block-new-sharing', managedBy: 'declarative-policy' });
    assert.deepEqual(await get(other), ['block-new-sharing', 'declarative-policy']);
    const locked = await errorOf(other.send(new DisableImageBlockPublicAccessCommand({})));
    assert.equal(locked.name, 'OperationNotPermitted');
    assert.match(locked.message, /declarative policy/);
    assert.deepEqual(await get(other), ['block-new-sharing', 'declarative-policy']);
  });

  it('CancelImageLaunchPermission: the recipient removes itself; org/OU shares and public images answer InvalidAMIID.NotFound', async () => {
    const direct = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }, { userId: DEFAULT_ACCOUNT }] });
    assert.ok((await sharedWithMe(other)).includes(direct.imageId));
    await other.send(new CancelImageLaunchPermissionCommand({ ImageId: direct.imageId }));
    assert.ok(!(await sharedWithMe(other)).includes(direct.imageId), 'gone from the recipient');
    assert.deepEqual(emu.store.getImage(REGION, direct.imageId)?.launchPermissions, [{ userId: DEFAULT_ACCOUNT }], 'only the caller was removed');
    assert.equal((await errorOf(other.send(new CancelImageLaunchPermissionCommand({ ImageId: direct.imageId })))).name, 'InvalidAMIID.NotFound', 'not shared any more');

    const viaOrg = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ organizationArn: ORGANIZATION_ARN }] });
    const e1 = await errorOf(other.send(new CancelImageLaunchPermissionCommand({ ImageId: viaOrg.imageId })));
    assert.deepEqual([e1.name, e1.status], ['InvalidAMIID.NotFound', 400]);
    assert.ok((await sharedWithMe(other)).includes(viaOrg.imageId), 'still shared through the organization');

    const pub = addShareableImage(emu.store, REGION, { ownerId: THIRD_ACCOUNT, launchPermissions: [{ group: 'all' }] });
    assert.equal((await errorOf(other.send(new CancelImageLaunchPermissionCommand({ ImageId: pub.imageId })))).name, 'InvalidAMIID.NotFound');
    assert.equal((await errorOf(third.send(new CancelImageLaunchPermissionCommand({ ImageId: pub.imageId })))).name, 'InvalidAMIID.NotFound', 'the owner');
  });
});
