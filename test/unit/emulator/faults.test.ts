/**
 * Fault injection as the SDK experiences it: latency, throttling absorbed by retries, HTTP 500s,
 * failing regions, and a connection dropped after a mutation took effect.
 */
import * as assert from 'node:assert/strict';
import { CreateTagsCommand, DescribeImagesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, startEmulator, type EmuImage, type Emulator } from '../../emulator/index';
import { client, errorOf } from './helpers';
import { until } from '../support/until';

describe('emulator: faults', function () {
  this.timeout(30_000);
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 8 });
  });
  afterEach(() => {
    emu.faults.reset();
  });
  after(async () => {
    await emu.close();
  });

  const since = (n: number) => emu.requests.slice(n);

  it('latency delays one region only: a later call to another region finishes first', async () => {
    emu.faults.setLatency('eu-west-1', 400);
    const order: string[] = [];
    const before = emu.requests.length;
    const slow = client(emu.url, { region: 'eu-west-1' }).send(new DescribeRegionsCommand({})).then(() => order.push('eu-west-1'));
    // The slow call has reached the emulator (it logs a request before its latency) before the fast one starts.
    await until(() => emu.requests.slice(before).some((r) => r.region === 'eu-west-1'), 'the eu-west-1 request');
    const fast = client(emu.url, { region: 'us-east-1' }).send(new DescribeRegionsCommand({})).then(() => order.push('us-east-1'));
    await Promise.all([slow, fast]);
    assert.deepEqual(order, ['us-east-1', 'eu-west-1']);
    emu.faults.setLatency('eu-west-1', 0);
    const order2: string[] = [];
    const a = client(emu.url, { region: 'eu-west-1' }).send(new DescribeRegionsCommand({})).then(() => order2.push('eu-west-1'));
    await a;
    const b = client(emu.url, { region: 'us-east-1' }).send(new DescribeRegionsCommand({})).then(() => order2.push('us-east-1'));
    await b;
    assert.deepEqual(order2, ['eu-west-1', 'us-east-1']);
  });

  it('a call throttled twice succeeds through the SDK\'s retries (RequestLimitExceeded, HTTP 503)', async () => {
    emu.faults.throttleNext(2);
    const n = emu.requests.length;
    const res = await client(emu.url, { maxAttempts: 3 }).send(new DescribeImagesCommand({ Owners: ['self'] }));
    assert.ok((res.Images ?? []).length > 0);
    assert.equal(res.$metadata.attempts, 3);
    const log = since(n);
    assert.deepEqual(log.map((e) => [e.action, e.status, e.errorCode]), [
      ['DescribeImages', 503, 'RequestLimitExceeded'],
      ['DescribeImages', 503, 'RequestLimitExceeded'],
      ['DescribeImages', 200, undefined],
    ]);
  });

  it('throttling surfaces as RequestLimitExceeded when retries run out', async () => {
    emu.faults.throttleNext(5);
    const e = await errorOf(client(emu.url, { maxAttempts: 2 }).send(new DescribeImagesCommand({ Owners: ['self'] })));
    assert.equal(e.name, 'RequestLimitExceeded');
    assert.equal(e.status, 503);
  });

  it('throttling and HTTP 500s can be scoped to a region and an action', async () => {
    emu.faults.throttleNext(1, { region: 'eu-west-1', action: 'DescribeImages' });
    emu.faults.http500Next(1, { action: 'DescribeRegions' });
    // Other regions and actions are untouched.
    await client(emu.url, { region: 'us-east-1' }).send(new DescribeImagesCommand({ Owners: ['self'] }));
    await client(emu.url, { region: 'eu-west-1' }).send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1'] })).then(
      () => assert.fail('expected InternalError'),
      (err: { name: string; $metadata: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'InternalError');
        assert.equal(err.$metadata.httpStatusCode, 500);
      },
    );
    assert.equal((await errorOf(client(emu.url, { region: 'eu-west-1' }).send(new DescribeImagesCommand({ Owners: ['self'] })))).name, 'RequestLimitExceeded');
    // Both counters are used up now.
    await client(emu.url, { region: 'eu-west-1' }).send(new DescribeImagesCommand({ Owners: ['self'] }));
    await client(emu.url, { region: 'eu-west-1' }).send(new DescribeRegionsCommand({}));
  });

  it('an HTTP 500 is retried by the SDK like EC2\'s InternalError', async () => {
    emu.faults.http500Next(1);
    const n = emu.requests.length;
    const res = await client(emu.url, { maxAttempts: 2 }).send(new DescribeRegionsCommand({}));
    assert.ok((res.Regions ?? []).length > 0);
    assert.deepEqual(since(n).map((e) => e.status), [500, 200]);
  });

  it('a failing region answers AuthFailure (401), OptInRequired (403) or UnauthorizedOperation (403) until cleared', async () => {
    const expected = { AuthFailure: 401, OptInRequired: 403, UnauthorizedOperation: 403 } as const;
    for (const code of Object.keys(expected) as (keyof typeof expected)[]) {
      emu.faults.failRegion('ap-southeast-2', code);
      const e = await errorOf(client(emu.url, { region: 'ap-southeast-2', maxAttempts: 3 }).send(new DescribeImagesCommand({ Owners: ['self'] })));
      assert.equal(e.name, code);
      assert.equal(e.status, expected[code]);
      // Other regions still answer.
      await client(emu.url, { region: 'us-west-2' }).send(new DescribeImagesCommand({ Owners: ['self'] }));
    }
    emu.faults.failRegion('ap-southeast-2', undefined);
    const ok = await client(emu.url, { region: 'ap-southeast-2' }).send(new DescribeImagesCommand({ Owners: ['self'] }));
    assert.ok((ok.Images ?? []).length > 0);
  });

  it('drop-after-mutation: the tag exists although the client saw a connection error', async () => {
    const image = emu.store.images('us-east-1').find((i) => i.ownerId === DEFAULT_ACCOUNT) as EmuImage;
    emu.faults.dropAfterNextMutation(1);
    const n = emu.requests.length;
    const err = await errorOf(client(emu.url).send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'Dropped', Value: 'yes' }] })));
    assert.equal(err.status, undefined, 'no HTTP response reached the client');
    assert.match(`${err.name} ${err.message}`, /socket|ECONNRESET|hang up|closed|terminated/i);
    assert.deepEqual(since(n).map((e) => [e.action, e.status]), [['CreateTags', 0]]);
    const res = await client(emu.url).send(new DescribeImagesCommand({ ImageIds: [image.imageId] }));
    assert.ok(res.Images?.[0]?.Tags?.some((t) => t.Key === 'Dropped' && t.Value === 'yes'));
    // Only mutating calls count, and only n of them.
    emu.faults.dropAfterNextMutation(1);
    await client(emu.url).send(new DescribeImagesCommand({ ImageIds: [image.imageId] }));
    await errorOf(client(emu.url).send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'Second', Value: '2' }] })));
    await client(emu.url).send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'Third', Value: '3' }] }));
  });

  it('reset clears every fault', async () => {
    emu.faults.setLatency('us-east-1', 5_000);
    emu.faults.throttleNext(10);
    emu.faults.http500Next(10);
    emu.faults.failRegion('us-east-1', 'AuthFailure');
    emu.faults.dropAfterNextMutation(10);
    emu.faults.reset();
    const image = emu.store.images('us-east-1').find((i) => i.ownerId === DEFAULT_ACCOUNT) as EmuImage;
    await client(emu.url).send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'AfterReset', Value: 'ok' }] }));
    const n = emu.requests.length;
    await client(emu.url).send(new DescribeImagesCommand({ ImageIds: [image.imageId] }));
    assert.deepEqual(since(n).map((e) => e.status), [200]);
  });
});
