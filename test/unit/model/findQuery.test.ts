import * as assert from 'node:assert/strict';
import {
  FIND_HISTORY_MAX,
  FIND_MAX_PAGES,
  findFailureRow,
  findFilters,
  findMoreRow,
  findNothingText,
  findProgressTitle,
  findResultRow,
  matchesFindQuery,
  notInTreeText,
  parseFindQuery,
  readHistory,
  rememberSearch,
  treeCannotList,
  wildcardMatch,
  type FindQuery,
  type TreeListing,
} from '../../../src/model/findQuery';
import type { AmiImage } from '../../../src/model/image';

function image(patch: Partial<AmiImage> = {}): AmiImage {
  return { imageId: 'ami-0123456789abcdef0', region: 'eu-west-1', tags: {}, blockDeviceMappings: [], ...patch } as AmiImage;
}

function parsed(text: string): FindQuery {
  const p = parseFindQuery(text);
  if (!p.ok) throw new Error(`refused: ${p.message}`);
  return p.query;
}

function refused(text: string): string {
  const p = parseFindQuery(text);
  if (p.ok) throw new Error(`accepted: ${JSON.stringify(p.query)}`);
  return p.message;
}

describe('model/findQuery', () => {
  describe('parseFindQuery', () => {
    it('image ids: 8 or 17 hex digits, several separated by spaces or commas, lower-cased, duplicates dropped', () => {
      assert.deepEqual(parsed('ami-12345678'), { kind: 'ids', ids: ['ami-12345678'] });
      assert.deepEqual(parsed('  AMI-0123456789ABCDEF0 , ami-12345678 ami-0123456789abcdef0,'), { kind: 'ids', ids: ['ami-0123456789abcdef0', 'ami-12345678'] });
    });

    it('refuses ids that are not ami- + 8 or 17 hex digits, naming the bad one', () => {
      assert.match(refused('ami-xyz'), /^"ami-xyz" is not an image id: ami- followed by 8 or 17 hexadecimal digits\.$/);
      assert.match(refused('ami-12345678 ami-123456789'), /"ami-123456789" is not an image id/);
      assert.match(refused('ami-0123456789abcdef'), /not an image id/, '16 digits');
      const many = Array.from({ length: 51 }, (_, i) => `ami-${(0x10000000 + i).toString(16)}`).join(' ');
      assert.match(refused(many), /at most 50 image ids/);
    });

    it('Key=Value is a tag search; Key= means "has the key"; wildcards kept', () => {
      assert.deepEqual(parsed('Team = web'), { kind: 'tag', key: 'Team', value: 'web' });
      assert.deepEqual(parsed('Env='), { kind: 'tag', key: 'Env', value: '' });
      assert.deepEqual(parsed('App*=v?'), { kind: 'tag', key: 'App*', value: 'v?' });
      assert.match(refused('=web'), /needs a key before "="/);
    });

    it('name:/desc: prefixes, wildcard text is a name pattern, other text is plain text', () => {
      assert.deepEqual(parsed('name: web-*'), { kind: 'name', pattern: 'web-*' });
      assert.deepEqual(parsed('desc:Ubuntu 24.04'), { kind: 'description', pattern: 'Ubuntu 24.04' });
      assert.deepEqual(parsed('web-server-??'), { kind: 'name', pattern: 'web-server-??' });
      assert.deepEqual(parsed('golden'), { kind: 'text', text: 'golden' });
      assert.match(refused('name:'), /Type a name pattern/);
      assert.match(refused('   '), /Type an image id/);
    });
  });

  describe('filters and matching', () => {
    it('each query becomes the DescribeImages filters to send (plain text: name OR description)', () => {
      assert.deepEqual(findFilters({ kind: 'text', text: 'gold' }), [{ name: '*gold*' }, { description: '*gold*' }]);
      assert.deepEqual(findFilters({ kind: 'name', pattern: 'a*' }), [{ name: 'a*' }]);
      assert.deepEqual(findFilters({ kind: 'description', pattern: '*b' }), [{ description: '*b' }]);
      assert.deepEqual(findFilters({ kind: 'tag', key: 'Team', value: 'web' }), [{ tags: { Team: 'web' } }]);
      assert.deepEqual(findFilters({ kind: 'tag', key: 'Team', value: '' }), [{ tagKey: 'Team' }]);
      assert.deepEqual(findFilters({ kind: 'tag', key: 'Te*', value: 'web' }), [{ tagKey: 'Te*', tagValue: 'web' }]);
    });

    it('wildcards as EC2 has them: * any run, ? one character, the rest literal and case-sensitive', () => {
      assert.ok(wildcardMatch('web-*', 'web-1.2'));
      assert.ok(wildcardMatch('a?c', 'abc'));
      assert.ok(!wildcardMatch('a?c', 'ac'));
      assert.ok(!wildcardMatch('Web*', 'web'));
      assert.ok(wildcardMatch('a.(b)+', 'a.(b)+'));
      assert.ok(!wildcardMatch('a.c', 'abc'));
    });

    it('a wildcard tag key with a value needs one tag matching both', () => {
      const q: FindQuery = { kind: 'tag', key: 'Te*', value: 'web' };
      assert.ok(matchesFindQuery(q, image({ tags: { Team: 'web' } })));
      assert.ok(!matchesFindQuery(q, image({ tags: { Team: 'db', Other: 'web' } })));
      assert.ok(matchesFindQuery({ kind: 'text', text: 'old' }, image({ description: 'golden' })));
      assert.ok(!matchesFindQuery({ kind: 'text', text: 'old' }, image({ name: 'OLD' })));
    });
  });

  describe('texts', () => {
    it('result row: name, id · profile · region, date · owner · description; hostile text is one inert line', () => {
      const row = findResultRow(image({ name: '$(verified) web\n\u202Eevil', ownerId: '123456789012', creationDate: '2026-10-01T10:20:00.000Z', description: 'line1\nline2', state: 'available' }), 'dev');
      assert.equal(row.label, '\\$(verified) web \\u202Eevil');
      assert.equal(row.description, 'ami-0123456789abcdef0 · dev · eu-west-1');
      assert.equal(row.detail, '2026-10-01 10:20 UTC · owner 123456789012 · line1 line2');
      const bare = findResultRow(image({ ownerAlias: 'amazon', ownerId: '137112412989', state: 'disabled' }), undefined);
      assert.equal(bare.label, 'ami-0123456789abcdef0');
      assert.equal(bare.description, 'ami-0123456789abcdef0 · eu-west-1');
      assert.equal(bare.detail, 'creation date unknown · owner amazon (137112412989) · disabled');
    });

    it('failure, cut-off and nothing-found rows, and the progress title', () => {
      assert.deepEqual(findFailureRow({ profile: 'dev', region: 'eu-west-1' }, 'Access denied\nto $(x)'), { label: '$(error) dev · eu-west-1: search failed', description: '', detail: 'Access denied to \\$(x)' });
      assert.equal(findFailureRow({ profile: '$(zap)' }, 'no creds').label, '$(error) profile \\$(zap): search failed');
      assert.equal(findMoreRow({ profile: undefined, region: 'eu-west-1' }).label, '$(info) More results in eu-west-1: refine the search');
      assert.match(findMoreRow({ profile: undefined, region: 'eu-west-1' }).detail, new RegExp(`first ${FIND_MAX_PAGES} pages`));
      assert.equal(findProgressTitle(7, 17, 3, false), '7 of 17 regions answered, 3 found');
      assert.equal(findProgressTitle(17, 17, 1, true), 'Searched 17 regions, 1 found');
      assert.equal(findNothingText({ kind: 'ids', ids: ['ami-12345678'] }, 4, 1), 'No image with image id ami-12345678 in 4 regions (1 failed).');
      assert.equal(notInTreeText('ami-12345678', { profile: undefined, region: 'us-east-1' }, 'otherOwner'), 'ami-12345678 is not in the tree: the tree lists other owners (amiExplorer.images.owners). Showing its details instead.');
    });
  });

  describe('whether the tree can list a found image', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const listing = (patch: Partial<TreeListing> = {}): TreeListing => ({ scopes: [{ kind: 'self' }], accountId: '111111111111', showDeprecated: false, showDisabled: false, architecture: undefined, ...patch });
    it('owner scopes', () => {
      assert.equal(treeCannotList(image({ ownerId: '111111111111' }), listing(), now), undefined);
      assert.equal(treeCannotList(image({ ownerId: '222222222222' }), listing(), now), 'otherOwner');
      assert.equal(treeCannotList(image({ ownerId: '222222222222' }), listing({ accountId: undefined }), now), undefined, 'my account unknown: maybe');
      assert.equal(treeCannotList(image({ ownerId: '222222222222', ownerAlias: 'amazon' }), listing({ scopes: [{ kind: 'amazon' }] }), now), undefined);
      assert.equal(treeCannotList(image({ ownerId: '222222222222' }), listing({ scopes: [{ kind: 'accounts', accountIds: ['222222222222'] }] }), now), undefined);
      assert.equal(treeCannotList(image({ ownerId: '222222222222', public: true }), listing({ scopes: [{ kind: 'sharedWithMe' }] }), now), 'otherOwner');
    });
    it('architecture, disabled and deprecated settings', () => {
      const mine = { ownerId: '111111111111' };
      assert.equal(treeCannotList(image({ ...mine, architecture: 'arm64' }), listing({ architecture: 'x86_64' }), now), 'notListed');
      assert.equal(treeCannotList(image({ ...mine, state: 'disabled' }), listing(), now), 'notListed');
      assert.equal(treeCannotList(image({ ...mine, state: 'disabled' }), listing({ showDisabled: true }), now), undefined);
      assert.equal(treeCannotList(image({ ...mine, deprecationTime: '2026-01-01T00:00:00Z' }), listing(), now), undefined, 'owners see their deprecated images');
      assert.equal(treeCannotList(image({ ownerId: '2', ownerAlias: 'amazon', deprecationTime: '2026-01-01T00:00:00Z' }), listing({ scopes: [{ kind: 'amazon' }] }), now), 'notListed');
    });
  });

  describe('remembered searches', () => {
    it('most recent first, trimmed, no duplicates, at most 10', () => {
      let h: string[] = [];
      for (let i = 0; i < 12; i++) h = rememberSearch(h, ` q${i} `);
      assert.equal(h.length, FIND_HISTORY_MAX);
      assert.deepEqual(h.slice(0, 2), ['q11', 'q10']);
      h = rememberSearch(h, 'q5');
      assert.deepEqual(h.slice(0, 2), ['q5', 'q11']);
      assert.equal(h.filter((x) => x === 'q5').length, 1);
      assert.equal(h.length, FIND_HISTORY_MAX);
      assert.deepEqual(rememberSearch(h, '  '), h);
    });
    it('reads only a list of strings from storage', () => {
      assert.deepEqual(readHistory(undefined), []);
      assert.deepEqual(readHistory('x'), []);
      assert.deepEqual(readHistory(['a', 3, '', 'a', 'b']), ['a', 'b']);
    });
  });
});
