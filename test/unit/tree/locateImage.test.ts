/**
 * Find AMI (issue #11): the tree provider locating a found image, loading further pages of its
 * region ("Load more") until it is there, the region is exhausted or the cap is reached; and why
 * it does not show the image otherwise. Against a fake service layer whose region pages.
 */
import * as assert from 'node:assert/strict';
import type * as ProviderModule from '../../../src/tree/amiTreeProvider';
import type { OwnerScope } from '../../../src/aws/types';
import { fail, ok } from '../../../src/model/result';
import { installVscodeStub, uninstallVscodeStub } from '../support/vscodeStub';
import { FakeAws, fakeServices, image } from './fakes';

/** Page n (0-based) of us-east-1 holds ami-0000000n; `pages` pages in all. eu-west-1: one image. */
function paged(aws: FakeAws, pages: number, failOnPage?: number): string[] {
  const asked: string[] = [];
  aws.listImages = async (region: string, _scope: OwnerScope, page: { nextToken?: string }) => {
    if (region !== 'us-east-1') return ok({ items: [image('ami-eeeeeeee', { region })] });
    const n = page.nextToken ? Number(page.nextToken) : 0;
    asked.push(String(n));
    if (n === failOnPage) return fail({ kind: 'throttled', message: 'Rate exceeded', region });
    const items = [image(`ami-${n.toString(16).padStart(8, '0')}`, { ownerId: '123456789012' })];
    return ok(n + 1 < pages ? { items, nextToken: String(n + 1) } : { items });
  };
  return asked;
}

describe('tree/amiTreeProvider: locateImage (find, issue #11)', () => {
  let AmiTreeProvider: typeof ProviderModule.AmiTreeProvider;

  before(() => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ AmiTreeProvider } = require('../../../src/tree/amiTreeProvider') as typeof ProviderModule);
  });
  after(() => uninstallVscodeStub());

  const ref = (imageId: string, region = 'us-east-1') => ({ region, imageId, profile: 'default' });
  const idOf = (found: unknown): string | undefined => (found as { node?: { image?: { imageId: string } } }).node?.image?.imageId;

  it('loads further pages of the region until the image is there, and returns its node', async () => {
    const aws = new FakeAws();
    const asked = paged(aws, 10);
    const provider = new AmiTreeProvider(fakeServices(aws));
    const found = await provider.locateImage(ref('ami-00000004'), undefined);
    assert.equal(idOf(found), 'ami-00000004');
    assert.deepEqual(asked, ['0', '1', '2', '3', '4'], 'the first page, then four more, and no further');
    provider.dispose();
  });

  it('stops at the cap of pages: beyondPages', async () => {
    const aws = new FakeAws();
    const asked = paged(aws, 30);
    const provider = new AmiTreeProvider(fakeServices(aws));
    assert.deepEqual(await provider.locateImage(ref('ami-0000001d'), undefined, 3), { reason: 'beyondPages' });
    assert.equal(asked.length, 4, 'the first page and 3 more');
    provider.dispose();
  });

  it('the region is exhausted without it: notListed; a page that fails: failed', async () => {
    const aws = new FakeAws();
    const asked = paged(aws, 3);
    const provider = new AmiTreeProvider(fakeServices(aws));
    assert.deepEqual(await provider.locateImage(ref('ami-0000ffff'), undefined), { reason: 'notListed' });
    assert.equal(asked.length, 3);
    provider.dispose();

    const failing = new FakeAws();
    paged(failing, 10, 2);
    const p2 = new AmiTreeProvider(fakeServices(failing));
    assert.deepEqual(await p2.locateImage(ref('ami-00000008'), undefined), { reason: 'failed' });
    p2.dispose();
  });

  it('a region the tree does not show: noRegion; an owner it does not list: otherOwner, loading no further page', async () => {
    const aws = new FakeAws();
    const asked = paged(aws, 10);
    const provider = new AmiTreeProvider(fakeServices(aws));
    assert.deepEqual(await provider.locateImage(ref('ami-00000001', 'ap-south-1'), undefined), { reason: 'noRegion' });
    await provider.whenIdle();
    const before = asked.length;
    assert.deepEqual(await provider.locateImage(ref('ami-00000005'), image('ami-00000005', { ownerId: '999999999999' })), { reason: 'otherOwner' });
    assert.equal(asked.length, before, 'no page loaded for it');
    provider.dispose();
  });

  it("loaded but hidden by the text filter: filtered", async () => {
    const aws = new FakeAws();
    paged(aws, 2);
    const provider = new AmiTreeProvider(fakeServices(aws));
    provider.setFilter('no-such-text');
    assert.deepEqual(await provider.locateImage(ref('ami-00000001'), undefined), { reason: 'filtered' });
    provider.dispose();
  });
});
