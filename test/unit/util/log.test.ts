/** Error log lines are redacted: a secret quoted in an error's message or stack never reaches the log. */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { errorForLog, redactingLog } from '../../../src/util/log';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('util/log errorForLog', () => {
  it('redacts the message and the stack', () => {
    const err = new Error(`request failed: Authorization: AWS4-HMAC-SHA256 Credential=${KEY}/x, aws_secret_access_key=${SECRET}`);
    for (const line of [errorForLog(err), errorForLog(err, true)]) {
      assert.ok(!line.includes(KEY), line);
      assert.ok(!line.includes(SECRET), line);
      assert.match(line, /\[redacted\]/);
    }
    assert.match(errorForLog(err, true), /\n\s+at /, 'the stack is kept');
    assert.doesNotMatch(errorForLog(err), /\n\s+at /, 'the message only');
  });

  it('redacts thrown strings and objects too', () => {
    assert.ok(!errorForLog(`secretAccessKey: '${SECRET}'`).includes(SECRET));
    assert.ok(!errorForLog({ accessKeyId: KEY }).includes(KEY));
    assert.equal(errorForLog('plain failure'), 'plain failure');
  });
});

describe('util/log redactingLog', () => {
  function fakeChannel(): { channel: vscode.LogOutputChannel; lines: string[] } {
    const lines: string[] = [];
    const write = (level: string) => (message: unknown) => void lines.push(`${level} ${String(message)}`);
    const channel = {
      name: 'AMI Explorer',
      logLevel: 2,
      trace: write('trace'),
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      append: write('append'),
      appendLine: write('appendLine'),
      replace: write('replace'),
      clear: () => undefined,
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
    } as unknown as vscode.LogOutputChannel;
    return { channel, lines };
  }

  it('redacts every level and every raw write, keeping the rest of the line', () => {
    const { channel, lines } = fakeChannel();
    const log = redactingLog(channel);
    log.trace(`trace ${KEY}`);
    log.debug(`debug aws_secret_access_key=${SECRET}`);
    log.info(`info {"accessToken":"ssoTokenValue"}`);
    log.warn(`details: loading failed: x-amz-sso_bearer_token: bearerValue`);
    log.error(`host: call failed: secretAccessKey: '${SECRET}'`);
    log.error(new Error(`thrown with ${KEY}`));
    log.append(`append ${KEY}`);
    log.appendLine(`appendLine ${KEY}`);
    log.replace(`replace ${KEY}`);
    assert.equal(lines.length, 9);
    for (const line of lines) {
      for (const secret of [KEY, SECRET, 'ssoTokenValue', 'bearerValue']) assert.ok(!line.includes(secret), line);
      assert.match(line, /\[redacted\]/, line);
    }
    assert.equal(lines[0], 'trace trace [redacted]');
    assert.match(lines[3] ?? '', /^warn details: loading failed: x-amz-sso_bearer_token: \[redacted\]$/);
    assert.equal(log.name, 'AMI Explorer');
  });

  it('redacts the extra arguments too, whatever their type', () => {
    const { channel, lines } = fakeChannel();
    redactingLog(channel).info('request', { headers: { 'x-amz-security-token': 'tokenValue' } }, `key ${KEY}`, new Error(`e ${KEY}`));
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]?.includes('tokenValue') && !lines[0]?.includes(KEY), lines[0]);
    assert.match(lines[0] ?? '', /^info request \{"headers":\{"x-amz-security-token":"\[redacted\]"\}\} key \[redacted\] Error: e \[redacted\]/);
  });

  // act (#12): activation creates no output channel; the first line does.
  it('given a function, opens the channel on the first line only, and still redacts', () => {
    const { channel, lines } = fakeChannel();
    let opened = 0;
    const log = redactingLog(() => {
      opened++;
      return channel;
    });
    log.dispose();
    assert.equal(opened, 0, 'nothing written, nothing opened (dispose included)');
    log.info(`first ${KEY}`);
    log.warn('second');
    assert.equal(opened, 1);
    assert.deepEqual(lines, ['info first [redacted]', 'warn second']);
  });
});
