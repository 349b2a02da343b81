/**
 * Image operations through the real @aws-sdk/client-ec2 against the emulator: paging, scopes,
 * filters, deprecated/disabled inclusion, attributes, snapshots, ancestry and cancellation.
 * Expected sets come from the emulator's store with EC2's visibility rules written out below.
 */
import * as assert from 'node:assert/strict';
import { BASE_DATE, DEFAULT_ACCOUNT, FIXTURE_NAMES, ORGANIZATIONAL_UNIT_ARN, ORGANIZATION_ARN, OTHER_ACCOUNT, startEmulator, type Emulator, type EmuImage } from '../../emulator';
import type { ImageFilter, ImageOperations } from '../../../src/aws/types';
import type { ImageAttributeName } from '../../../src/model/image';
import { PAGE_SIZE } from '../../../src/model/limits';
import { OTHER_KEY, OTHER_SECRET, defaultHome, listAll, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';
import { until } from '../support/until';

const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';

function isPublic(i: EmuImage): boolean {
  return i.launchPermissions.some((p) => p.group === 'all');
}
function sharedWithDefault(i: EmuImage): boolean {
  return i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT || p.organizationArn === ORGANIZATION_ARN || p.organizationalUnitArn === ORGANIZATIONAL_UNIT_ARN);
}
/** Deprecated at the seed's base date; the seed test checks this equals "now" for its dates. */
function deprecatedNow(i: EmuImage): boolean {
  return i.deprecationTime !== undefined && Date.parse(i.deprecationTime) <= BASE_DATE;
}
/** What DescribeImages lists for DEFAULT_ACCOUNT without ImageIds, before scope and filters. */
function listedForMe(i: EmuImage, opts: { includeDeprecated?: boolean; includeDisabled?: boolean } = {}): boolean {
  const mine = i.ownerId === DEFAULT_ACCOUNT;
  if (!mine && !(i.state !== 'disabled' && (isPublic(i) || sharedWithDefault(i)))) return false;
  if (i.state === 'disabled' && !opts.includeDisabled) return false;
  if (!mine && deprecatedNow(i) && !opts.includeDeprecated) return false;
  return true;
}
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'u');
}
function ids(images: { imageId: string }[]): string[] {
  return images.map((i) => i.imageId).sort();
}

