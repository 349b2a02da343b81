/**
 * DescribeSnapshots, CreateTags / DeleteTags and GetImageAncestry through the real SDK.
 */
import * as assert from 'node:assert/strict';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  GetImageAncestryCommand,
  paginateDescribeSnapshots,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, FIXTURE_NAMES, OTHER_ACCOUNT, startEmulator, type EmuImage, type Emulator } from '../../emulator/index';
import { client, errorOf, OTHER_ACCESS_KEY } from './helpers';

const REGION = 'us-east-1';

describe('emulator: DescribeSnapshots', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 30, seed: 3 });
  });
  after(async () => {
    await emu.close();
  });

  it('every EBS mapping of every image is backed by a snapshot of the image owner with the same size and encryption', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      for (const image of emu.store.images(region)) {
        for (const m of image.blockDeviceMappings) {
          if (!m.ebs) continue;
          const s = emu.store.getSnapshot(region, m.ebs.snapshotId ?? '');
          assert.ok(s, `${image.imageId} ${m.deviceName}`);
          assert.equal(s.ownerId, image.ownerId);
          assert.equal(s.volumeSize, m.ebs.volumeSize);
          assert.equal(s.encrypted, m.ebs.encrypted ?? false);
          assert.equal(s.kmsKeyId, m.ebs.kmsKeyId);
          assert.match(s.snapshotId, /^snap-[0-9a-f]{17}$/);
        }
      }
    }
  });

  it('describes snapshots by id with their details', async () => {
    const sink = emu.store.images(REGION).find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage;
    const ids = sink.blockDeviceMappings.flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : []));
    const res = await client(emu.url).send(new DescribeSnapshotsCommand({ SnapshotIds: ids }));
    assert.deepEqual((res.Snapshots ?? []).map((s) => s.SnapshotId).sort(), [...ids].sort());
    const root = res.Snapshots?.find((s) => s.SnapshotId === ids[0]) as Snapshot;
    const stored = emu.store.getSnapshot(REGION, ids[0] as string);
    assert.equal(root.OwnerId, DEFAULT_ACCOUNT);
    assert.equal(root.VolumeSize, stored?.volumeSize);
    assert.equal(root.Encrypted, true);
    assert.equal(root.KmsKeyId, stored?.kmsKeyId);
    assert.equal(root.State, 'completed');
    assert.equal(root.Progress, '100%');
    assert.ok(root.StartTime instanceof Date);
    assert.match(root.Description ?? '', new RegExp(sink.imageId));
    assert.match(root.VolumeId ?? '', /^vol-[0-9a-f]{17}$/);
  });

  it('Owner=self, RestorableBy, and the default scope', async () => {
    const c = client(emu.url);
    const own = (await c.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? [];
    const expectedOwn = emu.store.snapshots(REGION).filter((s) => s.ownerId === DEFAULT_ACCOUNT);
    assert.equal(own.length, expectedOwn.length);
    for (const s of own) assert.equal(s.OwnerId, DEFAULT_ACCOUNT);

    const everything = (await c.send(new DescribeSnapshotsCommand({}))).Snapshots ?? [];
    const visible = emu.store.snapshots(REGION).filter(
      (s) => s.ownerId === DEFAULT_ACCOUNT || s.createVolumePermissions.some((p) => p.group === 'all' || p.userId === DEFAULT_ACCOUNT),
    );
    assert.equal(everything.length, visible.length);
    assert.ok(everything.length < emu.store.snapshots(REGION).length, 'some snapshots are private to others');

    const amazon = (await c.send(new DescribeSnapshotsCommand({ OwnerIds: ['amazon'] }))).Snapshots ?? [];
    assert.ok(amazon.length > 0);
    for (const s of amazon) assert.equal(s.OwnerAlias, 'amazon');

    const restorableAll = (await c.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ['all'] }))).Snapshots ?? [];
    assert.equal(restorableAll.length, emu.store.snapshots(REGION).filter((s) => s.createVolumePermissions.some((p) => p.group === 'all')).length);

    const sharedWithMe = emu.store.snapshots(REGION).filter((s) => s.ownerId !== DEFAULT_ACCOUNT && s.createVolumePermissions.some((p) => p.userId === DEFAULT_ACCOUNT));
    assert.ok(sharedWithMe.length > 0, 'seed shares some snapshots explicitly');
    const restorableSelf = (await c.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ['self'], OwnerIds: [OTHER_ACCOUNT] }))).Snapshots ?? [];
    assert.deepEqual(restorableSelf.map((s) => s.SnapshotId).sort(), sharedWithMe.filter((s) => s.ownerId === OTHER_ACCOUNT).map((s) => s.snapshotId).sort());
  });

  it('filters and pages', async () => {
    const c = client(emu.url);
    const enc = (await c.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'encrypted', Values: ['true'] }] }))).Snapshots ?? [];
    assert.ok(enc.length > 0);
    for (const s of enc) assert.equal(s.Encrypted, true);
    const all: Snapshot[] = [];
    let pages = 0;
    for await (const page of paginateDescribeSnapshots({ client: c, pageSize: 5 }, { OwnerIds: ['self'] })) {
      pages++;
      all.push(...(page.Snapshots ?? []));
    }
    const unpaged = (await c.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? [];
    assert.ok(pages > 3);
    assert.deepEqual(all.map((s) => s.SnapshotId).sort(), unpaged.map((s) => s.SnapshotId).sort());
  });

  it('errors: malformed id, unknown id, someone else\'s private snapshot, MaxResults with ids, bad MaxResults', async () => {
    const c = client(emu.url);
    assert.equal((await errorOf(c.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-xyz'] })))).name, 'InvalidSnapshotID.Malformed');
    const nf = await errorOf(c.send(new DescribeSnapshotsCommand({ SnapshotIds: ['snap-0123456789abcdef0'] })));
    assert.equal(nf.name, 'InvalidSnapshot.NotFound');
    assert.equal(nf.status, 400);
    const hidden = emu.store.snapshots(REGION).find((s) => s.ownerId !== DEFAULT_ACCOUNT && s.createVolumePermissions.length === 0);
    assert.ok(hidden);
    assert.equal((await errorOf(c.send(new DescribeSnapshotsCommand({ SnapshotIds: [hidden.snapshotId] })))).name, 'InvalidSnapshot.NotFound');
    assert.equal((await errorOf(c.send(new DescribeSnapshotsCommand({ SnapshotIds: [hidden.snapshotId], MaxResults: 5 })))).name, 'InvalidParameterCombination');
    assert.equal((await errorOf(c.send(new DescribeSnapshotsCommand({ MaxResults: 2000 })))).name, 'InvalidParameterValue');
  });
});

describe('emulator: CreateTags / DeleteTags', () => {
  let emu: Emulator;
  let image: EmuImage;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 10 });
    image = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.name !== FIXTURE_NAMES.kitchenSink && i.state === 'available') as EmuImage;
  });
  after(async () => {
    await emu.close();
  });

  const tagsOf = async (imageId: string) => (await client(emu.url).send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images?.[0]?.Tags ?? [];

  it('creates and overwrites tags on images and snapshots, visible to DescribeImages', async () => {
    const snap = image.blockDeviceMappings[0]?.ebs?.snapshotId as string;
    const res = await client(emu.url).send(new CreateTagsCommand({ Resources: [image.imageId, snap], Tags: [{ Key: 'Owner', Value: 'alice & <bob>' }, { Key: 'Empty', Value: '' }] }));
    assert.equal(res.$metadata.httpStatusCode, 200);
    const tags = await tagsOf(image.imageId);
    assert.ok(tags.some((t) => t.Key === 'Owner' && t.Value === 'alice & <bob>'));
    assert.ok(tags.some((t) => t.Key === 'Empty' && t.Value === ''));
    assert.ok(emu.store.getSnapshot(REGION, snap)?.tags.some((t) => t.key === 'Owner'));
    await client(emu.url).send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'Owner', Value: 'carol' }] }));
    const again = await tagsOf(image.imageId);
    assert.equal(again.filter((t) => t.Key === 'Owner').length, 1);
    assert.equal(again.find((t) => t.Key === 'Owner')?.Value, 'carol');
  });

  it('deletes by key, by key and matching value only, and all user tags when no tag is named', async () => {
    const c = client(emu.url);
    await c.send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'A', Value: '1' }, { Key: 'B', Value: '2' }, { Key: 'C', Value: '3' }] }));
    await c.send(new DeleteTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'A' }, { Key: 'B', Value: 'not-2' }] }));
    let tags = await tagsOf(image.imageId);
    assert.ok(!tags.some((t) => t.Key === 'A'));
    assert.ok(tags.some((t) => t.Key === 'B'), 'value did not match, kept');
    await c.send(new DeleteTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'B', Value: '2' }] }));
    tags = await tagsOf(image.imageId);
    assert.ok(!tags.some((t) => t.Key === 'B'));
    await c.send(new DeleteTagsCommand({ Resources: [image.imageId] }));
    assert.deepEqual(await tagsOf(image.imageId), []);
  });

  it('errors: not the owner, unknown / malformed ids, missing parameters, reserved keys, and nothing changes on failure', async () => {
    const c = client(emu.url);
    const shared = emu.store.images(REGION).find((i) => i.ownerId === OTHER_ACCOUNT && i.launchPermissions.some((p) => p.userId === DEFAULT_ACCOUNT)) as EmuImage;
    const before = JSON.stringify(shared.tags);
    const denied = await errorOf(c.send(new CreateTagsCommand({ Resources: [shared.imageId], Tags: [{ Key: 'X', Value: 'y' }] })));
    assert.equal(denied.name, 'UnauthorizedOperation');
    assert.equal(denied.status, 403);
    assert.equal(JSON.stringify(shared.tags), before);
    // The owner may.
    await client(emu.url, { accessKeyId: OTHER_ACCESS_KEY }).send(new CreateTagsCommand({ Resources: [shared.imageId], Tags: [{ Key: 'X', Value: 'y' }] }));
    assert.ok(shared.tags.some((t) => t.key === 'X'));

    const mineBefore = JSON.stringify(image.tags);
    const nf = await errorOf(c.send(new CreateTagsCommand({ Resources: [image.imageId, 'ami-0123456789abcdef0'], Tags: [{ Key: 'Z', Value: 'z' }] })));
    assert.equal(nf.name, 'InvalidAMIID.NotFound');
    assert.equal(JSON.stringify(image.tags), mineBefore, 'atomic: the valid resource was not tagged either');
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: ['snap-0123456789abcdef0'], Tags: [{ Key: 'Z', Value: 'z' }] })))).name, 'InvalidSnapshot.NotFound');
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: ['ami-zz'], Tags: [{ Key: 'Z', Value: 'z' }] })))).name, 'InvalidAMIID.Malformed');
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: ['i-0123456789abcdef0'], Tags: [{ Key: 'Z', Value: 'z' }] })))).name, 'InvalidID');
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [] })))).name, 'MissingParameter');
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: [], Tags: [{ Key: 'Z', Value: 'z' }] })))).name, 'MissingParameter');
    assert.equal((await errorOf(c.send(new CreateTagsCommand({ Resources: [image.imageId], Tags: [{ Key: 'aws:x', Value: 'z' }] })))).name, 'InvalidParameterValue');
    assert.equal((await errorOf(c.send(new DeleteTagsCommand({ Resources: [shared.imageId] })))).name, 'UnauthorizedOperation');
  });

  it('refuses more than 50 tags on a resource', async () => {
    const tags = Array.from({ length: 51 }, (_, n) => ({ Key: `k${n}`, Value: 'v' }));
    const e = await errorOf(client(emu.url).send(new CreateTagsCommand({ Resources: [image.imageId], Tags: tags })));
    assert.equal(e.name, 'TagLimitExceeded');
  });
});

