/**
 * The "Inspect AMI" page (runs in the webview). It shows the model it kept (getState) at once,
 * then tells the host it is ready; the answer carries the host's model, or the first load's error,
 * or that a load is under way. The page keeps the complete model and the filter text with
 * setState, so hiding the panel or reloading the window does not refetch. Rendering is one Lit
 * template (render.ts): an update from the host changes only what changed, so the filter keeps
 * its text and focus. Actions are messages to the host.
 */
import { render } from 'lit';
import type { DetailsModel } from '../../../model/details.js';
import { sameRef } from '../../../model/image.js';
import { HostClient, followPanelStatus, readyFailed, showReady } from '../../common/client.js';
import { isString } from '../../guards.js';
import {
  AddTagCommand,
  CopyAsCommand,
  CopyIdRequest,
  DetailsProtocol,
  EditPermissionsCommand,
  EditTagCommand,
  FindUsageCommand,
  LaunchCommand,
  CopyToRegionCommand,
  LifecycleCommand,
  OpenImageCommand,
  OpenJsonCommand,
  RefreshCommand,
  RemoveTagCommand,
  WhoUsesItCommand,
  isDetailsState,
  type DetailsState,
} from '../protocol.js';
import { detailsPage, type DetailsActions, type PageView } from './render.js';

/** Longest filter text kept (it is the person's own text; this only bounds the kept state). */
const MAX_FILTER = 200;

const client = new HostClient<DetailsState>();
const root = document.getElementById('app') ?? document.body;
const saved = client.api.getState();
const kept: DetailsState | undefined = isDetailsState(saved) ? saved : undefined;
let ref = kept?.ref;
const keptFilter = (saved as { filter?: unknown } | undefined)?.filter;

const view: PageView = {
  ...(kept?.model ? { model: kept.model } : {}),
  partial: false,
  loading: false,
  filter: isString(keptFilter) ? keptFilter.slice(0, MAX_FILTER) : '',
};

/** The last complete model (a partial one is never kept: a restored page would wait for nothing). */
let keptModel: DetailsModel | undefined = kept?.model;

/** Keeps the complete model and the filter for a reload. */
function keep(): void {
  if (!ref) return;
  const state: DetailsState & { filter?: string } = { version: 1, ref, ...(keptModel ? { model: keptModel } : {}), ...(view.filter ? { filter: view.filter } : {}) };
  client.api.setState(state);
}

function update(): void {
  root.setAttribute('aria-busy', String(view.loading));
  render(detailsPage(view, actions), root);
}

const actions: DetailsActions = {
  refresh: () => client.command(RefreshCommand, {}),
  copyId: () => {
    client.request(CopyIdRequest, {}).then(
      (r) => note(`Copied ${r.copied}`, 'info'),
      (err: Error) => note(`Could not copy: ${err.message}`, 'error'),
    );
  },
  openJson: () => client.command(OpenJsonCommand, {}),
  copyAs: () => client.command(CopyAsCommand, {}),
  openImage: (link) => client.command(OpenImageCommand, { imageId: link.imageId, region: link.region }),
  editPermissions: () => client.command(EditPermissionsCommand, {}),
  launch: () => client.command(LaunchCommand, {}),
  copyToRegion: () => client.command(CopyToRegionCommand, {}),
  lifecycle: (action) => client.command(LifecycleCommand, { action }),
  findUsage: () => client.command(FindUsageCommand, {}),
  whoUsesIt: () => client.command(WhoUsesItCommand, {}),
  addTag: () => client.command(AddTagCommand, {}),
  editTag: (key) => client.command(EditTagCommand, { key }),
  removeTag: (key) => client.command(RemoveTagCommand, { key }),
  filter: (query) => {
    view.filter = query.slice(0, MAX_FILTER);
    update();
    keep();
  },
};

function note(text: string, tone: 'info' | 'error'): void {
  view.note = { text, tone };
  update();
}

function show(model: DetailsModel, partial: boolean): void {
  if (partial && view.model && !view.partial) return; // a complete model is never replaced by a preview
  view.model = model;
  view.partial = partial;
  view.error = undefined;
  ref = model.ref;
  if (!partial) {
    keptModel = model;
    keep();
  }
  update();
}

client.on(DetailsProtocol.State, ({ model, partial }) => show(model, partial === true));
followPanelStatus(client, DetailsProtocol, view, update, {
  onLoadStart: () => {
    view.note = undefined;
  },
  onLoadEnd: () => {
    view.partial = false;
  },
});

// The shell's placeholder goes; Lit owns the page from here on.
root.replaceChildren();
update();

client.request(DetailsProtocol.Ready, { hasState: view.model !== undefined }).then(
  (r) => {
    if (!ref || !sameRef(ref, r.key)) {
      ref = r.key;
      keptModel = undefined;
      keep();
    }
    showReady(view, r, show, update);
  },
  readyFailed(view, update),
);
