/**
 * Inspecting an AMI as a person does, in the real workbench: click an image in the tree, read the
 * details panel, use it from the keyboard, and check in the browser itself that hostile names,
 * descriptions and tags stay text (no element, link or script comes from them, nothing runs).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FrameLocator } from 'playwright-core';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { FIXTURE_NAMES } from '../emulator/seed';
import { waitForWorkbench } from '../runners/browser';
import type { EmuImage } from '../emulator/types';
import { Workbench, ui } from './support/workbench';

const REGION = 'us-east-1';

function seeded(name: string): EmuImage {
  const image = ui().emulator.store.images(REGION).find((i) => i.name === name && i.ownerId === DEFAULT_ACCOUNT);
  assert.ok(image, `no seeded image ${name}`);
  return image;
}

/** The details page of the visible panel, once it shows the image with this title. */
async function detailsShowing(wb: Workbench, title: string): Promise<FrameLocator> {
  const frame = wb.webviewFrame();
  await frame.locator('h1[data-field="title"]', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
  return frame;
}

/** Facts plus tag rows the page lists now. */
async function listedRows(frame: FrameLocator): Promise<number> {
  return (await frame.locator('dl.facts dt').count()) + (await frame.locator('section[data-section="tags"] tbody tr').count());
}

describe('Inspect AMI (UI)', () => {
  let wb: Workbench;
  const dialogs: string[] = [];

  before(async () => {
    // restoreWindows: a reload reopens the editors (the harness starts with 'none'), for the reload test.
    ui().updateSettings({ 'amiExplorer.regions': [REGION], 'amiExplorer.images.owners': ['self'], 'amiExplorer.tree.groupByTag': '', 'window.restoreWindows': 'all' });
    wb = await Workbench.open();
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await wb.openAmiExplorer();
    await wb.expand(REGION);
  });

  after(async () => {
    await wb?.runCommand('View: Close All Editors').catch(() => undefined);
    ui().updateSettings({ 'window.restoreWindows': 'none' });
    await wb?.close();
  });

  it('opens the details of an image clicked in the tree, volumes first', async () => {
    const image = seeded(FIXTURE_NAMES.kitchenSink);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink)).click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);

    assert.equal(await frame.locator('.subtitle code').first().innerText(), image.imageId);
    const sections = await frame.locator('section[data-section]').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    assert.equal(sections[0], 'volumes', 'block device mappings come first');

    const devices = await frame.locator('table.volumes tbody tr td:first-child code').allInnerTexts();
    assert.deepEqual(devices, image.blockDeviceMappings.map((m) => m.deviceName));

    // Bars are as wide as the volumes are large, relative to the largest.
    const sizes = image.blockDeviceMappings.map((m) => m.ebs?.volumeSize ?? 0);
    const widths = await frame.locator('.bar-fill').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    const largest = Math.max(...sizes);
    const widest = Math.max(...widths);
    assert.ok(widest > 50, `the largest bar has a width (${widest}px)`);
    sizes.forEach((size, i) => {
      const expected = (size / largest) * widest;
      assert.ok(Math.abs((widths[i] ?? 0) - expected) <= Math.max(2, widest * 0.02), `bar ${i}: ${widths[i]}px for ${size} GiB, expected ~${expected}px`);
    });

    assert.equal(await frame.locator('[data-fact="bootMode"]').innerText(), image.bootMode ?? '');
    assert.match(await frame.locator('[data-fact="lastLaunchedTime"]').innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    assert.ok((await frame.locator('section[data-section="snapshots"] tbody tr').count()) >= 3, 'snapshot details listed');

    const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'; style-src /);

    const shot = await wb.screenshot('inspect-details');
    assert.ok(fs.statSync(shot).size > 10_000);
  });

  it('renders a hostile name, description and tags as plain text and runs nothing', async () => {
    const image = seeded(FIXTURE_NAMES.hostileMarkup);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.hostileMarkup)).click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.hostileMarkup);

    // The literal text is on the page...
    assert.equal(await frame.locator('h1[data-field="title"]').innerText(), FIXTURE_NAMES.hostileMarkup);
    assert.equal(await frame.locator('[data-fact="description"]').innerText(), image.description);
    const tagCells = await frame.locator('section[data-section="tags"] tbody td').allInnerTexts();
    for (const tag of image.tags) {
      assert.ok(tagCells.includes(tag.key), `tag key ${tag.key} shown as text`);
      assert.ok(tagCells.includes(tag.value), `tag value ${tag.value} shown as text`);
    }
    // ...and nothing in it became markup: no image, bold, link or extra script element exists.
    assert.equal(await frame.locator('img').count(), 0);
    assert.equal(await frame.locator('b').count(), 0);
    assert.equal(await frame.locator('a').count(), 0);
    // Scripts: our bundle, plus the acquireVsCodeApi preamble VS Code itself injects; none other.
    const scripts = await frame.locator('script').evaluateAll((els) => els.map((e) => ({ src: (e as HTMLScriptElement).src, text: e.textContent ?? '' })));
    assert.deepEqual(
      scripts.filter((x) => x.src !== '').map((x) => new URL(x.src).pathname.replace(/^.*\/dist\//, 'dist/')),
      ['dist/webview/details.js'],
    );
    for (const inline of scripts.filter((x) => x.src === '')) assert.match(inline.text, /^\s*globalThis\.acquireVsCodeApi = /);
    assert.ok(scripts.length <= 2);

    await wb.screenshot('inspect-hostile-markup');
    assert.deepEqual(dialogs, [], 'no dialog was opened');
  });

  it('shows `command:` and `javascript:` text without making it a link, and clicking it does nothing', async () => {
    const image = seeded(FIXTURE_NAMES.hostileLink);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.hostileLink)).click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.hostileLink);
    const title = frame.locator('h1[data-field="title"]');
    assert.equal(await title.innerText(), FIXTURE_NAMES.hostileLink);
    await title.click();
    assert.equal(await frame.locator('a').count(), 0);
    const javascriptTag = image.tags.find((t) => t.value.startsWith('javascript:'));
    assert.ok(javascriptTag, 'the fixture carries a javascript: tag');
    assert.equal(await frame.getByText(javascriptTag.value, { exact: true }).count(), 1);
    // The workbench is still here (workbench.action.quit did not run) and nothing popped up.
    assert.equal(await wb.activityBarItem().count(), 1);
    assert.deepEqual(dialogs, []);
  });

  it('works from the keyboard: toolbar buttons take focus, Enter refreshes and focus stays', async () => {
    const image = seeded(FIXTURE_NAMES.kitchenSink);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink)).click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
    const refresh = frame.locator('button[data-key="refresh"]');
    await refresh.focus();
    const requestsBefore = ui().emulator.requests.length;
    await refresh.press('Enter');
    // The page re-renders after the reload; the Refresh button is focused again.
    await frame.locator('h1[data-field="title"]').waitFor();
    const deadline = Date.now() + 15_000;
    while (ui().emulator.requests.length === requestsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(ui().emulator.requests.length > requestsBefore, 'refresh asked EC2 again');
    // The first load may use the image the tree node holds; Refresh describes it afresh.
    const describeDeadline = Date.now() + 15_000;
    const described = (): boolean =>
      ui().emulator.requests.slice(requestsBefore).some((r) => r.action === 'DescribeImages' && r.params['ImageId.1'] === image.imageId);
    while (!described() && Date.now() < describeDeadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(described(), 'refresh described the image again');
    const focused = await frame.locator(':focus').getAttribute('data-key', { timeout: 15_000 });
    assert.equal(focused, 'refresh');
    await frame.locator(':focus').press('Tab');
    assert.equal(await frame.locator(':focus').getAttribute('data-key'), 'copyId');
  });

  it('opens the source image from its link, in its own region', async () => {
    const image = seeded(FIXTURE_NAMES.kitchenSink);
    assert.ok(image.sourceImageId && image.sourceImageRegion, 'the kitchen-sink image has a source');
    const source = ui().emulator.store.getImage(image.sourceImageRegion, image.sourceImageId);
    assert.ok(source, 'its source exists');
    await (await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink)).click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
    const link = frame.locator('[data-fact="sourceImage"] button.link');
    assert.equal(await link.innerText(), `${source.imageId} (${source.region})`);
    await link.click();
    const sourceFrame = await detailsShowing(wb, source.name);
    assert.match(await sourceFrame.locator('.subtitle').innerText(), new RegExp(`${source.imageId} · ${source.region} `));
  });

  it('comes back from a hidden tab without asking EC2 again', async () => {
    const image = seeded(FIXTURE_NAMES.kitchenSink);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink)).click();
    await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.hostileShell)).click();
    await detailsShowing(wb, FIXTURE_NAMES.hostileShell);
    const before = ui().emulator.requests.length;
    // The kitchen-sink page was discarded while hidden (no retained context); bring it back.
    await wb.page.locator('.tabs-container .tab', { hasText: image.imageId }).first().click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
    assert.equal(await frame.locator('table.volumes tbody tr').count(), image.blockDeviceMappings.length);
    const asked = ui().emulator.requests.slice(before).filter((r) => Object.values(r.params).includes(image.imageId));
    assert.deepEqual(asked.map((r) => r.action), [], 'served from the kept state');
  });

  it('opens from the Command Palette through the image picker', async () => {
    const image = seeded(FIXTURE_NAMES.hostileShell);
    await wb.runCommand('AMI Explorer: Inspect AMI');
    // One region is configured, so the picker goes straight to the images of that region.
    const labels = await wb.quickPickItems();
    assert.ok(labels.length > 1, 'images are offered');
    await wb.acceptQuickInput(image.imageId);
    await detailsShowing(wb, FIXTURE_NAMES.hostileShell);
  });

  it('shows an image that EC2 no longer finds as gone: a banner over the last model, actions that need it disabled', async () => {
    const template = seeded(FIXTURE_NAMES.kitchenSink);
    // A throw-away image of mine, opened by id from the palette, then deregistered behind the panel's back.
    const doomed: EmuImage = { ...structuredClone(template), imageId: 'ami-0d00a11e5ee0ba5e1', name: 'ui-gone-after-refresh', tags: [], sourceImageId: undefined, sourceImageRegion: undefined };
    ui().emulator.store.addImage(doomed);
    await wb.runCommand('AMI Explorer: Inspect AMI');
    await wb.quickPickItems();
    await wb.acceptQuickInput(doomed.imageId);
    const frame = await detailsShowing(wb, doomed.name);
    assert.equal(await frame.locator('[data-field="gone"]').count(), 0);
    assert.ok(ui().emulator.store.removeImage(REGION, doomed.imageId));
    await frame.locator('button[data-key="refresh"]').click();
    const banner = frame.locator('[data-field="gone"]');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal((await banner.innerText()).trim(), `This image was deregistered or is no longer visible in ${REGION}.`);
    assert.equal(await frame.locator('h1[data-field="title"]').innerText(), doomed.name, 'the last model stays under the banner');
    assert.equal(await frame.locator('button[data-key="openJson"]').isDisabled(), true);
    assert.equal(await frame.locator('button[data-key="copyAs"]').isDisabled(), true);
    assert.equal(await frame.locator('button[data-key="refresh"]').isDisabled(), false, 'refresh stays');
    await wb.page.locator('.tabs-container .tab', { hasText: '(deregistered)' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('inspect-gone');
  });

  it('opens the JSON document from the panel', async () => {
    const image = seeded(FIXTURE_NAMES.kitchenSink);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink)).click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
    await frame.locator('button[data-key="openJson"]').click();
    const tab = wb.page.locator('.tabs-container .tab', { hasText: `${image.imageId}.json` });
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    await wb.page.locator('.monaco-editor .view-lines', { hasText: '"BlockDeviceMappings"' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('inspect-json');
  });

  it('restores the panel after a window reload from its kept state, without asking EC2', async () => {
    const image = seeded(FIXTURE_NAMES.kitchenSink);
    await (await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink)).click();
    await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
    const before = ui().emulator.requests.length;
    await wb.page.reload();
    await waitForWorkbench(wb.page);
    await wb.page.locator('.tabs-container .tab', { hasText: image.imageId }).first().click();
    const frame = await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
    assert.equal(await frame.locator('table.volumes tbody tr').count(), image.blockDeviceMappings.length);
    const asked = ui().emulator.requests.slice(before).filter((r) => Object.values(r.params).includes(image.imageId));
    assert.deepEqual(asked.map((r) => r.action), [], 'restored from the state the page kept');
    await wb.screenshot('inspect-restored');

    // The restored page's links work before any refresh: the source image opens from it.
    assert.ok(image.sourceImageId && image.sourceImageRegion, 'the kitchen-sink image has a source');
    const source = ui().emulator.store.getImage(image.sourceImageRegion, image.sourceImageId);
    assert.ok(source, 'its source exists');
    await frame.locator('[data-fact="sourceImage"] button.link').click();
    await detailsShowing(wb, source.name);
  });

  it('keeps the text typed in the filter, and its focus, when the host pushes the full model', async () => {
    const image = seeded(FIXTURE_NAMES.kitchenSink);
    await wb.runCommand('View: Close All Editors');
    // The tree node holds the image: the panel shows it at once, then waits for the slowed attribute,
    // snapshot and ancestry calls before the host pushes the full model.
    ui().emulator.faults.setLatency(REGION, 6_000);
    try {
      await (await wb.waitForTreeItem(FIXTURE_NAMES.kitchenSink)).click();
      const frame = await detailsShowing(wb, FIXTURE_NAMES.kitchenSink);
      await frame.locator('.content[data-partial="true"]').waitFor({ state: 'attached', timeout: 5_000 });
      assert.equal(await frame.locator('[data-loading="lastLaunchedTime"]').count(), 1, 'the first model marks what is still loading');

      const total = await listedRows(frame);
      assert.ok(total > 20, `facts and tags listed (${total})`);
      const input = frame.locator('vscode-textfield[data-key="filter"] input');
      await input.click();
      await input.pressSequentially('Boot');
      assert.equal(await frame.locator('[data-field="filterCount"]').innerText(), `1 of ${total}`);
      assert.equal(await listedRows(frame), 1);
      assert.equal(await frame.locator('.content[data-partial="true"]').count(), 1, 'typed before the full model arrived');

      // The host's full model lands: the page is no longer partial and the last launch time is shown.
      await frame.locator('.content[data-partial="false"]').waitFor({ state: 'attached', timeout: 30_000 });
      await frame.locator('[data-loading]').first().waitFor({ state: 'detached', timeout: 5_000 });
      assert.match(await frame.locator('[data-fact="bootMode"]').innerText(), new RegExp(image.bootMode ?? 'Not set'));

      const focus = await frame.locator('body').evaluate(() => {
        const active = document.activeElement;
        const inner = active?.shadowRoot?.activeElement;
        return {
          host: active?.tagName.toLowerCase(),
          key: active?.getAttribute('data-key'),
          inner: inner?.tagName.toLowerCase(),
          value: (active as HTMLInputElement | null)?.value,
          innerValue: (inner as HTMLInputElement | null | undefined)?.value,
        };
      });
      assert.deepEqual(focus, { host: 'vscode-textfield', key: 'filter', inner: 'input', value: 'Boot', innerValue: 'Boot' }, 'text and focus survived the update');
      // Typing goes on where it was: the caret stayed at the end.
      await wb.page.keyboard.type(' m');
      assert.equal(await input.inputValue(), 'Boot m');
      assert.deepEqual(await frame.locator('dl.facts dt').allInnerTexts(), ['Boot mode']);
      await wb.screenshot('inspect-filter-kept');
      await input.fill('no-such-thing-anywhere');
      await frame.locator('[data-field="filterEmpty"]').waitFor({ state: 'visible' });
      assert.equal(await frame.locator('[data-field="filterCount"]').innerText(), `0 of ${total}`);
      assert.equal(await listedRows(frame), 0);
    } finally {
      ui().emulator.faults.setLatency(REGION, 0);
    }
  });

  it('shows a failed command with its reason and a way to the log', async () => {
    const image = seeded(FIXTURE_NAMES.hostileShell);
    ui().emulator.faults.failRegion(REGION, 'UnauthorizedOperation');
    try {
      await wb.runCommand('AMI Explorer: Copy as…');
      // Listing fails too, so the image id is typed.
      await wb.acceptQuickInput(image.imageId);
      await wb.pickQuickItem('Terraform');
      const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Copy as failed:' });
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await toast.locator('.monaco-button', { hasText: 'Show Log' }).count(), 1, 'the shared command wrapper offers the log');
      await wb.screenshot('inspect-command-failed');
    } finally {
      ui().emulator.faults.failRegion(REGION, undefined);
      await wb.page.keyboard.press('Escape');
    }
  });
});