describe('emulator: GetImageAncestry', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ imagesPerRegion: 30 });
  });
  after(async () => {
    await emu.close();
  });

  it('follows SourceImageId across regions back to the root, newest first', async () => {
    const sink = emu.store.images(REGION).find((i) => i.name === FIXTURE_NAMES.kitchenSink) as EmuImage;
    assert.ok(sink.sourceImageId && sink.sourceImageRegion && sink.sourceImageRegion !== REGION, 'kitchen sink is a cross-region copy');
    const res = await client(emu.url).send(new GetImageAncestryCommand({ ImageId: sink.imageId }));
    const entries = res.ImageAncestryEntries ?? [];
    assert.ok(entries.length >= 3, `chain of ${entries.length}`);
    assert.equal(entries[0]?.ImageId, sink.imageId);
    assert.equal(entries[0]?.SourceImageId, sink.sourceImageId);
    assert.equal(entries[0]?.SourceImageRegion, sink.sourceImageRegion);
    assert.ok(entries[0]?.CreationDate instanceof Date);
    assert.equal(entries[0]?.CreationDate?.toISOString(), sink.creationDate);
    for (let n = 1; n < entries.length; n++) {
      assert.equal(entries[n]?.ImageId, entries[n - 1]?.SourceImageId);
      const stored = emu.store.getImage(entries[n - 1]?.SourceImageRegion as string, entries[n]?.ImageId as string);
      assert.ok(stored, 'each source exists in the region named');
    }
    assert.equal(entries[entries.length - 1]?.SourceImageId, undefined, 'the chain ends at a root');
  });

  it('chains of depth 2-3 exist in the seed, some rooted at an Amazon public image with its alias', async () => {
    const chains = emu.store.images(REGION).filter((i) => i.sourceImageId);
    assert.ok(chains.length > 5);
    const rootedAtAmazon = [...['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']]
      .flatMap((r) => emu.store.images(r))
      .find((i) => i.sourceImageId && emu.store.getImage(i.sourceImageRegion as string, i.sourceImageId)?.ownerAlias === 'amazon');
    assert.ok(rootedAtAmazon, 'some copy of an Amazon image');
    const res = await client(emu.url, { region: rootedAtAmazon.region }).send(new GetImageAncestryCommand({ ImageId: rootedAtAmazon.imageId }));
    const last = res.ImageAncestryEntries?.[res.ImageAncestryEntries.length - 1];
    assert.equal(last?.ImageOwnerAlias, 'amazon');
  });

  it('an image without a source is its own one-entry chain; a source gone from the store ends the chain', async () => {
    const root = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && !i.sourceImageId) as EmuImage;
    const one = await client(emu.url).send(new GetImageAncestryCommand({ ImageId: root.imageId }));
    assert.deepEqual(one.ImageAncestryEntries?.map((e) => e.ImageId), [root.imageId]);
    const copy = { ...root, imageId: 'ami-0000000000000e001', sourceImageId: 'ami-0000000000000e999', sourceImageRegion: 'eu-west-1' };
    emu.store.addImage(copy);
    try {
      const res = await client(emu.url).send(new GetImageAncestryCommand({ ImageId: copy.imageId }));
      assert.equal(res.ImageAncestryEntries?.length, 1);
      assert.equal(res.ImageAncestryEntries?.[0]?.SourceImageId, 'ami-0000000000000e999');
    } finally {
      emu.store.removeImage(REGION, copy.imageId);
    }
  });

  it('errors as DescribeImages does for ids', async () => {
    const c = client(emu.url);
    assert.equal((await errorOf(c.send(new GetImageAncestryCommand({ ImageId: 'ami-1' })))).name, 'InvalidAMIID.Malformed');
    assert.equal((await errorOf(c.send(new GetImageAncestryCommand({ ImageId: 'ami-0123456789abcdef0' })))).name, 'InvalidAMIID.NotFound');
    assert.equal((await errorOf(c.send(new GetImageAncestryCommand({} as never)))).name, 'MissingParameter');
  });
});
