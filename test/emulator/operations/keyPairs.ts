/**
 * DescribeKeyPairs (KeyName.N, KeyPairId.N, filters) and CreateKeyPair (KeyType rsa | ed25519,
 * KeyFormat pem). CreateKeyPair generates a real key with node:crypto and answers its private
 * part once, as EC2 does: RSA as PKCS#1 PEM, ED25519 in OpenSSH's format. The emulator keeps only
 * the fingerprint.
 */
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { Ec2Error, invalidParameterValue } from '../errors';
import { compileFilters, type Extractor } from '../filters';
import { filtersParam, listParam, requiredParam } from '../params';
import { renderKeyPair } from '../render';
import type { EmuKeyPair } from '../types';
import { el, list } from '../xml';
import type { Operation, OperationContext } from './context';

const KEY_FILTERS: Record<string, Extractor<EmuKeyPair>> = {
  'key-name': (k) => [k.keyName],
  'key-pair-id': (k) => [k.keyPairId],
  fingerprint: (k) => [k.keyFingerprint],
  'key-type': (k) => [k.keyType],
  'tag-key': (k) => k.tags.map((t) => t.key),
};

export function keyPairNotFound(name: string): Ec2Error {
  return new Ec2Error('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
}

export const describeKeyPairs: Operation = {
  mutating: false,
  run(ctx: OperationContext): string {
    const names = listParam(ctx.params, 'KeyName');
    const ids = listParam(ctx.params, 'KeyPairId');
    const filter = compileFilters(filtersParam(ctx.params), KEY_FILTERS, (k) => k.tags);
    const mine = ctx.store.keyPairs(ctx.region, ctx.account);
    for (const name of names) if (!mine.some((k) => k.keyName === name)) throw keyPairNotFound(name);
    for (const id of ids) if (!mine.some((k) => k.keyPairId === id)) throw new Ec2Error('InvalidKeyPair.NotFound', `The key pair ID '${id}' does not exist`);
    const shown = mine.filter((k) => (names.length === 0 || names.includes(k.keyName)) && (ids.length === 0 || ids.includes(k.keyPairId)) && filter(k));
    return list('keySet', shown, renderKeyPair);
  },
};

/** EC2's rules for a key pair name: 1 to 255 ASCII characters. */
export function checkKeyName(name: string): void {
  if (name.length > 255) throw new Ec2Error('InvalidParameterValue', `Value (${name.slice(0, 40)}…) for parameter keyName is invalid. Length exceeds maximum of 255 characters.`);
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(name)) throw new Ec2Error('InvalidParameterValue', 'Character sets beyond ASCII are not supported.');
}

export const createKeyPair: Operation = {
  mutating: true,
  run(ctx: OperationContext): string {
    const keyName = requiredParam(ctx.params, 'KeyName');
    checkKeyName(keyName);
    const keyType = ctx.params.KeyType ?? 'rsa';
    if (keyType !== 'rsa' && keyType !== 'ed25519') throw invalidParameterValue('KeyType', keyType, 'Expected rsa or ed25519');
    const format = ctx.params.KeyFormat ?? 'pem';
    if (format !== 'pem') throw invalidParameterValue('KeyFormat', format, 'The emulator creates pem keys only');
    if (ctx.store.getKeyPair(ctx.region, ctx.account, keyName)) throw new Ec2Error('InvalidKeyPair.Duplicate', `The keypair '${keyName}' already exists.`);
    const { material, fingerprint } = keyType === 'rsa' ? rsaKey() : ed25519Key(keyName);
    const keyPair: EmuKeyPair = {
      keyPairId: ctx.store.newId('key'),
      keyName,
      ownerId: ctx.account,
      region: ctx.region,
      keyType,
      keyFingerprint: fingerprint,
      createTime: new Date(ctx.now).toISOString(),
      tags: [],
    };
    ctx.store.addKeyPair(keyPair);
    return el('keyName', keyName) + el('keyFingerprint', fingerprint) + el('keyMaterial', material) + el('keyPairId', keyPair.keyPairId);
  },
};

function rsaKey(): { material: string; fingerprint: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const fingerprint = (createHash('sha1').update(der).digest('hex').match(/../g) ?? []).join(':');
  return { material: (privateKey.export({ type: 'pkcs1', format: 'pem' }) as string).trim(), fingerprint };
}

/** An ED25519 key in OpenSSH's private key format (unencrypted), as EC2 hands it out. */
function ed25519Key(comment: string): { material: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pub = rawPart(publicKey, 'x');
  const seed = rawPart(privateKey, 'd');
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(pub)]);
  const check = randomBytes(4);
  let secret = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const pad: number[] = [];
  for (let i = 1; (secret.length + pad.length) % 8 !== 0; i++) pad.push(i);
  secret = Buffer.concat([secret, Buffer.from(pad)]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), sshString('none'), sshString('none'), sshString(''), uint32(1), sshString(publicBlob), sshString(secret)]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  const material = ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----'].join('\n');
  return { material, fingerprint: createHash('sha256').update(publicBlob).digest('base64') };
}

function rawPart(key: KeyObject, field: 'x' | 'd'): Buffer {
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
  return Buffer.from(jwk[field] as string, 'base64url');
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function sshString(value: string | Buffer): Buffer {
  const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([uint32(data.length), data]);
}
