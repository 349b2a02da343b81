/**
 * The clean-up report ("Find Unused AMIs…"), as a person reads it: the family of an image (a tag's
 * value, else its name without the version/date suffix), the reasons an owned image is a candidate
 * for removal, what excludes it (a known reference, or another account's use in a usage report),
 * its sharing status, the snapshot storage it holds with an estimated monthly cost, sorting, the CSV
 * export (RFC 4180 quoting and formula guarding) and the confirmation of "Deregister Selected…".
 * Pure: no vscode, no SDK.
 */
import type { AmiImage, AmiRef } from './image';
import type { LaunchPermissionState } from './launchPermissions';
import { blocksDeregistration, parseProtection, protectionText } from './lifecycle';
import { referenceLines, summarizeReferences, type ImageReferenceInfo } from './references';
import { summarizeUsage, type UsageReportEntry } from './usage';
import { visibleLine } from './text';

const DAY = 86_400_000;

// ---- settings ----

export const CLEANUP_DEFAULTS = { unusedDays: 90, keepNewest: 3, pricePerGbMonth: 0.05 } as const;

export interface CleanupSettings {
  /** Not launched for this many days is a reason. */
  readonly unusedDays: number;
  /** Older than the newest K of its family is a reason. */
  readonly keepNewest: number;
  /** USD per GB-month of snapshot storage (an estimate). */
  readonly pricePerGbMonth: number;
}

function bounded(value: unknown, min: number, max: number, fallback: number, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  const v = integer ? Math.floor(value) : value;
  return v < min || v > max ? fallback : v;
}

/** The three `amiExplorer.cleanup.*` settings; anything out of bounds falls back to the default. */
export function parseCleanupSettings(get: (key: 'unusedDays' | 'keepNewest' | 'pricePerGbMonth') => unknown): CleanupSettings {
  return {
    unusedDays: bounded(get('unusedDays'), 1, 3650, CLEANUP_DEFAULTS.unusedDays, true),
    keepNewest: bounded(get('keepNewest'), 1, 100, CLEANUP_DEFAULTS.keepNewest, true),
    pricePerGbMonth: bounded(get('pricePerGbMonth'), 0, 10, CLEANUP_DEFAULTS.pricePerGbMonth, false),
  };
}

// ---- family ----

/** How images are put in families: by the value of a tag key, or by the name without its version/date suffix. */
export type FamilyRule = { readonly kind: 'name' } | { readonly kind: 'tag'; readonly key: string };

export function familyRuleText(rule: FamilyRule): string {
  return rule.kind === 'name' ? 'name without its version or date suffix' : `value of the tag ${visibleLine(rule.key)}`;
}

/** The parts of a name, between separators (- _ . space + : ~ /); `x86_64` is one part (an architecture, not a version). */
const NAME_PART = /x86_64|[^-_.\s+:~/]+/giu;
/** A version or date part: starts with a digit (2026, 20261001T1200, 1, 4rc1) or v + digit (v1, V2). */
const NUMERIC_PART = /^v?\d[\p{L}\p{N}]*$/iu;
/** A build hash (at least one digit). */
const HASH_PART = /^(?=.*\d)[0-9a-f]{7,40}$/i;
/** A pre-release qualifier (rc1, beta, alpha2…): a suffix only when it follows a version part. */
const QUALIFIER_PART = /^(rc|alpha|beta|pre|preview|dev|snapshot|build|b|r|p|patch|hotfix|final|ga)\d*$/i;

function isVersionPart(part: string): boolean {
  return NUMERIC_PART.test(part) || HASH_PART.test(part);
}

/**
 * The family part of a name: the name without its trailing version/date parts, e.g.
 * `web-server-2026-10-01`, `web-server-v1.2.3`, `web-server-20261001T1200` → `web-server`,
 * `app_1.4.0-rc1` → `app`. Undefined when nothing is left (the name is all version) or the name is
 * empty: the image is then its own family.
 */
