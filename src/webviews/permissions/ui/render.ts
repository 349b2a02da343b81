/**
 * The launch-permissions page as Lit templates (runs in the browser). Lit's render() updates only
 * what changed, so a model pushed by the host keeps the add field's text, caret and focus. Every
 * value (entries, names, messages) is interpolated as text: Lit escapes it; there is no unsafeHTML.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { entriesOf, type ParsedEntries, type PermissionEntry } from '../../../model/launchPermissions.js';
import { entryText } from '../../../model/sharingText.js';
import {
  KIND_NAMES,
  SNAPSHOT_NOTES,
  canMakePublic,
  diffEntries,
  hasEntry,
  type ApplyResult,
  type PendingChange,
  type PendingEdit,
  type PermissionsModel,
} from '../../../model/permissionsEditor.js';

export interface PermissionsActions {
  refresh(): void;
  text(value: string): void;
  stage(): void;
  copyFrom(): void;
  toggleRemove(entry: PermissionEntry): void;
  unstage(entry: PermissionEntry): void;
  setPublic(value: boolean | undefined): void;
  mirror(on: boolean): void;
  apply(): void;
  discard(): void;
}

export interface PageView {
  model?: PermissionsModel;
  loading: boolean;
  error?: string;
  gone?: string;
  /** The add field's text, as typed. */
  text: string;
  /** The text parsed (by the page, for the preview; the host checks again). */
  parsed: ParsedEntries;
  edit: PendingEdit;
  /** The change the edit plus the typed entries make (undefined without a model). */
  change?: PendingChange;
  /** An Apply is under way. */
  busy: boolean;
  result?: ApplyResult;
  note?: { text: string; tone: 'info' | 'error' };
}

const KIND_TITLES: Record<PermissionEntry['kind'], string> = { account: 'Account', organization: 'Organization', organizationalUnit: 'Organizational unit' };

function codicon(name: string): TemplateResult {
  return html`<span class="codicon codicon-${name}" aria-hidden="true"></span>`;
}

function button(key: string, label: string, onClick: () => void, options: { secondary?: boolean; disabled?: boolean; title?: string; icon?: string } = {}): TemplateResult {
  return html`<button type="button" data-key=${key} class=${options.secondary ? 'secondary' : nothing} title=${options.title ?? nothing} ?disabled=${options.disabled === true} @click=${onClick}>${options.icon ? codicon(options.icon) : nothing}${label}</button>`;
}

function section(id: string, title: string, body: unknown): TemplateResult {
  return html`<section aria-labelledby="h-${id}" data-section=${id}><h2 id="h-${id}">${title}</h2>${body}</section>`;
}

function statusLine(view: PageView): TemplateResult {
  let content: unknown = nothing;
  if (view.error !== undefined) content = html`<span class="tone-error">${view.error}</span>`;
  else if (view.busy) content = html`<span class="muted">${codicon('loading')} Applying…</span>`;
  else if (view.note) content = html`<span class=${view.note.tone === 'error' ? 'tone-error' : 'muted'} data-field="note">${view.note.text}</span>`;
  else if (view.loading) content = html`<span class="muted">Reading the launch permissions…</span>`;
  return html`<div class="status" role="status" aria-live="polite">${content}</div>`;
}

function resultBox(result: ApplyResult | undefined): unknown {
  if (!result) return nothing;
  const tone = result.status === 'applied' ? 'tone-ok' : result.status === 'cancelled' || result.status === 'notVisible' ? 'tone-warn' : 'tone-error';
  return html`<div class="result ${tone}" role="alert" data-field="result" data-status=${result.status}>
    <p>${result.message}</p>
    ${result.details.length ? html`<ul class="plain">${result.details.map((d) => html`<li>${d}</li>`)}</ul>` : nothing}
  </div>`;
}

