/**
 * The emulator checks SigV4 signatures as AWS does: good requests (the SDK's, and one signed the
 * way botocore signs) are accepted; a tampered body or parameter, a wrong secret, an unknown key,
 * a skewed date, a temporary key without its token and an expired token are refused with EC2's
 * codes; STS GetCallerIdentity is served on the same endpoint, routed by the credential scope;
 * the "accept any signature" switch restores the old leniency.
 */
import * as assert from 'node:assert/strict';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_ACCOUNT, EXAMPLE_KEY, MAX_SKEW_MS, OTHER_ACCOUNT, OTHER_KEY, signFormPost, startEmulator, type Emulator } from '../../emulator/index';
import { client, errorOf, rawPost } from './helpers';

function sts(url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region = 'us-east-1'): STSClient {
  return new STSClient({ region, endpoint: url, credentials, maxAttempts: 1 });
}

describe('emulator: signatures', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 3 });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => emu.faults.reset());

  const BODY = 'Action=DescribeRegions&Version=2016-11-15';

  /** A signed POST whose body (or headers) is changed after signing. */
  async function tampered(change: (headers: Record<string, string>, body: string) => string): Promise<{ status: number; text: string }> {
    const url = `${emu.url}/`;
    const headers = await signFormPost({ url, service: 'ec2', region: 'us-east-1', credentials: EXAMPLE_KEY, body: BODY });
    const body = change(headers, BODY);
    const res = await fetch(url, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }

  it('accepts a request the SDK signed, and one signed as botocore signs (no payload hash header)', async () => {
    const out = await client(emu.url).send(new DescribeRegionsCommand({}));
    assert.ok((out.Regions ?? []).length > 0);
    assert.equal((await rawPost(emu.url, { Action: 'DescribeRegions' }, { payloadHashHeader: false })).status, 200);
    assert.equal((await tampered((_h, b) => b)).status, 200, 'the untouched request passes');
  });

  it('refuses a tampered body, a tampered parameter and a tampered signed header (AuthFailure 401)', async () => {
    for (const r of [
      await tampered((_h, b) => `${b}&DryRun=true`),
      await tampered((_h, b) => b.replace('DescribeRegions', 'DescribeImages')),
      await tampered((h, b) => {
        h['x-amz-date'] = h['x-amz-date']!.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10));
        return b;
      }),
    ]) {
      assert.equal(r.status, 401);
      assert.match(r.text, /<Code>AuthFailure<\/Code>/);
    }
    // A query parameter added to a signed request.
    const url = `${emu.url}/`;
    const headers = await signFormPost({ url, service: 'ec2', region: 'us-east-1', credentials: EXAMPLE_KEY, body: BODY });
    const res = await fetch(`${url}?Action=DescribeImages`, { method: 'POST', headers, body: BODY });
    assert.equal(res.status, 401);
  });

  it('refuses a wrong secret and an unknown key (AuthFailure), and knows each key’s account', async () => {
    const wrong = await errorOf(client(emu.url, { secretAccessKey: `${EXAMPLE_KEY.secretAccessKey}x` }).send(new DescribeRegionsCommand({})));
    assert.deepEqual([wrong.name, wrong.status], ['AuthFailure', 401]);
    const unknown = await errorOf(client(emu.url, { accessKeyId: 'AKIA_UNKNOWN_KEY_01', secretAccessKey: 'whatever' }).send(new DescribeRegionsCommand({})));
    assert.deepEqual([unknown.name, unknown.status], ['AuthFailure', 401]);
    await client(emu.url, { accessKeyId: OTHER_KEY.accessKeyId }).send(new DescribeRegionsCommand({}));
    assert.equal(emu.requests.at(-1)?.account, OTHER_ACCOUNT);
  });

  it('a date more than 15 minutes off → RequestExpired; the SDK corrects its clock from the Date header and its retry succeeds', async () => {
    // The server's clock moves, as if this machine's clock were 20 minutes behind.
    emu.faults.setClockOffset(MAX_SKEW_MS + 5 * 60_000);
    const once = await errorOf(client(emu.url).send(new DescribeRegionsCommand({})));
    assert.equal(once.name, 'RequestExpired');
    const before = emu.requests.length;
    const retried = await client(emu.url, { maxAttempts: 2 }).send(new DescribeRegionsCommand({}));
    assert.ok((retried.Regions ?? []).length > 0);
    assert.deepEqual(
      emu.requests.slice(before).map((r) => r.errorCode ?? r.status),
      ['RequestExpired', 200],
    );
    // Within 15 minutes is fine.
    emu.faults.setClockOffset(10 * 60_000);
    await client(emu.url).send(new DescribeRegionsCommand({}));
  });

  it('temporary keys need the session token the emulator issued, unexpired', async () => {
    const creds = emu.issueCredentials({ account: OTHER_ACCOUNT });
    assert.match(creds.accessKeyId, /^ASIA[0-9A-F]{16}$/);
    await client(emu.url, creds).send(new DescribeRegionsCommand({}));
    assert.equal(emu.requests.at(-1)?.account, OTHER_ACCOUNT);

    const { sessionToken: _token, ...withoutToken } = creds;
    assert.equal((await errorOf(client(emu.url, withoutToken).send(new DescribeRegionsCommand({})))).name, 'AuthFailure');
    const forged = { ...creds, sessionToken: `${creds.sessionToken.slice(0, -4)}AAAA` };
    assert.equal((await errorOf(client(emu.url, forged).send(new DescribeRegionsCommand({})))).name, 'AuthFailure');
    const other = emu.issueCredentials();
    assert.equal((await errorOf(client(emu.url, { ...creds, sessionToken: other.sessionToken }).send(new DescribeRegionsCommand({})))).name, 'AuthFailure', "another key's token");

    const expired = emu.issueCredentials({ expiresInMs: -1000 });
    const e = await errorOf(client(emu.url, { ...expired, maxAttempts: 2 }).send(new DescribeRegionsCommand({})));
    assert.deepEqual([e.name, e.status], ['RequestExpired', 400]);
  });

  it('a version 1 token works in a region enabled by default and fails in an opted-in one (AuthFailure)', async () => {
    const v1 = emu.issueCredentials({ tokenVersion: 1 });
    await client(emu.url, { ...v1, region: 'us-east-1' }).send(new DescribeRegionsCommand({}));
    assert.equal(emu.store.getRegion('eu-south-1')?.optInStatus, 'opted-in');
    assert.equal((await errorOf(client(emu.url, { ...v1, region: 'eu-south-1' }).send(new DescribeRegionsCommand({})))).name, 'AuthFailure');
    const v2 = emu.issueCredentials({ tokenVersion: 2 });
    await client(emu.url, { ...v2, region: 'eu-south-1' }).send(new DescribeRegionsCommand({}));
  });

  it('answers STS GetCallerIdentity on the same endpoint, and refuses bad credentials with STS’s codes', async () => {
    const me = await sts(emu.url, EXAMPLE_KEY).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, DEFAULT_ACCOUNT);
    assert.equal(me.Arn, `arn:aws:iam::${DEFAULT_ACCOUNT}:user/emulator-user`);
    assert.match(me.UserId ?? '', /^AIDA/);
    const entry = emu.requests.at(-1);
    assert.deepEqual([entry?.service, entry?.action, entry?.region], ['sts', 'GetCallerIdentity', 'us-east-1']);

    const role = await sts(emu.url, emu.issueCredentials({ account: OTHER_ACCOUNT }), 'eu-west-1').send(new GetCallerIdentityCommand({}));
    assert.equal(role.Account, OTHER_ACCOUNT);
    assert.match(role.Arn ?? '', /:assumed-role\//);

    const codes = async (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
      (await errorOf(sts(emu.url, credentials).send(new GetCallerIdentityCommand({})))).name;
    assert.equal(await codes({ ...EXAMPLE_KEY, secretAccessKey: 'wrong' }), 'SignatureDoesNotMatch');
    assert.equal(await codes({ accessKeyId: 'AKIA_UNKNOWN_KEY_01', secretAccessKey: 'x' }), 'InvalidClientTokenId');
    assert.equal(await codes(emu.issueCredentials({ expiresInMs: -1000 })), 'ExpiredToken');
  });

  it('the fault switch accepts any signature (unknown keys as the default account) until reset', async () => {
    emu.faults.acceptAnySignature(true);
    await client(emu.url, { accessKeyId: 'AKIA_UNKNOWN_KEY_01', secretAccessKey: 'whatever' }).send(new DescribeRegionsCommand({}));
    assert.equal(emu.requests.at(-1)?.account, DEFAULT_ACCOUNT);
    await client(emu.url, { secretAccessKey: 'wrong' }).send(new DescribeRegionsCommand({}));
    emu.faults.reset();
    assert.equal((await errorOf(client(emu.url, { secretAccessKey: 'wrong' }).send(new DescribeRegionsCommand({})))).name, 'AuthFailure');
  });
});
