/**
 * Hygiene marks (issue #11): one case per mark (present, absent, owner-aware), the texts, the
 * tree's description suffix and tooltip lines, and the Allowed AMIs tooltip lines (escaped).
 */
import * as assert from 'node:assert/strict';
import {
  allowedImagesMarkdownLines,
  describeCriterion,
  hygieneDescription,
  hygieneMarks,
  hygieneTooltipLines,
  HYGIENE_MARK_IDS,
  unencryptedVolumeCount,
  type HygieneMark,
} from '../../../src/model/hygiene';
import type { AmiImage, BlockDevice } from '../../../src/model/image';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const HOSTILE = '[x](command:evil) <img src=x onerror=alert(1)> \u202Egpj.exe *bold* `code`';

/** An image with no mark for anyone: private, encrypted, IMDSv2 required, protected, allowed. */
function clean(extra: Partial<AmiImage> = {}): AmiImage {
  return {
    imageId: 'ami-0123456789abcdef0',
    region: 'eu-west-1',
    state: 'available',
    public: false,
    imdsSupport: 'v2.0',
    deregistrationProtection: 'enabled',
    productCodes: [],
    tags: {},
    blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: 'snap-0123456789abcdef0', encrypted: true, volumeSize: 8 } }],
    ...extra,
  };
}

const ids = (marks: HygieneMark[]): string[] => marks.map((m) => m.id);
const mark = (marks: HygieneMark[], id: string): HygieneMark => {
  const m = marks.find((x) => x.id === id);
  assert.ok(m, `mark ${id} in ${ids(marks).join(',')}`);
  return m;
};
const mine = { owned: true };
const theirs = { owned: false };

