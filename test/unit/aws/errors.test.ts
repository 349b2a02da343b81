/**
 * Every error kind of the service layer, produced by the real SDK against the emulator's faults
 * (or a closed port), each as a typed result with a message and a next step; then the mapping
 * itself for shapes the emulator cannot produce (network codes, SSO and abort errors).
 */
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startEmulator, type Emulator } from '../../emulator';
import { isLostResponse, isServerError, toFailure } from '../../../src/aws/errors';
import type { AwsErrorKind } from '../../../src/model/result';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';
const BAD = 'eu-west-1';

/** A port that refuses connections: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('aws/errors', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 4, imagesPerRegion: 10, regions: [REGION, BAD] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    home = defaultHome();
    t = makeServices(home, emu.url, { maxAttempts: 3 });
  });
  afterEach(() => {
    emu.faults.reset();
    t.services.dispose();
    home.remove();
  });

  const list = (region = REGION, services = t.services) => services.images(undefined).listImages(region, { kind: 'self' }, {}, {});

  function assertFailure(r: { ok: boolean; error?: { kind: AwsErrorKind; message: string; nextStep?: string } }, kind: AwsErrorKind): { kind: AwsErrorKind; message: string; nextStep?: string; action?: string; region?: string; code?: string } {
    assert.equal(r.ok, false, 'expected a failure');
    const error = (r as { error: { kind: AwsErrorKind; message: string; nextStep?: string } }).error;
    assert.equal(error.kind, kind, error.message);
    assert.ok(error.message.length > 10, 'a readable message');
    assert.ok(error.nextStep && error.nextStep.length > 5, 'a next step');
    return error;
  }

  it('UnauthorizedOperation → accessDenied naming the action', async () => {
    emu.faults.failRegion(BAD, 'UnauthorizedOperation');
    const e = assertFailure(await list(BAD), 'accessDenied');
    assert.equal(e.action, 'ec2:DescribeImages');
    assert.match(e.message, /ec2:DescribeImages/);
    assert.equal(e.region, BAD);
    // The other region still works: failures are per region.
    assert.ok((await list(REGION)).ok);
  });

  it('AuthFailure in an enabled region, for credentials STS accepts, is not called a disabled region', async () => {
    emu.faults.failRegion(BAD, 'AuthFailure');
    const e = assertFailure(await list(BAD), 'unknown');
    assert.equal(e.code, 'AuthFailure');
    assert.match(e.message, /eu-west-1/);
    assert.match(e.message, /although AWS STS accepts them and the region is enabled/);
    assert.doesNotMatch(e.message, /not enabled/);
  });

  it('OptInRequired → regionNotEnabled', async () => {
    emu.faults.failRegion(BAD, 'OptInRequired');
    const e = assertFailure(await t.services.images(undefined).getImage(BAD, 'ami-12345678'), 'regionNotEnabled');
    assert.equal(e.code, 'OptInRequired');
  });

  it('a region the account has not opted in to → regionNotEnabled', async () => {
    const notOptedIn = emu.store.regions().find((r) => r.optInStatus === 'not-opted-in');
    assert.ok(notOptedIn);
    assertFailure(await list(notOptedIn.regionName), 'regionNotEnabled');
  });

  it('throttling beyond the retries → throttled; the SDK retried maxAttempts times', async () => {
    emu.faults.throttleNext(10, { region: REGION, action: 'DescribeImages' });
    const before = emu.requests.length;
    const e = assertFailure(await list(), 'throttled');
    assert.equal(e.code, 'RequestLimitExceeded');
    assert.equal(emu.requests.length - before, 3, 'adaptive retry made maxAttempts (3) attempts');
    assert.match(e.message, /after 3 attempts/);
  });

  it('throttling within the retries is absorbed', async () => {
    emu.faults.throttleNext(2, { region: REGION });
    const before = emu.requests.length;
    const page = unwrap(await list());
    assert.ok(page.items.length > 0);
    const calls = emu.requests.slice(before);
    assert.deepEqual(
      calls.map((c) => c.errorCode ?? c.status),
      ['RequestLimitExceeded', 'RequestLimitExceeded', 200],
    );
  });

  it('HTTP 500s within the retries are absorbed too', async () => {
    emu.faults.http500Next(1, { region: REGION });
    assert.ok((await list()).ok);
  });

  it('a closed port → unreachable naming the endpoint', async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}`;
    const down = makeServices(home, endpoint, { maxAttempts: 2 });
    try {
      const e = assertFailure(await list(REGION, down.services), 'unreachable');
      assert.equal(e.code, 'ECONNREFUSED');
      assert.ok(e.message.includes(endpoint), e.message);
      const regions = await down.services.listRegions(undefined);
      assert.equal(!regions.ok && regions.error.kind, 'unreachable');
    } finally {
      down.services.dispose();
    }
  });

  it('an unknown image id → notFound; a malformed one → invalidInput', async () => {
    assertFailure(await t.services.images(undefined).getImage(REGION, 'ami-0123456789abcdef0'), 'notFound');
    const e = assertFailure(await t.services.images(undefined).getImageAttribute(REGION, 'ami-bad', 'description'), 'invalidInput');
    assert.equal(e.code, 'InvalidAMIID.Malformed');
    assertFailure(await t.services.images(undefined).listImages(REGION, { kind: 'accounts', accountIds: ['not-an-account'] }, {}, {}), 'invalidInput');
  });

  describe('toFailure on shapes the emulator cannot produce', () => {
    const network: [string, string][] = [
      ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'],
      ['ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.xx-nowhere-1.amazonaws.com'],
      ['ETIMEDOUT', 'connect ETIMEDOUT'],
      ['ECONNRESET', 'read ECONNRESET'],
    ];
    for (const [code, message] of network) {
      it(`${code} → unreachable`, () => {
        const err = Object.assign(new Error(message), { code });
        const f = toFailure(err, { action: 'DescribeImages', region: 'xx-nowhere-1' });
        assert.equal(f.kind, 'unreachable');
        assert.equal(f.code, code);
        assert.match(f.message, /https:\/\/ec2\.xx-nowhere-1\.amazonaws\.com/);
      });
    }

    it('socket hang up and the SDK’s TimeoutError → unreachable', () => {
      assert.equal(toFailure(new Error('socket hang up'), { endpoint: 'http://x' }).kind, 'unreachable');
      const timeout = Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' });
      assert.equal(toFailure(timeout).kind, 'unreachable');
      const wrapped = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }) });
      assert.equal(toFailure(wrapped).kind, 'unreachable');
    });

    it('AbortError → cancelled', () => {
      const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      assert.equal(toFailure(abort).kind, 'cancelled');
    });

    it('credential provider errors → noCredentials / ssoExpired / profileNotFound', () => {
      const cpe = (message: string) => Object.assign(new Error(message), { name: 'CredentialsProviderError' });
      assert.equal(toFailure(cpe('Could not load credentials from any providers')).kind, 'noCredentials');
      const sso = toFailure(cpe('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'), { profile: 'dev' });
      assert.equal(sso.kind, 'ssoExpired');
      assert.match(sso.nextStep ?? '', /`aws sso login --profile dev`/);
      assert.equal(toFailure(Object.assign(new Error("Token is expired. To refresh this SSO session run 'aws sso login'"), { name: 'TokenProviderError' })).kind, 'ssoExpired');
      assert.equal(toFailure(cpe('Profile ghost was not found.')).kind, 'profileNotFound');
      assert.equal(toFailure(cpe('Profile is configured with invalid SSO credentials. Required parameters ...')).kind, 'noCredentials');
    });

    it('AccessDenied and friends → accessDenied; Throttling → throttled; rejected or expired credentials → credentialsRejected', () => {
      const svc = (name: string) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400, attempts: 5 } });
      assert.equal(toFailure(svc('AccessDenied'), { action: 'DescribeRegions' }).action, 'ec2:DescribeRegions');
      assert.equal(toFailure(svc('AccessDeniedException')).kind, 'accessDenied');
      assert.equal(toFailure(svc('Throttling')).kind, 'throttled');
      assert.equal(toFailure(svc('InvalidSnapshot.NotFound')).kind, 'notFound');
      assert.equal(toFailure(svc('MissingParameter')).kind, 'invalidInput');
      assert.equal(toFailure(svc('InvalidParameterValue')).kind, 'invalidInput');
      const expired = toFailure(svc('RequestExpired'), { profile: 'dev' });
      assert.equal(expired.kind, 'credentialsRejected');
      assert.match(expired.message, /clock is more than 15 minutes off, or the session token of the credentials has expired/);
      assert.match(expired.nextStep ?? '', /Check the system clock/);
      assert.match(expired.nextStep ?? '', /`aws sso login --profile dev`/);
      assert.equal(toFailure(svc('InvalidClientTokenId')).kind, 'credentialsRejected');
      assert.equal(toFailure(svc('SomethingNew')).kind, 'unknown');
      assert.equal(toFailure('a string').kind, 'unknown');
      assert.equal(toFailure(undefined).kind, 'unknown');
    });

    it('sharing errors say which entry or action, and what did not change', () => {
      const svc = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
      const item = toFailure(svc('InvalidAMIAttributeItemValue', 'Invalid attribute item value "999988887777" for userId item type.'), { action: 'ModifyImageAttribute', region: REGION });
      assert.equal(item.kind, 'invalidInput');
      assert.match(item.message, /^EC2 refused the account id 999988887777: .*no AWS account 999988887777 exists\. Nothing was changed\.$/);
      const denied = toFailure(svc('UnauthorizedOperation', 'You are not authorized to perform this operation.'), { action: 'ModifySnapshotAttribute', region: REGION, profile: 'dev' });
      assert.equal(denied.kind, 'accessDenied');
      assert.match(denied.message, /profile "dev" is not allowed to call ec2:ModifySnapshotAttribute in us-east-1 \(the IAM action ec2:ModifySnapshotAttribute is missing\)/);
      const snapshotUser = toFailure(svc('InvalidParameterValue', 'Value (999988887777) for parameter userId is invalid. The user ID does not exist.'), { action: 'ModifySnapshotAttribute' });
      assert.match(snapshotUser.message, /^EC2 refused the account id 999988887777 for the snapshot: .*The snapshot was not changed\.$/);
      // Other InvalidParameterValue answers keep EC2's words.
      assert.equal(toFailure(svc('InvalidParameterValue', 'Value (x) for parameter attribute is invalid.'), { action: 'ModifySnapshotAttribute' }).message, 'Value (x) for parameter attribute is invalid.');
      const cancel = toFailure(svc('InvalidAMIID.NotFound', "The image id '[ami-0123456789abcdef0]' does not exist"), { action: 'CancelImageLaunchPermission' });
      assert.equal(cancel.kind, 'notFound');
      assert.match(cancel.message, /through your organization or OU, or a public image, cannot be removed/);
    });

    it('never repeats a secret that an error message carries', () => {
      const err = new Error('bad header Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/ec2/aws4_request, Signature=deadbeef');
      const f = toFailure(err);
      assert.ok(!f.message.includes('AKIAIOSFODNN7EXAMPLE'));
      assert.ok(!f.message.includes('deadbeef'));
    });
  });

  describe('isLostResponse (one rule for writes and launches)', () => {
    const net = (code: string, message = code): Error => Object.assign(new Error(message), { code });
    it('a connection that closed after sending, with no HTTP answer, may have reached EC2', () => {
      for (const err of [net('ECONNRESET'), net('EPIPE'), new Error('socket hang up'), new TypeError('terminated'), net('UND_ERR_SOCKET', 'other side closed'), Object.assign(new Error('x'), { name: 'ResponseLost' })]) {
        assert.equal(isLostResponse(err), true, String(err));
      }
    });
    it('not when EC2 answered, the call never connected, or we aborted it', () => {
      assert.equal(isLostResponse(Object.assign(net('ECONNRESET'), { $metadata: { httpStatusCode: 500 } })), false, 'an answer came back');
      assert.equal(isLostResponse(Object.assign(new Error('terminated'), { $response: { statusCode: 200 } })), false);
      assert.equal(isLostResponse(net('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')), false, 'never reached EC2');
      assert.equal(isLostResponse(Object.assign(new Error('Request aborted: socket hang up'), { name: 'AbortError' })), false);
      assert.equal(isLostResponse(undefined), false);
    });
  });

  it('isServerError: a 5xx that may have taken effect, not one that says the call was refused', () => {
    const answer = (name: string, status: number): Error => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
    for (const e of [answer('InternalError', 500), answer('Unavailable', 503), answer('ServiceUnavailable', 503), answer('SomethingNew', 502)]) assert.equal(isServerError(e), true, e.name);
    for (const e of [answer('RequestLimitExceeded', 503), answer('InsufficientInstanceCapacity', 500), answer('InsufficientAddressCapacity', 500), answer('InvalidParameterValue', 400)]) assert.equal(isServerError(e), false, e.name);
    assert.equal(isServerError(new Error('socket hang up')), false, 'no answer at all');
  });
});
