/**
 * What the launch-permissions panel builds (src/model/permissionsEditor.ts): the model from EC2's
 * answers, the pending change of an edit (diff and snapshot plan) the page shows before Apply, the
 * host's check of an Apply request, the confirmation text and the outcome text.
 */
import * as assert from 'node:assert/strict';
import type { LaunchPermissionState } from '../../../src/model/launchPermissions';
import {
  NO_EDIT,
  buildPermissionsModel,
  canMakePublic,
  checkApply,
  describeOutcome,
  desiredState,
  pendingChange,
  permissionsPanelTitle,
  publicConfirmation,
  type PermissionsModel,
} from '../../../src/model/permissionsEditor';
import { richImage } from '../model/inspectFixtures';

const OWNER = '123456789012';
const A = '210987654321';
const B = '345678901234';
const ORG = 'arn:aws:organizations::210987654321:organization/o-a1b2c3d4e5';
const OU = 'arn:aws:organizations::210987654321:ou/o-a1b2c3d4e5/ou-a1b2-f6g7h8i9';

const state = (s: Partial<LaunchPermissionState> = {}): LaunchPermissionState => ({ public: false, accounts: [], orgArns: [], ouArns: [], ...s });

function model(overrides: { state?: LaunchPermissionState; encrypted?: boolean; productCodes?: boolean; blocked?: 'account' | 'declarative-policy'; bpaError?: boolean; snapshotError?: boolean } = {}): PermissionsModel {
  const base = richImage();
  const image = {
    ...base,
    name: 'web <b>server</b>',
    productCodes: overrides.productCodes ? [{ productCodeId: 'abc123', productCodeType: 'marketplace' }] : [],
    blockDeviceMappings: overrides.encrypted ? (base.blockDeviceMappings ?? []) : (base.blockDeviceMappings ?? []).filter((m) => m.ebs?.encrypted !== true),
  };
  const snapshotIds = [...new Set((image.blockDeviceMappings ?? []).flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : [])))];
  return buildPermissionsModel({
    ref: { region: image.region, imageId: image.imageId, profile: 'dev' },
    image,
    permissions: overrides.state ?? state({ accounts: [B] }),
    snapshots: snapshotIds.map((snapshotId, i) => ({
      snapshotId,
      result: overrides.snapshotError && i === 0 ? { ok: false, error: { kind: 'accessDenied', message: 'not allowed' } } : { ok: true, value: { snapshotId, public: false, accounts: [B] } },
    })),
    blockPublicAccess: overrides.bpaError
      ? { ok: false, error: { kind: 'accessDenied', code: 'UnauthorizedOperation', message: 'denied' } }
      : { ok: true, value: { state: overrides.blocked ? 'block-new-sharing' : 'unblocked', managedBy: overrides.blocked ?? 'account' } },
    fetchedAt: '2026-01-01T00:00:00.000Z',
  });
}

