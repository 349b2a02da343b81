/**
 * The "AMI Catalog" page as one Lit template (runs in the webview). Every value that comes from
 * AWS or the person (image names, descriptions, owners, patterns, messages) is interpolated as
 * text: Lit escapes it; there is no unsafeHTML. Marks carry words, not only icons.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import {
  SEARCH_ARCHITECTURES,
  groupByDistribution,
  parameterTooltip,
  quickStartStatusText,
  type CatalogImage,
  type CatalogSearchSource,
  type PublisherMark,
  type QuickStartRow,
  type SearchForm,
} from '../../../model/catalog.js';
import { NO_VALUE } from '../../common/text.js';
import type { CatalogModel, CatalogTab, CatalogWhere } from '../protocol.js';

export interface SearchView {
  form: SearchForm;
  /** A field the page or the host refused, and why. */
  invalid?: { field: 'namePattern' | 'owner' | 'architecture'; message: string };
  busy: boolean;
  /** Bumped by every search: an answer to an older one is dropped. */
  seq: number;
  /** Results so far (every page), undefined before the first search. */
  images?: CatalogImage[];
  more: boolean;
  message?: { text: string; tone: 'info' | 'error' };
}

export interface PageView {
  model?: CatalogModel;
  loading: boolean;
  error?: string;
  gone?: string;
  tab: CatalogTab;
  searches: Record<CatalogSearchSource, SearchView>;
  note?: { text: string; tone: 'info' | 'error' };
}

export interface CatalogActions {
  tab(tab: CatalogTab): void;
  select(where: CatalogWhere): void;
  refresh(): void;
  inspect(imageId: string): void;
  launch(imageId: string): void;
  copyId(imageId: string): void;
  copyParameter(parameter: string): void;
  edit(source: CatalogSearchSource, change: Partial<SearchForm>): void;
  search(source: CatalogSearchSource): void;
  more(source: CatalogSearchSource): void;
}

const TAB_TITLES: Record<CatalogTab, string> = { quickStart: 'Quick start', marketplace: 'AWS Marketplace', community: 'Community' };

/** The default chain, in the profile choice. */
const DEFAULT_PROFILE = '(default credentials)';

function codicon(name: string): TemplateResult {
  return html`<span class="codicon codicon-${name}" aria-hidden="true"></span>`;
}

function button(key: string, label: string, onClick: () => void, options: { secondary?: boolean; disabled?: boolean; title?: string; icon?: string } = {}): TemplateResult {
  return html`<button type="button" data-key=${key} class=${options.secondary ? 'secondary' : nothing} title=${options.title ?? nothing} ?disabled=${options.disabled === true} @click=${onClick}>${options.icon ? codicon(options.icon) : nothing}${label}</button>`;
}

function valueOf(e: Event): string {
  return (e.target as HTMLInputElement).value;
}

function date(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : NO_VALUE;
}

export function markView(mark: PublisherMark): TemplateResult {
  return mark.kind === 'verified'
    ? html`<span class="badge tone-ok" data-mark="verified" title=${mark.detail}>${codicon('verified-filled')} ✓ ${mark.label}</span>`
    : html`<span class="badge tone-warn" data-mark="community" title=${mark.detail}>${codicon('warning')} ⚠ ${mark.label}: ${mark.publisher.startsWith('account') || mark.publisher.startsWith('an unknown') ? 'unknown publisher' : mark.publisher}</span>`;
}

function imageActions(imageId: string, actions: CatalogActions, extra?: TemplateResult): TemplateResult {
  return html`<div class="toolbar">
    ${button(`inspect:${imageId}`, 'Inspect', () => actions.inspect(imageId), { secondary: true, icon: 'info', title: `Open the details of ${imageId}` })}
    ${button(`launch:${imageId}`, 'Launch…', () => actions.launch(imageId), { secondary: true, icon: 'rocket', title: `Launch instances of ${imageId}` })}
    ${button(`copyId:${imageId}`, 'Copy ID', () => actions.copyId(imageId), { secondary: true, icon: 'copy', title: `Copy ${imageId}` })}
    ${extra ?? nothing}
  </div>`;
}

function whereBar(model: CatalogModel, view: PageView, actions: CatalogActions): TemplateResult {
  const { where } = model;
  const profiles = model.profiles.length ? model.profiles : [undefined];
  return html`<div class="toolbar" role="group" aria-label="Where the catalog looks">
    <label for="f-profile">Profile</label>
    <vscode-single-select
      id="f-profile"
      data-key="profile"
      aria-label="Profile"
      ?disabled=${model.profiles.length <= 1}
      @change=${(e: Event) => {
        const value = valueOf(e);
        actions.select({ region: where.region, ...(value && value !== DEFAULT_PROFILE ? { profile: value } : {}) });
      }}
    >
      ${profiles.map((p) => html`<vscode-option value=${p ?? DEFAULT_PROFILE} ?selected=${p === where.profile}>${p ?? DEFAULT_PROFILE}</vscode-option>`)}
    </vscode-single-select>
    <label for="f-region">Region</label>
    <vscode-single-select
      id="f-region"
      data-key="region"
      aria-label="Region"
      combobox
      filter="contains"
      @change=${(e: Event) => {
        const region = valueOf(e);
        if (region && region !== where.region) actions.select({ region, ...(where.profile !== undefined ? { profile: where.profile } : {}) });
      }}
    >
      ${model.regions.map((r) => html`<vscode-option value=${r} ?selected=${r === where.region}>${r}</vscode-option>`)}
    </vscode-single-select>
    ${button('refresh', 'Refresh', actions.refresh, { secondary: true, icon: 'refresh', disabled: view.loading })}
  </div>`;
}

