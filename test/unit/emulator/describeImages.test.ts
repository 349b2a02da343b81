/**
 * DescribeImages through the real SDK: scopes, ImageIds, filters, paging, deprecated/disabled,
 * errors, and a full round trip of every field the SDK models on Image and BlockDeviceMapping.
 */
import * as assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { DescribeImagesCommand, paginateDescribeImages, type DescribeImagesCommandInput, type Image } from '@aws-sdk/client-ec2';
import {
  BASE_DATE,
  DEFAULT_ACCOUNT,
  FIXTURE_NAMES,
  HOSTILE_STRINGS,
  ORGANIZATIONAL_UNIT_ARN,
  ORGANIZATION_ARN,
  OTHER_ACCOUNT,
  startEmulator,
  type EmuImage,
  type Emulator,
} from '../../emulator/index';
import { client, errorOf, OTHER_ACCESS_KEY } from './helpers';

const REGION = 'us-east-1';

/** What EC2 lets DEFAULT_ACCOUNT see, restated independently of the emulator's code. */
function visibleToDefault(i: EmuImage): boolean {
  if (i.ownerId === DEFAULT_ACCOUNT) return true;
  if (i.state === 'disabled') return false;
  return i.launchPermissions.some(
    (p) => p.group === 'all' || p.userId === DEFAULT_ACCOUNT || p.organizationArn === ORGANIZATION_ARN || p.organizationalUnitArn === ORGANIZATIONAL_UNIT_ARN,
  );
}

function idsOf(images: Image[] | undefined): string[] {
  return (images ?? []).map((i) => i.ImageId ?? '').sort();
}

