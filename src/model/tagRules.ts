/**
 * Tags: EC2's rules, checked before anything is sent, and the words of the tag commands (Add
 * Tag…, Edit Tag…, Remove Tag…): what a change does, and what a write did per image and per
 * snapshot. Pure (no vscode, no SDK).
 *
 * EC2's rules for user tags (docs: "Tag your Amazon EC2 resources", "Tag restrictions"):
 *  - a key has 1 to 128 Unicode characters, a value 0 to 256; EC2 allows any character;
 *  - keys beginning with `aws:` (any case) are reserved: they cannot be set or deleted, and they do
 *    not count against the limit;
 *  - at most 50 user tags per resource. A change is sent as CreateTags, then DeleteTags, and EC2
 *    checks the limit on CreateTags: the count that matters is current keys ∪ keys set.
 * Keys and values are written by anyone who can tag: every one shown here is one visible line
 * (text.ts visibleLine), cut to a length.
 */
import type { TagChange } from './changes';
import { removedKeys } from './changes';
import { plural, truncate } from './format';
import { visibleLine, visibleText } from './text';

export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
export const MAX_TAGS_PER_RESOURCE = 50;

/** Longest key or value shown in a message before it is cut. */
const SHOWN_MAX = 60;

/** Characters as EC2 counts them: Unicode code points (an emoji is one, not two UTF-16 units). */
export function tagLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Whether a key is reserved by AWS (`aws:` in any case). */
export function isReservedTagKey(key: string): boolean {
  return key.slice(0, 4).toLowerCase() === 'aws:';
}

/** A key or value as shown in a message: quoted, one visible line, cut. */
export function shownTag(text: string): string {
  return `“${truncate(visibleLine(text), SHOWN_MAX)}”`;
}

/** Why a key cannot be set (or deleted), or undefined when EC2 takes it. */
export function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'A tag key cannot be empty.';
  if (isReservedTagKey(key)) return `The tag key ${shownTag(key)} begins with “aws:”, which is reserved for AWS: such tags cannot be added, changed or removed.`;
  const n = tagLength(key);
  if (n > MAX_TAG_KEY_LENGTH) return `A tag key has at most ${MAX_TAG_KEY_LENGTH} characters; this one has ${n}.`;
  return undefined;
}

/** Why a value cannot be set, or undefined when EC2 takes it (an empty value is allowed). */
export function tagValueProblem(value: string): string | undefined {
  const n = tagLength(value);
  if (n > MAX_TAG_VALUE_LENGTH) return `A tag value has at most ${MAX_TAG_VALUE_LENGTH} characters; this one has ${n}.`;
  return undefined;
}

/** Every problem of a change on its own (keys and values), before any resource is looked at. */
export function tagChangeProblems(change: TagChange): string[] {
  const problems: string[] = [];
  const set = Object.entries(change.set ?? {});
  for (const [key, value] of set) {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) problems.push(keyProblem);
    const valueProblem = tagValueProblem(value);
    if (valueProblem) problems.push(`${valueProblem.replace(/\.$/, '')} (key ${shownTag(key)}).`);
  }
  for (const key of removedKeys(change)) {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) problems.push(keyProblem);
  }
  if (set.length === 0 && removedKeys(change).length === 0) problems.push('The change sets and removes no tag.');
  return problems;
}

/** User tags a resource holds after CreateTags of the change (what EC2 checks against the limit). */
export function tagCountAfter(current: Readonly<Record<string, string>>, change: TagChange): number {
  const keys = new Set(Object.keys(current).filter((k) => !isReservedTagKey(k)));
  for (const k of Object.keys(change.set ?? {})) keys.add(k);
  return keys.size;
}

