/**
 * Find AMI (issue #11): what the user typed, parsed into one search, and every text the search
 * shows (result rows, failed regions, the cut-off note, the progress title) plus the list of
 * remembered searches. Pure: no vscode, no SDK.
 *
 * What can be typed:
 * - image ids: `ami-` + 8 or 17 hex digits; several separated by spaces or commas. Searched by id
 *   in every region, whoever owns the image (an id EC2 does not know in a region is a miss there).
 * - `Key=Value`: images with that tag. Key and value may hold the wildcards `*` and `?`; an empty
 *   value (`Key=`) finds images that have the key, whatever its value.
 * - `name:PATTERN` / `desc:PATTERN`: the name / the description matches the pattern (with
 *   wildcards). Text with `*` or `?` and no prefix is a name pattern.
 * - anything else: plain text, looked up as `*text*` in the name OR the description (two
 *   DescribeImages per region and owner scope, merged by id).
 * EC2 matches filter values case-sensitively; so does this search.
 */
import type { AmiImage } from './image';
import { formatDate, isDeprecated, plural } from './format';
import { pickText } from './text';

export type FindQuery =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'tag'; key: string; value: string } // value '' = has the key
  | { kind: 'name'; pattern: string }
  | { kind: 'description'; pattern: string }
  | { kind: 'text'; text: string };

export type ParsedQuery = { ok: true; query: FindQuery } | { ok: false; message: string };

/** At most this many ids in one search (one DescribeImages names them all). */
export const MAX_FIND_IDS = 50;
/** Remembered searches kept. */
export const FIND_HISTORY_MAX = 10;
/** Pages of DescribeImages read per region, owner scope and filter before the search says "refine". */
export const FIND_MAX_PAGES = 3;

const IMAGE_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const HAS_WILDCARD = /[*?]/;

/** Parses the search box. Never throws; an answer that cannot be searched says why. */
export function parseFindQuery(input: string): ParsedQuery {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Type an image id, a name pattern, text or Key=Value.' };
  const tokens = text.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length > 0 && tokens.every((t) => /^ami-/i.test(t))) return parseIds(tokens);

  const prefix = /^(name|desc|description):\s*(.*)$/i.exec(text);
  if (prefix) {
    const pattern = (prefix[2] ?? '').trim();
    const which = (prefix[1] ?? '').toLowerCase() === 'name' ? 'name' : 'description';
    if (pattern === '') return { ok: false, message: `Type a ${which === 'name' ? 'name' : 'description'} pattern after "${prefix[1] ?? ''}:".` };
    return { ok: true, query: which === 'name' ? { kind: 'name', pattern } : { kind: 'description', pattern } };
  }

  const eq = text.indexOf('=');
  if (eq >= 0) {
    const key = text.slice(0, eq).trim();
    const value = text.slice(eq + 1).trim();
    if (key === '') return { ok: false, message: 'A tag search needs a key before "=": Key=Value, or Key= for any value.' };
    if (key.length > 128) return { ok: false, message: 'A tag key is at most 128 characters.' };
    if (value.length > 256) return { ok: false, message: 'A tag value is at most 256 characters.' };
    return { ok: true, query: { kind: 'tag', key, value } };
  }

  if (HAS_WILDCARD.test(text)) return { ok: true, query: { kind: 'name', pattern: text } };
  return { ok: true, query: { kind: 'text', text } };
}

function parseIds(tokens: string[]): ParsedQuery {
  const ids: string[] = [];
  for (const token of tokens) {
    const id = token.toLowerCase();
    if (!IMAGE_ID.test(id)) {
      return { ok: false, message: `"${pickText(token)}" is not an image id: ami- followed by 8 or 17 hexadecimal digits.` };
    }
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length > MAX_FIND_IDS) return { ok: false, message: `Search at most ${MAX_FIND_IDS} image ids at once (${ids.length} given).` };
  return { ok: true, query: { kind: 'ids', ids } };
}

