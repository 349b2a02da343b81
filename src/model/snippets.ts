/**
 * "Copy as…" text: AWS CLI, Terraform and CloudFormation snippets for one AMI.
 * AMI names are chosen by whoever registered the image, so every value taken from the image is
 * quoted for the language it lands in (POSIX shell, HCL, YAML) and never placed in a comment.
 * Pure: no vscode, no SDK.
 */
import type { AmiImage } from './image';
import { defaultInstanceType } from './launch';

export type SnippetKind = 'cliDescribe' | 'cliRunInstances' | 'terraform' | 'cloudFormation';

export interface SnippetDescriptor {
  kind: SnippetKind;
  label: string;
  detail: string;
  /** VS Code language id, for opening the snippet in an editor. */
  language: string;
}

export const SNIPPET_KINDS: readonly SnippetDescriptor[] = [
  { kind: 'cliDescribe', label: 'AWS CLI: describe-images', detail: 'Look the image up by id, or the newest by name and owner', language: 'shellscript' },
  { kind: 'cliRunInstances', label: 'AWS CLI: run-instances', detail: 'Launch one instance from the image', language: 'shellscript' },
  { kind: 'terraform', label: 'Terraform', detail: 'data "aws_ami" by name and owner, and an aws_instance', language: 'terraform' },
  { kind: 'cloudFormation', label: 'CloudFormation (YAML)', detail: 'An AWS::EC2::Instance with this ImageId', language: 'yaml' },
];

/** What a snippet needs from the image. */
export type SnippetImage = Pick<AmiImage, 'imageId' | 'region'> & Partial<Pick<AmiImage, 'name' | 'ownerId' | 'architecture'>>;

export function isSnippetKind(value: unknown): value is SnippetKind {
  return typeof value === 'string' && SNIPPET_KINDS.some((d) => d.kind === value);
}

export function buildSnippet(kind: SnippetKind, image: SnippetImage): string {
  switch (kind) {
    case 'cliDescribe':
      return cliDescribe(image);
    case 'cliRunInstances':
      return cliRunInstances(image);
    case 'terraform':
      return terraform(image);
    case 'cloudFormation':
      return cloudFormation(image);
  }
}

// ---------------------------------------------------------------------------------------------
// Quoting

/**
 * One POSIX shell word that the shell turns back into exactly `value`: plain when it holds only
 * characters no shell treats specially, else single-quoted with each `'` written as `'\''`.
 * NUL cannot be passed in an argument at all, so it is dropped.
 */
