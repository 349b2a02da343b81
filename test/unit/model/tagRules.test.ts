import * as assert from 'node:assert/strict';
import {
  commonTagKeys,
  describeTagResults,
  findTagKey,
  isReservedTagKey,
  MAX_TAGS_PER_RESOURCE,
  refusedText,
  tagChangeProblems,
  tagChangeText,
  tagCountAfter,
  tagKeyProblem,
  tagLength,
  tagLimitProblems,
  tagValueProblem,
  validateTagChange,
} from '../../../src/model/tagRules';

/** n user tags k0…k(n-1). */
function tags(n: number, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`k${i}`] = `v${i}`;
  return { ...out, ...extra };
}

describe('model/tagRules', () => {
  describe('keys and values', () => {
    it('counts Unicode characters as EC2 does, not UTF-16 units', () => {
      assert.equal(tagLength('abc'), 3);
      assert.equal(tagLength('😀'), 1);
      assert.equal(tagLength('é'), 1);
      assert.equal(tagLength(''), 0);
    });

    it('takes ordinary keys, and keys of exactly 128 characters (astral ones too)', () => {
      assert.equal(tagKeyProblem('Name'), undefined);
      assert.equal(tagKeyProblem('x'.repeat(128)), undefined);
      assert.equal(tagKeyProblem('😀'.repeat(128)), undefined, '128 emoji are 256 UTF-16 units but 128 characters');
      assert.equal(tagKeyProblem('awsome'), undefined);
      assert.equal(tagKeyProblem('my:aws:key'), undefined);
    });

    it('refuses an empty key, a key over 128 characters and aws: in any case', () => {
      assert.match(tagKeyProblem('') ?? '', /cannot be empty/);
      assert.match(tagKeyProblem('x'.repeat(129)) ?? '', /at most 128 characters; this one has 129/);
      assert.match(tagKeyProblem('😀'.repeat(129)) ?? '', /this one has 129/);
      for (const key of ['aws:foo', 'AWS:foo', 'Aws:Name', 'aWs:']) {
        assert.match(tagKeyProblem(key) ?? '', /reserved for AWS/, key);
        assert.ok(isReservedTagKey(key));
      }
      assert.ok(!isReservedTagKey(' aws:x'));
    });

    it('takes values up to 256 characters (empty included) and refuses longer', () => {
      assert.equal(tagValueProblem(''), undefined);
      assert.equal(tagValueProblem('v'.repeat(256)), undefined);
      assert.equal(tagValueProblem('😀'.repeat(256)), undefined);
      assert.match(tagValueProblem('v'.repeat(257)) ?? '', /at most 256 characters; this one has 257/);
    });

    it('shows a hostile key as one visible line in a refusal', () => {
      const problem = tagKeyProblem('aws:\u202Eevil\nline') ?? '';
      assert.ok(!problem.includes('\u202E'));
      assert.ok(!problem.includes('\n'));
      assert.match(problem, /\\u202E/);
    });
  });

  describe('a whole change', () => {
    it('lists every bad key and value, and the removal of reserved keys', () => {
      const problems = tagChangeProblems({ set: { 'aws:x': 'a', ok: 'v'.repeat(300) }, remove: ['AWS:y'] });
      assert.equal(problems.length, 3);
      assert.match(problems[0] ?? '', /aws:x/);
      assert.match(problems[1] ?? '', /at most 256 characters; this one has 300 \(key “ok”\)/);
      assert.match(problems[2] ?? '', /AWS:y/);
      assert.deepEqual(tagChangeProblems({ set: { Name: 'x' } }), []);
      assert.match(tagChangeProblems({})[0] ?? '', /sets and removes no tag/);
    });

    it('counts user tags after CreateTags: current ∪ set, reserved keys not counted', () => {
      assert.equal(tagCountAfter(tags(3), { set: { k0: 'new' } }), 3);
      assert.equal(tagCountAfter(tags(3), { set: { n: 'x' } }), 4);
      assert.equal(tagCountAfter(tags(3, { 'aws:cloudformation:stack-name': 's' }), { set: { n: 'x' } }), 4);
      // DeleteTags comes after CreateTags: removals do not make room for the keys set.
      assert.equal(tagCountAfter(tags(50), { set: { n: 'x' }, remove: ['k0'] }), 51);
    });

    it('allows exactly 50 and names the image that would exceed, and by how much', () => {
      assert.deepEqual(tagLimitProblems([{ id: 'ami-1', tags: tags(49) }], { set: { n: 'x' } }), []);
      assert.deepEqual(tagLimitProblems([{ id: 'ami-1', tags: tags(MAX_TAGS_PER_RESOURCE) }], { set: { k1: 'changed' } }), [], 'changing an existing key adds none');
      const problems = tagLimitProblems(
        [
          { id: 'ami-ok', tags: tags(10) },
          { id: 'ami-full', name: 'build \u202Egnp.exe', tags: tags(49) },
        ],
        { set: { a: '1', b: '2', c: '3' } },
      );
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /^ami-full \(“build \\u202Egnp\.exe”\) would have 52 tags, 2 over EC2's limit of 50 per resource\.$/);
    });

    it('validates keys first, then the limit', () => {
      const resources = [{ id: 'ami-1', tags: tags(50) }];
      assert.match(validateTagChange(resources, { set: { 'aws:x': '1' } })[0] ?? '', /reserved/);
      assert.match(validateTagChange(resources, { set: { new: '1' } })[0] ?? '', /51 tags, 1 over/);
      assert.deepEqual(validateTagChange(resources, { remove: ['k1'] }), []);
      assert.match(refusedText(['A.', 'B.']), /^A\. B\. Nothing was sent\.$/);
    });
  });

  describe('keys for several images', () => {
    it('offers only the keys present on every image, reserved keys left out', () => {
      assert.deepEqual(commonTagKeys([{ Name: 'a', Team: 'x', 'aws:k': 'v' }, { Team: 'y', Name: 'b', Env: 'p' }]), ['Name', 'Team']);
      assert.deepEqual(commonTagKeys([{ Name: 'a' }, {}]), []);
      assert.deepEqual(commonTagKeys([]), []);
      assert.deepEqual(commonTagKeys([{ b: '1', a: '2' }]), ['a', 'b']);
    });

    it('finds the real key behind a key shown with visible escapes, and refuses unknown ones', () => {
      const t = { Name: 'a', 'evil\u202Ekey': 'b', constructor: 'c' };
      assert.equal(findTagKey(t, 'Name'), 'Name');
      assert.equal(findTagKey(t, 'evil\\u202Ekey'), 'evil\u202Ekey');
      assert.equal(findTagKey(t, 'constructor'), 'constructor');
      assert.equal(findTagKey(t, 'toString'), undefined);
      assert.equal(findTagKey(t, 'nope'), undefined);
      // Two keys that look the same: not guessed.
      assert.equal(findTagKey({ 'a\u200Bb': '1', 'a\\u200Bb\u200B': '2', 'x\u200By': '3', 'x\\u200By': '4' }, 'x\\u200By'), 'x\\u200By');
      assert.equal(findTagKey({ 'p\u200Bq': '1', 'p\u200Bq\u0000': '2' }, 'p\\u200Bq'), 'p\u200Bq');
    });
  });

  describe('texts', () => {
    it('says what a change does, with on/from', () => {
      assert.deepEqual(tagChangeText({ set: { Env: 'prod' } }), { text: 'set “Env” = “prod”', preposition: 'on' });
      assert.deepEqual(tagChangeText({ remove: ['Env', 'Team'] }), { text: 'removed the tags “Env” and “Team”', preposition: 'from' });
      assert.equal(tagChangeText({ set: { A: '1' }, remove: ['B'] }).text, 'set “A” = “1” and removed the tag “B”');
    });

    it('one image, all done: names the image and its snapshots', () => {
      const r = describeTagResults({ set: { Name: 'web' } }, [{ imageId: 'ami-1', name: 'my [x](command:evil)', snapshots: [{ snapshotId: 'snap-a' }, { snapshotId: 'snap-b' }] }]);
      assert.equal(r.level, 'info');
      assert.equal(r.text, 'Set “Name” = “web” on ami-1 (“my [x](command:evil)”) and 2 snapshots (snap-a, snap-b).');
    });

    it('several images, one failing: says which changed and why the other did not', () => {
      const r = describeTagResults({ remove: ['Env'] }, [
        { imageId: 'ami-1', snapshots: [] },
        { imageId: 'ami-2', name: 'two', error: 'The maximum number of tags (50) per resource has been reached', snapshots: [] },
        { imageId: 'ami-3', snapshots: [] },
      ]);
      assert.equal(r.level, 'warning');
      assert.equal(r.text, 'Removed the tag “Env” from 2 of 3 images: ami-1 and ami-3. ami-2 (“two”) was not changed: The maximum number of tags (50) per resource has been reached.');
    });

    it('a snapshot failing keeps the image changed and says so', () => {
      const r = describeTagResults({ set: { Env: 'prod' } }, [{ imageId: 'ami-1', snapshots: [{ snapshotId: 'snap-a' }, { snapshotId: 'snap-b', error: 'TagLimitExceeded.' }] }]);
      assert.equal(r.level, 'warning');
      assert.equal(r.text, 'Set “Env” = “prod” on ami-1 and 1 snapshot (snap-a). ami-1 was changed, but its snapshot snap-b was not: TagLimitExceeded.');
    });

    it('nothing changed: an error that says so', () => {
      const r = describeTagResults({ set: { Env: 'prod' } }, [
        { imageId: 'ami-1', error: 'Denied.', snapshots: [] },
        { imageId: 'ami-2', error: 'Denied.', snapshots: [] },
      ]);
      assert.equal(r.level, 'error');
      assert.equal(r.text, 'Nothing was changed. ami-1 was not changed: Denied. ami-2 was not changed: Denied.');
    });

    it('a lost answer: says it is not known whether the image changed, never that it did not', () => {
      const r = describeTagResults({ set: { A: 'b' } }, [
        { imageId: 'ami-1', error: 'The connection was reset.', outcomeUnknown: true, snapshots: [] },
        { imageId: 'ami-2', error: 'Denied.', snapshots: [] },
      ]);
      assert.equal(r.level, 'error');
      assert.equal(r.text, 'It is not known whether ami-1 changed (refresh it to see): The connection was reset. ami-2 was not changed: Denied.');
    });

    it('several images, all done; one not yet visible is a warning with the next step', () => {
      const all = describeTagResults({ set: { A: 'b' } }, [
        { imageId: 'ami-1', snapshots: [] },
        { imageId: 'ami-2', snapshots: [] },
      ]);
      assert.deepEqual(all, { level: 'info', text: 'Set “A” = “b” on ami-1 and ami-2.' });
      const later = describeTagResults({ set: { A: 'b' } }, [{ imageId: 'ami-1', notYetVisible: 'Refresh in a few seconds to see it.', snapshots: [] }]);
      assert.equal(later.level, 'warning');
      assert.match(later.text, /Refresh in a few seconds/);
    });
  });
});
