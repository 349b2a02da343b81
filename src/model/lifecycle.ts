/**
 * The words and rules of an owned image's life (issue #10): deregistration (with its snapshots),
 * deregistration protection and its 24-hour cooldown, deprecation times, disabling and enabling.
 * Pure (no `vscode`, no SDK): the commands and the details panel show what these build, and they
 * are tested in plain mocha. AMI names are written by strangers: every name goes through
 * imageTitle (one visible line, cut to a length); codes from EC2 through visibleLine.
 *
 * Dates a person types are UTC: `YYYY-MM-DD HH:MM` (or `YYYY-MM-DD`, meaning 00:00), labelled
 * "UTC" wherever they are asked for or shown, so the time EC2 stores is the time the person read.
 */
import { plural } from './format';
import type { AmiImage } from './image';
import { referencesWarning, type ImageReferenceInfo } from './references';
import { imageTitle, type ConfirmText } from './sharingText';
import { visibleLine } from './text';

/** The codes of typed lifecycle failures (AwsFailure.code) the UI recognises. */
export const LIFECYCLE_CODES = {
  /** Deregistration protection (or its cooldown) refused DeregisterImage: offer "Turn Off Protection…" or say when. */
  protected: 'DeregistrationProtected',
} as const;

/** How long a protection turned on "with cooldown" keeps refusing after it is turned off. */
export const COOLDOWN_HOURS = 24;

/** EC2's value when protection was turned off with a cooldown: `disabled-until <ISO time>`. */
const DISABLED_UNTIL = /^disabled-until\s+(\S+)$/;

/** Deregistration protection as EC2 reports it (DescribeImages' DeregistrationProtection). */
export type ProtectionState =
  | { readonly kind: 'off' }
  | { readonly kind: 'on'; readonly cooldown: boolean }
  /** Turned off, but the cooldown still refuses deregistration until `until` (ISO). */
  | { readonly kind: 'cooldown'; readonly until: string }
  /** A value this version does not know, kept as EC2 sent it. */
  | { readonly kind: 'unknown'; readonly raw: string };

export function parseProtection(value: string | undefined, now: Date): ProtectionState {
  const v = (value ?? '').trim();
  if (v === '' || v === 'disabled') return { kind: 'off' };
  if (v === 'enabled') return { kind: 'on', cooldown: false };
  if (v === 'enabled-with-cooldown') return { kind: 'on', cooldown: true };
  const m = DISABLED_UNTIL.exec(v);
  if (m?.[1]) {
    const until = Date.parse(m[1]);
    if (Number.isNaN(until)) return { kind: 'unknown', raw: v };
    return until > now.getTime() ? { kind: 'cooldown', until: new Date(until).toISOString() } : { kind: 'off' };
  }
  return { kind: 'unknown', raw: v };
}

/** Whether protection (or its cooldown) refuses deregistration now. */
export function blocksDeregistration(state: ProtectionState): boolean {
  return state.kind === 'on' || state.kind === 'cooldown';
}

