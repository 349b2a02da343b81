/**
 * The extension's settings (`amiExplorer.*`), read into one typed snapshot. Parsing is pure: it
 * takes anything with `get(key)` (a vscode.WorkspaceConfiguration in the extension, a plain object
 * in unit tests), so defaults, bounds and the untrusted-workspace rule for the endpoint are tested
 * without VS Code. This module never imports vscode at run time.
 */
import type { OwnerScope } from './aws/types';
import { isRegionName } from './model/format';
import { ATTEMPTS, CONCURRENCY, PAGE_SIZE, clampToBounds } from './model/limits';


export const SECTION = 'amiExplorer';

/** Setting keys under `amiExplorer.`. */
export const Keys = {
  profiles: 'profiles',
  regions: 'regions',
  owners: 'images.owners',
  groupByTag: 'tree.groupByTag',
  filter: 'images.filter',
  architecture: 'images.architecture',
  pageSize: 'images.pageSize',
  maxConcurrentRegions: 'maxConcurrentRegions',
  showDeprecated: 'images.showDeprecated',
  showDisabled: 'images.showDisabled',
  endpoint: 'endpoint',
  maxAttempts: 'maxAttempts',
  // hygiene (#11): marks on image nodes and in the details panel
  hygieneMarks: 'images.hygieneMarks',
} as const;

export interface Settings {
  /** Profiles to show; empty = the default one (AWS_PROFILE, else "default", else the default chain). */
  profiles: string[];
  /** Regions to show; empty = the account's enabled regions. */
  regions: string[];
  /** Entries of `regions` that are not region names (shown in the log, never used). */
  invalidRegions: string[];
  /** Owner scopes, parsed; never empty (falls back to "self"). */
  owners: OwnerScope[];
  /** Entries of `images.owners` that were not understood (shown in the log). */
  invalidOwners: string[];
  groupByTag: string | undefined;
  /** Default text filter applied when the extension starts or the setting changes. */
  filter: string;
  /** Only images of this architecture (passed to DescribeImages); undefined = any. */
  architecture: string | undefined;
  pageSize: number;
  maxConcurrentRegions: number;
  showDeprecated: boolean;
  showDisabled: boolean;
  /** Endpoint override, only when the workspace is trusted and the URL is http(s). */
  endpoint: string | undefined;
  /** Why a configured endpoint was not used. */
  endpointIgnored: 'untrusted' | 'invalid' | 'insecure' | undefined;
  maxAttempts: number;
  /** hygiene (#11): show hygiene marks on image nodes and in the details panel (default on). */
  hygieneMarks: boolean;
}

/** The subset of vscode.WorkspaceConfiguration that parsing needs. */
export interface SettingsSource {
  get(key: string): unknown;
}

const ARCHITECTURES = ['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac'] as const;

const ACCOUNT_ID_RE = /^\d{12}$/;

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') continue;
    const t = v.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The setting's words for each scope, in the order the owner picker shows them. */
const OWNER_WORDS = {
  self: 'self',
  sharedWithMe: 'shared-with-me',
  amazon: 'amazon',
  marketplace: 'aws-marketplace',
} as const;

/**
 * Parses `amiExplorer.images.owners`: the words self, shared-with-me, amazon, aws-marketplace
 * and 12-digit account ids (collected into one "accounts" scope). Unknown entries are reported,
 * not fatal; an empty result means the default, "self".
 */
export function parseOwners(value: unknown): { scopes: OwnerScope[]; invalid: string[] } {
  const scopes: OwnerScope[] = [];
  const accountIds: string[] = [];
  const invalid: string[] = [];
  const add = (scope: OwnerScope): void => {
    if (!scopes.some((s) => s.kind === scope.kind)) scopes.push(scope);
  };
  for (const entry of stringList(value)) {
    const word = entry.toLowerCase();
    if (word === OWNER_WORDS.self) add({ kind: 'self' });
    else if (word === OWNER_WORDS.sharedWithMe) add({ kind: 'sharedWithMe' });
    else if (word === OWNER_WORDS.amazon) add({ kind: 'amazon' });
    else if (word === OWNER_WORDS.marketplace) add({ kind: 'marketplace' });
    else if (ACCOUNT_ID_RE.test(entry)) {
      if (!accountIds.includes(entry)) accountIds.push(entry);
    } else invalid.push(entry);
  }
  if (accountIds.length > 0) scopes.push({ kind: 'accounts', accountIds });
  if (scopes.length === 0) scopes.push({ kind: 'self' });
  return { scopes, invalid };
}

/** The setting value that stands for the given scopes (inverse of parseOwners). */
export function ownersToSetting(scopes: readonly OwnerScope[]): string[] {
  const out: string[] = [];
  for (const s of scopes) {
    if (s.kind === 'accounts') out.push(...s.accountIds);
    else out.push(OWNER_WORDS[s.kind]);
  }
  return out;
}

