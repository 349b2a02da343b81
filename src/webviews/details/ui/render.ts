/**
 * Renders the details view model into the page (runs in the browser). Every value from the
 * model is set as text through dom.ts; links to other images are buttons that ask the host.
 */
import type { AncestrySection, DetailsModel, Fact, ImageLink, PermissionSection, SnapshotSection, Tone, VolumeRow } from '../../../model/details';
import { append, button, clear, el, icon, type Child } from '../../common/dom';

export interface DetailsActions {
  refresh(): void;
  copyId(): void;
  openJson(): void;
  copyAs(): void;
  openImage(link: ImageLink): void;
}

function toneClass(tone: Tone | undefined): string {
  return tone ? `tone-${tone}` : '';
}

function badge(text: string, tone?: Tone, iconName?: string, title?: string): HTMLElement {
  return el('span', { className: `badge ${toneClass(tone)}`, attrs: title ? { title } : {} }, iconName ? icon(iconName) : undefined, text);
}

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return el('section', { attrs: { 'aria-labelledby': `h-${id}`, 'data-section': id } }, el('h2', { attrs: { id: `h-${id}` } }, title), ...children);
}

function linkButton(text: string, link: ImageLink, actions: DetailsActions): HTMLButtonElement {
  const b = el('button', { className: 'link', attrs: { type: 'button', title: `Inspect ${link.imageId} in ${link.region}`, 'data-key': `open:${link.region}/${link.imageId}` } }, text);
  b.addEventListener('click', () => actions.openImage(link));
  return b;
}

