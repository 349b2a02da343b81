/**
 * The client pool: one EC2Client per (profile, region), reused; dropped when settings that shape
 * a client change; adaptive retries with the configured attempts; the user agent suffix.
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand, DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { startEmulator, type Emulator } from '../../emulator';
import { ClientPool, DEFAULT_MAX_ATTEMPTS } from '../../../src/aws/clients';
import { ATTEMPTS } from '../../../src/model/limits';
import { Session } from '../../../src/aws/session';
import { DEFAULT_KEY, DEFAULT_SECRET, OTHER_KEY, OTHER_SECRET, VERSION, defaultHome, makeServices, type AwsHome } from './helpers';

/** Records the headers of every request the client sends, after the SDK has set them all. */
function captureHeaders(client: EC2Client): Record<string, string>[] {
  const seen: Record<string, string>[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      seen.push({ ...(request.headers ?? {}) });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'testCaptureHeaders', priority: 'low' },
  );
  return seen;
}

describe('aws/clients', () => {
  let emu: Emulator;
  let home: AwsHome;
  let session: Session;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 6, imagesPerRegion: 5, regions: ['us-east-1', 'eu-west-1'] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    home = defaultHome();
    home.writeCredentials(`[default]\naws_access_key_id = ${DEFAULT_KEY}\naws_secret_access_key = ${DEFAULT_SECRET}\n[dev]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n`);
    session = new Session({ env: home.env, log: () => undefined });
  });
  afterEach(() => home.remove());

  // tree (issue #12): CPU per region when every region loads at once
  it("the SDK's per-command log record carries no copy of the output (it would filter every image of every page)", async () => {
    const pool = new ClientPool({ session, userAgent: ['ami-explorer', VERSION], log: () => undefined }, { endpoint: emu.url });
    const client = pool.get(undefined, 'us-east-1');
    const records: { commandName?: string; output?: unknown; input?: unknown }[] = [];
    const capture = (record: unknown): void => void records.push(record as (typeof records)[number]);
    (client.config as { logger: unknown }).logger = { trace: () => undefined, debug: () => undefined, info: capture, warn: () => undefined, error: () => undefined };
    const out = await client.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
    assert.ok((out.Images ?? []).length > 0, 'the caller still gets the images');
    const record = records.find((r) => r.commandName === 'DescribeImagesCommand');
    assert.ok(record, 'the SDK still logs its record of the call');
    assert.equal(record.output, '[not logged]');
    assert.deepEqual(record.input, { Owners: ['self'], MaxResults: 5 }, 'with its input');
    pool.disposeAll();
  });

  it('one client per (profile, region), reused', () => {
    const pool = new ClientPool({ session, userAgent: ['ami-explorer', VERSION], log: () => undefined }, { endpoint: emu.url });
    const a = pool.get(undefined, 'us-east-1');
    assert.equal(pool.get(undefined, 'us-east-1'), a);
    assert.notEqual(pool.get(undefined, 'eu-west-1'), a);
    assert.notEqual(pool.get('dev', 'us-east-1'), a);
    assert.equal(pool.get('dev', 'us-east-1'), pool.get('dev', 'us-east-1'));
    assert.equal(pool.size, 3);
    pool.disposeAll();
    assert.equal(pool.size, 0);
  });

  it('settings that shape a client drop the clients; others keep them', () => {
    const pool = new ClientPool({ session, userAgent: ['ami-explorer', VERSION], log: () => undefined }, { endpoint: emu.url, maxAttempts: 4 });
    const a = pool.get(undefined, 'us-east-1');
    assert.equal(pool.update({ endpoint: emu.url, maxAttempts: 4 }), false);
    assert.equal(pool.get(undefined, 'us-east-1'), a, 'same settings: same client');
    assert.equal(pool.update({ endpoint: emu.url, maxAttempts: 2 }), true);
    const b = pool.get(undefined, 'us-east-1');
    assert.notEqual(b, a, 'new max attempts: new client');
    assert.equal(pool.update({ endpoint: 'http://127.0.0.1:1', maxAttempts: 2 }), true);
    assert.notEqual(pool.get(undefined, 'us-east-1'), b, 'new endpoint: new client');
    pool.disposeAll();
  });

  it('clients use adaptive retries, the configured attempts and the endpoint override', async () => {
    const pool = new ClientPool({ session, userAgent: ['ami-explorer', VERSION], log: () => undefined }, { endpoint: emu.url, maxAttempts: 7 });
    const client = pool.get(undefined, 'eu-west-1');
    assert.equal(await client.config.maxAttempts(), 7);
    const strategy = (await client.config.retryStrategy()) as { mode?: string };
    assert.equal(strategy.mode, 'adaptive');
    assert.equal(client.config.isCustomEndpoint, true);
    assert.equal(await client.config.region(), 'eu-west-1');
    pool.update({});
    const fallback = pool.get(undefined, 'eu-west-1');
    assert.equal(await fallback.config.maxAttempts(), DEFAULT_MAX_ATTEMPTS);
    assert.equal(DEFAULT_MAX_ATTEMPTS, ATTEMPTS.default, 'the default of the maxAttempts setting');
    assert.equal(fallback.config.isCustomEndpoint, false, 'no override: the SDK resolves the AWS endpoint');
    pool.disposeAll();
  });

  it('sends the user agent suffix ami-explorer/VERSION and signs for the region', async () => {
    const pool = new ClientPool({ session, userAgent: ['ami-explorer', VERSION], log: () => undefined }, { endpoint: emu.url });
    const client = pool.get(undefined, 'eu-west-1');
    const seen = captureHeaders(client);
    await client.send(new DescribeRegionsCommand({}));
    assert.equal(seen.length, 1);
    const ua = `${seen[0]?.['user-agent'] ?? ''} ${seen[0]?.['x-amz-user-agent'] ?? ''}`;
    assert.match(ua, new RegExp(`ami-explorer/${VERSION.replace(/\./g, '\\.')}`));
    assert.equal(emu.requests.at(-1)?.region, 'eu-west-1');
    pool.disposeAll();
  });

  it('through the services: clients are made once per (profile, region) and remade after a settings change', async () => {
    const t = makeServices(home, emu.url);
    const created = () => t.logs.filter((l) => /Created EC2 client/.test(l.message)).length;
    const ops = t.services.images(undefined);
    for (let i = 0; i < 3; i++) assert.ok((await ops.listImages('us-east-1', { kind: 'self' }, {}, {})).ok);
    assert.equal(created(), 1);
    assert.ok((await ops.listImages('eu-west-1', { kind: 'self' }, {}, {})).ok);
    assert.ok((await t.services.images('dev').listImages('eu-west-1', { kind: 'self' }, {}, {})).ok);
    assert.equal(created(), 3);
    t.services.updateSettings({ endpoint: emu.url, maxAttempts: 3 });
    assert.ok((await ops.listImages('us-east-1', { kind: 'self' }, {}, {})).ok);
    assert.equal(created(), 3, 'unchanged settings keep the clients');
    t.services.updateSettings({ endpoint: emu.url, maxAttempts: 2 });
    assert.ok((await t.services.images(undefined).listImages('us-east-1', { kind: 'self' }, {}, {})).ok);
    assert.equal(created(), 4, 'a changed setting remakes the client');
    t.services.dispose();
  });
});
