/**
 * The catalog's reads (issue #11), on top of the service layer's CatalogOperations: the Quick start
 * of one (profile, region) — GetParameters for the whole list (the service splits it into calls of
 * at most 10 names), then DescribeImages for the values — and one page of a Marketplace or
 * Community search. Reads only: the catalog writes nothing.
 */
import type { CatalogOperations } from '../aws/types';
import {
  QUICK_START,
  catalogImage,
  joinQuickStart,
  parameterImageIds,
  quickStartParameters,
  type CatalogImage,
  type CheckedSearch,
  type QuickStartEntry,
  type QuickStartRow,
} from '../model/catalog';
import { ok, type Result } from '../model/result';

/** Images one search page asks for. */
export const SEARCH_PAGE_SIZE = 50;

/** One row per Quick start entry: found, not published in the region, or its image not visible. */
export async function resolveQuickStart(
  catalog: Pick<CatalogOperations, 'getPublicParameters' | 'describeImagesById'>,
  region: string,
  signal?: AbortSignal,
  entries: readonly QuickStartEntry[] = QUICK_START,
): Promise<Result<QuickStartRow[]>> {
  const read = await catalog.getPublicParameters(region, quickStartParameters(entries), signal);
  if (!read.ok) return read;
  const ids = parameterImageIds(read.value.parameters);
  let images: Awaited<ReturnType<CatalogOperations['describeImagesById']>> = ok([]);
  if (ids.length > 0) images = await catalog.describeImagesById(region, ids, signal);
  if (!images.ok) return images;
  return ok(joinQuickStart(entries, read.value.parameters, images.value));
}

export interface SearchPage {
  images: CatalogImage[];
  nextToken?: string;
}

/** One page of public images matching a checked query (`nextToken` from the previous page). */
export async function searchCatalog(
  catalog: Pick<CatalogOperations, 'searchPublicImages'>,
  region: string,
  query: CheckedSearch,
  nextToken: string | undefined,
  signal?: AbortSignal,
): Promise<Result<SearchPage>> {
  const page = await catalog.searchPublicImages(
    region,
    { source: query.source, namePattern: query.namePattern, ...(query.owner ? { owner: query.owner } : {}), ...(query.architecture ? { architecture: query.architecture } : {}) },
    { pageSize: SEARCH_PAGE_SIZE, ...(nextToken ? { nextToken } : {}) },
    signal,
  );
  if (!page.ok) return page;
  return ok({ images: page.value.items.map(catalogImage), ...(page.value.nextToken ? { nextToken: page.value.nextToken } : {}) });
}
