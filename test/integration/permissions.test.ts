/**
 * The quick sharing commands inside a real VS Code, against the EC2 emulator: Share with Account…,
 * Stop Sharing…, Make Public…, Make Private and the recipient's Remove from My Account. Prompts are
 * answered by a script (support/prompts.ts); afterwards the emulator's state and request log tell
 * what was sent, and the other account's view tells who sees the image.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT, ORGANIZATION_ARN, OTHER_ACCOUNT } from '../emulator/accounts';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { EmuImage, EmuLaunchPermission, EmuSnapshot } from '../emulator/types';
import type { AmiExplorerApi } from '../../src/extension';
import type { AmiRef } from '../../src/model/image';
import { emulator } from './support/emulator';
import { pickLabels, scriptPrompts, type PromptScript, type ScriptedPrompts } from './support/prompts';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, settle, type Shown } from './treeSupport';
import { errorShown, menuWhen, viewItemRegex } from './support/commands';

const REGION = 'us-east-1';
const UNKNOWN_ACCOUNT = '999988887777';

let counter = 0;
/** Ids of throw-away records, so the other suites keep the seeded ones. */
function nextIds(): { imageId: string; snap: (i: number) => string } {
  counter++;
  const n = (Date.now() % 0xffffff).toString(16).padStart(6, '0') + counter.toString(16).padStart(3, '0');
  return { imageId: `ami-0ec8${n.padStart(13, '0')}`, snap: (i) => `snap-0ec8${i.toString(16)}${n.padStart(12, '0')}` };
}

interface ImageSpec {
  name: string;
  ownerId?: string;
  snapshots?: { encrypted?: boolean; kmsKeyId?: string; stored?: boolean; createVolumePermissions?: EmuLaunchPermission[] }[];
  launchPermissions?: EmuLaunchPermission[];
  productCodes?: EmuImage['productCodes'];
}

/** Stores an image (and its snapshots) in the emulator; returns its reference for the default profile. */
async function addImage(spec: ImageSpec): Promise<{ ref: AmiRef; snapshotIds: string[] }> {
  const template = (await emulator.store.images(REGION)).find((i) => i.name === FIXTURE_NAMES.kitchenSink);
  const snapshotTemplate = (await emulator.store.snapshots(REGION)).find((s) => s.ownerId === DEFAULT_ACCOUNT);
  assert.ok(template && snapshotTemplate);
  const ids = nextIds();
  const ownerId = spec.ownerId ?? DEFAULT_ACCOUNT;
  const snapshots = (spec.snapshots ?? [{}]).map((s, i) => ({ ...s, snapshotId: ids.snap(i) }));
  for (const s of snapshots) {
    if (s.stored === false) continue;
    const snapshot: EmuSnapshot = {
      ...snapshotTemplate,
      snapshotId: s.snapshotId,
      ownerId,
      encrypted: s.encrypted ?? false,
      tags: [],
      createVolumePermissions: s.createVolumePermissions ?? [],
    };
    if (s.kmsKeyId) snapshot.kmsKeyId = s.kmsKeyId;
    else delete snapshot.kmsKeyId;
    delete snapshot.kmsKeyManager;
    await emulator.store.addSnapshot(snapshot);
  }
  const image: EmuImage = {
    ...template,
    imageId: ids.imageId,
    ownerId,
    name: spec.name,
    state: 'available',
    tags: [],
    productCodes: spec.productCodes ?? [],
    launchPermissions: spec.launchPermissions ?? [],
    blockDeviceMappings: snapshots.map((s, i) => ({
      deviceName: i === 0 ? '/dev/xvda' : `/dev/xvd${String.fromCharCode(98 + i)}`,
      ebs: { snapshotId: s.snapshotId, volumeSize: 8, volumeType: 'gp3', deleteOnTermination: true, encrypted: s.encrypted ?? false, ...(s.kmsKeyId ? { kmsKeyId: s.kmsKeyId } : {}) },
    })),
  };
  delete image.deprecationTime;
  await emulator.store.addImage(image);
  return { ref: { region: REGION, imageId: ids.imageId }, snapshotIds: snapshots.map((s) => s.snapshotId) };
}

