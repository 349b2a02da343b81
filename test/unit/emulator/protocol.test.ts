/**
 * The wire protocol as EC2 speaks it, checked on raw HTTP: envelope, namespace, requestId, <item>
 * lists, the error envelope and its statuses, identity from the Authorization header.
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator/index';
import { client, errorOf, OTHER_ACCESS_KEY, rawPost } from './helpers';

describe('emulator: wire protocol', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 12, keys: { AKIA_CUSTOM_MAPPED_1: { secret: 'customMappedSecret', account: OTHER_ACCOUNT } } });
  });
  after(async () => {
    await emu.close();
  });

  it('listens on 127.0.0.1 and reports its url and port', () => {
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emu.url, `http://127.0.0.1:${emu.port}`);
  });

  it('answers in the 2016-11-15 namespace with a requestId and <item> list members', async () => {
    const res = await rawPost(emu.url, { Action: 'DescribeRegions' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(res.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<DescribeRegionsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/">/);
    assert.match(res.body, /<requestId>[0-9a-f-]{36}<\/requestId>/);
    assert.match(res.body, /<regionInfo><item><regionName>[a-z0-9-]+<\/regionName>/);
    assert.match(res.body, /<\/DescribeRegionsResponse>$/);
  });

  it('writes booleans as true/false', async () => {
    const res = await rawPost(emu.url, { Action: 'DescribeImages', 'Owner.1': 'self', 'Filter.1.Name': 'name', 'Filter.1.Value.1': 'kitchen-sink-all-fields' });
    assert.match(res.body, /<isPublic>false<\/isPublic>/);
    assert.match(res.body, /<enaSupport>true<\/enaSupport>/);
  });

  it('uses the EC2 error envelope with RequestID for an unknown action (400 InvalidAction)', async () => {
    const res = await rawPost(emu.url, { Action: 'DescribeUnicorns' });
    assert.equal(res.status, 400);
    assert.match(res.body, /<Response><Errors><Error><Code>InvalidAction<\/Code><Message>[^<]*DescribeUnicorns[^<]*<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it('answers MissingAction when no Action is given', async () => {
    const res = await rawPost(emu.url, {});
    assert.equal(res.status, 400);
    assert.match(res.body, /<Code>MissingAction<\/Code>/);
  });

  it('answers AuthFailure (401) to a request without an Authorization header', async () => {
    const res = await rawPost(emu.url, { Action: 'DescribeRegions' }, { auth: false });
    assert.equal(res.status, 401);
    assert.match(res.body, /<Code>AuthFailure<\/Code>/);
  });

  it('answers AuthFailure for a region the account has not opted into, and for unknown regions', async () => {
    for (const region of ['af-south-1', 'xx-nowhere-9']) {
      const res = await rawPost(emu.url, { Action: 'DescribeRegions' }, { region });
      assert.equal(res.status, 401, region);
      assert.match(res.body, /<Code>AuthFailure<\/Code>/);
    }
  });

  it('answers DryRunOperation (412) when DryRun=true', async () => {
    const res = await rawPost(emu.url, { Action: 'DescribeImages', DryRun: 'true' });
    assert.equal(res.status, 412);
    assert.match(res.body, /<Code>DryRunOperation<\/Code>/);
  });

  it('reads the region from the credential scope', async () => {
    await client(emu.url, { region: 'eu-west-1' }).send(new DescribeRegionsCommand({}));
    const last = emu.requests[emu.requests.length - 1];
    assert.equal(last?.action, 'DescribeRegions');
    assert.equal(last?.region, 'eu-west-1');
    // The images answered are the region's own.
    const res = await client(emu.url, { region: 'eu-west-1' }).send(new DescribeImagesCommand({ Owners: ['self'] }));
    assert.ok((res.Images ?? []).length > 0);
    const ids = new Set(emu.store.images('eu-west-1').map((i) => i.imageId));
    for (const image of res.Images ?? []) assert.ok(ids.has(image.ImageId ?? ''), `${image.ImageId} is not an eu-west-1 image`);
  });

  it('maps the access key to its account: the test keys and keys given at start', async () => {
    await client(emu.url).send(new DescribeRegionsCommand({}));
    assert.equal(emu.requests[emu.requests.length - 1]?.account, DEFAULT_ACCOUNT);
    await client(emu.url, { accessKeyId: OTHER_ACCESS_KEY }).send(new DescribeRegionsCommand({}));
    assert.equal(emu.requests[emu.requests.length - 1]?.account, OTHER_ACCOUNT);
    await client(emu.url, { accessKeyId: 'AKIA_CUSTOM_MAPPED_1', secretAccessKey: 'customMappedSecret' }).send(new DescribeRegionsCommand({}));
    assert.equal(emu.requests[emu.requests.length - 1]?.account, OTHER_ACCOUNT);
    // And "self" follows the account: OTHER_ACCOUNT's own images are not DEFAULT_ACCOUNT's.
    const mine = await client(emu.url, { accessKeyId: OTHER_ACCESS_KEY }).send(new DescribeImagesCommand({ Owners: ['self'] }));
    assert.ok((mine.Images ?? []).length > 0);
    for (const image of mine.Images ?? []) assert.equal(image.OwnerId, OTHER_ACCOUNT);
  });

  it('logs each request with its action, parameters and outcome', async () => {
    const before = emu.requests.length;
    await errorOf(client(emu.url).send(new DescribeImagesCommand({ ImageIds: ['ami-nothex'] })));
    const entry = emu.requests[before];
    assert.equal(entry?.action, 'DescribeImages');
    assert.equal(entry?.params['ImageId.1'], 'ami-nothex');
    assert.equal(entry?.status, 400);
    assert.equal(entry?.errorCode, 'InvalidAMIID.Malformed');
  });

  it('escapes hostile text so the XML stays well formed and parses back intact', async () => {
    const res = await rawPost(emu.url, { Action: 'DescribeImages', 'Owner.1': 'self', 'Filter.1.Name': 'name', 'Filter.1.Value.1': '<img*' });
    assert.equal(res.status, 200);
    assert.ok(!res.body.includes('<img src'), 'raw markup leaked into the XML');
    assert.match(res.body, /<name>&lt;img src=x onerror=alert\(1\)&gt;<\/name>/);
  });
});
