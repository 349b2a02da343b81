/**
 * The "AMI Catalog" panel, host side: one panel (its key is a constant) built on the panel base.
 * Its model is where it looks (profile, region), the choices offered, and the Quick start resolved
 * there (src/data/catalog.ts). Searches of the Marketplace and Community tabs are requests; the
 * host keeps each tab's query and NextToken ("Load more" asks for the next page), aborts an older
 * search of the same tab, and remembers every image id it showed: Inspect, Launch… and Copy ID
 * act only on those, Copy Parameter Name only on the Quick start's own names. The catalog writes
 * nothing.
 */
import type * as vscode from 'vscode';
import type { CatalogOperations } from '../../aws/types';
import { resolveQuickStart, searchCatalog } from '../../data/catalog';
import { catalogTitle, checkSearch, isQuickStartParameter, noResultsText, quickStartSummary, type CatalogSearchSource, type CheckedSearch, type SearchForm } from '../../model/catalog';
import type { AmiRef } from '../../model/image';
import { describeFailure, ok, type Result } from '../../model/result';
import { PanelBase, PanelKind, type PanelEnv } from '../panelBase';
import {
  CATALOG_KEY,
  CATALOG_VIEW_TYPE,
  CatalogProtocol,
  CopyRequest,
  ImageActionCommand,
  MoreRequest,
  RefreshCommand,
  SearchRequest,
  SelectCommand,
  readCatalogState,
  type CatalogKey,
  type CatalogModel,
  type CatalogState,
  type CatalogWhere,
  type SearchResult,
} from './protocol';

/** What the panel needs from the rest of the extension (catalogHost.ts builds it; tests fake it). */
export interface CatalogPanelHost extends PanelEnv {
  /** The profiles offered (the tree's; empty = the default chain) and the regions of `profile`. */
  choices(profile: string | undefined, signal: AbortSignal): Promise<{ profiles: string[]; regions: string[] }>;
  /** The service layer's catalog reads for a profile. */
  catalog(profile: string | undefined): CatalogOperations;
  /** Inspect AMI / Launch Instance… through their commands, with the image's ref. */
  inspect(ref: AmiRef): Thenable<unknown>;
  launch(ref: AmiRef): Thenable<unknown>;
  copy(text: string): Thenable<void>;
}

const CATALOG = new PanelKind<CatalogKey, CatalogModel, CatalogState, CatalogPanel>({
  viewType: CATALOG_VIEW_TYPE,
  name: 'AMI Catalog',
  script: 'catalog',
  protocol: CatalogProtocol,
  id: (key) => key,
  restore: (state) => {
    const kept = readCatalogState(state);
    return kept ? { key: CATALOG_KEY, state: kept } : undefined;
  },
  // Search forms and results stay while the tab is hidden.
  retainContextWhenHidden: true,
});

interface SearchState {
  query: CheckedSearch;
  where: CatalogWhere;
  nextToken?: string;
  controller: AbortController;
}

export class CatalogPanel extends PanelBase<CatalogKey, CatalogModel, CatalogState> {
  /** Opens (or reveals) the catalog looking at `where`; a revealed panel moves there if it looked elsewhere. */
  static show(host: CatalogPanelHost, where: CatalogWhere): CatalogPanel {
    const { panel, created } = CATALOG.show(CATALOG_KEY, catalogTitle(where.region), (p) => new CatalogPanel(host, p, where), host);
    if (created || !sameWhere(panel.where, where) || (!panel.model && !panel.loading)) panel.moveTo(where);
    return panel;
  }

  static registerSerializer(host: CatalogPanelHost): vscode.Disposable {
    return CATALOG.registerSerializer((p, _key, state) => CatalogPanel.restored(host, p, state), host);
  }

  static revive(host: CatalogPanelHost, panel: vscode.WebviewPanel, state: unknown): CatalogPanel | undefined {
    return CATALOG.revive(panel, state, (p, _key, kept) => CatalogPanel.restored(host, p, kept), host);
  }

