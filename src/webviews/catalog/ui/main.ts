/**
 * The "AMI Catalog" page (runs in the webview). It keeps where it looked and the tab with
 * setState, tells the host it is ready, and renders the host's model. The search forms are the
 * page's own: the model's checkSearch runs here first (an empty pattern shows its message and
 * sends nothing), then the host checks again. Actions are messages to the host.
 */
import { render } from 'lit';
import { checkSearch, type CatalogSearchSource, type SearchForm } from '../../../model/catalog.js';
import { HostClient, followPanelStatus, readyFailed, showReady } from '../../common/client.js';
import {
  CatalogProtocol,
  CopyRequest,
  ImageActionCommand,
  MoreRequest,
  RefreshCommand,
  SearchRequest,
  SelectCommand,
  readCatalogState,
  type CatalogModel,
  type CatalogState,
  type CatalogWhere,
  type SearchResult,
} from '../protocol.js';
import { catalogPage, type CatalogActions, type PageView, type SearchView } from './render.js';

const client = new HostClient<CatalogState>();
const root = document.getElementById('app') ?? document.body;
const kept = readCatalogState(client.api.getState());
let where: CatalogWhere | undefined = kept?.where;

function emptySearch(source: CatalogSearchSource): SearchView {
  return { form: { source, namePattern: '', owner: '', architecture: '' }, busy: false, more: false, seq: 0 };
}

/** Searches started on this page: each one's number (an answer to an older one is dropped). */
let searches = 0;

const view: PageView = {
  loading: false,
  tab: kept?.tab ?? 'quickStart',
  searches: { marketplace: emptySearch('marketplace'), community: emptySearch('community') },
};

function keep(): void {
  if (where) client.api.setState({ version: 1, where, tab: view.tab });
}

function update(): void {
  root.setAttribute('aria-busy', String(view.loading));
  render(catalogPage(view, actions), root);
}

function note(text: string, tone: 'info' | 'error'): void {
  view.note = { text, tone };
  update();
}

function sameWhere(a: CatalogWhere | undefined, b: CatalogWhere): boolean {
  return a !== undefined && a.region === b.region && a.profile === b.profile;
}

/** Search results belong to one place: a model for another place clears them. A partial model (a move under way) has no Quick start yet. */
function show(model: CatalogModel): void {
  if (!sameWhere(view.model?.where, model.where)) view.searches = { marketplace: emptySearch('marketplace'), community: emptySearch('community') };
  view.model = model;
  view.error = undefined;
  where = model.where;
  keep();
  update();
}

function searchDone(source: CatalogSearchSource, seq: number, result: SearchResult, append: boolean): void {
  const s = view.searches[source];
  if (seq !== s.seq) return; // a newer search (or another place) replaced it
  s.busy = false;
  if (result.status === 'invalid') {
    s.invalid = { field: result.field, message: result.message };
  } else if (result.status === 'failed') {
    s.message = { text: result.message, tone: 'error' };
  } else {
    s.images = append ? [...(s.images ?? []), ...result.images] : result.images;
    s.more = result.more;
    if (result.message) s.message = { text: result.message, tone: 'info' };
  }
  update();
}

function runSearch(source: CatalogSearchSource, append: boolean): void {
  const s = view.searches[source];
  delete s.invalid;
  delete s.message;
  if (!append) {
    const checked = checkSearch(s.form);
    if (!checked.ok) {
      s.invalid = { field: checked.field, message: checked.message };
      update();
      return; // nothing is sent
    }
    s.images = undefined;
    s.more = false;
  }
  s.busy = true;
  const seq = (s.seq = ++searches);
  update();
  const asked = append ? client.request(MoreRequest, { source }) : client.request(SearchRequest, { form: s.form });
  asked.then(
    (r) => searchDone(source, seq, r, append),
    (err: Error) => searchDone(source, seq, { status: 'failed', message: `The search failed: ${err.message}` }, append),
  );
}

const actions: CatalogActions = {
  tab: (tab) => {
    view.tab = tab;
    keep();
    update();
  },
  select: (next) => client.command(SelectCommand, next),
  refresh: () => client.command(RefreshCommand, {}),
  inspect: (imageId) => client.command(ImageActionCommand, { action: 'inspect', imageId }),
  launch: (imageId) => client.command(ImageActionCommand, { action: 'launch', imageId }),
  copyId: (imageId) => {
    client.request(CopyRequest, { what: 'id', imageId }).then(
      (r) => note(r.copied ? `Copied ${r.copied}` : (r.message ?? 'Nothing was copied.'), r.copied ? 'info' : 'error'),
      (err: Error) => note(`Could not copy: ${err.message}`, 'error'),
    );
  },
  copyParameter: (parameter) => {
    client.request(CopyRequest, { what: 'parameter', parameter }).then(
      (r) => note(r.copied ? `Copied ${r.copied} (use it as resolve:ssm:${r.copied})` : (r.message ?? 'Nothing was copied.'), r.copied ? 'info' : 'error'),
      (err: Error) => note(`Could not copy: ${err.message}`, 'error'),
    );
  },
  edit: (source, change: Partial<SearchForm>) => {
    const s = view.searches[source];
    s.form = { ...s.form, ...change };
    if (s.invalid && Object.keys(change).includes(s.invalid.field)) delete s.invalid;
    update();
  },
  search: (source) => runSearch(source, false),
  more: (source) => runSearch(source, true),
};

client.on(CatalogProtocol.State, ({ model }) => show(model));
// A preview (partial) model is shown like any other: it names the new place and has no rows yet.
followPanelStatus(client, CatalogProtocol, view, update, {
  onLoadStart: () => {
    view.note = undefined;
  },
});

root.replaceChildren();
update();

client.request(CatalogProtocol.Ready, { hasState: false }).then((r) => showReady(view, r, (model) => show(model), update), readyFailed(view, update));