export function shellQuote(value: string): string {
  const text = value.replace(/\0/g, '');
  if (/^[A-Za-z0-9_./:@%+,=-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * An HCL quoted string literal (with its quotes) whose value is exactly `value`: backslash
 * escapes for `\`, `"` and control characters, and template sequences disarmed (`${` → `$${`,
 * `%{` → `%%{`) so nothing in the value is interpolated or run as a directive.
 */
export function hclString(value: string): string {
  let out = '';
  for (const ch of value) out += SHORT_ESCAPES[ch] ?? (isControl(ch) ? unicodeEscape(ch) : ch);
  // Function replacers: in a replacement string `$$` would itself collapse to `$`.
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/**
 * A YAML double-quoted scalar whose value is exactly `value`. Every character YAML could fold,
 * strip or reject (line breaks, other control characters, BOM, lone surrogates) is escaped.
 */
export function yamlString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\uFFFD'; // a lone surrogate has no UTF-8 form
    else if (isControl(ch) || code === 0xfeff || code === 0xfffe || code === 0xffff) out += unicodeEscape(ch);
    else out += ch;
  }
  return `"${out}"`;
}

/** The backslash escapes HCL and YAML double-quoted strings share. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** C0/C1 controls, DEL and the Unicode line/paragraph separators. */
function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

function unicodeEscape(ch: string): string {
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** EC2 filter values treat `*` and `?` as wildcards; a backslash makes them (and itself) literal. */
export function escapeEc2FilterValue(value: string): string {
  return value.replace(/[\\*?]/g, (c) => `\\${c}`);
}

/**
 * A Terraform identifier (letters, digits, `_`, `-`; starting with a letter or `_`) derived from
 * free text: lower-cased, every run of other characters becomes one `_`.
 */
export function terraformIdentifier(text: string, fallback = 'ami'): string {
  const id = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48)
    .replace(/_+$/, '');
  if (id === '') return fallback;
  return /^[a-z_]/.test(id) ? id : `ami_${id}`;
}

// ---------------------------------------------------------------------------------------------
// Snippets

/** Ids and regions go into identifiers and comments only in this stripped form. */
function token(value: string): string {
  return value.replace(/[^A-Za-z0-9-]/g, '');
}

function owner(image: SnippetImage): string {
  return image.ownerId ?? 'self';
}

function cliDescribe(image: SnippetImage): string {
  const lines = [
    '# By image id',
    `aws ec2 describe-images --region ${shellQuote(image.region)} --image-ids ${shellQuote(image.imageId)}`,
  ];
  if (image.name) {
    const filters = JSON.stringify([{ Name: 'name', Values: [escapeEc2FilterValue(image.name)] }]);
    lines.push(
      '',
      '# The newest image with the same name and owner',
      `aws ec2 describe-images --region ${shellQuote(image.region)} --owners ${shellQuote(owner(image))} \\`,
      `  --filters ${shellQuote(filters)} \\`,
      `  --query 'sort_by(Images, &CreationDate)[-1].ImageId' --output text`,
    );
  }
  return lines.join('\n') + '\n';
}

function cliRunInstances(image: SnippetImage): string {
  const args = [
    `--region ${shellQuote(image.region)}`,
    `--image-id ${shellQuote(image.imageId)}`,
    `--instance-type ${defaultInstanceType(image.architecture)}`,
    '--count 1',
  ];
  if (image.name) {
    const tags = JSON.stringify([{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: image.name }] }]);
    args.push(`--tag-specifications ${shellQuote(tags)}`);
  }
  return [
    'aws ec2 run-instances \\',
    ...args.map((a, i) => `  ${a}${i < args.length - 1 ? ' \\' : ''}`),
    '# Optional: --key-name YOUR_KEY_PAIR --subnet-id subnet-XXXXXXXX --security-group-ids sg-XXXXXXXX',
    '',
  ].join('\n');
}

function terraform(image: SnippetImage): string {
  const id = terraformIdentifier(image.name ?? '', terraformIdentifier(image.imageId));
  const filter = image.name
    ? { name: 'name', value: escapeEc2FilterValue(image.name) }
    : { name: 'image-id', value: image.imageId };
  const lines = [
    'provider "aws" {',
    `  region = ${hclString(image.region)}`,
    '}',
    '',
    `data "aws_ami" "${id}" {`,
    '  most_recent = true',
    `  owners      = [${hclString(owner(image))}]`,
    '',
    '  filter {',
    `    name   = ${hclString(filter.name)}`,
    `    values = [${hclString(filter.value)}]`,
    '  }',
    '}',
    '',
    `resource "aws_instance" "${id}" {`,
    `  ami           = data.aws_ami.${id}.id # currently ${token(image.imageId)}`,
    `  instance_type = ${hclString(defaultInstanceType(image.architecture))}`,
  ];
  if (image.name) lines.push('', '  tags = {', `    Name = ${hclString(image.name)}`, '  }');
  lines.push('}', '');
  return lines.join('\n');
}

function cloudFormation(image: SnippetImage): string {
  const described = image.name ? `${image.name} (${image.imageId})` : image.imageId;
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    `Description: ${yamlString(`One EC2 instance from ${described}; the image id is valid in ${image.region} only.`)}`,
    'Parameters:',
    '  InstanceType:',
    '    Type: String',
    `    Default: ${yamlString(defaultInstanceType(image.architecture))}`,
    '  KeyName:',
    '    Type: String',
    "    Default: ''",
    '    Description: Optional EC2 key pair name',
    'Conditions:',
    '  HasKeyName:',
    "    Fn::Not: [{ 'Fn::Equals': [{ Ref: KeyName }, ''] }]",
    'Resources:',
    '  Instance:',
    '    Type: AWS::EC2::Instance',
    '    Properties:',
    `      ImageId: ${yamlString(image.imageId)}`,
    '      InstanceType: { Ref: InstanceType }',
    "      KeyName: { 'Fn::If': [HasKeyName, { Ref: KeyName }, { Ref: 'AWS::NoValue' }] }",
  ];
  if (image.name) lines.push('      Tags:', '        - Key: Name', `          Value: ${yamlString(image.name)}`);
  lines.push('Outputs:', '  InstanceId:', '    Value: { Ref: Instance }', '');
  return lines.join('\n');
}
