/**
 * catalog (issue #11): the emulator's SSM (JSON protocol, routed by the SigV4 credential scope):
 * GetParameters / GetParameter through the real @aws-sdk/client-ssm, the error envelope, SSM's
 * codes for refused signatures and for the injected faults, the request log, and the seeded public
 * parameters pointing at the newest public image of each family.
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  BASE_DATE,
  CATALOG_FAMILIES,
  CATALOG_GAPS,
  CATALOG_PARAMETERS,
  COMMUNITY_HOSTILE_NAME,
  COMMUNITY_OWNERS,
  DEFAULT_ACCOUNT,
  DEFAULT_REGIONS,
  EXAMPLE_KEY,
  inFamily,
  newestOfFamily,
  signFormPost,
  startEmulator,
  type Emulator,
} from '../../emulator/index';
import { createSeededStore } from '../../emulator/index';
import { client, errorOf } from './helpers';

function ssmClient(url: string, opts: { region?: string; accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; maxAttempts?: number } = {}): SSMClient {
  return new SSMClient({
    region: opts.region ?? 'us-east-1',
    endpoint: url,
    credentials: {
      accessKeyId: opts.accessKeyId ?? EXAMPLE_KEY.accessKeyId,
      secretAccessKey: opts.secretAccessKey ?? EXAMPLE_KEY.secretAccessKey,
      ...(opts.sessionToken ? { sessionToken: opts.sessionToken } : {}),
    },
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

/** A correctly signed raw SSM call (for the envelope the SDK hides). */
async function rawSsm(url: string, operation: string, payload: unknown, region = 'us-east-1'): Promise<{ status: number; body: string; headers: Headers }> {
  const body = JSON.stringify(payload);
  const headers = await signFormPost({
    url: `${url}/`,
    service: 'ssm',
    region,
    credentials: EXAMPLE_KEY,
    body,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${operation}` },
  });
  const res = await fetch(`${url}/`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe('emulator: SSM', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 3 });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
  });

  it('GetParameters answers the seeded parameters (≤10 names a call) and lists unknown names in InvalidParameters', async () => {
    const ssm = ssmClient(emu.url);
    const names = [...CATALOG_PARAMETERS.slice(0, 9), '/aws/service/not/a/parameter'];
    const out = await ssm.send(new GetParametersCommand({ Names: names }));
    assert.deepEqual(out.InvalidParameters, ['/aws/service/not/a/parameter']);
    assert.equal(out.Parameters?.length, 9);
    for (const p of out.Parameters ?? []) {
      const stored = emu.store.ssm.get('us-east-1', p.Name ?? '');
      assert.ok(stored, `${p.Name} is seeded`);
      assert.equal(p.Value, stored.value);
      assert.equal(p.Type, 'String');
      assert.equal(p.Version, stored.version);
      assert.ok(p.LastModifiedDate instanceof Date);
      assert.equal(p.LastModifiedDate.getTime(), stored.lastModified, 'epoch seconds on the wire, parsed back to the same instant');
      assert.equal(p.ARN, `arn:aws:ssm:us-east-1::parameter${p.Name}`);
      assert.ok(['text', 'aws:ec2:image'].includes(p.DataType ?? ''));
    }
    const entry = emu.requests.find((r) => r.service === 'ssm');
    assert.deepEqual([entry?.action, entry?.region, entry?.account, entry?.status], ['GetParameters', 'us-east-1', DEFAULT_ACCOUNT, 200]);
    assert.equal(entry?.params['Names.10'], '/aws/service/not/a/parameter', 'the request log flattens the names as EC2 lists are');
  });

  it('refuses more than 10 names (ValidationException, as SSM words it) and no names', async () => {
    const ssm = ssmClient(emu.url);
    const e = await errorOf(ssm.send(new GetParametersCommand({ Names: [...CATALOG_PARAMETERS.slice(0, 11)] })));
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.status, 400);
    assert.match(e.message, /^1 validation error detected: Value '\[.*\]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10$/);
    assert.equal((await errorOf(ssm.send(new GetParametersCommand({ Names: [] })))).name, 'ValidationException');
  });

  it('GetParameter answers one parameter, ParameterNotFound for an unknown one', async () => {
    const ssm = ssmClient(emu.url, { region: 'eu-west-1' });
    const name = CATALOG_PARAMETERS[0] as string;
    const out = await ssm.send(new GetParameterCommand({ Name: name }));
    assert.equal(out.Parameter?.Value, emu.store.ssm.get('eu-west-1', name)?.value);
    const e = await errorOf(ssm.send(new GetParameterCommand({ Name: '/aws/service/nothing/here' })));
    assert.deepEqual([e.name, e.status], ['ParameterNotFound', 400]);
  });

  it('answers errors as awsJson1_1 does: HTTP 400, JSON {__type, message}, x-amzn-ErrorType', async () => {
    const res = await rawSsm(emu.url, 'GetParameter', { Name: '/aws/service/nothing/here' });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(res.headers.get('x-amzn-errortype'), 'ParameterNotFound');
    const body = JSON.parse(res.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['__type', 'message']);
    assert.equal(body.__type, 'ParameterNotFound');
    const ok = await rawSsm(emu.url, 'GetParameters', { Names: [CATALOG_PARAMETERS[0]] });
    const parsed = JSON.parse(ok.body) as { Parameters: { LastModifiedDate: unknown }[] };
    assert.equal(typeof parsed.Parameters[0]?.LastModifiedDate, 'number', 'LastModifiedDate is epoch seconds');
    const unknownOp = await rawSsm(emu.url, 'PutParameter', { Name: '/x', Value: 'y' });
    assert.equal(JSON.parse(unknownOp.body).__type, 'UnknownOperationException');
    const badJson = await fetch(`${emu.url}/`, {
      method: 'POST',
      body: '{not json',
      headers: await signFormPost({
        url: `${emu.url}/`,
        service: 'ssm',
        region: 'us-east-1',
        credentials: EXAMPLE_KEY,
        body: '{not json',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' },
      }),
    });
    assert.equal(((await badJson.json()) as { __type: string }).__type, 'SerializationException');
  });

  it('checks SigV4 over the raw JSON body and answers SSM codes: InvalidSignatureException, UnrecognizedClientException, ExpiredTokenException', async () => {
    const names = { Names: [CATALOG_PARAMETERS[0] as string] };
    const wrongSecret = await errorOf(ssmClient(emu.url, { secretAccessKey: 'not-the-secret' }).send(new GetParametersCommand(names)));
    assert.deepEqual([wrongSecret.name, wrongSecret.status], ['InvalidSignatureException', 400]);
    const unknownKey = await errorOf(ssmClient(emu.url, { accessKeyId: 'AKIA_UNKNOWN_TEST_01', secretAccessKey: 'x' }).send(new GetParametersCommand(names)));
    assert.equal(unknownKey.name, 'UnrecognizedClientException');
    const expired = emu.issueCredentials({ expiresInMs: -1000 });
    const exp = await errorOf(ssmClient(emu.url, expired).send(new GetParametersCommand(names)));
    assert.equal(exp.name, 'ExpiredTokenException');
    // A body changed after signing is refused: the signature covers the JSON payload.
    const body = JSON.stringify(names);
    const headers = await signFormPost({
      url: `${emu.url}/`,
      service: 'ssm',
      region: 'us-east-1',
      credentials: EXAMPLE_KEY,
      body,
      payloadHashHeader: false,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' },
    });
    const tampered = await fetch(`${emu.url}/`, { method: 'POST', headers, body: body.replace('kernel-default', 'kernel-6.1') });
    assert.equal(((await tampered.json()) as { __type: string }).__type, 'InvalidSignatureException');
    const untouched = await fetch(`${emu.url}/`, { method: 'POST', headers, body });
    assert.equal(untouched.status, 200, 'the same request untouched passes');
    assert.ok(emu.requests.filter((r) => r.service === 'ssm').every((r) => r.action === 'GetParameters'));
  });

  it('honours the faults as SSM answers them: throttling, server error, denied action, failing region, latency', async () => {
    const ssm = ssmClient(emu.url);
    const names = { Names: [CATALOG_PARAMETERS[0] as string] };
    emu.faults.throttleNext(1, { action: 'GetParameters' });
    assert.deepEqual(Object.values(await errorOf(ssm.send(new GetParametersCommand(names)))).slice(0, 2), ['ThrottlingException', 400]);
    emu.faults.http500Next(1, { region: 'us-east-1' });
    assert.deepEqual(Object.values(await errorOf(ssm.send(new GetParametersCommand(names)))).slice(0, 2), ['InternalServerError', 500]);
    emu.faults.denyAction('GetParameters');
    const denied = await errorOf(ssm.send(new GetParametersCommand(names)));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /not authorized to perform: ssm:GetParameters/);
    emu.faults.denyAction('GetParameters', false);
    emu.faults.failRegion('us-east-1', 'AuthFailure');
    assert.equal((await errorOf(ssm.send(new GetParametersCommand(names)))).name, 'UnrecognizedClientException');
    emu.faults.failRegion('us-east-1', undefined);
    emu.faults.setLatency('us-east-1', 300);
    const started = Date.now();
    await ssm.send(new GetParametersCommand(names));
    assert.ok(Date.now() - started >= 290, 'the region latency applies to SSM too');
    const logged = emu.requests.filter((r) => r.service === 'ssm').map((r) => r.errorCode ?? String(r.status));
    assert.deepEqual(logged, ['ThrottlingException', 'InternalServerError', 'AccessDeniedException', 'UnrecognizedClientException', '200']);
  });

  it('reseed puts the parameters back', async () => {
    const name = CATALOG_PARAMETERS[2] as string;
    const before = emu.store.ssmParameter('us-east-1', name);
    assert.ok(emu.store.deleteSsmParameter('us-east-1', name));
    assert.deepEqual((await ssmClient(emu.url).send(new GetParametersCommand({ Names: [name] }))).InvalidParameters, [name]);
    emu.reseed();
    assert.deepEqual(emu.store.ssmParameter('us-east-1', name), before);
    assert.deepEqual(
      emu.store.ssmParameters('us-east-1').map((p) => p.name),
      [...CATALOG_PARAMETERS].sort(),
    );
    emu.store.putSsmParameter('us-east-1', { ...before!, value: 'ami-0123456789abcdef0', version: 999 });
    const moved = (await ssmClient(emu.url).send(new GetParametersCommand({ Names: [name] }))).Parameters?.[0];
    assert.deepEqual([moved?.Value, moved?.Version], ['ami-0123456789abcdef0', 999]);
    emu.reseed();
    assert.equal((await ssmClient(emu.url).send(new GetParametersCommand({ Names: [name] }))).Parameters?.[0]?.Value, before?.value);
  });

  it('refuses a region the account has not enabled (UnrecognizedClientException)', async () => {
    const e = await errorOf(ssmClient(emu.url, { region: 'af-south-1' }).send(new GetParametersCommand({ Names: [CATALOG_PARAMETERS[0] as string] })));
    assert.equal(e.name, 'UnrecognizedClientException');
  });

  it('serves EC2, SSM and STS on the one endpoint, routed by the credential scope', async () => {
    const region = 'us-west-2';
    const name = CATALOG_PARAMETERS[1] as string;
    const param = await ssmClient(emu.url, { region }).send(new GetParametersCommand({ Names: [name] }));
    const imageId = param.Parameters?.[0]?.Value ?? '';
    const images = await client(emu.url, { region }).send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    assert.equal(images.Images?.[0]?.Architecture, 'arm64');
    assert.match(images.Images?.[0]?.Name ?? '', /^al2023-ami-2023\..*-kernel-6\.1-arm64$/);
    const who = await new STSClient({ region, endpoint: emu.url, credentials: EXAMPLE_KEY, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, DEFAULT_ACCOUNT);
    assert.deepEqual(
      emu.requests.map((r) => [r.service, r.action, r.status]),
      [
        ['ssm', 'GetParameters', 200],
        ['ec2', 'DescribeImages', 200],
        ['sts', 'GetCallerIdentity', 200],
      ],
    );
  });
});

describe('emulator: SSM GetParametersByPath', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 3 });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
  });

  /** Every page of a path, by hand (so each page is seen). */
  async function pages(path: string, opts: { recursive?: boolean; max?: number; region?: string } = {}): Promise<{ names: string[]; sizes: number[]; tokens: number }> {
    const ssm = ssmClient(emu.url, { region: opts.region ?? 'us-east-1' });
    const names: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    let tokens = 0;
    do {
      const out = await ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: opts.recursive ?? true, ...(opts.max ? { MaxResults: opts.max } : {}), ...(token ? { NextToken: token } : {}) }));
      names.push(...(out.Parameters ?? []).map((p) => p.Name ?? ''));
      sizes.push(out.Parameters?.length ?? 0);
      token = out.NextToken;
      if (token) tokens++;
      assert.ok(sizes.length < 100, 'paging ends');
    } while (token);
    return { names, sizes, tokens };
  }

  it('walks the parameters in name order, at most MaxResults a page, some pages empty but with a NextToken', async () => {
    const debian = await pages('/aws/service/debian');
    assert.deepEqual(debian.names, [...CATALOG_PARAMETERS.filter((n) => n.startsWith('/aws/service/debian/'))].sort());
    assert.equal(debian.sizes[0], 0, 'the first window holds other paths only: an empty page');
    assert.ok(debian.tokens >= 1);
    const all = await pages('/aws/service', { max: 3 });
    assert.deepEqual(all.names, [...CATALOG_PARAMETERS].sort());
    assert.ok(all.sizes.every((n) => n <= 3));
    const amazon = await pages('/aws/service/ami-amazon-linux-latest/');
    assert.deepEqual(amazon.names, CATALOG_PARAMETERS.filter((n) => n.includes('/ami-amazon-linux-latest/')).sort(), 'a trailing slash is the same path');
  });

  it('Recursive false answers direct children only', async () => {
    assert.deepEqual((await pages('/aws/service', { recursive: false })).names, []);
    const windows = await pages('/aws/service/ami-windows-latest', { recursive: false });
    assert.equal(windows.names.length, 4);
    assert.deepEqual((await pages('/aws/service/debian/release/12/latest', { recursive: false })).names, ['/aws/service/debian/release/12/latest/amd64', '/aws/service/debian/release/12/latest/arm64']);
  });

  it('refuses MaxResults above 10 or below 1, a path without a leading slash, and a token of another path', async () => {
    const ssm = ssmClient(emu.url);
    const over = await errorOf(ssm.send(new GetParametersByPathCommand({ Path: '/aws/service', MaxResults: 11 })));
    assert.equal(over.name, 'ValidationException');
    assert.match(over.message, /Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10/);
    assert.equal((await errorOf(ssm.send(new GetParametersByPathCommand({ Path: '/aws/service', MaxResults: 0 })))).name, 'ValidationException');
    assert.equal((await errorOf(ssm.send(new GetParametersByPathCommand({ Path: 'aws/service' })))).name, 'ValidationException');
    const first = await ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/debian', Recursive: true }));
    assert.ok(first.NextToken);
    const wrong = await errorOf(ssm.send(new GetParametersByPathCommand({ Path: '/aws/service/canonical', Recursive: true, NextToken: first.NextToken })));
    assert.equal(wrong.name, 'InvalidNextToken');
    assert.equal((await errorOf(ssm.send(new GetParametersByPathCommand({ Path: '/aws/service', NextToken: 'garbage' })))).name, 'InvalidNextToken');
  });

  it('answers the region\'s parameters: the gap is missing in ap-southeast-2 only', async () => {
    const gap = CATALOG_GAPS[0];
    assert.ok(gap);
    assert.ok(!(await pages('/aws/service/debian', { region: gap.region })).names.includes(gap.parameter));
    assert.ok((await pages('/aws/service/debian', { region: 'eu-west-1' })).names.includes(gap.parameter));
  });
});

describe('emulator: SSM seeds (catalog quick start)', () => {
  const store = createSeededStore({ imagesPerRegion: 3 });

  it('publishes every canonical parameter in every generated region, except the documented gap', () => {
    assert.equal(CATALOG_PARAMETERS.length, 16);
    assert.deepEqual(CATALOG_GAPS, [{ region: 'ap-southeast-2', parameter: '/aws/service/debian/release/13/latest/arm64' }]);
    for (const region of DEFAULT_REGIONS) {
      for (const name of CATALOG_PARAMETERS) {
        const gap = CATALOG_GAPS.some((g) => g.region === region && g.parameter === name);
        assert.equal(store.ssm.get(region, name) === undefined, gap, `${region} ${name}`);
      }
    }
    assert.equal(store.images('ap-southeast-2').filter((i) => /^debian-13-arm64-/.test(i.name)).length, 0, 'no Debian 13 arm64 image there either');
  });

  it('points each parameter at the newest public image of its family (owner, name shape, architecture), with older ones beside it', () => {
    const owners: Record<string, string> = { 'ami-amazon-linux-latest': '137112412989', canonical: '099720109477', debian: '136693071363', 'ami-windows-latest': '801119661308' };
    for (const region of DEFAULT_REGIONS) {
      for (const family of CATALOG_FAMILIES) {
        const p = store.ssm.get(region, family.parameter);
        if (!p) continue;
        const image = store.getImage(region, p.value);
        assert.ok(image, `${region} ${family.parameter} → ${p.value} exists`);
        const source = family.parameter.split('/')[3] as string;
        assert.equal(image.ownerId, owners[source], `${family.parameter} owner`);
        assert.equal(image.ownerAlias, source.startsWith('ami-') ? 'amazon' : undefined);
        assert.ok(inFamily(image, family), `${image.name} has the family's shape`);
        assert.equal(image.architecture, /arm64/.test(family.parameter) ? 'arm64' : 'x86_64');
        assert.equal(image.state, 'available');
        const members = store.images(region).filter((i) => inFamily(i, family));
        assert.ok(members.length >= 3, `${region} ${family.parameter}: older images too (${members.length})`);
        const newer = members.filter((i) => i.creationDate > image.creationDate && (i.deprecationTime === undefined || Date.parse(i.deprecationTime) > BASE_DATE));
        assert.deepEqual(newer, [], 'nothing newer in the family');
        assert.equal(newestOfFamily(members, family, BASE_DATE)?.imageId, image.imageId);
      }
    }
  });

  it('reuses the images seeded before (Amazon Linux from the data file, Ubuntu 24.04, Windows 2022)', () => {
    const al = store.ssm.get('us-east-1', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    assert.equal(store.getImage('us-east-1', al?.value ?? '')?.name, 'al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64');
    const ubuntu = store.ssm.get('us-east-1', '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id');
    assert.equal(store.getImage('us-east-1', ubuntu?.value ?? '')?.name, 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261015');
    const win = store.ssm.get('us-east-1', '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base');
    assert.equal(store.getImage('us-east-1', win?.value ?? '')?.name, 'Windows_Server-2022-English-Full-Base-2026.10.15');
  });

  it('is deterministic; another emulator seed publishes the same names, pointing at images of the same names', () => {
    const again = createSeededStore({ imagesPerRegion: 3 });
    const otherSeed = createSeededStore({ seed: 9, imagesPerRegion: 3 });
    for (const region of DEFAULT_REGIONS) {
      assert.deepEqual(again.ssm.list(region), store.ssm.list(region));
      const names = (s: typeof store) => s.ssm.list(region).map((p) => [p.name, s.getImage(region, p.value)?.name]);
      assert.deepEqual(names(otherSeed), names(store));
      // Amazon Linux comes from the data file, whose ids do not depend on the seed.
      const al = (s: typeof store) => s.ssm.list(region).filter((p) => p.name.includes('/ami-amazon-linux-latest/')).map((p) => p.value);
      assert.deepEqual(al(otherSeed), al(store));
    }
  });

  it('seeds community images: public, owners without an alias, one with a hostile name', () => {
    for (const region of DEFAULT_REGIONS) {
      const community = store.images(region).filter((i) => (COMMUNITY_OWNERS as readonly string[]).includes(i.ownerId));
      assert.equal(community.length, 6);
      assert.ok(community.every((i) => i.ownerAlias === undefined && i.launchPermissions.some((p) => p.group === 'all')));
      assert.ok(community.some((i) => i.name === COMMUNITY_HOSTILE_NAME));
      assert.ok(community.some((i) => i.architecture === 'arm64'));
    }
  });
});
