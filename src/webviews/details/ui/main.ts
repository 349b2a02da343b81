/**
 * The "Inspect AMI" page (runs in the webview). It shows the model it kept (getState) at once,
 * then tells the host it is ready; the host answers with its cached model or loads one.
 * The page keeps the model with setState, so hiding the panel or reloading the window does not
 * refetch. All text is rendered as text (see dom.ts); actions are messages to the host.
 */
import type { DetailsModel } from '../../../model/details';
import { HostClient } from '../../common/client';
import { clear, el } from '../../common/dom';
import {
  CopyAsCommand,
  CopyIdRequest,
  ErrorNotification,
  LoadingNotification,
  OpenImageCommand,
  OpenJsonCommand,
  ReadyRequest,
  RefreshCommand,
  StateNotification,
  isDetailsState,
  type DetailsState,
} from '../protocol';
import { renderDetails, type DetailsActions } from './render';

const client = new HostClient<DetailsState>();
const root = document.getElementById('app') ?? document.body;
const saved = client.api.getState();
let state: DetailsState | undefined = isDetailsState(saved) ? saved : undefined;

function status(text: string, tone: 'info' | 'error' = 'info'): void {
  const node = root.querySelector('.status');
  if (!node) return;
  clear(node);
  if (text) node.appendChild(el('span', { className: tone === 'error' ? 'tone-error' : 'muted' }, text));
}

const actions: DetailsActions = {
  refresh: () => client.command(RefreshCommand, {}),
  copyId: () => {
    client.request(CopyIdRequest, {}).then(
      (r) => status(`Copied ${r.copied}`),
      (err: Error) => status(`Could not copy: ${err.message}`, 'error'),
    );
  },
  openJson: () => client.command(OpenJsonCommand, {}),
  copyAs: () => client.command(CopyAsCommand, {}),
  openImage: (link) => client.command(OpenImageCommand, { imageId: link.imageId, region: link.region }),
};

function show(model: DetailsModel): void {
  state = { version: 1, ref: model.ref, model };
  client.api.setState(state);
  renderDetails(root, model, actions);
  root.setAttribute('aria-busy', 'false');
}

function setBusy(loading: boolean): void {
  root.setAttribute('aria-busy', String(loading));
  if (!state?.model) {
    clear(root);
    root.appendChild(el('p', { className: 'muted' }, loading ? 'Loading image details…' : ''));
    root.appendChild(el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } }));
  }
  status(loading ? 'Loading…' : '');
}

function showError(message: string): void {
  root.setAttribute('aria-busy', 'false');
  if (!state?.model) {
    clear(root);
    root.appendChild(el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } }));
    const retry = el('button', { attrs: { type: 'button', 'data-key': 'retry' } }, 'Try again');
    retry.addEventListener('click', () => client.command(RefreshCommand, {}));
    root.appendChild(retry);
  }
  status(message, 'error');
}

client.on(StateNotification, ({ model }) => show(model));
client.on(LoadingNotification, ({ loading }) => setBusy(loading));
client.on(ErrorNotification, ({ message }) => showError(message));

if (state?.model) show(state.model);

client.request(ReadyRequest, { hasState: state?.model !== undefined }).then(
  (r) => {
    if (r.model) show(r.model);
    else if (!state || state.ref.imageId !== r.ref.imageId) {
      state = { version: 1, ref: r.ref };
      client.api.setState(state);
    }
    if (r.loading) setBusy(true);
  },
  (err: Error) => showError(err.message),
);