describe('emulator: DescribeImages', () => {
  let emu: Emulator;
  let ec2c: ec2.EC2Client;
  let all: EmuImage[];

  async function list(input: DescribeImagesCommandInput): Promise<Image[]> {
    const res = await ec2c.send(new DescribeImagesCommand(input));
    return res.Images ?? [];
  }

  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 40, seed: 7 });
    ec2c = client(emu.url);
    all = emu.store.images(REGION);
  });
  after(async () => {
    await emu.close();
  });

  describe('scopes', () => {
    it('Owners=self: exactly my images, deprecated ones included (EC2 always shows owners theirs), disabled ones not', async () => {
      const got = await list({ Owners: ['self'] });
      const expected = all.filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled').map((i) => i.imageId).sort();
      assert.ok(expected.length > 20);
      assert.ok(all.some((i) => i.ownerId === DEFAULT_ACCOUNT && i.deprecationTime && Date.parse(i.deprecationTime) < BASE_DATE), 'seed has deprecated owned images');
      assert.deepEqual(idsOf(got), expected);
    });

    it('Owners=amazon: only images whose owner alias is amazon, including the data-file ones', async () => {
      const got = await list({ Owners: ['amazon'] });
      assert.ok(got.length >= 20);
      for (const i of got) assert.equal(i.ImageOwnerAlias, 'amazon');
      assert.ok(got.some((i) => i.OwnerId === '137112412989'));
      assert.ok(got.some((i) => String(i.Platform) === 'windows'), 'EC2 writes the platform in lower case');
    });

    it('Owners=aws-marketplace: marketplace images with product codes', async () => {
      const got = await list({ Owners: ['aws-marketplace'] });
      assert.equal(got.length, 3);
      for (const i of got) {
        assert.equal(i.ImageOwnerAlias, 'aws-marketplace');
        assert.equal(i.ProductCodes?.[0]?.ProductCodeType, 'marketplace');
      }
    });

    it('Owners=<account id>: that account\'s images I can see; several owners are ORed', async () => {
      const got = await list({ Owners: [OTHER_ACCOUNT] });
      const expected = all.filter((i) => i.ownerId === OTHER_ACCOUNT && visibleToDefault(i) && !(i.deprecationTime && Date.parse(i.deprecationTime) < BASE_DATE));
      assert.ok(expected.length > 0);
      assert.deepEqual(idsOf(got), expected.map((i) => i.imageId).sort());
      const both = await list({ Owners: [OTHER_ACCOUNT, 'self'] });
      const self = await list({ Owners: ['self'] });
      assert.equal(both.length, got.length + self.length);
    });

    it('rejects a malformed owner with InvalidUserID.Malformed', async () => {
      const e = await errorOf(ec2c.send(new DescribeImagesCommand({ Owners: ['bogus'] })));
      assert.equal(e.name, 'InvalidUserID.Malformed');
      assert.equal(e.status, 400);
    });

    it('ExecutableUsers=self: my images plus those shared with me by id, organization or OU, not merely public ones', async () => {
      const got = await list({ ExecutableUsers: ['self'], IncludeDeprecated: true });
      const expected = all.filter(
        (i) =>
          (i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled') ||
          (i.ownerId !== DEFAULT_ACCOUNT &&
            i.state !== 'disabled' &&
            i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT || p.organizationArn === ORGANIZATION_ARN || p.organizationalUnitArn === ORGANIZATIONAL_UNIT_ARN)),
      );
      assert.deepEqual(idsOf(got), expected.map((i) => i.imageId).sort());
      const shared = got.filter((i) => i.OwnerId !== DEFAULT_ACCOUNT);
      assert.ok(shared.length >= 3, 'some images are shared with me');
      assert.ok(!got.some((i) => i.ImageOwnerAlias === 'amazon'), 'public Amazon images are not "executable by self"');
      const org = all.find((i) => i.launchPermissions.some((p) => p.organizationArn === ORGANIZATION_ARN) && i.ownerId !== DEFAULT_ACCOUNT);
      const ou = all.find((i) => i.launchPermissions.some((p) => p.organizationalUnitArn === ORGANIZATIONAL_UNIT_ARN));
      assert.ok(org && got.some((i) => i.ImageId === org.imageId), 'org-shared image listed');
      assert.ok(ou && got.some((i) => i.ImageId === ou.imageId), 'OU-shared image listed');
    });

    it('ExecutableUsers=all: public images only', async () => {
      const got = await list({ ExecutableUsers: ['all'] });
      assert.ok(got.length > 20);
      for (const i of got) assert.equal(i.Public, true);
      const expected = all.filter((i) => i.launchPermissions.some((p) => p.group === 'all') && i.state !== 'disabled' && !(i.deprecationTime && Date.parse(i.deprecationTime) < BASE_DATE && i.ownerId !== DEFAULT_ACCOUNT));
      assert.deepEqual(idsOf(got), expected.map((i) => i.imageId).sort());
    });

    it('ExecutableUsers=<other account>: images shared with that account explicitly', async () => {
      const got = await list({ Owners: ['self'], ExecutableUsers: [OTHER_ACCOUNT] });
      const expected = all.filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled' && i.launchPermissions.some((p) => p.userId === OTHER_ACCOUNT));
      assert.ok(expected.length > 0);
      assert.deepEqual(idsOf(got), expected.map((i) => i.imageId).sort());
    });

    it('Owners and ExecutableUsers together are ANDed (shared with me by one account)', async () => {
      const got = await list({ Owners: [OTHER_ACCOUNT], ExecutableUsers: ['self'], IncludeDeprecated: true });
      assert.ok(got.length > 0);
      for (const i of got) assert.equal(i.OwnerId, OTHER_ACCOUNT);
      const everything = await list({ Owners: [OTHER_ACCOUNT], IncludeDeprecated: true });
      assert.ok(got.length < everything.length, 'public-only images of OTHER are excluded');
    });

    it('no scope: everything I may see (own, shared, public)', async () => {
      const got = await list({ IncludeDeprecated: true, IncludeDisabled: true });
      assert.deepEqual(idsOf(got), all.filter(visibleToDefault).map((i) => i.imageId).sort());
      assert.ok(got.length < all.length, 'some images exist that I cannot see');
    });

    it('another account sees its own images as "self" and those DEFAULT_ACCOUNT shared with it', async () => {
      const other = client(emu.url, { accessKeyId: OTHER_ACCESS_KEY });
      const res = await other.send(new DescribeImagesCommand({ ExecutableUsers: ['self'], Owners: [DEFAULT_ACCOUNT] }));
      const expected = all.filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled' && !(i.deprecationTime && Date.parse(i.deprecationTime) < BASE_DATE) &&
        i.launchPermissions.some((p) => p.userId === OTHER_ACCOUNT || p.organizationArn === ORGANIZATION_ARN));
      assert.ok(expected.length > 0);
      assert.deepEqual(idsOf(res.Images), expected.map((i) => i.imageId).sort());
    });
  });

  describe('ImageIds', () => {
    it('returns the named images, deprecated ones too', async () => {
      const deprecated = all.find((i) => i.ownerAlias === 'amazon' && i.deprecationTime && Date.parse(i.deprecationTime) < BASE_DATE);
      assert.ok(deprecated, 'seed has a deprecated public image');
      const mine = all.find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage;
      const got = await list({ ImageIds: [deprecated.imageId, mine.imageId] });
      assert.deepEqual(idsOf(got), [deprecated.imageId, mine.imageId].sort());
      // Without naming it, the deprecated image is hidden unless asked for.
      assert.ok(!(await list({ Owners: ['amazon'] })).some((i) => i.ImageId === deprecated.imageId));
      assert.ok((await list({ Owners: ['amazon'], IncludeDeprecated: true })).some((i) => i.ImageId === deprecated.imageId));
    });

    it('InvalidAMIID.Malformed for a malformed id, both 8- and 17-digit forms being valid', async () => {
      for (const bad of ['ami-123', 'ami-XYZ12345', 'img-0123456789abcdef0', 'ami-0123456789abcdef']) {
        const e = await errorOf(ec2c.send(new DescribeImagesCommand({ ImageIds: [bad] })));
        assert.equal(e.name, 'InvalidAMIID.Malformed', bad);
        assert.equal(e.status, 400);
      }
      const e8 = await errorOf(ec2c.send(new DescribeImagesCommand({ ImageIds: ['ami-1234abcd'] })));
      assert.equal(e8.name, 'InvalidAMIID.NotFound');
    });

    it('InvalidAMIID.NotFound for an unknown id and for an image I may not see', async () => {
      const e = await errorOf(ec2c.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })));
      assert.equal(e.name, 'InvalidAMIID.NotFound');
      assert.match(e.message, /ami-0123456789abcdef0/);
      const hidden = all.find((i) => !visibleToDefault(i));
      assert.ok(hidden, 'seed has an image DEFAULT_ACCOUNT cannot see');
      const e2 = await errorOf(ec2c.send(new DescribeImagesCommand({ ImageIds: [hidden.imageId] })));
      assert.equal(e2.name, 'InvalidAMIID.NotFound');
    });

    it('ImageIds with MaxResults is InvalidParameterCombination', async () => {
      const e = await errorOf(ec2c.send(new DescribeImagesCommand({ ImageIds: [all[0]?.imageId ?? ''], MaxResults: 5 })));
      assert.equal(e.name, 'InvalidParameterCombination');
    });
  });

  describe('filters', () => {
    /** SDK result for one filter over everything visible, compared with the same filter applied by hand. */
    async function check(name: string, values: string[], matches: (i: EmuImage) => boolean): Promise<void> {
      const got = await list({ Filters: [{ Name: name, Values: values }], IncludeDeprecated: true, IncludeDisabled: true });
      const expected = all.filter((i) => visibleToDefault(i) && matches(i)).map((i) => i.imageId).sort();
      assert.ok(expected.length > 0, `${name}=${values.join('|')} matches something`);
      assert.ok(expected.length < all.filter(visibleToDefault).length, `${name}=${values.join('|')} excludes something`);
      assert.deepEqual(idsOf(got), expected, `${name}=${values.join('|')}`);
    }

    it('name with * and ? wildcards', async () => {
      await check('name', ['web-api-*'], (i) => i.name.startsWith('web-api-'));
      await check('name', ['al2023-ami-2023.??.*-x86_64'], (i) => /^al2023-ami-2023\...\..*-x86_64$/.test(i.name));
      await check('name', [FIXTURE_NAMES.kitchenSink], (i) => i.name === FIXTURE_NAMES.kitchenSink);
    });

    it('a backslash escapes a wildcard character', async () => {
      const id = 'ami-00000000000000a51';
      emu.store.addImage({ ...(all.find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage), imageId: id, name: 'literal*star', tags: [], blockDeviceMappings: [] });
      try {
        const got = await list({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['literal\\*star'] }] });
        assert.deepEqual(idsOf(got), [id]);
        const none = await list({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['literal\\*'] }] });
        assert.equal(none.length, 0);
      } finally {
        emu.store.removeImage(REGION, id);
      }
    });

    it('image-id, owner-id, owner-alias, description', async () => {
      const some = all.filter((i) => i.ownerId === DEFAULT_ACCOUNT).slice(0, 2);
      await check('image-id', some.map((i) => i.imageId), (i) => some.includes(i));
      await check('owner-id', [OTHER_ACCOUNT], (i) => i.ownerId === OTHER_ACCOUNT);
      await check('owner-alias', ['amazon'], (i) => i.ownerAlias === 'amazon');
      await check('description', ['*Packer*'], (i) => (i.description ?? '').includes('Packer'));
    });

    it('tag:KEY, tag-key', async () => {
      await check('tag:Environment', ['prod'], (i) => i.tags.some((t) => t.key === 'Environment' && t.value === 'prod'));
      await check('tag:Environment', ['prod', 'staging'], (i) => i.tags.some((t) => t.key === 'Environment' && (t.value === 'prod' || t.value === 'staging')));
      await check('tag:Version', ['v?'], (i) => i.tags.some((t) => t.key === 'Version' && /^v.$/.test(t.value)));
      await check('tag-key', ['Team'], (i) => i.tags.some((t) => t.key === 'Team'));
    });

    it('architecture, state, is-public, platform, root-device-type', async () => {
      await check('architecture', ['arm64'], (i) => i.architecture === 'arm64');
      await check('state', ['disabled', 'failed'], (i) => i.state === 'disabled' || i.state === 'failed');
      await check('is-public', ['false'], (i) => !i.launchPermissions.some((p) => p.group === 'all'));
      await check('is-public', ['true'], (i) => i.launchPermissions.some((p) => p.group === 'all'));
      await check('platform', ['windows'], (i) => i.platform === 'windows');
      // Every seeded image is EBS-backed; make one instance-store image to tell them apart.
      const id = 'ami-00000000000000b52';
      emu.store.addImage({ ...(all.find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage), imageId: id, name: 'instance-store-image', rootDeviceType: 'instance-store', tags: [] });
      try {
        const got = await list({ Filters: [{ Name: 'root-device-type', Values: ['instance-store'] }] });
        assert.deepEqual(idsOf(got), [id]);
        const ebs = await list({ Owners: ['self'], Filters: [{ Name: 'root-device-type', Values: ['ebs'] }] });
        assert.ok(ebs.length > 10 && !ebs.some((i) => i.ImageId === id));
      } finally {
        emu.store.removeImage(REGION, id);
      }
    });

    it('image-type, virtualization-type, hypervisor', async () => {
      const id = 'ami-00000000000000c53';
      emu.store.addImage({
        ...(all.find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage),
        imageId: id,
        name: 'kernel-image',
        imageType: 'kernel',
        virtualizationType: 'paravirtual',
        hypervisor: 'ovm',
        tags: [],
      });
      try {
        assert.deepEqual(idsOf(await list({ Filters: [{ Name: 'image-type', Values: ['kernel'] }] })), [id]);
        assert.deepEqual(idsOf(await list({ Filters: [{ Name: 'hypervisor', Values: ['ovm'] }] })), [id]);
        const pv = await list({ Filters: [{ Name: 'virtualization-type', Values: ['paravirtual'] }], IncludeDeprecated: true });
        assert.ok(pv.some((i) => i.ImageId === id));
        for (const i of pv) assert.equal(i.VirtualizationType, 'paravirtual');
      } finally {
        emu.store.removeImage(REGION, id);
      }
      await check('virtualization-type', ['paravirtual'], (i) => i.virtualizationType === 'paravirtual');
    });

    it('block-device-mapping.snapshot-id and block-device-mapping.encrypted', async () => {
      const sink = all.find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage;
      const snap = sink.blockDeviceMappings[1]?.ebs?.snapshotId as string;
      await check('block-device-mapping.snapshot-id', [snap], (i) => i.blockDeviceMappings.some((m) => m.ebs?.snapshotId === snap));
      await check('block-device-mapping.encrypted', ['true'], (i) => i.blockDeviceMappings.some((m) => m.ebs?.encrypted === true));
    });

    it('several filters are ANDed, values within one filter ORed', async () => {
      const got = await list({
        Owners: ['self'],
        Filters: [
          { Name: 'tag:Environment', Values: ['prod', 'dev'] },
          { Name: 'architecture', Values: ['x86_64'] },
        ],
      });
      const expected = all.filter(
        (i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled' && i.architecture === 'x86_64' && i.tags.some((t) => t.key === 'Environment' && (t.value === 'prod' || t.value === 'dev')),
      );
      assert.ok(expected.length > 0);
      assert.deepEqual(idsOf(got), expected.map((i) => i.imageId).sort());
    });

    it('an unknown filter name is InvalidParameterValue', async () => {
      const e = await errorOf(ec2c.send(new DescribeImagesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })));
      assert.equal(e.name, 'InvalidParameterValue');
      assert.match(e.message, /colour/);
    });
  });

  describe('paging', () => {
    it('paginateDescribeImages over many pages returns exactly the unpaged result', async () => {
      const unpaged = await list({ IncludeDeprecated: true });
      const before = emu.requests.length;
      const paged: Image[] = [];
      let pages = 0;
      for await (const page of paginateDescribeImages({ client: ec2c, pageSize: 5 }, { IncludeDeprecated: true })) {
        pages++;
        assert.ok((page.Images ?? []).length <= 5);
        paged.push(...(page.Images ?? []));
      }
      assert.ok(pages > 10, `${pages} pages`);
      assert.equal(emu.requests.length - before, pages);
      assert.equal(new Set(idsOf(paged)).size, paged.length, 'no duplicates');
      assert.deepEqual(idsOf(paged), idsOf(unpaged));
      assert.equal(emu.requests[emu.requests.length - 1]?.params.MaxResults, '5');
    });

    it('hands out a token only when another page exists', async () => {
      const count = (await list({ Owners: ['self'] })).length;
      const exact = await ec2c.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: count }));
      assert.equal(exact.Images?.length, count);
      assert.equal(exact.NextToken, undefined);
      const short = await ec2c.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: count - 1 }));
      assert.ok(short.NextToken);
    });

    it('MaxResults outside 5..1000 is InvalidParameterValue', async () => {
      for (const n of [4, 1001, 0]) {
        const e = await errorOf(ec2c.send(new DescribeImagesCommand({ MaxResults: n })));
        assert.equal(e.name, 'InvalidParameterValue', String(n));
      }
      const ok = await ec2c.send(new DescribeImagesCommand({ MaxResults: 1000, Owners: ['self'] }));
      assert.ok((ok.Images ?? []).length > 0);
    });

    it('rejects a forged token, and a token used with a different query', async () => {
      const first = await ec2c.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
      assert.ok(first.NextToken);
      const next = await ec2c.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5, NextToken: first.NextToken }));
      assert.equal(next.Images?.length, 5);
      assert.notDeepEqual(idsOf(next.Images), idsOf(first.Images));
      for (const token of ['garbage', `${first.NextToken}x`, `x${first.NextToken}`]) {
        const e = await errorOf(ec2c.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5, NextToken: token })));
        assert.equal(e.name, 'InvalidPaginationToken', token);
      }
      const e = await errorOf(ec2c.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5, NextToken: first.NextToken })));
      assert.equal(e.name, 'InvalidPaginationToken');
    });

    it('pages stay consistent when an image is removed between pages', async () => {
      const first = await ec2c.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));
      const victim = first.Images?.[4]?.ImageId as string;
      const saved = emu.store.getImage(REGION, victim) as EmuImage;
      emu.store.removeImage(REGION, victim);
      try {
        const next = await ec2c.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5, NextToken: first.NextToken }));
        const overlap = idsOf(next.Images).filter((id) => idsOf(first.Images).includes(id));
        assert.deepEqual(overlap, []);
        assert.equal(next.Images?.length, 5);
      } finally {
        emu.store.addImage(saved);
      }
    });
  });

  describe('deprecated and disabled', () => {
    it('a deprecated image shared with me is hidden unless IncludeDeprecated', async () => {
      const shared = all.find((i) => i.ownerId === OTHER_ACCOUNT && i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT) && i.state === 'available') as EmuImage;
      const saved = shared.deprecationTime;
      emu.store.modifyImage(REGION, shared.imageId, { deprecationTime: new Date(Date.now() - 60_000).toISOString() });
      try {
        assert.ok(!(await list({ ExecutableUsers: ['self'] })).some((i) => i.ImageId === shared.imageId));
        const withIt = await list({ ExecutableUsers: ['self'], IncludeDeprecated: true });
        assert.equal(withIt.find((i) => i.ImageId === shared.imageId)?.DeprecationTime, shared.deprecationTime);
        // A deprecation time in the future does not hide it.
        emu.store.modifyImage(REGION, shared.imageId, { deprecationTime: new Date(Date.now() + 86_400_000).toISOString() });
        assert.ok((await list({ ExecutableUsers: ['self'] })).some((i) => i.ImageId === shared.imageId));
      } finally {
        emu.store.modifyImage(REGION, shared.imageId, { deprecationTime: saved });
      }
    });

    it('disabled images appear only with IncludeDisabled, and only to their owner', async () => {
      const disabled = all.filter((i) => i.state === 'disabled' && i.ownerId === DEFAULT_ACCOUNT);
      assert.ok(disabled.length >= 2);
      const without = await list({ Owners: ['self'] });
      assert.ok(!without.some((i) => i.State === 'disabled'));
      const withIt = await list({ Owners: ['self'], IncludeDisabled: true });
      for (const d of disabled) assert.ok(withIt.some((i) => i.ImageId === d.imageId && i.State === 'disabled'));
      // Named by id without IncludeDisabled: not returned (and not an error).
      assert.deepEqual(await list({ ImageIds: [disabled[0]?.imageId as string] }), []);
      // Shared with another account, a disabled image is still invisible to it.
      const d0 = disabled[0] as EmuImage;
      emu.store.addLaunchPermission(REGION, d0.imageId, { userId: OTHER_ACCOUNT });
      try {
        const other = client(emu.url, { accessKeyId: OTHER_ACCESS_KEY });
        const res = await other.send(new DescribeImagesCommand({ ExecutableUsers: ['self'], IncludeDisabled: true }));
        assert.ok(!(res.Images ?? []).some((i) => i.ImageId === d0.imageId));
      } finally {
        emu.store.removeLaunchPermission(REGION, d0.imageId, { userId: OTHER_ACCOUNT });
      }
    });
  });

  describe('round trip', () => {
    // hygiene (#11): ImageAllowed comes from the account's Allowed AMIs settings (absent while disabled, as in
    // this region's seed); audit mode here makes it arrive, true for my own images such as the kitchen sink.
    before(() => emu.store.setAllowedImagesSettings(DEFAULT_ACCOUNT, REGION, { state: 'audit-mode', imageCriteria: [{ imageProviders: ['amazon'] }] }));
    after(() => emu.store.setAllowedImagesSettings(DEFAULT_ACCOUNT, REGION, { state: 'disabled', imageCriteria: [] }));

    it('every member the SDK models on Image, BlockDeviceMapping and EbsBlockDevice arrives for some image', async () => {
      const images = await list({ IncludeDeprecated: true, IncludeDisabled: true });
      const [sink] = await list({ Owners: ['self'], Filters: [{ Name: 'name', Values: [FIXTURE_NAMES.kitchenSink] }] });
      assert.ok(sink);
      const members = (schema: unknown): string[] => (schema as [number, string, string, number, string[]])[4];
      const imageMembers = members((ec2 as unknown as Record<string, unknown>)['Image$']);
      assert.ok(imageMembers.length > 30);
      for (const m of imageMembers) {
        assert.ok(images.some((i) => (i as Record<string, unknown>)[m] !== undefined), `Image.${m}`);
        // The kitchen-sink image has all of them except the owner alias, which EC2 sets only on
        // Amazon / Marketplace / Backup images.
        if (m !== 'ImageOwnerAlias') assert.notEqual((sink as Record<string, unknown>)[m], undefined, `kitchen sink Image.${m}`);
      }
      const mappings = sink.BlockDeviceMappings ?? [];
      for (const m of members((ec2 as unknown as Record<string, unknown>)['BlockDeviceMapping$'])) {
        assert.ok(mappings.some((b) => (b as Record<string, unknown>)[m] !== undefined), `BlockDeviceMapping.${m}`);
      }
      for (const m of members((ec2 as unknown as Record<string, unknown>)['EbsBlockDevice$'])) {
        assert.ok(mappings.some((b) => (b.Ebs as Record<string, unknown> | undefined)?.[m] !== undefined), `EbsBlockDevice.${m}`);
      }
    });

    it('values arrive exactly as stored', async () => {
      const stored = all.find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage;
      const [image] = await list({ ImageIds: [stored.imageId] });
      assert.ok(image);
      assert.equal(image.ImageId, stored.imageId);
      assert.equal(image.OwnerId, stored.ownerId);
      assert.equal(image.State, stored.state);
      assert.equal(image.CreationDate, stored.creationDate);
      assert.equal(image.DeprecationTime, stored.deprecationTime);
      assert.equal(image.LastLaunchedTime, stored.lastLaunchedTime);
      assert.equal(image.Public, false);
      assert.equal(image.EnaSupport, true);
      assert.equal(image.ImageAllowed, true);
      assert.equal(image.FreeTierEligible, false);
      assert.equal(image.BootMode, stored.bootMode);
      assert.equal(image.TpmSupport, stored.tpmSupport);
      assert.equal(image.SourceImageId, stored.sourceImageId);
      assert.equal(image.SourceImageRegion, stored.sourceImageRegion);
      assert.deepEqual(image.StateReason, { Code: stored.stateReason?.code, Message: stored.stateReason?.message });
      assert.deepEqual(image.Tags, stored.tags.map((t) => ({ Key: t.key, Value: t.value })));
      assert.deepEqual(image.ProductCodes, stored.productCodes.map((p) => ({ ProductCodeId: p.productCodeId, ProductCodeType: p.productCodeType })));
      assert.deepEqual(
        image.BlockDeviceMappings?.map((b) => ({ d: b.DeviceName, v: b.VirtualName, n: b.NoDevice, size: b.Ebs?.VolumeSize, type: b.Ebs?.VolumeType, iops: b.Ebs?.Iops, enc: b.Ebs?.Encrypted, kms: b.Ebs?.KmsKeyId, snap: b.Ebs?.SnapshotId, del: b.Ebs?.DeleteOnTermination, tp: b.Ebs?.Throughput })),
        stored.blockDeviceMappings.map((b) => ({ d: b.deviceName, v: b.virtualName, n: b.noDevice, size: b.ebs?.volumeSize, type: b.ebs?.volumeType, iops: b.ebs?.iops, enc: b.ebs?.encrypted, kms: b.ebs?.kmsKeyId, snap: b.ebs?.snapshotId, del: b.ebs?.deleteOnTermination, tp: b.ebs?.throughput })),
      );
      assert.deepEqual(image.InstanceTypeSpecification?.SupportedInstanceTypes?.map((t) => t.InstanceType), stored.instanceTypeSpecification?.supported);
      assert.equal(image.ImageWatermarks?.[0]?.WatermarkKey, stored.watermarks?.[0]?.watermarkKey);
      assert.equal(image.ScanResults?.HighestFindingSeverityLabel, 'high');
      assert.ok(image.ScanResults?.FindingScanDate instanceof Date);
    });

    it('every kind of mapping appears across the seed: EBS of each volume type, ephemeral, NoDevice, encrypted with KMS', () => {
      const mappings = all.flatMap((i) => i.blockDeviceMappings);
      for (const t of ['gp2', 'gp3', 'io2', 'st1']) assert.ok(mappings.some((m) => m.ebs?.volumeType === t), t);
      assert.ok(mappings.some((m) => m.virtualName === 'ephemeral0'));
      assert.ok(mappings.some((m) => m.noDevice !== undefined));
      assert.ok(mappings.some((m) => m.ebs?.encrypted && m.ebs.kmsKeyId?.startsWith('arn:aws:kms:')));
      assert.ok(mappings.some((m) => m.ebs?.deleteOnTermination === false) && mappings.some((m) => m.ebs?.deleteOnTermination === true));
      assert.ok(mappings.some((m) => m.ebs?.volumeType === 'gp3' && m.ebs.iops && m.ebs.throughput));
    });

    it('hostile names, descriptions and tags round-trip intact', async () => {
      const hostile = all.filter((i) => i.ownerId === DEFAULT_ACCOUNT && Object.values(FIXTURE_NAMES).includes(i.name as never) && i.name !== FIXTURE_NAMES.kitchenSink);
      assert.equal(hostile.length, 3);
      const got = await list({ ImageIds: hostile.map((i) => i.imageId) });
      for (const stored of hostile) {
        const image = got.find((i) => i.ImageId === stored.imageId);
        assert.equal(image?.Name, stored.name);
        assert.equal(image?.Description, stored.description);
        assert.deepEqual(image?.Tags, stored.tags.map((t) => ({ Key: t.key, Value: t.value })));
      }
      // Every hostile string, plus CR/LF/tab, as a name, description and tag.
      const base = all.find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage;
      const strings = [...HOSTILE_STRINGS, 'line1\r\nline2\ttab', ']]><![CDATA[x]]>', '&#x41; &#65; &lt;'];
      strings.forEach((s, n) => emu.store.addImage({ ...base, imageId: `ami-${(0xd00 + n).toString(16).padStart(17, '0')}`, name: s, description: `d:${s}`, tags: [{ key: s, value: s }] }));
      try {
        const res = await list({ Owners: ['self'], Filters: [{ Name: 'description', Values: ['d:*'] }] });
        assert.equal(res.length, strings.length);
        for (const s of strings) {
          const image = res.find((i) => i.Name === s);
          assert.ok(image, `name ${JSON.stringify(s)} came back`);
          assert.equal(image.Description, `d:${s}`);
          assert.deepEqual(image.Tags, [{ Key: s, Value: s }]);
        }
      } finally {
        strings.forEach((_, n) => emu.store.removeImage(REGION, `ami-${(0xd00 + n).toString(16).padStart(17, '0')}`));
      }
    });
  });
});