export function nameFamily(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const parts: { text: string; start: number }[] = [];
  for (const m of name.matchAll(NAME_PART)) parts.push({ text: m[0], start: m.index ?? 0 });
  let keep = parts.length;
  while (keep > 0) {
    const part = parts[keep - 1]?.text ?? '';
    if (isVersionPart(part)) {
      keep--;
      continue;
    }
    const before = parts[keep - 2]?.text;
    if (QUALIFIER_PART.test(part) && before !== undefined && isVersionPart(before)) {
      keep--;
      continue;
    }
    break;
  }
  if (keep === 0) return undefined;
  if (keep === parts.length) return name.trim() || undefined;
  const last = parts[keep - 1];
  if (!last) return undefined;
  const family = name.slice(0, last.start + last.text.length).trim();
  return family || undefined;
}

/** An image's family: a key that groups it (per region) and the text shown; `own` when it is its own family. */
export interface Family {
  readonly key: string;
  readonly label: string;
  readonly own: boolean;
}

export function familyOf(image: Pick<AmiImage, 'imageId' | 'name' | 'tags'>, rule: FamilyRule): Family {
  const value = rule.kind === 'tag' ? image.tags?.[rule.key] : nameFamily(image.name);
  if (value === undefined || value.trim() === '') {
    return { key: `own:${image.imageId}`, label: rule.kind === 'tag' ? `(no ${visibleLine(rule.key)} tag)` : '(own family)', own: true };
  }
  return { key: `${rule.kind}:${value}`, label: visibleLine(value), own: false };
}

// ---- size and cost ----

/** Snapshot GiB an image holds: the sum of the volume sizes of its EBS mappings that have a snapshot. */
export function snapshotGib(image: Pick<AmiImage, 'blockDeviceMappings'>): number {
  let total = 0;
  for (const m of (image.blockDeviceMappings ?? [])) if (m.ebs?.snapshotId && typeof m.ebs.volumeSize === 'number' && m.ebs.volumeSize > 0) total += m.ebs.volumeSize;
  return total;
}

export function snapshotsOf(image: Pick<AmiImage, 'blockDeviceMappings'>): string[] {
  return [...new Set((image.blockDeviceMappings ?? []).flatMap((m) => (m.ebs?.snapshotId ? [m.ebs.snapshotId] : [])))];
}

/** Estimated monthly storage cost in USD, rounded to the cent. */
export function monthlyCost(gib: number, pricePerGbMonth: number): number {
  return Math.round(gib * pricePerGbMonth * 100) / 100;
}

export function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

export const ESTIMATE_NOTE =
  'Estimate: volume size × price per GB-month. Snapshots are incremental and may be shared by several images, so the storage actually billed is usually less.';

// ---- reasons, sharing, exclusion ----

export type ReasonKind = 'noReferences' | 'notLaunched' | 'olderThanNewest' | 'deprecated' | 'disabled';

export interface Reason {
  readonly kind: ReasonKind;
  readonly text: string;
}

export type SharingKind = 'private' | 'unknown' | 'noOtherUse' | 'unreadable';

export interface SharingStatus {
  readonly kind: SharingKind;
  readonly text: string;
}

/** The newest available usage report of an image and its entries. */
export interface UsageReportRead {
  readonly reportId: string;
  /** ISO 8601 creation time of the report. */
  readonly createdAt: string;
  readonly entries: readonly UsageReportEntry[];
}

/** What was read about one owned image besides itself. */
export interface ImageFacts {
  /** Its launch permissions (owner only); undefined when not read (public images need none). */
  readonly permissions?: LaunchPermissionState;
  /** Why its launch permissions could not be read. */
  readonly permissionsError?: string;
  /** The newest available usage report for it, if any. */
  readonly usageReport?: UsageReportRead;
}

/** What was read in one region. */
export interface RegionRead {
  readonly region: string;
  /** Why the owned images could not be listed: nothing shown for the region. */
  readonly imagesError?: string;
  readonly images: readonly AmiImage[];
  /** Every reference found (for all images); undefined when they could not be read. */
  readonly references?: readonly ImageReferenceInfo[];
  /** Why the references could not be read: nothing in the region is offered. */
  readonly referencesError?: string;
  readonly facts: Readonly<Record<string, ImageFacts>>;
  /** Partial failures worth saying (usage reports not readable…). */
  readonly notes?: readonly string[];
}

