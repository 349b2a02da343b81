/**
 * Find Unused AMIs… inside a real VS Code, against the EC2 emulator: the command with scripted
 * picks (regions, family rule) opens the report panel; the referenced image (the seed's instance
 * web-server-1, template, parameter and recipe) is excluded, never a candidate; Deregister Selected
 * with the modal cancelled sends nothing, accepted deregisters each image with its snapshots and the
 * rows leave the report; Export CSV writes the file picked in the save dialog; failures per region
 * are shown, not fatal.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_ACCOUNT } from '../emulator/accounts';
import { FIXTURE_NAMES } from '../emulator/seed';
import type { EmuImage } from '../emulator/types';
import { checkedSummary, type CleanupReport } from '../../src/model/cleanup';
import type { CleanupKey, DeregisterRequest, DeregisterResult, ExportResult } from '../../src/webviews/cleanup/protocol';
import { emulator } from './support/emulator';
import { pickLabels, scriptPrompts, type PromptScript, type ScriptedPrompts } from './support/prompts';
import { menuWhen, viewItemRegex } from './support/commands';
import { BASE_SETTINGS, clearSettings, eventually, getApi, rootNamed, settle } from './treeSupport';

const US = 'us-east-1';
const EU = 'eu-west-1';
const COMMAND = 'amiExplorer.cleanup.findUnused';

/** What the command resolves with: the report panel (its host-side methods are what the page's messages call). */
interface PanelHandle {
  readonly model: CleanupReport | undefined;
  readonly error: string | undefined;
  whenLoaded(): Promise<CleanupReport | undefined>;
  deregisterSelected(request: DeregisterRequest): Promise<DeregisterResult>;
  exportCsv(sort: 'age' | 'size' | 'family' | 'name'): Promise<ExportResult>;
}

async function run(arg: unknown, script: PromptScript): Promise<{ ui: ScriptedPrompts; panel: PanelHandle | undefined }> {
  const ui = scriptPrompts(script);
  try {
    const panel = await vscode.commands.executeCommand<PanelHandle | undefined>(COMMAND, arg);
    return { ui, panel };
  } finally {
    ui.restore();
  }
}

/** Runs `work` with prompts scripted; restores them whatever happens. */
async function scripted<T>(script: PromptScript, work: () => Promise<T>): Promise<{ ui: ScriptedPrompts; value: T }> {
  const ui = scriptPrompts(script);
  try {
    return { ui, value: await work() };
  } finally {
    ui.restore();
  }
}

/** The seed's referenced image of a region: the second-newest owned available one (test/emulator/seedReferences.ts). */
async function referencedImage(region: string): Promise<EmuImage> {
  const owned = (await emulator.store.images(region))
    .filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state === 'available' && !i.deprecationTime && i.platform !== 'windows')
    .sort((a, b) => b.creationDate.localeCompare(a.creationDate) || a.imageId.localeCompare(b.imageId));
  const image = owned[1];
  assert.ok(image, `${region} has a referenced image`);
  return image;
}

const DAY = 86_400_000;

/** Stores a throw-away owned image without snapshots, unreferenced (other suites keep the seeded ones). */
async function addOwnedImage(name: string, patch: Partial<EmuImage>): Promise<EmuImage> {
  const template = (await emulator.store.images(US)).find((i) => i.name === FIXTURE_NAMES.kitchenSink);
  assert.ok(template, 'the seed has the kitchen-sink image');
  const n = (Date.now() % 0xffffff).toString(16).padStart(6, '0') + name.length.toString(16).padStart(3, '0');
  const image: EmuImage = { ...template, imageId: `ami-0c1e${n.padStart(13, '0')}`, ownerId: DEFAULT_ACCOUNT, name, state: 'available', tags: [], productCodes: [], launchPermissions: [], deregistrationProtection: 'disabled', blockDeviceMappings: [], ...patch };
  if (!('deprecationTime' in patch)) delete image.deprecationTime;
  if (!('lastLaunchedTime' in patch)) delete image.lastLaunchedTime;
  await emulator.store.addImage(image);
  return image;
}

