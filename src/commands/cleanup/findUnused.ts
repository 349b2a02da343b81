/**
 * Find Unused AMIs…: the clean-up report of one profile's owned images in the chosen regions. From
 * the palette, the Images view's title menu, a profile node (its regions) or a region node (that
 * region): picks the profile (when several), the regions (several; the tree's regions or the
 * clicked one ticked), the family rule (the name without its version/date suffix, or a tag key
 * seen on the loaded images), then opens the report panel, which reads under a cancellable
 * progress. `{ profile?, regions, family }` (tests, other commands) skips the pickers.
 */
import * as vscode from 'vscode';
import type { FamilyRule } from '../../model/cleanup';
import { pickText } from '../../model/text';
import { ProfileNode } from '../../tree/profileNode';
import { RegionNode } from '../../tree/regionNode';
import { pickProfile } from '../../ui/pickImage';
import { CleanupPanel } from '../../webviews/cleanup/cleanupPanel';
import { createCleanupHost } from '../../webviews/cleanup/cleanupHost';
import { isCleanupKey, type CleanupKey } from '../../webviews/cleanup/protocol';
import { isRecord } from '../../webviews/guards';
import { defineCommand } from '../command';
import type { CommandContext } from '../context';
import { CommandError, fromFailure } from '../errors';
import { COMMAND_IDS } from '../ids';

const TITLE = 'Find Unused AMIs';

type RuleItem = vscode.QuickPickItem & { rule: FamilyRule };

/** The regions to offer (enabled ones plus configured ones), those ticked at first listed first. */
async function pickRegions(ctx: CommandContext, profile: string | undefined, preselected: readonly string[]): Promise<string[] | undefined> {
  const listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing regions…' }, () => ctx.services.aws().listRegions(profile, undefined, { ignoreConfigured: true }));
  if (!listed.ok) throw fromFailure(listed.error);
  const names = listed.value.map((r) => r.name);
  for (const r of [...ctx.services.settings().regions, ...preselected]) if (!names.includes(r)) names.push(r);
  const ticked = preselected.length > 0 ? preselected : names;
  // The ticked regions first, so they are seen without scrolling.
  const ordered = [...names.filter((n) => ticked.includes(n)), ...names.filter((n) => !ticked.includes(n))];
  const picked = await vscode.window.showQuickPick(
    ordered.map((name) => ({ label: name, picked: ticked.includes(name) })),
    { title: `${TITLE}: regions`, placeHolder: 'Regions to look in', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) return undefined;
  return picked.map((p) => p.label);
}

/** Name rule first, then one item per tag key seen on the loaded images. */
async function pickFamilyRule(ctx: CommandContext): Promise<FamilyRule | undefined> {
  const keys = [...new Set(ctx.tree.provider.loadedImages().flatMap((i) => Object.keys(i.tags ?? {})))].filter((k) => !k.startsWith('aws:')).sort((a, b) => a.localeCompare(b));
  const items: RuleItem[] = [
    { label: 'Name without its version or date suffix', description: 'web-server-2026-10-01 → web-server', rule: { kind: 'name' } },
    ...keys.map((key) => ({ label: `Tag: ${pickText(key)}`, description: 'images with the same value are one family', rule: { kind: 'tag' as const, key } })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE}: family`, placeHolder: 'What makes images one family (for "older than the newest K of its family")', ignoreFocusOut: true });
  return picked?.rule;
}

/** The report's key: from the argument when complete, else from the pickers. */
async function resolveKey(ctx: CommandContext, arg: unknown): Promise<CleanupKey | undefined> {
  if (isRecord(arg) && !(arg instanceof RegionNode) && !(arg instanceof ProfileNode)) {
    if (!isCleanupKey(arg) || arg.regions.length === 0) throw new CommandError('This command needs a profile, regions and a family rule.');
    return arg;
  }
  let profile: string | undefined;
  let preselected: string[] = [];
  const treeRegions = (p: string | undefined): string[] => ctx.tree.provider.regions().filter((r) => r.profile === p).map((r) => r.region);
  if (arg instanceof RegionNode) {
    profile = arg.profile;
    preselected = [arg.region];
  } else if (arg instanceof ProfileNode) {
    profile = arg.profile;
    preselected = arg.regions.map((r) => r.region);
  } else if (arg === undefined) {
    const chosen = await pickProfile(ctx.services, TITLE);
    if (!chosen) return undefined;
    profile = chosen.profile;
    preselected = treeRegions(profile);
    if (preselected.length === 0) preselected = ctx.services.settings().regions;
  } else {
    throw new CommandError('This command needs a profile or a region.', 'Run it on a profile or region in the AMI Explorer view, or from the Command Palette.');
  }
  const regions = await pickRegions(ctx, profile, preselected);
  if (!regions) return undefined;
  const family = await pickFamilyRule(ctx);
  if (!family) return undefined;
  return { ...(profile !== undefined ? { profile } : {}), regions, family };
}

export default defineCommand({
  id: COMMAND_IDS.findUnused,
  title: TITLE,
  async run(ctx, arg?: unknown): Promise<CleanupPanel | undefined> {
    const key = await resolveKey(ctx, arg);
    if (!key) return undefined;
    const panel = CleanupPanel.show(createCleanupHost(ctx.services, ctx.writes), key);
    await panel.whenLoaded();
    return panel;
  },
});