export interface CandidateRow {
  readonly ref: AmiRef;
  /** The name as EC2 has it (hostile: views escape it, the CSV guards and quotes it). */
  readonly name: string;
  readonly family: string;
  readonly creationDate?: string;
  /** Whole days since creation; undefined when the date is unknown. */
  readonly ageDays?: number;
  readonly lastLaunched: string;
  readonly snapshotIds: readonly string[];
  readonly gib: number;
  readonly monthlyCost: number;
  readonly reasons: readonly Reason[];
  readonly sharing: SharingStatus;
  readonly state: string;
  /** Set when deregistration protection (or its cooldown) refuses deregistration now: says so. */
  readonly protection?: string;
}

export interface ExcludedRow {
  readonly ref: AmiRef;
  readonly name: string;
  readonly family: string;
  readonly gib: number;
  /** What uses it, one line each ("instance i-…", "account 1234… (report of …): 3 instances"). */
  readonly uses: readonly string[];
  readonly summary: string;
  /** The reasons it would otherwise have (shown, never acted on). */
  readonly reasons: readonly Reason[];
}

export interface RegionStatus {
  readonly region: string;
  readonly status: 'ok' | 'failed' | 'notOffered';
  readonly message?: string;
}

export interface Totals {
  readonly count: number;
  readonly gib: number;
  readonly monthlyCost: number;
}

export interface CleanupReport {
  readonly version: 1;
  readonly profile?: string;
  readonly regions: readonly RegionStatus[];
  readonly familyRule: FamilyRule;
  readonly settings: CleanupSettings;
  readonly candidates: readonly CandidateRow[];
  readonly excluded: readonly ExcludedRow[];
  /**
   * Owned images checked that are neither in use nor candidates (no known use, but no sign of
   * disuse besides "no references": recent or current). Not listed; counted in the summary line.
   */
  readonly recent: readonly AmiRef[];
  /** Owned images listed but not assessed: still being made (pending), or where references could not be read. */
  readonly notAssessed: number;
  readonly totals: Totals;
  /** ISO 8601: when the report was made. */
  readonly generatedAt: string;
  readonly notes: readonly string[];
}

function daysBetween(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.floor((now.getTime() - t) / DAY));
}

function day(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? visibleLine(iso) : new Date(t).toISOString().slice(0, 10);
}

