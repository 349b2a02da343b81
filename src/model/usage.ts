/**
 * What uses an image, as a person reads it: Find Usage rows (what in this account and region
 * refers to it, with the id to copy and the console page) with its last launched time, and the
 * summaries of an image usage report (which other accounts use it, and how much). Pure: no
 * vscode, no SDK.
 */
import { displayReference, referenceConsoleUrl, summarizeReferences, type ImageReferenceInfo } from './references';
import { utcText } from './recycleBin';
import { pickText } from './text';

// ---- Find Usage ----

export interface ReferenceRow {
  /** "instance", "launch template", "SSM parameter"… */
  readonly kindLabel: string;
  /** What Copy Id puts on the clipboard. */
  readonly id: string;
  readonly region?: string;
  readonly arn: string;
  /** The console page, when there is one for the kind. */
  readonly consoleUrl?: string;
  /** Quick-pick texts (names made plain). */
  readonly label: string;
  readonly description: string;
}

/** One row per reference, in EC2's type order then by id. */
export function referenceRows(refs: readonly ImageReferenceInfo[], fallbackRegion: string): ReferenceRow[] {
  return refs.map((ref) => {
    const d = displayReference(ref);
    const consoleUrl = referenceConsoleUrl(ref, fallbackRegion);
    return {
      kindLabel: d.kindLabel,
      id: d.id,
      arn: ref.arn,
      label: pickText(d.id),
      description: [d.kindLabel, d.region ?? fallbackRegion].join(' · '),
      ...(d.region ? { region: d.region } : {}),
      ...(consoleUrl ? { consoleUrl } : {}),
    };
  });
}

const DAY = 86_400_000;

/** "2026-11-30 10:00 UTC (6 days ago)"; "today" / "yesterday" for the last two days. */
function agoText(iso: string, now: Date): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (Number.isNaN(ms)) return iso;
  const days = Math.floor(ms / DAY);
  const ago = ms < 0 ? 'in the future' : days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return `${utcText(iso)} (${ago})`;
}

/** The header line of Find Usage. */
export function lastLaunchedText(lastLaunchedTime: string | undefined, now: Date): string {
  if (!lastLaunchedTime) return 'Last launched: never, as far as EC2 recorded (it records launches since 2017).';
  return `Last launched ${agoText(lastLaunchedTime, now)}.`;
}

/** The title of Find Usage's list: "ami-1 in us-east-1 is used by 2 instances and 1 launch template". */
export function referencesTitle(imageId: string, region: string, refs: readonly ImageReferenceInfo[]): string {
  return `${imageId} in ${region} is used by ${summarizeReferences(refs)}`;
}

/** What Find Usage says when nothing refers to the image. */
export function noReferencesText(imageId: string, region: string): string {
  return `Nothing in this account and region refers to ${imageId} (${region}): no instance, launch template, SSM parameter or Image Builder recipe. Other accounts' use is not visible here: for an image you share, use Who Uses It.`;
}

// ---- image usage reports ----

export interface UsageReportEntry {
  readonly accountId: string;
  /** ec2:Instance | ec2:LaunchTemplate (kept as EC2 sent it). */
  readonly resourceType: string;
  readonly usageCount: number;
  /** ISO 8601. */
  readonly reportCreationTime?: string;
}

export interface AccountUsage {
  readonly accountId: string;
  readonly instances: number;
  readonly launchTemplates: number;
  /** Counts of types EC2 adds later, by type. */
  readonly other: Readonly<Record<string, number>>;
  readonly total: number;
}

export const USAGE_RESOURCE_TYPES = ['ec2:Instance', 'ec2:LaunchTemplate'] as const;

/** One row per account, the biggest user first (then by account id). */
export function summarizeUsage(entries: readonly UsageReportEntry[]): AccountUsage[] {
  const byAccount = new Map<string, { instances: number; launchTemplates: number; other: Record<string, number> }>();
  for (const e of entries) {
    const a = byAccount.get(e.accountId) ?? { instances: 0, launchTemplates: 0, other: {} };
    if (e.resourceType === 'ec2:Instance') a.instances += e.usageCount;
    else if (e.resourceType === 'ec2:LaunchTemplate') a.launchTemplates += e.usageCount;
    else a.other[e.resourceType] = (a.other[e.resourceType] ?? 0) + e.usageCount;
    byAccount.set(e.accountId, a);
  }
  return [...byAccount.entries()]
    .map(([accountId, a]) => ({ accountId, ...a, total: a.instances + a.launchTemplates + Object.values(a.other).reduce((x, y) => x + y, 0) }))
    .sort((x, y) => y.total - x.total || x.accountId.localeCompare(y.accountId));
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 instances, 1 launch template" for one account. */
export function accountUsageText(a: AccountUsage): string {
  const parts: string[] = [];
  if (a.instances > 0) parts.push(count(a.instances, 'instance', 'instances'));
  if (a.launchTemplates > 0) parts.push(count(a.launchTemplates, 'launch template', 'launch templates'));
  for (const [type, n] of Object.entries(a.other).sort()) parts.push(`${n} ${pickText(type)}`);
  return parts.length > 0 ? parts.join(', ') : 'no use';
}

/** The summary line: "2 accounts use ami-1 (us-east-1): 4 instances and 1 launch template in all." */
export function usageReportSummary(imageId: string, region: string, accounts: readonly AccountUsage[]): string {
  if (accounts.length === 0) {
    return `No other account uses ${imageId} (${region}) in instances or launch templates, according to the usage report.`;
  }
  const instances = accounts.reduce((n, a) => n + a.instances, 0);
  const templates = accounts.reduce((n, a) => n + a.launchTemplates, 0);
  const totals = [instances > 0 ? count(instances, 'instance', 'instances') : '', templates > 0 ? count(templates, 'launch template', 'launch templates') : ''].filter((x) => x);
  return `${count(accounts.length, 'account uses', 'accounts use')} ${imageId} (${region})${totals.length > 0 ? `: ${totals.join(' and ')} in all` : ''}.`;
}
