/**
 * Text shown for images and volumes: labels, ages, Markdown tooltips and console URLs. Pure, so
 * the escaping of untrusted strings (AMI names, descriptions and tags are written by strangers)
 * is tested without VS Code.
 */
import type { AmiImage, BlockDevice, LaunchPermission } from './image';
import { visibleLine } from './text';

/** Label of an image node: its Name tag, else its name, else its id. Whitespace-only counts as missing. */
export function imageLabel(image: AmiImage): string {
  const nameTag = image.tags?.['Name']?.trim();
  if (nameTag) return oneLine(nameTag);
  const name = image.name?.trim();
  if (name) return oneLine(name);
  return oneLine(image.imageId);
}

/**
 * Collapses line breaks and runs of whitespace, so one hostile value cannot span several lines,
 * and shows invisible and bidi characters as escapes (text.ts visibleText): every label,
 * description and tooltip built here goes through it.
 */
export function oneLine(text: string): string {
  return visibleLine(text);
}

/** Cuts text to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "1 image", "3 images": the count and the word, with an "s" unless there is exactly one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** ISO 8601 → "2024-05-01 12:34 UTC"; undefined stays undefined, anything unparsable is shown as given. */
export function formatDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Age of a timestamp relative to `now`, coarse on purpose ("just now", "5 minutes ago",
 * "3 days ago", "2 months ago", "1 year ago"). Undefined or unparsable input gives undefined;
 * a time in the future (clock skew) reads "just now".
 */
