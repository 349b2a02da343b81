/**
 * A profile node's resolution against a fake service layer: a reset (refresh) during it leaves
 * nothing behind, a stale error node's retry does nothing, the node re-renders once its account
 * or failure is known, and the region list comes from the service layer alone.
 */
import * as assert from 'node:assert/strict';
import { fail, ok } from '../../../src/model/result';
import type * as ProfileNodeModule from '../../../src/tree/profileNode';
import { deferred, flush, installVscodeStub, uninstallVscodeStub } from '../support/vscodeStub';
import { fakeContext, FakeAws, fakeServices, image } from './fakes';

describe('tree/profileNode', () => {
  let ProfileNode: typeof ProfileNodeModule.ProfileNode;

  before(() => {
    installVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ ProfileNode } = require('../../../src/tree/profileNode') as typeof ProfileNodeModule);
  });
  after(() => uninstallVscodeStub());

  function make(aws: FakeAws, hidden = false, settings: Record<string, unknown> = {}) {
    const ctx = fakeContext(fakeServices(aws, settings));
    return { ctx, node: new ProfileNode('default', ctx, hidden) };
  }

  it('resolves credentials, then the regions, and starts every region loading', async () => {
    const aws = new FakeAws();
    const { node } = make(aws);
    const children = await node.getChildren();
    assert.deepEqual(
      children.map((c) => c.id),
      ['profile:default/us-east-1', 'profile:default/eu-west-1'],
    );
    await flush();
    assert.equal(aws.count('listImages'), 2);
  });

  describe('every region rejects the credentials', () => {
    const rejected = {
      kind: 'credentialsRejected' as const,
      code: 'AuthFailure',
      message: 'AWS rejected the credentials of profile "default": the access key is unknown, revoked, or its secret is wrong (AuthFailure).',
      nextStep: 'Replace the keys of profile "default".',
    };
    type ErrorLike = { id: string; failure?: { message: string; region?: string }; parent?: unknown };

    for (const hidden of [false, true]) {
      it(`shows one error node on the ${hidden ? 'root (hidden profile)' : 'profile'}, not one per region`, async () => {
        const aws = new FakeAws();
        aws.listImages = async (region) => fail({ ...rejected, region });
        const { node, ctx } = make(aws, hidden);
        assert.equal((await node.getChildren()).length, 2, 'regions first, while they load');
        await Promise.all(node.regions.map((r) => r.data.ensureLoaded()));
        assert.ok(ctx.changes.includes(hidden ? undefined : node), 'the profile (or the root) re-renders once every region has failed');
        const children = (await node.getChildren()) as unknown as ErrorLike[];
        assert.deepEqual(
          children.map((c) => c.id),
          ['profile:default/error'],
        );
        assert.equal(children[0]?.failure?.message, rejected.message);
        assert.equal(children[0]?.failure?.region, undefined, 'about the profile, not a region');
        assert.equal(children[0]?.parent, hidden ? undefined : node);
        if (!hidden) assert.equal(node.getTreeItem().description, 'failed');
        // Its retry starts the profile over: credentials, STS answer, regions.
        const forgets = aws.count('forgetIdentity');
        aws.listImages = async (region) => ok({ items: [image(`ami-${region.replace(/-/g, '')}0001`)] });
        (children[0] as unknown as { retry: () => void }).retry();
        assert.deepEqual(
          (await node.getChildren()).map((c) => c.id),
          ['profile:default/us-east-1', 'profile:default/eu-west-1'],
        );
        assert.equal(aws.count('forgetIdentity'), forgets + 1);
      });
    }

    it('keeps the regions when only some reject the credentials, or the failure is another', async () => {
      const aws = new FakeAws();
      aws.listImages = async (region) => (region === 'us-east-1' ? fail({ ...rejected, region }) : ok({ items: [image('ami-0000000000000001a')] }));
      const { node } = make(aws);
      await node.getChildren();
      await Promise.all(node.regions.map((r) => r.data.ensureLoaded()));
      assert.deepEqual(
        (await node.getChildren()).map((c) => c.id),
        ['profile:default/us-east-1', 'profile:default/eu-west-1'],
      );

      const other = new FakeAws();
      other.listImages = async (region) => fail({ kind: 'regionNotEnabled', message: `Region ${region} is not enabled.`, region });
      const o = make(other);
      await o.node.getChildren();
      await Promise.all(o.node.regions.map((r) => r.data.ensureLoaded()));
      assert.equal((await o.node.getChildren()).length, 2, 'a disabled region is per region');
    });
  });

  it('a reset while credentials resolve: the stale run creates no regions and loads nothing', async () => {
    const aws = new FakeAws();
    const creds = deferred<ReturnType<typeof ok<{ accountId?: string }>>>();
    aws.credentials = () => creds.promise;
    const { node } = make(aws);
    const stale = node.getChildren();
    node.reset();
    creds.resolve(ok({ accountId: '123456789012' }));
    assert.deepEqual(await stale, []);
    await flush();
    assert.equal(aws.count('listRegions'), 0);
    assert.equal(aws.count('listImages'), 0);
    assert.deepEqual(node.regions, []);
    assert.equal(node.accountId, undefined, 'the stale run does not set the account');
  });

  it('a reset while regions are listed: no RegionNodes, no DescribeImages', async () => {
    const aws = new FakeAws();
    const regions = deferred<ReturnType<typeof ok<{ name: string; optInStatus: string }[]>>>();
    aws.regions = () => regions.promise;
    const { node } = make(aws);
    const stale = node.getChildren();
    await flush();
    assert.equal(aws.count('listRegions'), 1);
    node.reset();
    regions.resolve(ok([{ name: 'us-east-1', optInStatus: 'configured' }]));
    assert.deepEqual(await stale, []);
    await flush();
    assert.deepEqual(node.regions, []);
    assert.equal(aws.count('listImages'), 0);

    // The next resolution is the one that counts.
    aws.regions = async () => ok([{ name: 'eu-west-1', optInStatus: 'configured' }]);
    assert.deepEqual(
      (await node.getChildren()).map((c) => c.id),
      ['profile:default/eu-west-1'],
    );
  });

  it("a stale error node's retry does not reset the current run", async () => {
    const aws = new FakeAws();
    aws.credentials = async () => fail({ kind: 'ssoExpired', message: 'expired' });
    const { node, ctx } = make(aws);
    const [error] = (await node.getChildren()) as { retry?: () => void }[];
    assert.ok(error?.retry, 'an error node with a retry');
    node.reset();
    aws.credentials = async () => ok({});
    const current = await node.getChildren();
    const checks = aws.count('checkCredentials');
    const changesBefore = ctx.changes.length;
    error.retry();
    assert.deepEqual(await node.getChildren(), current, 'the same children: the stale retry did nothing');
    assert.equal(aws.count('checkCredentials'), checks, 'children still cached: nothing resolved again');
    assert.equal(ctx.changes.length, changesBefore);
  });

  it('re-renders itself once the account id or the failure is known (several profiles)', async () => {
    const aws = new FakeAws();
    const { node, ctx } = make(aws);
    await node.getChildren();
    assert.ok(ctx.changes.includes(node), 'a change event for the profile node');
    assert.equal(node.getTreeItem().description, '123456789012');

    const failing = new FakeAws();
    failing.credentials = async () => fail({ kind: 'ssoExpired', message: 'expired' });
    const f = make(failing);
    await f.node.getChildren();
    assert.ok(f.ctx.changes.includes(f.node));
    assert.equal(f.node.getTreeItem().description, 'failed');
  });

  it('a hidden profile (the only one) announces no change for itself', async () => {
    const aws = new FakeAws();
    const { node, ctx } = make(aws, true);
    await node.getChildren();
    assert.ok(!ctx.changes.includes(node));
  });

  it('takes the region list from the service layer only (configured or enabled is decided there)', async () => {
    const aws = new FakeAws();
    aws.regions = async () => ok([{ name: 'ap-south-1', optInStatus: 'opt-in-not-required' }]);
    const { node } = make(aws, false, { regions: ['eu-west-1'] });
    assert.deepEqual(
      (await node.getChildren()).map((c) => c.id),
      ['profile:default/ap-south-1'],
    );
    assert.equal(aws.count('listRegions'), 1);
  });
});