async function storedImage(imageId: string): Promise<EmuImage> {
  const image = await emulator.store.getImage(REGION, imageId);
  assert.ok(image, `${imageId} is in the emulator`);
  return image;
}

async function writesSent(): Promise<string[]> {
  const writes = new Set(['ModifyImageAttribute', 'ModifySnapshotAttribute', 'ResetImageAttribute', 'CancelImageLaunchPermission']);
  return (await emulator.requests()).filter((r) => writes.has(r.action)).map((r) => r.action);
}

/** Runs a command with scripted prompts; the prompts are restored whatever happens. */
async function run(command: string, arg: unknown, script: PromptScript): Promise<{ ui: ScriptedPrompts; result: unknown }> {
  const ui = scriptPrompts(script);
  try {
    const result = await vscode.commands.executeCommand(command, arg);
    return { ui, result };
  } finally {
    ui.restore();
  }
}

async function nodeOf(api: AmiExplorerApi, imageId: string): Promise<Shown | undefined> {
  const root = await rootNamed(api, REGION);
  return (await childrenOf(api, root.node)).filter(isImage).find((s) => imageOf(s).imageId === imageId);
}

describe('Sharing commands', function () {
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
  });

  afterEach(async () => {
    await emulator.faults.reset();
    await emulator.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'unblocked', managedBy: 'account' });
  });

  after(async () => {
    await clearSettings();
  });

  describe('Share with Account…', () => {
    it('from an owned tree node: shares the image and its snapshots with the account after the confirmation, and says what changed per snapshot', async () => {
      const { ref, snapshotIds } = await addImage({ name: 'share-me-web', snapshots: [{}, {}] });
      await vscode.commands.executeCommand('amiExplorer.region.refresh', (await rootNamed(api, REGION)).node);
      const node = await eventually(async () => {
        const shown = await nodeOf(api, ref.imageId);
        assert.ok(shown);
        return shown;
      }, 'the node');
      assert.match(node.contextValue, viewItemRegex(menuWhen('amiExplorer.ami.shareWithAccount')), 'the owned node offers it');
      assert.doesNotMatch(node.contextValue, viewItemRegex(menuWhen('amiExplorer.ami.removeFromMyAccount')), 'but not the recipient removal');

      await emulator.clearRequests();
      const { ui, result } = await run('amiExplorer.ami.shareWithAccount', node.node, { input: [` ${OTHER_ACCOUNT}\n`], modal: ['Share Image and Snapshots'] });

      assert.equal(ui.inputBoxes[0]?.validation, undefined, 'the entry is valid');
      const modal = ui.modals[0];
      assert.ok(modal);
      assert.match(modal.text, new RegExp(`"share-me-web" \\(${ref.imageId}\\)`));
      assert.match(modal.detail ?? '', new RegExp(`in ${REGION}, account ${DEFAULT_ACCOUNT}`));
      assert.match(modal.detail ?? '', new RegExp(snapshotIds.join(', ')));
      assert.deepEqual(modal.buttons, ['Share Image and Snapshots', 'Share Image Only']);

      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ userId: OTHER_ACCOUNT }]);
      for (const id of snapshotIds) {
        assert.deepEqual((await emulator.store.getSnapshot(REGION, id))?.createVolumePermissions, [{ userId: OTHER_ACCOUNT }], id);
      }
      assert.deepEqual(await writesSent(), ['ModifyImageAttribute', 'ModifySnapshotAttribute', 'ModifySnapshotAttribute']);
      const info = await ui.message(/^Shared /);
      assert.equal(info.level, 'info');
      assert.equal(result, info.text);
      assert.match(info.text, new RegExp(`Shared ${ref.imageId} with account ${OTHER_ACCOUNT}\\.`));
      for (const id of snapshotIds) assert.match(info.text, new RegExp(`${id}: shared with ${OTHER_ACCOUNT}`));
    });

    it('refuses a list with bad entries, naming each with its reason, and sends nothing', async () => {
      const { ref } = await addImage({ name: 'share-me-bad-input' });
      await emulator.clearRequests();
      const text = `12345, ${DEFAULT_ACCOUNT}; arn:aws:organizations::210987654321:organization/o-BAD\n${OTHER_ACCOUNT}`;
      const { ui } = await run('amiExplorer.ami.shareWithAccount', ref, { input: [text] });

      const validation = ui.inputBoxes[0]?.validation ?? '';
      assert.match(validation, /^3 entries are not valid/);
      assert.match(validation, /12345 \(an account id has exactly 12 digits \(this has 5\)\)/);
      assert.match(validation, new RegExp(`${DEFAULT_ACCOUNT} \\(this is the owner’s own account`));
      assert.match(validation, /o-BAD \(the organization id must be/);
      const error = await errorShown(ui);
      assert.match(error, /^Share with Account failed: 3 entries are not valid: /);
      assert.match(error, /Nothing was sent\./);
      assert.equal(ui.modals.length, 0, 'no confirmation');
      assert.deepEqual(await writesSent(), []);
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, []);
    });

    it('an unknown account: EC2 refuses it, and the message says so and that nothing changed', async () => {
      const { ref } = await addImage({ name: 'share-me-unknown' });
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.shareWithAccount', ref, { input: [UNKNOWN_ACCOUNT], modal: ['Share Image Only'] });
      const error = await errorShown(ui);
      assert.match(error, new RegExp(`EC2 refused the account id ${UNKNOWN_ACCOUNT}: .*no AWS account ${UNKNOWN_ACCOUNT} exists\\. Nothing was changed\\.`));
      assert.deepEqual(await writesSent(), ['ModifyImageAttribute']);
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, []);
    });

    it('UnauthorizedOperation names the missing IAM action and says nothing changed', async () => {
      const { ref } = await addImage({ name: 'share-me-denied' });
      await emulator.faults.denyAction('ModifyImageAttribute');
      const { ui } = await run('amiExplorer.ami.shareWithAccount', ref, { input: [OTHER_ACCOUNT], modal: ['Share Image Only'] });
      const error = await errorShown(ui);
      assert.match(error, /the IAM action ec2:ModifyImageAttribute is missing/);
      assert.match(error, /Nothing was changed\./);
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, []);
    });

    it('a snapshot that cannot be shared: the image and the other snapshot are shared, and the message says exactly which did not change', async () => {
      const { ref, snapshotIds } = await addImage({ name: 'share-me-partial', snapshots: [{}, { stored: false }] });
      const [good, missing] = snapshotIds as [string, string];
      const { ui } = await run('amiExplorer.ami.shareWithAccount', ref, { input: [OTHER_ACCOUNT], modal: ['Share Image and Snapshots'] });
      const warning = await ui.message(/not every snapshot/);
      assert.equal(warning.level, 'warning');
      assert.match(warning.text, new RegExp(`^Shared ${ref.imageId} with account ${OTHER_ACCOUNT}\\. The launch permissions of ${ref.imageId} were updated, but not every snapshot was\\.`));
      assert.match(warning.text, new RegExp(`Updated: ${good}\\.`));
      assert.match(warning.text, new RegExp(`Snapshot ${missing}: not changed; adding ${OTHER_ACCOUNT} failed \\(.*${missing}`));
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ userId: OTHER_ACCOUNT }]);
      assert.deepEqual((await emulator.store.getSnapshot(REGION, good))?.createVolumePermissions, [{ userId: OTHER_ACCOUNT }]);
    });
  });

  describe('Stop Sharing…', () => {
    it('removes the picked entries and, when asked, the accounts from the snapshots; the rest stays', async () => {
      const { ref, snapshotIds } = await addImage({
        name: 'stop-sharing-me',
        launchPermissions: [{ userId: OTHER_ACCOUNT }, { organizationArn: ORGANIZATION_ARN }],
        snapshots: [{ createVolumePermissions: [{ userId: OTHER_ACCOUNT }] }],
      });
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.stopSharing', ref, { quickPick: [pickLabels(new RegExp(`^${OTHER_ACCOUNT}$`)), pickLabels(/snapshots too/)] });
      assert.deepEqual(
        ui.quickPicks[0]?.items.map((i) => i.label),
        [OTHER_ACCOUNT, ORGANIZATION_ARN],
        'offers the current entries',
      );
      assert.equal(ui.quickPicks[0]?.options?.canPickMany, true);
      const info = await ui.message(/no longer shared/);
      assert.match(info.text, new RegExp(`${ref.imageId} is no longer shared with account ${OTHER_ACCOUNT}\\. Snapshots: ${snapshotIds[0]}: no longer shared with ${OTHER_ACCOUNT}\\.`));
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ organizationArn: ORGANIZATION_ARN }]);
      assert.deepEqual((await emulator.store.getSnapshot(REGION, snapshotIds[0] ?? ''))?.createVolumePermissions, []);
      assert.deepEqual(await writesSent(), ['ModifyImageAttribute', 'ModifySnapshotAttribute']);
    });
  });

  describe('Make Public… and Make Private', () => {
    it('a cancelled confirmation sends nothing; the confirmation names the AMI, its region and account', async () => {
      const { ref } = await addImage({ name: 'public-maybe' });
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.makePublic', ref, { modal: [undefined] });
      const modal = ui.modals[0];
      assert.ok(modal, 'a modal confirmation');
      assert.equal(modal.text, `Make "public-maybe" (${ref.imageId}) public?`);
      assert.match(modal.detail ?? '', new RegExp(`in ${REGION}, account ${DEFAULT_ACCOUNT} will be public`));
      assert.deepEqual(modal.buttons, ['Make Public']);
      const actions = (await emulator.requests()).map((r) => r.action);
      assert.equal(actions[0], 'GetImageBlockPublicAccessState', 'block public access is read first');
      assert.deepEqual(await writesSent(), []);
      assert.equal((await storedImage(ref.imageId)).launchPermissions.length, 0);
    });

    it('confirmed: the image is public; Make Private takes it back and keeps the account shares', async () => {
      const { ref } = await addImage({ name: 'public-yes', launchPermissions: [{ userId: OTHER_ACCOUNT }] });
      const made = await run('amiExplorer.ami.makePublic', ref, { modal: ['Make Public'] });
      assert.match((await made.ui.message(/is now public/)).text, new RegExp(`^${ref.imageId} is now public\\.$`));
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ userId: OTHER_ACCOUNT }, { group: 'all' }]);

      await emulator.clearRequests();
      const priv = await run('amiExplorer.ami.makePrivate', ref, {});
      assert.match((await priv.ui.message(/no longer public/)).text, new RegExp(`^${ref.imageId} is no longer public; it stays shared with account ${OTHER_ACCOUNT}\\.$`));
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ userId: OTHER_ACCOUNT }]);
      const modify = (await emulator.requests()).filter((r) => r.action === 'ModifyImageAttribute');
      assert.equal(modify.length, 1);
      assert.equal(modify[0]?.params['LaunchPermission.Remove.1.Group'], 'all');
      assert.equal(modify[0]?.params['LaunchPermission.Add.1.Group'], undefined);
    });

    it('blocked by block public access: says so and how it is lifted, asks nothing and sends nothing', async () => {
      const { ref } = await addImage({ name: 'public-blocked' });
      await emulator.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'block-new-sharing', managedBy: 'account' });
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.makePublic', ref, {});
      const warning = await ui.message(/cannot be made public/);
      assert.equal(warning.level, 'warning');
      assert.match(warning.text, new RegExp(`Public sharing of AMIs is blocked in ${REGION}`));
      assert.match(warning.text, new RegExp(`aws ec2 disable-image-block-public-access --region ${REGION}`));
      assert.equal(ui.modals.length, 0);
      assert.deepEqual(await writesSent(), []);

      await emulator.store.setImageBlockPublicAccess(DEFAULT_ACCOUNT, REGION, { state: 'block-new-sharing', managedBy: 'declarative-policy' });
      const again = await run('amiExplorer.ami.makePublic', ref, {});
      assert.match((await again.ui.message(/cannot be made public/)).text, /declarative policy of your organization: it cannot be lifted from this account/);
      assert.deepEqual(await writesSent(), []);
      assert.equal((await storedImage(ref.imageId)).launchPermissions.length, 0);
    });

    it('refuses an image with encrypted volumes, with the reason, and sends nothing', async () => {
      const key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      const { ref, snapshotIds } = await addImage({ name: 'public-encrypted', snapshots: [{ encrypted: true, kmsKeyId: key }] });
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.makePublic', ref, {});
      const warning = await ui.message(/cannot be made public/);
      assert.match(warning.text, new RegExp(`has encrypted volumes \\(/dev/xvda / ${snapshotIds[0]}\\); EC2 does not allow images with encrypted volumes to be public`));
      assert.equal(ui.modals.length, 0);
      assert.deepEqual(await writesSent(), []);
    });
  });

  describe('Remove from My Account (the recipient)', () => {
    afterEach(async () => {
      await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
    });

    it('the other account sees an image once shared with it, removes it from its account, and no longer sees it', async () => {
      const { ref } = await addImage({ name: 'shared-then-removed' });
      await run('amiExplorer.ami.shareWithAccount', ref, { input: [OTHER_ACCOUNT], modal: ['Share Image Only'] });
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ userId: OTHER_ACCOUNT }]);

      // The recipient: profile "other", images shared with me.
      await settle(api, { ...BASE_SETTINGS, profiles: ['other'], regions: [REGION], 'images.owners': ['shared-with-me'] }, [REGION]);
      const shared = await eventually(async () => {
        const node = await nodeOf(api, ref.imageId);
        assert.ok(node, 'the other account sees the image');
        return node;
      }, 'the shared image in the other account');
      assert.match(shared.contextValue, viewItemRegex(menuWhen('amiExplorer.ami.removeFromMyAccount')));
      assert.doesNotMatch(shared.contextValue, viewItemRegex(menuWhen('amiExplorer.ami.shareWithAccount')), 'no owner actions');

      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.removeFromMyAccount', shared.node, { modal: ['Remove'] });
      const modal = ui.modals[0];
      assert.ok(modal);
      assert.equal(modal.text, `Remove "shared-then-removed" (${ref.imageId}) from account ${OTHER_ACCOUNT}?`);
      assert.match(modal.detail ?? '', new RegExp(`owned by account ${DEFAULT_ACCOUNT}`));
      assert.match((await ui.message(/^Removed /)).text, new RegExp(`from account ${OTHER_ACCOUNT}: it is no longer shared with it\\.`));
      assert.deepEqual(await writesSent(), ['CancelImageLaunchPermission']);
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, []);
      await eventually(async () => assert.equal(await nodeOf(api, ref.imageId), undefined, 'the node is gone'), 'the node removed');
      const relisted = (await emulator.requests()).filter((r) => r.action === 'DescribeImages' && r.params['ImageId.1'] === undefined);
      assert.equal(relisted.length, 0, 'the tree dropped it without listing the region again');
    });

    it('a share through the organization: explains why it cannot be removed instead of the raw error, and nothing changes', async () => {
      const { ref } = await addImage({ name: 'org-shared', ownerId: OTHER_ACCOUNT, launchPermissions: [{ organizationArn: ORGANIZATION_ARN }] });
      const { ui } = await run('amiExplorer.ami.removeFromMyAccount', ref, { modal: ['Remove'] });
      const error = await errorShown(ui);
      assert.match(error, new RegExp(`^Remove from My Account failed: ${ref.imageId} was not removed\\. `));
      assert.match(error, /shared through your organization or OU, or a public image, cannot be removed from your account/);
      assert.doesNotMatch(error, /InvalidAMIID/);
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ organizationArn: ORGANIZATION_ARN }]);
    });

    it('a cancelled confirmation sends nothing', async () => {
      const { ref } = await addImage({ name: 'keep-me', ownerId: OTHER_ACCOUNT, launchPermissions: [{ userId: DEFAULT_ACCOUNT }] });
      await emulator.clearRequests();
      const { ui } = await run('amiExplorer.ami.removeFromMyAccount', ref, { modal: [undefined] });
      assert.equal(ui.modals.length, 1);
      assert.deepEqual(await writesSent(), []);
      assert.deepEqual((await storedImage(ref.imageId)).launchPermissions, [{ userId: DEFAULT_ACCOUNT }]);
    });
  });
});