  static find(): CatalogPanel | undefined {
    return CATALOG.find(CATALOG_KEY);
  }

  /** A restored page: where it looked (checked by readCatalogState), read again at once. */
  private static restored(host: CatalogPanelHost, panel: vscode.WebviewPanel, state: CatalogState): CatalogPanel {
    const revived = new CatalogPanel(host, panel, state.where);
    revived.reload();
    return revived;
  }

  private place: CatalogWhere;
  /** Image ids shown for the current place: the Quick start's and every search page's. */
  private readonly shown = new Set<string>();
  private readonly searches = new Map<CatalogSearchSource, SearchState>();

  private constructor(
    private readonly host: CatalogPanelHost,
    panel: vscode.WebviewPanel,
    where: CatalogWhere,
  ) {
    super(CATALOG, host, panel, CATALOG_KEY);
    this.place = where;
    const m = this.messages;
    m.onCommand(RefreshCommand, () => this.reload());
    m.onCommand(SelectCommand, (where) => this.select(where));
    m.onRequest(SearchRequest, ({ form }) => this.search(form));
    m.onRequest(MoreRequest, ({ source }) => this.more(source));
    m.onCommand(ImageActionCommand, ({ action, imageId }) => this.imageAction(action, imageId));
    m.onRequest(CopyRequest, (request) => (request.what === 'id' ? this.copyId(request.imageId) : this.copyParameter(request.parameter)));
    this.track({ dispose: () => this.abortSearches() });
  }

  /** Where the panel looks now. */
  get where(): CatalogWhere {
    return this.place;
  }

  protected titleFor(model: CatalogModel | undefined): string {
    return catalogTitle(model?.where.region ?? this.place.region);
  }

  reload(): void {
    this.moveTo(this.place);
  }

  /** Looks at `where` from now on: searches of the old place are dropped, the Quick start resolved there. */
  private moveTo(where: CatalogWhere): void {
    if (!sameWhere(where, this.place)) {
      this.abortSearches();
      this.shown.clear();
    }
    this.place = where;
    // Another place (or the first): the page shows where it now looks, and that the Quick start is
    // being resolved, at once; a Refresh of the same place keeps the rows shown until the new ones.
    const shown = this.model;
    const preview: CatalogModel | undefined =
      shown && sameWhere(shown.where, where)
        ? undefined
        : { version: 1, where, profiles: shown?.profiles ?? [], regions: shown?.regions.includes(where.region) ? shown.regions : [where.region, ...(shown?.regions ?? [])], fetchedAt: new Date().toISOString() };
    this.load((signal) => this.read(where, signal), preview ? { preview } : {});
  }

  private async read(where: CatalogWhere, signal: AbortSignal): Promise<Result<CatalogModel>> {
    const choices = await this.host.choices(where.profile, signal);
    const regions = choices.regions.includes(where.region) ? choices.regions : [where.region, ...choices.regions];
    const rows = await resolveQuickStart(this.host.catalog(where.profile), where.region, signal);
    const profiles = where.profile === undefined || choices.profiles.includes(where.profile) ? choices.profiles : [where.profile, ...choices.profiles];
    const base = { version: 1 as const, where, profiles, regions, fetchedAt: new Date().toISOString() };
    if (!rows.ok) return ok({ ...base, quickStartError: `Could not resolve the Quick start in ${where.region}: ${describeFailure(rows.error)}` });
    if (!signal.aborted) for (const row of rows.value) if (row.status.kind === 'found') this.shown.add(row.status.image.imageId);
    return ok({ ...base, quickStart: rows.value, summary: quickStartSummary(rows.value, where.region) });
  }