describe('webviews/permissions: the editor model', () => {
  describe('buildPermissionsModel', () => {
    it('lists each snapshot with its devices and createVolumePermission, or why it could not be read', () => {
      const m = model({ encrypted: true, snapshotError: true });
      assert.deepEqual(
        m.snapshots.map((s) => [s.snapshotId, s.devices, s.encrypted, s.status, s.accounts]),
        [
          ['snap-0000000000000000a', ['/dev/xvda'], false, 'error', []],
          ['snap-0000000000000000b', ['/dev/sdb'], true, 'ok', [B]],
        ],
      );
      assert.match(m.snapshots[0]?.error ?? '', /not allowed/);
      assert.equal(m.snapshots[1]?.kmsKeyId, 'arn:aws:kms:eu-west-1:123456789012:key/abcd');
    });

    it('refuses public sharing for encrypted volumes and product codes, and warns about the KMS key', () => {
      const m = model({ encrypted: true, productCodes: true });
      assert.equal(m.publicSharing.refusals.length, 2);
      assert.match(m.publicSharing.refusals[0] ?? '', /encrypted volumes/);
      assert.match(m.publicSharing.refusals[1] ?? '', /product codes \(abc123\)/);
      assert.equal(canMakePublic(m), false);
      assert.equal(m.keyWarnings.length, 1);
      assert.match(m.keyWarnings[0] ?? '', /arn:aws:kms:eu-west-1:123456789012:key\/abcd/);
      assert.equal(canMakePublic(model()), true);
      assert.deepEqual(model().keyWarnings, []);
    });

    it('says how block public access is lifted, that a declarative policy cannot be lifted here, or that it could not be read', () => {
      const byAccount = model({ blocked: 'account' });
      assert.match(byAccount.publicSharing.blocked ?? '', /aws ec2 disable-image-block-public-access --region eu-west-1 --profile dev/);
      assert.equal(canMakePublic(byAccount), false);
      assert.match(model({ blocked: 'declarative-policy' }).publicSharing.blocked ?? '', /cannot be lifted from this account/);
      const unknown = model({ bpaError: true });
      assert.equal(unknown.publicSharing.blocked, undefined);
      assert.match(unknown.publicSharing.unknown ?? '', /could not be read/);
      assert.equal(canMakePublic(unknown), true, 'EC2 decides when the state is unknown');
    });

    it('titles the tab with the name made one visible line, and the id', () => {
      const m = model();
      assert.equal(permissionsPanelTitle(m.ref, m), 'Permissions: web <b>server</b> (ami-0a1b2c3d4e5f60718)');
      assert.equal(permissionsPanelTitle(m.ref), 'Permissions: ami-0a1b2c3d4e5f60718');
      assert.equal(permissionsPanelTitle(m.ref, { title: 'a\u202ebad\nname' }).includes('\n'), false);
    });
  });

  describe('pendingChange', () => {
    it('turns an edit into the minimal diff and mirrors only account ids to every snapshot', () => {
      const m = model({ state: state({ accounts: [B], orgArns: [ORG] }) });
      const change = pendingChange(m, {
        add: [
          { kind: 'account', value: A },
          { kind: 'account', value: B }, // already there: not in the diff
          { kind: 'organizationalUnit', value: OU },
        ],
        remove: [{ kind: 'organization', value: ORG }],
        mirror: true,
      });
      assert.deepEqual(change.diff.added, { accounts: [A], orgArns: [], ouArns: [OU] });
      assert.deepEqual(change.diff.removed, { accounts: [], orgArns: [ORG], ouArns: [] });
      assert.equal(change.diff.public, undefined);
      assert.equal(change.widens, true);
      assert.equal(change.accountsChange, true);
      assert.deepEqual(change.plan.snapshotIds, ['snap-0000000000000000a']);
      assert.deepEqual(change.plan.add, [A]);
      assert.match(change.plan.notMirrored.join(' '), /Organization and OU shares cannot extend to snapshots/);
    });

    it('leaves the snapshots alone when mirroring is off, or when no account changes', () => {
      const m = model();
      assert.deepEqual(pendingChange(m, { add: [{ kind: 'account', value: A }], remove: [], mirror: false }).plan.snapshotIds, []);
      const orgOnly = pendingChange(m, { add: [{ kind: 'organization', value: ORG }], remove: [], mirror: true });
      assert.deepEqual(orgOnly.plan.snapshotIds, []);
      assert.equal(orgOnly.accountsChange, false);
    });

    it('makes public or private without touching the entries, and never mirrors public', () => {
      const m = model({ state: state({ accounts: [B] }) });
      const pub = pendingChange(m, { ...NO_EDIT, public: true });
      assert.equal(pub.diff.public, 'add');
      assert.equal(pub.widens, true);
      assert.deepEqual(pub.plan.snapshotIds, []);
      assert.match(pub.plan.notMirrored.join(' '), /never mirrored/);
      const priv = pendingChange(model({ state: state({ public: true, accounts: [B] }) }), { ...NO_EDIT, public: false });
      assert.equal(priv.diff.public, 'remove');
      assert.equal(priv.widens, false);
      assert.deepEqual(desiredState(state({ public: true, accounts: [B] }), { add: [], remove: [], public: false }), state({ accounts: [B] }));
    });

    it('is empty when the edit asks for what is already there', () => {
      const m = model({ state: state({ accounts: [B] }) });
      assert.equal(pendingChange(m, { add: [{ kind: 'account', value: B }], remove: [{ kind: 'account', value: A }], mirror: true }).empty, true);
      assert.equal(pendingChange(m, NO_EDIT).empty, true);
    });
  });

  describe('checkApply (the host never trusts the page)', () => {
    it('accepts a valid request and answers the diff it will send and the snapshots to mirror to', () => {
      const checked = checkApply(model(), { add: [A, A, OU], remove: [{ kind: 'account', value: B }], mirror: true });
      assert.ok(checked.ok);
      assert.deepEqual(checked.diff.added, { accounts: [A], orgArns: [], ouArns: [OU] });
      assert.deepEqual(checked.diff.removed, { accounts: [B], orgArns: [], ouArns: [] });
      assert.deepEqual(checked.mirrorTo, ['snap-0000000000000000a']);
      assert.equal(checked.makesPublic, false);
    });

    it('refuses bad entries, naming each with its reason; the owner’s own account; a kind that lies', () => {
      const bad = checkApply(model(), { add: ['12345', OWNER, 'all', 'arn:aws:organizations::1:ou/o-x/ou-y'], remove: [{ kind: 'organization', value: A }], mirror: true });
      assert.equal(bad.ok, false);
      if (bad.ok) return;
      assert.match(bad.reason, /^Nothing was sent\. 5 entries are not valid/);
      assert.deepEqual(
        bad.invalid?.map((i) => i.input),
        ['12345', OWNER, 'all', 'arn:aws:organizations::1:ou/o-x/ou-y', A],
      );
      assert.match(bad.invalid?.[1]?.reason ?? '', /owner’s own account/);
      assert.match(bad.invalid?.[4]?.reason ?? '', /it is an account id, not an organization ARN/);
    });

    it('refuses making public while blocked, or when EC2 would refuse it, or when it is public already', () => {
      const blocked = checkApply(model({ blocked: 'account' }), { add: [], remove: [], public: 'add', mirror: true });
      assert.equal(blocked.ok, false);
      assert.match(blocked.ok ? '' : blocked.reason, /Nothing was sent\. Public sharing of AMIs is blocked in eu-west-1/);
      const encrypted = checkApply(model({ encrypted: true }), { add: [], remove: [], public: 'add', mirror: true });
      assert.match(encrypted.ok ? '' : encrypted.reason, /encrypted volumes/);
      const already = checkApply(model({ state: state({ public: true }) }), { add: [], remove: [], public: 'add', mirror: true });
      assert.match(already.ok ? '' : already.reason, /already public/);
      const ok = checkApply(model(), { add: [], remove: [], public: 'add', mirror: true });
      assert.ok(ok.ok && ok.makesPublic && ok.diff.public === 'add');
    });

    it('refuses an empty change and a request before anything was loaded', () => {
      assert.match(((r) => (r.ok ? '' : r.reason))(checkApply(model(), { add: [B], remove: [], mirror: true })), /Nothing to change/);
      assert.match(((r) => (r.ok ? '' : r.reason))(checkApply(undefined, { add: [A], remove: [], mirror: true })), /not been loaded/);
    });
  });

  it('names the AMI, its region and account in the confirmation before making it public', () => {
    const { message, detail } = publicConfirmation(model());
    assert.equal(message, 'Make "web <b>server</b>" (ami-0a1b2c3d4e5f60718) public?');
    assert.match(detail, /\(ami-0a1b2c3d4e5f60718\) in eu-west-1, account 123456789012 \(profile dev\) will be public/);
  });

  describe('describeOutcome', () => {
    it('reports the re-read state and each snapshot', () => {
      const r = describeOutcome('ami-1', { change: {}, permissions: state({ accounts: [A] }), snapshots: [{ snapshotId: 'snap-1', added: [A], removed: [], failed: [] }], notMirrored: [] });
      assert.equal(r.status, 'applied');
      assert.deepEqual(r.details, ['Launch permissions of ami-1 as re-read: not public; accounts 210987654321.', 'Snapshot snap-1: added 210987654321.']);
    });

    it('says exactly what did and did not change on a partial failure', () => {
      const r = describeOutcome('ami-1', {
        permissions: state({ accounts: [A, B] }),
        snapshots: [{ snapshotId: 'snap-1', added: [A], removed: [], failed: [{ operation: 'add', accountIds: [B], error: { message: 'The user ID does not exist.' } }] }],
        notMirrored: [],
        partialFailure: 'The launch permissions of ami-1 were updated, but not every snapshot was.',
      });
      assert.equal(r.status, 'partial');
      assert.equal(r.message, 'The launch permissions of ami-1 were updated, but not every snapshot was.');
      assert.match(r.details[1] ?? '', /^Snapshot snap-1: added 210987654321; adding 345678901234 failed: The user ID does not exist\.$/);
    });

    it('says "not yet visible" when the read-back never showed the change', () => {
      const r = describeOutcome('ami-1', { notYetVisible: 'AWS accepted the change to ami-1, but EC2 still reports the previous state.', snapshots: [], notMirrored: [] });
      assert.equal(r.status, 'notVisible');
      assert.match(r.message, /^Not yet visible: AWS accepted/);
    });
  });
});
