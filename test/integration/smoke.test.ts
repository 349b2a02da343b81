/**
 * Proves the in-editor harness itself: we run inside a real VS Code extension host, the extension
 * under development is loaded from this project, its settings point at the emulator, the fake
 * AWS profiles are the only credentials in sight, and the control channel drives the emulator.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXAMPLE_KEY } from '../emulator/accounts';
import { signFormPost } from '../emulator/sigv4';
import { emulator } from './support/emulator';

const EXTENSION_ID = 'ami-explorer.ami-explorer';
const projectRoot = path.resolve(__dirname, '..', '..', '..');

/** Marks our own calls in the request log, apart from any the extension makes meanwhile. */
const MARKER = 'harness-smoke-marker';

/** One raw DescribeRegions call, signed with the emulator's example test key (it checks signatures). */
async function rawEc2Call(region: string): Promise<{ status: number; body: string }> {
  const body = `Action=DescribeRegions&Version=2016-11-15&Filter.1.Name=opt-in-status&Filter.1.Value.1=${MARKER}`;
  const url = `${emulator.url}/`;
  const res = await fetch(url, {
    method: 'POST',
    headers: await signFormPost({ url, service: 'ec2', region, credentials: EXAMPLE_KEY, body }),
    body,
  });
  return { status: res.status, body: await res.text() };
}

describe('in-editor harness', () => {
  afterEach(async () => {
    await emulator.faults.reset();
  });

  it('runs inside VS Code\'s extension host on Node 20', () => {
    assert.equal(typeof vscode.version, 'string');
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.equal(process.versions.node.split('.')[0], '20');
  });

  it('loads the extension under development from this project and activates it', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    assert.equal(fs.realpathSync(ext.extensionPath), fs.realpathSync(projectRoot));
    assert.equal((ext.packageJSON as { name?: string }).name, 'ami-explorer');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('points amiExplorer.endpoint at the emulator', () => {
    assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const config = vscode.workspace.getConfiguration('amiExplorer');
    assert.equal(config.get('endpoint'), emulator.url, JSON.stringify(config.inspect('endpoint')));
  });

  it('offers only the fake AWS profiles, never real credentials', () => {
    assert.equal(process.env.AWS_ACCESS_KEY_ID, undefined);
    assert.equal(process.env.AWS_PROFILE, undefined);
    assert.equal(process.env.AWS_EC2_METADATA_DISABLED, 'true');
    const config = fs.readFileSync(process.env.AWS_CONFIG_FILE ?? '', 'utf8');
    const credentials = fs.readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE ?? '', 'utf8');
    assert.match(config, /^\[profile other\]$/m);
    assert.match(credentials, /^\[default\]$/m);
    assert.match(credentials, /aws_access_key_id = AKIA_OTHER_ACCOUNT_1/);
  });

  it('reads the emulator store through the control channel', async () => {
    const regions = await emulator.store.regions();
    assert.ok(regions.some((r) => r.regionName === 'us-east-1'));
    const images = await emulator.store.images('us-east-1');
    assert.ok(images.length > 0, 'no images seeded in us-east-1');
    assert.equal(await emulator.store.imageCount('us-east-1'), images.length);
  });

  it('injects faults the emulator then answers with, and logs the calls', async () => {
    await emulator.clearRequests();
    assert.equal((await rawEc2Call('us-east-1')).status, 200);

    await emulator.faults.failRegion('us-east-1', 'AuthFailure');
    const failed = await rawEc2Call('us-east-1');
    assert.notEqual(failed.status, 200);
    assert.match(failed.body, /<Code>AuthFailure<\/Code>/);

    await emulator.faults.reset();
    assert.equal((await rawEc2Call('us-east-1')).status, 200);

    const calls = (await emulator.requests()).filter((c) => c.params['Filter.1.Value.1'] === MARKER);
    assert.deepEqual(
      calls.map((c) => [c.action, c.region, c.errorCode ?? null]),
      [
        ['DescribeRegions', 'us-east-1', null],
        ['DescribeRegions', 'us-east-1', 'AuthFailure'],
        ['DescribeRegions', 'us-east-1', null],
      ],
    );
  });

  it('rejects control calls to unknown methods', async () => {
    await assert.rejects(() => (emulator.faults as unknown as Record<string, () => Promise<unknown>>).noSuchFault!(), /unknown faults method/);
  });
});