describe('model/hygiene', () => {
  it('a clean image has no mark, owned or not', () => {
    assert.deepEqual(hygieneMarks(clean(), NOW, mine), []);
    assert.deepEqual(hygieneMarks(clean(), NOW, theirs), []);
  });

  describe('public', () => {
    it('marks a public image: a warning with "make it private" for the owner, a note for others', () => {
      const own = mark(hygieneMarks(clean({ public: true }), NOW, mine), 'public');
      assert.equal(own.severity, 'warning');
      assert.match(own.explanation, /Any AWS account can launch it; make it private with Edit Launch Permissions/);
      const other = mark(hygieneMarks(clean({ public: true }), NOW, theirs), 'public');
      assert.equal(other.severity, 'info');
      assert.match(other.explanation, /trust its owner/);
    });
    it('no mark when not public', () => assert.ok(!ids(hygieneMarks(clean(), NOW, mine)).includes('public')));
  });

  describe('unencrypted volumes', () => {
    const devices = (...d: BlockDevice[]) => clean({ blockDeviceMappings: d });
    it('counts EBS mappings with a snapshot whose encrypted is false or absent', () => {
      const image = devices(
        { deviceName: '/dev/a', kind: 'ebs', ebs: { snapshotId: 'snap-1', encrypted: false } },
        { deviceName: '/dev/b', kind: 'ebs', ebs: { snapshotId: 'snap-2' } },
        { deviceName: '/dev/c', kind: 'ebs', ebs: { snapshotId: 'snap-3', encrypted: true } },
        { deviceName: '/dev/d', kind: 'ebs', ebs: { volumeSize: 10 } }, // no snapshot: an empty volume made at launch
        { deviceName: '/dev/e', kind: 'ephemeral', virtualName: 'ephemeral0' },
      );
      assert.equal(unencryptedVolumeCount(image), 2);
      const m = mark(hygieneMarks(image, NOW, mine), 'unencrypted');
      assert.equal(m.severity, 'warning');
      assert.match(m.explanation, /^2 EBS volumes are not encrypted; make an encrypted copy/);
      assert.match(mark(hygieneMarks(image, NOW, theirs), 'unencrypted').explanation, /launch with encrypted volumes or turn on EBS encryption by default/);
    });
    it('one volume reads in the singular', () => {
      const m = mark(hygieneMarks(devices({ deviceName: '/dev/a', kind: 'ebs', ebs: { snapshotId: 'snap-1' } }), NOW, mine), 'unencrypted');
      assert.match(m.explanation, /^1 EBS volume is not encrypted/);
    });
    it('no mark when every snapshot-backed volume is encrypted, or there is none', () => {
      assert.ok(!ids(hygieneMarks(clean(), NOW, mine)).includes('unencrypted'));
      assert.ok(!ids(hygieneMarks(devices(), NOW, mine)).includes('unencrypted'));
    });
  });

  describe('IMDSv2 not required', () => {
    it('marks imdsSupport absent or anything but v2.0', () => {
      for (const imdsSupport of [undefined, 'v1.0', 'something-new']) {
        const m = mark(hygieneMarks(clean({ imdsSupport }), NOW, mine), 'imdsV1');
        assert.equal(m.label, 'IMDSv2 not required');
        assert.match(m.explanation, /--imds-support v2\.0/);
      }
      assert.match(mark(hygieneMarks(clean({ imdsSupport: undefined }), NOW, theirs), 'imdsV1').explanation, /require IMDSv2 when you launch it/);
    });
    it('no mark for v2.0', () => assert.ok(!ids(hygieneMarks(clean({ imdsSupport: 'v2.0' }), NOW, theirs)).includes('imdsV1')));
  });

  describe('deprecated', () => {
    it('marks a deprecation time that has passed, not one to come', () => {
      assert.match(mark(hygieneMarks(clean({ deprecationTime: '2026-03-15T11:59:00.000Z' }), NOW, mine), 'deprecated').explanation, /cancel the deprecation/);
      assert.match(mark(hygieneMarks(clean({ deprecationTime: '2020-01-01T00:00:00.000Z' }), NOW, theirs), 'deprecated').explanation, /newer image/);
      assert.ok(!ids(hygieneMarks(clean({ deprecationTime: '2026-03-16T00:00:00.000Z' }), NOW, mine)).includes('deprecated'));
      assert.ok(!ids(hygieneMarks(clean({ deprecationTime: 'not a date' }), NOW, mine)).includes('deprecated'));
    });
  });

  describe('disabled', () => {
    it('marks a disabled image, with "enable it" for the owner', () => {
      const m = mark(hygieneMarks(clean({ state: 'disabled' }), NOW, mine), 'disabled');
      assert.equal(m.severity, 'warning');
      assert.match(m.explanation, /enable it to use it again/);
      assert.match(mark(hygieneMarks(clean({ state: 'disabled' }), NOW, theirs), 'disabled').explanation, /pick another image/);
      assert.ok(!ids(hygieneMarks(clean({ state: 'available' }), NOW, mine)).includes('disabled'));
    });
  });

  describe('not allowed by Allowed AMIs', () => {
    it('marks imageAllowed false as an error; true and absent (unknown) give no mark', () => {
      const m = mark(hygieneMarks(clean({ imageAllowed: false }), NOW, theirs), 'notAllowed');
      assert.equal(m.severity, 'error');
      assert.match(m.explanation, /Allowed AMIs settings do not allow it/);
      assert.ok(!ids(hygieneMarks(clean({ imageAllowed: true }), NOW, theirs)).includes('notAllowed'));
      assert.ok(!ids(hygieneMarks(clean({ imageAllowed: undefined }), NOW, theirs)).includes('notAllowed'));
    });
  });

  describe('no deregistration protection', () => {
    it('only for my images, when protection is off or absent', () => {
      for (const deregistrationProtection of [undefined, 'disabled']) {
        const m = mark(hygieneMarks(clean({ deregistrationProtection }), NOW, mine), 'unprotected');
        assert.equal(m.severity, 'info');
        assert.match(m.explanation, /turn on deregistration protection/);
        assert.ok(!ids(hygieneMarks(clean({ deregistrationProtection }), NOW, theirs)).includes('unprotected'), 'not for others’ images');
      }
      for (const deregistrationProtection of ['enabled', 'enabled-with-cooldown']) {
        assert.ok(!ids(hygieneMarks(clean({ deregistrationProtection }), NOW, mine)).includes('unprotected'));
      }
    });
  });

  it('lists every mark at once in the documented order, each with a label and one sentence', () => {
    const worst = clean({
      public: true,
      state: 'disabled',
      imageAllowed: false,
      imdsSupport: undefined,
      deprecationTime: '2020-01-01T00:00:00.000Z',
      deregistrationProtection: undefined,
      blockDeviceMappings: [{ deviceName: '/dev/a', kind: 'ebs', ebs: { snapshotId: 'snap-1' } }],
    });
    const marks = hygieneMarks(worst, NOW, mine);
    assert.deepEqual(ids(marks), [...HYGIENE_MARK_IDS]);
    for (const m of marks) {
      assert.ok(m.label.length > 0 && m.label.length <= 30, m.label);
      assert.match(m.explanation, /^[A-Z0-9][^\n]*\.$/, 'one sentence');
      assert.equal(m.explanation.split('. ').length, 1, `one sentence: ${m.explanation}`);
    }
  });

  it('never quotes the image’s own texts (names, tags, descriptions, device names)', () => {
    const hostile = clean({
      name: HOSTILE,
      description: HOSTILE,
      tags: { Name: HOSTILE, [HOSTILE]: HOSTILE },
      public: true,
      imdsSupport: undefined,
      imageAllowed: false,
      deregistrationProtection: undefined,
      blockDeviceMappings: [{ deviceName: HOSTILE, kind: 'ebs', ebs: { snapshotId: HOSTILE } }],
    });
    const marks = hygieneMarks(hostile, NOW, mine);
    const texts = [...marks.flatMap((m) => [m.label, m.explanation]), hygieneDescription(marks), ...hygieneTooltipLines(marks)].join('\n');
    for (const bad of ['command:evil', '<img', '\u202E', '*bold*', '`code`']) assert.ok(!texts.includes(bad), bad);
  });

  describe('tree texts', () => {
    it('the description suffix names warnings and errors only, and can leave some out', () => {
      const marks = hygieneMarks(clean({ public: true, imdsSupport: undefined, deregistrationProtection: undefined, state: 'disabled' }), NOW, mine);
      assert.equal(hygieneDescription(marks), '⚠ disabled, public, IMDSv2 not required');
      assert.equal(hygieneDescription(marks, ['disabled']), '⚠ public, IMDSv2 not required');
      assert.equal(hygieneDescription(hygieneMarks(clean({ deregistrationProtection: undefined }), NOW, mine)), '', 'an info mark alone adds nothing');
      assert.equal(hygieneDescription([]), '');
    });
    it('the tooltip lines: a "Hygiene" heading and one line per mark with its severity', () => {
      const marks = hygieneMarks(clean({ imageAllowed: false, deregistrationProtection: undefined }), NOW, mine);
      const lines = hygieneTooltipLines(marks);
      assert.equal(lines[0], '**Hygiene**');
      assert.match(lines[1] ?? '', /^Error: not allowed\. /);
      assert.match(lines[2] ?? '', /^Note: no deregistration protection\. It can be deregistered by mistake/);
      assert.deepEqual(hygieneTooltipLines([]), []);
    });
  });

  describe('Allowed AMIs tooltip lines', () => {
    it('states and the manager', () => {
      assert.deepEqual(allowedImagesMarkdownLines({ ok: true, value: { state: 'disabled', criteria: [{ imageProviders: ['amazon'] }] } }), ['Allowed AMIs: disabled\\: every image is allowed']);
      const audit = allowedImagesMarkdownLines({ ok: true, value: { state: 'audit-mode', criteria: [{ imageProviders: ['amazon', '123456789012'] }], managedBy: 'account' } });
      assert.match(audit[0] ?? '', /^Allowed AMIs: audit mode\\: every image can be used/);
      assert.equal(audit[1], 'Criterion 1: providers amazon, 123456789012');
      const enabled = allowedImagesMarkdownLines({ ok: true, value: { state: 'enabled', criteria: [], managedBy: 'declarative-policy' } });
      assert.match(enabled[0] ?? '', /^Allowed AMIs: enabled\\: only images that meet the criteria .*\(managed by a declarative policy of your organization\)$/);
      assert.equal(enabled[1], 'No criteria: only your own images are allowed');
      assert.deepEqual(allowedImagesMarkdownLines(undefined), ['Allowed AMIs: not read yet']);
    });
    it('a failure is one escaped line', () => {
      const lines = allowedImagesMarkdownLines({ ok: false, message: 'Denied [x](command:evil)' });
      assert.equal(lines.length, 1);
      assert.equal(lines[0], 'Allowed AMIs: could not be read (Denied \\[x\\]\\(command\\:evil\\))');
    });
    it('every criterion field in words, values escaped; long lists cut', () => {
      const text = describeCriterion({
        imageProviders: Array.from({ length: 12 }, (_, i) => `1111111111${String(i).padStart(2, '0')}`),
        marketplaceProductCodes: ['abc123'],
        imageNames: [HOSTILE],
        maximumDaysSinceCreated: 300,
        maximumDaysSinceDeprecated: 1,
        imageWatermarkKeys: ['123456789012:approved'],
        maxDaysSinceLastFindingScan: 7,
      });
      assert.match(text, /^providers 111111111100, .*111111111109, and 2 more; Marketplace product codes abc123; names /);
      assert.match(text, /; created within 300 days; deprecated at most 1 day ago; watermarks 123456789012\\:approved; scanned by Inspector within 7 days$/);
      assert.ok(!text.includes('[x]('), 'no link');
      assert.ok(!/(^|[^\\])</.test(text), 'no raw <');
      assert.equal(describeCriterion({}), 'any image');
    });
    it('more than five criteria: the rest counted', () => {
      const lines = allowedImagesMarkdownLines({ ok: true, value: { state: 'enabled', criteria: Array.from({ length: 7 }, () => ({ imageProviders: ['amazon'] })) } });
      assert.equal(lines.length, 1 + 5 + 1);
      assert.equal(lines.at(-1), 'and 2 more criteria');
    });
  });
});
