/**
 * tree (issue #12): every region at once. The tree provider (with the vscode stub) loads the first
 * page of every region through the real SDK against the emulator, with latency injected: the
 * emulator's request log shows the DescribeImages calls overlapping, all of them by default and
 * never more than the cap when one is set; several profiles resolve in parallel. No timing is
 * asserted: only which calls were in progress together.
 */
import * as assert from 'node:assert/strict';
import { maxOverlap, startEmulator, type Emulator } from '../../emulator';
import type * as ProviderModule from '../../../src/tree/amiTreeProvider';
import type { ProfileNode } from '../../../src/tree/profileNode';
import { defaultHome, makeServices, type AwsHome, type TestServices } from '../aws/helpers';
import { deferred, flush, installVscodeStub, uninstallVscodeStub } from '../support/vscodeStub';
import { FakeAws, fakeServices } from './fakes';
import { ok, type Result } from '../../../src/model/result';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-northeast-1'];

describe('tree: every region at once (issue #12)', function () {
  this.timeout(30_000);
  let AmiTreeProvider: typeof ProviderModule.AmiTreeProvider;
  let emu: Emulator;
  let home: AwsHome;
  let t: TestServices;

  before(async () => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ AmiTreeProvider } = require('../../../src/tree/amiTreeProvider') as typeof ProviderModule);
    emu = await startEmulator({ port: 0, seed: 5, imagesPerRegion: 6, regions: REGIONS.slice(0, 2) });
    home = defaultHome();
    // The service layer lists the configured regions (the extension passes amiExplorer.regions the same way).
    t = makeServices(home, emu.url, { maxAttempts: 1, regions: REGIONS });
  });
  after(async () => {
    uninstallVscodeStub();
    t.services.dispose();
    home.remove();
    await emu.close();
  });
  afterEach(() => emu.faults.reset());

  /** Loads the tree's roots and every region's first page; the DescribeImages calls it made. */
  async function loadTree(settings: Record<string, unknown>): Promise<typeof emu.requests> {
    for (const r of REGIONS) emu.faults.setLatency(r, 150);
    const services = fakeServices(new FakeAws(), { regions: REGIONS, ...settings });
    services.aws = () => t.services;
    const provider = new AmiTreeProvider(services);
    const before = emu.requests.length;
    const roots = await provider.getChildren();
    assert.equal(roots.length, REGIONS.length);
    await provider.whenIdle();
    provider.dispose();
    const calls = emu.requests.slice(before).filter((r) => r.action === 'DescribeImages');
    assert.deepEqual([...new Set(calls.map((c) => c.region))].sort(), [...REGIONS].sort(), 'every region asked');
    return calls;
  }

  it('by default (no cap) every region is requested at once', async () => {
    const calls = await loadTree({});
    assert.equal(calls.length, REGIONS.length);
    assert.equal(maxOverlap(calls), REGIONS.length, 'all DescribeImages in progress together');
  });

  it('a cap of N: never more than N regions in progress, and N are', async () => {
    const calls = await loadTree({ maxConcurrentRegions: 3 });
    assert.equal(maxOverlap(calls), 3);
  });

  it('several profiles resolve in parallel: each checks its credentials before any answer came', async () => {
    const aws = new FakeAws();
    const held = [deferred<Result<{ accountId?: string }>>(), deferred<Result<{ accountId?: string }>>()];
    let n = 0;
    aws.credentials = () => (held[n++] ?? held[0]!).promise;
    const provider = new AmiTreeProvider(fakeServices(aws, { profiles: ['a', 'b'] }));
    const roots = (await provider.getChildren()) as ProfileNode[];
    assert.deepEqual(roots.map((r) => r.profile), ['a', 'b']);
    await flush();
    assert.equal(aws.count('checkCredentials'), 2, 'both profiles asked, without VS Code expanding either');
    for (const d of held) d.resolve(ok({ accountId: '123456789012' }));
    await provider.whenIdle();
    assert.equal(aws.count('listRegions'), 2);
    assert.equal(aws.count('listImages'), 4, 'two regions of each profile');
    provider.dispose();
  });
});
