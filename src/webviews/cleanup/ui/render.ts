/**
 * The clean-up report page as Lit templates (runs in the browser). Every value (names, tag values,
 * reasons, what uses an image) is interpolated as text: Lit escapes it; there is no unsafeHTML.
 * Names are also shown on one visible line (invisible and bidi characters as escapes).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { ESTIMATE_NOTE, SORT_KEYS, checkedSummary, familyRuleText, sortRows, usd, type CandidateRow, type CleanupReport, type ExcludedRow, type SortKey } from '../../../model/cleanup.js';
import { visibleLine } from '../../../model/text.js';
import { NO_VALUE } from '../../common/text.js';
import type { DeregisterResult } from '../protocol.js';

export interface CleanupActions {
  refresh(): void;
  sort(by: SortKey): void;
  toggle(rowKey: string, on: boolean): void;
  toggleAll(on: boolean): void;
  deregister(): void;
  exportCsv(): void;
}

export interface PageView {
  model?: CleanupReport;
  loading: boolean;
  error?: string;
  gone?: string;
  sort: SortKey;
  /** "region/imageId" of the ticked rows. */
  selected: Set<string>;
  busy: boolean;
  result?: DeregisterResult;
  note?: { text: string; tone: 'info' | 'error' };
}

export function rowKey(row: { ref: { region: string; imageId: string } }): string {
  return `${row.ref.region}/${row.ref.imageId}`;
}

const SORT_LABELS: Record<SortKey, string> = { age: 'Age', size: 'Size', family: 'Family', name: 'Name' };

function codicon(name: string): TemplateResult {
  return html`<span class="codicon codicon-${name}" aria-hidden="true"></span>`;
}

function button(key: string, label: string, onClick: () => void, options: { secondary?: boolean; disabled?: boolean; title?: string; icon?: string; pressed?: boolean } = {}): TemplateResult {
  return html`<button type="button" data-key=${key} class=${options.secondary ? 'secondary' : nothing} title=${options.title ?? nothing} aria-pressed=${options.pressed === undefined ? nothing : String(options.pressed)} ?disabled=${options.disabled === true} @click=${onClick}>${options.icon ? codicon(options.icon) : nothing}${label}</button>`;
}

function section(id: string, title: string, body: unknown): TemplateResult {
  return html`<section aria-labelledby="h-${id}" data-section=${id}><h2 id="h-${id}">${title}</h2>${body}</section>`;
}

function nameCell(name: string, imageId: string): TemplateResult {
  const shown = visibleLine(name);
  return html`<div data-field="name">${shown || html`<span class="muted">${NO_VALUE}</span>`}</div><code>${imageId}</code>`;
}

function statusLine(view: PageView): TemplateResult {
  let content: unknown = nothing;
  if (view.error !== undefined) content = html`<span class="tone-error" data-field="error">${view.error}</span>`;
  else if (view.busy) content = html`<span class="muted">${codicon('loading')} Working…</span>`;
  else if (view.loading) content = html`<span class="muted">${codicon('loading')} Reading the images, what uses them and their sharing…</span>`;
  else if (view.note) content = html`<span class=${view.note.tone === 'error' ? 'tone-error' : 'muted'} data-field="note">${view.note.text}</span>`;
  return html`<div class="status" role="status" aria-live="polite">${content}</div>`;
}

function header(model: CleanupReport): TemplateResult {
  const s = model.settings;
  return html`<p class="muted" data-field="scope">
    ${model.profile ? html`Profile ${visibleLine(model.profile)} · ` : nothing}${model.regions.map((r) => r.region).join(', ')} · family: ${familyRuleText(model.familyRule)} · not launched for ${s.unusedDays} days · keep the newest ${s.keepNewest} of each family · ${usd(s.pricePerGbMonth)} per GB-month ·
    made ${model.generatedAt.slice(0, 16).replace('T', ' ')} UTC
  </p>`;
}

