/**
 * The details page as Lit templates (runs in the browser). Lit's render() updates only what
 * changed, so a model pushed by the host keeps the filter field's text, caret and focus. Every
 * value from the model is interpolated as text (Lit escapes it; there is no unsafeHTML here);
 * links to other images are buttons that ask the host.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ref } from 'lit/directives/ref.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { tagsEditable, type HygieneSection, type LifecycleSection, type AncestrySection, type DetailsModel, type Fact, type ImageLink, type PermissionSection, type SnapshotSection, type Tone, type VolumeRow } from '../../../model/details.js';
import { filterCount, matchesFilter } from '../../common/filter.js';
import { NO_VALUE } from '../../common/text.js';
import type { LifecycleAction } from '../protocol.js';

export interface DetailsActions {
  refresh(): void;
  copyId(): void;
  openJson(): void;
  copyAs(): void;
  openImage(link: ImageLink): void;
  editPermissions(): void;
  /** Launch Instance… for the image. */
  launch(): void;
  /** Copy to Region… (an available image). */
  copyToRegion(): void;
  /** lifecycle (#10): Deregister…, protection, Deprecate…, Cancel Deprecation, Disable…, Enable. */
  lifecycle(action: LifecycleAction): void;
  /** Find Usage (owner only). */
  findUsage(): void;
  /** Who Uses It (owner, shared or public images). */
  whoUsesIt(): void;
  /** Tags (owner only): Add Tag…, and Edit / Remove of one row by its key as shown. */
  addTag(): void;
  editTag(key: string): void;
  removeTag(key: string): void;
  filter(query: string): void;
}

/** What the page shows: the host's model and what the page itself holds. */
export interface PageView {
  model?: DetailsModel;
  /** The model is a first one from the image alone; attributes, snapshots and ancestry are loading. */
  partial: boolean;
  loading: boolean;
  /** A load failed (shown as the status, or instead of a model). */
  error?: string;
  /** The image is gone: a banner above the last model. */
  gone?: string;
  /** A short note (e.g. "Copied …"). */
  note?: { text: string; tone: 'info' | 'error' };
  filter: string;
}

type Icon = string;

function toneClass(tone: Tone | undefined): string {
  return tone ? `tone-${tone}` : '';
}

function codicon(name: Icon): TemplateResult {
  return html`<span class="codicon codicon-${name}" aria-hidden="true"></span>`;
}

function badge(text: string, tone?: Tone, iconName?: Icon, title?: string): TemplateResult {
  return html`<span class="badge ${toneClass(tone)}" title=${title ?? nothing}>${iconName ? codicon(iconName) : nothing}${text}</span>`;
}

function section(id: string, title: string, body: unknown, extra: unknown = nothing): TemplateResult {
  return html`<section aria-labelledby="h-${id}" data-section=${id}><h2 id="h-${id}">${title}</h2>${extra}${body}</section>`;
}

function mono(text: string, wrap = false): TemplateResult {
  return html`<code class=${wrap ? 'wrap' : nothing}>${text}</code>`;
}

function linkButton(text: string, link: ImageLink, actions: DetailsActions): TemplateResult {
  return html`<button type="button" class="link" title="Inspect ${link.imageId} in ${link.region}" data-key="open:${link.region}/${link.imageId}" @click=${() => actions.openImage(link)}>${text}</button>`;
}

function toolButton(key: string, label: string, icon: Icon, onClick: () => void, options: { secondary?: boolean; title?: string; disabled?: boolean } = {}): TemplateResult {
  return html`<button type="button" data-key=${key} class=${options.secondary ? 'secondary' : nothing} title=${options.title ?? nothing} ?disabled=${options.disabled === true} @click=${onClick}>${codicon(icon)}${label}</button>`;
}

function loadingLine(what: string, field: string): TemplateResult {
  return html`<p class="muted" data-loading=${field}>${codicon('loading')} Loading ${what}…</p>`;
}

