/** The emulator's Recycle Bin and image usage reports through the real SDK (wt/bin). */
import * as assert from 'node:assert/strict';
import {
  CreateImageUsageReportCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeImageUsageReportEntriesCommand,
  DescribeImageUsageReportsCommand,
  ListImagesInRecycleBinCommand,
  ListSnapshotsInRecycleBinCommand,
  RestoreImageFromRecycleBinCommand,
  RestoreSnapshotFromRecycleBinCommand,
} from '@aws-sdk/client-ec2';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type EmuImage, type Emulator } from '../../emulator/index';
import { RECYCLED_NAMES, RETENTION_DAYS } from '../../emulator/recycleBinSeed';
import { FIXTURE_NAMES } from '../../emulator/seed';
import { client, errorOf, OTHER_ACCESS_KEY } from './helpers';

const REGION = 'us-east-1';
const DAY = 86_400_000;
/** Deregistration protection refuses DeregisterImage: these tests take an image without it. */
const unprotected = (i: EmuImage): boolean => (i.deregistrationProtection ?? 'disabled') === 'disabled';

describe('emulator: Recycle Bin and image usage reports', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ imagesPerRegion: 10, seed: 3, regions: [REGION, 'us-west-2', 'eu-west-1'] });
  });
  afterEach(async () => {
    await emu.close();
  });

  it('seeds rules in the first two regions and three binned images in the first', async () => {
    assert.deepEqual(emu.store.getRetentionRule(DEFAULT_ACCOUNT, REGION), { days: RETENTION_DAYS });
    assert.ok(emu.store.getRetentionRule(DEFAULT_ACCOUNT, 'us-west-2'));
    assert.equal(emu.store.getRetentionRule(DEFAULT_ACCOUNT, 'eu-west-1'), undefined);
    const out = await client(emu.url).send(new ListImagesInRecycleBinCommand({}));
    assert.deepEqual(out.Images?.map((i) => i.Name).sort(), Object.values(RECYCLED_NAMES).sort());
    const one = out.Images?.[0];
    assert.ok(one?.RecycleBinEnterTime instanceof Date && one.RecycleBinExitTime instanceof Date);
    assert.equal(one.RecycleBinExitTime.getTime() - one.RecycleBinEnterTime.getTime(), RETENTION_DAYS * DAY);
  });

  it('DeregisterImage under a rule: listed in the bin until its exit time; RestoreImageFromRecycleBin brings it back available', async () => {
    const image = emu.store.images(REGION).find((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && unprotected(i))!;
    const ec2 = client(emu.url);
    await ec2.send(new DeregisterImageCommand({ ImageId: image.imageId }));
    const listed = await ec2.send(new ListImagesInRecycleBinCommand({ ImageIds: [image.imageId] }));
    assert.deepEqual(listed.Images?.map((i) => [i.ImageId, i.Name]), [[image.imageId, image.name]]);
    await ec2.send(new RestoreImageFromRecycleBinCommand({ ImageId: image.imageId }));
    const back = await ec2.send(new DescribeImagesCommand({ ImageIds: [image.imageId] }));
    assert.equal(back.Images?.[0]?.State, 'available');
    assert.equal((await errorOf(ec2.send(new RestoreImageFromRecycleBinCommand({ ImageId: image.imageId })))).name, 'InvalidAMIID.NotFound', 'restored already');
  });

  it('without a rule the image is gone; a passed retention is gone too', async () => {
    const ec2 = client(emu.url, { region: 'eu-west-1' });
    const image = emu.store.images('eu-west-1').find((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && unprotected(i))!;
    await ec2.send(new DeregisterImageCommand({ ImageId: image.imageId }));
    assert.deepEqual((await ec2.send(new ListImagesInRecycleBinCommand({}))).Images, []);
    assert.equal((await errorOf(ec2.send(new RestoreImageFromRecycleBinCommand({ ImageId: image.imageId })))).name, 'InvalidAMIID.NotFound');
    emu.store.putImageInBin({ ...image, imageId: 'ami-00000000000000001' }, Date.now() - 2 * DAY, Date.now() - DAY);
    assert.deepEqual((await ec2.send(new ListImagesInRecycleBinCommand({}))).Images, []);
  });

  it('paging: MaxResults and NextToken; ImageIds with MaxResults is refused', async () => {
    const ec2 = client(emu.url);
    const first = await ec2.send(new ListImagesInRecycleBinCommand({ MaxResults: 2 }));
    assert.equal(first.Images?.length, 2);
    assert.ok(first.NextToken);
    const second = await ec2.send(new ListImagesInRecycleBinCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(second.Images?.length, 1);
    assert.equal(second.NextToken, undefined);
    assert.equal((await errorOf(ec2.send(new ListImagesInRecycleBinCommand({ ImageIds: ['ami-00000000000000001'], MaxResults: 5 })))).name, 'InvalidParameterCombination');
    assert.equal((await errorOf(ec2.send(new ListImagesInRecycleBinCommand({ NextToken: 'forged' })))).name, 'InvalidPaginationToken');
  });

  it('snapshots: listed, restored, refused when not in the bin; other accounts see none', async () => {
    const ec2 = client(emu.url);
    const snaps = (await ec2.send(new ListSnapshotsInRecycleBinCommand({}))).Snapshots ?? [];
    assert.ok(snaps.length > 0);
    const id = snaps[0]!.SnapshotId!;
    const restored = await ec2.send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: id }));
    assert.equal(restored.SnapshotId, id);
    assert.equal(restored.State, 'completed');
    assert.ok(emu.store.getSnapshot(REGION, id));
    assert.equal((await errorOf(ec2.send(new RestoreSnapshotFromRecycleBinCommand({ SnapshotId: id })))).name, 'InvalidSnapshot.NotFound');
    const other = client(emu.url, { accessKeyId: OTHER_ACCESS_KEY });
    assert.deepEqual((await other.send(new ListSnapshotsInRecycleBinCommand({}))).Snapshots, []);
    assert.deepEqual((await other.send(new ListImagesInRecycleBinCommand({}))).Images, []);
  });

  it('usage report: pending, then available with the seeded entries; entries filtered and paged', async () => {
    emu.store.setUsageReportDelay(300);
    const ec2 = client(emu.url);
    const sink = emu.store.images(REGION).find((i) => i.name === FIXTURE_NAMES.kitchenSink)!;
    const { ReportId } = await ec2.send(new CreateImageUsageReportCommand({ ImageId: sink.imageId, ResourceTypes: [{ ResourceType: 'ec2:Instance' }, { ResourceType: 'ec2:LaunchTemplate' }] }));
    assert.match(ReportId ?? '', /^amiur-[0-9a-f]{17}$/);
    const pending = await ec2.send(new DescribeImageUsageReportsCommand({ ReportIds: [ReportId!] }));
    assert.equal(pending.ImageUsageReports?.[0]?.State, 'pending');
    assert.deepEqual(pending.ImageUsageReports?.[0]?.ResourceTypes?.map((t) => t.ResourceType), ['ec2:Instance', 'ec2:LaunchTemplate']);
    assert.deepEqual((await ec2.send(new DescribeImageUsageReportEntriesCommand({ ReportIds: [ReportId!] }))).ImageUsageReportEntries, []);
    await new Promise((r) => setTimeout(r, 350));
    assert.equal((await ec2.send(new DescribeImageUsageReportsCommand({ ImageIds: [sink.imageId] }))).ImageUsageReports?.[0]?.State, 'available');
    const all = (await ec2.send(new DescribeImageUsageReportEntriesCommand({ ReportIds: [ReportId!] }))).ImageUsageReportEntries ?? [];
    assert.equal(all.length, 3);
    const other = all.filter((e) => e.AccountId === OTHER_ACCOUNT).map((e) => [e.ResourceType, e.UsageCount]);
    assert.deepEqual(other, [['ec2:Instance', 3], ['ec2:LaunchTemplate', 1]]);
    assert.ok(all.every((e) => e.ImageId === sink.imageId && e.ReportId === ReportId && e.ReportCreationTime instanceof Date));
    const filtered = await ec2.send(new DescribeImageUsageReportEntriesCommand({ ReportIds: [ReportId!], Filters: [{ Name: 'resource-type', Values: ['ec2:LaunchTemplate'] }] }));
    assert.equal(filtered.ImageUsageReportEntries?.length, 1);
    const page1 = await ec2.send(new DescribeImageUsageReportEntriesCommand({ ReportIds: [ReportId!], MaxResults: 2 }));
    assert.equal(page1.ImageUsageReportEntries?.length, 2);
    const page2 = await ec2.send(new DescribeImageUsageReportEntriesCommand({ ReportIds: [ReportId!], MaxResults: 2, NextToken: page1.NextToken }));
    assert.equal(page2.ImageUsageReportEntries?.length, 1);
  });

  it('usage report refusals: not the owner, unknown image, bad resource type, unknown report', async () => {
    const ec2 = client(emu.url);
    const sink = emu.store.images(REGION).find((i) => i.name === FIXTURE_NAMES.kitchenSink)!;
    const other = client(emu.url, { accessKeyId: OTHER_ACCESS_KEY });
    assert.equal((await errorOf(other.send(new CreateImageUsageReportCommand({ ImageId: sink.imageId, ResourceTypes: [{ ResourceType: 'ec2:Instance' }] })))).name, 'AuthFailure');
    assert.equal((await errorOf(ec2.send(new CreateImageUsageReportCommand({ ImageId: 'ami-00000000000000001', ResourceTypes: [{ ResourceType: 'ec2:Instance' }] })))).name, 'InvalidAMIID.NotFound');
    assert.equal((await errorOf(ec2.send(new CreateImageUsageReportCommand({ ImageId: sink.imageId, ResourceTypes: [{ ResourceType: 'ec2:Volume' }] })))).name, 'InvalidParameterValue');
    assert.equal((await errorOf(ec2.send(new DescribeImageUsageReportsCommand({ ReportIds: ['amiur-00000000000000001'] })))).name, 'InvalidImageUsageReportId.NotFound');
  });
});
