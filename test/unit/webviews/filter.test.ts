import * as assert from 'node:assert/strict';
import { filterCount, matchesFilter } from '../../../src/webviews/common/filter';
import { NO_VALUE } from '../../../src/webviews/common/text';

describe('webviews/common/filter', () => {
  const row = { key: 'Boot mode', value: 'UEFI-Preferred' };

  it('matches a case-insensitive substring of the key or the value', () => {
    assert.ok(matchesFilter(row, 'boot'));
    assert.ok(matchesFilter(row, 'uefi-p'));
    assert.ok(matchesFilter(row, '  MODE '), 'surrounding blanks are ignored');
    assert.ok(!matchesFilter(row, 'legacy'));
    assert.ok(!matchesFilter(row, 'boot uefi'), 'a substring of one field, not across both');
  });

  it('matches everything when the query is empty', () => {
    assert.ok(matchesFilter(row, ''));
    assert.ok(matchesFilter(row, '   '));
    assert.equal(filterCount(3, 10, ''), undefined);
    assert.equal(filterCount(3, 10, 'x'), '3 of 10');
  });

  it('treats markup and regex characters as text', () => {
    assert.ok(matchesFilter({ key: 'Name', value: '<img src=x>' }, '<IMG'));
    assert.ok(!matchesFilter({ key: 'Name', value: 'abc' }, '.*'));
    assert.equal(NO_VALUE, '\u2014');
  });
});