function publicSection(model: PermissionsModel, view: PageView, actions: PermissionsActions): TemplateResult {
  const ps = model.publicSharing;
  const pending = view.edit.public;
  let body: unknown;
  if (model.state.public) {
    body =
      pending === false
        ? html`<p data-field="public">Public now; <strong>made private on Apply</strong> (the accounts, organizations and OUs below keep their access).</p>${button('keepPublic', 'Keep public', () => actions.setPublic(undefined), { secondary: true })}`
        : html`<p data-field="public" class="tone-warn">${codicon('globe')} Public: any AWS account can launch this image.</p>${button('makePrivate', 'Make private', () => actions.setPublic(false), { secondary: true, icon: 'lock' })}`;
  } else if (pending === true) {
    body = html`<p data-field="public" class="tone-warn">Not public now; <strong>made public on Apply</strong>, after a confirmation.</p>${button('keepPrivate', 'Keep private', () => actions.setPublic(undefined), { secondary: true })}`;
  } else {
    const reasons: unknown[] = [];
    if (ps.blocked) reasons.push(html`<p class="tone-warn" data-field="publicBlocked">${codicon('shield')} ${ps.blocked}</p>`);
    if (ps.refusals.length) reasons.push(html`<ul class="plain tone-warn" data-field="publicRefusals">${ps.refusals.map((r) => html`<li>${r}</li>`)}</ul>`);
    body = html`<p data-field="public">${codicon('lock')} Not public: only the owner and the entries below can launch it.</p>
      ${reasons.length ? reasons : canMakePublic(model) ? button('makePublic', 'Make public…', () => actions.setPublic(true), { secondary: true, icon: 'globe', title: 'Any AWS account could launch it; asks before sending' }) : nothing}
      ${ps.unknown ? html`<p class="muted">${ps.unknown}</p>` : nothing}`;
  }
  return section('public', 'Public access', body);
}

function entryRow(entry: PermissionEntry, state: 'current' | 'removing' | 'adding', actions: PermissionsActions): TemplateResult {
  const action =
    state === 'current'
      ? button(`remove:${entry.value}`, 'Remove', () => actions.toggleRemove(entry), { secondary: true, icon: 'trash', title: `Stop sharing with ${entryText(entry)}` })
      : state === 'removing'
        ? button(`undo:${entry.value}`, 'Undo', () => actions.toggleRemove(entry), { secondary: true, icon: 'discard' })
        : button(`unstage:${entry.value}`, 'Remove', () => actions.unstage(entry), { secondary: true, icon: 'close' });
  const badge = state === 'removing' ? html`<span class="badge tone-error">removed on Apply</span>` : state === 'adding' ? html`<span class="badge tone-ok">added on Apply</span>` : nothing;
  return html`<tr data-entry=${entry.value} data-state=${state}>
    <td>${KIND_TITLES[entry.kind]}</td>
    <td><code class="wrap">${entry.value}</code> ${badge}</td>
    <td>${action}</td>
  </tr>`;
}

function entriesSection(model: PermissionsModel, view: PageView, actions: PermissionsActions): TemplateResult {
  const current = entriesOf(model.state);
  const staged = view.edit.add.filter((e) => !hasEntry(current, e));
  const rows = [...current.map((e) => entryRow(e, hasEntry(view.edit.remove, e) ? 'removing' : 'current', actions)), ...staged.map((e) => entryRow(e, 'adding', actions))];
  const table = rows.length
    ? html`<div class="table-scroll"><table class="entries">
        <caption class="visually-hidden">Accounts, organizations and OUs that may launch the image</caption>
        <thead><tr><th scope="col">Kind</th><th scope="col">Entry</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div>`
    : html`<p class="muted" data-field="noEntries">Not shared with any account, organization or OU.</p>`;
  return section('entries', 'Shared with', html`${table}${addBox(view, actions)}`);
}

