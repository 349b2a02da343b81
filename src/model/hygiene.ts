/**
 * Hygiene marks (issue #11): what is worth a second look about an image, read from the image as
 * DescribeImages returned it (no further call per image), and the account's Allowed AMIs settings
 * (GetAllowedImagesSettings) as the region's tooltip shows them. Pure: no vscode, no SDK.
 *
 * Every text here is ours: no name, description, tag or device name of the image is quoted, so
 * the marks can be shown in tooltips, descriptions and the details panel without escaping. The
 * Allowed AMIs criteria do quote values (image names, account ids): allowedImagesMarkdownLines
 * escapes each of them for Markdown.
 */
import { escapeMarkdown, isDeprecated, plural, truncate } from './format';
import type { AmiImage } from './image';

export type HygieneMarkId = 'public' | 'unencrypted' | 'imdsV1' | 'deprecated' | 'disabled' | 'notAllowed' | 'unprotected';

/** info: worth knowing; warning: worth acting on; error: the image cannot be used as it is. */
export type HygieneSeverity = 'info' | 'warning' | 'error';

export interface HygieneMark {
  id: HygieneMarkId;
  /** A few words for the tree's description. */
  label: string;
  /** One sentence: what it means and the next step. */
  explanation: string;
  severity: HygieneSeverity;
}

/** What the marks need to know beyond the image: whether the caller owns it (owner-only marks and next steps). */
export interface HygieneContext {
  owned: boolean;
}

/** The order marks are listed in: most severe kinds first. */
export const HYGIENE_MARK_IDS: readonly HygieneMarkId[] = ['notAllowed', 'disabled', 'deprecated', 'public', 'unencrypted', 'imdsV1', 'unprotected'];

/** Deregistration protection values that mean "on" (with or without the 24-hour cooldown). */
const PROTECTED = new Set(['enabled', 'enabled-with-cooldown']);

/** EBS mappings backed by a snapshot whose volume is not encrypted (encrypted false or absent). */
export function unencryptedVolumeCount(image: AmiImage): number {
  return (image.blockDeviceMappings ?? []).filter((d) => d.kind === 'ebs' && d.ebs?.snapshotId && d.ebs.encrypted !== true).length;
}

/**
 * The hygiene marks of an image, most severe kind first. `now` decides whether a deprecation time
 * has passed. An absent `imageAllowed` means unknown (Allowed AMIs disabled, or not reported): no mark.
 */
export function hygieneMarks(image: AmiImage, now: Date, context: HygieneContext): HygieneMark[] {
  const { owned } = context;
  const marks: HygieneMark[] = [];
  if (image.imageAllowed === false) {
    marks.push({
      id: 'notAllowed',
      label: 'not allowed',
      severity: 'error',
      explanation: owned
        ? "This account's Allowed AMIs settings report it as not allowed; check the criteria in the region's tooltip."
        : "This account's Allowed AMIs settings do not allow it (in audit mode: will not once enabled); pick an allowed image or ask an administrator to add its provider to the criteria.",
    });
  }
  if (image.state === 'disabled') {
    marks.push({
      id: 'disabled',
      label: 'disabled',
      severity: 'warning',
      explanation: owned
        ? 'It cannot be launched, shared or copied; enable it to use it again, or deregister it if nothing needs it.'
        : 'Its owner disabled it, so it cannot be launched; pick another image.',
    });
  }
  if (isDeprecated(image, now)) {
    marks.push({
      id: 'deprecated',
      label: 'deprecated',
      severity: 'warning',
      explanation: owned
        ? 'Its deprecation time has passed, so others no longer find it in listings; cancel the deprecation if it is still meant for use, or deregister it.'
        : 'Its owner deprecated it; look for a newer image from the same owner.',
    });
  }
  if (image.public) {
    marks.push({
      id: 'public',
      label: 'public',
      severity: owned ? 'warning' : 'info',
      explanation: owned
        ? 'Any AWS account can launch it; make it private with Edit Launch Permissions unless it is meant to be published.'
        : 'Published for every AWS account; check that you trust its owner before you launch it.',
    });
  }
  const unencrypted = unencryptedVolumeCount(image);
  if (unencrypted > 0) {
    const volumes = unencrypted === 1 ? '1 EBS volume is' : `${plural(unencrypted, 'EBS volume')} are`;
    marks.push({
      id: 'unencrypted',
      label: 'unencrypted',
      severity: 'warning',
      explanation: owned
        ? `${volumes} not encrypted; make an encrypted copy (Copy to Region with encryption) and retire this one.`
        : `${volumes} not encrypted; launch with encrypted volumes or turn on EBS encryption by default in this region.`,
    });
  }
  if (image.imdsSupport !== 'v2.0') {
    marks.push({
      id: 'imdsV1',
      label: 'IMDSv2 not required',
      severity: 'warning',
      explanation: owned
        ? 'Instances launched from it also answer IMDSv1 unless the launch requires tokens; set its IMDS support to v2.0 (modify-image-attribute --imds-support v2.0, which cannot be undone).'
        : 'Instances launched from it also answer IMDSv1 unless the launch requires tokens; require IMDSv2 when you launch it.',
    });
  }
  if (owned && !PROTECTED.has(image.deregistrationProtection ?? '')) {
    marks.push({
      id: 'unprotected',
      label: 'no deregistration protection',
      severity: 'info',
      explanation: 'It can be deregistered by mistake; turn on deregistration protection if instances or templates depend on it.',
    });
  }
  return marks;
}