function tabs(view: PageView, actions: CatalogActions): TemplateResult {
  return html`<div class="toolbar" role="tablist" aria-label="Catalog">
    ${(Object.keys(TAB_TITLES) as CatalogTab[]).map(
      (t) => html`<button type="button" role="tab" id="tab-${t}" data-tab=${t} aria-selected=${t === view.tab ? 'true' : 'false'} aria-controls="panel-${t}" class=${t === view.tab ? nothing : 'secondary'} @click=${() => actions.tab(t)}>${TAB_TITLES[t]}</button>`,
    )}
  </div>`;
}

function quickStartRow(row: QuickStartRow, region: string, actions: CatalogActions): TemplateResult {
  const status = row.status;
  const image = status.kind === 'found' ? status.image : undefined;
  const copyParameter = button(`copyParameter:${row.parameter}`, 'Copy Parameter Name', () => actions.copyParameter(row.parameter), { secondary: true, icon: 'symbol-key', title: parameterTooltip(row.parameter) });
  return html`<tr data-parameter=${row.parameter} data-distribution=${row.distribution} data-architecture=${row.architecture} data-status=${status.kind} data-image=${image?.imageId ?? nothing}>
    <td>${row.version}</td>
    <td>${row.architecture}</td>
    ${image
      ? html`<td><code>${image.imageId}</code></td>
          <td class="wrap" data-field="name">${image.name ?? NO_VALUE}</td>
          <td>${date(image.creationDate)}</td>
          <td>${imageActions(image.imageId, actions, copyParameter)}</td>`
      : html`<td colspan="3" class="muted" data-field="status">${quickStartStatusText(status, region)}</td>
          <td><div class="toolbar">${copyParameter}</div></td>`}
  </tr>`;
}

function quickStartTab(model: CatalogModel, view: PageView, actions: CatalogActions): TemplateResult {
  if (view.loading && !model.quickStart) return html`<p class="muted" data-field="qsLoading">${codicon('loading')} Resolving the latest images in ${model.where.region}…</p>`;
  if (model.quickStartError !== undefined) {
    return html`<div class="banner tone-error" role="alert" data-field="qsError">${codicon('error')} <span data-field="qsReason">${model.quickStartError}</span></div>
      ${button('retry', 'Retry', actions.refresh, { icon: 'refresh', disabled: view.loading })}`;
  }
  const rows = model.quickStart ?? [];
  return html`${model.summary ? html`<p class="muted" data-field="summary">${model.summary}${view.loading ? ' Reading again…' : ''}</p>` : nothing}
    <p class="muted">The latest images AWS and the publishers name in public Systems Manager parameters. A template can name the parameter instead of the id: <code>resolve:ssm:/aws/service/…</code>.</p>
    ${groupByDistribution(rows).map(
      (g) => html`<section data-group=${g.distribution} aria-labelledby="h-${g.distribution.replace(/\W+/g, '-')}">
        <h2 id="h-${g.distribution.replace(/\W+/g, '-')}">${g.distribution}</h2>
        <div class="table-scroll"><table>
          <thead><tr><th scope="col">Version</th><th scope="col">Architecture</th><th scope="col">Image</th><th scope="col">Name</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${g.entries.map((r) => quickStartRow(r, model.where.region, actions))}</tbody>
        </table></div>
      </section>`,
    )}`;
}

