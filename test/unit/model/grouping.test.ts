import * as assert from 'node:assert/strict';
import type { AmiImage } from '../../../src/model/image';
import { filterImages, groupByTag, matchesFilter, mergeImages, normalizeFilter, sortNewestFirst, tagKeysOf } from '../../../src/model/grouping';

function image(id: string, extra: Partial<AmiImage> = {}): AmiImage {
  return { imageId: id, region: 'us-east-1', state: 'available', public: false, productCodes: [], tags: {}, blockDeviceMappings: [], ...extra };
}

describe('model/grouping', () => {
  describe('sortNewestFirst', () => {
    it('orders by creation date, newest first, undated last, ties by id', () => {
      const list = [
        image('ami-00000003', { creationDate: '2024-01-01T00:00:00.000Z' }),
        image('ami-00000009'),
        image('ami-00000001', { creationDate: '2025-06-01T00:00:00.000Z' }),
        image('ami-00000002', { creationDate: '2024-01-01T00:00:00.000Z' }),
        image('ami-00000004', { creationDate: 'not a date' }),
      ];
      assert.deepEqual(sortNewestFirst(list).map((i) => i.imageId), ['ami-00000001', 'ami-00000002', 'ami-00000003', 'ami-00000004', 'ami-00000009']);
    });

    it('does not mutate its input', () => {
      const list = [image('ami-b', { creationDate: '2020-01-01T00:00:00Z' }), image('ami-a', { creationDate: '2021-01-01T00:00:00Z' })];
      sortNewestFirst(list);
      assert.equal(list[0]?.imageId, 'ami-b');
    });
  });

  describe('text filter', () => {
    const web = image('ami-0aaa1111bbbb2222c', {
      name: 'web-server-2024',
      description: 'Hardened NGINX base',
      tags: { Name: 'Web', Team: 'Payments', Environment: 'PROD' },
    });
    const db = image('ami-0ddd3333eeee4444f', { name: 'postgres', description: 'database', tags: { Team: 'Data' } });

    it('matches the name, case-insensitively', () => {
      assert.deepEqual(filterImages([web, db], 'WEB-SERVER').map((i) => i.imageId), [web.imageId]);
    });
    it('matches the image id', () => {
      assert.deepEqual(filterImages([web, db], '3333eeee').map((i) => i.imageId), [db.imageId]);
    });
    it('matches the description', () => {
      assert.deepEqual(filterImages([web, db], 'nginx').map((i) => i.imageId), [web.imageId]);
    });
    it('matches tag values but not tag keys', () => {
      assert.deepEqual(filterImages([web, db], 'prod').map((i) => i.imageId), [web.imageId]);
      assert.deepEqual(filterImages([web, db], 'environment'), []);
    });
    it('requires every word to match somewhere', () => {
      assert.equal(matchesFilter(web, 'payments nginx'), true);
      assert.equal(matchesFilter(web, 'payments postgres'), false);
    });
    it('treats empty or blank text as no filter', () => {
      assert.equal(filterImages([web, db], '').length, 2);
      assert.equal(filterImages([web, db], '   ').length, 2);
      assert.equal(filterImages([web, db], undefined).length, 2);
      assert.equal(normalizeFilter('  Foo '), 'foo');
    });
    it('treats regex and glob characters literally', () => {
      const odd = image('ami-0123456789abcdef0', { name: 'a.*b [x]' });
      assert.equal(matchesFilter(odd, '.*'), true);
      assert.equal(matchesFilter(web, '.*'), false);
      assert.equal(matchesFilter(odd, '[x]'), true);
    });
  });

  describe('groupByTag', () => {
    const a = image('ami-a', { tags: { Environment: 'prod' } });
    const b = image('ami-b', { tags: { Environment: 'dev' } });
    const c = image('ami-c', { tags: { Team: 'x' } });
    const d = image('ami-d', { tags: { Environment: '' } });
    const e = image('ami-e', { tags: { Environment: 'prod' } });

    it('makes one group per value, sorted, with images missing the tag last', () => {
      const groups = groupByTag([a, b, c, d, e], 'Environment');
      assert.deepEqual(
        groups.map((g) => [g.value, g.images.map((i) => i.imageId)]),
        [
          ['', ['ami-d']],
          ['dev', ['ami-b']],
          ['prod', ['ami-a', 'ami-e']],
          [undefined, ['ami-c']],
        ],
      );
      assert.ok(groups.every((g) => g.key === 'Environment'));
    });

    it('keeps the empty value apart from a missing tag', () => {
      const groups = groupByTag([c, d], 'Environment');
      assert.equal(groups.length, 2);
      assert.equal(groups[0]?.value, '');
      assert.equal(groups[1]?.value, undefined);
    });

    it('sorts values naturally (v2 before v10) and case-insensitively', () => {
      const imgs = ['v10', 'v2', 'Beta', 'alpha'].map((v, i) => image(`ami-${i}`, { tags: { Version: v } }));
      assert.deepEqual(groupByTag(imgs, 'Version').map((g) => g.value), ['alpha', 'Beta', 'v2', 'v10']);
    });

    it('has no missing-tag group when every image has the tag, and no groups for no images', () => {
      assert.equal(groupByTag([a, b], 'Environment').some((g) => g.value === undefined), false);
      assert.deepEqual(groupByTag([], 'Environment'), []);
    });

    it('does not treat inherited object properties as tags', () => {
      const groups = groupByTag([image('ami-x')], 'constructor');
      assert.deepEqual(groups.map((g) => g.value), [undefined]);
    });
  });

  it('tagKeysOf lists every key once, sorted', () => {
    const keys = tagKeysOf([image('ami-1', { tags: { Team: 'a', Name: 'n' } }), image('ami-2', { tags: { Environment: 'p', Team: 'b' } })]);
    assert.deepEqual(keys, ['Environment', 'Name', 'Team']);
  });

  it('mergeImages appends new ids only', () => {
    const merged = mergeImages([image('ami-1'), image('ami-2')], [image('ami-2', { name: 'dup' }), image('ami-3')]);
    assert.deepEqual(merged.map((i) => i.imageId), ['ami-1', 'ami-2', 'ami-3']);
    assert.equal(merged[1]?.name, undefined);
  });
});
