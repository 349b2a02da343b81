/**
 * Launch permissions, pure: parsing pasted lists, classifying and validating entries (with fuzzing
 * from a seeded generator), the state, the minimal diff, the snapshot-mirror plan and the safety checks.
 */
import * as assert from 'node:assert/strict';
import {
  EMPTY_STATE,
  applyModification,
  checkEntry,
  describeInvalid,
  diffPermissions,
  encryptionWarnings,
  entriesOf,
  isEmptyDiff,
  parseEntries,
  planSnapshotMirror,
  publicRefusals,
  sameState,
  showsModification,
  snapshotIdsOf,
  snapshotShows,
  splitEntries,
  stateFromPermissions,
  toModification,
  volumesOf,
  widensAccess,
  withEntries,
  withoutEntries,
  type LaunchPermissionState,
} from '../../../src/model/launchPermissions';
import { Prng } from '../../emulator/prng';

const OWNER = '111122223333';
const ORG = 'arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5';
const OU = 'arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-cdef3456';

const LOWER_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function chars(r: Prng, alphabet: string, min: number, max: number): string {
  const n = r.int(min, max);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[r.int(0, alphabet.length - 1)];
  return out;
}

function digits(r: Prng, n: number): string {
  return chars(r, '0123456789', n, n);
}

function genAccount(r: Prng): string {
  let id = digits(r, 12);
  while (id === OWNER) id = digits(r, 12);
  return id;
}
function genOrgId(r: Prng): string {
  return `o-${chars(r, LOWER_DIGITS, 10, 32)}`;
}
function genOrgArn(r: Prng): string {
  return `arn:aws:organizations::${digits(r, 12)}:organization/${genOrgId(r)}`;
}
function genOuArn(r: Prng): string {
  return `arn:aws:organizations::${digits(r, 12)}:ou/${genOrgId(r)}/ou-${chars(r, LOWER_DIGITS, 4, 32)}-${chars(r, LOWER_DIGITS, 8, 32)}`;
}

