/**
 * The emulator's Allowed AMIs (issue #11) through the real SDK: GetAllowedImagesSettings per
 * account and region as seeded, ImageAllowed in DescribeImages (absent while disabled, computed in
 * audit mode, listings filtered when enabled, own images always allowed), the image-allowed
 * filter, every criterion field on the wire, and the seeded lastLaunchedTime values.
 */
import * as assert from 'node:assert/strict';
import { DescribeImagesCommand, GetAllowedImagesSettingsCommand, type Image } from '@aws-sdk/client-ec2';
import { ALLOWED_IMAGES_SEED, DEFAULT_ACCOUNT, OTHER_ACCOUNT, meetsCriterion, startEmulator, type Emulator, type EmuImage } from '../../emulator/index';
import { client, OTHER_ACCESS_KEY } from './helpers';

async function describeAll(emu: Emulator, region: string, input: ConstructorParameters<typeof DescribeImagesCommand>[0] = {}): Promise<Image[]> {
  const out = await client(emu.url, { region }).send(new DescribeImagesCommand(input));
  return out.Images ?? [];
}

describe('emulator/Allowed AMIs', function () {
  this.timeout(30000);
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 7, imagesPerRegion: 20 });
  });
  after(async () => {
    await emu.close();
  });
  afterEach(() => emu.reseed());

  it('GetAllowedImagesSettings answers the seeded table per region, and disabled elsewhere and for other accounts', async () => {
    assert.deepEqual(Object.keys(ALLOWED_IMAGES_SEED).sort(), ['ap-southeast-2', 'eu-west-1']);
    const audit = await client(emu.url, { region: 'eu-west-1' }).send(new GetAllowedImagesSettingsCommand({}));
    assert.equal(audit.State, 'audit-mode');
    assert.deepEqual(audit.ImageCriteria, [{ ImageProviders: ['amazon', DEFAULT_ACCOUNT] }]);
    assert.equal(audit.ManagedBy, 'account');
    const enabled = await client(emu.url, { region: 'ap-southeast-2' }).send(new GetAllowedImagesSettingsCommand({}));
    assert.equal(enabled.State, 'enabled');
    assert.deepEqual(enabled.ImageCriteria, [{ ImageProviders: ['amazon', 'aws-marketplace', OTHER_ACCOUNT] }]);
    const disabled = await client(emu.url, { region: 'us-east-1' }).send(new GetAllowedImagesSettingsCommand({}));
    assert.equal(disabled.State, 'disabled');
    assert.deepEqual(disabled.ImageCriteria ?? [], []);
    const other = await client(emu.url, { region: 'eu-west-1', accessKeyId: OTHER_ACCESS_KEY }).send(new GetAllowedImagesSettingsCommand({}));
    assert.equal(other.State, 'disabled', 'settings are per account');
  });

  it('renders every criterion field, and the manager, so the SDK reads them back', async () => {
    emu.store.setAllowedImagesSettings(DEFAULT_ACCOUNT, 'us-east-1', {
      state: 'enabled',
      managedBy: 'declarative-policy',
      imageCriteria: [
        { imageProviders: ['amazon'], imageNames: ['al2023-*', '<x & "y">'], marketplaceProductCodes: ['abc123'] },
        { maximumDaysSinceCreated: 300, maximumDaysSinceDeprecated: 30, imageWatermarkKeys: ['123456789012:approved'], maxDaysSinceLastFindingScan: 7 },
      ],
    });
    const out = await client(emu.url, { region: 'us-east-1' }).send(new GetAllowedImagesSettingsCommand({}));
    assert.equal(out.ManagedBy, 'declarative-policy');
    assert.deepEqual(out.ImageCriteria, [
      { ImageProviders: ['amazon'], ImageNames: ['al2023-*', '<x & "y">'], MarketplaceProductCodes: ['abc123'] },
      {
        CreationDateCondition: { MaximumDaysSinceCreated: 300 },
        DeprecationTimeCondition: { MaximumDaysSinceDeprecated: 30 },
        ImageWatermarks: [{ WatermarkKey: '123456789012:approved' }],
        ScanResultCondition: { MaxDaysSinceLastFindingScan: 7 },
      },
    ]);
  });

  it('disabled region: ImageAllowed is absent, also on the record that stores one', async () => {
    const images = await describeAll(emu, 'us-east-1', { IncludeDeprecated: true });
    assert.ok(images.length > 50);
    assert.ok(images.every((i) => i.ImageAllowed === undefined));
    assert.ok(emu.store.images('us-east-1').some((i) => i.imageAllowed === true), 'the kitchen-sink record stores true');
  });

  it('audit mode: every image listed; ImageAllowed true for Amazon and my own, false for the others', async () => {
    const images = await describeAll(emu, 'eu-west-1', { IncludeDeprecated: true });
    const visible = emu.store.images('eu-west-1').length;
    assert.ok(images.length > 50 && images.length <= visible);
    let allowed = 0;
    let blocked = 0;
    for (const i of images) {
      const expected = i.OwnerId === DEFAULT_ACCOUNT || i.ImageOwnerAlias === 'amazon';
      assert.equal(i.ImageAllowed, expected, `${i.ImageId} owner ${i.OwnerId} alias ${i.ImageOwnerAlias}`);
      if (expected) allowed++;
      else blocked++;
    }
    assert.ok(allowed > 0 && blocked > 0, `${allowed} allowed, ${blocked} not`);
    assert.ok(images.some((i) => i.OwnerId === OTHER_ACCOUNT && i.ImageAllowed === false), 'a shared image of another account is not allowed');
  });

  it('the image-allowed filter follows the computed value', async () => {
    const all = await describeAll(emu, 'eu-west-1', { IncludeDeprecated: true });
    const notAllowed = await describeAll(emu, 'eu-west-1', { IncludeDeprecated: true, Filters: [{ Name: 'image-allowed', Values: ['false'] }] });
    const allowed = await describeAll(emu, 'eu-west-1', { IncludeDeprecated: true, Filters: [{ Name: 'image-allowed', Values: ['true'] }] });
    assert.deepEqual(notAllowed.map((i) => i.ImageId).sort(), all.filter((i) => i.ImageAllowed === false).map((i) => i.ImageId).sort());
    assert.equal(notAllowed.length + allowed.length, all.length);
    assert.ok(notAllowed.length > 0);
    const none = await describeAll(emu, 'us-east-1', { Filters: [{ Name: 'image-allowed', Values: ['true', 'false'] }] });
    assert.equal(none.length, 0, 'disabled: no image has the field, so the filter matches none');
  });

  it('enabled: listings show only allowed images (and mine); an image named by id is answered with ImageAllowed false', async () => {
    const region = 'ap-southeast-2';
    const listed = await describeAll(emu, region, { IncludeDeprecated: true });
    assert.ok(listed.length > 0 && listed.every((i) => i.ImageAllowed === true));
    assert.ok(listed.some((i) => i.OwnerId === DEFAULT_ACCOUNT), 'my own images are always listed');
    assert.ok(listed.some((i) => i.OwnerId === OTHER_ACCOUNT), 'the allowed provider account is listed');
    // What audit mode would have shown: the difference is what enabled hides.
    emu.store.setAllowedImagesSettings(DEFAULT_ACCOUNT, region, { state: 'audit-mode' });
    const audited = await describeAll(emu, region, { IncludeDeprecated: true });
    const hidden = audited.filter((i) => i.ImageAllowed === false);
    assert.ok(hidden.length > 0, 'some images are not allowed');
    assert.equal(listed.length, audited.length - hidden.length);
    emu.store.setAllowedImagesSettings(DEFAULT_ACCOUNT, region, { state: 'enabled' });
    const byId = await describeAll(emu, region, { ImageIds: [hidden[0]?.ImageId as string] });
    assert.equal(byId.length, 1);
    assert.equal(byId[0]?.ImageAllowed, false);
  });

  it('criteria: each field must hold; one criterion of several is enough', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const base: EmuImage = emu.store.images('us-east-1').find((i) => i.ownerAlias === 'amazon') as EmuImage;
    assert.ok(base);
    const img = (extra: Partial<EmuImage>): EmuImage => ({ ...base, ...extra });
    assert.ok(meetsCriterion(img({}), { imageProviders: ['amazon'] }, now));
    assert.ok(!meetsCriterion(img({ ownerAlias: undefined, ownerId: '999999999999' }), { imageProviders: ['amazon'] }, now));
    assert.ok(meetsCriterion(img({ ownerAlias: undefined, ownerId: '999999999999' }), { imageProviders: ['999999999999'] }, now));
    assert.ok(meetsCriterion(img({ name: 'al2023-ami-1' }), { imageNames: ['al2023-*'] }, now));
    assert.ok(!meetsCriterion(img({ name: 'ubuntu' }), { imageProviders: ['amazon'], imageNames: ['al2023-*'] }, now), 'every field of a criterion');
    assert.ok(meetsCriterion(img({ creationDate: '2025-12-01T00:00:00Z' }), { maximumDaysSinceCreated: 31 }, now));
    assert.ok(!meetsCriterion(img({ creationDate: '2025-01-01T00:00:00Z' }), { maximumDaysSinceCreated: 31 }, now));
    assert.ok(meetsCriterion(img({ deprecationTime: '2025-12-25T00:00:00Z' }), { maximumDaysSinceDeprecated: 10 }, now));
    assert.ok(!meetsCriterion(img({ deprecationTime: '2025-10-01T00:00:00Z' }), { maximumDaysSinceDeprecated: 10 }, now));
    assert.ok(meetsCriterion(img({ deprecationTime: '2027-01-01T00:00:00Z' }), { maximumDaysSinceDeprecated: 0 }, now), 'not deprecated yet');
    assert.ok(!meetsCriterion(img({ productCodes: [] }), { marketplaceProductCodes: ['abc'] }, now));
    assert.ok(meetsCriterion(img({ productCodes: [{ productCodeId: 'abc', productCodeType: 'marketplace' }] }), { marketplaceProductCodes: ['abc'] }, now));
    assert.ok(!meetsCriterion(img({ watermarks: [] }), { imageWatermarkKeys: ['k'] }, now));
    assert.ok(!meetsCriterion(img({ scanResults: { findingScanDate: '2025-01-01T00:00:00Z' } }), { maxDaysSinceLastFindingScan: 7 }, now));
  });

  it('seeds lastLaunchedTime on some owned images in every generated region (the clean-up report relies on them)', () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']) {
      const owned = emu.store.images(region).filter((i) => i.ownerId === DEFAULT_ACCOUNT);
      const launched = owned.filter((i) => i.lastLaunchedTime !== undefined);
      assert.ok(launched.length >= 2 && launched.length < owned.length, `${region}: ${launched.length} of ${owned.length}`);
    }
  });
});
