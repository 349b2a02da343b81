import * as assert from 'node:assert/strict';
import { checkIniSyntax, describeIniProblem } from '../../../src/aws/iniCheck';

describe('aws/iniCheck', () => {
  it('accepts what the AWS CLI accepts: comments, nested blocks, continuations, a BOM', () => {
    const ok = [
      '',
      '\uFEFF[default]\nregion = us-east-1\n',
      '# comment\n; another\n[default] # trailing\nregion=us-east-1 ; inline\n\n[profile dev]\nregion = eu-west-1\n',
      '[profile dev]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = us-east-1\n',
      '[profile dev]\nca_bundle =\n    /etc/ssl/bundle.pem\n',
      '[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\n[services dev]\nec2 =\n  endpoint_url = http://localhost:4566\n',
      '[default]\r\naws_access_key_id = A\r\naws_secret_access_key = B\r\n',
    ];
    for (const text of ok) assert.equal(checkIniSyntax(text), undefined, JSON.stringify(text));
  });

  it('names the first line a parser would misread', () => {
    assert.deepEqual(checkIniSyntax('[default]\nregion = x\n[profile dev\nregion = y\n'), { line: 3, key: 'region', message: 'a section header is missing its closing "]"' });
    assert.equal(checkIniSyntax('region = x\n[default]\n')?.line, 1);
    assert.equal(checkIniSyntax('[default]\nregion us-east-1\n')?.line, 2);
    assert.equal(checkIniSyntax('[default]\n= value\n')?.line, 2);
    assert.equal(checkIniSyntax('[]\n')?.line, 1);
    assert.equal(checkIniSyntax('[__proto__]\nx = 1\n')?.line, 1);
    assert.equal(checkIniSyntax('[default]\n  indented before any key\n')?.line, 2);
  });

  describe('never quotes the file (a broken line may be half a secret)', () => {
    const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampletoken';
    const cases: [string, string][] = [
      ['a secret pasted on its own line', `[default]\naws_access_key_id = AKIA_TEST_KEY_ID_1\naws_secret_access_key =\n${SECRET}\n`],
      ['a secret without "="', `[default]\naws_secret_access_key ${SECRET}\n`],
      ['a token before any section', `${TOKEN}\n[default]\n`],
      ['an unclosed header holding a token', `[default]\nx = 1\n[${TOKEN}\n`],
      ['a token line after a padded token', `[default]\naws_session_token = ${TOKEN}\n${TOKEN}==\n${TOKEN}\n`],
    ];
    for (const [label, text] of cases) {
      it(label, () => {
        const p = checkIniSyntax(text);
        assert.ok(p, 'expected a problem');
        const shown = describeIniProblem(p);
        for (const secret of [SECRET, TOKEN, SECRET.slice(0, 12), TOKEN.slice(0, 12)]) assert.ok(!shown.includes(secret), `${shown} quotes the file`);
        assert.match(shown, /^line \d+/);
      });
    }

    it('names the key before the bad line when it looks like a key name', () => {
      const p = checkIniSyntax(`[default]\naws_secret_access_key =\n${SECRET}\n`);
      assert.deepEqual(p, { line: 3, key: 'aws_secret_access_key', message: 'expected "key = value"' });
      assert.equal(describeIniProblem(p), 'line 3 (after key "aws_secret_access_key"): expected "key = value"');
      // A mixed-case "key" (a token whose base64 padding holds "=") is never named.
      const q = checkIniSyntax(`[default]\n${TOKEN}==\nbroken\n`);
      assert.deepEqual(q, { line: 3, message: 'expected "key = value"' });
      // A new section forgets the previous section's key.
      assert.deepEqual(checkIniSyntax('[a]\nregion = x\n[b]\nbroken\n'), { line: 4, message: 'expected "key = value"' });
    });
  });
});
