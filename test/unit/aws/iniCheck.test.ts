import * as assert from 'node:assert/strict';
import { checkIniSyntax } from '../../../src/aws/iniCheck';

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
    assert.deepEqual(checkIniSyntax('[default]\nregion = x\n[profile dev\nregion = y\n'), { line: 3, message: 'section header "[profile dev" is missing its closing "]"' });
    assert.equal(checkIniSyntax('region = x\n[default]\n')?.line, 1);
    assert.equal(checkIniSyntax('[default]\nregion us-east-1\n')?.line, 2);
    assert.equal(checkIniSyntax('[default]\n= value\n')?.line, 2);
    assert.equal(checkIniSyntax('[]\n')?.line, 1);
    assert.equal(checkIniSyntax('[__proto__]\nx = 1\n')?.line, 1);
    assert.equal(checkIniSyntax('[default]\n  indented before any key\n')?.line, 2);
  });
});
