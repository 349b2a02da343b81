/** The words of the sharing commands: confirmations name the AMI, region and account; results say what changed and what did not. */
import * as assert from 'node:assert/strict';
import { encryptionWarnings, type PermissionEntry } from '../../../src/model/launchPermissions';
import {
  confirmPublicText,
  confirmRemoveFromAccountText,
  confirmShareText,
  describePermissionsResult,
  entriesText,
  imageTitle,
  notOwnerText,
} from '../../../src/model/sharingText';

const ORG = 'arn:aws:organizations::210987654321:organization/o-a1b2c3d4e5';
const account = (value: string): PermissionEntry => ({ kind: 'account', value });

describe('model/sharingText', () => {
  it('names an image by its name (one visible line, cut) and id', () => {
    assert.equal(imageTitle({ imageId: 'ami-1', name: 'web' }), '"web" (ami-1)');
    assert.equal(imageTitle({ imageId: 'ami-1' }), 'ami-1');
    assert.equal(imageTitle({ imageId: 'ami-1', name: 'a\nb\u202Ec' }), '"a b\\u202Ec" (ami-1)');
    assert.ok(imageTitle({ imageId: 'ami-1', name: 'x'.repeat(500) }).length < 100);
  });

  it('lists entries by kind', () => {
    assert.equal(entriesText([account('111122223333')]), 'account 111122223333');
    assert.equal(entriesText([account('111122223333'), account('444455556666'), { kind: 'organization', value: ORG }]), `account 111122223333, account 444455556666 and organization ${ORG}`);
  });

  it('the public confirmation names the AMI, its region and account, and carries the key warnings', () => {
    const warnings = encryptionWarnings({ imageId: 'ami-1', productCodes: [], volumes: [{ deviceName: '/dev/xvda', snapshotId: 'snap-1', encrypted: true, kmsKeyId: 'alias/aws/ebs' }] });
    const text = confirmPublicText({ imageId: 'ami-1', name: 'web' }, 'eu-west-1', '123456789012', warnings.map((w) => w.message));
    assert.equal(text.message, 'Make "web" (ami-1) public?');
    assert.match(text.detail, /^"web" \(ami-1\) in eu-west-1, account 123456789012 will be public/);
    assert.match(text.detail, /AWS managed key/);
    assert.match(confirmPublicText({ imageId: 'ami-1' }, 'eu-west-1', undefined).detail, /^ami-1 in eu-west-1 will be public/);
  });

  it('the share confirmation explains the snapshot choice for accounts, and that organizations cannot reach snapshots', () => {
    const withSnapshots = confirmShareText({ imageId: 'ami-1', name: 'web' }, 'us-east-1', '123456789012', [account('210987654321')], ['snap-a', 'snap-b']);
    assert.equal(withSnapshots.message, 'Share "web" (ami-1) with 1 recipient?');
    assert.match(withSnapshots.detail, /create volumes from 2 snapshots \(snap-a, snap-b\)/);
    const orgOnly = confirmShareText({ imageId: 'ami-1' }, 'us-east-1', '123456789012', [{ kind: 'organization', value: ORG }], []);
    assert.doesNotMatch(orgOnly.detail, /create volumes/);
    assert.match(orgOnly.detail, /Organization and OU shares cannot extend to snapshots/);
  });

  it('the recipient confirmation names both accounts', () => {
    const text = confirmRemoveFromAccountText({ imageId: 'ami-1', name: 'web', ownerId: '210987654321' }, 'us-east-1', '123456789012');
    assert.equal(text.message, 'Remove "web" (ami-1) from account 123456789012?');
    assert.match(text.detail, /owned by account 210987654321/);
  });

  it('results say what changed per snapshot, and warn when a snapshot failed or the change is not visible yet', () => {
    const ok = describePermissionsResult({
      imageId: 'ami-1',
      action: 'share',
      entries: [account('210987654321')],
      snapshots: [{ snapshotId: 'snap-a', added: ['210987654321'], removed: [], failed: [] }],
    });
    assert.deepEqual(ok, { level: 'info', text: 'Shared ami-1 with account 210987654321. Snapshots: snap-a: shared with 210987654321.' });
    const partial = describePermissionsResult({
      imageId: 'ami-1',
      action: 'share',
      entries: [account('210987654321')],
      snapshots: [{ snapshotId: 'snap-b', added: [], removed: [], failed: [{ operation: 'add', accountIds: ['210987654321'], reason: 'denied' }] }],
      partialFailure: 'The launch permissions of ami-1 were updated, but not every snapshot was.',
    });
    assert.equal(partial.level, 'warning');
    assert.equal(partial.text, 'Shared ami-1 with account 210987654321. The launch permissions of ami-1 were updated, but not every snapshot was.');
    const stale = describePermissionsResult({ imageId: 'ami-1', action: 'makePublic', snapshots: [], notYetVisible: 'AWS accepted the change.' });
    assert.deepEqual(stale, { level: 'warning', text: 'ami-1 is now public. Not yet visible: AWS accepted the change.' });
    assert.equal(describePermissionsResult({ imageId: 'ami-1', action: 'makePrivate', snapshots: [] }).text, 'ami-1 is no longer public.');
    const org = describePermissionsResult({
      imageId: 'ami-1',
      action: 'share',
      entries: [{ kind: 'organization', value: ORG }],
      snapshots: [],
      notMirrored: ['Organization and OU shares cannot extend to snapshots.', 'Public access is never mirrored to the snapshots.'],
    });
    assert.equal(org.text, `Shared ami-1 with organization ${ORG}. Organization and OU shares cannot extend to snapshots.`);
  });

  it('says who owns an image a command needs the owner for', () => {
    assert.equal(notOwnerText('ami-1', '210987654321', '123456789012', 'Make Public'), "Make Public needs the image's owner: ami-1 is owned by account 210987654321, not by this profile's account 123456789012.");
  });
});
