/**
 * The clean-up report page (runs in the webview). It keeps the sort and the ticked rows (setState)
 * and asks the host for everything else: the report, Deregister Selected (which the host checks
 * against its own report and confirms in a modal) and Export CSV (the host writes its own rows).
 */
import { render } from 'lit';
import { HostClient, followPanelStatus, readyFailed, showReady } from '../../common/client.js';
import type { CleanupReport } from '../../../model/cleanup.js';
import { CleanupProtocol, DeregisterRequestType, ExportCsvRequest, RefreshCommand, cleanupKeyId, isSortKey, keptCleanupState, type CleanupKey, type CleanupState } from '../protocol.js';
import { cleanupPage, rowKey, type CleanupActions, type PageView } from './render.js';

const client = new HostClient<CleanupState>();
const root = document.getElementById('app') ?? document.body;
const saved = client.api.getState();
const kept = keptCleanupState(saved);
let key: CleanupKey | undefined = kept?.key;

const view: PageView = {
  ...(kept?.model ? { model: kept.model } : {}),
  loading: false,
  sort: kept?.sort && isSortKey(kept.sort) ? kept.sort : 'age',
  selected: new Set(Array.isArray(kept?.selected) ? kept.selected.filter((s): s is string => typeof s === 'string') : []),
  busy: false,
};

function keep(): void {
  if (!key) return;
  client.api.setState({ version: 1, key, ...(view.model ? { model: view.model } : {}), sort: view.sort, selected: [...view.selected] });
}

function update(): void {
  root.setAttribute('aria-busy', String(view.loading || view.busy));
  render(cleanupPage(view, actions), root);
}

function note(text: string, tone: 'info' | 'error'): void {
  view.note = { text, tone };
  update();
}

const actions: CleanupActions = {
  refresh: () => {
    delete view.result;
    client.command(RefreshCommand, {});
  },
  sort: (by) => {
    view.sort = by;
    update();
    keep();
  },
  toggle: (k, on) => {
    if (on) view.selected.add(k);
    else view.selected.delete(k);
    update();
    keep();
  },
  toggleAll: (on) => {
    view.selected = new Set(on && view.model ? view.model.candidates.map(rowKey) : []);
    update();
    keep();
  },
  deregister: () => {
    if (view.busy || !view.model) return;
    const images = view.model.candidates.filter((c) => view.selected.has(rowKey(c))).map((c) => ({ region: c.ref.region, imageId: c.ref.imageId }));
    if (images.length === 0) return;
    view.busy = true;
    delete view.result;
    delete view.note;
    update();
    client
      .request(DeregisterRequestType, { images })
      .then(
        (result) => {
          view.result = result;
        },
        (err: Error) => {
          view.result = { status: 'failed', message: err.message, lines: [] };
        },
      )
      .finally(() => {
        view.busy = false;
        update();
        keep();
      });
  },
  exportCsv: () => {
    if (view.busy) return;
    client.request(ExportCsvRequest, { sort: view.sort }).then(
      (r) => note(r.message, r.status === 'failed' ? 'error' : 'info'),
      (err: Error) => note(`Could not export: ${err.message}`, 'error'),
    );
  },
};

function show(model: CleanupReport): void {
  view.model = model;
  delete view.error;
  // Ticks of rows that left the report (deregistered) go with them.
  const present = new Set(model.candidates.map(rowKey));
  for (const k of [...view.selected]) if (!present.has(k)) view.selected.delete(k);
  update();
  keep();
}

client.on(CleanupProtocol.State, ({ model }) => show(model));
followPanelStatus(client, CleanupProtocol, view, update);

root.replaceChildren();
update();

client.request(CleanupProtocol.Ready, { hasState: view.model !== undefined }).then(
  (r) => {
    if (!key || cleanupKeyId(key) !== cleanupKeyId(r.key)) {
      key = r.key;
      delete view.model;
      view.selected = new Set();
      keep();
    }
    showReady(view, r, show, update);
  },
  readyFailed(view, update),
);