/** Short human text for a scope, e.g. for the region description and the log. */
export function describeOwnerScope(scope: OwnerScope): string {
  switch (scope.kind) {
    case 'self':
      return 'owned by me';
    case 'sharedWithMe':
      return 'shared with me';
    case 'amazon':
      return 'Amazon';
    case 'marketplace':
      return 'AWS Marketplace';
    case 'accounts':
      return scope.accountIds.length === 1 ? `account ${scope.accountIds[0]}` : `${scope.accountIds.length} accounts`;
  }
}

/**
 * Parses account ids typed into an input box: separated by commas, spaces or new lines.
 * Returns the ids, or an error message naming the first bad entry.
 */
export function parseAccountIds(input: string): { ids: string[] } | { error: string } {
  const parts = input.split(/[\s,;]+/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) return { error: 'Enter at least one 12-digit AWS account ID.' };
  const ids: string[] = [];
  for (const p of parts) {
    const compact = p.replace(/-/g, ''); // the console shows ids as 1234-5678-9012
    if (!ACCOUNT_ID_RE.test(compact)) {
      return { error: `"${p.length > 40 ? `${p.slice(0, 40)}…` : p}" is not a 12-digit AWS account ID.` };
    }
    if (!ids.includes(compact)) ids.push(compact);
  }
  return { ids };
}

/**
 * True for hosts that never leave this machine: 127.0.0.0/8, `localhost` and `[::1]`, as the URL
 * parser normalizes them (it lower-cases names and canonicalizes IPv4 and IPv6 forms).
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return !!octets && octets[1] === '127' && octets.slice(2).every((o) => Number(o) <= 255);
}

/**
 * Checks the endpoint override: only http(s) URLs without embedded user info, and only in a
 * trusted workspace (a cloned repository must not be able to send signed requests elsewhere).
 * Plain `http:` only to a loopback host (an emulator on this machine): anywhere else the signed
 * requests, and the session tokens they carry, would cross the network in clear text.
 */
export function resolveEndpoint(value: unknown, trusted: boolean): { endpoint?: string; ignored?: 'untrusted' | 'invalid' | 'insecure' } {
  const raw = text(value);
  if (!raw) return {};
  if (!trusted) return { ignored: 'untrusted' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ignored: 'invalid' };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    return { ignored: 'invalid' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ignored: 'insecure' };
  return { endpoint: raw.replace(/\/+$/, '') };
}

/** Reads every setting, applying defaults and bounds. */
export function parseSettings(source: SettingsSource, trusted: boolean): Settings {
  const owners = parseOwners(source.get(Keys.owners) ?? ['self']);
  const endpoint = resolveEndpoint(source.get(Keys.endpoint), trusted);
  const arch = text(source.get(Keys.architecture));
  // Region names reach EC2 endpoints, URLs and Markdown tooltips, and a workspace can set them: only well-formed ones.
  const regionEntries = [...new Set(stringList(source.get(Keys.regions)).map((r) => r.toLowerCase()))];
  return {
    profiles: stringList(source.get(Keys.profiles)),
    regions: regionEntries.filter((r) => isRegionName(r)),
    invalidRegions: regionEntries.filter((r) => !isRegionName(r)),
    owners: owners.scopes,
    invalidOwners: owners.invalid,
    groupByTag: text(source.get(Keys.groupByTag)),
    filter: text(source.get(Keys.filter)) ?? '',
    architecture: arch && (ARCHITECTURES as readonly string[]).includes(arch) ? arch : undefined,
    pageSize: clampToBounds(source.get(Keys.pageSize), PAGE_SIZE),
    maxConcurrentRegions: clampToBounds(source.get(Keys.maxConcurrentRegions), CONCURRENCY),
    showDeprecated: source.get(Keys.showDeprecated) === true,
    // lifecycle (#10): on unless turned off, so a disabled image stays in the owner's view (package.json default true).
    showDisabled: source.get(Keys.showDisabled) !== false,
    endpoint: endpoint.endpoint,
    endpointIgnored: endpoint.ignored,
    maxAttempts: clampToBounds(source.get(Keys.maxAttempts), ATTEMPTS),
    // hygiene (#11): on unless turned off (package.json default true).
    hygieneMarks: source.get(Keys.hygieneMarks) !== false,
  };
}

/** Settings whose change needs everything resolved again: profiles, credentials, regions, images. */
export const RELOAD_KEYS: readonly string[] = [Keys.profiles, Keys.regions, Keys.endpoint, Keys.maxAttempts];

/** Settings whose change needs only the images fetched again (same profiles and regions). */
export const IMAGE_KEYS: readonly string[] = [Keys.owners, Keys.architecture, Keys.pageSize, Keys.showDeprecated, Keys.showDisabled];