function addBox(view: PageView, actions: PermissionsActions): TemplateResult {
  const { valid, invalid, duplicates } = view.parsed;
  const counts = (['account', 'organization', 'organizationalUnit'] as const).flatMap((kind) => {
    const n = valid.filter((e) => e.kind === kind).length;
    return n ? [`${n} × ${KIND_NAMES[kind]}`] : [];
  });
  return html`<div class="add-box">
    <h3>Add accounts, organizations or OUs</h3>
    <vscode-textarea
      data-key="addText"
      rows="3"
      label="Add accounts, organizations or OUs"
      placeholder="One or more, separated by commas, spaces or new lines: 123456789012, arn:aws:organizations::123456789012:organization/o-…, arn:aws:organizations::123456789012:ou/o-…/ou-…"
      .value=${live(view.text)}
      @input=${(e: Event) => actions.text((e.target as HTMLTextAreaElement).value)}
    ></vscode-textarea>
    <div data-field="addPreview" class="muted" aria-live="polite">
      ${valid.length ? html`<p>Recognised: ${counts.join(', ')}.</p>` : nothing}
      ${duplicates.length ? html`<p>Typed twice (kept once): ${duplicates.join(', ')}.</p>` : nothing}
    </div>
    ${invalid.length
      ? html`<ul class="plain tone-error" data-field="addInvalid">${invalid.map((i) => html`<li><code class="wrap">${i.input}</code>: ${i.reason}</li>`)}</ul>`
      : nothing}
    <div class="toolbar">
      ${button('stage', 'Add', actions.stage, { disabled: valid.length === 0 || invalid.length > 0, icon: 'add', title: 'Add the entries typed to the pending change' })}
      ${button('copyFrom', 'Copy from another AMI…', actions.copyFrom, { secondary: true, icon: 'copy' })}
    </div>
  </div>`;
}

function snapshotsSection(model: PermissionsModel, view: PageView, actions: PermissionsActions): TemplateResult {
  const rows = model.snapshots.map(
    (s) => html`<tr data-snapshot=${s.snapshotId}>
      <td><code>${s.snapshotId}</code></td>
      <td>${s.devices.join(', ')}</td>
      <td>${s.encrypted ? html`yes${s.kmsKeyId ? html` <code class="wrap">${s.kmsKeyId}</code>` : nothing}` : 'no'}</td>
      <td data-field="createVolumePermission">${s.status === 'error'
        ? html`<span class="tone-warn">${s.error ?? 'could not be read'}</span>`
        : [s.public ? 'public' : '', ...s.accounts].filter((x) => x).join(', ') || html`<span class="muted">owner only</span>`}</td>
    </tr>`,
  );
  const body = model.snapshots.length
    ? html`<div class="table-scroll"><table class="snapshots">
          <caption class="visually-hidden">Backing snapshots and who may create volumes from them</caption>
          <thead><tr><th scope="col">Snapshot</th><th scope="col">Devices</th><th scope="col">Encrypted</th><th scope="col">Create volume permission</th></tr></thead>
          <tbody>${rows}</tbody>
        </table></div>
        <vscode-checkbox
          data-key="mirror"
          label="Mirror account-id changes to these snapshots, so recipients can also copy the image"
          .checked=${live(view.edit.mirror)}
          @change=${(e: Event) => actions.mirror((e.target as HTMLInputElement).checked)}
        ></vscode-checkbox>`
    : html`<p class="muted">This image has no EBS snapshots.</p>`;
  return section(
    'snapshots',
    'Snapshots',
    html`${body}
      ${model.keyWarnings.length ? html`<ul class="plain tone-warn" data-field="keyWarnings">${model.keyWarnings.map((w) => html`<li>${codicon('key')} ${w}</li>`)}</ul>` : nothing}
      <ul class="plain muted" data-field="snapshotNotes">${SNAPSHOT_NOTES.map((n) => html`<li>${n}</li>`)}</ul>`,
  );
}

function diffLine(sign: '+' | '−', text: string): TemplateResult {
  return html`<li class=${sign === '+' ? 'diff-added' : 'diff-removed'} data-diff=${sign === '+' ? 'added' : 'removed'}><code>${sign}</code> ${text}</li>`;
}

