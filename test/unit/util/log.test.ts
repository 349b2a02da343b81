/** Error log lines are redacted: a secret quoted in an error's message or stack never reaches the log. */
import * as assert from 'node:assert/strict';
import { errorForLog } from '../../../src/util/log';

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
