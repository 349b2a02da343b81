/**
 * The creations' write path (src/data/creationWrites.ts) through the real service layer and SDK
 * against the emulator: a copy announces `added` for the new image (target region, same profile)
 * once EC2 lists it and `updated` (state) once it is available; the same copy form reuses its
 * ClientToken (a second send answers the same copy), another form gets a new one; invalid forms
 * send nothing.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ACCOUNT, LOOSE_SNAPSHOTS, startEmulator, type Emulator } from '../../emulator';
import { WAIT_AVAILABLE } from '../../../src/aws/creation';
import { CreationWrites } from '../../../src/data/creationWrites';
import { ImageWrites } from '../../../src/data/imageWrites';
import type { ImageChange } from '../../../src/model/changes';
import type { CopyForm } from '../../../src/model/imageCreation';
import { addShareableImage } from '../emulator/helpers';
import { defaultHome, makeServices, unwrap, type AwsHome, type TestServices } from '../aws/helpers';

const SOURCE = 'us-east-1';
const TARGET = 'eu-west-1';

describe('data/creationWrites', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;
  let announced: ImageChange[];
  let creation: CreationWrites;
  let tokens: number;
  const saved = { ...WAIT_AVAILABLE };
  let run = 0;

  before(async () => {
    emu = await startEmulator({ seed: 12, imagesPerRegion: 5, regions: [SOURCE, TARGET] });
    Object.assign(WAIT_AVAILABLE, { minDelay: 1, maxDelay: 1, maxWaitTime: 20 });
  });
  after(async () => {
    Object.assign(WAIT_AVAILABLE, saved);
    await emu.close();
  });
  beforeEach(() => {
    emu.faults.reset();
    emu.store.setImageTiming({ pendingMs: 800 });
    home = defaultHome();
    t = makeServices(home, emu.url);
    announced = [];
    tokens = 0;
    run++;
    const log = { info: () => undefined, warn: () => undefined } as never;
    const services = { aws: () => t.services, announce: (c: ImageChange) => announced.push(c), log };
    const writes = new ImageWrites(services, { delays: [10, 20, 40], sleep: () => Promise.resolve() });
    // Tokens are unique per test run: EC2 (and the emulator) remember them per account and region.
    creation = new CreationWrites(services, writes, () => `token-${run}-${++tokens}`);
  });
  afterEach(() => {
    t.services.dispose();
    home.remove();
  });

  const form = (name: string, patch: Partial<CopyForm> = {}): CopyForm => {
    const { imageId } = addShareableImage(emu.store, SOURCE, { ownerId: DEFAULT_ACCOUNT, name: `${name}-src` });
    return { sourceRegion: SOURCE, sourceImageId: imageId, targetRegion: TARGET, name, description: '', encryption: { kind: 'keep' }, copyTags: false, ...patch };
  };

  it('a copy announces `added` (pending, in the target region) and then `updated` state once available', async () => {
    const f = form(`copy-${Date.now()}`);
    const started = unwrap(await creation.copy(undefined, f));
    assert.equal(started.ref.region, TARGET);
    assert.equal(started.recovered, false);
    assert.equal(announced.length, 1);
    const added = announced[0];
    assert.ok(added?.kind === 'added');
    assert.equal(added.ref.imageId, started.ref.imageId);
    assert.equal(added.image.state, 'pending');
    unwrap(await creation.waitUntilAvailable(started.ref));
    const updated = announced[1];
    assert.ok(updated?.kind === 'updated');
    assert.deepEqual(updated.fields, ['state']);
    assert.equal(updated.image.state, 'available');
    assert.equal(announced.length, 2);
  });

  it('the same form keeps its ClientToken (sending it again answers the same copy); another form gets a new one', async () => {
    const f = form(`token-${Date.now()}`);
    const first = unwrap(await creation.copy(undefined, f));
    const again = unwrap(await creation.copy(undefined, { ...f }));
    assert.equal(again.ref.imageId, first.ref.imageId);
    assert.equal(emu.store.images(TARGET).filter((i) => i.name === f.name).length, 1);
    const tokensSent = emu.requests.filter((r) => r.action === 'CopyImage' && r.params.Name === f.name).map((r) => r.params.ClientToken);
    assert.deepEqual(tokensSent, [`token-${run}-1`, `token-${run}-1`]);
    assert.notEqual(creation.copyToken(undefined, { ...f, description: 'other' }), `token-${run}-1`);
    assert.notEqual(creation.copyToken('other-profile', f), `token-${run}-1`);
  });

  it('an invalid form sends nothing; register and create forms are validated too', async () => {
    const n = emu.requests.length;
    const bad = await creation.copy(undefined, form('x'));
    assert.ok(!bad.ok && bad.error.kind === 'invalidInput' && /Nothing was sent/.test(bad.error.message));
    const root = emu.store.snapshots(SOURCE).find((s) => s.description === LOOSE_SNAPSHOTS.root)!.snapshotId;
    const reg = await creation.register(undefined, { region: SOURCE, name: 'ok-name', description: '', rootSnapshotId: root, rootDeviceName: 'bad', architecture: 'x86_64', enaSupport: true, extraVolumes: [] });
    assert.ok(!reg.ok && reg.error.kind === 'invalidInput');
    const created = await creation.create(undefined, { region: SOURCE, instanceId: 'i-0123456789abcdef0', name: '??', description: '', noReboot: true, tags: {} });
    assert.ok(!created.ok && created.error.kind === 'invalidInput');
    assert.equal(emu.requests.length, n);
    assert.equal(announced.length, 0);
  });
});