function regionNotes(model: CleanupReport): unknown {
  const problems = model.regions.filter((r) => r.status !== 'ok');
  if (problems.length === 0 && model.notes.length === 0) return nothing;
  return html`<ul class="plain" data-field="regionNotes">
    ${problems.map((r) => html`<li class=${r.status === 'failed' ? 'tone-error' : 'tone-warn'} data-region=${r.region} data-status=${r.status}>${codicon('warning')} ${r.region}: ${r.message ?? ''}</li>`)}
    ${model.notes.map((n) => html`<li class="muted">${n}</li>`)}
  </ul>`;
}

function totals(model: CleanupReport, view: PageView): TemplateResult {
  const t = model.totals;
  const selected = model.candidates.filter((c) => view.selected.has(rowKey(c)));
  const selGib = selected.reduce((n, c) => n + c.gib, 0);
  return html`<p data-field="checked">${checkedSummary(model)}</p>
    <p data-field="totals"><strong>${t.count} candidate${t.count === 1 ? '' : 's'}</strong> · ${t.gib} GiB of snapshots · estimated ${usd(t.monthlyCost)} per month
      ${selected.length > 0 ? html` · <span data-field="selectedTotals">${selected.length} selected (${selGib} GiB)</span>` : nothing}</p>
    <p class="muted" data-field="estimateNote">${ESTIMATE_NOTE}</p>`;
}

function candidateRow(row: CandidateRow, view: PageView, actions: CleanupActions): TemplateResult {
  const key = rowKey(row);
  const label = `Select ${row.ref.imageId}`;
  return html`<tr data-image=${row.ref.imageId} data-region=${row.ref.region}>
    <td><vscode-checkbox data-key=${`select:${key}`} aria-label=${label} title=${label} .checked=${live(view.selected.has(key))} ?disabled=${view.busy} @change=${(e: Event) => actions.toggle(key, (e.target as HTMLInputElement).checked)}></vscode-checkbox></td>
    <td>${nameCell(row.name, row.ref.imageId)}</td>
    <td>${row.ref.region}</td>
    <td data-field="family">${row.family}</td>
    <td data-field="age">${row.ageDays === undefined ? NO_VALUE : `${row.ageDays} days`}</td>
    <td data-field="lastLaunched">${row.lastLaunched}</td>
    <td data-field="gib" class="num">${row.gib}</td>
    <td data-field="cost" class="num">${usd(row.monthlyCost)}</td>
    <td><ul class="plain" data-field="reasons">${row.reasons.map((r) => html`<li data-reason=${r.kind}>${r.text}</li>`)}${row.protection ? html`<li class="tone-warn" data-field="protection">${codicon('lock')} ${row.protection}</li>` : nothing}</ul></td>
    <td data-field="sharing" data-sharing=${row.sharing.kind} class=${row.sharing.kind === 'unknown' || row.sharing.kind === 'unreadable' ? 'tone-warn' : nothing}>${row.sharing.text}</td>
  </tr>`;
}

function candidatesSection(model: CleanupReport, view: PageView, actions: CleanupActions): TemplateResult {
  const rows = sortRows(model.candidates, view.sort);
  const allOn = rows.length > 0 && rows.every((r) => view.selected.has(rowKey(r)));
  const sorter = html`<div class="toolbar" role="group" aria-label="Sort by">
    <span class="muted">Sort by</span>
    ${SORT_KEYS.map((k) => button(`sort:${k}`, SORT_LABELS[k], () => actions.sort(k), { secondary: view.sort !== k, pressed: view.sort === k }))}
  </div>`;
  const table = rows.length
    ? html`<div class="table-scroll"><table class="candidates" data-field="candidates">
        <caption class="visually-hidden">Owned images that are candidates for removal</caption>
        <thead><tr>
          <th scope="col"><vscode-checkbox data-key="selectAll" aria-label="Select all" title="Select all" .checked=${live(allOn)} ?disabled=${view.busy} @change=${(e: Event) => actions.toggleAll((e.target as HTMLInputElement).checked)}></vscode-checkbox></th>
          <th scope="col">Name / ID</th><th scope="col">Region</th><th scope="col">Family</th><th scope="col">Age</th><th scope="col">Last launched</th>
          <th scope="col">Snapshot GiB</th><th scope="col">Est. monthly cost</th><th scope="col">Reasons</th><th scope="col">Sharing</th>
        </tr></thead>
        <tbody>${rows.map((r) => candidateRow(r, view, actions))}</tbody>
      </table></div>`
    : html`<p class="muted" data-field="noCandidates">No candidates: every owned image in these regions is in use, recent or current, or could not be checked.</p>`;
  return section('candidates', 'Candidates', html`${totals(model, view)}${sorter}${table}`);
}