/** The marks the tree's description names: warnings and errors (info marks are in the tooltip and the panel only). */
export function notableMarks(marks: readonly HygieneMark[]): HygieneMark[] {
  return marks.filter((m) => m.severity !== 'info');
}

/**
 * The suffix of an image node's description: "⚠ public, unencrypted"; '' when there is nothing
 * notable. `omit`: marks the description already says otherwise (the tree leads with "disabled").
 */
export function hygieneDescription(marks: readonly HygieneMark[], omit: readonly HygieneMarkId[] = []): string {
  const shown = notableMarks(marks).filter((m) => !omit.includes(m.id));
  return shown.length === 0 ? '' : `⚠ ${shown.map((m) => m.label).join(', ')}`;
}

const SEVERITY_WORD: Record<HygieneSeverity, string> = { error: 'Error', warning: 'Warning', info: 'Note' };

/**
 * The "Hygiene" part of an image's Markdown tooltip: a heading line, then one line per mark.
 * Only our own words; nothing to escape. Empty when there are no marks.
 */
export function hygieneTooltipLines(marks: readonly HygieneMark[]): string[] {
  if (marks.length === 0) return [];
  return ['**Hygiene**', ...marks.map((m) => `${SEVERITY_WORD[m.severity]}: ${m.label}. ${m.explanation}`)];
}

// ---- Allowed AMIs settings (GetAllowedImagesSettings) ----

/** One criterion of the Allowed AMIs settings; an image is allowed when it meets every field one criterion sets. */
export interface AllowedImagesCriterion {
  imageProviders?: string[];
  marketplaceProductCodes?: string[];
  imageNames?: string[];
  maximumDaysSinceCreated?: number;
  maximumDaysSinceDeprecated?: number;
  /** Watermark keys an image must carry (ImageWatermarks). */
  imageWatermarkKeys?: string[];
  /** Amazon Inspector: the last finding scan at most this many days ago. */
  maxDaysSinceLastFindingScan?: number;
}

/** GetAllowedImagesSettings for one account and region. */
export interface AllowedImagesSettings {
  /** enabled | audit-mode | disabled (EC2 may add values). */
  state: string;
  criteria: AllowedImagesCriterion[];
  /** account | declarative-policy */
  managedBy?: string;
}

/** One sentence about the state, as the region's tooltip shows it. */
export function allowedImagesStateText(state: string): string {
  switch (state) {
    case 'enabled':
      return 'enabled: only images that meet the criteria (and your own) can be found and launched';
    case 'audit-mode':
      return 'audit mode: every image can be used; images that would be blocked are marked "not allowed"';
    case 'disabled':
      return 'disabled: every image is allowed';
    default:
      return state;
  }
}

/** Values of a list criterion shown before "and N more". */
const MAX_LISTED = 10;

function list(values: readonly string[]): string {
  const shown = values.slice(0, MAX_LISTED).map((v) => escapeMarkdown(truncate(v, 80)));
  if (values.length > MAX_LISTED) shown.push(`and ${values.length - MAX_LISTED} more`);
  return shown.join(', ');
}

/** One criterion as words; every value AWS returned escaped for Markdown. */
export function describeCriterion(c: AllowedImagesCriterion): string {
  const parts: string[] = [];
  if (c.imageProviders?.length) parts.push(`providers ${list(c.imageProviders)}`);
  if (c.marketplaceProductCodes?.length) parts.push(`Marketplace product codes ${list(c.marketplaceProductCodes)}`);
  if (c.imageNames?.length) parts.push(`names ${list(c.imageNames)}`);
  if (c.maximumDaysSinceCreated !== undefined) parts.push(`created within ${plural(c.maximumDaysSinceCreated, 'day')}`);
  if (c.maximumDaysSinceDeprecated !== undefined) parts.push(`deprecated at most ${plural(c.maximumDaysSinceDeprecated, 'day')} ago`);
  if (c.imageWatermarkKeys?.length) parts.push(`watermarks ${list(c.imageWatermarkKeys)}`);
  if (c.maxDaysSinceLastFindingScan !== undefined) parts.push(`scanned by Inspector within ${plural(c.maxDaysSinceLastFindingScan, 'day')}`);
  return parts.length ? parts.join('; ') : 'any image';
}

/** Criteria shown in a tooltip before "and N more criteria". */
const MAX_CRITERIA = 5;

/**
 * The Allowed AMIs lines of a region's Markdown tooltip. `settings` undefined: not asked yet (a
 * line saying so); a failure: one line with its message (escaped), never more.
 */
export function allowedImagesMarkdownLines(settings: { ok: true; value: AllowedImagesSettings } | { ok: false; message: string } | undefined): string[] {
  if (!settings) return ['Allowed AMIs: not read yet'];
  if (!settings.ok) return [`Allowed AMIs: could not be read (${escapeMarkdown(truncate(settings.message, 300))})`];
  const s = settings.value;
  const managed = s.managedBy === 'declarative-policy' ? ' (managed by a declarative policy of your organization)' : '';
  const lines = [`Allowed AMIs: ${escapeMarkdown(allowedImagesStateText(s.state))}${managed}`];
  if (s.state === 'disabled') return lines;
  if (s.criteria.length === 0) lines.push('No criteria: only your own images are allowed');
  s.criteria.slice(0, MAX_CRITERIA).forEach((c, i) => lines.push(`Criterion ${i + 1}: ${describeCriterion(c)}`));
  if (s.criteria.length > MAX_CRITERIA) {
    const more = s.criteria.length - MAX_CRITERIA;
    lines.push(`and ${more} more ${more === 1 ? 'criterion' : 'criteria'}`);
  }
  return lines;
}