function header(view: PageView, model: DetailsModel, actions: DetailsActions): TemplateResult {
  const h = model.header;
  const owner = h.ownerId ? `${h.ownerId}${h.ownerAlias ? ` (${h.ownerAlias})` : ''}` : 'unknown owner';
  const gone = view.gone !== undefined;
  const visibilityIcon = h.visibility === 'public' ? 'globe' : h.visibility === 'shared' ? 'organization' : 'lock';
  return html`<header class="header">
    <h1 data-field="title">${h.title}</h1>
    <div class="badges">
      ${badge(h.state, h.stateTone, undefined, h.stateReason)}
      ${h.verifiedProvider ? badge(`Verified provider: ${h.verifiedProvider}`, 'ok', 'verified-filled') : nothing}
      ${view.partial ? nothing : badge(h.visibilityLabel, h.visibility === 'public' ? 'warn' : 'neutral', visibilityIcon)}
      ${h.deprecated ? badge('Deprecated', 'warn', 'warning') : nothing}
    </div>
    <p class="subtitle">${mono(h.imageId)} · ${h.region} · owner <span data-field="owner">${owner}</span>${h.profile ? ` · profile ${h.profile}` : nothing}</p>
    <div class="toolbar" role="toolbar" aria-label="Image actions">
      ${toolButton('refresh', 'Refresh', 'refresh', actions.refresh, { title: 'Load the image again from EC2' })}
      ${toolButton('copyId', 'Copy ID', 'copy', actions.copyId, { secondary: true })}
      ${toolButton('openJson', 'Open as JSON', 'json', actions.openJson, { secondary: true, disabled: gone })}
      ${toolButton('copyAs', 'Copy as…', 'code', actions.copyAs, { secondary: true, title: 'AWS CLI, Terraform or CloudFormation', disabled: gone })}
      ${toolButton('launch', 'Launch Instance…', 'rocket', actions.launch, { secondary: true, title: 'Launch instances from this image', disabled: gone || h.state !== 'available' })}
      ${toolButton('copyToRegion', 'Copy to Region…', 'files', actions.copyToRegion, { secondary: true, title: 'Copy this image to a region (CopyImage)', disabled: gone || h.state !== 'available' })}
      ${usageButtons(model, actions, gone)}
    </div>
  </header>`;
}

/** Find Usage and Who Uses It (wt/bin): for an image whose launch permissions were read, i.e. mine; Who Uses It only when I share it. */
function usageButtons(model: DetailsModel, actions: DetailsActions, gone: boolean): TemplateResult | typeof nothing {
  if (model.permissions.status !== 'ok') return nothing;
  const shared = model.header.visibility === 'public' || model.header.visibility === 'shared';
  return html`${toolButton('findUsage', 'Find Usage', 'references', actions.findUsage, { secondary: true, title: 'What in this account and region uses this image', disabled: gone })}
    ${shared ? toolButton('whoUsesIt', 'Who Uses It', 'organization', actions.whoUsesIt, { secondary: true, title: 'Which other accounts use this image (an image usage report)', disabled: gone }) : nothing}`;
}

function statusLine(view: PageView): TemplateResult {
  let content: unknown = nothing;
  if (view.error !== undefined) content = html`<span class="tone-error">${view.error}</span>`;
  else if (view.note) content = html`<span class=${view.note.tone === 'error' ? 'tone-error' : 'muted'}>${view.note.text}</span>`;
  else if (view.loading && !view.partial) content = html`<span class="muted">Loading…</span>`;
  return html`<div class="status" role="status" aria-live="polite">${content}</div>`;
}

function goneBanner(message: string): TemplateResult {
  return html`<div class="banner tone-warn" role="alert" data-field="gone">${codicon('warning')} <span>${message}</span></div>`;
}

function volumes(model: DetailsModel): TemplateResult {
  if (model.volumes.length === 0) return section('volumes', 'Block device mappings', html`<p class="muted">This image has no block device mappings.</p>`);
  const rows = model.volumes.map(
    (v) => html`<tr>
      <td>${mono(v.device)}${v.root ? badge('root', 'neutral') : nothing}</td>
      <td>${v.kindLabel}</td>
      <td>${v.snapshotId ? mono(v.snapshotId) : NO_VALUE}</td>
      <td>${v.size}</td>
      <td>${v.volumeType}</td>
      <td>${v.iops}</td>
      <td>${v.throughput}</td>
      <td><span class=${toneClass(v.encryptedTone)}>${v.encrypted}</span></td>
      <td>${v.kmsKeyId === NO_VALUE ? NO_VALUE : mono(v.kmsKeyId, true)}</td>
      <td>${v.deleteOnTermination}</td>
    </tr>`,
  );
  const headers = ['Device', 'Kind', 'Snapshot', 'Size', 'Type', 'IOPS', 'Throughput', 'Encrypted', 'KMS key', 'Delete on termination'];
  return section(
    'volumes',
    'Block device mappings',
    html`<div class="table-scroll">
        <table class="volumes">
          <caption class="visually-hidden">Block device mappings</caption>
          <thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
          <tbody>${rows}</tbody>
        </table>
      </div>
      ${sizeChart(model.volumes, model.totalSize)}`,
  );
}