/** A resource whose tags a change is checked against. */
export interface TaggedResource {
  /** Image or snapshot id. */
  readonly id: string;
  /** The image's name, when it has one (shown beside the id). */
  readonly name?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One sentence per resource that would hold more than 50 user tags after the change. */
export function tagLimitProblems(resources: readonly TaggedResource[], change: TagChange): string[] {
  const out: string[] = [];
  for (const r of resources) {
    const n = tagCountAfter(r.tags, change);
    if (n <= MAX_TAGS_PER_RESOURCE) continue;
    const over = n - MAX_TAGS_PER_RESOURCE;
    out.push(`${resourceTitle(r)} would have ${n} tags, ${over} over EC2's limit of ${MAX_TAGS_PER_RESOURCE} per resource.`);
  }
  return out;
}

/** All problems of a change against the resources it is for; empty when it can be sent. */
export function validateTagChange(resources: readonly TaggedResource[], change: TagChange): string[] {
  const own = tagChangeProblems(change);
  return own.length > 0 ? own : tagLimitProblems(resources, change);
}

/** The message when a change is refused before sending: the problems, and that nothing was sent. */
export function refusedText(problems: readonly string[]): string {
  return `${problems.join(' ')} Nothing was sent.`;
}

/** `ami-… ("name")`, or the id alone. */
export function resourceTitle(r: Pick<TaggedResource, 'id' | 'name'>): string {
  return r.name ? `${r.id} (${shownTag(r.name)})` : r.id;
}

/**
 * The keys an Edit or Remove may offer for several images: those on every one of them, except
 * reserved ones, sorted. One image: its own keys.
 */
export function commonTagKeys(tagsOfEach: readonly Readonly<Record<string, string>>[]): string[] {
  const [first, ...rest] = tagsOfEach;
  if (!first) return [];
  return Object.keys(first)
    .filter((k) => !isReservedTagKey(k) && rest.every((t) => Object.prototype.hasOwnProperty.call(t, k)))
    .sort((a, b) => a.localeCompare(b, 'en'));
}

/**
 * The real key behind a key as a panel shows it (invisible characters made visible escapes):
 * the key itself when present, else the one key whose visible form it is. Undefined when none
 * or several match.
 */
export function findTagKey(tags: Readonly<Record<string, string>>, shown: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(tags, shown)) return shown;
  const matches = Object.keys(tags).filter((k) => visibleText(k) === shown);
  return matches.length === 1 ? matches[0] : undefined;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** `Env = “prod”, Team = “a”` / `the tags Env and Team`: what a change does, with a preposition for the target. */
export function tagChangeText(change: TagChange): { text: string; preposition: 'on' | 'from' } {
  const set = Object.entries(change.set ?? {});
  const removed = removedKeys(change);
  const setText = set.length ? `set ${list(set.map(([k, v]) => `${shownTag(k)} = ${shownTag(v)}`))}` : '';
  const removedText = removed.length ? `removed ${removed.length === 1 ? 'the tag' : 'the tags'} ${list(removed.map(shownTag))}` : '';
  if (setText && removedText) return { text: `${setText} and ${removedText}`, preposition: 'on' };
  return setText ? { text: setText, preposition: 'on' } : { text: removedText, preposition: 'from' };
}

/** What a tag write did to one image and (when asked) its snapshots, as the person is told. */
export interface TagImageResult {
  readonly imageId: string;
  readonly name?: string;
  /** Why the image's write failed (nothing changed on it, its snapshots were not tried). */
  readonly error?: string;
  /** Set instead of `error` when the answer was lost (connection, cancel): whether it changed is not known. */
  readonly outcomeUnknown?: boolean;
  /** AWS accepted the change, but the read-back did not show it yet: the next step. */
  readonly notYetVisible?: string;
  /** Snapshots the change was applied to (only when asked); `error`: that one was not changed. */
  readonly snapshots: readonly { readonly snapshotId: string; readonly error?: string }[];
}

export interface TagResultText {
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The result notification: what changed on which images and snapshots, and — per image and per
 * snapshot — what did not, with EC2's reason. An image whose snapshot failed keeps its change
 * (nothing is rolled back) and the text says so. Level: info when everything changed, error when
 * nothing did, else warning.
 */
export function describeTagResults(change: TagChange, results: readonly TagImageResult[]): TagResultText {
  const { text: what, preposition } = tagChangeText(change);
  const done = results.filter((r) => r.error === undefined);
  const failed = results.filter((r) => r.error !== undefined);
  const snapshotsDone = done.flatMap((r) => r.snapshots.filter((s) => s.error === undefined).map((s) => s.snapshotId));
  const snapshotFailures = done.flatMap((r) => r.snapshots.filter((s) => s.error !== undefined).map((s) => ({ image: r, ...s })));
  const parts: string[] = [];

  if (done.length > 0) {
    const targets = done.length === 1 && results.length === 1 ? resourceTitle({ id: done[0]?.imageId ?? '', ...(done[0]?.name ? { name: done[0].name } : {}) }) : list(done.map((r) => r.imageId));
    const count = results.length > 1 ? `${done.length === results.length ? '' : `${done.length} of ${results.length} images: `}` : '';
    parts.push(`${capitalize(what)} ${preposition} ${count}${targets}${snapshotsDone.length ? ` and ${plural(snapshotsDone.length, 'snapshot')} (${snapshotsDone.join(', ')})` : ''}.`);
  }
  for (const r of failed) {
    const title = resourceTitle({ id: r.imageId, ...(r.name ? { name: r.name } : {}) });
    parts.push(r.outcomeUnknown ? `It is not known whether ${title} changed (refresh it to see): ${r.error ?? ''}`.trim() : `${title} was not changed: ${r.error ?? ''}`.trim());
  }
  for (const s of snapshotFailures) {
    parts.push(`${s.image.imageId} was changed, but its snapshot ${s.snapshotId} was not: ${s.error ?? ''}`.trim());
  }
  for (const r of done) if (r.notYetVisible) parts.push(r.notYetVisible);

  const text = parts.map((p) => (/[.!?…]$/.test(p) ? p : `${p}.`)).join(' ');
  const level = done.length === 0 ? 'error' : failed.length > 0 || snapshotFailures.length > 0 || done.some((r) => r.notYetVisible) ? 'warning' : 'info';
  const certain = failed.every((r) => !r.outcomeUnknown);
  return { level, text: done.length === 0 && results.length > 1 && certain ? `Nothing was changed. ${text}` : text };
}
