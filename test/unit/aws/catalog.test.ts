/**
 * catalog (issue #11): the catalog service (src/aws/catalog.ts) through the real SDKs against the
 * emulator: public SSM parameters in calls of at most 10 names, unknown names and regional gaps in
 * `invalid`, values equal to the seeded newest image, typed failures (SSM's codes mapped in
 * errors.ts), cancellation, images by id with unknown ids left out, the SSM client pool.
 */
import * as assert from 'node:assert/strict';
import { CATALOG_FAMILIES, CATALOG_GAPS, CATALOG_PARAMETERS, COMMUNITY_HOSTILE_NAME, COMMUNITY_OWNERS, newestOfFamily, startEmulator, type Emulator, type RequestLogEntry } from '../../emulator/index';
import { ClientPool } from '../../../src/aws/clients';
import { toFailure } from '../../../src/aws/errors';
import { Session } from '../../../src/aws/session';
import { GET_PARAMETERS_MAX_NAMES } from '../../../src/aws/catalog';
import type { CatalogOperations } from '../../../src/aws/types';
import { defaultHome, makeServices, unwrap, VERSION, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';
const BASE_DATE = Date.UTC(2026, 10, 1);

describe('aws/catalog', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let catalog: CatalogOperations;
  const ssmCalls = (action: string): RequestLogEntry[] => emu.requests.filter((r) => r.service === 'ssm' && r.action === action);

  before(async () => {
    emu = await startEmulator({ port: 0, imagesPerRegion: 3 });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
    home = defaultHome();
    t = makeServices(home, emu.url);
    catalog = t.services.catalog(undefined);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  describe('getPublicParameters', () => {
    it('reads 16 names in two GetParameters calls of at most 10, each value the newest image of its family', async () => {
      const out = unwrap(await catalog.getPublicParameters(REGION, CATALOG_PARAMETERS));
      const calls = ssmCalls('GetParameters');
      assert.equal(calls.length, 2);
      const sizes = calls.map((c) => Object.keys(c.params).filter((k) => k.startsWith('Names.')).length).sort((a, b) => a - b);
      assert.deepEqual(sizes, [6, 10]);
      assert.ok(sizes.every((n) => n <= GET_PARAMETERS_MAX_NAMES));
      assert.deepEqual(out.invalid, []);
      assert.deepEqual(
        out.parameters.map((p) => p.name),
        [...CATALOG_PARAMETERS],
        'in the order asked',
      );
      const images = emu.store.images(REGION);
      for (const p of out.parameters) {
        const family = CATALOG_FAMILIES.find((f) => f.parameter === p.name);
        assert.ok(family);
        assert.equal(p.value, newestOfFamily(images, family, BASE_DATE)?.imageId, `${p.name} → the newest ${family.architecture} image of its family`);
        const stored = emu.store.ssm.get(REGION, p.name);
        assert.equal(p.version, stored?.version);
        assert.equal(p.lastModifiedDate, new Date(stored?.lastModified ?? 0).toISOString());
      }
    });

    it('names an unknown parameter, and one not published in the region, in `invalid`', async () => {
      const gap = CATALOG_GAPS[0];
      assert.ok(gap);
      const names = ['/aws/service/debian/release/12/latest/arm64', gap.parameter, '/aws/service/no/such/parameter'];
      const out = unwrap(await catalog.getPublicParameters(gap.region, names));
      assert.deepEqual(
        out.parameters.map((p) => p.name),
        ['/aws/service/debian/release/12/latest/arm64'],
      );
      assert.deepEqual(out.invalid, [gap.parameter, '/aws/service/no/such/parameter']);
      // The same name is published elsewhere.
      const elsewhere = unwrap(await catalog.getPublicParameters('eu-west-1', [gap.parameter]));
      assert.equal(elsewhere.parameters[0]?.value, emu.store.ssm.get('eu-west-1', gap.parameter)?.value);
    });

    it('makes no call for no names, and none when already cancelled', async () => {
      assert.deepEqual(unwrap(await catalog.getPublicParameters(REGION, [])), { parameters: [], invalid: [] });
      const ac = new AbortController();
      ac.abort();
      const r = await catalog.getPublicParameters(REGION, CATALOG_PARAMETERS, ac.signal);
      assert.equal(r.ok ? 'ok' : r.error.kind, 'cancelled');
      assert.equal(ssmCalls('GetParameters').length, 0);
    });

    it('cancelling while the calls wait stops them: kind cancelled', async () => {
      emu.faults.setLatency(REGION, 1500);
      const ac = new AbortController();
      const pending = catalog.getPublicParameters(REGION, CATALOG_PARAMETERS, ac.signal);
      setTimeout(() => ac.abort(), 100);
      const started = Date.now();
      const r = await pending;
      assert.equal(r.ok ? 'ok' : r.error.kind, 'cancelled');
      assert.ok(Date.now() - started < 1200, 'did not wait for the answers');
    });

    it('throttling after the retries is a typed failure: throttled, action ssm:GetParameters, SSM named', async () => {
      emu.faults.throttleNext(100, { action: 'GetParameters' });
      const r = await catalog.getPublicParameters(REGION, CATALOG_PARAMETERS.slice(0, 3));
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'throttled');
      assert.equal(r.error.code, 'ThrottlingException');
      assert.equal(r.error.action, 'ssm:GetParameters');
      assert.equal(r.error.region, REGION);
      assert.match(r.error.message, /^SSM throttled ssm:GetParameters in us-east-1 after 3 attempts/);
      assert.equal(ssmCalls('GetParameters').length, 3, 'the adaptive retries went to the emulator');
    });

    it('a denied action is accessDenied; one failing call of two fails the read', async () => {
      emu.faults.denyAction('GetParameters');
      const denied = await catalog.getPublicParameters(REGION, CATALOG_PARAMETERS);
      assert.ok(!denied.ok);
      assert.equal(denied.error.kind, 'accessDenied');
      assert.equal(denied.error.code, 'AccessDeniedException');
      assert.match(denied.error.message, /not allowed to call ssm:GetParameters in us-east-1/);
      emu.faults.reset();
      emu.faults.http500Next(10, { action: 'GetParameters' });
      const server = await catalog.getPublicParameters(REGION, CATALOG_PARAMETERS.slice(0, 2));
      assert.ok(!server.ok);
      assert.equal(server.error.kind, 'unknown');
      assert.match(server.error.message, /SSM answered ssm:GetParameters in us-east-1 with a server error \(HTTP 500, InternalServerError\)/);
    });

    it('rejected credentials are credentialsRejected (InvalidSignatureException, UnrecognizedClientException)', async () => {
      home.writeCredentials('[default]\naws_access_key_id = AKIA_DEFAULT_TEST_01\naws_secret_access_key = not-the-secret\n[ghost]\naws_access_key_id = AKIA_GHOST_TEST_0001\naws_secret_access_key = x\n');
      const t2 = makeServices(home, emu.url);
      try {
        const bad = await t2.services.catalog(undefined).getPublicParameters(REGION, CATALOG_PARAMETERS.slice(0, 1));
        assert.ok(!bad.ok);
        assert.deepEqual([bad.error.kind, bad.error.code], ['credentialsRejected', 'InvalidSignatureException']);
        const ghost = await t2.services.catalog('ghost').getPublicParameters(REGION, CATALOG_PARAMETERS.slice(0, 1));
        assert.ok(!ghost.ok);
        assert.deepEqual([ghost.error.kind, ghost.error.code, ghost.error.profile], ['credentialsRejected', 'UnrecognizedClientException', 'ghost']);
      } finally {
        t2.services.dispose();
      }
    });
  });

  describe('describeImagesById', () => {
    it('answers the known images, leaving an unknown id out instead of failing (one DescribeImages with the image-id filter)', async () => {
      const params = unwrap(await catalog.getPublicParameters(REGION, CATALOG_PARAMETERS.slice(0, 4)));
      const ids = params.parameters.map((p) => p.value);
      emu.requests.length = 0;
      const images = unwrap(await catalog.describeImagesById(REGION, [...ids, 'ami-0123456789abcdef0']));
      assert.deepEqual(
        images.map((i) => i.imageId),
        ids,
      );
      assert.equal(images[1]?.architecture, 'arm64');
      const calls = emu.requests.filter((r) => r.action === 'DescribeImages');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.params['Filter.1.Name'], 'image-id');
      assert.equal(calls[0]?.params['ImageId.1'], undefined, 'not ImageIds, which would fail on the unknown id');
    });

    it('finds a deprecated image by id too', async () => {
      const old = emu.store.images(REGION).find((i) => i.deprecationTime !== undefined && i.name.startsWith('debian-12-amd64-'));
      assert.ok(old, 'the seed has a deprecated older Debian image');
      const images = unwrap(await catalog.describeImagesById(REGION, [old.imageId]));
      assert.equal(images[0]?.imageId, old.imageId);
    });

    it('a failure is typed with ec2:DescribeImages', async () => {
      emu.faults.denyAction('DescribeImages');
      const r = await catalog.describeImagesById(REGION, ['ami-0123456789abcdef0']);
      assert.ok(!r.ok);
      assert.deepEqual([r.error.kind, r.error.action], ['accessDenied', 'ec2:DescribeImages']);
    });
  });

  describe('getParametersByPath', () => {
    it('follows every page through the SDK paginator, empty pages with a NextToken included, and stops at the last', async () => {
      const out = unwrap(await catalog.getParametersByPath(REGION, '/aws/service/debian'));
      assert.deepEqual(
        out.map((p) => p.name),
        CATALOG_PARAMETERS.filter((n) => n.startsWith('/aws/service/debian/')).sort(),
      );
      for (const p of out) assert.equal(p.value, emu.store.ssm.get(REGION, p.name)?.value);
      const walked = emu.store.ssm.list(REGION);
      assert.ok(walked.slice(0, 10).every((p) => !p.name.startsWith('/aws/service/debian/')), 'the first page SSM answers is empty (but has a NextToken)');
      const calls = ssmCalls('GetParametersByPath');
      const total = walked.length;
      assert.equal(calls.length, Math.ceil(total / 10), 'one call per window of 10 parameters walked, and no more');
      assert.ok(calls.every((c) => c.params.MaxResults === '10' && c.params.Recursive === 'true' && c.status === 200));
      assert.equal(calls[0]?.params.NextToken, undefined);
      assert.ok(calls.slice(1).every((c) => c.params.NextToken !== undefined), 'each later call carries the token of the page before');
    });

    it('answers every parameter under /aws/service of the region (recursive)', async () => {
      const out = unwrap(await catalog.getParametersByPath('ap-southeast-2', '/aws/service'));
      assert.deepEqual(
        out.map((p) => p.name),
        emu.store.ssm.list('ap-southeast-2').map((p) => p.name),
      );
      assert.equal(out.length, CATALOG_PARAMETERS.length - 1, 'the gap is missing there');
    });

    it('refuses a path without a leading slash before any call; a failure is typed with ssm:GetParametersByPath', async () => {
      const bad = await catalog.getParametersByPath(REGION, 'aws/service');
      assert.ok(!bad.ok);
      assert.equal(bad.error.kind, 'invalidInput');
      assert.equal(ssmCalls('GetParametersByPath').length, 0);
      emu.faults.denyAction('GetParametersByPath');
      const denied = await catalog.getParametersByPath(REGION, '/aws/service');
      assert.ok(!denied.ok);
      assert.deepEqual([denied.error.kind, denied.error.action], ['accessDenied', 'ssm:GetParametersByPath']);
    });
  });

  describe('searchPublicImages', () => {
    const ids = (page: { items: { imageId: string }[] }): string[] => page.items.map((i) => i.imageId);

    it('requires a name pattern: empty, blank or only wildcards is invalidInput before any call', async () => {
      for (const namePattern of ['', '   ', '*', ' ** ']) {
        const r = await catalog.searchPublicImages(REGION, { source: 'community', namePattern }, {});
        assert.ok(!r.ok, JSON.stringify(namePattern));
        assert.equal(r.error.kind, 'invalidInput');
      }
      assert.equal(emu.requests.length, 0);
    });

    it('marketplace: Owners=aws-marketplace, public, by name', async () => {
      const page = unwrap(await catalog.searchPublicImages(REGION, { source: 'marketplace', namePattern: '*Windows_Server-2022*' }, {}));
      assert.ok(page.items.length >= 1);
      assert.ok(page.items.every((i) => i.ownerAlias === 'aws-marketplace'));
      const call = emu.requests.find((r) => r.action === 'DescribeImages');
      assert.equal(call?.params['Owner.1'], 'aws-marketplace');
      const filters = Object.entries(call?.params ?? {}).filter(([k]) => k.startsWith('Filter.'));
      assert.ok(filters.some(([, v]) => v === 'is-public'));
    });

    it('amazon: Owners=amazon; the architecture filter applies', async () => {
      const page = unwrap(await catalog.searchPublicImages(REGION, { source: 'amazon', namePattern: 'Windows_Server-2022-English-Full-Base-*' }, {}));
      const expected = emu.store.images(REGION).filter((i) => i.ownerAlias === 'amazon' && i.name.startsWith('Windows_Server-2022-English-Full-Base-') && !(i.deprecationTime && Date.parse(i.deprecationTime) < Date.now()));
      assert.deepEqual(new Set(ids(page)), new Set(expected.map((i) => i.imageId)));
      assert.ok(!page.items.some((i) => (i.name ?? '').includes('community')), 'the community rebuild of another owner is not Amazon');
      const arm = unwrap(await catalog.searchPublicImages(REGION, { source: 'amazon', namePattern: 'al2023-ami-2023*', architecture: 'arm64' }, { pageSize: 1000 }));
      assert.ok(arm.items.length > 0 && arm.items.every((i) => i.architecture === 'arm64' && i.ownerAlias === 'amazon'));
    });

    it('community: no Owners, Amazon and Marketplace images dropped from the page, the hostile name kept as it is', async () => {
      const page = unwrap(await catalog.searchPublicImages(REGION, { source: 'community', namePattern: 'Windows_Server-2022*' }, { pageSize: 1000 }));
      assert.deepEqual(
        page.items.map((i) => i.name),
        ['Windows_Server-2022-English-Full-Base-community-rebuild'],
      );
      const call = emu.requests.find((r) => r.action === 'DescribeImages');
      assert.equal(call?.params['Owner.1'], undefined);
      const ubuntu = unwrap(await catalog.searchPublicImages(REGION, { source: 'community', namePattern: '*ubuntu*' }, { pageSize: 1000 }));
      assert.ok(ubuntu.items.some((i) => i.name === COMMUNITY_HOSTILE_NAME));
      assert.ok(ubuntu.items.some((i) => i.ownerId === '099720109477'), 'Canonical (no owner alias) is among the community images');
      assert.ok(ubuntu.items.every((i) => i.ownerAlias !== 'amazon' && i.ownerAlias !== 'aws-marketplace'));
    });

    it('owner filter: a 12-digit id is owner-id, an alias owner-alias', async () => {
      const filterNames = (): string[] => {
        const call = emu.requests.filter((r) => r.action === 'DescribeImages').at(-1);
        return Object.entries(call?.params ?? {})
          .filter(([k]) => /^Filter\.\d+\.Name$/.test(k))
          .map(([, v]) => v);
      };
      const byId = unwrap(await catalog.searchPublicImages(REGION, { source: 'community', namePattern: '*ubuntu*', owner: COMMUNITY_OWNERS[0] }, { pageSize: 1000 }));
      assert.ok(byId.items.length >= 3);
      assert.ok(byId.items.every((i) => i.ownerId === COMMUNITY_OWNERS[0]));
      assert.ok(filterNames().includes('owner-id'));
      const byAlias = unwrap(await catalog.searchPublicImages(REGION, { source: 'amazon', namePattern: 'amzn2-ami-hvm-*', owner: 'amazon' }, {}));
      assert.ok(byAlias.items.length > 0 && byAlias.items.every((i) => i.ownerAlias === 'amazon'));
      assert.ok(filterNames().includes('owner-alias') && !filterNames().includes('owner-id'));
    });

    it('pages with MaxResults/NextToken, newest first within each page', async () => {
      const first = unwrap(await catalog.searchPublicImages(REGION, { source: 'amazon', namePattern: 'a*' }, { pageSize: 5 }));
      assert.ok(first.nextToken, 'more than one page');
      assert.ok(first.items.length <= 5);
      const dates = first.items.map((i) => i.creationDate ?? '');
      assert.deepEqual(dates, [...dates].sort().reverse());
      const second = unwrap(await catalog.searchPublicImages(REGION, { source: 'amazon', namePattern: 'a*' }, { pageSize: 5, nextToken: first.nextToken }));
      assert.ok(second.items.length > 0);
      assert.ok(!second.items.some((i) => ids(first).includes(i.imageId)), 'the second page goes on');
      const calls = emu.requests.filter((r) => r.action === 'DescribeImages');
      assert.deepEqual(
        calls.map((c) => c.params.MaxResults),
        ['5', '5'],
      );
      assert.equal(calls[1]?.params.NextToken, first.nextToken);
    });

    it('a failure is typed (throttled) with ec2:DescribeImages', async () => {
      emu.faults.throttleNext(100, { action: 'DescribeImages' });
      const r = await catalog.searchPublicImages(REGION, { source: 'community', namePattern: '*ubuntu*' }, {});
      assert.ok(!r.ok);
      assert.deepEqual([r.error.kind, r.error.action], ['throttled', 'ec2:DescribeImages']);
    });
  });

  describe('SSM clients in the pool', () => {
    it('one SSM client per (profile, region), reused, dropped with the EC2 ones on a settings change and on dispose', () => {
      const session = new Session({ env: home.env, log: () => undefined });
      const logs: string[] = [];
      const pool = new ClientPool({ session, userAgent: ['ami-explorer', VERSION], log: (_l, m) => logs.push(m) }, { endpoint: emu.url, maxAttempts: 4 });
      const a = pool.ssm(undefined, REGION);
      assert.equal(pool.ssm(undefined, REGION), a);
      assert.notEqual(pool.ssm(undefined, 'eu-west-1'), a);
      assert.notEqual(pool.ssm('dev', REGION), a);
      assert.equal(pool.ssmSize, 3);
      assert.equal(pool.size, 0, 'SSM clients are kept apart from the EC2 ones');
      assert.ok(logs.some((m) => m.startsWith('Created SSM client for (default chain) in us-east-1 at http://127.0.0.1:')));
      pool.dropProfile('dev');
      assert.equal(pool.ssmSize, 2);
      assert.equal(pool.update({ endpoint: emu.url, maxAttempts: 5 }), true);
      assert.equal(pool.ssmSize, 0);
      pool.ssm(undefined, REGION);
      pool.disposeAll();
      assert.equal(pool.ssmSize, 0);
      assert.equal(pool.ssmEndpointFor(REGION), emu.url);
      pool.update({});
      assert.equal(pool.ssmEndpointFor('eu-west-1'), 'https://ssm.eu-west-1.amazonaws.com');
    });

    it('uses the configured attempts, the user agent and the endpoint override', async () => {
      const session = new Session({ env: home.env, log: () => undefined });
      const pool = new ClientPool({ session, userAgent: ['ami-explorer', VERSION], log: () => undefined }, { endpoint: emu.url, maxAttempts: 2 });
      const client = pool.ssm(undefined, REGION);
      assert.equal(await client.config.maxAttempts(), 2);
      const mode = client.config.retryMode;
      assert.equal(typeof mode === 'string' ? mode : await mode(), 'adaptive');
      const agents: string[] = [];
      client.middlewareStack.add(
        (next) => async (args) => {
          const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
          agents.push(headers['user-agent'] ?? headers['x-amz-user-agent'] ?? '');
          return next(args);
        },
        { step: 'finalizeRequest', name: 'testCaptureUserAgent', priority: 'low' },
      );
      const { GetParametersCommand } = await import('@aws-sdk/client-ssm');
      await client.send(new GetParametersCommand({ Names: [CATALOG_PARAMETERS[0] as string] }));
      assert.match(agents.join(' '), new RegExp(`ami-explorer/${VERSION.replace(/\./g, '\\.')}`));
      pool.disposeAll();
    });
  });
});