/** The query as it is searched, for the placeholder and the log: `name ~ "web-*"`. */
export function describeFindQuery(query: FindQuery): string {
  switch (query.kind) {
    case 'ids':
      return query.ids.length === 1 ? `image id ${query.ids[0] ?? ''}` : `image ids ${query.ids.join(', ')}`;
    case 'tag':
      return query.value === '' ? `tag "${pickText(query.key)}" (any value)` : `tag "${pickText(query.key)}" = "${pickText(query.value)}"`;
    case 'name':
      return `name matching "${pickText(query.pattern)}"`;
    case 'description':
      return `description matching "${pickText(query.pattern)}"`;
    case 'text':
      return `"${pickText(query.text)}" in name or description`;
  }
}

/**
 * The DescribeImages filters a (non-id) query becomes: one entry per call to make for each owner
 * scope (plain text: two, name and description, merged by id). Tag searches with a wildcard in
 * the key use tag-key + tag-value, which EC2 matches on any tags, so the results are checked
 * with `matchesFindQuery` to keep images where one tag matches both.
 */
export interface FindFilter {
  name?: string;
  description?: string;
  tags?: Record<string, string>;
  tagKey?: string;
  tagValue?: string;
}

export function findFilters(query: Exclude<FindQuery, { kind: 'ids' }>): FindFilter[] {
  switch (query.kind) {
    case 'name':
      return [{ name: query.pattern }];
    case 'description':
      return [{ description: query.pattern }];
    case 'text': {
      const pattern = `*${query.text}*`;
      return [{ name: pattern }, { description: pattern }];
    }
    case 'tag':
      if (query.value === '') return [{ tagKey: query.key }];
      if (HAS_WILDCARD.test(query.key)) return [{ tagKey: query.key, tagValue: query.value }];
      return [{ tags: { [query.key]: query.value } }];
  }
}

/** EC2's wildcard match: `*` any run, `?` one character, everything else literal and case-sensitive. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'su').test(text);
}

/** Whether an image matches the query as EC2 would (used to pair a wildcard tag key with its value). */
export function matchesFindQuery(query: FindQuery, image: AmiImage): boolean {
  switch (query.kind) {
    case 'ids':
      return query.ids.includes(image.imageId);
    case 'name':
      return wildcardMatch(query.pattern, image.name ?? '');
    case 'description':
      return wildcardMatch(query.pattern, image.description ?? '');
    case 'text':
      return (image.name ?? '').includes(query.text) || (image.description ?? '').includes(query.text);
    case 'tag':
      return Object.entries(image.tags ?? {}).some(([k, v]) => wildcardMatch(query.key, k) && (query.value === '' || wildcardMatch(query.value, v)));
  }
}

// ---- texts ----

/** Where a search ran: a profile (undefined: default credentials) and a region. */
export interface FindPlace {
  profile: string | undefined;
  region: string;
}

/** "dev · eu-west-1", or the region alone for the default credentials. */
export function placeText(place: FindPlace): string {
  return place.profile ? `${pickText(place.profile)} · ${pickText(place.region)}` : pickText(place.region);
}

export interface FindRowText {
  label: string;
  description: string;
  detail: string;
}

/**
 * A result row: the name (or the id when it has none) as label; id, region and profile as
 * description; creation date, owner and description as detail. Every stranger's text through pickText.
 */
export function findResultRow(image: AmiImage, profile: string | undefined): FindRowText {
  const name = image.name?.trim();
  const label = pickText(name ? name : image.imageId);
  const description = [image.imageId, placeText({ profile, region: image.region })].join(' · ');
  const owner = image.ownerAlias ? `${image.ownerAlias} (${image.ownerId ?? '?'})` : image.ownerId;
  const parts = [formatDate(image.creationDate) ?? 'creation date unknown', owner ? `owner ${owner}` : undefined, image.state && image.state !== 'available' ? image.state : undefined, image.description?.trim() || undefined];
  return { label, description, detail: pickText(parts.filter((p): p is string => p !== undefined).join(' · ')) };
}

/** A region (or a profile, when its regions could not be listed) that failed: label and reason. */
export function findFailureRow(place: FindPlace | { profile: string | undefined; region?: undefined }, reason: string): FindRowText {
  const where = place.region === undefined ? (place.profile ? `profile ${pickText(place.profile)}` : 'default credentials') : placeText(place);
  return { label: `$(error) ${where}: search failed`, description: '', detail: pickText(reason) };
}

/** The note for a region whose results were cut after FIND_MAX_PAGES pages. */
export function findMoreRow(place: FindPlace): FindRowText {
  return { label: `$(info) More results in ${placeText(place)}: refine the search`, description: '', detail: `Only the first ${plural(FIND_MAX_PAGES, 'page')} of each list were read there.` };
}