/** "2026-10-01 (67 days ago)", or "never (EC2 records launches since 2017)". */
export function lastLaunchedCell(image: Pick<AmiImage, 'lastLaunchedTime'>, now: Date): string {
  const days = daysBetween(image.lastLaunchedTime, now);
  if (!image.lastLaunchedTime) return 'never (as far as EC2 recorded)';
  return days === undefined ? visibleLine(image.lastLaunchedTime) : `${day(image.lastLaunchedTime)} (${days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`})`;
}

/** The family rank of each image (0 = newest), per region and family, by creation date then id. */
export function familyRanks(images: readonly AmiImage[], rule: FamilyRule): Map<string, { family: Family; rank: number; size: number }> {
  const groups = new Map<string, AmiImage[]>();
  const families = new Map<string, Family>();
  for (const image of images) {
    const family = familyOf(image, rule);
    families.set(image.imageId, family);
    const key = `${image.region}\u0000${family.key}`;
    const list = groups.get(key) ?? [];
    list.push(image);
    groups.set(key, list);
  }
  const out = new Map<string, { family: Family; rank: number; size: number }>();
  for (const list of groups.values()) {
    list.sort((a, b) => (b.creationDate ?? '').localeCompare(a.creationDate ?? '') || a.imageId.localeCompare(b.imageId));
    list.forEach((image, rank) => {
      const family = families.get(image.imageId);
      if (family) out.set(image.imageId, { family, rank, size: list.length });
    });
  }
  return out;
}

/**
 * The reasons of one owned image. `references` is undefined when they could not be read (then "no
 * references" is never claimed).
 */
export function reasonsFor(
  image: AmiImage,
  context: { readonly references?: readonly ImageReferenceInfo[]; readonly rank?: number; readonly familyLabel?: string; readonly settings: CleanupSettings; readonly now: Date },
): Reason[] {
  const { settings, now } = context;
  const reasons: Reason[] = [];
  if (context.references !== undefined && context.references.length === 0) {
    reasons.push({ kind: 'noReferences', text: 'No references in this account and region' });
  }
  const launchedDays = daysBetween(image.lastLaunchedTime, now);
  if (launchedDays !== undefined) {
    if (launchedDays >= settings.unusedDays) reasons.push({ kind: 'notLaunched', text: `Not launched for ${launchedDays} days (last ${day(image.lastLaunchedTime ?? '')})` });
  } else {
    const createdDays = daysBetween(image.creationDate, now);
    if (createdDays !== undefined && createdDays >= settings.unusedDays) {
      reasons.push({ kind: 'notLaunched', text: `Never launched as far as EC2 recorded; created ${createdDays} days ago` });
    }
  }
  if (context.rank !== undefined && context.rank >= settings.keepNewest) {
    reasons.push({ kind: 'olderThanNewest', text: `Older than the newest ${settings.keepNewest} of its family ${context.familyLabel ?? ''}`.trimEnd() + ` (number ${context.rank + 1} by creation date)` });
  }
  if (image.deprecationTime) {
    const t = Date.parse(image.deprecationTime);
    if (!Number.isNaN(t) && t <= now.getTime()) reasons.push({ kind: 'deprecated', text: `Deprecated since ${day(image.deprecationTime)}` });
  }
  if (image.state === 'disabled') reasons.push({ kind: 'disabled', text: 'Disabled' });
  return reasons;
}

/** Whether the image is shared beyond its owner: public, or with accounts, organizations or OUs. */
export function isShared(image: Pick<AmiImage, 'public'>, permissions: LaunchPermissionState | undefined): boolean {
  return image.public || (permissions !== undefined && (permissions.public || permissions.accounts.length > 0 || permissions.orgArns.length > 0 || permissions.ouArns.length > 0));
}

/** Other accounts' use in a usage report (the owner's own account left out). */
export function otherAccountUse(report: UsageReportRead | undefined, ownerId: string | undefined): ReturnType<typeof summarizeUsage> {
  if (!report) return [];
  return summarizeUsage(report.entries.filter((e) => e.usageCount > 0 && e.accountId !== ownerId));
}

/** The sharing status of a candidate (its use by other accounts). */
export function sharingStatus(image: AmiImage, facts: ImageFacts): SharingStatus {
  if (!image.public && facts.permissions === undefined && facts.permissionsError !== undefined) {
    return { kind: 'unreadable', text: `Sharing unknown: the launch permissions could not be read (${visibleLine(facts.permissionsError)})` };
  }
  if (!isShared(image, facts.permissions)) return { kind: 'private', text: 'Not shared' };
  const how = image.public || facts.permissions?.public ? 'Public' : 'Shared';
  if (facts.usageReport && otherAccountUse(facts.usageReport, image.ownerId).length === 0) {
    return { kind: 'noOtherUse', text: `${how}: no use by other accounts as of ${day(facts.usageReport.createdAt)} (usage report)` };
  }
  return { kind: 'unknown', text: `${how}: use by other accounts unknown` };
}

function usageLines(report: UsageReportRead, ownerId: string | undefined): string[] {
  return otherAccountUse(report, ownerId).map((a) => {
    const parts = [a.instances > 0 ? `${a.instances} instance${a.instances === 1 ? '' : 's'}` : '', a.launchTemplates > 0 ? `${a.launchTemplates} launch template${a.launchTemplates === 1 ? '' : 's'}` : '']
      .concat(Object.entries(a.other).map(([t, n]) => `${n} ${visibleLine(t)}`))
      .filter((p) => p);
    return `account ${a.accountId}: ${parts.join(', ') || 'in use'} (usage report of ${day(report.createdAt)})`;
  });
}

/** Whether the reasons hold a sign of disuse besides "no references" (which alone never makes a candidate). */
export function hasDisuseSign(reasons: readonly Reason[]): boolean {
  return reasons.some((r) => r.kind !== 'noReferences');
}

/**
 * Builds the report from what was read. An owned image is a candidate only when it has no known use
 * (no reference, no other account's use in a usage report) and at least one sign of disuse besides
 * "no references": not launched for N days (or never launched and created N days ago or more), older
 * than the newest K of its family, deprecated, or disabled. Images in state pending or transient are
 * never offered.
 */
export function buildReport(input: {
  readonly profile?: string;
  readonly reads: readonly RegionRead[];
  readonly rule: FamilyRule;
  readonly settings: CleanupSettings;
  readonly now: Date;
}): CleanupReport {
  const { rule, settings, now } = input;
  const candidates: CandidateRow[] = [];
  const excluded: ExcludedRow[] = [];
  const recent: AmiRef[] = [];
  let notAssessed = 0;
  const regions: RegionStatus[] = [];
  const notes: string[] = [];
  for (const read of input.reads) {
    if (read.imagesError !== undefined) {
      regions.push({ region: read.region, status: 'failed', message: `The images could not be listed: ${visibleLine(read.imagesError)}` });
      continue;
    }
    for (const n of read.notes ?? []) notes.push(`${read.region}: ${visibleLine(n)}`);
    const ranks = familyRanks(read.images, rule);
    const refsById = new Map<string, ImageReferenceInfo[]>();
    for (const r of read.references ?? []) refsById.set(r.imageId, [...(refsById.get(r.imageId) ?? []), r]);
    let skipped = 0;
    for (const image of read.images) {
      const ranked = ranks.get(image.imageId);
      const family = ranked?.family ?? familyOf(image, rule);
      const refs = read.references === undefined ? undefined : (refsById.get(image.imageId) ?? []);
      const reasons = reasonsFor(image, { ...(refs ? { references: refs } : {}), ...(ranked ? { rank: ranked.rank } : {}), familyLabel: family.own ? '' : family.label, settings, now });
      const facts = read.facts[image.imageId] ?? {};
      const ref: AmiRef = { region: image.region, imageId: image.imageId, ...(input.profile !== undefined ? { profile: input.profile } : {}) };
      const name = image.name ?? '';
      const gib = snapshotGib(image);
      const otherUse = facts.usageReport ? usageLines(facts.usageReport, image.ownerId) : [];
      if ((refs && refs.length > 0) || otherUse.length > 0) {
        const uses = [...(refs ? referenceLines(refs, 20).map((l) => visibleLine(l)) : []), ...otherUse];
        const summary = [refs && refs.length > 0 ? `used by ${summarizeReferences(refs)} in ${image.region}` : '', otherUse.length > 0 ? `used by ${otherUse.length} other account${otherUse.length === 1 ? '' : 's'}` : '']
          .filter((s) => s)
          .join('; ');
        excluded.push({ ref, name, family: family.label, gib, uses, summary: `In use: ${summary}`, reasons });
        continue;
      }
      if (read.references === undefined) {
        notAssessed++; // nothing offered where references are unknown
        continue;
      }
      if (image.state === 'pending' || image.state === 'transient') {
        skipped++;
        notAssessed++;
        continue;
      }
      // cleanrule: "no references" alone is not enough; a sign of disuse is needed (issue #11)
      if (!hasDisuseSign(reasons)) {
        recent.push(ref);
        continue;
      }
      const ageDays = daysBetween(image.creationDate, now);
      const protection = parseProtection(image.deregistrationProtection, now);
      candidates.push({
        ref,
        name,
        family: family.label,
        ...(image.creationDate ? { creationDate: image.creationDate } : {}),
        ...(ageDays !== undefined ? { ageDays } : {}),
        lastLaunched: lastLaunchedCell(image, now),
        snapshotIds: snapshotsOf(image),
        gib,
        monthlyCost: monthlyCost(gib, settings.pricePerGbMonth),
        reasons,
        sharing: sharingStatus(image, facts),
        state: image.state,
        ...(blocksDeregistration(protection) ? { protection: `Deregistration protection: ${protectionText(protection)}. EC2 refuses to deregister it for now.` } : {}),
      });
    }
    if (skipped > 0) notes.push(`${read.region}: ${skipped} image${skipped === 1 ? ' is' : 's are'} still being made (pending) and not offered.`);
    if (read.references === undefined) {
      regions.push({
        region: read.region,
        status: 'notOffered',
        message: `What uses the images could not be read (${visibleLine(read.referencesError ?? 'unknown reason')}), so no image in ${read.region} is offered.`,
      });
    } else {
      regions.push({ region: read.region, status: 'ok' });
    }
  }
  return {
    version: 1,
    ...(input.profile !== undefined ? { profile: input.profile } : {}),
    regions,
    familyRule: rule,
    settings,
    candidates: sortRows(candidates, 'age'),
    excluded,
    recent,
    notAssessed,
    totals: totalsOf(candidates, settings.pricePerGbMonth),
    generatedAt: now.toISOString(),
    notes,
  };
}

export function totalsOf(rows: readonly Pick<CandidateRow, 'gib'>[], pricePerGbMonth: number): Totals {
  const gib = rows.reduce((n, r) => n + r.gib, 0);
  return { count: rows.length, gib, monthlyCost: monthlyCost(gib, pricePerGbMonth) };
}

/** The report without the images `removed` names (the change flow's `removed`), totals recomputed. */
export function withoutImages(report: CleanupReport, removed: (ref: AmiRef) => boolean): CleanupReport {
  const candidates = report.candidates.filter((r) => !removed(r.ref));
  const excluded = report.excluded.filter((r) => !removed(r.ref));
  const recent = report.recent.filter((r) => !removed(r));
  if (candidates.length === report.candidates.length && excluded.length === report.excluded.length && recent.length === report.recent.length) return report;
  return { ...report, candidates, excluded, recent, totals: totalsOf(candidates, report.settings.pricePerGbMonth) };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The summary line: how many owned images were checked and what became of them, e.g. "42 images
 * checked: 7 candidates, 3 in use, 32 recent or current" (", 2 not assessed" when some were pending
 * or in a region whose references could not be read).
 */
export function checkedSummary(report: Pick<CleanupReport, 'candidates' | 'excluded' | 'recent' | 'notAssessed'>): string {
  const checked = report.candidates.length + report.excluded.length + report.recent.length + report.notAssessed;
  const parts = [count(report.candidates.length, 'candidate', 'candidates'), `${report.excluded.length} in use`, `${report.recent.length} recent or current`];
  if (report.notAssessed > 0) parts.push(`${report.notAssessed} not assessed`);
  return `${count(checked, 'image', 'images')} checked: ${parts.join(', ')}`;
}

// ---- sorting ----

export const SORT_KEYS = ['age', 'size', 'family', 'name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Oldest first (age), biggest first (size), by family then newest first (family), by name (name); ties by region and id. */
export function sortRows<T extends Pick<CandidateRow, 'ref' | 'name' | 'family' | 'gib' | 'creationDate'>>(rows: readonly T[], by: SortKey): T[] {
  const tie = (a: T, b: T): number => a.ref.region.localeCompare(b.ref.region) || a.ref.imageId.localeCompare(b.ref.imageId);
  const created = (r: T): string => r.creationDate ?? '';
  const compare: Record<SortKey, (a: T, b: T) => number> = {
    age: (a, b) => created(a).localeCompare(created(b)),
    size: (a, b) => b.gib - a.gib,
    family: (a, b) => a.family.localeCompare(b.family) || created(b).localeCompare(created(a)),
    name: (a, b) => a.name.localeCompare(b.name),
  };
  return [...rows].sort((a, b) => compare[by](a, b) || tie(a, b));
}

// ---- CSV ----

/** A cell a spreadsheet would read as a formula (or that starts with a tab or CR) gets a leading `'`. */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. Guarded first. */
export function csvCell(value: string | number): string {
  const text = guardCell(typeof value === 'number' ? String(value) : value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = [
  'Image ID',
  'Name',
  'Region',
  'Family',
  'Created',
  'Age (days)',
  'Last launched',
  'Snapshot GiB',
  'Est. monthly cost (USD)',
  'Reasons',
  'Sharing',
  'Snapshots',
] as const;

/** The candidates as CSV (CRLF line ends, header first), in the order given. Names are written as EC2 has them, guarded and quoted. */
export function toCsv(rows: readonly CandidateRow[]): string {
  const lines = [CSV_HEADER.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.ref.imageId,
        r.name,
        r.ref.region,
        r.family,
        r.creationDate ?? '',
        r.ageDays ?? '',
        r.lastLaunched,
        r.gib,
        r.monthlyCost.toFixed(2),
        r.reasons.map((x) => x.text).join('; '),
        r.sharing.text,
        r.snapshotIds.join(' '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name for the export: ami-cleanup-<profile>-<date>.csv (profile reduced to safe characters). */
export function csvFileName(profile: string | undefined, now: Date): string {
  const who = (profile ?? 'default').replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 40) || 'default';
  return `ami-cleanup-${who}-${now.toISOString().slice(0, 10)}.csv`;
}

// ---- Deregister Selected ----

export const DEREGISTER_SELECTED = 'Deregister and Delete Snapshots';

/**
 * The ids chosen, checked against the report the host holds: each must be a current candidate.
 * A referenced (excluded) or unknown id refuses the whole request.
 */
export function checkSelection(report: CleanupReport | undefined, selected: readonly { readonly region: string; readonly imageId: string }[]): { ok: true; rows: CandidateRow[] } | { ok: false; reason: string } {
  if (!report) return { ok: false, reason: 'The report has not been made yet.' };
  if (selected.length === 0) return { ok: false, reason: 'Select at least one image.' };
  const rows: CandidateRow[] = [];
  const seen = new Set<string>();
  for (const s of selected) {
    const key = `${s.region}/${s.imageId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const row = report.candidates.find((r) => r.ref.region === s.region && r.ref.imageId === s.imageId);
    if (!row) {
      const used = report.excluded.some((r) => r.ref.region === s.region && r.ref.imageId === s.imageId);
      return { ok: false, reason: used ? `${s.imageId} (${s.region}) is in use and is never deregistered from this report. Nothing was deregistered.` : `${s.imageId} (${s.region}) is not a candidate in this report. Nothing was deregistered.` };
    }
    rows.push(row);
  }
  return { ok: true, rows };
}

/** The modal of "Deregister Selected…": every image (id, name, region) and every snapshot to delete, account/profile. */
export function confirmSelectedText(rows: readonly CandidateRow[], who: { readonly accountId?: string; readonly profile?: string }): { message: string; detail: string } {
  const snapshots = rows.reduce((n, r) => n + r.snapshotIds.length, 0);
  const regions = [...new Set(rows.map((r) => r.ref.region))].sort();
  const account = [who.accountId ? `account ${who.accountId}` : undefined, who.profile ? `profile ${visibleLine(who.profile)}` : undefined].filter((x) => x).join(', ');
  const message = `Deregister ${rows.length} image${rows.length === 1 ? '' : 's'} and delete ${snapshots} snapshot${snapshots === 1 ? '' : 's'} in ${regions.join(', ')}${account ? ` (${account})` : ''}?`;
  const lines: string[] = [];
  for (const r of rows) {
    const name = visibleLine(r.name);
    lines.push(`• ${r.ref.imageId}${name ? ` "${name}"` : ''} (${r.ref.region})${r.protection ? ' (deregistration protection on: EC2 will refuse it)' : ''}`);
    lines.push(r.snapshotIds.length > 0 ? `    snapshots: ${r.snapshotIds.join(', ')}` : '    no snapshots');
  }
  lines.push('');
  lines.push('EC2 keeps a snapshot that another image still uses (reported as kept). This cannot be undone unless a Recycle Bin retention rule covers the images and snapshots.');
  return { message, detail: lines.join('\n') };
}

/** One line per image after Deregister Selected. */
export interface DeregisterLine {
  readonly imageId: string;
  readonly region: string;
  readonly status: 'done' | 'failed' | 'notRun';
  readonly text: string;
}

export function deregisterSummary(lines: readonly DeregisterLine[], cancelled: boolean): string {
  const done = lines.filter((l) => l.status === 'done').length;
  const failed = lines.filter((l) => l.status === 'failed').length;
  const notRun = lines.filter((l) => l.status === 'notRun').length;
  const parts = [`${done} of ${lines.length} image${lines.length === 1 ? '' : 's'} deregistered`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (notRun > 0) parts.push(`${notRun} not started${cancelled ? ' (cancelled)' : ''}`);
  return `${parts.join(', ')}.`;
}