describe('model/launchPermissions', () => {
  describe('parsing and validation', () => {
    it('splits on commas, spaces, tabs and newlines, trims, and drops duplicates', () => {
      assert.deepEqual(splitEntries(' 111111111111,222222222222\n\t333333333333 ;444444444444  '), ['111111111111', '222222222222', '333333333333', '444444444444']);
      const parsed = parseEntries(`111111111111, 111111111111\n${ORG} ${ORG}\r\n${OU}`, OWNER);
      assert.deepEqual(parsed.valid, [
        { kind: 'account', value: '111111111111' },
        { kind: 'organization', value: ORG },
        { kind: 'organizationalUnit', value: OU },
      ]);
      assert.deepEqual(parsed.duplicates, ['111111111111', ORG]);
      assert.deepEqual(parsed.invalid, []);
    });

    it('names every bad entry with its reason, and keeps the good ones apart', () => {
      const parsed = parseEntries(`12345, ${OWNER}, 1111-2222-3333, all, o-a1b2c3d4e5, hello, arn:aws:iam::123456789012:user/x`, OWNER);
      assert.deepEqual(parsed.valid, []);
      const reasons = Object.fromEntries(parsed.invalid.map((i) => [i.input, i.reason]));
      assert.match(reasons['12345'] ?? '', /exactly 12 digits \(this has 5\)/);
      assert.match(reasons[OWNER] ?? '', /owner’s own account/);
      assert.match(reasons['1111-2222-3333'] ?? '', /without dashes: 111122223333/);
      assert.match(reasons.all ?? '', /Make Public/);
      assert.match(reasons['o-a1b2c3d4e5'] ?? '', /full ARN/);
      assert.match(reasons.hello ?? '', /not an account id/);
      assert.match(reasons['arn:aws:iam::123456789012:user/x'] ?? '', /only organization and OU ARNs/);
      assert.match(describeInvalid(parsed.invalid), /^7 entries are not valid: 12345 \(an account id/);
    });

    it('checks the organization ARN part by part (partition, account, org id length and case)', () => {
      const cases: [string, RegExp][] = [
        ['arn:aws-cn:organizations::123456789012:organization/o-a1b2c3d4e5', /partition must be "aws"/],
        ['arn:aws:organizations::12345678901:organization/o-a1b2c3d4e5', /management account .* 12 digits/],
        ['arn:aws:organizations::123456789012:organization/o-a1b2c3d4', /10 to 32 lowercase/],
        ['arn:aws:organizations::123456789012:organization/o-A1B2C3D4E5', /10 to 32 lowercase/],
        [`arn:aws:organizations::123456789012:organization/o-${'a'.repeat(33)}`, /10 to 32 lowercase/],
      ];
      for (const [input, reason] of cases) {
        const r = checkEntry(input);
        assert.ok(!r.ok, input);
        assert.match(r.invalid.reason, reason, input);
      }
      assert.ok(checkEntry(`arn:aws:organizations::123456789012:organization/o-${'a'.repeat(32)}`).ok);
    });

    it('checks the OU ARN part by part (root part 4–32, OU part 8–32, one path)', () => {
      const cases: [string, RegExp][] = [
        ['arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-abc-cdef3456', /OU id must be/],
        ['arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-cdef345', /OU id must be/],
        ['arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-AB12-cdef3456', /OU id must be/],
        ['arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5', /ends in o-<organization id>\/ou-<OU id>/],
        ['arn:aws:organizations::123456789012:ou/o-a1b2/ou-ab12-cdef3456', /organization id must be/],
      ];
      for (const [input, reason] of cases) {
        const r = checkEntry(input);
        assert.ok(!r.ok, input);
        assert.match(r.invalid.reason, reason, input);
      }
    });

    it('fuzz: random text never throws, and every piece is either valid or named with a reason', () => {
      const r = new Prng(20260801);
      const alphabet = 'ab01:/-_ ,\n\tarnosu\u0000\u200b漢🙂';
      for (let i = 0; i < 3000; i++) {
        const text = chars(r, alphabet, 0, 60);
        const parsed = parseEntries(text, OWNER);
        const pieces = new Set(splitEntries(text));
        assert.equal(parsed.valid.length + parsed.invalid.length, pieces.size, JSON.stringify(text));
        for (const bad of parsed.invalid) assert.ok(bad.reason.length > 0);
        assert.equal(typeof describeInvalid(parsed.invalid), 'string');
      }
    });

    it('fuzz: generated account ids, organization ARNs and OU ARNs are always accepted and classified', () => {
      const r = new Prng(7);
      for (let i = 0; i < 2000; i++) {
        const [gen, kind] = r.pick([
          [genAccount, 'account'],
          [genOrgArn, 'organization'],
          [genOuArn, 'organizationalUnit'],
        ] as const);
        const value = gen(r);
        const checked = checkEntry(`  ${value}\n`, OWNER);
        assert.ok(checked.ok, `${value}: ${checked.ok ? '' : checked.invalid.reason}`);
        assert.deepEqual(checked.entry, { kind, value });
      }
    });

    it('fuzz: a mutated valid entry is rejected with a reason', () => {
      const r = new Prng(99);
      const mutations: ((s: string, r: Prng) => string)[] = [
        (s) => s.toUpperCase(), // ARNs are lower-case; for account ids this is a no-op, handled below
        (s, g) => s.slice(0, g.int(1, s.length - 1)), // cut short
        (s, g) => {
          const at = g.int(0, s.length - 1);
          return s.slice(0, at) + g.pick(['#', '.', 'Z', '_', 'é']) + s.slice(at + 1);
        },
        (s) => `${s}${'9'.repeat(40)}`, // too long
      ];
      let rejected = 0;
      for (let i = 0; i < 2000; i++) {
        const value = r.pick([genAccount, genOrgArn, genOuArn])(r);
        const mutated = r.pick(mutations)(value, r);
        if (mutated === value) continue;
        const checked = checkEntry(mutated, OWNER);
        // A cut can land on another valid shape only for ARNs whose id part stays in range: accept those.
        if (checked.ok) {
          assert.ok(value.startsWith('arn:') && value.startsWith(mutated), `${mutated} (from ${value}) was accepted`);
          continue;
        }
        rejected++;
        assert.ok(checked.invalid.reason.length > 10, mutated);
        assert.equal(checked.invalid.input, mutated.trim());
      }
      assert.ok(rejected > 1500, `only ${rejected} mutations rejected`);
    });
  });

  describe('state and diff', () => {
    const current: LaunchPermissionState = stateFromPermissions([{ userId: '222222222222' }, { userId: '111111111111' }, { organizationArn: ORG }, { userId: '111111111111' }]);

    it('reads a permission list into sorted sets and the public flag', () => {
      assert.deepEqual(current, { public: false, accounts: ['111111111111', '222222222222'], orgArns: [ORG], ouArns: [] });
      assert.equal(stateFromPermissions([{ group: 'all' }]).public, true);
      assert.deepEqual(
        entriesOf(current).map((e) => e.kind),
        ['account', 'account', 'organization'],
      );
    });

    it('the diff holds only what changes, and its modification is the minimal Add/Remove', () => {
      const desired = withoutEntries(withEntries(current, [{ kind: 'account', value: '333333333333' }, { kind: 'account', value: '111111111111' }, { kind: 'organizationalUnit', value: OU }]), [{ kind: 'organization', value: ORG }]);
      const diff = diffPermissions(current, desired);
      assert.deepEqual(diff.added, { accounts: ['333333333333'], orgArns: [], ouArns: [OU] });
      assert.deepEqual(diff.removed, { accounts: [], orgArns: [ORG], ouArns: [] });
      assert.equal(diff.public, undefined);
      assert.deepEqual(toModification(diff), { add: [{ userId: '333333333333' }, { organizationalUnitArn: OU }], remove: [{ organizationArn: ORG }] });
      assert.ok(widensAccess(diff));
      assert.ok(sameState(applyModification(current, toModification(diff)), desired));
      assert.ok(showsModification(desired, toModification(diff)));
      assert.ok(!showsModification(current, toModification(diff)));
    });

    it('public on and off becomes Group=all in Add or Remove; nothing to do is an empty diff', () => {
      const pub = diffPermissions(current, withEntries(current, [], true));
      assert.deepEqual(toModification(pub), { add: [{ group: 'all' }], remove: [] });
      const priv = diffPermissions(withEntries(current, [], true), current);
      assert.deepEqual(toModification(priv), { add: [], remove: [{ group: 'all' }] });
      assert.ok(!widensAccess(priv));
      assert.ok(isEmptyDiff(diffPermissions(current, withEntries(current, [{ kind: 'account', value: '111111111111' }]))));
      assert.ok(!isEmptyDiff(pub));
    });

    it('fuzz: applying the modification of any diff turns current into desired', () => {
      const r = new Prng(5);
      const pool = { accounts: Array.from({ length: 6 }, () => genAccount(r)), orgs: [genOrgArn(r), genOrgArn(r)], ous: [genOuArn(r), genOuArn(r)] };
      const randomState = (): LaunchPermissionState => ({
        public: r.chance(0.3),
        accounts: pool.accounts.filter(() => r.chance(0.5)).sort(),
        orgArns: pool.orgs.filter(() => r.chance(0.5)).sort(),
        ouArns: pool.ous.filter(() => r.chance(0.5)).sort(),
      });
      for (let i = 0; i < 500; i++) {
        const a = randomState();
        const b = randomState();
        const mod = toModification(diffPermissions(a, b));
        assert.ok(sameState(applyModification(a, mod), b));
        // minimal: nothing added that a had, nothing removed that a lacked
        for (const p of mod.add) if (p.userId) assert.ok(!a.accounts.includes(p.userId));
        for (const p of mod.remove) if (p.userId) assert.ok(a.accounts.includes(p.userId));
        assert.equal(isEmptyDiff(diffPermissions(a, b)), sameState(a, b));
      }
    });
  });

  describe('snapshots', () => {
    it('mirrors account ids only, as separate add and remove lists, never Group=all, and says what is not mirrored', () => {
      const desired = withEntries(withoutEntries(withEntries(EMPTY_STATE, [{ kind: 'account', value: '999999999999' }]), []), [{ kind: 'account', value: '111111111111' }, { kind: 'organization', value: ORG }], true);
      const diff = diffPermissions(withEntries(EMPTY_STATE, [{ kind: 'account', value: '222222222222' }]), desired);
      const plan = planSnapshotMirror(diff, ['snap-1', 'snap-2', 'snap-1']);
      assert.deepEqual(plan.snapshotIds, ['snap-1', 'snap-2']);
      assert.deepEqual(plan.add, ['111111111111', '999999999999']);
      assert.deepEqual(plan.remove, ['222222222222']);
      assert.equal(plan.notMirrored.length, 2);
      assert.match(plan.notMirrored[0] ?? '', /Organization and OU shares cannot extend to snapshots/);
      assert.match(plan.notMirrored[1] ?? '', /never mirrored/);
      assert.deepEqual(planSnapshotMirror(diffPermissions(EMPTY_STATE, withEntries(EMPTY_STATE, [], true)), ['snap-1']).snapshotIds, [], 'public alone touches no snapshot');
    });

    it('finds the snapshot ids of the EBS mappings and checks a re-read snapshot permission', () => {
      assert.deepEqual(snapshotIdsOf([{ ebs: { snapshotId: 'snap-a' } }, {}, { ebs: {} }, { ebs: { snapshotId: 'snap-a' } }, { ebs: { snapshotId: 'snap-b' } }]), ['snap-a', 'snap-b']);
      const s = { snapshotId: 'snap-a', public: false, accounts: ['111111111111'] };
      assert.ok(snapshotShows(s, { add: ['111111111111'], remove: ['222222222222'] }));
      assert.ok(!snapshotShows(s, { remove: ['111111111111'] }));
    });
  });

  describe('safety', () => {
    const mappings = [
      { deviceName: '/dev/xvda', ebs: { snapshotId: 'snap-root', encrypted: false } },
      { deviceName: '/dev/sdb', ebs: { snapshotId: 'snap-data', encrypted: true, kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abcd' } },
    ];

    it('refuses public for encrypted volumes and product codes, naming them', () => {
      const reasons = publicRefusals({ imageId: 'ami-1', productCodes: [{ productCodeId: 'pc123', productCodeType: 'marketplace' }], volumes: volumesOf(mappings) });
      assert.equal(reasons.length, 2);
      assert.match(reasons[0] ?? '', /encrypted volumes \(\/dev\/sdb \/ snap-data\)/);
      assert.match(reasons[1] ?? '', /product codes \(pc123\)/);
      assert.deepEqual(publicRefusals({ imageId: 'ami-1', productCodes: [], volumes: volumesOf([mappings[0] as (typeof mappings)[0]]) }), []);
    });

    it('warns per key: customer managed (names the key and the kms actions), AWS managed (cannot be shared), unknown (says both)', () => {
      const key = 'arn:aws:kms:us-east-1:111122223333:key/abcd';
      const customer = encryptionWarnings({ imageId: 'ami-1', productCodes: [], volumes: volumesOf(mappings).map((v) => (v.encrypted ? { ...v, keyManager: 'CUSTOMER' as const } : v)) });
      assert.equal(customer.length, 1);
      assert.equal(customer[0]?.kind, 'customerManagedKey');
      assert.equal(customer[0]?.kmsKeyId, key);
      assert.match(customer[0]?.message ?? '', new RegExp(`customer managed KMS key ${key.replace(/[/]/g, '\\/')}.*kms:CreateGrant`));

      const aws = encryptionWarnings({ imageId: 'ami-1', productCodes: [], volumes: [{ deviceName: '/dev/sdc', encrypted: true, kmsKeyId: 'alias/aws/ebs' }] });
      assert.equal(aws[0]?.kind, 'awsManagedKey');
      assert.match(aws[0]?.message ?? '', /cannot be shared.*Copy the image with a customer managed key first/);

      const unknown = encryptionWarnings({ imageId: 'ami-1', productCodes: [], volumes: volumesOf(mappings) });
      assert.equal(unknown[0]?.kind, 'unknownKey');
      assert.match(unknown[0]?.message ?? '', /if it is a customer managed key.*if it is the AWS managed key/);
      assert.deepEqual(encryptionWarnings({ imageId: 'ami-1', productCodes: [], volumes: volumesOf([mappings[0] as (typeof mappings)[0]]) }), []);
    });
  });
});
