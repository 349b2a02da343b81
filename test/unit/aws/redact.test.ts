/**
 * Credentials and signatures never reach a log: the redaction helper on the kinds of text that
 * carry them, then every line the layer and the SDK's own logger write during real calls
 * (successes, SDK failures, credential failures), including a failure whose message quotes the
 * signed request back, so the secrets are really in the text the log is given.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '../../emulator';
import { redact, safeLogger } from '../../../src/aws/redact';
import { makeAwsHome, makeServices, type AwsHome } from './helpers';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampletoken';

describe('aws/redact', () => {
  const samples: [string, string[]][] = [
    [`Authorization: AWS4-HMAC-SHA256 Credential=${KEY}/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef`, [KEY, '0123456789abcdef']],
    [`{"authorization":"AWS4-HMAC-SHA256 Credential=${KEY}/x, Signature=abc123"}`, [KEY, 'abc123']],
    [`x-amz-security-token: ${TOKEN}`, [TOKEN]],
    [`https://ec2.amazonaws.com/?X-Amz-Credential=${KEY}%2F20260101&X-Amz-Signature=feedface&X-Amz-Security-Token=${encodeURIComponent(TOKEN)}`, [KEY, 'feedface', TOKEN, encodeURIComponent(TOKEN)]],
    [`aws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}`, [KEY, SECRET, TOKEN]],
    [`{ accessKeyId: '${KEY}', secretAccessKey: '${SECRET}', sessionToken: '${TOKEN}' }`, [KEY, SECRET, TOKEN]],
    [`{"AccessKeyId":"ASIAEXAMPLEEXAMPLE12","SecretAccessKey":"${SECRET}","SessionToken":"${TOKEN}"}`, ['ASIAEXAMPLEEXAMPLE12', SECRET, TOKEN]],
    [`signed by ${KEY} in the middle of a sentence`, [KEY]],
    // The SSO token cache and OIDC client registration.
    [`{"accessToken":"aoaAAAAAGexampleSsoAccessToken","refreshToken":"aorExampleRefresh","clientSecret":"eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0exampleSecret"}`, ['aoaAAAAAGexampleSsoAccessToken', 'aorExampleRefresh', 'eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0exampleSecret']],
    [`{ accessToken: 'aoaAAAAAGexampleSsoAccessToken', refresh_token: 'aorExampleRefresh', client_secret: 'clientSecretExample' }`, ['aoaAAAAAGexampleSsoAccessToken', 'aorExampleRefresh', 'clientSecretExample']],
    // The SSO portal's bearer header, as a header line and as a printed header object.
    [`x-amz-sso_bearer_token: aoaBearerExampleToken`, ['aoaBearerExampleToken']],
    [`{ 'x-amz-sso_bearer_token': 'aoaBearerExampleToken', host: 'portal.sso.us-east-1.amazonaws.com' }`, ['aoaBearerExampleToken']],
    // util.inspect of a Map of headers.
    [`Map(2) { 'x-amz-security-token' => '${TOKEN}', 'authorization' => 'AWS4-HMAC-SHA256 Credential=x, Signature=cafebabe' }`, [TOKEN, 'cafebabe']],
    [`Map(1) { 'aws_secret_access_key' => '${SECRET}' }`, [SECRET]],
    // JSON escaped inside a string (an error message quoting a response body), once and twice.
    [`error: ${JSON.stringify(JSON.stringify({ Credentials: { SecretAccessKey: SECRET, SessionToken: TOKEN } }))}`, [SECRET, TOKEN]],
    [JSON.stringify({ body: JSON.stringify(JSON.stringify({ secretAccessKey: SECRET })) }), [SECRET]],
  ];
  for (const [text, secrets] of samples) {
    it(`strips secrets from: ${text.slice(0, 50)}…`, () => {
      const out = redact(text);
      for (const s of secrets) assert.ok(!out.includes(s), `${s} survived in ${out}`);
      assert.match(out, /\[redacted\]/);
    });
  }

  it('strips private keys (CreateKeyPair key material): PEM, OpenSSH, escaped in a printed object, cut off', () => {
    const body = 'MIIEowIBAAKCAQEAexampleKeyBody0123456789abcdefghijkl';
    const samples = [
      `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`,
      `{ KeyMaterial: '-----BEGIN OPENSSH PRIVATE KEY-----\\n${body}\\n-----END OPENSSH PRIVATE KEY-----', KeyName: 'k' }`,
      `output: -----BEGIN PRIVATE KEY-----\n${body}`,
      `{"keyMaterial":"${body}"}`,
    ];
    for (const text of samples) {
      const out = redact(text);
      assert.ok(!out.includes(body), out);
      assert.match(out, /\[redacted( private key)?\]/);
    }
    assert.match(redact(`before -----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY----- after`), /^before \[redacted private key\] after$/);
  });

  it('leaves ordinary log lines alone', () => {
    const line = 'DescribeImagesCommand us-east-1 [dev] ok in 12 ms; ami-0123456789abcdef0 snap-0123456789abcdef0';
    assert.equal(redact(line), line);
  });

  it('keeps the text around a redacted value', () => {
    assert.equal(redact(`{\\"SecretAccessKey\\":\\"${SECRET}\\",\\"Expiration\\":\\"2026\\"}`), '{\\"SecretAccessKey\\":\\"[redacted]\\",\\"Expiration\\":\\"2026\\"}');
    assert.equal(redact(`Map(1) { 'x-amz-security-token' => 'abc', 'host' => 'h' }`), `Map(1) { 'x-amz-security-token' => '[redacted]', 'host' => 'h' }`);
    assert.equal(redact('accessToken expired; run aws sso login'), 'accessToken expired; run aws sso login');
  });

  it('safeLogger redacts every line and survives a throwing logger', () => {
    const lines: string[] = [];
    safeLogger((_level, m) => lines.push(m))('info', `key ${KEY}`);
    assert.deepEqual(lines, ['key [redacted]']);
    assert.doesNotThrow(() =>
      safeLogger(() => {
        throw new Error('broken sink');
      })('error', 'x'),
    );
    assert.doesNotThrow(() => safeLogger(undefined)('info', 'x'));
  });

  describe('end to end', function () {
    let emu: Emulator;
    let home: AwsHome;
    before(async () => {
      emu = await startEmulator({ port: 0, seed: 5, imagesPerRegion: 6, regions: ['us-east-1'] });
      home = makeAwsHome();
      home.writeCredentials(`[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n[broken]\naws_access_key_id = ${KEY}\n`);
    });
    after(async () => {
      await emu.close();
      home.remove();
    });

    // Fails when something starts logging the request itself (its headers are signed); removing
    // redaction does not fail it, since no answer here quotes a secret: the next test covers that.
    it('no log line of real calls, the SDK logger\'s included, holds a key, secret, token or signature', async () => {
      const { services, logs } = makeServices(home, emu.url, { maxAttempts: 2 });
      try {
        const ops = services.images('default');
        assert.ok((await ops.listImages('us-east-1', { kind: 'self' }, {}, {})).ok);
        emu.faults.failRegion('us-east-1', 'UnauthorizedOperation');
        assert.ok(!(await ops.listImages('us-east-1', { kind: 'self' }, {}, {})).ok);
        emu.faults.reset();
        assert.ok(!(await ops.getImage('us-east-1', 'ami-bad')).ok);
        assert.ok(!(await services.images('broken').listImages('us-east-1', { kind: 'self' }, {}, {})).ok);
        assert.ok(!(await services.images('missing').listImages('us-east-1', { kind: 'self' }, {}, {})).ok);
        // The SDK signed with our secret: the emulator saw the key; the log must not.
        assert.ok(logs.length >= 4, `logged ${logs.length} lines`);
        // The SDK's own logger is wired through the layer's log (its per-command record).
        assert.ok(logs.some((l) => l.message.startsWith('SDK: ') && l.message.includes('DescribeImagesCommand')), 'no line from the SDK\'s logger');
        const all = logs.map((l) => l.message).join('\n');
        for (const secret of [KEY, SECRET, TOKEN, 'Signature=', 'AWS4-HMAC-SHA256']) assert.ok(!all.includes(secret), `${secret} reached the log`);
      } finally {
        services.dispose();
      }
    });

    it('a server that quotes the signed request back in its error: the key, token and signature are redacted from every line', async () => {
      // What an endpoint override pointed at the wrong server (a debugging proxy, an echo service)
      // can answer: an EC2-shaped error whose message repeats the request's credential headers.
      const seen: string[] = [];
      const echo = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          const auth = String(req.headers.authorization ?? '');
          const token = String(req.headers['x-amz-security-token'] ?? '');
          seen.push(auth, token);
          const message = `Request rejected.\nauthorization: ${auth}\nx-amz-security-token: ${token}`;
          res.writeHead(400, { 'content-type': 'text/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidRequest</Code><Message>${message}</Message></Error></Errors><RequestID>echo-1</RequestID></Response>`);
        });
      });
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const { services, logs } = makeServices(home, url, { maxAttempts: 1 });
      try {
        const result = await services.images('default').listImages('us-east-1', { kind: 'self' }, {}, {});
        assert.ok(!result.ok);
        // The secrets were really in play: the server received them and quoted them back.
        assert.ok(seen[0]?.includes(KEY) && seen[0].includes('Signature='), `the request was not signed with ${KEY}: ${seen[0]}`);
        assert.equal(seen[1], TOKEN);
        // Both the layer's failure line and the SDK logger's error record carry the echoed text…
        const layerLine = logs.find((l) => l.message.startsWith('DescribeImagesCommand') && l.message.includes('Request rejected.'));
        const sdkLine = logs.find((l) => l.message.startsWith('SDK: ') && l.message.includes('Request rejected.'));
        assert.ok(layerLine, `no failure line from the layer in:\n${logs.map((l) => l.message).join('\n')}`);
        assert.ok(sdkLine, `no error record from the SDK's logger in:\n${logs.map((l) => l.message).join('\n')}`);
        // …with the credentials replaced, and nothing of them left anywhere in the log.
        for (const line of [layerLine.message, sdkLine.message]) {
          assert.match(line, /authorization: \[redacted\]/);
          assert.match(line, /x-amz-security-token: \[redacted\]/);
        }
        const all = logs.map((l) => l.message).join('\n');
        for (const secret of [KEY, TOKEN, 'Signature=', 'AWS4-HMAC-SHA256']) assert.ok(!all.includes(secret), `${secret} reached the log`);
        // The person is told the failure without the secrets too.
        if (!result.ok) for (const secret of [KEY, TOKEN, 'Signature=']) assert.ok(!result.error.message.includes(secret), `${secret} reached the failure message`);
      } finally {
        services.dispose();
        await new Promise<void>((resolve) => echo.close(() => resolve()));
      }
    });
  });
});
