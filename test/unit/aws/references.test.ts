/**
 * DescribeImageReferences: the emulator through the real SDK, and the usage service's
 * listImageReferences (paging, more than 10 ids, errors).
 */
import * as assert from 'node:assert/strict';
import { DescribeImageReferencesCommand } from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, ownedAvailableImages, startEmulator, type Emulator } from '../../emulator/index';
import { client, errorOf, OTHER_ACCESS_KEY } from '../emulator/helpers';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';

const REGION = 'us-east-1';

describe('DescribeImageReferences', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let newest: string;
  let referenced: string;
  before(async () => {
    emu = await startEmulator({ port: 0, seed: 11, imagesPerRegion: 30, regions: [REGION, 'eu-west-1'] });
    const [a, b] = ownedAvailableImages(emu.store, REGION);
    assert.ok(a && b, 'the seed has two owned available images');
    newest = a.imageId;
    referenced = b.imageId;
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    home = defaultHome();
    t = makeServices(home, emu.url);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  describe('emulator', () => {
    it('reports the seeded instance, launch template, SSM parameter and recipe of the referenced image, in type order', async () => {
      const out = await client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: [referenced], IncludeAllResourceTypes: true }));
      const types = (out.ImageReferences ?? []).map((r) => r.ResourceType);
      assert.deepEqual(types, ['ec2:Instance', 'ec2:LaunchTemplate', 'ssm:Parameter', 'imagebuilder:ImageRecipe']);
      const instance = emu.store.instances(REGION).find((i) => i.imageId === referenced);
      assert.ok(instance);
      assert.equal(out.ImageReferences?.[0]?.Arn, `arn:aws:ec2:${REGION}:${DEFAULT_ACCOUNT}:instance/${instance.instanceId}`);
      assert.ok(out.ImageReferences?.every((r) => r.ImageId === referenced));
      assert.ok(out.ImageReferences?.some((r) => r.Arn === `arn:aws:ssm:${REGION}:${DEFAULT_ACCOUNT}:parameter/golden/web/previous`));
    });

    it('filters by ResourceTypes and answers nothing for an image nothing refers to', async () => {
      const onlyParams = await client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: [referenced, newest], ResourceTypes: [{ ResourceType: 'ssm:Parameter' }] }));
      assert.deepEqual(onlyParams.ImageReferences?.map((r) => [r.ImageId, r.ResourceType]), [
        [referenced, 'ssm:Parameter'],
        [newest, 'ssm:Parameter'],
      ]);
      const unused = ownedAvailableImages(emu.store, REGION)[4];
      assert.ok(unused);
      const none = await client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: [unused.imageId], IncludeAllResourceTypes: true }));
      assert.deepEqual(none.ImageReferences ?? [], []);
    });

    it('stops counting an instance once it is terminated', async () => {
      const instance = emu.store.instances(REGION).find((i) => i.imageId === referenced);
      assert.ok(instance);
      instance.terminatedAt = Date.now() - 1000;
      try {
        const out = await client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: [referenced], IncludeAllResourceTypes: true }));
        assert.ok(!(out.ImageReferences ?? []).some((r) => r.ResourceType === 'ec2:Instance'));
      } finally {
        delete instance.terminatedAt;
      }
    });

    it("sees only the caller's account: another account's view of the same image is empty", async () => {
      const shared = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.launchPermissions.some((p) => p.userId === OTHER_ACCOUNT));
      assert.ok(shared, 'the seed shares an image with the other account');
      emu.store.references.addSsmParameter({ name: '/mine/only', ownerId: DEFAULT_ACCOUNT, region: REGION, value: shared.imageId });
      const other = await client(emu.url, { accessKeyId: OTHER_ACCESS_KEY }).send(new DescribeImageReferencesCommand({ ImageIds: [shared.imageId], IncludeAllResourceTypes: true }));
      assert.deepEqual(other.ImageReferences ?? [], []);
    });

    it('refuses more than 10 ids, no resource type choice, malformed and unknown ids', async () => {
      const eleven = Array.from({ length: 11 }, () => referenced);
      assert.equal((await errorOf(client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: eleven, IncludeAllResourceTypes: true })))).name, 'InvalidParameterValue');
      assert.equal((await errorOf(client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: [referenced] })))).name, 'MissingParameter');
      assert.equal((await errorOf(client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: ['ami-nope'], IncludeAllResourceTypes: true })))).name, 'InvalidAMIID.Malformed');
      assert.equal((await errorOf(client(emu.url).send(new DescribeImageReferencesCommand({ ImageIds: ['ami-0123456789abcdef0'], IncludeAllResourceTypes: true })))).name, 'InvalidAMIID.NotFound');
    });

    it('pages with MaxResults and NextToken', async () => {
      const c = client(emu.url);
      const first = await c.send(new DescribeImageReferencesCommand({ ImageIds: [referenced, newest], IncludeAllResourceTypes: true, MaxResults: 5 }));
      assert.equal(first.ImageReferences?.length, 5);
      assert.ok(first.NextToken);
      const second = await c.send(new DescribeImageReferencesCommand({ ImageIds: [referenced, newest], IncludeAllResourceTypes: true, MaxResults: 5, NextToken: first.NextToken }));
      assert.ok((second.ImageReferences?.length ?? 0) >= 1);
      const arns = [...(first.ImageReferences ?? []), ...(second.ImageReferences ?? [])].map((r) => `${r.ImageId} ${r.Arn}`);
      assert.equal(new Set(arns).size, arns.length, 'no reference twice across pages');
    });
  });

  describe('service: listImageReferences', () => {
    it('returns every reference of every image, over more than 10 ids (split into calls of 10) and several pages', async () => {
      const ids = ownedAvailableImages(emu.store, REGION).map((i) => i.imageId);
      assert.ok(ids.length > 10, 'more than 10 ids');
      const refs = unwrap(await t.services.usage(undefined).listImageReferences(REGION, ids));
      const byImage = (id: string) => refs.filter((r) => r.imageId === id).map((r) => r.resourceType);
      assert.deepEqual(byImage(referenced), ['ec2:Instance', 'ec2:LaunchTemplate', 'ssm:Parameter', 'imagebuilder:ImageRecipe']);
      assert.deepEqual(byImage(newest), ['ec2:LaunchTemplate', 'ssm:Parameter']);
      const calls = emu.requests.filter((r) => r.action === 'DescribeImageReferences');
      assert.ok(calls.length >= 2, 'split into several calls');
    });

    it('says which action IAM denies', async () => {
      emu.faults.denyAction('DescribeImageReferences');
      const r = await t.services.usage(undefined).listImageReferences(REGION, [referenced]);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.kind, 'accessDenied');
        assert.match(r.error.message + (r.error.nextStep ?? ''), /DescribeImageReferences/);
      }
    });

    it('is cancelled by an aborted signal without a call', async () => {
      const before = emu.requests.length;
      const controller = new AbortController();
      controller.abort();
      const r = await t.services.usage(undefined).listImageReferences(REGION, [referenced], controller.signal);
      assert.equal(r.ok ? 'ok' : r.error.kind, 'cancelled');
      assert.equal(emu.requests.length, before);
    });
  });
});