  /** The page chose another profile or region: only a profile offered, and a region of the list (or the one shown). */
  select(where: CatalogWhere): void {
    const model = this.model;
    const profiles = model?.profiles ?? [];
    const profileOk = where.profile === undefined ? profiles.length === 0 : profiles.includes(where.profile);
    const regionOk = model ? model.regions.includes(where.region) : where.region === this.place.region;
    if (!profileOk || !regionOk) {
      this.host.log.warn(`AMI Catalog: refused to look at ${where.region}${where.profile ? ` (${where.profile})` : ''}: not one of the choices offered.`);
      return;
    }
    // Another profile has its own regions: keep the region if it has it (read() adds it otherwise).
    this.moveTo(where);
  }

  private abortSearches(): void {
    for (const s of this.searches.values()) s.controller.abort();
    this.searches.clear();
  }

  /** The first page of a search, checked again here (the page checked it too). */
  async search(form: SearchForm): Promise<SearchResult> {
    const checked = checkSearch(form);
    if (!checked.ok) return { status: 'invalid', field: checked.field, message: checked.message };
    this.searches.get(checked.query.source)?.controller.abort();
    const state: SearchState = { query: checked.query, where: this.place, controller: new AbortController() };
    this.searches.set(checked.query.source, state);
    return this.page(state, true);
  }

  /** The next page of the tab's last search, with the NextToken EC2 gave. */
  async more(source: CatalogSearchSource): Promise<SearchResult> {
    const state = this.searches.get(source);
    if (!state?.nextToken) return { status: 'failed', message: 'There is no further page: search again.' };
    state.controller.abort();
    state.controller = new AbortController();
    return this.page(state, false);
  }

  private async page(state: SearchState, first: boolean): Promise<SearchResult> {
    const { query, where, controller } = state;
    const read = await searchCatalog(this.host.catalog(where.profile), where.region, query, first ? undefined : state.nextToken, controller.signal);
    if (controller.signal.aborted || this.searches.get(query.source) !== state) return { status: 'failed', message: 'Cancelled: a newer search or another place replaced it.' };
    if (!read.ok) {
      this.host.log.warn(`AMI Catalog: searching ${query.source} images in ${where.region} failed: ${describeFailure(read.error)}`);
      return { status: 'failed', message: `The search failed: ${describeFailure(read.error)}` };
    }
    state.nextToken = read.value.nextToken;
    for (const image of read.value.images) this.shown.add(image.imageId);
    const more = state.nextToken !== undefined;
    const message = first && read.value.images.length === 0 && !more ? noResultsText(query, where.region) : undefined;
    return { status: 'ok', images: read.value.images, more, ...(message ? { message } : {}) };
  }

  private refOf(imageId: string): AmiRef {
    return { region: this.place.region, imageId, ...(this.place.profile !== undefined ? { profile: this.place.profile } : {}) };
  }

  /** Inspect / Launch…: only for an image the panel showed in the place it looks at. */
  imageAction(action: 'inspect' | 'launch', imageId: string): Thenable<unknown> | undefined {
    if (!this.shown.has(imageId)) {
      this.host.log.warn(`AMI Catalog: refused to ${action} ${imageId}: the panel did not show it.`);
      return undefined;
    }
    const ref = this.refOf(imageId);
    return action === 'inspect' ? this.host.inspect(ref) : this.host.launch(ref);
  }

  async copyId(imageId: string): Promise<{ copied?: string; message?: string }> {
    if (!this.shown.has(imageId)) return { message: `Nothing was copied: the panel did not show ${imageId}.` };
    await this.host.copy(imageId);
    return { copied: imageId };
  }

  async copyParameter(parameter: string): Promise<{ copied?: string; message?: string }> {
    if (!isQuickStartParameter(parameter)) return { message: 'Nothing was copied: that is not a parameter of the Quick start.' };
    await this.host.copy(parameter);
    return { copied: parameter };
  }
}

function sameWhere(a: CatalogWhere, b: CatalogWhere): boolean {
  return a.region === b.region && a.profile === b.profile;
}
