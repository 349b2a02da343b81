/**
 * The AMI Catalog as a person uses it, in the real workbench against the emulator (EC2 and SSM on
 * one endpoint): open it from the palette, find "Amazon Linux 2023" for arm64 in the Quick start,
 * click Inspect and land on that image's details, come back and click Launch… to land on its
 * launch panel; in the Community tab, Search with no pattern shows the validation message and
 * sends nothing, and a search finds a community image with a hostile name, shown as text under the
 * ⚠ mark. Screenshots of each step go to test-results/ui/catalog-*.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FrameLocator } from 'playwright-core';
import { addShareableImage } from '../unit/emulator/helpers';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';
const AL2023_ARM = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';
const COMMUNITY_OWNER = '444455556666';
const HOSTILE = 'zz-catalog <img src=x onerror=alert(1)> "><svg onload=alert(2)>';

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('AMI Catalog (UI)', () => {
  let wb: Workbench;
  let hostileId: string;

  /** The catalog page of the visible panel, once it shows its title. */
  async function catalogPage(): Promise<FrameLocator> {
    await wb.page.locator('.tabs-container .tab', { hasText: 'AMI Catalog' }).first().click();
    const frame = wb.webviewFrame();
    await frame.locator('h1[data-field="title"]', { hasText: 'AMI Catalog' }).waitFor({ state: 'visible', timeout: 60_000 });
    return frame;
  }

  /** The Quick start row of a parameter, once the Quick start is resolved. */
  async function quickStartRow(frame: FrameLocator, parameter: string) {
    const row = frame.locator(`tr[data-parameter="${parameter}"]`);
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    return row;
  }

  before(async () => {
    const store = ui().emulator.store;
    hostileId = addShareableImage(store, REGION, { ownerId: COMMUNITY_OWNER, name: HOSTILE, launchPermissions: [{ group: 'all' }] }).imageId;
    store.modifyImage(REGION, hostileId, { architecture: 'arm64' });
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '' });
    wb = await Workbench.open();
    await wb.openAmiExplorer();
  });

  after(async () => {
    await wb?.close();
    ui().emulator.store.removeImage(REGION, hostileId);
  });

  it('finds the latest Amazon Linux 2023 for arm64 and lands on its details, then its launch panel', async () => {
    await wb.runCommand('AMI Explorer: Open AMI Catalog');
    const frame = await catalogPage();
    const row = await quickStartRow(frame, AL2023_ARM);
    assert.equal(await row.getAttribute('data-status'), 'found');
    assert.equal(await row.getAttribute('data-architecture'), 'arm64');
    const imageId = (await row.getAttribute('data-image')) ?? '';
    const held = ui().emulator.store.images(REGION).find((i) => i.imageId === imageId);
    assert.ok(held, `${imageId} is the emulator's image`);
    assert.equal(held.architecture, 'arm64');
    const name = held.name ?? imageId;
    assert.equal((await row.locator('[data-field="name"]').innerText()).trim(), name);
    assert.equal(await frame.locator('section[data-group="Amazon Linux 2023"] h2').innerText(), 'Amazon Linux 2023');
    // The SSM calls behind it: at most 10 names each.
    const gets = ui().emulator.requests.filter((r) => r.service === 'ssm' && r.action === 'GetParameters');
    assert.ok(gets.length >= 2 && gets.every((g) => Object.keys(g.params).filter((k) => /^Names\.\d+$/.test(k)).length <= 10), 'GetParameters in calls of ≤10 names');
    await row.scrollIntoViewIfNeeded();
    assert.ok(fs.statSync(await wb.screenshot('catalog-1-quick-start')).size > 10_000);

    await row.locator(`[data-key="inspect:${imageId}"]`).click();
    const details = wb.webviewFrame();
    await details.locator('h1[data-field="title"]', { hasText: name }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await details.locator('.subtitle code').first().innerText(), imageId);
    await wb.screenshot('catalog-2-inspect-details');

    const again = await catalogPage();
    const row2 = await quickStartRow(again, AL2023_ARM);
    await row2.locator(`[data-key="launch:${imageId}"]`).click();
    await wb.page.locator('.tabs-container .tab', { hasText: 'Launch:' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const launch = wb.webviewFrame();
    await launch.locator('h1[data-field="title"]', { hasText: name }).waitFor({ state: 'visible', timeout: 60_000 });
    await wb.screenshot('catalog-3-launch-panel');
  });

  it('searches Community images only with a pattern, and shows a hostile name as text under the ⚠ mark', async () => {
    await wb.runCommand('AMI Explorer: Open AMI Catalog');
    const frame = await catalogPage();
    await frame.locator('[data-tab="community"]').click();
    await frame.locator('form[data-form="community"]').waitFor({ state: 'visible' });

    const before = ui().emulator.requests.length;
    await frame.locator('form[data-form="community"] [data-key="search"]').click();
    const problem = frame.locator('[data-problem="namePattern"]');
    await problem.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await problem.innerText(), /Enter a name pattern/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(ui().emulator.requests.slice(before).filter((r) => r.action === 'DescribeImages').length, 0, 'nothing sent without a pattern');
    await wb.screenshot('catalog-4-community-needs-pattern');

    await frame.locator('vscode-textfield[data-key="namePattern"] input').fill('zz-catalog*');
    await frame.locator('form[data-form="community"] [data-key="search"]').click();
    const result = frame.locator(`tr[data-image="${hostileId}"]`);
    await result.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await result.getAttribute('data-mark'), 'community');
    assert.match(await result.locator('[data-mark]').innerText(), /⚠ Community: unknown publisher/);
    assert.equal((await result.locator('[data-field="name"]').innerText()).trim(), HOSTILE);
    // The markup in the name made nothing: no img, svg or script in the results, no handler attributes on the page.
    const results = frame.locator('table[data-results="community"]');
    assert.equal(await results.locator('img, svg, script, iframe').count(), 0);
    const handlers = await frame.locator('body *').evaluateAll((els) => els.flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)));
    assert.deepEqual(handlers, []);
    const searched = ui().emulator.requests.slice(before).filter((r) => r.action === 'DescribeImages');
    assert.ok(searched.length >= 1, 'the search reached EC2');
    await until(async () => (await frame.locator('[data-field="count"]').count()) > 0, 'the result count');
    await result.scrollIntoViewIfNeeded();
    await wb.screenshot('catalog-5-community-hostile-name');
  });
});