describe('aws/errors: SSM codes', () => {
  const ctx = { action: 'ssm:GetParameters', region: 'eu-west-1', profile: 'dev' };
  const err = (name: string, message = '', status = 400): unknown => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('maps SSM codes to kinds, with the action as given', () => {
    const cases: [string, string, string][] = [
      ['AccessDeniedException', '', 'accessDenied'],
      ['ThrottlingException', 'Rate exceeded', 'throttled'],
      ['UnrecognizedClientException', 'The security token included in the request is invalid.', 'credentialsRejected'],
      ['InvalidSignatureException', 'The request signature we calculated does not match', 'credentialsRejected'],
      ['MissingAuthenticationTokenException', 'Missing Authentication Token', 'credentialsRejected'],
      ['ExpiredTokenException', 'The security token included in the request is expired', 'credentialsRejected'],
      ['ParameterNotFound', '', 'notFound'],
      ['ValidationException', '1 validation error detected', 'invalidInput'],
      ['InvalidNextToken', 'The specified token is not valid.', 'invalidInput'],
    ];
    for (const [code, message, kind] of cases) {
      const f = toFailure(err(code, message), ctx);
      assert.equal(f.kind, kind, code);
      assert.equal(f.action, 'ssm:GetParameters', code);
      assert.equal(f.code, code);
    }
    assert.match(toFailure(err('AccessDeniedException'), ctx).message, /not allowed to call ssm:GetParameters in eu-west-1/);
    assert.match(toFailure(err('ExpiredTokenException'), ctx).message, /as expired/);
  });

  it('a skewed clock (InvalidSignatureException "Signature expired") is the expired-request failure', () => {
    const f = toFailure(err('InvalidSignatureException', 'Signature expired: 20261207T000000Z is now earlier than 20261207T001500Z'), ctx);
    assert.equal(f.kind, 'credentialsRejected');
    assert.match(f.message, /more than 15 minutes off/);
  });

  it('names the SSM endpoint when unreachable, and keeps EC2 actions as they were', () => {
    const net = toFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), { action: 'ssm:GetParametersByPath', region: 'eu-west-1' });
    assert.equal(net.kind, 'unreachable');
    assert.match(net.message, /https:\/\/ssm\.eu-west-1\.amazonaws\.com/);
    const ec2 = toFailure(err('RequestLimitExceeded', 'Request limit exceeded.', 503), { action: 'DescribeImages', region: 'eu-west-1' });
    assert.equal(ec2.action, 'ec2:DescribeImages');
    assert.match(ec2.message, /^EC2 throttled ec2:DescribeImages/);
  });
});