function searchTab(source: CatalogSearchSource, model: CatalogModel, view: PageView, actions: CatalogActions): TemplateResult {
  const s = view.searches[source];
  const invalid = (field: string): unknown => (s.invalid?.field === field ? html`<div class="field-problem tone-error" role="alert" data-problem=${field}>${s.invalid.message}</div>` : nothing);
  const intro =
    source === 'marketplace'
      ? 'Public images of AWS Marketplace products (owner alias aws-marketplace). A launch may need a subscription.'
      : 'Public images of every other owner. AWS does not verify community publishers: check the owner before launching.';
  // Enter in the pattern field searches (its keydown); the form itself never submits.
  const form = html`<form class="search" data-form=${source} @submit=${(e: Event) => e.preventDefault()}>
    <p class="muted">${intro}</p>
    <div class="field">
      <label for="f-${source}-name">Name pattern</label>
      <div class="field-control">
        <vscode-textfield
          id="f-${source}-name"
          data-key="namePattern"
          aria-label="Name pattern"
          placeholder="Required, with * and ? as wildcards, e.g. *ubuntu*24.04*"
          .value=${live(s.form.namePattern)}
          @input=${(e: Event) => actions.edit(source, { namePattern: valueOf(e) })}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter') actions.search(source);
          }}
        ></vscode-textfield>
        ${invalid('namePattern')}
      </div>
    </div>
    ${source === 'community'
      ? html`<div class="field">
          <label for="f-${source}-owner">Owner</label>
          <div class="field-control">
            <vscode-textfield
              id="f-${source}-owner"
              data-key="owner"
              aria-label="Owner"
              placeholder="Optional: the owner's 12-digit account id"
              .value=${live(s.form.owner)}
              @input=${(e: Event) => actions.edit(source, { owner: valueOf(e) })}
            ></vscode-textfield>
            ${invalid('owner')}
          </div>
        </div>`
      : nothing}
    <div class="field">
      <label for="f-${source}-arch">Architecture</label>
      <div class="field-control">
        <vscode-single-select id="f-${source}-arch" data-key="architecture" aria-label="Architecture" @change=${(e: Event) => actions.edit(source, { architecture: valueOf(e) })}>
          <vscode-option value="" ?selected=${s.form.architecture === ''}>Any</vscode-option>
          ${SEARCH_ARCHITECTURES.map((a) => html`<vscode-option value=${a} ?selected=${s.form.architecture === a}>${a}</vscode-option>`)}
        </vscode-single-select>
        ${invalid('architecture')}
      </div>
    </div>
    <div class="toolbar">${button('search', s.busy ? 'Searching…' : 'Search', () => actions.search(source), { icon: 'search', disabled: s.busy })}</div>
  </form>`;
  const message = s.message ? html`<p class=${s.message.tone === 'error' ? 'tone-error' : 'muted'} role="status" data-field="searchMessage">${s.message.text}</p>` : nothing;
  const images = s.images;
  const table =
    images && images.length
      ? html`<div class="table-scroll"><table data-results=${source}>
          <caption class="visually-hidden">${source === 'marketplace' ? 'AWS Marketplace images' : 'Community images'} in ${model.where.region}</caption>
          <thead><tr><th scope="col">Publisher</th><th scope="col">Name</th><th scope="col">Image</th><th scope="col">Owner</th><th scope="col">Architecture</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${images.map(
            (i) => html`<tr data-image=${i.imageId} data-mark=${i.mark.kind}>
              <td>${markView(i.mark)}</td>
              <td class="wrap" data-field="name" title=${i.description ?? nothing}>${i.name ?? NO_VALUE}</td>
              <td><code>${i.imageId}</code></td>
              <td>${i.ownerAlias ?? i.ownerId ?? NO_VALUE}</td>
              <td>${i.architecture ?? NO_VALUE}</td>
              <td>${date(i.creationDate)}</td>
              <td>${imageActions(i.imageId, actions)}</td>
            </tr>`,
          )}</tbody>
        </table></div>`
      : nothing;
  // A page may hold no image of this tab (Community leaves Amazon's and Marketplace's out) and still have a next one.
  const paging =
    images && (images.length > 0 || s.more)
      ? html`<p class="muted" data-field="count">${images.length} ${images.length === 1 ? 'image' : 'images'} shown${s.more ? '; more may match' : ''}.</p>
          ${s.more ? button('loadMore', s.busy ? 'Loading…' : 'Load more', () => actions.more(source), { secondary: true, icon: 'fold-down', disabled: s.busy }) : nothing}`
      : nothing;
  return html`${form}${message}${table}${paging}`;
}

export function catalogPage(view: PageView, actions: CatalogActions): TemplateResult {
  const model = view.model;
  const note = view.note ? html`<div class="status" role="status" aria-live="polite"><span class=${view.note.tone === 'error' ? 'tone-error' : 'muted'} data-field="note">${view.note.text}</span></div>` : html`<div class="status" role="status" aria-live="polite"></div>`;
  if (!model) {
    return html`<div class="content">
      <h1>AMI Catalog</h1>
      ${view.error !== undefined ? html`<p class="tone-error" role="alert" data-field="error">${view.error}</p>${button('retry', 'Retry', actions.refresh)}` : html`<p class="muted">${codicon('loading')} Opening the catalog…</p>`}
    </div>`;
  }
  const body = view.tab === 'quickStart' ? quickStartTab(model, view, actions) : searchTab(view.tab, model, view, actions);
  return html`<div class="content">
    <header class="header">
      <h1 data-field="title">AMI Catalog</h1>
      <p class="subtitle">${model.where.region}${model.where.profile ? ` · profile ${model.where.profile}` : ' · default credentials'}</p>
      ${whereBar(model, view, actions)}
    </header>
    ${view.error !== undefined ? html`<p class="tone-error" role="alert" data-field="error">${view.error}</p>` : nothing}
    ${note}
    ${tabs(view, actions)}
    <div role="tabpanel" id="panel-${view.tab}" aria-labelledby="tab-${view.tab}" data-panel=${view.tab}>${body}</div>
  </div>`;
}
