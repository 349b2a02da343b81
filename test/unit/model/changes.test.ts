/** The change flow's pure parts: which image a change concerns, and whether re-read tags show a tag change. */
import * as assert from 'node:assert/strict';
import { concerns, removedKeys, tagsApplied } from '../../../src/model/changes';

describe('model/changes', () => {
  it('a change concerns the image of the same profile, region and id only', () => {
    const ref = { region: 'us-east-1', imageId: 'ami-0123456789abcdef0', profile: 'dev' };
    const change = { kind: 'removed', ref } as const;
    assert.equal(concerns(change, { ...ref }), true);
    assert.equal(concerns(change, { ...ref, profile: 'prod' }), false);
    assert.equal(concerns(change, { region: ref.region, imageId: ref.imageId }), false);
    assert.equal(concerns(change, { ...ref, region: 'eu-west-1' }), false);
    assert.equal(concerns(change, { ...ref, imageId: 'ami-0fedcba9876543210' }), false);
  });

  it('a key both set and removed is set; duplicates are removed once', () => {
    assert.deepEqual(removedKeys({ set: { A: '1' }, remove: ['A', 'B', 'B'] }), ['B']);
    assert.deepEqual(removedKeys({ remove: ['__proto__'] }), ['__proto__']);
  });

  it('tags show the change only when every value is set and every removed key is gone', () => {
    const change = { set: { Team: 'payments', Empty: '' }, remove: ['Old'] };
    assert.equal(tagsApplied({ Team: 'payments', Empty: '', Other: 'x' }, change), true);
    assert.equal(tagsApplied({ Team: 'payments' }, change), false, 'a key set to the empty string must exist');
    assert.equal(tagsApplied({ Team: 'billing', Empty: '' }, change), false, 'old value');
    assert.equal(tagsApplied({ Team: 'payments', Empty: '', Old: 'y' }, change), false, 'removed key still there');
    assert.equal(tagsApplied({}, { remove: ['constructor', 'toString'] }), true, 'inherited names are not tags');
    assert.equal(tagsApplied({}, { set: { constructor: 'x' } }), false);
  });
});