/** `2026-12-31 23:59 UTC`. */
export function formatUtc(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return visibleLine(String(at));
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One line for the details panel and tooltips: "On, with a 24-hour cooldown", "Off", … */
export function protectionText(state: ProtectionState): string {
  switch (state.kind) {
    case 'off':
      return 'Off';
    case 'on':
      return state.cooldown ? `On, with a ${COOLDOWN_HOURS}-hour cooldown` : 'On';
    case 'cooldown':
      return `Off; deregistration allowed from ${formatUtc(state.until)} (cooldown)`;
    case 'unknown':
      return visibleLine(state.raw);
  }
}

/**
 * Why deregistration is refused, and what to do: protection on → turn it off first (with a
 * cooldown: deregistration is possible only 24 hours after that); in cooldown → from when.
 * undefined when protection does not stand in the way.
 */
export function protectedText(imageId: string, state: ProtectionState): { readonly message: string; readonly offerTurnOff: boolean } | undefined {
  if (state.kind === 'on') {
    const after = state.cooldown
      ? ` It was turned on with a cooldown: after protection is turned off, ${imageId} can be deregistered only ${COOLDOWN_HOURS} hours later.`
      : ' After protection is turned off, it can be deregistered at once.';
    return { message: `${imageId} is protected from deregistration. Nothing was deregistered.${after}`, offerTurnOff: true };
  }
  if (state.kind === 'cooldown') {
    return {
      message: `${imageId} cannot be deregistered yet: its deregistration protection was turned off with a ${COOLDOWN_HOURS}-hour cooldown, which ends ${formatUtc(state.until)}. Nothing was deregistered.`,
      offerTurnOff: false,
    };
  }
  return undefined;
}

/** "in us-east-1, account 123456789012 (profile dev)". */
function whereText(region: string, accountId: string | undefined, profile?: string): string {
  const where = accountId ? `in ${region}, account ${accountId}` : `in ${region}`;
  return profile ? `${where} (profile ${visibleLine(profile)})` : where;
}

/** The references part of a confirmation: the list, a note that they could not be read, or nothing. */
export interface ReferencesCheck {
  /** What refers to the image in this account and region (DescribeImageReferences). */
  readonly references?: readonly ImageReferenceInfo[];
  /** Why the references could not be read (e.g. access denied); the person may still go ahead. */
  readonly referencesError?: string;
}

function referencesLines(imageId: string, region: string, check: ReferencesCheck, consequence: string): string[] {
  if (check.referencesError !== undefined) {
    return [`Whether anything still uses ${imageId} could not be checked (${visibleLine(check.referencesError)}). ${consequence}`];
  }
  const warning = referencesWarning(imageId, region, check.references ?? []);
  return warning ? [warning, consequence] : [];
}

/** Buttons of the deregistration confirmation. */
export const DEREGISTER = 'Deregister';
export const DEREGISTER_WITH_SNAPSHOTS = 'Deregister and Delete Snapshots';

export interface SubjectText {
  readonly image: Pick<AmiImage, 'imageId' | 'name'>;
  readonly region: string;
  readonly accountId?: string;
  readonly profile?: string;
}

/**
 * The modal before DeregisterImage: names the AMI (name and id), region and account, what
 * deregistering means, the snapshots the second button deletes (one another AMI still uses is
 * kept by EC2), and what still uses the image (or that this could not be checked).
 */
export function confirmDeregisterText(subject: SubjectText & ReferencesCheck & { readonly snapshotIds: readonly string[] }): ConfirmText & { readonly buttons: readonly string[] } {
  const { image, region, snapshotIds } = subject;
  const lines = [
    `${imageTitle(image)} ${whereText(region, subject.accountId, subject.profile)} will be deregistered: nobody can launch it any more, and it leaves every account it is shared with. Instances already running from it keep running.`,
  ];
  if (snapshotIds.length > 0) {
    lines.push(
      `"${DEREGISTER_WITH_SNAPSHOTS}" also deletes its ${plural(snapshotIds.length, 'snapshot')} (${snapshotIds.join(', ')}); a snapshot another AMI still uses is kept. "${DEREGISTER}" keeps them (they still cost storage).`,
    );
  }
  lines.push(...referencesLines(image.imageId, region, subject, 'Launching from it through them will fail once it is deregistered.'));
  return {
    message: `Deregister ${imageTitle(image)}?`,
    detail: lines.join('\n\n'),
    buttons: snapshotIds.length > 0 ? [DEREGISTER, DEREGISTER_WITH_SNAPSHOTS] : [DEREGISTER],
  };
}

/** The button of the disable confirmation. */
export const DISABLE = 'Disable';

/**
 * The modal before DisableImage: disabling removes every launch permission (public, accounts,
 * organizations, OUs), and enabling does not bring them back; references follow.
 */
export function confirmDisableText(subject: SubjectText & ReferencesCheck & { readonly sharedWith?: number; readonly isPublic?: boolean }): ConfirmText {
  const { image, region } = subject;
  const shares: string[] = [];
  if (subject.isPublic) shares.push('public access');
  if (subject.sharedWith) shares.push(`its shares with ${subject.sharedWith} ${subject.sharedWith === 1 ? 'account, organization or OU' : 'accounts, organizations or OUs'}`);
  const removed = shares.length > 0 ? `This removes ${shares.join(' and ')} — every launch permission.` : 'This removes every launch permission it has.';
  const lines = [
    `${imageTitle(image)} ${whereText(region, subject.accountId, subject.profile)} will be disabled: it cannot be launched, and only you can see it. ${removed}`,
    'Enabling it again does not restore the launch permissions: you would have to share it again.',
    ...referencesLines(image.imageId, region, subject, 'Launching from it through them will fail while it is disabled.'),
  ];
  return { message: `Disable ${imageTitle(image)}?`, detail: lines.join('\n\n') };
}

/** The button of the deprecate confirmation. */
export const DEPRECATE = 'Deprecate';

/** The modal before EnableImageDeprecation: when, what deprecation means, and references. */
export function confirmDeprecateText(subject: SubjectText & ReferencesCheck & { readonly at: Date; readonly replaces?: string }): ConfirmText {
  const { image, region, at } = subject;
  const lines = [
    `${imageTitle(image)} ${whereText(region, subject.accountId, subject.profile)} will be deprecated at ${formatUtc(at)}. From then on it no longer appears in other accounts' listings unless they ask for deprecated images; it can still be launched by id.`,
  ];
  if (subject.replaces) lines.push(`This replaces its current deprecation time, ${formatUtc(subject.replaces)}.`);
  lines.push(...referencesLines(image.imageId, region, subject, 'They keep working, but should move to another image.'));
  return { message: `Deprecate ${imageTitle(image)} at ${formatUtc(at)}?`, detail: lines.join('\n\n') };
}

/** The button of the turn-off confirmation. */
export const TURN_OFF_PROTECTION = 'Turn Off Protection';

/** The modal before DisableImageDeregistrationProtection (it widens what can happen to the image). */
export function confirmTurnOffProtectionText(subject: SubjectText & { readonly state: ProtectionState }): ConfirmText {
  const { image, region, state } = subject;
  const lines = [`${imageTitle(image)} ${whereText(region, subject.accountId, subject.profile)} will no longer be protected from deregistration.`];
  if (state.kind === 'on' && state.cooldown) {
    lines.push(`It was protected with a cooldown: it can be deregistered only ${COOLDOWN_HOURS} hours after protection is turned off.`);
  } else {
    lines.push('Anyone allowed to deregister it can then do so at once.');
  }
  return { message: `Turn off deregistration protection of ${imageTitle(image)}?`, detail: lines.join('\n\n') };
}

/** What the protection write reports, from the state read back. */
export function protectionResultText(imageId: string, state: ProtectionState): string {
  switch (state.kind) {
    case 'on':
      return state.cooldown
        ? `${imageId} is now protected from deregistration, with a ${COOLDOWN_HOURS}-hour cooldown: after protection is turned off, it can be deregistered only ${COOLDOWN_HOURS} hours later.`
        : `${imageId} is now protected from deregistration.`;
    case 'cooldown':
      return `Deregistration protection of ${imageId} is off, but its cooldown lasts until ${formatUtc(state.until)}: it can be deregistered from then on.`;
    case 'off':
      return `Deregistration protection of ${imageId} is off: it can be deregistered.`;
    case 'unknown':
      return `Deregistration protection of ${imageId} is now "${visibleLine(state.raw)}".`;
  }
}

// ---- deregistration results ----

/** One snapshot's outcome as DeregisterImage reports it (DeleteSnapshotResults). */
export interface SnapshotDeletion {
  readonly snapshotId: string;
  /** success | skipped | missing-permissions | internal-error | client-error (EC2's codes). */
  readonly returnCode: string;
}

/** "snap-1 deleted", "snap-2 kept: another AMI still uses it", … */
export function snapshotResultText(r: SnapshotDeletion): string {
  const id = visibleLine(r.snapshotId);
  switch (r.returnCode) {
    case 'success':
      return `${id} deleted`;
    case 'skipped':
      return `${id} kept: another AMI still uses it`;
    case 'missing-permissions':
      return `${id} not deleted: not allowed to delete it (ec2:DeleteSnapshot)`;
    case 'internal-error':
      return `${id} not deleted: EC2 had an internal error`;
    case 'client-error':
      return `${id} not deleted: EC2 reported a client error (its DeleteSnapshot event in CloudTrail says why)`;
    default:
      return `${id}: ${visibleLine(r.returnCode) || 'no result'}`;
  }
}

/**
 * What a deregistration did: the image, then each snapshot asked to be deleted. A warning when a
 * snapshot was not deleted for a reason other than being in use (that one is EC2's rule, said plainly).
 */
export function deregisterResultText(imageId: string, deleteSnapshots: boolean, results: readonly SnapshotDeletion[], notYetVisible?: string): { readonly text: string; readonly level: 'info' | 'warning' } {
  const parts = [`${imageId} was deregistered.`];
  if (deleteSnapshots) {
    if (results.length === 0) parts.push('EC2 reported no snapshot to delete.');
    else parts.push(`Snapshots: ${results.map(snapshotResultText).join('; ')}.`);
  } else {
    parts.push('Its snapshots were kept.');
  }
  if (notYetVisible) parts.push(notYetVisible);
  const failed = results.some((r) => r.returnCode !== 'success' && r.returnCode !== 'skipped');
  return { text: parts.join(' '), level: failed || notYetVisible ? 'warning' : 'info' };
}

// ---- deprecation times ----

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function addUtcYears(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

/** Rounded to the nearest minute, as EC2 stores it. */
export function roundToMinute(at: Date): Date {
  return new Date(Math.round(at.getTime() / MINUTE) * MINUTE);
}

/** What the deprecation input box says it accepts. */
export const DEPRECATION_INPUT_HINT = 'Date and time in UTC: YYYY-MM-DD HH:MM (or YYYY-MM-DD for 00:00 UTC)';

const INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(?:Z|UTC)?$/i;

export type DeprecationInput = { readonly ok: true; readonly at: Date } | { readonly ok: false; readonly reason: string };

/**
 * A deprecation time a person typed, in UTC (see DEPRECATION_INPUT_HINT), checked as EC2 checks
 * it: not in the past, at most 10 years ahead, and for a public image at most 2 years after its
 * creation. Rounded to the minute.
 */
export function parseDeprecationInput(text: string, now: Date, image?: { readonly public?: boolean; readonly creationDate?: string }): DeprecationInput {
  const m = INPUT.exec(text.trim());
  if (!m) return { ok: false, reason: `Not a date and time. ${DEPRECATION_INPUT_HINT}.` };
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  if (Number.isNaN(ms) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return { ok: false, reason: `${visibleLine(text)} is not a valid date and time.` };
  }
  return checkDeprecationTime(check, now, image);
}

/** The checks of parseDeprecationInput on a time already chosen (quick choices go through it too). */
export function checkDeprecationTime(at: Date, now: Date, image?: { readonly public?: boolean; readonly creationDate?: string }): DeprecationInput {
  const rounded = roundToMinute(at);
  if (rounded.getTime() <= now.getTime()) return { ok: false, reason: `${formatUtc(rounded)} is in the past: a deprecation time must be in the future.` };
  if (rounded.getTime() > addUtcYears(now.getTime(), 10)) return { ok: false, reason: `${formatUtc(rounded)} is more than 10 years away: EC2 allows at most 10 years.` };
  if (image?.public && image.creationDate) {
    const created = Date.parse(image.creationDate);
    if (!Number.isNaN(created) && rounded.getTime() > addUtcYears(created, 2)) {
      return { ok: false, reason: `This image is public: EC2 allows a deprecation time at most 2 years after its creation (${formatUtc(new Date(addUtcYears(created, 2)))}).` };
    }
  }
  return { ok: true, at: rounded };
}

export interface DeprecationChoice {
  readonly label: string;
  readonly at: Date;
}

/** Quick choices: in 30, 90 and 180 days and in a year (same time of day, to the minute), and the end of this month (23:59 UTC). */
export function deprecationQuickChoices(now: Date): DeprecationChoice[] {
  const base = roundToMinute(now).getTime();
  const endOfMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0, 23, 59));
  const choices: DeprecationChoice[] = [
    { label: 'In 30 days', at: new Date(base + 30 * DAY) },
    { label: 'In 90 days', at: new Date(base + 90 * DAY) },
    { label: 'In 180 days', at: new Date(base + 180 * DAY) },
    { label: 'In 1 year', at: new Date(addUtcYears(base, 1)) },
  ];
  if (endOfMonth.getTime() > now.getTime()) choices.push({ label: 'At the end of this month', at: endOfMonth });
  return choices;
}

/** "Deprecated since 2026-01-01 00:00 UTC", "Deprecates at …", "Not scheduled". */
export function deprecationText(deprecationTime: string | undefined, now: Date): string {
  if (!deprecationTime) return 'Not scheduled';
  const t = Date.parse(deprecationTime);
  if (Number.isNaN(t)) return visibleLine(deprecationTime);
  return t <= now.getTime() ? `Deprecated since ${formatUtc(deprecationTime)}` : `Deprecates at ${formatUtc(deprecationTime)}`;
}

/** Whether two deprecation times are the same minute (EC2 rounds; the read-back may differ in format). */
export function sameMinute(a: string | undefined, b: Date): boolean {
  if (!a) return false;
  const t = Date.parse(a);
  return !Number.isNaN(t) && roundToMinute(new Date(t)).getTime() === roundToMinute(b).getTime();
}