function table(caption: string, headers: string[], rows: Child[][], className = ''): HTMLTableElement {
  return el(
    'table',
    { className },
    el('caption', { className: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
  );
}

function mono(text: string, wrap = false): HTMLElement {
  return el('code', wrap ? { className: 'wrap' } : {}, text);
}

function header(model: DetailsModel, actions: DetailsActions): HTMLElement {
  const h = model.header;
  const owner = h.ownerId ? `${h.ownerId}${h.ownerAlias ? ` (${h.ownerAlias})` : ''}` : 'unknown owner';
  const badges = el(
    'div',
    { className: 'badges' },
    badge(h.state, h.stateTone, undefined, h.stateReason),
    h.verifiedProvider ? badge(`Verified provider: ${h.verifiedProvider}`, 'ok', 'verified-filled') : undefined,
    badge(h.visibilityLabel, h.visibility === 'public' ? 'warn' : 'neutral', h.visibility === 'public' ? 'globe' : h.visibility === 'shared' ? 'organization' : 'lock'),
    h.deprecated ? badge('Deprecated', 'warn', 'warning') : undefined,
  );
  const toolbar = el(
    'div',
    { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Image actions' } },
    withKey(button('Refresh', actions.refresh, { icon: 'refresh', title: 'Load the image again from EC2' }), 'refresh'),
    withKey(button('Copy ID', actions.copyId, { icon: 'copy', secondary: true }), 'copyId'),
    withKey(button('Open as JSON', actions.openJson, { icon: 'json', secondary: true }), 'openJson'),
    withKey(button('Copy as…', actions.copyAs, { icon: 'code', secondary: true, title: 'AWS CLI, Terraform or CloudFormation' }), 'copyAs'),
  );
  return el(
    'header',
    { className: 'header' },
    el('h1', { attrs: { 'data-field': 'title' } }, h.title),
    badges,
    el(
      'p',
      { className: 'subtitle' },
      mono(h.imageId),
      ` · ${h.region} · owner `,
      el('span', { attrs: { 'data-field': 'owner' } }, owner),
      h.profile ? ` · profile ${h.profile}` : undefined,
    ),
    toolbar,
  );
}

function withKey<T extends HTMLElement>(node: T, key: string): T {
  node.setAttribute('data-key', key);
  return node;
}

function volumes(model: DetailsModel): HTMLElement {
  if (model.volumes.length === 0) return section('volumes', 'Block device mappings', el('p', { className: 'muted' }, 'This image has no block device mappings.'));
  const rows = model.volumes.map((v) => [
    el('span', {}, mono(v.device), v.root ? badge('root', 'neutral') : undefined),
    v.kindLabel,
    v.snapshotId ? mono(v.snapshotId) : '—',
    v.size,
    v.volumeType,
    v.iops,
    v.throughput,
    el('span', { className: toneClass(v.encryptedTone) }, v.encrypted),
    v.kmsKeyId === '—' ? '—' : mono(v.kmsKeyId, true),
    v.deleteOnTermination,
  ]);
  const mappingTable = table(
    'Block device mappings',
    ['Device', 'Kind', 'Snapshot', 'Size', 'Type', 'IOPS', 'Throughput', 'Encrypted', 'KMS key', 'Delete on termination'],
    rows,
    'volumes',
  );
  return section(
    'volumes',
    'Block device mappings',
    el('div', { className: 'table-scroll' }, mappingTable),
    sizeChart(model.volumes, model.totalSize),
  );
}

/** Bars sized by CSS width set through the CSSOM (the CSP forbids style attributes, not this). */
function sizeChart(rows: VolumeRow[], total: string): HTMLElement {
  const chart = el('figure', { className: 'size-chart', attrs: { 'data-section': 'size-chart' } }, el('figcaption', {}, `Volumes by size (total ${total})`));
  for (const v of rows) {
    const fill = el('div', { className: `bar-fill kind-${v.kind}` });
    const pct = Number.isFinite(v.barPercent) ? Math.min(100, Math.max(0, v.barPercent)) : 0;
    fill.style.width = `${pct}%`;
    chart.appendChild(
      el(
        'div',
        { className: 'bar-row' },
        el('span', { className: 'bar-label' }, v.device),
        el('div', { className: 'bar-track', attrs: { role: 'presentation' } }, fill),
        el('span', { className: 'bar-size' }, v.kind === 'ebs' ? v.size : v.kindLabel),
      ),
    );
  }
  return chart;
}

function snapshots(s: SnapshotSection): HTMLElement {
  const parts: Child[] = [];
  if (s.message) parts.push(el('p', { className: s.status === 'error' ? 'tone-warn' : 'muted' }, s.message));
  if (s.rows.length) {
    parts.push(
      el(
        'div',
        { className: 'table-scroll' },
        table(
          'Snapshots',
          ['Snapshot', 'Used by', 'Size', 'State', 'Encrypted', 'KMS key', 'Owner', 'Started', 'Description'],
          s.rows.map((r) => [
            mono(r.snapshotId),
            r.devices.join(', '),
            r.size,
            el('span', { className: toneClass(r.stateTone) }, r.state),
            r.encrypted,
            r.kmsKeyId === '—' ? '—' : mono(r.kmsKeyId, true),
            r.owner,
            r.started,
            r.description,
          ]),
        ),
      ),
    );
  }
  if (s.unreadable.length) {
    parts.push(
      el('p', { attrs: { 'data-field': 'unreadable' } }, icon('eye-closed'), ` Cannot read ${s.unreadable.length === 1 ? 'snapshot' : 'snapshots'} `, ...s.unreadable.flatMap((id, i) => [i ? ', ' : '', mono(id)])),
      s.unreadableNote ? el('p', { className: 'muted' }, s.unreadableNote) : undefined,
    );
  }
  return section('snapshots', 'Snapshots', ...parts);
}

function factValue(f: Fact, actions: DetailsActions): Child {
  if (f.link) return linkButton(f.value, f.link, actions);
  return f.mono ? mono(f.value) : f.value;
}

function facts(model: DetailsModel, actions: DetailsActions): HTMLElement {
  const list = el('dl', { className: 'facts' });
  for (const f of model.facts) {
    append(list, el('dt', {}, f.label), el('dd', { className: toneClass(f.tone), attrs: { 'data-fact': f.id } }, factValue(f, actions)));
  }
  return section('facts', 'Details', list);
}

function tags(model: DetailsModel): HTMLElement {
  if (model.tags.length === 0) return section('tags', 'Tags', el('p', { className: 'muted' }, 'No tags.'));
  return section('tags', 'Tags', table('Tags', ['Key', 'Value'], model.tags.map((t) => [t.key, t.value]), 'tags'));
}

function permissions(p: PermissionSection): HTMLElement {
  const lists: Child[] = [];
  const group = (title: string, items: string[]): Child =>
    items.length ? el('div', {}, el('h3', {}, title), el('ul', { className: 'plain' }, ...items.slice(0, 50).map((i) => el('li', {}, mono(i)))), items.length > 50 ? el('p', { className: 'muted' }, `…and ${items.length - 50} more`) : undefined) : undefined;
  lists.push(group('Accounts', p.accounts), group('Organizations', p.organizations), group('Organizational units', p.organizationalUnits));
  return section('permissions', 'Launch permissions', el('p', { attrs: { 'data-field': 'permissions' } }, p.summary), ...lists, el('p', { className: 'muted' }, p.note));
}

function ancestry(a: AncestrySection, actions: DetailsActions): HTMLElement {
  const parts: Child[] = [];
  if (a.rows.length) {
    parts.push(
      el(
        'ol',
        { className: 'ancestry' },
        ...a.rows.map((r) =>
          el(
            'li',
            {},
            r.link ? linkButton(r.imageId, r.link, actions) : mono(r.imageId),
            ` · ${r.region} · created ${r.creationDate}`,
            r.ownerAlias ? ` · ${r.ownerAlias}` : undefined,
            r.current ? badge('this image', 'neutral') : undefined,
          ),
        ),
      ),
    );
  }
  if (a.message) parts.push(el('p', { className: a.status === 'ok' ? 'muted' : 'tone-warn', attrs: { 'data-field': 'ancestry' } }, a.message));
  return section('ancestry', 'Ancestry', ...parts);
}

/** Replaces the page content with the model, keeping keyboard focus on the same control. */
export function renderDetails(root: HTMLElement, model: DetailsModel, actions: DetailsActions): void {
  const focusedKey = document.activeElement instanceof HTMLElement ? document.activeElement.getAttribute('data-key') : null;
  const status = root.querySelector('.status');
  const content = el(
    'div',
    { className: 'content' },
    header(model, actions),
    status ?? el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } }),
    volumes(model),
    snapshots(model.snapshots),
    facts(model, actions),
    tags(model),
    permissions(model.permissions),
    ancestry(model.ancestry, actions),
    el('footer', { className: 'muted' }, `Loaded ${model.fetchedAt.slice(0, 19).replace('T', ' ')} UTC. Launch and permission editing will be offered here once available.`),
  );
  clear(root);
  root.appendChild(content);
  if (focusedKey) {
    for (const node of root.querySelectorAll<HTMLElement>('[data-key]')) {
      if (node.getAttribute('data-key') === focusedKey) {
        node.focus();
        break;
      }
    }
  }
}
