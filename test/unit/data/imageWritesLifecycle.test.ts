/**
 * Lifecycle writes through ImageWrites, the real service layer and SDK against the emulator: each
 * write is read back and announced once with its fields (a deregistration as `removed`); refusals
 * announce nothing; a lost response is settled by a re-read; the lifecycle subject reads references
 * (or says why it could not).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT, startEmulator, type Emulator } from '../../emulator';
import { LIFECYCLE_CODES } from '../../../src/aws/lifecycle';
import { readLifecycleSubject } from '../../../src/data/lifecycleChecks';
import { ImageWrites } from '../../../src/data/imageWrites';
import type { ImageChange } from '../../../src/model/changes';
import type { AmiRef } from '../../../src/model/image';
import { addShareableImage } from '../emulator/helpers';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from '../aws/helpers';

const REGION = 'us-east-1';
const DAY = 24 * 60 * 60 * 1000;

describe('data/imageWrites (lifecycle)', function () {
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let announced: ImageChange[];
  let writes: ImageWrites;

  before(async () => {
    emu = await startEmulator({ port: 0, seed: 12, imagesPerRegion: 8, regions: [REGION] });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.requests.length = 0;
    home = defaultHome();
    t = makeServices(home, emu.url);
    announced = [];
    const log = { info: () => undefined, warn: () => undefined } as never;
    writes = new ImageWrites({ aws: () => t.services, announce: (c) => announced.push(c), log }, { delays: [10, 20, 40], sleep: () => Promise.resolve() });
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const fresh = (opts: Parameters<typeof addShareableImage>[2] = { ownerId: DEFAULT_ACCOUNT }): { ref: AmiRef; snapshotIds: string[] } => {
    const { imageId, snapshotIds } = addShareableImage(emu.store, REGION, opts);
    return { ref: { region: REGION, imageId }, snapshotIds };
  };

  it('deregisters with snapshots: removed announced once, each snapshot result returned', async () => {
    const { ref, snapshotIds } = fresh({ ownerId: DEFAULT_ACCOUNT, volumes: [{}, {}] });
    const out = unwrap(await writes.deregister(ref, { deleteSnapshots: true }));
    assert.deepEqual(announced.map((c) => c.kind), ['removed']);
    assert.deepEqual(out.snapshots.map((s) => s.returnCode), ['success', 'success']);
    for (const s of snapshotIds) assert.equal(emu.store.getSnapshot(REGION, s), undefined);
  });

  it('protection refuses: the typed failure, nothing announced, the image and snapshots stay', async () => {
    const { ref, snapshotIds } = fresh();
    emu.store.modifyImage(REGION, ref.imageId, { deregistrationProtection: 'enabled' });
    const r = await writes.deregister(ref, { deleteSnapshots: true });
    assert.ok(!r.ok && r.error.code === LIFECYCLE_CODES.protected);
    assert.equal(announced.length, 0);
    assert.ok(emu.store.getImage(REGION, ref.imageId));
    assert.ok(emu.store.getSnapshot(REGION, snapshotIds[0] as string));
  });

  it('a lost DeregisterImage response is settled by the re-read (gone: removed, snapshots unknown)', async () => {
    const { ref } = fresh();
    emu.faults.dropAfterNextMutation(1);
    const out = unwrap(await writes.deregister(ref, { deleteSnapshots: true }));
    assert.equal(out.snapshotsUnknown, true);
    assert.deepEqual(announced.map((c) => c.kind), ['removed']);
    assert.equal(emu.requests.filter((r) => r.action === 'DeregisterImage').length, 1, 'sent once');
  });

  it('protection on/off, deprecation set/cancelled, disable/enable: each announces its fields with the re-read image', async () => {
    const { ref } = fresh({ ownerId: DEFAULT_ACCOUNT, launchPermissions: [{ userId: OTHER_ACCOUNT }] });
    const last = (): ImageChange | undefined => announced.at(-1);
    unwrap(await writes.enableDeregistrationProtection(ref, true));
    assert.deepEqual(last()?.kind === 'updated' && [last()?.kind, (last() as { fields: readonly string[] }).fields], ['updated', ['deregistrationProtection']]);
    assert.equal((last() as { image: { deregistrationProtection?: string } }).image.deregistrationProtection, 'enabled-with-cooldown');
    unwrap(await writes.disableDeregistrationProtection(ref));
    assert.match((last() as { image: { deregistrationProtection?: string } }).image.deregistrationProtection ?? '', /^disabled-until /);
    const at = new Date(Date.now() + 40 * DAY);
    unwrap(await writes.enableDeprecation(ref, at));
    assert.deepEqual((last() as { fields: readonly string[] }).fields, ['deprecationTime']);
    unwrap(await writes.disableDeprecation(ref));
    assert.equal((last() as { image: { deprecationTime?: string } }).image.deprecationTime, undefined);
    unwrap(await writes.disableImage(ref));
    assert.deepEqual((last() as { fields: readonly string[] }).fields, ['state', 'launchPermission', 'public']);
    assert.equal((last() as { image: { state: string } }).image.state, 'disabled', 'read back although EC2 hides disabled images by default');
    unwrap(await writes.enableImage(ref));
    assert.equal((last() as { image: { state: string } }).image.state, 'available');
    assert.equal(announced.length, 6);
  });

  it('a refused deprecation (past) announces nothing', async () => {
    const { ref } = fresh();
    const r = await writes.enableDeprecation(ref, new Date(Date.now() - DAY));
    assert.ok(!r.ok && r.error.kind === 'invalidInput');
    assert.equal(announced.length, 0);
  });

  it('the lifecycle subject: protection parsed, the references read, and when they cannot be read the reason instead of a failure', async () => {
    const { ref } = fresh();
    emu.store.modifyImage(REGION, ref.imageId, { deregistrationProtection: 'enabled-with-cooldown' });
    const s = unwrap(await readLifecycleSubject({ aws: () => t.services }, ref, 'Deregister', { withReferences: true }));
    assert.deepEqual(s.protection, { kind: 'on', cooldown: true });
    assert.equal(s.referencesError, undefined);
    assert.deepEqual(s.references, [], 'a fresh image nothing refers to');
    emu.faults.denyAction('DescribeImageReferences');
    const denied = unwrap(await readLifecycleSubject({ aws: () => t.services }, ref, 'Deregister', { withReferences: true }));
    assert.match(denied.referencesError ?? '', /denied|not authorized/i);
  });
});
