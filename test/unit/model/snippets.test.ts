import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import {
  SNIPPET_KINDS,
  buildSnippet,
  escapeEc2FilterValue,
  hclString,
  isSnippetKind,
  shellQuote,
  terraformIdentifier,
  yamlString,
  type SnippetImage,
} from '../../../src/model/snippets';
import { defaultInstanceType } from '../../../src/model/launch';

/** Names an attacker could give an AMI (EC2 allows far less, but the code must not rely on that). */
const HOSTILE = [
  `it's "quoted" \\ back`,
  `'; touch /tmp/pwned-by-ami; echo '`,
  '$(echo INJECTED >&2)`echo INJECTED >&2`${HOME}',
  'line one\nrm -rf / # second line\r\n\tthird',
  '${var.secret} %{ if true }x%{ endif } $${already} %%{kept} \\${half}',
  '<img src=x onerror=alert(1)> [x](javascript:alert(1)) [c](command:workbench.action.quit)',
  'key: value\n- item\n&anchor *alias !!js/function "#not a comment"\n---\n...',
  '  leading and trailing spaces  ',
  'ünïcødé 😀 \u2028 \u2029 \u0085 \u007f \u0001 \ufeff',
  '*wild?card\\*',
  '-n',
  '',
];

const shells = ['/bin/sh', '/bin/bash', '/bin/dash'].filter((s) => existsSync(s));

function image(name: string | undefined, extra: Partial<SnippetImage> = {}): SnippetImage {
  return { imageId: 'ami-0123456789abcdef0', region: 'eu-west-1', ownerId: '123456789012', architecture: 'x86_64', ...(name !== undefined ? { name } : {}), ...extra };
}

/** Decodes an HCL quoted template literal the way HCL's scanner does, refusing anything that
 * would be interpolated or would end the string early. */
function decodeHcl(literal: string): string {
  assert.ok(literal.startsWith('"') && literal.endsWith('"') && literal.length >= 2, `not a quoted literal: ${literal}`);
  const body = literal.slice(1, -1);
  const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
  let out = '';
  let i = 0;
  while (i < body.length) {
    const rest = body.slice(i);
    const ch = String.fromCodePoint(body.codePointAt(i) ?? 0);
    let take: [string, number];
    if (rest.startsWith('$${')) take = ['${', 3];
    else if (rest.startsWith('%%{')) take = ['%{', 3];
    else if (rest.startsWith('${') || rest.startsWith('%{')) assert.fail(`template sequence left live at ${i} in ${literal}`);
    else if (ch === '"') assert.fail(`unescaped quote at ${i} in ${literal}`);
    else if (ch === '\n' || ch === '\r') assert.fail(`raw line break in ${literal}`);
    else if (ch === '\\') {
      const e = body[i + 1] ?? '';
      if (simple[e] !== undefined) take = [simple[e], 2];
      else if (e === 'u') take = [String.fromCodePoint(parseInt(body.slice(i + 2, i + 6), 16)), 6];
      else if (e === 'U') take = [String.fromCodePoint(parseInt(body.slice(i + 2, i + 10), 16)), 10];
      else assert.fail(`bad escape \\${e} in ${literal}`);
    } else take = [ch, ch.length];
    out += take[0];
    i += take[1];
  }
  return out;
}

