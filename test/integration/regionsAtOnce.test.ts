/**
 * tree (issue #12) inside a real VS Code, against the EC2 emulator: every region at once (the
 * emulator's request log shows the regions' DescribeImages calls overlapping, more than 4 by
 * default, never more than a cap when one is set; several profiles resolve together), and no
 * huge expands (the emulator answering a whole region in one page: an expand lists a page and
 * "Load more…", which lists the next page without a call; Find AMI still locates a kept image).
 * Nothing is timed: only which calls were in progress together, and what was listed.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { maxOverlap } from '../emulator/requestLog';
import type { RequestLogEntry } from '../emulator/server';
import type { AmiExplorerApi } from '../../src/extension';
import { emulator } from './support/emulator';
import { BASE_SETTINGS, childrenOf, clearSettings, getApi, imageOf, isImage, rootNamed, settle } from './treeSupport';

/** Regions enabled by default, so every one answers. */
const MANY = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-1', 'ca-central-1'];
const LATENCY_MS = 600; // long enough that a busy machine still sends every request before the first answer

async function describeImagesSince(regions: readonly string[]): Promise<RequestLogEntry[]> {
  return (await emulator.requests()).filter((r) => r.action === 'DescribeImages' && regions.includes(r.region));
}

describe('Every region at once and no huge expands (issue #12)', function () {
  this.timeout(120_000);
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
  });

  beforeEach(async () => {
    await emulator.faults.reset();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
    await api.tree.whenIdle();
  });

  after(async () => {
    await emulator.faults.reset();
    await clearSettings();
  });

  describe('every region at once', () => {
    async function loadMany(settings: Record<string, unknown>): Promise<RequestLogEntry[]> {
      for (const r of MANY) await emulator.faults.setLatency(r, LATENCY_MS);
      await emulator.clearRequests();
      // The cap first (a change of its own), then the regions, which reloads everything under it.
      await settle(api, { ...settings, regions: MANY }, MANY);
      await api.tree.whenIdle();
      const calls = await describeImagesSince(MANY);
      assert.deepEqual([...new Set(calls.map((c) => c.region))].sort(), [...MANY].sort(), 'every region asked');
      assert.ok(calls.every((c) => c.endedAt !== undefined), 'every call answered');
      return calls;
    }

    it('by default the regions are requested together: more than 4 DescribeImages in progress at once (all of them)', async () => {
      const calls = await loadMany({ maxConcurrentRegions: 0 });
      const most = maxOverlap(calls);
      assert.ok(most > 4, `at most ${most} in progress at once`);
      assert.equal(most, MANY.length);
    });

    it('a cap of 3: never more than 3 regions in progress at once', async () => {
      const calls = await loadMany({ maxConcurrentRegions: 3 });
      assert.equal(maxOverlap(calls), 3);
    });

    it('several profiles resolve together: their region lists (DescribeRegions) are in progress at once', async () => {
      await emulator.faults.setLatency('us-east-1', LATENCY_MS);
      await emulator.clearRequests();
      await settle(api, { profiles: ['default', 'other'], regions: [] }, ['default', 'other']);
      await api.tree.whenIdle();
      const lists = (await emulator.requests()).filter((r) => r.action === 'DescribeRegions');
      assert.equal(new Set(lists.map((r) => r.account)).size, 2, 'one per profile (two accounts)');
      assert.equal(maxOverlap(lists), 2);
    });
  });

  describe('no huge expands', () => {
    const PAGE = 5;

    it('the whole region in one page: the expand lists a page, "Load more…" the next without a call; Find AMI locates a kept image', async () => {
      const own = (await emulator.store.images('us-east-1')).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'disabled');
      assert.ok(own.length > 3 * PAGE, `${own.length} images of mine`);
      await emulator.faults.ignoreMaxResults(true);
      // A new region list: everything is resolved and loaded again, answered in one page each.
      await settle(api, { regions: ['us-east-1'], 'images.pageSize': PAGE }, ['us-east-1']);
      await api.tree.whenIdle();
      const loads = await describeImagesSince(['us-east-1']);
      assert.equal(loads.at(-1)?.params.MaxResults, String(PAGE), 'asked for a page (and answered with everything)');
      const before = loads.length;

      const root = await rootNamed(api, 'us-east-1');
      const first = await childrenOf(api, root.node);
      assert.equal(first.filter(isImage).length, PAGE, 'a page of image items, not the whole region');
      const pager = first.at(-1);
      assert.equal(pager?.contextValue, 'amiExplorer:loadMore');
      assert.equal((await rootNamed(api, 'us-east-1')).item.description, `${own.length} images`, 'the count is of every image received, and exact');

      await vscode.commands.executeCommand('amiExplorer.images.loadMore', pager?.node);
      const second = await childrenOf(api, root.node);
      const shown = second.filter(isImage);
      assert.equal(shown.length, 2 * PAGE, 'the next page');
      for (const s of first.filter(isImage)) assert.ok(shown.some((x) => x.item.id === s.item.id), `${s.label} still listed`);
      assert.equal(second.at(-1)?.contextValue, 'amiExplorer:loadMore');
      assert.equal((await describeImagesSince(['us-east-1'])).length, before, 'no DescribeImages for the expand nor "Load more…"');

      // Find AMI: the oldest image is kept, not listed; locating it lists it, without a call.
      const listed = new Set(shown.map((s) => imageOf(s).imageId));
      const kept = own.filter((i) => !listed.has(i.imageId));
      const target = kept.sort((a, b) => Date.parse(a.creationDate) - Date.parse(b.creationDate))[0];
      assert.ok(target);
      const located = await api.tree.locateImage({ region: 'us-east-1', imageId: target.imageId, profile: 'default' }, undefined);
      assert.ok('node' in located, `not located: ${'reason' in located ? located.reason : ''}`);
      await api.view.reveal(located.node, { select: true, expand: false });
      assert.equal(api.view.selection[0]?.id, located.node.id);
      assert.equal((await describeImagesSince(['us-east-1'])).length, before, 'still no further DescribeImages');
    });
  });
});