function pendingSection(model: PermissionsModel, view: PageView, actions: PermissionsActions): TemplateResult {
  const change = view.change;
  const blocked = view.parsed.invalid.length > 0;
  if (!change || change.empty) {
    return section('pending', 'Pending change', html`<p class="muted" data-field="noChange">No changes. Remove entries above, add new ones, or change public access; the change is shown here before anything is sent.</p>`);
  }
  const { diff, plan } = change;
  const image = [
    ...(diff.public === 'add' ? [diffLine('+', 'public (any AWS account)')] : []),
    ...diffEntries(diff, 'added').map((e) => diffLine('+', entryText(e))),
    ...(diff.public === 'remove' ? [diffLine('−', 'public')] : []),
    ...diffEntries(diff, 'removed').map((e) => diffLine('−', entryText(e))),
  ];
  let snapshots: unknown = nothing;
  if (change.accountsChange && model.snapshots.length) {
    snapshots = plan.snapshotIds.length
      ? html`<h3>Snapshots (createVolumePermission)</h3><ul class="plain" data-field="diff-snapshots">${plan.snapshotIds.map(
          (id) => html`<li data-snapshot=${id}><code>${id}</code>: ${[...plan.add.map((a) => `+ ${a}`), ...plan.remove.map((a) => `− ${a}`)].join(', ')}</li>`,
        )}</ul>`
      : html`<p class="muted" data-field="diff-snapshots">Snapshots are left as they are (mirroring is off): recipients can launch the image but not copy it.</p>`;
  }
  return section(
    'pending',
    'Pending change',
    html`<h3>Image launch permissions</h3>
      <ul class="plain diff" data-field="diff-image">${image}</ul>
      ${snapshots}
      ${plan.notMirrored.length ? html`<ul class="plain muted">${plan.notMirrored.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      ${blocked ? html`<p class="tone-error">Fix or clear the entries that are not valid first: nothing is sent while any entry is bad.</p>` : nothing}
      <div class="toolbar">
        ${button('apply', diff.public === 'add' ? 'Apply…' : 'Apply', actions.apply, { disabled: view.busy || blocked || view.gone !== undefined, icon: 'check' })}
        ${button('discard', 'Discard', actions.discard, { secondary: true, disabled: view.busy })}
      </div>`,
  );
}

export function permissionsPage(view: PageView, actions: PermissionsActions): TemplateResult {
  const model = view.model;
  const gone = view.gone !== undefined ? html`<div class="banner tone-warn" role="alert" data-field="gone">${codicon('warning')} <span>${view.gone}</span></div>` : nothing;
  if (!model) {
    return html`<div class="content">${gone}<p class="muted">${view.loading ? 'Reading the launch permissions…' : nothing}</p>${statusLine(view)}
      ${view.error !== undefined && !view.loading ? button('retry', 'Try again', actions.refresh) : nothing}</div>`;
  }
  const owner = model.ownerId ? `owner ${model.ownerId}` : 'owner unknown';
  return html`<div class="content">
    ${gone}
    <header class="header">
      <h1 data-field="title">${model.title}</h1>
      <p class="subtitle"><code>${model.ref.imageId}</code> · ${model.ref.region} · ${owner}${model.ref.profile ? ` · profile ${model.ref.profile}` : nothing}</p>
      <div class="toolbar" role="toolbar" aria-label="Permission actions">${button('refresh', 'Refresh', actions.refresh, { secondary: true, icon: 'refresh', disabled: view.busy })}</div>
    </header>
    ${statusLine(view)}
    ${resultBox(view.result)}
    ${publicSection(model, view, actions)}
    ${entriesSection(model, view, actions)}
    ${snapshotsSection(model, view, actions)}
    ${pendingSection(model, view, actions)}
    <footer class="muted">Read ${model.fetchedAt.slice(0, 19).replace('T', ' ')} UTC.</footer>
  </div>`;
}
