import * as assert from 'node:assert/strict';
import { ownersToSetting, parseAccountIds, parseOwners, parseSettings, resolveEndpoint, describeOwnerScope, isLoopbackHost } from '../../../src/config';

function source(values: Record<string, unknown>): { get(key: string): unknown } {
  return { get: (key) => values[key] };
}

describe('config', () => {
  describe('parseOwners', () => {
    it('maps the words to scopes and collects account ids into one scope', () => {
      const { scopes, invalid } = parseOwners(['self', 'shared-with-me', 'Amazon', 'aws-marketplace', '123456789012', '210987654321', '123456789012']);
      assert.deepEqual(scopes, [
        { kind: 'self' },
        { kind: 'sharedWithMe' },
        { kind: 'amazon' },
        { kind: 'marketplace' },
        { kind: 'accounts', accountIds: ['123456789012', '210987654321'] },
      ]);
      assert.deepEqual(invalid, []);
    });
    it('reports unknown entries and falls back to self when nothing is usable', () => {
      assert.deepEqual(parseOwners(['12345', 'me']), { scopes: [{ kind: 'self' }], invalid: ['12345', 'me'] });
      assert.deepEqual(parseOwners(undefined).scopes, [{ kind: 'self' }]);
      assert.deepEqual(parseOwners('self').scopes, [{ kind: 'self' }]);
    });
    it('round-trips through ownersToSetting', () => {
      const setting = ['shared-with-me', 'amazon', '123456789012'];
      assert.deepEqual(ownersToSetting(parseOwners(setting).scopes), setting);
    });
    it('describes scopes for people', () => {
      assert.equal(describeOwnerScope({ kind: 'accounts', accountIds: ['123456789012'] }), 'account 123456789012');
      assert.equal(describeOwnerScope({ kind: 'accounts', accountIds: ['123456789012', '210987654321'] }), '2 accounts');
    });
  });

  describe('parseAccountIds', () => {
    it('accepts ids separated by commas, spaces or lines, and the console\'s dashed form', () => {
      assert.deepEqual(parseAccountIds('123456789012, 210987654321\n1111-2222-3333 123456789012'), {
        ids: ['123456789012', '210987654321', '111122223333'],
      });
    });
    it('rejects short, long, non-digit and empty input with a message', () => {
      for (const bad of ['12345678901', '1234567890123', 'abcdefghijkl', '123456789012 x', '  ']) {
        const r = parseAccountIds(bad);
        assert.ok('error' in r, `accepted ${bad}`);
      }
      const r = parseAccountIds('123456789012 12ab');
      assert.ok('error' in r && r.error.includes('"12ab"'));
    });
  });

  describe('resolveEndpoint', () => {
    it('uses an http(s) endpoint in a trusted workspace', () => {
      assert.deepEqual(resolveEndpoint('http://127.0.0.1:4566/', true), { endpoint: 'http://127.0.0.1:4566' });
      assert.deepEqual(resolveEndpoint('https://ec2.example.test', true), { endpoint: 'https://ec2.example.test' });
    });
    it('ignores it in an untrusted workspace', () => {
      assert.deepEqual(resolveEndpoint('http://127.0.0.1:4566', false), { ignored: 'untrusted' });
    });
    it('rejects other schemes and URLs with user info', () => {
      assert.deepEqual(resolveEndpoint('file:///etc/passwd', true), { ignored: 'invalid' });
      assert.deepEqual(resolveEndpoint('http://user:pw@127.0.0.1:1', true), { ignored: 'invalid' });
      assert.deepEqual(resolveEndpoint('not a url', true), { ignored: 'invalid' });
    });
    it('allows http: only to loopback hosts; any other host needs https:', () => {
      for (const ok of ['http://127.0.0.1:4566', 'http://127.8.9.10:1', 'http://localhost:4566', 'http://LOCALHOST:1', 'http://[::1]:4566', 'http://[0:0:0:0:0:0:0:1]:2', 'https://10.0.0.5']) {
        assert.ok(resolveEndpoint(ok, true).endpoint, `refused ${ok}`);
      }
      for (const bad of ['http://10.0.0.5:4566', 'http://ec2.example.test', 'http://128.0.0.1', 'http://localhost.example.test', 'http://127.0.0.1.example.test', 'http://[::2]', 'http://[::ffff:127.0.0.1]', 'http://0.0.0.0:4566']) {
        assert.deepEqual(resolveEndpoint(bad, true), { ignored: 'insecure' }, bad);
      }
    });
    it('the loopback test itself', () => {
      assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('127.255.255.254') && isLoopbackHost('localhost') && isLoopbackHost('[::1]'));
      assert.ok(!isLoopbackHost('127.0.0.256') && !isLoopbackHost('1127.0.0.1') && !isLoopbackHost('localhost.') && !isLoopbackHost('::1') && !isLoopbackHost(''));
    });
    it('treats empty as no override', () => {
      assert.deepEqual(resolveEndpoint('', true), {});
      assert.deepEqual(resolveEndpoint(undefined, false), {});
    });
  });

  describe('parseSettings', () => {
    it('applies defaults when nothing is set', () => {
      const s = parseSettings(source({}), true);
      assert.deepEqual(s.profiles, []);
      assert.deepEqual(s.regions, []);
      assert.deepEqual(s.owners, [{ kind: 'self' }]);
      assert.equal(s.pageSize, 50);
      assert.equal(s.maxConcurrentRegions, 0, 'no cap: every region at once');
      assert.equal(s.maxAttempts, 3);
      assert.equal(s.showDeprecated, false);
      assert.equal(s.showDisabled, true, 'owner listings include disabled images unless turned off');
      assert.equal(s.groupByTag, undefined);
      assert.equal(s.filter, '');
      assert.equal(s.endpoint, undefined);
    });
    it('clamps numbers to their bounds and drops bad types', () => {
      const s = parseSettings(source({ 'images.pageSize': 2, maxConcurrentRegions: 99, maxAttempts: 'x', profiles: ['a', 3, ' a ', 'b'] }), true);
      assert.equal(s.pageSize, 5);
      assert.equal(s.maxConcurrentRegions, 64);
      assert.deepEqual([-3, 0, 8, 2.5].map((n) => parseSettings(source({ maxConcurrentRegions: n }), true).maxConcurrentRegions), [0, 0, 8, 2]);
      assert.equal(s.maxAttempts, 3);
      assert.deepEqual(s.profiles, ['a', 'b']);
      assert.equal(parseSettings(source({ 'images.pageSize': 5000 }), true).pageSize, 1000);
    });
    it('reads the tree and filter settings', () => {
      const s = parseSettings(
        source({ 'tree.groupByTag': ' Team ', 'images.filter': 'prod', 'images.architecture': 'arm64', regions: ['EU-WEST-1'], 'images.showDeprecated': true }),
        true,
      );
      assert.equal(s.groupByTag, 'Team');
      assert.equal(s.filter, 'prod');
      assert.equal(s.architecture, 'arm64');
      assert.deepEqual(s.regions, ['eu-west-1']);
      assert.equal(s.showDeprecated, true);
      assert.equal(parseSettings(source({ 'images.architecture': 'sparc' }), true).architecture, undefined);
    });
    it('drops the endpoint in an untrusted workspace and says why', () => {
      const s = parseSettings(source({ endpoint: 'http://127.0.0.1:9' }), false);
      assert.equal(s.endpoint, undefined);
      assert.equal(s.endpointIgnored, 'untrusted');
      assert.equal(parseSettings(source({ endpoint: 'http://127.0.0.1:9' }), true).endpoint, 'http://127.0.0.1:9');
    });
    it('keeps only region names, reporting the others (a workspace can set this)', () => {
      const s = parseSettings(
        source({ regions: ['eu-west-1', '**x**', 'us-gov-east-1', '[a](command:workbench.action.quit)', 'eu-west-1', 'EU-CENTRAL-1', 'us-east-1/../x'] }),
        true,
      );
      assert.deepEqual(s.regions, ['eu-west-1', 'us-gov-east-1', 'eu-central-1']);
      assert.deepEqual(s.invalidRegions, ['**x**', '[a](command:workbench.action.quit)', 'us-east-1/../x']);
      assert.deepEqual(parseSettings(source({}), true).invalidRegions, []);
    });
  });
});
