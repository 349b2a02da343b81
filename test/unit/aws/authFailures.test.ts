/**
 * EC2's AuthFailure told apart, through the real SDK against the emulator (which checks
 * signatures): a wrong secret and an unknown key are rejected credentials (STS says so), a region
 * not opted in is a disabled region, and a version 1 session token in an opted-in region is said
 * to be one. Also: the SDK's clock-skew retry, an expired session token, and STS asked once per
 * profile until the tree forgets it.
 */
import * as assert from 'node:assert/strict';
import { MAX_SKEW_MS, startEmulator, type Emulator, type IssuedCredentials } from '../../emulator';
import { credentialsRejected } from '../../../src/aws/errors';
import type { AwsFailure, Result } from '../../../src/model/result';
import { DEFAULT_KEY, DEFAULT_SECRET, makeAwsHome, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';
const SECOND = 'eu-west-1';
/** Opted in: enabled for the account, but not by default. */
const OPTED_IN = 'eu-south-1';
/** Not opted in (the emulator's seed). */
const NOT_OPTED_IN = 'af-south-1';

describe('aws: AuthFailure told apart (STS GetCallerIdentity)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 8, imagesPerRegion: 6, regions: [REGION, SECOND] });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => {
    emu.faults.reset();
    t.services.dispose();
    home.remove();
  });

  /** Profile `dev` with these keys (and token), region us-east-1. */
  function profile(accessKeyId: string, secret: string, sessionToken?: string): void {
    home = makeAwsHome();
    home.writeCredentials(`[dev]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secret}\n${sessionToken ? `aws_session_token = ${sessionToken}\n` : ''}`);
    home.writeConfig(`[profile dev]\nregion = ${REGION}\n`);
    t = makeServices(home, emu.url, { maxAttempts: 2 });
  }
  const fromSts = (c: IssuedCredentials): void => profile(c.accessKeyId, c.secretAccessKey, c.sessionToken);

  const list = (region: string) => t.services.images('dev').listImages(region, { kind: 'self' }, {}, {});
  const stsCalls = () => emu.requests.filter((r) => r.service === 'sts' && r.action === 'GetCallerIdentity');

  function failure(r: Result<unknown>): AwsFailure {
    assert.equal(r.ok, false, 'expected a failure');
    return (r as { ok: false; error: AwsFailure }).error;
  }

  function assertRejected(f: AwsFailure): void {
    assert.equal(f.kind, 'credentialsRejected', f.message);
    assert.equal(f.message, 'AWS rejected the credentials of profile "dev": the access key is unknown, revoked, or its secret is wrong (AuthFailure).');
    assert.match(f.nextStep ?? '', /aws configure --profile dev/);
    assert.doesNotMatch(f.message, /not enabled/);
  }

  it('a wrong secret: rejected credentials, STS asked once for the profile across regions', async () => {
    profile(DEFAULT_KEY, `${DEFAULT_SECRET}-wrong`);
    const before = stsCalls().length;
    const [a, b] = await Promise.all([list(REGION), list(SECOND)]);
    assertRejected(failure(a));
    assertRejected(failure(b));
    assert.equal(stsCalls().length - before, 1, 'one GetCallerIdentity for the profile');
    assert.equal(stsCalls().at(-1)?.errorCode, 'SignatureDoesNotMatch');
    assert.equal(stsCalls().at(-1)?.region, REGION, 'the profile region, enabled by default');

    // Kept until the tree forgets it (refresh), then asked again.
    assertRejected(failure(await list(REGION)));
    assert.equal(stsCalls().length - before, 1);
    t.services.forgetIdentity('dev');
    assertRejected(failure(await list(REGION)));
    assert.equal(stsCalls().length - before, 2);
  });

  it('an unknown access key: rejected credentials (InvalidClientTokenId from STS)', async () => {
    profile('AKIA_NOT_A_TEST_KEY1', 'anything');
    assertRejected(failure(await list(REGION)));
    assert.equal(stsCalls().at(-1)?.errorCode, 'InvalidClientTokenId');
    // DescribeRegions (listing the profile's regions) says the same, on the profile.
    assertRejected(failure(await t.services.listRegions('dev')));
  });

  it('a region the account has not opted in to: region not enabled, with how to enable it', async () => {
    profile(DEFAULT_KEY, DEFAULT_SECRET);
    const f = failure(await list(NOT_OPTED_IN));
    assert.equal(f.kind, 'regionNotEnabled', f.message);
    assert.equal(f.region, NOT_OPTED_IN);
    assert.match(f.message, /^Region af-south-1 is not enabled for the account of profile "dev"/);
    assert.match(f.nextStep ?? '', /aws account enable-region --region-name af-south-1/);
    assert.equal(stsCalls().at(-1)?.errorCode, undefined, 'STS accepted the credentials');
    assert.ok(unwrap(await list(REGION)), 'the same credentials work in an enabled region');
  });

  it('SSM in a region the account has not opted in to (UnrecognizedClientException): region not enabled too, naming SSM', async () => {
    profile(DEFAULT_KEY, DEFAULT_SECRET);
    const f = failure(await t.services.catalog('dev').getPublicParameters(NOT_OPTED_IN, ['/aws/service/debian/release/12/latest/amd64']));
    assert.equal(f.kind, 'regionNotEnabled', f.message);
    assert.equal(f.code, 'UnrecognizedClientException');
    assert.match(f.message, /^Region af-south-1 is not enabled for the account of profile "dev": SSM there refused its credentials \(UnrecognizedClientException\)/);
    assert.equal(stsCalls().at(-1)?.errorCode, undefined, 'STS accepted the credentials');
  });

  it('SSM with an unknown access key: still rejected credentials once STS says so', async () => {
    profile('AKIA_NOT_A_TEST_KEY1', 'anything');
    const f = failure(await t.services.catalog('dev').getPublicParameters(REGION, ['/aws/service/debian/release/12/latest/amd64']));
    assert.equal(f.kind, 'credentialsRejected', f.message);
    assert.equal(stsCalls().at(-1)?.errorCode, 'InvalidClientTokenId');
  });

  it('a version 1 session token in an opted-in region: said so, with the two fixes', async () => {
    assert.equal(emu.store.getRegion(OPTED_IN)?.optInStatus, 'opted-in');
    fromSts(emu.issueCredentials({ tokenVersion: 1 }));
    unwrap(await list(REGION)); // valid where regions are enabled by default
    const f = failure(await list(OPTED_IN));
    assert.equal(f.kind, 'tokenNotValidInRegion', f.message);
    assert.match(f.message, /^EC2 in eu-south-1 refused the session token of profile "dev" \(AuthFailure\): the region is enabled, but temporary credentials from the global STS endpoint \(version 1 session tokens\) are valid only in regions enabled by default\.$/);
    assert.match(f.nextStep ?? '', /regional STS endpoint/);
    assert.match(f.nextStep ?? '', /version 2 tokens|valid in all AWS Regions/);
  });

  it('a version 2 session token works in the opted-in region', async () => {
    fromSts(emu.issueCredentials({ tokenVersion: 2 }));
    unwrap(await list(OPTED_IN));
  });

  it('a clock more than 15 minutes off: the SDK corrects its offset from the Date header and the retry succeeds', async () => {
    profile(DEFAULT_KEY, DEFAULT_SECRET);
    emu.faults.setClockOffset(MAX_SKEW_MS + 10 * 60_000);
    const before = emu.requests.length;
    const page = unwrap(await list(REGION));
    assert.ok(page.items.length > 0);
    assert.deepEqual(
      emu.requests.slice(before).map((r) => r.errorCode ?? r.status),
      ['RequestExpired', 200],
    );
  });

  it('an expired session token: RequestExpired, naming both the clock and the token', async () => {
    fromSts(emu.issueCredentials({ expiresInMs: -60_000 }));
    const before = emu.requests.length;
    const f = failure(await list(REGION));
    assert.equal(f.kind, 'credentialsRejected');
    assert.equal(f.code, 'RequestExpired');
    assert.match(f.message, /clock is more than 15 minutes off, or the session token of the credentials has expired/);
    assert.match(f.nextStep ?? '', /`aws sso login --profile dev`/);
    assert.equal(emu.requests.at(-1)?.errorCode, 'RequestExpired');
    assert.deepEqual(
      emu.requests.slice(before).map((r) => r.errorCode),
      ['RequestExpired'],
      'no retry (the clock was right), and no STS call (EC2 named the cause)',
    );
  });

  it('the next step for an SSO profile is aws sso login', () => {
    assert.equal(credentialsRejected({ profile: 'corp' }, 'AuthFailure', 'sso').nextStep, 'Run `aws sso login --profile corp` and try again.');
    assert.match(credentialsRejected({ profile: 'corp' }, 'AuthFailure', 'static').nextStep ?? '', /aws configure --profile corp/);
  });
});
