/**
 * The service layer's GetAllowedImagesSettings (issue #11) against the emulator through the real
 * SDK: the seeded states and criteria mapped to the model, every criterion field, an access-denied
 * fault as a typed failure naming the action, and an aborted call as cancelled.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import type { ImageOperations } from '../../../src/aws/types';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from './helpers';

describe('aws/images: GetAllowedImagesSettings', function () {
  this.timeout(30000);
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let ops: ImageOperations;

  before(async () => {
    emu = await startEmulator({ seed: 5, imagesPerRegion: 5, regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] });
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

  it('reads the seeded settings: audit mode, enabled, disabled', async () => {
    assert.deepEqual(unwrap(await ops.getAllowedImagesSettings('eu-west-1')), { state: 'audit-mode', criteria: [{ imageProviders: ['amazon', DEFAULT_ACCOUNT] }], managedBy: 'account' });
    assert.deepEqual(unwrap(await ops.getAllowedImagesSettings('ap-southeast-2')), {
      state: 'enabled',
      criteria: [{ imageProviders: ['amazon', 'aws-marketplace', OTHER_ACCOUNT] }],
      managedBy: 'account',
    });
    assert.deepEqual(unwrap(await ops.getAllowedImagesSettings('us-east-1')), { state: 'disabled', criteria: [], managedBy: 'account' });
  });

  it('maps every criterion field and a declarative policy', async () => {
    emu.store.setAllowedImagesSettings(DEFAULT_ACCOUNT, 'us-east-1', {
      state: 'enabled',
      managedBy: 'declarative-policy',
      imageCriteria: [
        { imageNames: ['al2023-*'], marketplaceProductCodes: ['abc123'] },
        { maximumDaysSinceCreated: 300, maximumDaysSinceDeprecated: 30, imageWatermarkKeys: ['123456789012:approved'], maxDaysSinceLastFindingScan: 7 },
      ],
    });
    assert.deepEqual(unwrap(await ops.getAllowedImagesSettings('us-east-1')), {
      state: 'enabled',
      managedBy: 'declarative-policy',
      criteria: [
        { imageNames: ['al2023-*'], marketplaceProductCodes: ['abc123'] },
        { maximumDaysSinceCreated: 300, maximumDaysSinceDeprecated: 30, imageWatermarkKeys: ['123456789012:approved'], maxDaysSinceLastFindingScan: 7 },
      ],
    });
  });

  it('access denied: a typed failure naming ec2:GetAllowedImagesSettings, never a throw', async () => {
    emu.faults.denyAction('GetAllowedImagesSettings');
    const denied = await ops.getAllowedImagesSettings('eu-west-1');
    assert.ok(!denied.ok);
    assert.equal(denied.error.kind, 'accessDenied');
    assert.equal(denied.error.action, 'ec2:GetAllowedImagesSettings');
    assert.equal(denied.error.region, 'eu-west-1');
  });

  it('an aborted call is cancelled and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = emu.requests.length;
    const r = await ops.getAllowedImagesSettings('eu-west-1', controller.signal);
    assert.ok(!r.ok && r.error.kind === 'cancelled');
    assert.equal(emu.requests.length, before);
  });
});
