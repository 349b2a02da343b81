/**
 * Messages of the clean-up report panel ("Find Unused AMIs…"), imported by the host
 * (cleanupPanel.ts) and the page (ui/main.ts). The page is never trusted: the host checks each
 * message's shape here, and on Deregister Selected checks every id against its own report
 * (checkSelection) before it asks; Export CSV writes the host's own rows, never the page's.
 */
import type { CleanupReport, DeregisterLine, FamilyRule, SortKey } from '../../model/cleanup';
import { SORT_KEYS } from '../../model/cleanup';
import { arrayOf, exactObject, isEmptyObject, isImageId, isProfileName, isRecord, isRegionName, isString, matching, oneOf, optional, type Guard } from '../guards';
import { definePanelProtocol } from '../panelProtocol';
import { defineCommand, defineRequest } from '../protocol';

export { CLEANUP_VIEW_TYPE } from '../viewTypes';

/** Most regions one report covers, and most images one Deregister Selected may name. */
export const MAX_REGIONS = 64;
export const MAX_SELECTED = 1000;

/** What a report covers: the profile, the regions and the family rule. */
export interface CleanupKey {
  readonly profile?: string;
  readonly regions: readonly string[];
  readonly family: FamilyRule;
}

/** A tag key as EC2 allows it (1..128 characters). */
const isTagKey = matching(/^[\s\S]{1,128}$/, 128);

export const isFamilyRule: Guard<FamilyRule> = (v): v is FamilyRule =>
  isRecord(v) && ((v.kind === 'name' && Object.keys(v).length === 1) || (v.kind === 'tag' && isTagKey(v.key) && Object.keys(v).length === 2));

export const isCleanupKey: Guard<CleanupKey> = exactObject({
  profile: optional(isProfileName),
  regions: arrayOf(isRegionName, MAX_REGIONS),
  family: isFamilyRule,
}) as Guard<CleanupKey>;

/** One string per key: the same profile, regions (any order) and family rule are the same report. */
export function cleanupKeyId(key: CleanupKey): string {
  return JSON.stringify([key.profile ?? '', [...key.regions].sort(), key.family.kind, key.family.kind === 'tag' ? key.family.key : '']);
}

/** Enough of a report to render it; the report comes from our own host. */
export const isCleanupReport: Guard<CleanupReport> = (v): v is CleanupReport =>
  isRecord(v) &&
  v.version === 1 &&
  Array.isArray(v.regions) &&
  Array.isArray(v.candidates) &&
  Array.isArray(v.excluded) &&
  Array.isArray(v.recent) &&
  typeof v.notAssessed === 'number' &&
  Array.isArray(v.notes) &&
  isRecord(v.totals) &&
  isRecord(v.settings) &&
  isFamilyRule(v.familyRule) &&
  isString(v.generatedAt);

export const isSortKey: Guard<SortKey> = oneOf(SORT_KEYS);

/** What the page keeps with setState. */
export interface CleanupState {
  version: 1;
  key: CleanupKey;
  model?: CleanupReport;
  sort?: SortKey;
  /** "region/imageId" of the ticked rows. */
  selected?: string[];
}

export const isCleanupState: Guard<CleanupState> = (v): v is CleanupState =>
  isRecord(v) && v.version === 1 && isCleanupKey(v.key) && (v.model === undefined || isCleanupReport(v.model)) && (v.sort === undefined || isSortKey(v.sort));

/**
 * The kept state of a page or restored panel. A report kept by an earlier version (one that no
 * longer matches isCleanupReport, e.g. without the counts of images checked) is dropped and the rest
 * kept: the key is enough to read the report again.
 */
export function keptCleanupState(v: unknown): CleanupState | undefined {
  if (isCleanupState(v)) return v;
  if (!isRecord(v) || v.model === undefined) return undefined;
  const rest = Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'model'));
  return isCleanupState(rest) ? rest : undefined;
}

// ---- the panel base's messages: ready, state, loading, error, gone ----

export const CleanupProtocol = definePanelProtocol('cleanup', isCleanupKey, isCleanupReport);

// ---- webview → host ----

export const isSelectedImage = exactObject({ region: isRegionName, imageId: isImageId });

export interface DeregisterRequest {
  readonly images: readonly { readonly region: string; readonly imageId: string }[];
}

export const isDeregisterRequest: Guard<DeregisterRequest> = exactObject({ images: arrayOf(isSelectedImage, MAX_SELECTED) });

export interface DeregisterResult {
  readonly status: 'done' | 'partial' | 'cancelled' | 'refused' | 'failed';
  readonly message: string;
  readonly lines: readonly DeregisterLine[];
}

const isDeregisterLine: Guard<DeregisterLine> = exactObject({
  imageId: isString,
  region: isString,
  status: oneOf(['done', 'failed', 'notRun'] as const),
  text: isString,
});

export const isDeregisterResult: Guard<DeregisterResult> = exactObject({
  status: oneOf(['done', 'partial', 'cancelled', 'refused', 'failed'] as const),
  message: isString,
  lines: arrayOf(isDeregisterLine, MAX_SELECTED),
});

/** Deregister Selected…: the host checks, asks once (modal), deregisters each with its snapshots, answers per image. */
export const DeregisterRequestType = defineRequest('cleanup/deregister', isDeregisterRequest, isDeregisterResult);

export interface ExportResult {
  readonly status: 'saved' | 'cancelled' | 'failed';
  readonly message: string;
}

/** Export CSV: the host writes its own rows, in the order the page shows (`sort`), to a file the person picks. */
export const ExportCsvRequest = defineRequest(
  'cleanup/exportCsv',
  exactObject({ sort: isSortKey }),
  exactObject({ status: oneOf(['saved', 'cancelled', 'failed'] as const), message: isString }) as Guard<ExportResult>,
);

export const RefreshCommand = defineCommand('cleanup/refresh', isEmptyObject);