/** Bars sized by CSS width set through the CSSOM (the CSP forbids style attributes, not this). */
function barWidth(percent: number) {
  const pct = Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
  return ref((node) => {
    if (node instanceof HTMLElement) node.style.width = `${pct}%`;
  });
}

function sizeChart(rows: VolumeRow[], total: string): TemplateResult {
  return html`<figure class="size-chart" data-section="size-chart">
    <figcaption>Volumes by size (total ${total})</figcaption>
    ${rows.map(
      (v) => html`<div class="bar-row">
        <span class="bar-label">${v.device}</span>
        <div class="bar-track" role="presentation"><div class="bar-fill kind-${v.kind}" ${barWidth(v.barPercent)}></div></div>
        <span class="bar-size">${v.kind === 'ebs' ? v.size : v.kindLabel}</span>
      </div>`,
    )}
  </figure>`;
}

function snapshots(s: SnapshotSection, partial: boolean): TemplateResult {
  if (partial && s.status !== 'none') return section('snapshots', 'Snapshots', loadingLine('snapshot details', 'snapshots'));
  const headers = ['Snapshot', 'Used by', 'Size', 'State', 'Encrypted', 'KMS key', 'Owner', 'Started', 'Description'];
  return section(
    'snapshots',
    'Snapshots',
    html`${s.message ? html`<p class=${s.status === 'error' ? 'tone-warn' : 'muted'}>${s.message}</p>` : nothing}
    ${s.rows.length
      ? html`<div class="table-scroll"><table>
          <caption class="visually-hidden">Snapshots</caption>
          <thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
          <tbody>${s.rows.map(
            (r) => html`<tr>
              <td>${mono(r.snapshotId)}</td><td>${r.devices.join(', ')}</td><td>${r.size}</td>
              <td><span class=${toneClass(r.stateTone)}>${r.state}</span></td><td>${r.encrypted}</td>
              <td>${r.kmsKeyId === NO_VALUE ? NO_VALUE : mono(r.kmsKeyId, true)}</td><td>${r.owner}</td><td>${r.started}</td><td>${r.description}</td>
            </tr>`,
          )}</tbody></table></div>`
      : nothing}
    ${s.unreadable.length
      ? html`<p data-field="unreadable">${codicon('eye-closed')} Cannot read ${s.unreadable.length === 1 ? 'snapshot' : 'snapshots'} ${s.unreadable.map((id, i) => html`${i ? ', ' : ''}${mono(id)}`)}</p>
          ${s.unreadableNote ? html`<p class="muted">${s.unreadableNote}</p>` : nothing}`
      : nothing}`,
  );
}

/** Facts whose value comes from a call the first, quick model has not made yet. */
const LOADING_FACTS = new Set(['lastLaunchedTime']);

function factValue(f: Fact, partial: boolean, actions: DetailsActions): unknown {
  if (partial && LOADING_FACTS.has(f.id)) return html`<span class="muted" data-loading=${f.id}>loading…</span>`;
  if (f.link) return linkButton(f.value, f.link, actions);
  return f.mono ? mono(f.value) : f.value;
}

function filterBar(view: PageView, shown: number, total: number, actions: DetailsActions): TemplateResult {
  const count = filterCount(shown, total, view.filter);
  return html`<div class="filter-bar">
    <vscode-textfield
      data-key="filter"
      placeholder="Filter details and tags"
      label="Filter details and tags"
      .value=${live(view.filter)}
      @input=${(e: Event) => actions.filter((e.target as HTMLInputElement).value)}
    >
      <span slot="content-before" class="codicon codicon-filter" aria-hidden="true"></span>
    </vscode-textfield>
    <span class="muted" data-field="filterCount" role="status" aria-live="polite">${count ?? nothing}</span>
  </div>`;
}

