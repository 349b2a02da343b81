/**
 * The launch-permissions page (runs in the webview). It holds the pending edit and the add field's
 * text, previews the change (the same pure functions the host uses), and asks the host for
 * everything else: the model, copying from another image, and Apply, which the host checks again
 * before anything is sent. The model, the edit and the text are kept with setState. Rendering is
 * one Lit template: a model pushed by the host never clears what is being typed.
 */
import { render } from 'lit';
import { parseEntries, type PermissionEntry } from '../../../model/launchPermissions.js';
import { NO_EDIT, hasEntry, pendingChange, type PendingEdit, type PermissionsModel } from '../../../model/permissionsEditor.js';
import { sameRef } from '../../../model/image.js';
import { HostClient, followPanelStatus, readyFailed, showReady } from '../../common/client.js';
import { isString } from '../../guards.js';
import { ApplyRequestType, CopyFromRequest, PermissionsProtocol, RefreshCommand, isPendingEdit, isPermissionsState, type PermissionsState } from '../protocol.js';
import { permissionsPage, type PageView, type PermissionsActions } from './render.js';

/** Longest add-field text kept in the page state. */
const MAX_TEXT = 100_000;

const client = new HostClient<PermissionsState>();
const root = document.getElementById('app') ?? document.body;
const saved = client.api.getState();
const kept = isPermissionsState(saved) ? saved : undefined;
let ref = kept?.ref;

const view: PageView = {
  ...(kept?.model ? { model: kept.model } : {}),
  loading: false,
  text: kept && isString(kept.text) ? kept.text.slice(0, MAX_TEXT) : '',
  parsed: { valid: [], invalid: [], duplicates: [] },
  edit: kept && isPendingEdit(kept.edit) ? kept.edit : { ...NO_EDIT },
  busy: false,
};

function keep(): void {
  if (!ref) return;
  client.api.setState({ version: 1, ref, ...(view.model ? { model: view.model } : {}), edit: view.edit, ...(view.text ? { text: view.text } : {}) });
}

/** The edit plus the valid entries typed but not added yet (Apply sends those too). */
function effectiveEdit(): PendingEdit {
  const add = [...view.edit.add];
  for (const e of view.parsed.valid) if (!hasEntry(add, e)) add.push(e);
  return { ...view.edit, add };
}

function update(): void {
  view.parsed = parseEntries(view.text, view.model?.ownerId);
  if (view.model) view.change = pendingChange(view.model, effectiveEdit());
  else delete view.change;
  root.setAttribute('aria-busy', String(view.loading || view.busy));
  render(permissionsPage(view, actions), root);
}

function changed(): void {
  delete view.result;
  update();
  keep();
}

function note(text: string, tone: 'info' | 'error'): void {
  view.note = { text, tone };
  update();
}

const actions: PermissionsActions = {
  refresh: () => client.command(RefreshCommand, {}),
  text: (value) => {
    view.text = value.slice(0, MAX_TEXT);
    update();
    keep();
  },
  stage: () => {
    if (view.parsed.invalid.length > 0) return;
    view.edit = effectiveEdit();
    view.text = '';
    changed();
  },
  copyFrom: () => {
    client.request(CopyFromRequest, {}).then(
      (r) => {
        const add = [...view.edit.add];
        for (const e of r.entries) if (!hasEntry(add, e)) add.push(e);
        view.edit = { ...view.edit, add };
        changed();
        if (r.message) note(r.message, 'info');
      },
      (err: Error) => note(`Could not copy: ${err.message}`, 'error'),
    );
  },
  toggleRemove: (entry: PermissionEntry) => {
    const remove = hasEntry(view.edit.remove, entry) ? view.edit.remove.filter((e) => e.kind !== entry.kind || e.value !== entry.value) : [...view.edit.remove, entry];
    view.edit = { ...view.edit, remove };
    changed();
  },
  unstage: (entry) => {
    view.edit = { ...view.edit, add: view.edit.add.filter((e) => e.kind !== entry.kind || e.value !== entry.value) };
    changed();
  },
  setPublic: (value) => {
    const { public: _ignored, ...rest } = view.edit;
    view.edit = value === undefined ? rest : { ...rest, public: value };
    changed();
  },
  mirror: (on) => {
    view.edit = { ...view.edit, mirror: on };
    changed();
  },
  discard: () => {
    view.edit = { ...NO_EDIT };
    view.text = '';
    changed();
  },
  apply: () => {
    if (view.busy || view.parsed.invalid.length > 0) return;
    const edit = effectiveEdit();
    view.busy = true;
    delete view.result;
    delete view.note;
    update();
    client
      .request(ApplyRequestType, {
        add: edit.add.map((e) => e.value),
        remove: edit.remove,
        ...(edit.public === undefined ? {} : { public: edit.public ? ('add' as const) : ('remove' as const) }),
        mirror: edit.mirror,
      })
      .then(
        (result) => {
          view.result = result;
          if (result.status === 'applied' || result.status === 'partial' || result.status === 'notVisible') {
            view.edit = { ...NO_EDIT };
            view.text = '';
          }
        },
        (err: Error) => {
          view.result = { status: 'failed', message: err.message, details: [] };
        },
      )
      .finally(() => {
        view.busy = false;
        update();
        keep();
      });
  },
};

function show(model: PermissionsModel): void {
  view.model = model;
  delete view.error;
  ref = model.ref;
  update();
  keep();
}

client.on(PermissionsProtocol.State, ({ model }) => show(model));
followPanelStatus(client, PermissionsProtocol, view, update);

root.replaceChildren();
update();

client.request(PermissionsProtocol.Ready, { hasState: view.model !== undefined }).then(
  (r) => {
    if (!ref || !sameRef(ref, r.key)) {
      ref = r.key;
      delete view.model;
      view.edit = { ...NO_EDIT };
      view.text = '';
      keep();
    }
    showReady(view, r, show, update);
  },
  readyFailed(view, update),
);