describe('Find Unused AMIs (clean-up report)', function () {
  this.timeout(120_000);

  before(async () => {
    const api = await getApi();
    await settle(api, BASE_SETTINGS, [US, EU]);
  });

  afterEach(async () => {
    await emulator.faults.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await clearSettings();
  });

  it('is offered on profile and region nodes, in the view title menu and the palette', async () => {
    const api = await getApi();
    const root = await rootNamed(api, US);
    const regex = viewItemRegex(menuWhen(COMMAND));
    assert.match(root.contextValue, regex, 'a region node offers it');
    assert.match('amiExplorer:profile', regex, 'a profile node offers it');
    assert.doesNotMatch('amiExplorer:ami+available+owned', regex, 'an image node does not');
    const pkg = vscode.extensions.getExtension('ami-explorer.ami-explorer')?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    assert.ok(pkg.contributes.menus['view/title']?.some((m) => m.command === COMMAND && m.when === 'view == amiExplorer.images'));
    assert.ok(!pkg.contributes.menus.commandPalette?.some((m) => m.command === COMMAND), 'not hidden from the palette');
  });

  it('from the palette with scripted picks: the referenced image is excluded with what uses it, never a candidate', async () => {
    const { ui, panel } = await run(undefined, { quickPick: [pickLabels(new RegExp(`^${US}$`), new RegExp(`^${EU}$`)), pickLabels(/^Name without/)] });
    assert.ok(panel, 'the report panel');
    const regionsPick = ui.quickPicks[0];
    assert.ok(regionsPick?.options?.canPickMany, 'regions: several may be picked');
    assert.deepEqual(regionsPick.items.filter((i) => i.picked).map((i) => i.label).sort(), [EU, US], "the tree's regions are ticked");
    const rulePick = ui.quickPicks[1];
    assert.match(rulePick?.items[0]?.label ?? '', /^Name without its version or date suffix$/);
    assert.ok(rulePick?.items.some((i) => /^Tag: /.test(i.label)), 'tag keys seen on loaded images are offered');

    const model = panel.model;
    assert.ok(model, `a report; error: ${panel.error ?? ''}`);
    assert.deepEqual(model.regions.map((r) => [r.region, r.status]).sort(), [[EU, 'ok'], [US, 'ok']]);
    for (const region of [US, EU]) {
      const referenced = await referencedImage(region);
      assert.ok(!model.candidates.some((c) => c.ref.imageId === referenced.imageId), `${referenced.imageId} is not a candidate`);
      const excluded = model.excluded.find((e) => e.ref.imageId === referenced.imageId);
      assert.ok(excluded, `${referenced.imageId} is listed as in use`);
      assert.ok(excluded.uses.some((u) => /^instance i-[0-9a-f]+$/.test(u)));
      assert.ok(excluded.uses.some((u) => /^launch template lt-[0-9a-f]+$/.test(u)));
      assert.ok(excluded.uses.includes('SSM parameter /golden/web/previous'));
    }
    const owned = (await emulator.store.images(US)).filter((i) => i.ownerId === DEFAULT_ACCOUNT);
    assert.ok(model.candidates.filter((c) => c.ref.region === US).length > 0);
    assert.ok(model.candidates.every((c) => owned.some((o) => o.imageId === c.ref.imageId) || c.ref.region === EU), 'only owned images');
    assert.equal(model.totals.count, model.candidates.length);
    assert.ok(model.totals.gib > 0);
    assert.equal(model.settings.unusedDays, 90);
    const requests = await emulator.requests();
    assert.ok(requests.some((r) => r.action === 'DescribeImages' && r.params['Owner.1'] === 'self'));
    assert.ok(requests.some((r) => r.action === 'DescribeImageReferences'));
  });

  it('Deregister Selected: cancelled sends nothing; accepted deregisters each with its snapshots and the rows leave the report', async () => {
    const key: CleanupKey = { regions: [US], family: { kind: 'name' } };
    const { panel } = await run(key, {});
    assert.ok(panel?.model);
    const referenced = await referencedImage(US);
    const chosen = panel.model.candidates.filter((c) => c.snapshotIds.length > 0 && c.state === 'available').slice(0, 2);
    assert.equal(chosen.length, 2, 'two candidates with snapshots');
    const request = { images: chosen.map((c) => ({ region: c.ref.region, imageId: c.ref.imageId })) };

    // a referenced image slipped into the request: refused before anything is asked
    const refused = await scripted({}, () => panel.deregisterSelected({ images: [...request.images, { region: US, imageId: referenced.imageId }] }));
    assert.equal(refused.value.status, 'refused');
    assert.equal(refused.ui.modals.length, 0);

    await emulator.clearRequests();
    const cancelled = await scripted({ modal: [undefined] }, () => panel.deregisterSelected(request));
    assert.equal(cancelled.value.status, 'cancelled');
    const modal = cancelled.ui.modals[0];
    assert.ok(modal, 'one modal');
    assert.match(modal.text, new RegExp(`^Deregister 2 images and delete ${chosen.reduce((n, c) => n + c.snapshotIds.length, 0)} snapshots? in ${US} \\(account ${DEFAULT_ACCOUNT}\\)\\?$`));
    for (const c of chosen) {
      assert.ok(modal.detail?.includes(c.ref.imageId));
      for (const s of c.snapshotIds) assert.ok(modal.detail?.includes(s), s);
    }
    assert.deepEqual(modal.buttons, ['Deregister and Delete Snapshots']);
    assert.ok(!(await emulator.requests()).some((r) => r.action === 'DeregisterImage'), 'nothing sent');

    const accepted = await scripted({ modal: ['Deregister and Delete Snapshots'] }, async () => {
      const result = await panel.deregisterSelected(request);
      return result;
    });
    assert.equal(accepted.value.status, 'done', accepted.value.message);
    assert.deepEqual(accepted.value.lines.map((l) => [l.imageId, l.status]), chosen.map((c) => [c.ref.imageId, 'done']));
    const sent = (await emulator.requests()).filter((r) => r.action === 'DeregisterImage');
    assert.deepEqual(sent.map((r) => r.params.ImageId), chosen.map((c) => c.ref.imageId));
    assert.ok(sent.every((r) => r.params.DeleteAssociatedSnapshots === 'true'));
    for (const c of chosen) {
      const stored = await emulator.store.getImage(US, c.ref.imageId);
      assert.ok(!stored || stored.state === 'deregistered', `${c.ref.imageId} is gone`);
    }
    const snapshots = (await emulator.store.snapshots(US)).map((s) => s.snapshotId);
    for (const c of chosen) for (const s of c.snapshotIds) assert.ok(!snapshots.includes(s), `${s} deleted`);
    await eventually(() => {
      const ids = panel.model?.candidates.map((c) => c.ref.imageId) ?? [];
      for (const c of chosen) assert.ok(!ids.includes(c.ref.imageId), `${c.ref.imageId} left the report`);
    }, 'rows removed through the change flow', 10_000);
    assert.match((await accepted.ui.message(/2 of 2 images deregistered/)).text, /2 of 2 images deregistered/);
  });

  it('an unreferenced image made yesterday and launched an hour ago is not offered, only counted; a deprecated one is', async () => {
    const now = Date.now();
    const fresh = await addOwnedImage('cleanrule-fresh', { creationDate: new Date(now - DAY).toISOString(), lastLaunchedTime: new Date(now - 3_600_000).toISOString() });
    const deprecated = await addOwnedImage('cleanrule-deprecated', { creationDate: new Date(now - DAY).toISOString(), lastLaunchedTime: new Date(now - 3_600_000).toISOString(), deprecationTime: new Date(now - 60_000).toISOString() });
    try {
      const { panel } = await run({ regions: [US], family: { kind: 'name' } }, {});
      assert.ok(panel, 'the report panel');
      const model = (await panel.whenLoaded()) ?? panel.model;
      assert.ok(model, `a report; error: ${panel.error ?? ''}`);
      assert.ok(!model.candidates.some((c) => c.ref.imageId === fresh.imageId), 'the fresh image is not a candidate');
      assert.ok(!model.excluded.some((c) => c.ref.imageId === fresh.imageId), 'nor listed as in use');
      assert.ok(model.recent.some((r) => r.imageId === fresh.imageId), 'it is counted as recent or current');
      assert.deepEqual(model.candidates.find((c) => c.ref.imageId === deprecated.imageId)?.reasons.map((r) => r.kind), ['noReferences', 'deprecated']);
      // every candidate has a sign of disuse besides "no references"
      for (const c of model.candidates) assert.ok(c.reasons.some((r) => r.kind !== 'noReferences'), c.ref.imageId);
      // the summary counts every owned image of the region once
      const owned = (await emulator.store.images(US)).filter((i) => i.ownerId === DEFAULT_ACCOUNT && i.state !== 'deregistered');
      assert.match(checkedSummary(model), new RegExp(`^${owned.length} images checked: ${model.candidates.length} candidates?, ${model.excluded.length} in use, ${model.recent.length} recent or current`));
    } finally {
      await emulator.store.removeImage(US, fresh.imageId);
      await emulator.store.removeImage(US, deprecated.imageId);
    }
  });

  it('Export CSV writes the candidates to the file picked; cancelled writes nothing', async () => {
    const { panel } = await run({ regions: [US], family: { kind: 'name' } }, {});
    assert.ok(panel?.model);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ami-explorer-cleanup-'));
    const file = path.join(dir, 'report.csv');
    const saved = await scripted({ saveDialog: [vscode.Uri.file(file)] }, () => panel.exportCsv('size'));
    assert.equal(saved.value.status, 'saved', saved.value.message);
    assert.match(String((saved.ui.dialogs[0] as vscode.SaveDialogOptions | undefined)?.filters?.CSV), /csv/);
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\r\n').filter((l) => l);
    assert.match(lines[0] ?? '', /^Image ID,Name,Region,Family,Created,Age \(days\),Last launched,Snapshot GiB,/);
    assert.equal(lines.length, panel.model.candidates.length + 1);
    const ids = lines.slice(1).map((l) => l.split(',')[0]);
    const bySize = [...panel.model.candidates].sort((a, b) => b.gib - a.gib).map((c) => c.gib);
    assert.deepEqual(ids.map((id) => panel.model?.candidates.find((c) => c.ref.imageId === id)?.gib), bySize, 'in the order asked for');
    fs.rmSync(file);
    const none = await scripted({ saveDialog: [undefined] }, () => panel.exportCsv('age'));
    assert.equal(none.value.status, 'cancelled');
    assert.ok(!fs.existsSync(file));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cancelling the progress stops the reads and the panel says so', async () => {
    await emulator.faults.setLatency(US, 400);
    const { ui, panel } = await run({ regions: [US], family: { kind: 'name' } }, { cancelProgress: { title: /^Finding unused AMIs/, afterMessage: /listing owned images/ } });
    assert.deepEqual(ui.cancelledProgress.length, 1);
    assert.ok(panel);
    assert.equal(panel.model, undefined);
    assert.match(panel.error ?? '', /cancelled/);
  });

  it('a region that fails is named with its reason; references that cannot be read leave that region without candidates', async () => {
    await emulator.faults.failRegion(EU, 'UnauthorizedOperation');
    const { panel } = await run({ regions: [US, EU], family: { kind: 'name' } }, {});
    assert.ok(panel?.model, 'the other region is still reported');
    const eu = panel.model.regions.find((r) => r.region === EU);
    assert.equal(eu?.status, 'failed');
    assert.match(eu?.message ?? '', /could not be listed/);
    assert.ok(panel.model.candidates.length > 0 && panel.model.candidates.every((c) => c.ref.region === US));
    await emulator.faults.reset();

    await emulator.faults.denyAction('DescribeImageReferences');
    const { panel: denied } = await run({ regions: [US], family: { kind: 'tag', key: 'Name' } }, {});
    assert.ok(denied?.model);
    assert.equal(denied.model.candidates.length, 0, 'nothing offered');
    assert.equal(denied.model.regions[0]?.status, 'notOffered');
    assert.match(denied.model.regions[0]?.message ?? '', /could not be read.*no image in us-east-1 is offered/);
  });
});