function factsAndTags(view: PageView, model: DetailsModel, actions: DetailsActions): TemplateResult {
  const facts = model.facts.filter((f) => matchesFilter({ key: f.label, value: f.value }, view.filter));
  const tags = model.tags.filter((t) => matchesFilter(t, view.filter));
  const total = model.facts.length + model.tags.length;
  const shown = facts.length + tags.length;
  const filtering = view.filter.trim() !== '';
  const factList =
    facts.length > 0
      ? html`<dl class="facts">${facts.map((f) => html`<dt>${f.label}</dt><dd class=${toneClass(f.tone)} data-fact=${f.id}>${factValue(f, view.partial, actions)}</dd>`)}</dl>`
      : filtering
        ? nothing
        : html`<p class="muted">No details.</p>`;
  // Tags: the owner gets Edit / Remove per row and Add Tag… under the table (not while loading or gone).
  const editable = !view.partial && view.gone === undefined && tagsEditable(model);
  const rowActions = (key: string): unknown =>
    editable
      ? html`<td class="row-actions">
          <button type="button" class="icon secondary" data-key="editTag" title="Edit the value of ${key}" aria-label="Edit tag ${key}" @click=${() => actions.editTag(key)}>${codicon('edit')}</button>
          <button type="button" class="icon secondary" data-key="removeTag" title="Remove ${key}" aria-label="Remove tag ${key}" @click=${() => actions.removeTag(key)}>${codicon('close')}</button>
        </td>`
      : nothing;
  const tagTable =
    tags.length > 0
      ? html`<table class="tags">
          <caption class="visually-hidden">Tags</caption>
          <thead><tr><th scope="col">Key</th><th scope="col">Value</th>${editable ? html`<th scope="col"><span class="visually-hidden">Actions</span></th>` : nothing}</tr></thead>
          <tbody>${tags.map((t) => html`<tr data-tag=${t.key}><td>${t.key}</td><td data-field="tagValue">${t.value}</td>${rowActions(t.key)}</tr>`)}</tbody>
        </table>`
      : filtering
        ? html`<p class="muted">No tag matches.</p>`
        : html`<p class="muted">No tags.</p>`;
  const tagTools = editable ? html`<div class="toolbar">${toolButton('addTag', 'Add Tag…', 'tag', actions.addTag, { secondary: true, title: 'Add a tag to this image (and optionally its snapshots)' })}</div>` : nothing;
  return html`${filterBar(view, shown, total, actions)}
    ${filtering && shown === 0 ? html`<p class="muted" data-field="filterEmpty">Nothing in the details or tags matches “${view.filter.trim()}”.</p>` : nothing}
    ${section('facts', 'Details', factList)}
    ${section('tags', 'Tags', html`${tagTable}${tagTools}`)}`;
}

function permissions(p: PermissionSection, partial: boolean, gone: boolean, actions: DetailsActions): TemplateResult {
  if (partial) return section('permissions', 'Launch permissions', loadingLine('launch permissions', 'permissions'));
  const group = (title: string, items: string[]): unknown =>
    items.length
      ? html`<div><h3>${title}</h3><ul class="plain">${items.slice(0, 50).map((i) => html`<li>${mono(i)}</li>`)}</ul>${items.length > 50 ? html`<p class="muted">…and ${items.length - 50} more</p>` : nothing}</div>`
      : nothing;
  return section(
    'permissions',
    'Launch permissions',
    html`<p data-field="permissions">${p.summary}</p>${group('Accounts', p.accounts)}${group('Organizations', p.organizations)}${group('Organizational units', p.organizationalUnits)}${p.note ? html`<p class="muted">${p.note}</p>` : nothing}
      ${p.status === 'ok' ? html`<div class="toolbar">${toolButton('editPermissions', 'Edit…', 'shield', actions.editPermissions, { secondary: true, title: 'Edit launch permissions: share, un-share, make public or private', disabled: gone })}</div>` : nothing}`,
  );
}