describe('aws/images', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let ops: ImageOperations;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 7, imagesPerRegion: 60, regions: [REGION, OTHER_REGION] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    home = defaultHome();
    t = makeServices(home, emu.url);
    ops = t.services.images(undefined);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  describe('paging', () => {
    it('walks every page of a scope and returns each of my images exactly once', async () => {
      const expected = emu.store.images(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT && listedForMe(i));
      const { images, pages } = await listAll(ops, REGION, { kind: 'self' }, {}, 5);
      assert.ok(expected.length > 40, 'the seed holds enough images to page');
      const minPages = Math.ceil(expected.length / 5);
      assert.ok(pages >= minPages && pages <= minPages + 1, `expected about ${minPages} pages, got ${pages}`);
      assert.equal(new Set(images.map((i) => i.imageId)).size, images.length, 'no duplicates across pages');
      assert.deepEqual(ids(images), ids(expected));
      assert.ok(images.every((i) => i.region === REGION));
    });

    it('returns one page per call with a token for the next', async () => {
      const first = unwrap(await ops.listImages(REGION, { kind: 'self' }, {}, { pageSize: 7 }));
      assert.equal(first.items.length, 7);
      assert.ok(first.nextToken);
      const second = unwrap(await ops.listImages(REGION, { kind: 'self' }, {}, { pageSize: 7, nextToken: first.nextToken }));
      assert.equal(second.items.length, 7);
      assert.deepEqual(
        ids(first.items).filter((id) => ids(second.items).includes(id)),
        [],
      );
    });

    it('clamps the page size into 5..1000 as EC2 requires', async () => {
      for (const [asked, sent] of [
        [1, '5'],
        [5000, '1000'],
        [undefined, String(PAGE_SIZE.default)],
      ] as const) {
        const r = await ops.listImages(REGION, { kind: 'self' }, {}, asked === undefined ? {} : { pageSize: asked });
        assert.ok(r.ok, `page size ${String(asked)}`);
        assert.equal(emu.requests.at(-1)?.params['MaxResults'], sent);
      }
    });

    it('agrees with the store count over a whole region with every image included', async () => {
      const filter: ImageFilter = { includeDeprecated: true, includeDisabled: true };
      const all = await listAll(ops, REGION, { kind: 'accounts', accountIds: [DEFAULT_ACCOUNT] }, filter, 13);
      const expected = emu.store.images(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT);
      assert.equal(all.images.length, expected.length);
    });
  });

  describe('scopes', () => {
    it('self: Owners=self', async () => {
      const { images } = await listAll(ops, REGION, { kind: 'self' });
      assert.ok(images.length > 0);
      assert.ok(images.every((i) => i.ownerId === DEFAULT_ACCOUNT));
      assert.deepEqual(emu.requests.at(-1)?.params['Owner.1'], 'self');
    });

    it('sharedWithMe: shared explicitly or via org/OU, never my own, never public', async () => {
      const { images } = await listAll(ops, REGION, { kind: 'sharedWithMe' });
      const expected = emu.store.images(REGION).filter((i) => i.ownerId !== DEFAULT_ACCOUNT && !isPublic(i) && sharedWithDefault(i) && listedForMe(i));
      assert.ok(expected.length > 0, 'the seed shares images with me');
      assert.deepEqual(ids(images), ids(expected));
      // ExecutableUsers=self also matches my own images: the layer must have dropped them.
      const mineExecutable = emu.store.images(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT && listedForMe(i));
      assert.ok(mineExecutable.length > 0);
      const listCall = emu.requests.filter((r) => r.params['ExecutableBy.1'] === 'self').at(-1);
      assert.ok(listCall, 'used ExecutableUsers=self');
    });

    it('sharedWithMe: an org-shared and an OU-shared image are included', async () => {
      const { images } = await listAll(ops, REGION, { kind: 'sharedWithMe' });
      const got = new Set(images.map((i) => i.imageId));
      const viaOrg = emu.store.images(REGION).find((i) => i.launchPermissions.some((p) => p.organizationArn === ORGANIZATION_ARN) && i.ownerId !== DEFAULT_ACCOUNT);
      const viaOu = emu.store.images(REGION).find((i) => i.launchPermissions.some((p) => p.organizationalUnitArn === ORGANIZATIONAL_UNIT_ARN));
      assert.ok(viaOrg && viaOu);
      if (!deprecatedNow(viaOrg)) assert.ok(got.has(viaOrg.imageId));
      if (!deprecatedNow(viaOu)) assert.ok(got.has(viaOu.imageId));
    });

    it('sharedWithMe drops the images of the caller’s own account, whichever it is', async () => {
      // OTHER_ACCOUNT's key: the account learned must be OTHER's, not the emulator's default one.
      home.writeCredentials(`[default]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n`);
      const other = makeServices(home, emu.url);
      try {
        const { images } = await listAll(other.services.images(undefined), REGION, { kind: 'sharedWithMe' });
        assert.ok(images.every((i) => i.ownerId !== OTHER_ACCOUNT));
        const expected = emu.store
          .images(REGION)
          .filter((i) => i.ownerId !== OTHER_ACCOUNT && !isPublic(i) && i.state !== 'disabled' && !deprecatedNow(i))
          .filter((i) => i.launchPermissions.some((p) => p.userId === OTHER_ACCOUNT || p.organizationArn === ORGANIZATION_ARN));
        assert.deepEqual(ids(images), ids(expected));
      } finally {
        other.services.dispose();
      }
    });

    it('sharedWithMe looks for my own images once per region, also when I own none there', async () => {
      // An account that owns no image and whose credentials do not carry its id.
      const lonely = '456789012345';
      const own = await startEmulator({ port: 0, seed: 7, imagesPerRegion: 20, regions: [REGION, OTHER_REGION], keys: { AKIA_LONELY_ACCT_01: { secret: 'lonelySecret', account: lonely } } });
      const lonelyHome = defaultHome();
      lonelyHome.writeCredentials(`[default]\naws_access_key_id = AKIA_LONELY_ACCT_01\naws_secret_access_key = lonelySecret\n`);
      const lonelyServices = makeServices(lonelyHome, own.url);
      try {
        for (const region of [REGION, OTHER_REGION]) {
          for (const image of own.store.images(region).filter((i) => !isPublic(i) && i.state === 'available' && !deprecatedNow(i)).slice(0, 12)) {
            own.store.addLaunchPermission(region, image.imageId, { userId: lonely });
          }
        }
        const lonelyOps = lonelyServices.services.images(undefined);
        const selfLookups = (region: string): number => own.requests.filter((r) => r.region === region && r.params['Owner.1'] === 'self').length;
        const first = await listAll(lonelyOps, REGION, { kind: 'sharedWithMe' }, {}, 5);
        assert.equal(first.images.length, 12);
        assert.ok(first.pages >= 3, `several pages (${first.pages})`);
        assert.equal(selfLookups(REGION), 1, 'one Owners=self look-up for every page of the region');
        await listAll(lonelyOps, REGION, { kind: 'sharedWithMe' }, {}, 5);
        assert.equal(selfLookups(REGION), 1, 'its empty answer is kept too');
        await listAll(lonelyOps, OTHER_REGION, { kind: 'sharedWithMe' }, {}, 5);
        assert.equal(selfLookups(OTHER_REGION), 1, 'another region is looked at once itself');
      } finally {
        lonelyServices.services.dispose();
        lonelyHome.remove();
        await own.close();
      }
    });

    it('amazon and marketplace: Owners=amazon / aws-marketplace', async () => {
      const amazon = await listAll(ops, REGION, { kind: 'amazon' });
      const expectedAmazon = emu.store.images(REGION).filter((i) => i.ownerAlias === 'amazon' && listedForMe(i));
      assert.ok(expectedAmazon.length > 0);
      assert.deepEqual(ids(amazon.images), ids(expectedAmazon));
      const mp = await listAll(ops, REGION, { kind: 'marketplace' });
      const expectedMp = emu.store.images(REGION).filter((i) => i.ownerAlias === 'aws-marketplace' && listedForMe(i));
      assert.ok(expectedMp.length > 0);
      assert.deepEqual(ids(mp.images), ids(expectedMp));
      assert.ok(mp.images.every((i) => i.ownerAlias === 'aws-marketplace'));
    });

    it('accounts: Owners=<ids>, and an empty list is refused without a call', async () => {
      const { images } = await listAll(ops, REGION, { kind: 'accounts', accountIds: [OTHER_ACCOUNT, ' '] });
      const expected = emu.store.images(REGION).filter((i) => i.ownerId === OTHER_ACCOUNT && listedForMe(i));
      assert.ok(expected.length > 0);
      assert.deepEqual(ids(images), ids(expected));
      const before = emu.requests.length;
      const empty = await ops.listImages(REGION, { kind: 'accounts', accountIds: [] }, {}, {});
      assert.equal(empty.ok, false);
      assert.equal(!empty.ok && empty.error.kind, 'invalidInput');
      assert.equal(emu.requests.length, before);
    });
  });

  describe('filters', () => {
    const mine = (f: (i: EmuImage) => boolean): EmuImage[] => emu.store.images(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT && listedForMe(i) && f(i));
    const tag = (i: EmuImage, key: string): string | undefined => i.tags.find((x) => x.key === key)?.value;
    const cases: [string, ImageFilter, (i: EmuImage) => boolean][] = [
      ['name with wildcards', { name: 'web-api-*' }, (i) => wildcard('web-api-*').test(i.name)],
      ['name with ?', { name: 'bastion-v?0' }, (i) => wildcard('bastion-v?0').test(i.name)],
      ['architecture', { architecture: 'arm64' }, (i) => i.architecture === 'arm64'],
      ['state', { state: 'pending' }, (i) => i.state === 'pending'],
      ['platform', { platform: 'windows' }, (i) => i.platform === 'windows'],
      ['tag value', { tags: { Environment: 'prod' } }, (i) => tag(i, 'Environment') === 'prod'],
      ['tag wildcard, two tags', { tags: { Team: 'pl*', Environment: '*' } }, (i) => /^pl/.test(tag(i, 'Team') ?? '') && tag(i, 'Environment') !== undefined],
      ['tag key', { tagKey: 'Version' }, (i) => tag(i, 'Version') !== undefined],
      ['combined', { architecture: 'x86_64', tagKey: 'Team' }, (i) => i.architecture === 'x86_64' && tag(i, 'Team') !== undefined],
    ];
    for (const [label, filter, predicate] of cases) {
      it(`${label} → only the matching images`, async () => {
        const expected = mine(predicate);
        const all = mine(() => true);
        assert.ok(expected.length > 0, 'the filter matches something');
        assert.ok(expected.length < all.length, 'the filter leaves something out');
        const { images } = await listAll(ops, REGION, { kind: 'self' }, filter, 1000);
        assert.deepEqual(ids(images), ids(expected));
      });
    }

    it('is-public splits the images other accounts let me see', async () => {
      const scope = { kind: 'accounts' as const, accountIds: [OTHER_ACCOUNT] };
      const theirs = emu.store.images(REGION).filter((i) => i.ownerId === OTHER_ACCOUNT && listedForMe(i));
      const pub = await listAll(ops, REGION, scope, { isPublic: true });
      const priv = await listAll(ops, REGION, scope, { isPublic: false });
      assert.ok(pub.images.length > 0 && priv.images.length > 0);
      assert.deepEqual(ids(pub.images), ids(theirs.filter(isPublic)));
      assert.deepEqual(ids(priv.images), ids(theirs.filter((i) => !isPublic(i))));
      assert.ok(pub.images.every((i) => i.public) && priv.images.every((i) => !i.public));
    });

    it('is-public splits my own images once some are public and some private', async () => {
      // The seed's own images are all private: make two of them public for this test.
      const mine = emu.store.images(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT && listedForMe(i));
      const madePublic = mine.filter((i) => i.state === 'available').slice(0, 2);
      assert.equal(madePublic.length, 2);
      const saved = madePublic.map((i) => i.launchPermissions);
      for (const i of madePublic) i.launchPermissions = [...i.launchPermissions, { group: 'all' }];
      try {
        assert.ok(mine.some(isPublic) && mine.some((i) => !isPublic(i)), 'the list holds both');
        const pub = await listAll(ops, REGION, { kind: 'self' }, { isPublic: true });
        const priv = await listAll(ops, REGION, { kind: 'self' }, { isPublic: false });
        assert.deepEqual(ids(pub.images), ids(madePublic));
        assert.deepEqual(ids(priv.images), ids(mine.filter((i) => !madePublic.includes(i))));
        assert.ok(pub.images.every((i) => i.public) && priv.images.every((i) => !i.public));
      } finally {
        madePublic.forEach((i, n) => (i.launchPermissions = saved[n] ?? []));
      }
    });
  });

  describe('deprecated and disabled', () => {
    it('deprecated images of others appear only on request', async () => {
      const without = await listAll(ops, REGION, { kind: 'amazon' });
      const withDep = await listAll(ops, REGION, { kind: 'amazon' }, { includeDeprecated: true });
      const deprecated = emu.store.images(REGION).filter((i) => i.ownerAlias === 'amazon' && deprecatedNow(i));
      assert.ok(deprecated.length > 0, 'the seed has a deprecated Amazon image');
      for (const d of deprecated) {
        assert.ok(!without.images.some((i) => i.imageId === d.imageId));
        assert.ok(withDep.images.some((i) => i.imageId === d.imageId));
      }
      assert.equal(emu.requests.at(-1)?.params['IncludeDeprecated'], 'true');
    });

    it('my disabled images appear only on request', async () => {
      const disabled = emu.store.images(REGION).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'disabled');
      assert.ok(disabled.length > 0, 'the seed has disabled images');
      const without = await listAll(ops, REGION, { kind: 'self' });
      const withDisabled = await listAll(ops, REGION, { kind: 'self' }, { includeDisabled: true });
      for (const d of disabled) {
        assert.ok(!without.images.some((i) => i.imageId === d.imageId));
        const got = withDisabled.images.find((i) => i.imageId === d.imageId);
        assert.equal(got?.state, 'disabled');
      }
    });
  });

  describe('getImage, attributes, snapshots, ancestry', () => {
    const sink = (): EmuImage => {
      const image = emu.store.images(REGION).find((i) => i.name === FIXTURE_NAMES.kitchenSink);
      assert.ok(image);
      return image;
    };

    it('getImage finds one image, including disabled ones of mine', async () => {
      const image = unwrap(await ops.getImage(REGION, sink().imageId));
      assert.equal(image.name, FIXTURE_NAMES.kitchenSink);
      const disabled = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'disabled');
      assert.ok(disabled);
      assert.equal(unwrap(await ops.getImage(REGION, disabled.imageId)).state, 'disabled');
    });

    it('getImage of an unknown id is notFound; a malformed id is invalidInput', async () => {
      const missing = await ops.getImage(REGION, 'ami-0000000000000dead');
      assert.ok(!missing.ok);
      assert.equal(missing.error.kind, 'notFound');
      assert.equal(missing.error.code, 'InvalidAMIID.NotFound');
      assert.equal(missing.error.action, 'ec2:DescribeImages');
      const malformed = await ops.getImage(REGION, 'not-an-ami');
      assert.ok(!malformed.ok);
      assert.equal(malformed.error.kind, 'invalidInput');
      assert.equal(malformed.error.code, 'InvalidAMIID.Malformed');
    });

    it('getImageAttribute answers every attribute name with the stored value', async () => {
      const s = sink();
      const scalars: [ImageAttributeName, string | undefined][] = [
        ['description', s.description],
        ['kernel', s.kernelId],
        ['ramdisk', s.ramdiskId],
        ['sriovNetSupport', s.sriovNetSupport],
        ['bootMode', s.bootMode],
        ['tpmSupport', s.tpmSupport],
        ['uefiData', s.uefiData],
        ['lastLaunchedTime', s.lastLaunchedTime],
        ['imdsSupport', s.imdsSupport],
        ['deregistrationProtection', s.deregistrationProtection],
      ];
      for (const [name, value] of scalars) {
        assert.ok(value !== undefined, `the fixture sets ${name}`);
        const got = unwrap(await ops.getImageAttribute(REGION, s.imageId, name));
        assert.equal(got.attribute, name);
        assert.equal(got.imageId, s.imageId);
        assert.equal(got.value, value, name);
      }
      const perms = unwrap(await ops.getImageAttribute(REGION, s.imageId, 'launchPermission'));
      assert.deepEqual(perms.launchPermissions, s.launchPermissions);
      const codes = unwrap(await ops.getImageAttribute(REGION, s.imageId, 'productCodes'));
      assert.deepEqual(codes.productCodes, s.productCodes);
      const bdm = unwrap(await ops.getImageAttribute(REGION, s.imageId, 'blockDeviceMapping'));
      assert.deepEqual(
        bdm.blockDeviceMappings?.map((b) => [b.deviceName, b.kind]),
        s.blockDeviceMappings.map((b) => [b.deviceName, b.noDevice !== undefined ? 'noDevice' : b.virtualName ? 'ephemeral' : 'ebs']),
      );
    });

    it('an owner-only attribute of someone else’s image is accessDenied, not a region problem', async () => {
      const shared = emu.store.images(REGION).find((i) => i.ownerId === OTHER_ACCOUNT && sharedWithDefault(i) && listedForMe(i));
      assert.ok(shared);
      const r = await ops.getImageAttribute(REGION, shared.imageId, 'launchPermission');
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'accessDenied');
      assert.equal(r.error.action, 'ec2:DescribeImageAttribute');
    });

    it('getSnapshots returns the stored snapshots in the asked order, skipping invisible ones', async () => {
      const snapIds = sink()
        .blockDeviceMappings.map((m) => m.ebs?.snapshotId)
        .filter((x): x is string => x !== undefined);
      assert.ok(snapIds.length >= 3);
      const asked = [...snapIds].reverse();
      const snaps = unwrap(await ops.getSnapshots(REGION, [...asked, asked[0] as string]));
      assert.deepEqual(
        snaps.map((s) => s.snapshotId),
        asked,
      );
      for (const s of snaps) {
        const stored = emu.store.getSnapshot(REGION, s.snapshotId);
        assert.ok(stored);
        assert.equal(s.volumeSize, stored.volumeSize);
        assert.equal(s.encrypted, stored.encrypted);
        assert.equal(s.kmsKeyId, stored.kmsKeyId);
        assert.equal(s.ownerId, stored.ownerId);
        assert.equal(s.description, stored.description);
        assert.equal(s.state, stored.state);
        assert.equal(s.startTime, new Date(stored.startTime).toISOString());
        assert.equal(s.region, REGION);
      }
      const partial = unwrap(await ops.getSnapshots(REGION, [snapIds[0] as string, 'snap-00000000000000000']));
      assert.deepEqual(
        partial.map((s) => s.snapshotId),
        [snapIds[0]],
      );
      const none = await ops.getSnapshots(REGION, ['snap-00000000000000000']);
      assert.ok(!none.ok);
      assert.equal(none.error.kind, 'notFound');
      assert.deepEqual(unwrap(await ops.getSnapshots(REGION, [])), []);
    });

    it('getImageAncestry follows the source chain across regions', async () => {
      const s = sink();
      const chain = unwrap(await ops.getImageAncestry(REGION, s.imageId));
      assert.ok(chain.length >= 2);
      assert.equal(chain[0]?.imageId, s.imageId);
      assert.equal(chain[0]?.sourceImageId, s.sourceImageId);
      assert.equal(chain[1]?.imageId, s.sourceImageId);
      assert.equal(chain[0]?.sourceImageRegion, s.sourceImageRegion);
    });
  });

  describe('cancellation', () => {
    it('an already aborted signal is cancelled without a request', async () => {
      const before = emu.requests.length;
      const c = new AbortController();
      c.abort();
      const r = await ops.listImages(REGION, { kind: 'self' }, {}, {}, c.signal);
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'cancelled');
      assert.equal(emu.requests.length, before);
    });

    it('aborting a request in flight returns cancelled', async () => {
      emu.faults.setLatency(REGION, 3000);
      const c = new AbortController();
      const before = emu.requests.length;
      const pending = ops.listImages(REGION, { kind: 'self' }, {}, {}, c.signal);
      // Abort once the request is in flight: the emulator has it and holds it for 3 s.
      await until(() => emu.requests.length > before, 'the DescribeImages request');
      c.abort();
      const r = await pending;
      assert.ok(!r.ok);
      assert.equal(r.error.kind, 'cancelled');
      for (const op of [() => ops.getImage(REGION, 'ami-0000000000000dead', c.signal), () => ops.getSnapshots(REGION, ['snap-1'], c.signal)]) {
        const again = await op();
        assert.equal(!again.ok && again.error.kind, 'cancelled');
      }
    });
  });
});
