/**
 * The AMI Catalog inside a real VS Code, against the emulator (EC2 and SSM on one endpoint): Open
 * AMI Catalog opens one panel on the first region; its Quick start resolves through SSM
 * GetParameters in calls of at most 10 names (the request log) and DescribeImages, to the images
 * the emulator holds; a parameter not published in a region says so; Copy ID and Copy Parameter
 * Name fill the clipboard; Inspect opens that image's details; a refused GetParameters shows the
 * reason and Retry reads again; a Community search needs a pattern and marks unknown publishers;
 * "Open Catalog in This Region" on a region node moves the panel there.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { QUICK_START, quickStartParameters } from '../../src/model/catalog';
import type { AmiRef } from '../../src/model/image';
import type { CatalogModel } from '../../src/webviews/catalog/protocol';
import { menuRegex } from './support/commands';
import { emulator } from './support/emulator';
import { BASE_SETTINGS, clearSettings, eventually, getApi, rootNamed, settle } from './treeSupport';

const VIEW_TYPE = 'amiExplorer.catalog';
const AL2023_ARM = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';

function catalogTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

function foundRow(model: CatalogModel, parameter: string) {
  const row = model.quickStart?.find((r) => r.parameter === parameter);
  assert.ok(row, `a row for ${parameter}`);
  assert.equal(row.status.kind, 'found', `${parameter} resolved`);
  return row.status.kind === 'found' ? row.status.image : assert.fail('not found');
}

describe('AMI Catalog (panel)', function () {
  this.timeout(120_000);

  before(async () => {
    const api = await getApi();
    await settle(api, BASE_SETTINGS, ['us-east-1', 'eu-west-1']);
  });

  afterEach(async () => {
    await emulator.faults.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await clearSettings();
  });

  it('opens on the first region and resolves the Quick start through SSM, at most 10 names a call', async () => {
    await emulator.clearRequests();
    const model = await vscode.commands.executeCommand<CatalogModel | undefined>('amiExplorer.catalog.open');
    assert.ok(model, 'the command resolved with the model shown');
    assert.equal(model.where.region, 'us-east-1', 'the first listed region');
    assert.deepEqual(model.regions.slice(0, 2), ['us-east-1', 'eu-west-1']);
    assert.equal(model.quickStartError, undefined);
    assert.equal(model.quickStart?.length, QUICK_START.length);

    const log = await emulator.requests();
    const gets = log.filter((r) => r.service === 'ssm' && r.action === 'GetParameters' && r.region === 'us-east-1');
    assert.ok(gets.length >= 2, `16 names need at least two calls (${gets.length})`);
    const asked: string[] = [];
    for (const g of gets) {
      const names = Object.keys(g.params).filter((k) => /^Names\.\d+$/.test(k)).map((k) => g.params[k]!);
      assert.ok(names.length >= 1 && names.length <= 10, `one call asked for ${names.length} names`);
      asked.push(...names);
    }
    assert.deepEqual([...new Set(asked)].sort(), quickStartParameters().sort(), 'every parameter of the list, asked for');

    // The rows are what the emulator's parameters name: same ids, and the images' names and architectures.
    const images = new Map((await emulator.store.images('us-east-1')).map((i) => [i.imageId, i]));
    for (const row of model.quickStart ?? []) {
      const parameter = await emulator.store.ssmParameter('us-east-1', row.parameter);
      assert.ok(parameter, `${row.parameter} is published in us-east-1`);
      assert.equal(row.status.kind, 'found', row.parameter);
      if (row.status.kind !== 'found') continue;
      assert.equal(row.status.image.imageId, parameter.value, `${row.parameter} shows the image its value names`);
      const held = images.get(row.status.image.imageId);
      assert.ok(held, `${row.status.image.imageId} is an emulator image`);
      assert.equal(row.status.image.name, held.name);
      assert.equal(row.status.image.architecture, row.architecture, `${row.parameter} resolves to a ${row.architecture} image`);
    }
    const arm = foundRow(model, AL2023_ARM);
    assert.equal(arm.architecture, 'arm64');
    const described = log.filter((r) => r.service === 'ec2' && r.action === 'DescribeImages' && r.region === 'us-east-1' && Object.values(r.params).includes(arm.imageId));
    assert.ok(described.length >= 1, 'DescribeImages asked for the parameters\' values (by id)');
    assert.equal(arm.mark.kind, 'verified');
    await eventually(() => assert.deepEqual(catalogTabs().map((t) => t.label), ['AMI Catalog: us-east-1']), 'one catalog tab', 10_000);
  });

  it('copies the image id and the parameter name, and Inspect opens that image', async () => {
    const api = await getApi();
    const model = await vscode.commands.executeCommand<CatalogModel | undefined>('amiExplorer.catalog.open', { region: 'us-east-1' });
    assert.ok(model);
    const panel = api.catalogPanel();
    assert.ok(panel, 'the catalog panel is open');
    const arm = foundRow(model, AL2023_ARM);

    assert.deepEqual(await panel.copyId(arm.imageId), { copied: arm.imageId });
    assert.equal(await vscode.env.clipboard.readText(), arm.imageId);
    assert.deepEqual(await panel.copyParameter(AL2023_ARM), { copied: AL2023_ARM });
    assert.equal(await vscode.env.clipboard.readText(), AL2023_ARM);
    const refused = await panel.copyId('ami-0123456789abcdef0');
    assert.match(refused.message ?? '', /did not show/);
    assert.equal(await vscode.env.clipboard.readText(), AL2023_ARM, 'nothing copied for an id it did not show');

    await panel.imageAction('inspect', arm.imageId);
    const ref: AmiRef = { region: 'us-east-1', imageId: arm.imageId, ...(panel.where.profile !== undefined ? { profile: panel.where.profile } : {}) };
    await eventually(() => {
      const details = api.detailsPanel(ref);
      assert.ok(details?.model, 'the details panel of that image shows its model');
      assert.equal(details.model.header.imageId, arm.imageId);
    }, 'details of the Quick start image', 20_000);
  });

  it('says which parameters are not published in a region, and which name an image EC2 does not show', async () => {
    const model = await vscode.commands.executeCommand<CatalogModel | undefined>('amiExplorer.catalog.open', { region: 'ap-southeast-2' });
    assert.ok(model);
    assert.equal(model.where.region, 'ap-southeast-2');
    const gap = model.quickStart?.find((r) => r.parameter === '/aws/service/debian/release/13/latest/arm64');
    assert.equal(gap?.status.kind, 'notPublished');
    assert.match(model.summary ?? '', /not published there/);
    const arm = foundRow(model, AL2023_ARM);
    const notVisible = (m: CatalogModel | undefined): number => m?.quickStart?.filter((r) => r.status.kind === 'notVisible').length ?? -1;
    const before = notVisible(model);

    // The parameter still names an image EC2 no longer shows: said so, not an error.
    assert.equal(await emulator.store.removeImage('ap-southeast-2', arm.imageId), true);
    const api = await getApi();
    const panel = api.catalogPanel();
    assert.ok(panel);
    panel.reload();
    const again = await panel.whenLoaded();
    const row = again?.quickStart?.find((r) => r.parameter === AL2023_ARM);
    assert.deepEqual(row?.status, { kind: 'notVisible', imageId: arm.imageId });
    assert.equal(notVisible(again), before + 1);
    assert.match(again?.summary ?? '', new RegExp(`${before + 1} not visible`));

    // A name SSM no longer knows there: not published.
    assert.equal(await emulator.store.deleteSsmParameter('ap-southeast-2', AL2023_ARM), true);
    panel.reload();
    const third = await panel.whenLoaded();
    assert.equal(third?.quickStart?.find((r) => r.parameter === AL2023_ARM)?.status.kind, 'notPublished');
  });

  it('shows why the Quick start could not be read, and Retry reads it again', async () => {
    const api = await getApi();
    await emulator.faults.denyAction('GetParameters');
    const model = await vscode.commands.executeCommand<CatalogModel | undefined>('amiExplorer.catalog.open', { region: 'eu-west-1' });
    assert.ok(model);
    assert.equal(model.quickStart, undefined);
    assert.match(model.quickStartError ?? '', /^Could not resolve the Quick start in eu-west-1: /);
    assert.equal(model.where.region, 'eu-west-1', 'the place and the choices stay usable');

    await emulator.faults.denyAction('GetParameters', false);
    const panel = api.catalogPanel();
    assert.ok(panel);
    panel.reload();
    const again = await panel.whenLoaded();
    assert.equal(again?.quickStartError, undefined);
    foundRow(again!, AL2023_ARM);
  });

  it('searches Community images only with a pattern, marking unknown publishers', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('amiExplorer.catalog.open', { region: 'us-east-1' });
    const panel = api.catalogPanel();
    assert.ok(panel);
    await emulator.clearRequests();
    const empty = await panel.search({ source: 'community', namePattern: '', owner: '', architecture: '' });
    assert.equal(empty.status, 'invalid');
    assert.equal((await emulator.requests()).filter((r) => r.action === 'DescribeImages').length, 0, 'nothing sent without a pattern');

    const found = await panel.search({ source: 'community', namePattern: '*ubuntu*', owner: '', architecture: '' });
    assert.equal(found.status, 'ok', JSON.stringify(found));
    assert.ok(found.status === 'ok' && found.images.length > 0, 'community Ubuntu images');
    if (found.status !== 'ok') return;
    assert.ok(found.images.every((i) => i.mark.kind === 'community'), 'community images are never verified');
    assert.ok(found.images.every((i) => i.ownerAlias !== 'amazon' && i.ownerAlias !== 'aws-marketplace'));
    assert.ok(found.images.some((i) => i.mark.publisher === 'Canonical (099720109477)'), 'Canonical named as such');
    const copied = await panel.copyId(found.images[0]!.imageId);
    assert.equal(copied.copied, found.images[0]!.imageId, 'a search result can be copied');
  });

  it('searches AWS Marketplace images, all marked as verified providers', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('amiExplorer.catalog.open', { region: 'us-east-1' });
    const panel = api.catalogPanel();
    assert.ok(panel);
    await emulator.clearRequests();
    const found = await panel.search({ source: 'marketplace', namePattern: '*fortigate*', owner: '', architecture: 'x86_64' });
    assert.equal(found.status, 'ok', JSON.stringify(found));
    if (found.status !== 'ok') return;
    assert.ok(found.images.length >= 1, 'the seeded Marketplace product');
    assert.ok(found.images.every((i) => i.mark.kind === 'verified' && i.mark.publisher === 'AWS Marketplace' && /fortigate/i.test(i.name ?? '')));
    const sent = (await emulator.requests()).filter((r) => r.action === 'DescribeImages');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.params['Owner.1'], 'aws-marketplace', 'Owners=aws-marketplace');
    assert.ok(Object.values(sent[0]!.params).includes('*fortigate*'), 'the name pattern as a filter');
    const none = await panel.search({ source: 'marketplace', namePattern: 'no-such-product-*', owner: '', architecture: '' });
    assert.ok(none.status === 'ok' && none.images.length === 0 && /No AWS Marketplace images named like "no-such-product-\*"/.test(none.message ?? ''), JSON.stringify(none));
  });

  it('moves to a region node\'s region with "Open Catalog in This Region"', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('amiExplorer.catalog.open', { region: 'us-east-1' });
    const region = await rootNamed(api, 'eu-west-1');
    assert.match(region.contextValue, menuRegex('amiExplorer.region.openCatalog'), 'offered on region nodes');
    const model = await vscode.commands.executeCommand<CatalogModel | undefined>('amiExplorer.region.openCatalog', region.node);
    assert.equal(model?.where.region, 'eu-west-1');
    await eventually(() => assert.deepEqual(catalogTabs().map((t) => t.label), ['AMI Catalog: eu-west-1']), 'the one catalog tab moved to eu-west-1', 10_000);
  });
});