/** lifecycle (#10): protection and deprecation, and the owner's retire actions (each asks in the host before it changes anything). */
function lifecycle(l: LifecycleSection | undefined, partial: boolean, gone: boolean, actions: DetailsActions): TemplateResult {
  if (!l) return html``;
  if (partial) return section('lifecycle', 'Lifecycle', loadingLine('lifecycle', 'lifecycle'));
  const run = (action: LifecycleAction) => () => actions.lifecycle(action);
  const buttons = l.owned
    ? html`<div class="toolbar" role="toolbar" aria-label="Lifecycle actions">
        ${l.protectionOn
          ? toolButton('disableDeregistrationProtection', 'Turn Off Protection…', 'unlock', run('disableDeregistrationProtection'), { secondary: true, disabled: gone })
          : toolButton('enableDeregistrationProtection', 'Turn On Protection…', 'lock', run('enableDeregistrationProtection'), { secondary: true, disabled: gone })}
        ${toolButton('deprecate', 'Deprecate…', 'calendar', run('deprecate'), { secondary: true, disabled: gone })}
        ${l.hasDeprecation ? toolButton('cancelDeprecation', 'Cancel Deprecation', 'close', run('cancelDeprecation'), { secondary: true, disabled: gone }) : nothing}
        ${l.state === 'disabled'
          ? toolButton('enable', 'Enable', 'check', run('enable'), { secondary: true, disabled: gone })
          : toolButton('disable', 'Disable…', 'circle-slash', run('disable'), { secondary: true, disabled: gone || l.state !== 'available' })}
        ${toolButton('deregister', 'Deregister…', 'trash', run('deregister'), { secondary: true, disabled: gone, title: 'Deregister this image (asks first; can delete its snapshots)' })}
      </div>`
    : html`<p class="muted">Only the owner can change these.</p>`;
  return section(
    'lifecycle',
    'Lifecycle',
    html`<dl class="lifecycle-facts"><dt>Deregistration protection</dt><dd data-field="protection">${l.protection}</dd><dt>Deprecation</dt><dd data-field="deprecation">${l.deprecation}</dd></dl>${buttons}`,
  );
}

function ancestry(a: AncestrySection, partial: boolean, actions: DetailsActions): TemplateResult {
  if (partial) return section('ancestry', 'Ancestry', loadingLine('ancestry', 'ancestry'));
  return section(
    'ancestry',
    'Ancestry',
    html`${a.rows.length
      ? html`<ol class="ancestry">${a.rows.map(
          (r) => html`<li>${r.link ? linkButton(r.imageId, r.link, actions) : mono(r.imageId)} · ${r.region} · created ${r.creationDate}${r.ownerAlias ? ` · ${r.ownerAlias}` : nothing}${r.current ? badge('this image', 'neutral') : nothing}</li>`,
        )}</ol>`
      : nothing}
    ${a.message ? html`<p class=${a.status === 'ok' ? 'muted' : 'tone-warn'} data-field="ancestry">${a.message}</p>` : nothing}`,
  );
}

// hygiene (#11)
const SEVERITY_ICON = { error: 'error', warning: 'warning', info: 'info' } as const;

/** The Hygiene section: one row per mark (its label as a badge, its explanation as text); absent when the setting is off. */
function hygiene(h: HygieneSection | undefined): TemplateResult | typeof nothing {
  if (!h) return nothing;
  return section(
    'hygiene',
    'Hygiene',
    html`${h.marks.length
      ? html`<ul class="plain hygiene">${h.marks.map(
          (m) => html`<li data-mark=${m.id}>${badge(m.label, m.tone, SEVERITY_ICON[m.severity])} <span data-field="explanation">${m.explanation}</span></li>`,
        )}</ul>`
      : nothing}
    ${h.note ? html`<p class="muted" data-field="hygieneNote">${h.note}</p>` : nothing}`,
  );
}

/** The whole page for the view. Same structure on every call, so Lit keeps the DOM (and focus) it can. */
export function detailsPage(view: PageView, actions: DetailsActions): TemplateResult {
  const model = view.model;
  if (!model) {
    const failed = view.error !== undefined && !view.loading;
    return html`<div class="content">
      ${view.gone !== undefined ? goneBanner(view.gone) : nothing}
      <p class="muted">${view.loading ? 'Loading image details…' : nothing}</p>
      ${statusLine(view)}
      ${failed ? html`<button type="button" data-key="retry" @click=${actions.refresh}>Try again</button>` : nothing}
    </div>`;
  }
  const loadedAt = `${model.fetchedAt.slice(0, 19).replace('T', ' ')} UTC`;
  return html`<div class="content" data-partial=${view.partial ? 'true' : 'false'}>
    ${view.gone !== undefined ? goneBanner(view.gone) : nothing}
    ${header(view, model, actions)}
    ${statusLine(view)}
    ${volumes(model)}
    ${hygiene(model.hygiene)}
    ${snapshots(model.snapshots, view.partial)}
    ${factsAndTags(view, model, actions)}
    ${permissions(model.permissions, view.partial, view.gone !== undefined, actions)}
    ${lifecycle(model.lifecycle, view.partial, view.gone !== undefined, actions)}
    ${ancestry(model.ancestry, view.partial, actions)}
    <footer class="muted">${view.partial ? 'Loading the rest of the details…' : `Loaded ${loadedAt}.`}</footer>
  </div>`;
}
