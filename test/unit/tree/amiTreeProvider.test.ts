/**
 * The tree provider against a fake service layer: a refresh during profile resolution keeps the
 * newer profiles, image-only settings reload the images without resolving credentials or regions
 * again, and a failure reaching the provider is logged redacted.
 */
import * as assert from 'node:assert/strict';
import { Keys } from '../../../src/config';
import type * as ProviderModule from '../../../src/tree/amiTreeProvider';
import type { ProfileNode } from '../../../src/tree/profileNode';
import type { TreeNode } from '../../../src/tree/treeNode';
import { deferred, flush, installVscodeStub, logLines, uninstallVscodeStub } from '../support/vscodeStub';
import { FakeAws, fakeServices, image } from './fakes';

describe('tree/amiTreeProvider', () => {
  let AmiTreeProvider: typeof ProviderModule.AmiTreeProvider;

  before(() => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ AmiTreeProvider } = require('../../../src/tree/amiTreeProvider') as typeof ProviderModule);
  });
  after(() => uninstallVscodeStub());

  const profileNodes = (p: unknown): ProfileNode[] => (p as { profileNodes: ProfileNode[] }).profileNodes;

  it('a refresh while the default profile is looked up: the older lookup does not replace the newer profiles', async () => {
    const aws = new FakeAws();
    const first = deferred<string | undefined>();
    const second = deferred<string | undefined>();
    const answers = [first, second];
    aws.defaultProfile = () => answers.shift()!.promise;
    const provider = new AmiTreeProvider(fakeServices(aws));
    const stale = provider.getChildren();
    await flush();
    provider.refresh();
    const current = provider.getChildren();
    second.resolve('newer');
    await current;
    first.resolve('older');
    assert.deepEqual(await stale, [], 'the overtaken call shows nothing');
    await flush();
    assert.deepEqual(
      profileNodes(provider).map((p) => p.profile),
      ['newer'],
    );
    provider.dispose();
  });

  it('image-only settings reload the images of every region without checking credentials or listing regions', async () => {
    const aws = new FakeAws();
    const services = fakeServices(aws);
    const provider = new AmiTreeProvider(services);
    const roots = await provider.getChildren();
    await provider.whenIdle();
    assert.equal(roots.length, 2);
    assert.deepEqual([aws.count('checkCredentials'), aws.count('listRegions'), aws.count('listImages')], [1, 1, 2]);
    const regionsBefore = provider.regions();

    for (const key of [Keys.owners, Keys.architecture, Keys.pageSize, Keys.showDeprecated, Keys.showDisabled]) {
      const images = aws.count('listImages');
      services.fireChange({ reloadImages: true, keys: [key] });
      await provider.whenIdle();
      assert.equal(aws.count('listImages'), images + 2, `${key}: every region fetched again`);
    }
    assert.deepEqual([aws.count('checkCredentials'), aws.count('listRegions'), aws.count('getDefaultProfile')], [1, 1, 1]);
    assert.deepEqual(provider.regions(), regionsBefore, 'same region nodes');
    assert.ok(provider.regions().every((r) => r.data.state === 'loaded' && r.data.images.length === 1));

    // Profiles, regions, endpoint and retries still start over.
    services.fireChange({ reload: true, keys: [Keys.regions] });
    await provider.getChildren();
    await provider.whenIdle();
    assert.deepEqual([aws.count('checkCredentials'), aws.count('listRegions')], [2, 2]);
    provider.dispose();
  });

  it('logs a failure that reaches it without the secrets it quotes', async () => {
    const aws = new FakeAws();
    aws.defaultProfile = () => {
      throw new Error('boom aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY from AKIAIOSFODNN7EXAMPLE');
    };
    const provider = new AmiTreeProvider(fakeServices(aws));
    logLines.length = 0;
    assert.deepEqual(await provider.getChildren(undefined as unknown as TreeNode), []);
    const errors = logLines.filter((l) => l.level === 'error').map((l) => l.message);
    assert.ok(errors.some((m) => m.startsWith('Loading the tree failed: ')), errors.join('\n'));
    for (const m of errors) {
      assert.ok(!m.includes('wJalrXUtnFEMI'), m);
      assert.ok(!m.includes('AKIAIOSFODNN7EXAMPLE'), m);
    }
    provider.dispose();
  });

  it('the change flow updates, adds and removes one image in its region from memory, fetching nothing', async () => {
    const aws = new FakeAws();
    const services = fakeServices(aws);
    const provider = new AmiTreeProvider(services);
    await provider.getChildren();
    await provider.whenIdle();
    const fired: unknown[] = [];
    provider.onDidChangeTreeData((n) => fired.push(n));
    const [east, west] = provider.regions();
    assert.ok(east && west && east.region === 'us-east-1' && west.region === 'eu-west-1');
    // VS Code renders what it shows; only rendered nodes are announced individually.
    provider.getTreeItem(east);
    provider.getTreeItem(west);
    const calls = aws.calls.length;
    const id = 'ami-useast10001';
    const profile = east.profile;

    services.announce({ kind: 'updated', ref: { region: 'us-east-1', imageId: id, ...(profile !== undefined ? { profile } : {}) }, fields: ['tags'], image: image(id, { tags: { Team: 'payments' } }) });
    assert.deepEqual(east.data.images.map((i) => i.tags), [{ Team: 'payments' }]);
    assert.deepEqual(fired, [east], 'only the region holding the image re-renders');

    const added = image('ami-0000000000000aaaa', { ownerId: '123456789012' });
    services.announce({ kind: 'added', ref: { region: 'us-east-1', imageId: added.imageId, ...(profile !== undefined ? { profile } : {}) }, image: added });
    assert.deepEqual(east.data.images.map((i) => i.imageId), [added.imageId, id]);
    const foreign = image('ami-0000000000000bbbb', { ownerId: '999999999999' });
    services.announce({ kind: 'added', ref: { region: 'us-east-1', imageId: foreign.imageId, ...(profile !== undefined ? { profile } : {}) }, image: foreign });
    assert.ok(!east.data.images.some((i) => i.imageId === foreign.imageId), "another account's image is not listed under 'owned by me'");

    services.announce({ kind: 'removed', ref: { region: 'us-east-1', imageId: id, ...(profile !== undefined ? { profile } : {}) } });
    assert.deepEqual(east.data.images.map((i) => i.imageId), [added.imageId]);
    // Another profile's view of the region is not touched.
    services.announce({ kind: 'removed', ref: { region: 'us-east-1', imageId: added.imageId, profile: 'someone-else' } });
    assert.deepEqual(east.data.images.map((i) => i.imageId), [added.imageId]);

    assert.deepEqual(fired, [east, east, east]);
    assert.equal(west.data.images.length, 1, 'the other region is untouched');
    assert.equal(aws.calls.length, calls, 'no service call at all');
    provider.dispose();
  });
  /** The tree with its two regions rendered and their first page held back until `release`. */
  async function slowTree(): Promise<{ provider: InstanceType<typeof AmiTreeProvider>; aws: FakeAws; services: ReturnType<typeof fakeServices>; release: () => void; fired: unknown[]; unblock: () => void }> {
    const aws = new FakeAws();
    const gate = deferred<void>();
    const plain = aws.listImages;
    let blocking = true;
    aws.listImages = async (...args) => {
      if (blocking) await gate.promise;
      return plain(...args);
    };
    const services = fakeServices(aws);
    const provider = new AmiTreeProvider(services);
    const roots = await provider.getChildren();
    for (const r of roots) provider.getTreeItem(r);
    const fired: unknown[] = [];
    provider.onDidChangeTreeData((n) => fired.push(n));
    return { provider, aws, services, release: () => gate.resolve(), fired, unblock: () => (blocking = false) };
  }

  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

  it('never re-renders a region while VS Code waits for its children, and re-renders it once they are given', async () => {
    const { provider, release, fired } = await slowTree();
    const [east, west] = provider.regions();
    assert.ok(east && west);
    const children = provider.getChildren(east);
    await flush();
    release();
    // The first page lands while the fetch is still being answered: firing now would make VS Code
    // fetch the region again, overlapping ("Element with id … is already registered").
    await provider.whenIdle();
    assert.ok(!fired.includes(east), 'no change for the region while its children are fetched');
    assert.ok(fired.includes(west), 'a region nobody is fetching re-renders at once');
    assert.equal((await children).length, 1);
    await settle();
    assert.deepEqual(fired.filter((n) => n === east), [east], 'the owed change comes once, after the answer');
    provider.dispose();
  });

  it('re-renders a region whose children a whole-tree refresh overtook, as the node that now holds its id', async () => {
    const { provider, services, release, fired, unblock } = await slowTree();
    const [east] = provider.regions();
    assert.ok(east);
    const children = provider.getChildren(east);
    await flush();
    // A setting that changes regions: new nodes with the same ids; VS Code drops the pending answer.
    // The new nodes load at once, before VS Code renders them (so their load announces nothing).
    unblock();
    services.fireChange({ reload: true, keys: [Keys.regions] });
    const roots = await provider.getChildren();
    // (whenIdle would wait for the old, held-back load too)
    for (let i = 0; i < 100 && provider.regions().some((r) => r.data.state !== 'loaded'); i++) await settle();
    for (const r of roots) provider.getTreeItem(r);
    const newEast = provider.regions().find((r) => r.id === east.id);
    assert.ok(newEast && newEast !== east && newEast.data.state === 'loaded', 'the reload made a new, loaded node for the region');
    assert.ok(!fired.includes(newEast));
    release();
    await children;
    await settle();
    assert.ok(fired.includes(newEast), 'the new node is re-rendered, so VS Code asks for its children again');
    assert.ok(!fired.slice(fired.lastIndexOf(undefined) + 1).includes(east), 'the dropped node is not');
    provider.dispose();
  });
});
