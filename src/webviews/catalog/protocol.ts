/**
 * Messages of the "AMI Catalog" panel, imported by the host (catalogPanel.ts) and the page
 * (ui/main.ts). The page never talks to AWS and is never trusted: every message is checked here
 * (exact keys, bounded strings, known values, AWS id patterns) and then against the host's own
 * state (the profiles offered, the images it showed, the Quick start list) before it acts.
 */
import { SEARCH_ARCHITECTURES, type CatalogImage, type QuickStartRow, type SearchForm } from '../../model/catalog';
import { arrayOf, exactObject, isBoolean, isEmptyObject, isImageId, isProfileName, isRecord, isRegionName, isString, matching, oneOf, optional, type Guard } from '../guards';
import { definePanelProtocol } from '../panelProtocol';
import { defineCommand, defineRequest } from '../protocol';

export { CATALOG_VIEW_TYPE } from '../viewTypes';

/** The catalog is one panel: its key is this constant; the profile and region it shows are in the model. */
export const CATALOG_KEY = 'catalog';
export type CatalogKey = typeof CATALOG_KEY;
export const isCatalogKey = oneOf([CATALOG_KEY] as const);

/** Where the catalog looks: a profile (undefined = the default credential chain) and a region. */
export interface CatalogWhere {
  profile?: string;
  region: string;
}

export const isCatalogWhere: Guard<CatalogWhere> = exactObject({ profile: optional(isProfileName), region: isRegionName }) as Guard<CatalogWhere>;

/** What the panel shows: where it looks, the choices offered, and the Quick start resolved there. */
export interface CatalogModel {
  version: 1;
  where: CatalogWhere;
  /** The tree's profiles (empty: the default chain only). */
  profiles: string[];
  /** The profile's regions (configured, else enabled); always holds where.region. */
  regions: string[];
  /** One row per entry; absent when the Quick start could not be read (see quickStartError). */
  quickStart?: QuickStartRow[];
  quickStartError?: string;
  summary?: string;
  fetchedAt: string;
}

/** Enough of a CatalogModel to render it; the model comes from our own host. */
export const isCatalogModel: Guard<CatalogModel> = (v): v is CatalogModel =>
  isRecord(v) &&
  v.version === 1 &&
  isCatalogWhere(v.where) &&
  arrayOf(isString, 1000)(v.profiles) &&
  arrayOf(isString, 1000)(v.regions) &&
  (v.quickStart === undefined || Array.isArray(v.quickStart)) &&
  optional(isString)(v.quickStartError) &&
  optional(isString)(v.summary) &&
  isString(v.fetchedAt);

export const CATALOG_TABS = ['quickStart', 'marketplace', 'community'] as const;
export type CatalogTab = (typeof CATALOG_TABS)[number];

/** What the page keeps with setState, and what a window reload hands back to the serializer. */
export interface CatalogState {
  version: 1;
  where: CatalogWhere;
  tab?: CatalogTab;
}

/** Checked on both sides: a restored state picks the profile and region to show (an unknown tab is dropped). */
export function readCatalogState(v: unknown): CatalogState | undefined {
  if (!isRecord(v) || v.version !== 1 || !isCatalogWhere(v.where)) return undefined;
  return { version: 1, where: v.where, ...(oneOf(CATALOG_TABS)(v.tab) ? { tab: v.tab } : {}) };
}

// ---- the panel base's messages: ready, state, loading, error, gone ----

export const CatalogProtocol = definePanelProtocol('catalog', isCatalogKey, isCatalogModel);

// ---- webview → host ----

/** A bounded single-line text. */
function line(maxLength: number): Guard<string> {
  // eslint-disable-next-line no-control-regex
  return matching(/^[^\u0000-\u001f\u007f]*$/, maxLength);
}

export const isSearchSource = oneOf(['marketplace', 'community'] as const);

/** The search form as sent (its content is checked by the model's checkSearch, on both sides). */
export const isSearchForm: Guard<SearchForm> = exactObject({
  source: isSearchSource,
  namePattern: line(256),
  owner: line(64),
  architecture: oneOf(['', ...SEARCH_ARCHITECTURES] as const),
});

/** The result of a search page, as the page shows it. */
export type SearchResult =
  | { status: 'ok'; images: CatalogImage[]; more: boolean; message?: string }
  | { status: 'invalid'; field: 'namePattern' | 'owner' | 'architecture'; message: string }
  | { status: 'failed'; message: string };

const isCatalogImage: Guard<CatalogImage> = (v): v is CatalogImage => isRecord(v) && isImageId(v.imageId) && isString(v.state) && isRecord(v.mark);

export const isSearchResult: Guard<SearchResult> = (v): v is SearchResult =>
  isRecord(v) &&
  ((v.status === 'ok' && arrayOf(isCatalogImage)(v.images) && isBoolean(v.more) && optional(isString)(v.message)) ||
    (v.status === 'invalid' && oneOf(['namePattern', 'owner', 'architecture'] as const)(v.field) && isString(v.message)) ||
    (v.status === 'failed' && isString(v.message)));

/** The first page of a search in the panel's profile and region. */
export const SearchRequest = defineRequest('catalog/search', exactObject({ form: isSearchForm }), isSearchResult);
/** The next page of the last search of that tab (the host keeps the query and NextToken). */
export const MoreRequest = defineRequest('catalog/more', exactObject({ source: isSearchSource }), isSearchResult);

/** Another profile or region: the host checks it against the choices it offered, then loads. */
export const SelectCommand = defineCommand('catalog/select', isCatalogWhere);

/** Inspect or Launch… an image the panel shows (the host checks it showed that id). */
export const ImageActionCommand = defineCommand('catalog/image', exactObject({ action: oneOf(['inspect', 'launch'] as const), imageId: isImageId }));

/** A Quick start parameter name: its path, bounded (the host copies only names of its list). */
export const isParameterName = matching(/^\/aws\/service\/[A-Za-z0-9_.\-/]{1,1000}$/, 1024);

/** Copies an image id the panel shows, or a Quick start parameter name; answers with what was copied or why not. */
export const CopyRequest = defineRequest(
  'catalog/copy',
  (v): v is { what: 'id'; imageId: string } | { what: 'parameter'; parameter: string } =>
    exactObject({ what: oneOf(['id'] as const), imageId: isImageId })(v) || exactObject({ what: oneOf(['parameter'] as const), parameter: isParameterName })(v),
  exactObject({ copied: optional(isString), message: optional(isString) }),
);

export const RefreshCommand = defineCommand('catalog/refresh', isEmptyObject);
