/**
 * The AMI tree inside a real VS Code, against the EC2 emulator: what the provider shows under
 * each setting, errors per region, and settings applied without a reload.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT, OTHER_ACCOUNT } from '../emulator/accounts';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { AmiExplorerApi } from '../../src/extension';
import { emulator } from './support/emulator';
import { BASE_SETTINGS, childrenOf, clearSettings, eventually, getApi, imageOf, isImage, rootNamed, setSettings, settle, type Shown } from './treeSupport';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** What EC2 shows the default account for Owners=self: its images, deprecated ones too, disabled ones not. */
async function ownImageIds(region: string, includeDisabled = false): Promise<string[]> {
  const all = await emulator.store.images(region);
  return all
    .filter((i) => i.ownerId === DEFAULT_ACCOUNT && (includeDisabled || i.state !== 'disabled'))
    .map((i) => i.imageId)
    .sort();
}

async function imagesUnder(api: AmiExplorerApi, region: string): Promise<Shown[]> {
  const root = await rootNamed(api, region);
  return (await childrenOf(api, root.node)).filter(isImage);
}

describe('AMI tree', function () {
  let api: AmiExplorerApi;

  before(async () => {
    api = await getApi();
  });

  beforeEach(async () => {
    await emulator.faults.reset();
    await settle(api, BASE_SETTINGS, REGIONS);
  });

  after(async () => {
    await emulator.faults.reset();
    await clearSettings();
  });

  describe('roots', () => {
    it('one profile: the configured regions are the roots, in order', async () => {
      const roots = await childrenOf(api);
      assert.deepEqual(
        roots.map((r) => [r.label, r.contextValue]),
        [
          ['us-east-1', 'amiExplorer:region'],
          ['eu-west-1', 'amiExplorer:region'],
        ],
      );
      assert.match(String(roots[0]?.item.description), /^\d+ images?$/);
    });

    it('no regions configured: the regions enabled for the account, from DescribeRegions', async () => {
      const enabled = (await emulator.store.regions())
        .filter((r) => r.optInStatus !== 'not-opted-in')
        .map((r) => r.regionName)
        .sort();
      assert.ok(enabled.length > 5);
      await settle(api, { regions: [], maxConcurrentRegions: 8 }, enabled);
    });

    it('several profiles: profiles are the roots, each with its regions', async () => {
      const roots = await settle(api, { profiles: ['default', 'other'] }, ['default', 'other']);
      assert.deepEqual(
        roots.map((r) => r.contextValue),
        ['amiExplorer:profile', 'amiExplorer:profile'],
      );
      for (const profile of roots) {
        const regions = await childrenOf(api, profile.node);
        assert.deepEqual(
          regions.map((r) => [r.label, r.contextValue]),
          REGIONS.map((r) => [r, 'amiExplorer:region']),
        );
      }
      // "self" means the profile's own account: the other profile sees other images.
      const [mine, theirs] = await Promise.all(
        roots.map(async (p) => (await childrenOf(api, (await childrenOf(api, p.node))[0]?.node)).filter(isImage).map((s) => imageOf(s))),
      );
      assert.ok(mine?.length && theirs?.length);
      assert.ok(mine.every((i) => i.ownerId === DEFAULT_ACCOUNT));
      assert.ok(theirs.every((i) => i.ownerId === OTHER_ACCOUNT));
      // Ids differ per profile, so the same region under two profiles never collides.
      const ids = new Set(roots.map((r) => r.item.id));
      assert.equal(ids.size, 2);
      // Once resolved, each profile node shows its account id. Profiles resolve as soon as they are
      // listed (issue #12), often before VS Code renders them, so a change event is not always
      // needed: the unit tests of profileNode check that a rendered profile is announced again.
      assert.deepEqual(
        roots.map((r) => (api.tree.getTreeItem(r.node) as vscode.TreeItem).description),
        [DEFAULT_ACCOUNT, OTHER_ACCOUNT],
      );
    });

    it('several profiles, one missing: an error under that profile, regions under the other', async () => {
      const roots = await settle(api, { profiles: ['default', 'no-such-profile'] }, ['default', 'no-such-profile']);
      const [good, missing] = await Promise.all(roots.map((r) => childrenOf(api, r.node)));
      assert.deepEqual(
        good?.map((c) => c.label),
        REGIONS,
      );
      assert.deepEqual(
        missing?.map((c) => c.contextValue),
        ['amiExplorer:error'],
      );
      // The reason names the profile and what is wrong with it; the next step how to fix it.
      assert.match(String(missing?.[0]?.label), /Profile "no-such-profile" is not in .*config/);
      assert.match(String(missing?.[0]?.item.description), /aws configure --profile/);
    });

    it('a profile without credentials leaves the view empty for the welcome content', async () => {
      await setSettings({ profiles: ['no-such-profile'] });
      await eventually(async () => assert.deepEqual(await childrenOf(api), []), 'empty roots');
    });
  });

  describe('images of a region', () => {
    it('lists the account\'s images newest first, with label, description, icon and escaped tooltip', async () => {
      const root = await rootNamed(api, 'us-east-1');
      assert.equal(root.item.id, 'profile:default/us-east-1', 'the default profile is "default" when it exists');
      const shown = await imagesUnder(api, 'us-east-1');
      assert.deepEqual(shown.map((s) => imageOf(s).imageId).sort(), await ownImageIds('us-east-1'));
      const dates = shown.map((s) => Date.parse(imageOf(s).creationDate ?? ''));
      for (let i = 1; i < dates.length; i++) assert.ok((dates[i - 1] ?? 0) >= (dates[i] ?? 0), `not newest first at ${i}`);
      for (const s of shown) {
        const image = imageOf(s);
        const expectedLabel = image.tags?.['Name']?.trim() || image.name?.trim() || image.imageId;
        assert.equal(s.label, expectedLabel.replace(/\s+/g, ' '));
        assert.ok(String(s.item.description).startsWith(image.imageId), String(s.item.description));
        assert.ok(s.item.iconPath instanceof vscode.ThemeIcon);
        const tooltip = s.item.tooltip as vscode.MarkdownString;
        assert.ok(tooltip instanceof vscode.MarkdownString);
        assert.equal(tooltip.isTrusted, false);
        assert.ok(!tooltip.supportHtml);
        assert.equal(s.item.id, `${root.item.id}/${image.imageId}`);
        assert.match(s.contextValue, /^amiExplorer:ami\+[a-z]+\+(public|shared|private)/);
      }
      // Icons follow state: failed images are marked as errors.
      const failed = shown.find((s) => imageOf(s).state === 'failed');
      if (failed) assert.equal((failed.item.iconPath as vscode.ThemeIcon).id, 'error');
    });

    it('renders hostile names and tags as inert text', async () => {
      const shown = await imagesUnder(api, 'us-east-1');
      const hostile = shown.filter((s) => Object.values(FIXTURE_NAMES).includes(imageOf(s).name as never));
      assert.ok(hostile.length > 0, 'the seed has hostile images');
      for (const s of hostile) {
        const md = (s.item.tooltip as vscode.MarkdownString).value;
        assert.doesNotMatch(md, /\]\(/, 'no Markdown link');
        assert.doesNotMatch(md, /(^|[^\\])</, 'no unescaped < (HTML)');
        if (imageOf(s).name?.includes('<')) assert.match(md, /\\</, 'the markup is there, escaped');
        assert.doesNotMatch(s.label, /\n/);
      }
    });

    it('lists an image\'s block device mappings under it', async () => {
      const shown = await imagesUnder(api, 'us-east-1');
      const withDevices = shown.find((s) => (imageOf(s).blockDeviceMappings?.length ?? 0) > 1);
      assert.ok(withDevices, 'an image with several mappings');
      assert.equal(withDevices.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      const devices = await childrenOf(api, withDevices.node);
      const mappings = imageOf(withDevices).blockDeviceMappings ?? [];
      assert.deepEqual(
        devices.map((d) => d.label),
        mappings.map((m) => m.deviceName),
      );
      devices.forEach((d, i) => {
        assert.match(d.contextValue, /^amiExplorer:device\b/);
        const m = mappings[i];
        if (m?.kind === 'ebs' && m.ebs?.volumeSize !== undefined) assert.match(String(d.item.description), new RegExp(`${m.ebs.volumeSize} GiB`));
        if (m?.kind === 'ebs') assert.match(String(d.item.description), m.ebs?.encrypted ? /· encrypted/ : /not encrypted/);
      });
    });
  });

  describe('settings', () => {
    it('owner scope "shared-with-me" lists images other accounts shared, marked shared', async () => {
      await setSettings({ 'images.owners': ['shared-with-me'] });
      const shown = await eventually(async () => {
        const s = await imagesUnder(api, 'us-east-1');
        assert.ok(s.length > 0 && s.every((x) => imageOf(x).ownerId !== DEFAULT_ACCOUNT));
        return s;
      }, 'shared images');
      for (const s of shown) assert.match(s.contextValue, /\+(shared|public)\b/);
      assert.ok(shown.some((s) => /\+shared\b/.test(s.contextValue)));
    });

    it('owner scope "amazon" lists public Amazon images', async () => {
      await setSettings({ 'images.owners': ['amazon'] });
      const shown = await eventually(async () => {
        const s = await imagesUnder(api, 'us-east-1');
        assert.ok(s.length > 0 && s.every((x) => imageOf(x).ownerAlias === 'amazon'));
        return s;
      }, 'amazon images');
      assert.ok(shown.every((s) => /\+public\b/.test(s.contextValue)));
    });

    it('owner scope by account id lists that account\'s images', async () => {
      await setSettings({ 'images.owners': [OTHER_ACCOUNT] });
      await eventually(async () => {
        const s = await imagesUnder(api, 'us-east-1');
        assert.ok(s.length > 0);
        assert.ok(s.every((x) => imageOf(x).ownerId === OTHER_ACCOUNT));
      }, 'images of the other account');
    });

    it('show deprecated adds the deprecated images of other owners', async () => {
      await setSettings({ 'images.owners': ['amazon'] });
      const without = await eventually(async () => {
        const s = await imagesUnder(api, 'us-east-1');
        assert.ok(s.length > 0 && s.every((x) => imageOf(x).ownerAlias === 'amazon'));
        return s;
      });
      assert.ok(!without.some((s) => /\+deprecated\b/.test(s.contextValue)));
      await setSettings({ 'images.showDeprecated': true });
      const withDeprecated = await eventually(async () => {
        const s = await imagesUnder(api, 'us-east-1');
        assert.ok(s.length > without.length);
        return s;
      }, 'deprecated images');
      const extra = withDeprecated.filter((s) => !without.some((w) => w.item.id === s.item.id));
      assert.ok(extra.length > 0 && extra.every((s) => /\+deprecated\b/.test(s.contextValue)), extra.map((s) => s.contextValue).join());
      assert.ok(extra.every((s) => (s.item.iconPath as vscode.ThemeIcon).color instanceof vscode.ThemeColor));
    });

    it('show disabled adds my disabled images', async () => {
      await setSettings({ 'images.showDisabled': true });
      await eventually(async () => {
        const s = await imagesUnder(api, 'us-east-1');
        assert.deepEqual(s.map((x) => imageOf(x).imageId).sort(), await ownImageIds('us-east-1', true));
        const disabled = s.filter((x) => imageOf(x).state === 'disabled');
        assert.ok(disabled.length > 0);
        for (const d of disabled) {
          assert.match(d.contextValue, /^amiExplorer:ami\+disabled\+/);
          assert.equal((d.item.iconPath as vscode.ThemeIcon).id, 'circle-slash');
        }
      }, 'disabled images');
    });

    it('group by tag: one node per value, sorted, then the images without the tag', async () => {
      const flat = await imagesUnder(api, 'us-east-1');
      await setSettings({ 'tree.groupByTag': 'Environment' });
      const groups = await eventually(async () => {
        const root = await rootNamed(api, 'us-east-1');
        const g = await childrenOf(api, root.node);
        assert.ok(g.length > 0 && g.every((x) => /^amiExplorer:tagGroup\b/.test(x.contextValue)), g.map((x) => x.contextValue).join());
        return g;
      }, 'tag groups');
      // The endpoint override (the emulator) is always named too.
      assert.equal(api.view.description, `by Environment · endpoint ${new URL(emulator.url).host}`);
      let total = 0;
      const values: string[] = [];
      for (const g of groups) {
        const images = (await childrenOf(api, g.node)).filter(isImage);
        total += images.length;
        assert.ok(images.length > 0);
        assert.match(String(g.item.description), new RegExp(`^${images.length} images?$`));
        if (g.label.startsWith('No Environment tag')) {
          assert.equal(g, groups[groups.length - 1], 'the untagged group comes last');
          assert.ok(images.every((i) => !('Environment' in (imageOf(i).tags ?? {}))));
        } else {
          const value = g.label.replace(/^Environment: /, '');
          values.push(value);
          assert.ok(images.every((i) => (imageOf(i).tags?.['Environment'] || '(empty)') === value), g.label);
          assert.match(String(g.item.id), /^profile:default\/us-east-1\/tag:Environment=/);
        }
      }
      assert.equal(total, flat.length, 'every image is in exactly one group');
      assert.deepEqual(values, [...values].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })));
    });

    it('page size: a first page and "Load more…", which fetches the next', async () => {
      const all = await ownImageIds('us-east-1');
      assert.ok(all.length > 10);
      await setSettings({ 'images.pageSize': 5 });
      const root = await rootNamed(api, 'us-east-1');
      const first = await eventually(async () => {
        const c = await childrenOf(api, root.node);
        assert.equal(c.filter(isImage).length, 5);
        return c;
      }, 'a first page of 5');
      const more = first[first.length - 1];
      assert.equal(more?.contextValue, 'amiExplorer:loadMore');
      assert.equal(more?.label, 'Load more…');
      assert.equal(more?.item.command?.command, 'amiExplorer.images.loadMore');
      assert.equal((await rootNamed(api, 'us-east-1')).item.description, '5+ images');

      await vscode.commands.executeCommand('amiExplorer.images.loadMore', more?.node);
      const second = await childrenOf(api, root.node);
      assert.equal(second.filter(isImage).length, 10);
      assert.equal(second[second.length - 1]?.contextValue, 'amiExplorer:loadMore');
      // Newest first across pages, too.
      const dates = second.filter(isImage).map((s) => Date.parse(imageOf(s).creationDate ?? ''));
      for (let i = 1; i < dates.length; i++) assert.ok((dates[i - 1] ?? 0) >= (dates[i] ?? 0));
    });

    it('an owner-scope change fetches the images again without listing regions again', async () => {
      const enabled = (await emulator.store.regions())
        .filter((r) => r.optInStatus !== 'not-opted-in')
        .map((r) => r.regionName)
        .sort();
      await settle(api, { regions: [], maxConcurrentRegions: 8 }, enabled);
      await api.tree.whenIdle();
      await emulator.clearRequests();
      await setSettings({ 'images.owners': [OTHER_ACCOUNT] });
      await eventually(async () => {
        const s = await imagesUnder(api, 'us-east-1');
        assert.ok(s.length > 0 && s.every((x) => imageOf(x).ownerId === OTHER_ACCOUNT));
      }, 'images of the other account');
      await api.tree.whenIdle();
      const calls = await emulator.requests();
      assert.ok(calls.some((c) => c.action === 'DescribeImages' && c.params['Owner.1'] === OTHER_ACCOUNT), 'the images were fetched again');
      assert.deepEqual(
        calls.filter((c) => c.action === 'DescribeRegions').map((c) => c.region),
        [],
        'DescribeRegions again',
      );
    });

    it('changes apply without a reload, keeping node ids stable', async () => {
      const before = (await imagesUnder(api, 'eu-west-1')).map((s) => s.item.id);
      await settle(api, { regions: ['eu-west-1'] }, ['eu-west-1']);
      const after = (await imagesUnder(api, 'eu-west-1')).map((s) => s.item.id);
      assert.deepEqual(after, before);
      await vscode.commands.executeCommand('amiExplorer.view.refresh');
      assert.deepEqual(
        (await imagesUnder(api, 'eu-west-1')).map((s) => s.item.id),
        before,
      );
    });
  });

  describe('errors', () => {
    it('a failing region shows one error node with the reason and a retry, while the others load', async () => {
      await emulator.faults.failRegion('eu-west-1', 'OptInRequired');
      await vscode.commands.executeCommand('amiExplorer.view.refresh');
      const failing = await rootNamed(api, 'eu-west-1');
      const children = await childrenOf(api, failing.node);
      assert.equal(children.length, 1);
      const error = children[0];
      assert.equal(error?.contextValue, 'amiExplorer:error');
      // What went wrong (this region is not enabled) and what to do next (enable it).
      assert.match(String(error?.label), /eu-west-1 is not enabled/);
      assert.match(String(error?.item.description), /Enable eu-west-1 .*aws account enable-region --region-name eu-west-1/);
      assert.match(String((error?.item.tooltip as vscode.MarkdownString | undefined)?.value), /OptInRequired/);
      assert.equal(error?.item.command?.command, 'amiExplorer.region.retry');
      assert.equal((await rootNamed(api, 'eu-west-1')).item.description, 'failed');
      // The other region loaded normally.
      assert.deepEqual((await imagesUnder(api, 'us-east-1')).map((s) => imageOf(s).imageId).sort(), await ownImageIds('us-east-1'));

      await emulator.faults.failRegion('eu-west-1', undefined);
      await vscode.commands.executeCommand('amiExplorer.region.retry', error?.node);
      assert.deepEqual((await imagesUnder(api, 'eu-west-1')).map((s) => imageOf(s).imageId).sort(), await ownImageIds('eu-west-1'));
    });

    it('an access-denied region names the next step', async () => {
      await emulator.faults.failRegion('us-east-1', 'UnauthorizedOperation');
      await vscode.commands.executeCommand('amiExplorer.view.refresh');
      const children = await childrenOf(api, (await rootNamed(api, 'us-east-1')).node);
      assert.deepEqual(
        children.map((c) => c.contextValue),
        ['amiExplorer:error'],
      );
      assert.match(String(children[0]?.label), /^Access denied: profile "default" is not allowed to call ec2:DescribeImages in us-east-1/);
      assert.match(String(children[0]?.item.description), /allow ec2:DescribeImages/);
      assert.ok((await imagesUnder(api, 'eu-west-1')).length > 0);
    });
  });
});