export function formatAge(iso: string | undefined, now: Date): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const ms = now.getTime() - t;
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${plural(Math.floor(ms / MINUTE), 'minute')} ago`;
  if (ms < DAY) return `${plural(Math.floor(ms / HOUR), 'hour')} ago`;
  const days = Math.floor(ms / DAY);
  if (days < 30) return `${plural(days, 'day')} ago`;
  if (days < 365) return `${plural(Math.floor(days / 30), 'month')} ago`;
  return `${plural(Math.floor(days / 365), 'year')} ago`;
}

/** Description of an image node: "ami-0123 · x86_64 · 3 days ago" (missing parts left out). */
export function imageDescription(image: AmiImage, now: Date): string {
  // lifecycle (#10): a disabled image stays in the owner's tree, marked.
  return [image.state === 'disabled' ? 'disabled' : undefined, image.imageId, image.architecture, formatAge(image.creationDate, now)]
    .filter((p): p is string => !!p)
    .map(oneLine)
    .join(' · ');
}

/** Whether the image's deprecation time has passed. */
export function isDeprecated(image: AmiImage, now: Date): boolean {
  if (!image.deprecationTime) return false;
  const t = Date.parse(image.deprecationTime);
  return !Number.isNaN(t) && t <= now.getTime();
}

/** Who can launch it, as far as the listing tells: public, shared with me by another account, or mine. */
export type ImageVisibility = 'public' | 'shared' | 'private';

/**
 * Visibility of an image: the one rule for the tree and the details panel. `sharedWithMe` is true
 * when it came from the "shared with me" scope; `accountId` (when known) marks images owned by
 * someone else as shared; `launchPermissions` (readable by the owner only) add the group "all"
 * (public) and explicit shares with accounts, organizations or OUs.
 */
export function imageVisibility(image: AmiImage, sharedWithMe: boolean, accountId?: string, launchPermissions?: readonly LaunchPermission[]): ImageVisibility {
  if (image.public || launchPermissions?.some((p) => p.group === 'all')) return 'public';
  if (sharedWithMe) return 'shared';
  if (accountId && image.ownerId && image.ownerId !== accountId) return 'shared';
  if (launchPermissions?.some((p) => p.userId || p.organizationArn || p.organizationalUnitArn)) return 'shared';
  return 'private';
}

/** Keeps a contextValue flag to one safe token (states come from the service, but be strict). */
function flag(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'unknown';
}

/**
 * Whether the caller owns the image: its owner is the caller's account when that is known, else
 * it was listed by the "owned by me" scope (Owners=self).
 */
export function isOwnedByCaller(image: AmiImage, accountId: string | undefined, listedAsMine: boolean): boolean {
  if (accountId && image.ownerId) return image.ownerId === accountId;
  return listedAsMine;
}

/**
 * contextValue of an image node, matched by regex in package.json `when` clauses:
 * `amiExplorer:ami+<state>+<public|shared|private>[+owned][+deprecated][+windows][+deprecating][+protected]`. Owner-only
 * actions (share, tags, deprecate, deregister) match `+owned`.
 */
export function imageContextValue(image: AmiImage, visibility: ImageVisibility, now: Date, owned = false): string {
  const parts = ['amiExplorer:ami', flag(image.state), visibility];
  if (owned) parts.push('owned');
  if (isDeprecated(image, now)) parts.push('deprecated');
  if (image.platform?.toLowerCase() === 'windows') parts.push('windows');
  // lifecycle (#10): a deprecation time set but not reached yet; deregistration protection on.
  if (image.deprecationTime && !isDeprecated(image, now)) parts.push('deprecating');
  if (image.deregistrationProtection === 'enabled' || image.deregistrationProtection === 'enabled-with-cooldown') parts.push('protected');
  return parts.join('+');
}

/**
 * Escapes text for a Markdown tooltip: every ASCII punctuation character gets a backslash
 * (CommonMark lets any of them be escaped), so nothing in it can open a link, image, HTML tag,
 * entity, emphasis, code span or autolink (`https\:\/\/…`, `www\.…`, `[x](command:…)` stay text).
 * Line breaks become spaces, so a value cannot start a heading, list or table row either.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/**
 * Markdown for an image's tooltip. Every value from AWS is escaped (see escapeMarkdown) and
 * capped in length; only the labels and layout are ours. Render it with isTrusted false and
 * supportHtml false.
 */
export function imageTooltipMarkdown(image: AmiImage, now: Date, visibility?: ImageVisibility): string {
  const v = (text: string, max = 200): string => escapeMarkdown(truncate(oneLine(text), max));
  const lines: string[] = [];
  lines.push(`**${v(imageLabel(image))}**`);
  if (image.name && oneLine(image.name) !== imageLabel(image)) lines.push(`Name: ${v(image.name)}`);
  lines.push(`ID: ${v(image.imageId)}`);
  if (image.description) lines.push(`Description: ${v(image.description, 400)}`);
  const facts: string[] = [`State: ${v(image.state)}`];
  if (visibility) facts.push(visibility);
  if (isDeprecated(image, now)) facts.push('deprecated');
  lines.push(facts.join(' · '));
  const platform = image.platformDetails ?? image.platform;
  const sys = [image.architecture, platform].filter((s): s is string => !!s).map((s) => v(s, 80));
  if (sys.length > 0) lines.push(sys.join(' · '));
  if (image.creationDate) {
    const age = formatAge(image.creationDate, now);
    lines.push(`Created: ${v(image.creationDate)}${age ? ` (${v(age)})` : ''}`);
  }
  if (image.deprecationTime) lines.push(`Deprecation: ${v(image.deprecationTime)}`);
  if (image.ownerId || image.ownerAlias) {
    lines.push(`Owner: ${[image.ownerAlias, image.ownerId].filter((s): s is string => !!s).map((s) => v(s, 80)).join(' ')}`);
  }
  lines.push(`Region: ${v(image.region)}`);
  const tags = Object.entries(image.tags ?? {});
  if (tags.length > 0) {
    const shown = tags.slice(0, 20).map(([k, val]) => `${v(k, 80)} = ${v(val, 120)}`);
    if (tags.length > 20) shown.push(`and ${tags.length - 20} more`);
    lines.push(`Tags: ${shown.join(', ')}`);
  }
  // Two trailing spaces = a hard line break between facts, without starting a new block.
  return lines.join('  \n');
}

/** Short summary of one block device mapping for its tree node's description. */
export function deviceDescription(device: BlockDevice): string {
  if (device.kind === 'noDevice') return 'no device (suppressed)';
  if (device.kind === 'ephemeral') return oneLine(`instance store${device.virtualName ? ` ${device.virtualName}` : ''}`);
  const ebs = device.ebs ?? {};
  const parts: string[] = ['EBS'];
  if (ebs.volumeSize !== undefined) parts.push(`${ebs.volumeSize} GiB`);
  if (ebs.volumeType) parts.push(ebs.volumeType);
  if (ebs.snapshotId) parts.push(ebs.snapshotId);
  parts.push(ebs.encrypted ? 'encrypted' : 'not encrypted');
  return parts.map(oneLine).join(' · ');
}

/** Markdown tooltip of a block device mapping, escaped like the image tooltip. */
export function deviceTooltipMarkdown(device: BlockDevice): string {
  const v = (text: string): string => escapeMarkdown(truncate(oneLine(text), 200));
  const lines = [`**${v(device.deviceName)}**`];
  if (device.kind === 'noDevice') lines.push('Mapping suppressed (NoDevice)');
  if (device.kind === 'ephemeral') lines.push(`Instance store volume ${v(device.virtualName ?? '')}`);
  const ebs = device.ebs;
  if (device.kind === 'ebs' && ebs) {
    if (ebs.snapshotId) lines.push(`Snapshot: ${v(ebs.snapshotId)}`);
    if (ebs.volumeSize !== undefined) lines.push(`Size: ${ebs.volumeSize} GiB`);
    if (ebs.volumeType) lines.push(`Type: ${v(ebs.volumeType)}`);
    if (ebs.iops !== undefined) lines.push(`IOPS: ${ebs.iops}`);
    if (ebs.throughput !== undefined) lines.push(`Throughput: ${ebs.throughput} MiB/s`);
    lines.push(`Encrypted: ${ebs.encrypted ? 'yes' : 'no'}`);
    if (ebs.kmsKeyId) lines.push(`KMS key: ${v(ebs.kmsKeyId)}`);
    if (ebs.deleteOnTermination !== undefined) lines.push(`Delete on termination: ${ebs.deleteOnTermination ? 'yes' : 'no'}`);
  }
  return lines.join('  \n');
}

/** Region names as EC2 spells them (eu-west-1, us-gov-east-1); package.json's `regions` pattern is the same. */
export const REGION_RE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
export const IMAGE_ID_RE = /^ami-[0-9a-f]{8,17}$/;

/** Whether `value` is a well-formed region name: the one check for settings, URLs and webview messages. */
export function isRegionName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 32 && REGION_RE.test(value);
}

/**
 * The AWS console's host for a region, in the partition the region belongs to: China (cn-*) and
 * GovCloud (us-gov-*) have their own console hosts; elsewhere the region's own subdomain of
 * console.aws.amazon.com. The region is URL-encoded, so it stays inside that host.
 */
export function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return `${encodeURIComponent(region)}.console.aws.amazon.com`;
}

/**
 * The EC2 console page of an image, in the partition its region belongs to (consoleHost).
 * Undefined when the region or id is not well-formed, so a hostile value can never steer the URL
 * elsewhere.
 */
export function consoleUrl(region: string, imageId: string): string | undefined {
  if (!isRegionName(region) || !IMAGE_ID_RE.test(imageId)) return undefined;
  return `https://${consoleHost(region)}/ec2/home?region=${encodeURIComponent(region)}#ImageDetails:imageId=${encodeURIComponent(imageId)}`;
}