/** Progress title: "7 of 17 regions answered, 3 found" (then "Searched 17 regions, 3 found"). */
export function findProgressTitle(answered: number, total: number, found: number, done: boolean): string {
  const foundText = `${found} found`;
  if (done) return `Searched ${plural(total, 'region')}, ${foundText}`;
  return `${answered} of ${plural(total, 'region')} answered, ${foundText}`;
}

/** The line when the search ended with nothing found. */
export function findNothingText(query: FindQuery, total: number, failed: number): string {
  const where = `${plural(total, 'region')}${failed > 0 ? ` (${failed} failed)` : ''}`;
  return `No image with ${describeFindQuery(query)} in ${where}.`;
}

/**
 * Why a chosen result is not selected in the tree and its details panel opens instead.
 */
export type NotInTreeReason = 'noRegion' | 'otherOwner' | 'filtered' | 'notListed' | 'beyondPages' | 'failed';

/** Most pages of a region the tree loads ("Load more") to reach a found image. */
export const REVEAL_MAX_PAGES = 20;

/** The tree's listing settings that decide whether it can show an image. */
export interface TreeListing {
  scopes: readonly { kind: string; accountIds?: readonly string[] }[];
  /** The profile's account id when known. */
  accountId: string | undefined;
  showDeprecated: boolean;
  showDisabled: boolean;
  architecture: string | undefined;
}

/**
 * Why the tree can certainly not list the image (so no page is loaded for it), or undefined when
 * it may (then the pages are loaded to find out). Owner scopes as DescribeImages applies them;
 * "shared with me" cannot be judged from the image (explicit shares are the owner's to read).
 */
export function treeCannotList(image: AmiImage, listing: TreeListing, now: Date): NotInTreeReason | undefined {
  const mine = listing.accountId !== undefined && image.ownerId === listing.accountId;
  const ownerListed = listing.scopes.some((s) => {
    switch (s.kind) {
      case 'self':
        return listing.accountId === undefined || mine;
      case 'sharedWithMe':
        return !mine && image.public !== true;
      case 'amazon':
        return image.ownerAlias === 'amazon';
      case 'marketplace':
        return image.ownerAlias === 'aws-marketplace';
      case 'accounts':
        return image.ownerId !== undefined && (s.accountIds ?? []).includes(image.ownerId);
      default:
        return true;
    }
  });
  if (!ownerListed) return 'otherOwner';
  if (listing.architecture && image.architecture !== listing.architecture) return 'notListed';
  if (!listing.showDisabled && image.state === 'disabled') return 'notListed';
  if (!listing.showDeprecated && !mine && isDeprecated(image, now)) return 'notListed';
  return undefined;
}

export function notInTreeText(imageId: string, place: FindPlace, reason: NotInTreeReason): string {
  const where = placeText(place);
  const why: Record<NotInTreeReason, string> = {
    noRegion: `the tree does not show ${where}`,
    otherOwner: 'the tree lists other owners (amiExplorer.images.owners)',
    filtered: "the tree's text filter hides it",
    notListed: `the tree does not list it in ${where} (owner scope, architecture or deprecated/disabled settings)`,
    beyondPages: `it is not among the first ${REVEAL_MAX_PAGES} pages of ${where} the tree loaded`,
    failed: `${where} could not be loaded in the tree`,
  };
  return `${imageId} is not in the tree: ${why[reason]}. Showing its details instead.`;
}

// ---- remembered searches ----

/** The history after a search: most recent first, no duplicates (trimmed text), at most FIND_HISTORY_MAX. */
export function rememberSearch(history: readonly unknown[], query: string): string[] {
  const text = query.trim();
  const kept = history.filter((h): h is string => typeof h === 'string' && h.trim() !== '' && h.trim() !== text).map((h) => h.trim());
  return (text === '' ? kept : [text, ...kept]).filter((h, i, all) => all.indexOf(h) === i).slice(0, FIND_HISTORY_MAX);
}

/** The history as stored (anything that is not a list of strings is dropped). */
export function readHistory(stored: unknown): string[] {
  return Array.isArray(stored) ? rememberSearch(stored, '') : [];
}