function excludedRow(row: ExcludedRow): TemplateResult {
  return html`<tr data-image=${row.ref.imageId} data-region=${row.ref.region}>
    <td>${nameCell(row.name, row.ref.imageId)}</td>
    <td>${row.ref.region}</td>
    <td>${row.family}</td>
    <td class="num">${row.gib}</td>
    <td data-field="uses"><div>${row.summary}</div><ul class="plain">${row.uses.map((u) => html`<li>${u}</li>`)}</ul></td>
  </tr>`;
}

function excludedSection(model: CleanupReport): TemplateResult {
  const body = model.excluded.length
    ? html`<p class="muted">Never offered for deregistration, whatever their other reasons.</p>
        <div class="table-scroll"><table class="excluded" data-field="excluded">
          <caption class="visually-hidden">Owned images that are in use</caption>
          <thead><tr><th scope="col">Name / ID</th><th scope="col">Region</th><th scope="col">Family</th><th scope="col">Snapshot GiB</th><th scope="col">Used by</th></tr></thead>
          <tbody>${model.excluded.map(excludedRow)}</tbody>
        </table></div>`
    : html`<p class="muted">No owned image is known to be in use.</p>`;
  return section('excluded', 'Excluded (in use)', body);
}

function resultBox(result: DeregisterResult | undefined): unknown {
  if (!result) return nothing;
  const tone = result.status === 'done' ? 'tone-ok' : result.status === 'cancelled' ? 'tone-warn' : 'tone-error';
  return html`<div class="result" data-field="result" data-status=${result.status} role="alert">
    <p class=${tone}>${result.message}</p>
    ${result.lines.length ? html`<ul class="plain">${result.lines.map((l) => html`<li data-image=${l.imageId} data-status=${l.status} class=${l.status === 'failed' ? 'tone-error' : nothing}>${l.text}</li>`)}</ul>` : nothing}
  </div>`;
}

export function cleanupPage(view: PageView, actions: CleanupActions): TemplateResult {
  const model = view.model;
  const selectedCount = model ? model.candidates.filter((c) => view.selected.has(rowKey(c))).length : 0;
  return html`<h1>Unused AMIs</h1>
    ${view.gone ? html`<p class="tone-warn" data-field="gone">${view.gone}</p>` : nothing}
    ${model ? header(model) : nothing}
    <div class="toolbar">
      ${button('deregister', `Deregister Selected…${selectedCount ? ` (${selectedCount})` : ''}`, actions.deregister, { disabled: !model || selectedCount === 0 || view.busy || view.loading, icon: 'trash', title: 'Deregister the selected images and delete their snapshots; asks first' })}
      ${button('exportCsv', 'Export CSV', actions.exportCsv, { secondary: true, disabled: !model || view.busy, icon: 'export' })}
      ${button('refresh', 'Refresh', actions.refresh, { secondary: true, disabled: view.busy, icon: 'refresh' })}
    </div>
    ${statusLine(view)}
    ${resultBox(view.result)}
    ${model ? html`${regionNotes(model)}${candidatesSection(model, view, actions)}${excludedSection(model)}` : nothing}`;
}