/** Runs a snippet with `aws` defined as a shell function that records its arguments. */
function runWithFakeAws(shell: string, script: string): { calls: string[][] } {
  const prelude = `aws() { printf '%s\\0' '@@CALL@@' "$@"; }\n`;
  const run = spawnSync(shell, ['-c', prelude + script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '', 'nothing but `aws` ran');
  const calls: string[][] = [];
  for (const part of run.stdout.split('\0').slice(0, -1)) {
    if (part === '@@CALL@@') calls.push([]);
    else calls[calls.length - 1]?.push(part);
  }
  return { calls };
}

describe('model/snippets', () => {
  describe('shellQuote', () => {
    for (const shell of shells) {
      it(`round-trips every hostile string through ${shell}`, () => {
        for (const value of HOSTILE) {
          const stdout = execFileSync(shell, ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          assert.equal(stdout, value, `quoted as ${shellQuote(value)}`);
        }
      });
    }

    it('leaves plain tokens alone and single-quotes the rest', () => {
      assert.equal(shellQuote('ami-0123456789abcdef0'), 'ami-0123456789abcdef0');
      assert.equal(shellQuote('us-east-1'), 'us-east-1');
      assert.equal(shellQuote("it's"), `'it'\\''s'`);
      assert.equal(shellQuote(''), "''");
      assert.equal(shellQuote('a b'), "'a b'");
    });

    it('drops NUL, which no argument can carry', () => {
      assert.equal(shellQuote('a\0b'), 'ab');
    });
  });

  describe('hclString', () => {
    it('decodes back to every hostile string under the HCL rules', () => {
      for (const value of HOSTILE) assert.equal(decodeHcl(hclString(value)), value, hclString(value));
    });

    it('escapes backslash, quote, control characters and template sequences', () => {
      assert.equal(hclString('a\\b"c'), '"a\\\\b\\"c"');
      assert.equal(hclString('x\ny\tz\r'), '"x\\ny\\tz\\r"');
      assert.equal(hclString('${var.x}'), '"$${var.x}"');
      assert.equal(hclString('%{ if x }'), '"%%{ if x }"');
      assert.equal(hclString('\u0001'), '"\\u0001"');
      assert.equal(hclString('$ and % alone'), '"$ and % alone"');
    });
  });

  describe('yamlString', () => {
    it('parses back to every hostile string with a real YAML parser', () => {
      for (const value of HOSTILE) {
        assert.deepEqual(yaml.load(`v: ${yamlString(value)}`), { v: value }, yamlString(value));
      }
    });

    it('replaces a lone surrogate, which has no UTF-8 form, and keeps pairs', () => {
      assert.deepEqual(yaml.load(`v: ${yamlString('a\ud800b😀')}`), { v: 'a\ufffdb😀' });
    });

    it('keeps the scalar on one line', () => {
      for (const value of HOSTILE) assert.ok(!/[\n\r\u2028\u2029\u0085]/.test(yamlString(value)), yamlString(value));
    });
  });

  it('escapeEc2FilterValue makes wildcards and backslashes literal', () => {
    assert.equal(escapeEc2FilterValue('a*b?c\\d'), 'a\\*b\\?c\\\\d');
    assert.equal(escapeEc2FilterValue('plain-name'), 'plain-name');
  });

  it('terraformIdentifier gives valid identifiers for any text', () => {
    for (const value of HOSTILE) {
      const id = terraformIdentifier(value);
      assert.match(id, /^[a-z_][a-z0-9_-]*$/, `${JSON.stringify(value)} → ${id}`);
    }
    assert.equal(terraformIdentifier('My Web-Server 2024'), 'my_web_server_2024');
    assert.equal(terraformIdentifier('2024 build'), 'ami_2024_build');
    assert.equal(terraformIdentifier('!!!', 'fallback'), 'fallback');
  });

  it('uses the model’s one default instance type rule for the architecture', () => {
    for (const architecture of ['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac', undefined]) {
      const type = defaultInstanceType(architecture);
      const img = image('web', architecture === undefined ? {} : { architecture });
      if (architecture === undefined) delete img.architecture;
      assert.ok(buildSnippet('cliRunInstances', img).includes(`--instance-type ${type}`), `${architecture}: ${type}`);
      assert.ok(buildSnippet('terraform', img).includes(`instance_type = "${type}"`), `${architecture}: ${type}`);
    }
  });

  it('lists each kind once, and isSnippetKind recognizes exactly them', () => {
    assert.deepEqual(
      SNIPPET_KINDS.map((k) => k.kind),
      ['cliDescribe', 'cliRunInstances', 'terraform', 'cloudFormation'],
    );
    assert.ok(SNIPPET_KINDS.every((k) => isSnippetKind(k.kind)));
    assert.ok(!isSnippetKind('rm -rf'));
    assert.ok(!isSnippetKind(undefined));
  });

  describe('AWS CLI snippets, executed by a shell with a recording `aws`', () => {
    for (const shell of shells) {
      it(`describe-images passes every hostile name as one exact argument (${shell})`, () => {
        for (const name of HOSTILE.filter((n) => n !== '')) {
          const { calls } = runWithFakeAws(shell, buildSnippet('cliDescribe', image(name)));
          assert.equal(calls.length, 2, `two commands for ${JSON.stringify(name)}`);
          assert.deepEqual(calls[0], ['ec2', 'describe-images', '--region', 'eu-west-1', '--image-ids', 'ami-0123456789abcdef0']);
          const second = calls[1] ?? [];
          assert.deepEqual(second.slice(0, 6), ['ec2', 'describe-images', '--region', 'eu-west-1', '--owners', '123456789012']);
          assert.equal(second[6], '--filters');
          const filters = JSON.parse(second[7] ?? '') as { Name: string; Values: string[] }[];
          assert.deepEqual(filters, [{ Name: 'name', Values: [escapeEc2FilterValue(name)] }]);
          assert.deepEqual(second.slice(8), ['--query', 'sort_by(Images, &CreationDate)[-1].ImageId', '--output', 'text']);
        }
      });

      it(`run-instances passes every hostile name as one exact argument (${shell})`, () => {
        for (const name of HOSTILE.filter((n) => n !== '')) {
          const { calls } = runWithFakeAws(shell, buildSnippet('cliRunInstances', image(name)));
          assert.equal(calls.length, 1);
          const args = calls[0] ?? [];
          assert.deepEqual(args.slice(0, 10), ['ec2', 'run-instances', '--region', 'eu-west-1', '--image-id', 'ami-0123456789abcdef0', '--instance-type', 't3.micro', '--count', '1']);
          assert.equal(args[10], '--tag-specifications');
          const spec = JSON.parse(args[11] ?? '') as { ResourceType: string; Tags: { Key: string; Value: string }[] }[];
          assert.deepEqual(spec, [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }]);
          assert.equal(args.length, 12);
        }
      });
    }

    it('run-instances without a name has no tag specification and picks an ARM type for arm64', () => {
      const { calls } = runWithFakeAws('/bin/sh', buildSnippet('cliRunInstances', image(undefined, { architecture: 'arm64' })));
      assert.deepEqual(calls, [['ec2', 'run-instances', '--region', 'eu-west-1', '--image-id', 'ami-0123456789abcdef0', '--instance-type', 't4g.micro', '--count', '1']]);
    });

    it('describe-images without a name only looks up by id', () => {
      const { calls } = runWithFakeAws('/bin/sh', buildSnippet('cliDescribe', image(undefined)));
      assert.equal(calls.length, 1);
    });

    it('runs nothing the name holds', () => {
      const dir = mkdtempSync(join(tmpdir(), 'ami-snippet-'));
      const marker = join(dir, 'pwned');
      const name = `$(touch ${marker})\`touch ${marker}\`'; touch ${marker}; '`;
      for (const kind of ['cliDescribe', 'cliRunInstances'] as const) {
        const run = spawnSync('/bin/sh', ['-c', `aws() { :; }\n${buildSnippet(kind, image(name))}`], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        assert.equal(run.stdout + run.stderr, '');
        assert.ok(!existsSync(marker), `${kind} ran a command from the name`);
      }
      rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('Terraform snippet', () => {
    function literalAfter(text: string, prefix: RegExp): string {
      const line = text.split('\n').find((l) => prefix.test(l));
      assert.ok(line, `no line matching ${prefix}`);
      return line.replace(prefix, '').trim();
    }

    it('holds every hostile name only inside correctly escaped HCL strings', () => {
      const benignLines = buildSnippet('terraform', image('web-server')).split('\n').length;
      for (const name of HOSTILE.filter((n) => n !== '')) {
        const text = buildSnippet('terraform', image(name));
        assert.equal(text.split('\n').length, benignLines, 'the name adds no line');
        const values = literalAfter(text, /^\s*values\s*=\s*/);
        assert.ok(values.startsWith('[') && values.endsWith(']'));
        assert.equal(decodeHcl(values.slice(1, -1)), escapeEc2FilterValue(name));
        assert.equal(decodeHcl(literalAfter(text, /^\s*Name\s*=\s*/)), name);
        assert.equal(decodeHcl(literalAfter(text, /^\s*region\s*=\s*/)), 'eu-west-1');
        assert.equal(decodeHcl(literalAfter(text, /^\s*owners\s*=\s*/).slice(1, -1)), '123456789012');
        const labels = [...text.matchAll(/^(?:data|resource) "([^"]+)" "([^"]+)" \{$/gm)].map((m) => [m[1], m[2]]);
        assert.equal(labels.length, 2);
        for (const [, id] of labels) assert.match(id ?? '', /^[a-z_][a-z0-9_-]*$/);
        const id = labels[0]?.[1];
        assert.match(text, new RegExp(`ami\\s+= data\\.aws_ami\\.${id}\\.id`));
      }
    });

    it('is the documented shape for a plain image', () => {
      const text = buildSnippet('terraform', image('web-server'));
      assert.match(text, /^data "aws_ami" "web_server" \{$/m);
      assert.match(text, /^ {2}most_recent = true$/m);
      assert.match(text, /^ {4}name {3}= "name"$/m);
      assert.match(text, /^resource "aws_instance" "web_server" \{$/m);
      assert.match(text, /instance_type = "t3.micro"/);
    });

    it('falls back to an image-id filter and an id-derived label without a name', () => {
      const text = buildSnippet('terraform', image(undefined));
      assert.match(text, /name {3}= "image-id"/);
      assert.match(text, /values = \["ami-0123456789abcdef0"\]/);
      assert.match(text, /data "aws_ami" "ami_0123456789abcdef0"/);
      assert.match(text, /owners {6}= \["123456789012"\]/);
      assert.match(buildSnippet('terraform', image(undefined, { ownerId: undefined })), /owners {6}= \["self"\]/);
    });
  });

  describe('CloudFormation snippet', () => {
    interface Template {
      AWSTemplateFormatVersion: string;
      Description: string;
      Resources: { Instance: { Type: string; Properties: { ImageId: string; Tags?: { Key: string; Value: string }[] } } };
    }

    it('parses as YAML with the hostile name intact in Tags and Description', () => {
      for (const name of HOSTILE.filter((n) => n !== '')) {
        const expected = name;
        const t = yaml.load(buildSnippet('cloudFormation', image(name))) as Template;
        assert.equal(t.AWSTemplateFormatVersion, '2010-09-09');
        assert.equal(t.Resources.Instance.Type, 'AWS::EC2::Instance');
        assert.equal(t.Resources.Instance.Properties.ImageId, 'ami-0123456789abcdef0');
        assert.deepEqual(t.Resources.Instance.Properties.Tags, [{ Key: 'Name', Value: expected }]);
        assert.ok(t.Description.includes(expected), t.Description);
        assert.deepEqual(Object.keys(t), ['AWSTemplateFormatVersion', 'Description', 'Parameters', 'Conditions', 'Resources', 'Outputs']);
      }
    });

    it('omits Tags without a name and defaults the instance type to the architecture', () => {
      const t = yaml.load(buildSnippet('cloudFormation', image(undefined, { architecture: 'arm64' }))) as Template & {
        Parameters: { InstanceType: { Default: string } };
      };
      assert.equal(t.Resources.Instance.Properties.Tags, undefined);
      assert.equal(t.Parameters.InstanceType.Default, 't4g.micro');
    });
  });
});
