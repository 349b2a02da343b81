/** The words and rules of an owned image's life (model/lifecycle.ts): pure, many cases. */
import * as assert from 'node:assert/strict';
import {
  blocksDeregistration,
  checkDeprecationTime,
  confirmDeprecateText,
  confirmDeregisterText,
  confirmDisableText,
  confirmTurnOffProtectionText,
  DEREGISTER,
  DEREGISTER_WITH_SNAPSHOTS,
  deprecationQuickChoices,
  deprecationText,
  deregisterResultText,
  formatUtc,
  parseDeprecationInput,
  parseProtection,
  protectedText,
  protectionResultText,
  protectionText,
  sameMinute,
  snapshotResultText,
} from '../../../src/model/lifecycle';
import type { ImageReferenceInfo } from '../../../src/model/references';
import { HOSTILE_STRINGS } from '../../emulator/seed';

const NOW = new Date('2026-12-06T10:20:30.000Z');
const IMAGE = { imageId: 'ami-0123456789abcdef0', name: 'web-server' };
const REFS: ImageReferenceInfo[] = [
  { imageId: IMAGE.imageId, resourceType: 'ec2:Instance', arn: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0aaaaaaaaaaaaaaaa' },
  { imageId: IMAGE.imageId, resourceType: 'ec2:LaunchTemplate', arn: 'arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0bbbbbbbbbbbbbbbb' },
];

describe('model/lifecycle', () => {
  describe('protection', () => {
    it('parses every EC2 value, a cooldown in the future, one that has ended, and unknown values', () => {
      assert.deepEqual(parseProtection(undefined, NOW), { kind: 'off' });
      assert.deepEqual(parseProtection('disabled', NOW), { kind: 'off' });
      assert.deepEqual(parseProtection('enabled', NOW), { kind: 'on', cooldown: false });
      assert.deepEqual(parseProtection('enabled-with-cooldown', NOW), { kind: 'on', cooldown: true });
      assert.deepEqual(parseProtection('disabled-until 2026-12-07T10:00:00.000Z', NOW), { kind: 'cooldown', until: '2026-12-07T10:00:00.000Z' });
      assert.deepEqual(parseProtection('disabled-until 2026-12-05T10:00:00Z', NOW), { kind: 'off' }, 'an ended cooldown is off');
      assert.deepEqual(parseProtection('disabled-until soon', NOW), { kind: 'unknown', raw: 'disabled-until soon' });
      assert.equal(blocksDeregistration(parseProtection('enabled', NOW)), true);
      assert.equal(blocksDeregistration(parseProtection('disabled-until 2026-12-07T10:00:00Z', NOW)), true);
      assert.equal(blocksDeregistration(parseProtection('disabled', NOW)), false);
    });

    it('texts: the state, why deregistration is refused (24-hour cooldown), the turn-off confirmation and the result', () => {
      assert.equal(protectionText({ kind: 'on', cooldown: true }), 'On, with a 24-hour cooldown');
      assert.equal(protectionText({ kind: 'off' }), 'Off');
      assert.match(protectionText({ kind: 'cooldown', until: '2026-12-07T10:00:00.000Z' }), /2026-12-07 10:00 UTC/);
      const on = protectedText(IMAGE.imageId, { kind: 'on', cooldown: false });
      assert.equal(on?.offerTurnOff, true);
      assert.match(on?.message ?? '', /protected from deregistration.*Nothing was deregistered/);
      const withCooldown = protectedText(IMAGE.imageId, { kind: 'on', cooldown: true });
      assert.match(withCooldown?.message ?? '', /only 24 hours later/);
      const cooling = protectedText(IMAGE.imageId, { kind: 'cooldown', until: '2026-12-07T10:00:00.000Z' });
      assert.equal(cooling?.offerTurnOff, false);
      assert.match(cooling?.message ?? '', /24-hour cooldown, which ends 2026-12-07 10:00 UTC/);
      assert.equal(protectedText(IMAGE.imageId, { kind: 'off' }), undefined);
      const confirm = confirmTurnOffProtectionText({ image: IMAGE, region: 'us-east-1', accountId: '123456789012', state: { kind: 'on', cooldown: true } });
      assert.match(confirm.message, /"web-server" \(ami-0123456789abcdef0\)/);
      assert.match(confirm.detail, /in us-east-1, account 123456789012/);
      assert.match(confirm.detail, /only 24 hours after/);
      assert.match(protectionResultText(IMAGE.imageId, { kind: 'cooldown', until: '2026-12-07T10:00:00.000Z' }), /until 2026-12-07 10:00 UTC/);
    });
  });

  describe('confirmations', () => {
    it('deregister names image, region, account and profile, the snapshots, the references, and offers both buttons', () => {
      const c = confirmDeregisterText({ image: IMAGE, region: 'eu-west-1', accountId: '123456789012', profile: 'dev', snapshotIds: ['snap-1', 'snap-2'], references: REFS });
      assert.equal(c.message, 'Deregister "web-server" (ami-0123456789abcdef0)?');
      assert.match(c.detail, /in eu-west-1, account 123456789012 \(profile dev\)/);
      assert.match(c.detail, /2 snapshots \(snap-1, snap-2\)/);
      assert.match(c.detail, /another AMI still uses is kept/);
      assert.match(c.detail, /still used by 1 instance and 1 launch template in eu-west-1/);
      assert.match(c.detail, /i-0aaaaaaaaaaaaaaaa/);
      assert.deepEqual(c.buttons, [DEREGISTER, DEREGISTER_WITH_SNAPSHOTS]);
      const bare = confirmDeregisterText({ image: { imageId: IMAGE.imageId }, region: 'eu-west-1', snapshotIds: [], references: [] });
      assert.deepEqual(bare.buttons, [DEREGISTER]);
      assert.doesNotMatch(bare.detail, /still used by|snapshot/);
    });

    it('says when the references could not be checked, and why, still as a confirmation', () => {
      const c = confirmDeregisterText({ image: IMAGE, region: 'us-east-1', snapshotIds: [], referencesError: 'Access denied to ec2:DescribeImageReferences' });
      assert.match(c.detail, /could not be checked \(Access denied to ec2:DescribeImageReferences\)/);
      const d = confirmDisableText({ image: IMAGE, region: 'us-east-1', referencesError: 'throttled' });
      assert.match(d.detail, /could not be checked \(throttled\)/);
    });

    it('disable warns that every launch permission goes and enabling does not restore them; lists references', () => {
      const c = confirmDisableText({ image: IMAGE, region: 'us-east-1', accountId: '123456789012', isPublic: true, sharedWith: 2, references: REFS.slice(0, 1) });
      assert.equal(c.message, 'Disable "web-server" (ami-0123456789abcdef0)?');
      assert.match(c.detail, /public access and its shares with 2 accounts, organizations or OUs/);
      assert.match(c.detail, /does not restore the launch permissions/);
      assert.match(c.detail, /still used by 1 instance/);
      assert.match(confirmDisableText({ image: IMAGE, region: 'us-east-1' }).detail, /every launch permission it has/);
    });

    it('deprecate names the UTC time, the time it replaces, and references', () => {
      const c = confirmDeprecateText({ image: IMAGE, region: 'us-east-1', at: new Date('2027-01-31T23:59:00Z'), replaces: '2027-06-01T00:00:00.000Z', references: REFS });
      assert.equal(c.message, 'Deprecate "web-server" (ami-0123456789abcdef0) at 2027-01-31 23:59 UTC?');
      assert.match(c.detail, /replaces its current deprecation time, 2027-06-01 00:00 UTC/);
      assert.match(c.detail, /1 launch template/);
    });

    it('hostile names stay one visible line: no line breaks, bidi overrides shown escaped, links inert', () => {
      for (const name of [...HOSTILE_STRINGS, 'line\nbreak\r\nname', 'x'.repeat(500)]) {
        const c = confirmDeregisterText({ image: { imageId: IMAGE.imageId, name }, region: 'us-east-1', snapshotIds: [] });
        assert.doesNotMatch(c.message, /[\n\r\u202E]/, JSON.stringify(name));
        assert.ok(c.message.length < 140, 'the name is cut');
        const first = c.detail.split('\n')[0] ?? '';
        assert.doesNotMatch(first, /\u202E/);
      }
      assert.match(confirmDisableText({ image: { imageId: IMAGE.imageId, name: '\u202Egnp.exe' }, region: 'us-east-1' }).message, /\\u202E/);
    });
  });

  describe('results', () => {
    it('each snapshot code has its sentence; a kept one says another AMI uses it', () => {
      assert.equal(snapshotResultText({ snapshotId: 'snap-1', returnCode: 'success' }), 'snap-1 deleted');
      assert.equal(snapshotResultText({ snapshotId: 'snap-1', returnCode: 'skipped' }), 'snap-1 kept: another AMI still uses it');
      assert.match(snapshotResultText({ snapshotId: 'snap-1', returnCode: 'missing-permissions' }), /ec2:DeleteSnapshot/);
      assert.match(snapshotResultText({ snapshotId: 'snap-1', returnCode: 'internal-error' }), /internal error/);
      assert.match(snapshotResultText({ snapshotId: 'snap-1', returnCode: 'client-error' }), /CloudTrail/);
      assert.equal(snapshotResultText({ snapshotId: 'snap-1', returnCode: 'new\ncode' }), 'snap-1: new code');
    });

    it('the deregistration result is info when every snapshot went or was kept for use, a warning otherwise', () => {
      const ok = deregisterResultText('ami-1', true, [
        { snapshotId: 'snap-1', returnCode: 'success' },
        { snapshotId: 'snap-2', returnCode: 'skipped' },
      ]);
      assert.equal(ok.level, 'info');
      assert.equal(ok.text, 'ami-1 was deregistered. Snapshots: snap-1 deleted; snap-2 kept: another AMI still uses it.');
      assert.equal(deregisterResultText('ami-1', true, [{ snapshotId: 'snap-1', returnCode: 'missing-permissions' }]).level, 'warning');
      assert.equal(deregisterResultText('ami-1', false, []).text, 'ami-1 was deregistered. Its snapshots were kept.');
      assert.equal(deregisterResultText('ami-1', false, [], 'Refresh later.').level, 'warning');
    });
  });

  describe('deprecation time', () => {
    it('parses YYYY-MM-DD HH:MM as UTC, YYYY-MM-DD as 00:00 UTC, ISO with Z, rounding to the minute', () => {
      const a = parseDeprecationInput('2027-03-04 05:06', NOW);
      assert.ok(a.ok);
      assert.equal(a.at.toISOString(), '2027-03-04T05:06:00.000Z');
      const b = parseDeprecationInput(' 2027-03-04 ', NOW);
      assert.ok(b.ok && b.at.toISOString() === '2027-03-04T00:00:00.000Z');
      const c = parseDeprecationInput('2027-03-04T05:06:40Z', NOW);
      assert.ok(c.ok && c.at.toISOString() === '2027-03-04T05:07:00.000Z', 'rounded to the nearest minute');
      const d = parseDeprecationInput('2027-03-04 05:06 UTC', NOW);
      assert.ok(d.ok);
    });

    it('refuses nonsense, impossible dates, the past, more than 10 years, and a public image beyond 2 years after creation', () => {
      for (const bad of ['', 'tomorrow', '2027-02-30 10:00', '2027-13-01', '2027-01-01 24:00', '2027-01-01 10:60', '27-01-01']) {
        const r = parseDeprecationInput(bad, NOW);
        assert.ok(!r.ok, bad);
      }
      const past = parseDeprecationInput('2026-12-06 10:20', NOW);
      assert.ok(!past.ok && /in the past/.test(past.reason));
      const far = parseDeprecationInput('2036-12-07 00:00', NOW);
      assert.ok(!far.ok && /10 years/.test(far.reason));
      assert.ok(parseDeprecationInput('2036-12-06 10:00', NOW).ok, 'just under 10 years');
      const pub = parseDeprecationInput('2028-06-01 00:00', NOW, { public: true, creationDate: '2026-01-01T00:00:00.000Z' });
      assert.ok(!pub.ok && /public.*2 years/.test(pub.reason));
      assert.ok(parseDeprecationInput('2027-06-01 00:00', NOW, { public: true, creationDate: '2026-01-01T00:00:00.000Z' }).ok);
      assert.ok(!checkDeprecationTime(new Date(NOW.getTime() + 20_000 - 40_000), NOW).ok, 'rounds down to a minute already past');
    });

    it('quick choices are in the future, in order, and the end of the month is 23:59 UTC of its last day', () => {
      const choices = deprecationQuickChoices(NOW);
      assert.deepEqual(
        choices.map((c) => c.label),
        ['In 30 days', 'In 90 days', 'In 180 days', 'In 1 year', 'At the end of this month'],
      );
      assert.equal(choices[0]?.at.toISOString(), '2027-01-05T10:21:00.000Z');
      assert.equal(choices.at(-1)?.at.toISOString(), '2026-12-31T23:59:00.000Z');
      for (const c of choices) assert.ok(checkDeprecationTime(c.at, NOW).ok, c.label);
      const lastMinute = deprecationQuickChoices(new Date('2026-12-31T23:59:30Z'));
      assert.ok(!lastMinute.some((c) => c.label === 'At the end of this month'), 'no end of month once it has passed');
    });

    it('deprecationText, formatUtc and sameMinute', () => {
      assert.equal(deprecationText(undefined, NOW), 'Not scheduled');
      assert.equal(deprecationText('2026-01-01T00:00:00.000Z', NOW), 'Deprecated since 2026-01-01 00:00 UTC');
      assert.equal(deprecationText('2027-01-01T00:00:00.000Z', NOW), 'Deprecates at 2027-01-01 00:00 UTC');
      assert.equal(formatUtc('2027-01-01T05:06:07Z'), '2027-01-01 05:06 UTC');
      assert.equal(sameMinute('2027-01-01T05:06:00.000Z', new Date('2027-01-01T05:06:20Z')), true);
      assert.equal(sameMinute('2027-01-01T05:07:00.000Z', new Date('2027-01-01T05:06:20Z')), false);
      assert.equal(sameMinute(undefined, NOW), false);
    });
  });
});
