/**
 * The launch page as Lit templates (runs in the browser). Lit's render() updates only what
 * changed, and every field's value is bound with live() or kept as typed text, so an update from
 * the host (new options, a verdict, subnets of another VPC) keeps what is being typed and the
 * focus. Every value from AWS or the person (image names, tags, key pair and group names, error
 * messages) is interpolated as text: Lit escapes it; there is no unsafeHTML.
 *
 * Stable hooks for tests: each field's row is `[data-field=<LaunchField>]` (tag and volume rows
 * add `data-index`), its problems `[data-problem=<LaunchField>]`, buttons `[data-action=<name>]`,
 * the verdict `#verdict[data-verdict]`, the results `#results[data-outcome]` with one
 * `tr[data-instance=<id>]` per instance.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import {
  addedVolume,
  takesIops,
  takesThroughput,
  typeLabel,
  VOLUME_TYPES,
  type FieldProblem,
  type InstanceTypeInfo,
  type KeyPairInfo,
  type LaunchField,
  type LaunchForm,
  type LaunchTag,
  type PublicIpChoice,
  type SecurityGroupInfo,
  type SubnetInfo,
  type VolumeChoice,
  type VpcInfo,
} from '../../../model/launch.js';
import type { LaunchModel, OutcomeView, VerdictView } from '../protocol.js';

export interface LaunchActions {
  refresh(): void;
  /** A change of the form (the page re-checks it and keeps it). */
  set(patch: Partial<LaunchForm>): void;
  /** Text typed into a number field, by its key (count, size:0, iops:1…): kept as typed. */
  number(key: string, text: string, apply: (value: number | undefined) => Partial<LaunchForm>): void;
  setVpc(vpcId: string | undefined): void;
  setSubnet(subnetId: string | undefined): void;
  createKeyPair(): void;
  userDataFromFile(): void;
  validate(): void;
  launch(): void;
  copy(instanceId: string, what: 'id' | 'ssh'): void;
  openConsole(instanceId: string): void;
  openMarketplace(): void;
}

export interface PageView {
  model?: LaunchModel;
  form?: LaunchForm;
  /** Number fields as typed, by key, while they do not hold a whole number. */
  typed: Record<string, string>;
  /** The subnets and groups of the form's VPC, and the key pairs (may be newer than the model's). */
  subnets: SubnetInfo[];
  securityGroups: SecurityGroupInfo[];
  keyPairs: KeyPairInfo[];
  /** The types offered in the chosen subnet's zone (DescribeInstanceTypeOfferings). */
  offered?: { zone: string; types: string[] };
  /** The page's own checks of the form (the model's validateLaunchForm). */
  problems: FieldProblem[];
  /** The host's answer to the last Validate (or the refusal of the last Launch). */
  verdict?: VerdictView;
  busy?: 'validate' | 'launch' | 'keyPair' | 'userData' | 'network';
  outcome?: OutcomeView;
  loading: boolean;
  error?: string;
  gone?: string;
  /** A message that belongs to one field (e.g. a refused user data file), or to the page. */
  note?: { text: string; tone: 'info' | 'error'; field?: LaunchField };
}

const VOLUME_TYPE_NAMES: Record<(typeof VOLUME_TYPES)[number], string> = {
  gp3: 'gp3 (General Purpose SSD)',
  gp2: 'gp2 (General Purpose SSD)',
  io1: 'io1 (Provisioned IOPS SSD)',
  io2: 'io2 (Provisioned IOPS SSD)',
  st1: 'st1 (Throughput HDD)',
  sc1: 'sc1 (Cold HDD)',
  standard: 'standard (Magnetic)',
};
const PUBLIC_IP_NAMES: Record<PublicIpChoice, string> = {
  subnetDefault: 'Subnet default',
  enable: 'Enable',
  disable: 'Disable',
};

function codicon(name: string): TemplateResult {
  return html`<span class="codicon codicon-${name}" aria-hidden="true"></span>`;
}

function button(action: string, label: string, onClick: () => void, options: { secondary?: boolean; disabled?: boolean; title?: string; icon?: string; index?: number } = {}): TemplateResult {
  return html`<button
    type="button"
    data-action=${action}
    data-index=${options.index ?? nothing}
    class=${options.secondary ? 'secondary' : nothing}
    title=${options.title ?? nothing}
    ?disabled=${options.disabled === true}
    @click=${onClick}
  >${options.icon ? codicon(options.icon) : nothing}${label}</button>`;
}

function section(id: string, title: string, body: unknown): TemplateResult {
  return html`<section aria-labelledby="h-${id}" data-section=${id}><h2 id="h-${id}">${title}</h2>${body}</section>`;
}

/** The marks of a type, as data-marks: free tier, previous generation, not offered in the subnet's zone. */
export function typeMarks(type: InstanceTypeInfo, offered: PageView['offered']): string[] {
  const marks: string[] = [];
  if (type.freeTierEligible) marks.push('freeTier');
  if (!type.currentGeneration) marks.push('previousGeneration');
  if (offered && !offered.types.includes(type.instanceType)) marks.push('notOffered');
  return marks;
}

/** One line for a type in the list: the model's label ("t3.micro · 2 vCPU · 1 GiB · free tier"), and the zone mark. */
export function typeText(type: InstanceTypeInfo, offered: PageView['offered']): string {
  const label = typeLabel(type);
  return offered && !offered.types.includes(type.instanceType) ? `${label} · not offered in ${offered.zone}` : label;
}

/** The problems shown at a field (a row of it, with `index`): the page's own, the host's, a refusal's. */
export function problemsAt(view: PageView, field: LaunchField, index?: number): string[] {
  const all = [...view.problems, ...(view.verdict?.kind === 'invalid' ? view.verdict.problems : [])];
  const messages = all.filter((p) => p.field === field && (index === undefined ? p.index === undefined : p.index === index)).map((p) => p.message);
  if (index === undefined && view.verdict?.kind === 'refused' && view.verdict.field === field) messages.push(view.verdict.message);
  if (index === undefined && view.note?.field === field && view.note.tone === 'error') messages.push(view.note.text);
  return [...new Set(messages)];
}

function problems(view: PageView, field: LaunchField, index?: number): unknown {
  const list = problemsAt(view, field, index);
  const info = index === undefined && view.note?.field === field && view.note.tone === 'info' ? html`<div class="muted" data-note=${field}>${view.note.text}</div>` : nothing;
  if (!list.length) return info;
  return html`${info}<ul class="plain tone-error field-problem" role="alert" data-problem=${field} data-index=${index ?? nothing}>${list.map((m) => html`<li>${m}</li>`)}</ul>`;
}

/** A labelled row of the form; `control` carries its own id for the label. */
function field(name: LaunchField, label: string, id: string, control: unknown, view: PageView, hint?: unknown): TemplateResult {
  return html`<div class="field" data-field=${name}>
    <label for=${id}>${label}</label>
    <div class="field-control">${control}${hint ? html`<div class="muted hint">${hint}</div>` : nothing}${problems(view, name)}</div>
  </div>`;
}

function option(value: string, text: string, selected: boolean, description?: string): TemplateResult {
  return html`<vscode-option value=${value} description=${description ?? nothing} ?selected=${selected}>${text}</vscode-option>`;
}

function valueOf(e: Event): string {
  return (e.target as HTMLInputElement).value;
}

function checkedOf(e: Event): boolean {
  return (e.target as HTMLInputElement).checked;
}

/** A number field bound to its typed text while the person types, else to the form's number. */
function numberField(view: PageView, key: string, value: number | undefined, apply: (n: number | undefined) => Partial<LaunchForm>, actions: LaunchActions, attrs: { id?: string; label: string; min?: number; disabled?: boolean }): TemplateResult {
  const text = view.typed[key] ?? (value === undefined ? '' : String(value));
  return html`<vscode-textfield
    type="number"
    id=${attrs.id ?? nothing}
    data-key=${key}
    aria-label=${attrs.label}
    min=${attrs.min ?? nothing}
    ?disabled=${attrs.disabled === true}
    .value=${live(text)}
    @input=${(e: Event) => actions.number(key, valueOf(e), apply)}
  ></vscode-textfield>`;
}

function typeField(view: PageView, model: LaunchModel, form: LaunchForm, actions: LaunchActions): TemplateResult {
  const types = model.options.instanceTypes;
  const chosen = types.find((t) => t.instanceType === form.instanceType);
  const known = chosen !== undefined || form.instanceType === '';
  const select = html`<vscode-single-select
    id="f-instanceType"
    data-key="instanceType"
    combobox
    filter="contains"
    aria-label="Instance type"
    @change=${(e: Event) => actions.set({ instanceType: valueOf(e) })}
  >
    ${known ? nothing : option(form.instanceType, `${form.instanceType} · cannot run this image`, true)}
    ${types.map((t) => html`<vscode-option value=${t.instanceType} data-type=${t.instanceType} data-marks=${typeMarks(t, view.offered).join(',')} ?selected=${t.instanceType === form.instanceType}>${typeText(t, view.offered)}</vscode-option>`)}
  </vscode-single-select>`;
  const hint = html`<span data-field="typeInfo">${chosen ? typeText(chosen, view.offered) : nothing}</span>
    <span data-field="typeCount">${types.length} types can run this image${model.options.excludedTypes ? `; ${model.options.excludedTypes} others of the region cannot (architecture, boot mode, virtualization or ENA)` : ''}.</span>`;
  return field('instanceType', 'Instance type', 'f-instanceType', select, view, hint);
}

function tagsField(view: PageView, form: LaunchForm, actions: LaunchActions): TemplateResult {
  const setTag = (index: number, patch: Partial<LaunchTag>): void => actions.set({ tags: form.tags.map((t, i) => (i === index ? { ...t, ...patch } : t)) });
  const rows = form.tags.map(
    (tag, index) => html`<div class="row" data-field="tags" data-index=${index}>
      <vscode-textfield data-key="tagKey" aria-label="Tag key ${index + 1}" placeholder="Key" .value=${live(tag.key)} @input=${(e: Event) => setTag(index, { key: valueOf(e) })}></vscode-textfield>
      <vscode-textfield data-key="tagValue" aria-label="Tag value ${index + 1}" placeholder="Value" .value=${live(tag.value)} @input=${(e: Event) => setTag(index, { value: valueOf(e) })}></vscode-textfield>
      ${button('removeTag', 'Remove', () => actions.set({ tags: form.tags.filter((_, i) => i !== index) }), { secondary: true, icon: 'close', index, title: 'Remove this tag' })}
      ${problems(view, 'tags', index)}
    </div>`,
  );
  return html`<div class="field" data-field="tags">
    <span class="label">Extra tags</span>
    <div class="field-control">
      ${rows}
      ${button('addTag', 'Add tag', () => actions.set({ tags: [...form.tags, { key: '', value: '' }] }), { secondary: true, icon: 'add' })}
      <div class="muted hint">Applied to the instances and their volumes.</div>
      ${problems(view, 'tags')}
    </div>
  </div>`;
}

function keyPairField(view: PageView, form: LaunchForm, actions: LaunchActions, disabled: boolean): TemplateResult {
  const pairs = view.keyPairs;
  const select = html`<vscode-single-select id="f-keyName" data-key="keyName" combobox filter="contains" aria-label="Key pair" @change=${(e: Event) => actions.set({ keyName: valueOf(e) || undefined })}>
    ${option('', 'None (no SSH key)', form.keyName === undefined)}
    ${form.keyName !== undefined && !pairs.some((p) => p.keyName === form.keyName) ? option(form.keyName, `${form.keyName} (not found)`, true) : nothing}
    ${pairs.map((p) => option(p.keyName, p.keyType ? `${p.keyName} (${p.keyType})` : p.keyName, p.keyName === form.keyName))}
  </vscode-single-select>`;
  return field(
    'keyName',
    'Key pair',
    'f-keyName',
    html`${select} ${button('createKeyPair', 'Create key pair…', actions.createKeyPair, { secondary: true, icon: 'key', disabled: disabled || view.busy === 'keyPair', title: 'Creates a key pair and saves its private key to a file you pick' })}`,
    view,
  );
}

function vpcText(v: VpcInfo): string {
  return [v.name ? `${v.vpcId} (${v.name})` : v.vpcId, v.cidrBlock, v.isDefault ? 'default VPC' : undefined].filter((x) => x).join(' · ');
}

function subnetText(s: SubnetInfo): string {
  return [
    s.name ? `${s.subnetId} (${s.name})` : s.subnetId,
    s.availabilityZone,
    s.availableIpAddressCount !== undefined ? `${s.availableIpAddressCount} free IPs` : undefined,
    s.defaultForAz ? 'default for AZ' : undefined,
  ]
    .filter((x) => x)
    .join(' · ');
}

function networkSection(view: PageView, model: LaunchModel, form: LaunchForm, actions: LaunchActions): TemplateResult {
  const vpcs = model.options.vpcs;
  const vpc = html`<vscode-single-select id="f-vpc" data-key="vpc" aria-label="VPC" @change=${(e: Event) => actions.setVpc(valueOf(e) || undefined)}>
    ${option('', 'Default VPC (EC2 picks)', form.vpcId === undefined)}
    ${vpcs.map((v) => option(v.vpcId, vpcText(v), v.vpcId === form.vpcId))}
  </vscode-single-select>`;
  const subnets = view.subnets.filter((s) => form.vpcId === undefined || s.vpcId === form.vpcId);
  // Without a subnet EC2 launches into the default VPC: "Any" only means "this VPC" there.
  const anySubnet = form.vpcId === undefined || vpcs.some((v) => v.vpcId === form.vpcId && v.isDefault);
  const subnet = html`<vscode-single-select id="f-subnet" data-key="subnet" aria-label="Subnet" ?disabled=${view.busy === 'network'} @change=${(e: Event) => actions.setSubnet(valueOf(e) || undefined)}>
    ${anySubnet ? option('', 'Any (EC2 picks a default subnet)', form.subnetId === undefined) : form.subnetId === undefined ? option('', 'Choose a subnet', true) : nothing}
    ${subnets.map((s) => option(s.subnetId, subnetText(s), s.subnetId === form.subnetId))}
  </vscode-single-select>`;
  const toggleGroup = (groupId: string, on: boolean): void =>
    actions.set({ securityGroupIds: on ? [...form.securityGroupIds.filter((g) => g !== groupId), groupId] : form.securityGroupIds.filter((g) => g !== groupId) });
  const groups = view.securityGroups.length
    ? html`<div class="checks" role="group" aria-labelledby="l-securityGroups">${view.securityGroups.map(
        (g) => html`<div class="check" data-group=${g.groupId}>
          <vscode-checkbox data-key="securityGroup" .checked=${live(form.securityGroupIds.includes(g.groupId))} @change=${(e: Event) => toggleGroup(g.groupId, checkedOf(e))}>${g.groupName} (${g.groupId})</vscode-checkbox>
          ${g.description ? html`<span class="muted"> ${g.description}</span>` : nothing}
        </div>`,
      )}</div>`
    : html`<p class="muted">${view.busy === 'network' ? 'Reading the security groups…' : 'No security groups read for this VPC; EC2 uses the VPC’s default group.'}</p>`;
  const publicIp = html`<vscode-single-select id="f-publicIp" data-key="publicIp" aria-label="Public IP" @change=${(e: Event) => actions.set({ publicIp: valueOf(e) as PublicIpChoice })}>
    ${(Object.keys(PUBLIC_IP_NAMES) as PublicIpChoice[]).map((c) => option(c, PUBLIC_IP_NAMES[c], form.publicIp === c))}
  </vscode-single-select>`;
  return section(
    'network',
    'Network',
    html`${field('vpc', 'VPC', 'f-vpc', vpc, view)}
    ${field('subnet', 'Subnet', 'f-subnet', subnet, view)}
    <div class="field" data-field="securityGroups"><span class="label" id="l-securityGroups">Security groups</span><div class="field-control">${groups}${problems(view, 'securityGroups')}</div></div>
    ${field('publicIp', 'Public IP', 'f-publicIp', publicIp, view)}`,
  );
}

function volumeRow(view: PageView, form: LaunchForm, volume: VolumeChoice, index: number, actions: LaunchActions): TemplateResult {
  const patch = (p: Partial<VolumeChoice>): Partial<LaunchForm> => ({ volumes: form.volumes.map((v, i) => (i === index ? { ...v, ...p } : v)) });
  const iops = takesIops(volume.volumeType);
  const throughput = takesThroughput(volume.volumeType);
  const setType = (volumeType: string): void => {
    const { iops: _i, throughput: _t, ...rest } = volume;
    actions.set({ volumes: form.volumes.map((v, i) => (i === index ? { ...rest, volumeType, ...(takesIops(volumeType) && volume.iops !== undefined ? { iops: volume.iops } : {}), ...(takesThroughput(volumeType) && volume.throughput !== undefined ? { throughput: volume.throughput } : {}) } : v)) });
  };
  const rowProblems = problemsAt(view, 'volumes', index);
  return html`<tr data-field="volumes" data-index=${index} data-device=${volume.deviceName}>
    <td><code>${volume.deviceName}</code>${volume.added ? html` <span class="badge">new, empty</span>` : volume.snapshotId ? html`<div class="muted"><code>${volume.snapshotId}</code></div>` : nothing}</td>
    <td>${numberField(view, `size:${index}`, volume.sizeGiB, (n) => patch({ sizeGiB: n ?? 0 }), actions, { label: `Size of ${volume.deviceName} in GiB`, min: volume.minSizeGiB ?? 1 })}${volume.minSizeGiB !== undefined ? html`<div class="muted">at least ${volume.minSizeGiB}</div>` : nothing}</td>
    <td><vscode-single-select data-key="volumeType" aria-label="Volume type of ${volume.deviceName}" @change=${(e: Event) => setType(valueOf(e))}>
      ${VOLUME_TYPES.map((t) => option(t, VOLUME_TYPE_NAMES[t], t === volume.volumeType))}
    </vscode-single-select></td>
    <td>${numberField(view, `iops:${index}`, iops ? volume.iops : undefined, (n) => patch({ iops: n }), actions, { label: `IOPS of ${volume.deviceName}`, disabled: !iops })}</td>
    <td>${numberField(view, `throughput:${index}`, throughput ? volume.throughput : undefined, (n) => patch({ throughput: n }), actions, { label: `Throughput of ${volume.deviceName} in MiB/s`, disabled: !throughput })}</td>
    <td><vscode-checkbox data-key="encrypted" aria-label="Encrypt ${volume.deviceName}" .checked=${live(volume.encrypted)} @change=${(e: Event) => actions.set(patch({ encrypted: checkedOf(e) }))}></vscode-checkbox></td>
    <td><vscode-checkbox data-key="deleteOnTermination" aria-label="Delete ${volume.deviceName} on termination" .checked=${live(volume.deleteOnTermination)} @change=${(e: Event) => actions.set(patch({ deleteOnTermination: checkedOf(e) }))}></vscode-checkbox></td>
    <td>${volume.added ? button('removeVolume', 'Remove', () => actions.set({ volumes: form.volumes.filter((_, i) => i !== index) }), { secondary: true, icon: 'close', index }) : nothing}
      ${rowProblems.length ? html`<ul class="plain tone-error field-problem" role="alert" data-problem="volumes" data-index=${index}>${rowProblems.map((m) => html`<li>${m}</li>`)}</ul>` : nothing}</td>
  </tr>`;
}

function storageSection(view: PageView, model: LaunchModel, form: LaunchForm, actions: LaunchActions): TemplateResult {
  const added = form.volumes.some((v) => v.added) ? undefined : addedVolume(model.options.image, form.volumes);
  const add = (): void => {
    if (added) actions.set({ volumes: [...form.volumes, added] });
  };
  return section(
    'storage',
    'Storage',
    html`<div class="table-scroll"><table class="volumes">
        <caption class="visually-hidden">Volumes of the instances</caption>
        <thead><tr><th scope="col">Device</th><th scope="col">Size (GiB)</th><th scope="col">Type</th><th scope="col">IOPS</th><th scope="col">Throughput (MiB/s)</th><th scope="col">Encrypted</th><th scope="col">Delete on termination</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
        <tbody>${form.volumes.map((v, i) => volumeRow(view, form, v, i, actions))}</tbody>
      </table></div>
      ${form.volumes.length === 0 ? html`<p class="muted">This image has no EBS volumes.</p>` : nothing}
      ${added === undefined ? nothing : button('addVolume', 'Add volume', add, { secondary: true, icon: 'add', title: 'One more, empty volume' })}
      ${problems(view, 'volumes')}`,
  );
}

function advancedSection(view: PageView, form: LaunchForm, actions: LaunchActions): TemplateResult {
  const userData = html`<vscode-textarea
      id="f-userData"
      data-key="userData"
      rows="6"
      aria-label="User data"
      placeholder="#!/bin/bash …  (sent base64-encoded; at most 16 KB)"
      .value=${live(form.userData ?? '')}
      @input=${(e: Event) => actions.set({ userData: valueOf(e) || undefined })}
    ></vscode-textarea>
    <div class="toolbar">${button('userDataFromFile', 'From file…', actions.userDataFromFile, { secondary: true, icon: 'file', disabled: view.busy === 'userData', title: 'Read user data from a workspace file (at most 16 KB)' })}</div>`;
  return section(
    'advanced',
    'Advanced',
    html`<div class="field" data-field="imds"><span class="label">Metadata</span><div class="field-control">
        <vscode-checkbox id="f-imds" data-key="imds" .checked=${live(form.imdsV2Required)} @change=${(e: Event) => actions.set({ imdsV2Required: checkedOf(e) })}>Require IMDSv2 (session tokens)</vscode-checkbox>
        ${problems(view, 'imds')}
      </div></div>
      ${field(
        'iamInstanceProfile',
        'IAM instance profile',
        'f-iamInstanceProfile',
        html`<vscode-textfield id="f-iamInstanceProfile" data-key="iamInstanceProfile" placeholder="None" .value=${live(form.iamInstanceProfile ?? '')} @input=${(e: Event) => actions.set({ iamInstanceProfile: valueOf(e) || undefined })}></vscode-textfield>`,
        view,
        'The name of an instance profile; empty for none.',
      )}
      ${field('userData', 'User data', 'f-userData', userData, view)}`,
  );
}

function verdictBox(view: PageView, actions: LaunchActions): TemplateResult {
  let state = 'none';
  let body: unknown = nothing;
  const verdict = view.verdict;
  if (view.busy === 'validate') {
    state = 'validating';
    body = html`${codicon('loading')} Validating (dry run)…`;
  } else if (view.busy === 'launch') {
    state = 'launching';
    body = html`${codicon('loading')} Validating, then launching…`;
  } else if (verdict?.kind === 'valid') {
    state = 'valid';
    body = html`<span class="tone-ok">${codicon('pass')} Valid: the launch would succeed (dry run).</span>`;
  } else if (verdict?.kind === 'invalid') {
    state = 'invalid';
    body = html`<span class="tone-error">Nothing was sent: fix the fields marked below.</span>`;
  } else if (verdict?.kind === 'refused') {
    state = 'refused';
    body = verdict.field
      ? html`<span class="tone-error">The dry run refused the launch${verdict.code ? html` (<code>${verdict.code}</code>)` : nothing}: see the field marked below.</span>`
      : html`<span class="tone-error" data-field="refusal">${verdict.message}</span>`;
    if (verdict.marketplace) body = html`${body} ${button('openMarketplace', 'Open in AWS Marketplace', actions.openMarketplace, { secondary: true, icon: 'link-external', title: 'Subscribe to the product, then validate again' })}`;
  }
  const note = view.note && view.note.field === undefined ? html`<div class=${view.note.tone === 'error' ? 'tone-error' : 'muted'} data-field="note">${view.note.text}</div>` : nothing;
  return html`<div id="verdict" class="status" role="status" aria-live="polite" data-verdict=${state}>${body}${note}</div>`;
}

function resultsSection(view: PageView, actions: LaunchActions): unknown {
  const outcome = view.outcome;
  if (!outcome || outcome.kind === 'refused') return nothing;
  if (outcome.kind === 'failed') {
    return html`<section id="results" data-outcome="failed" aria-labelledby="h-results"><h2 id="h-results">Launch</h2><p class="tone-error" data-field="failure">${outcome.message}</p></section>`;
  }
  const notes: TemplateResult[] = [];
  if (outcome.recovered) notes.push(html`<li data-note="recovered">The response to the launch was lost; these instances were found by the launch’s token (nothing was launched twice).</li>`);
  if (outcome.waitCancelled) notes.push(html`<li data-note="waitCancelled" class="tone-warn">Stopped waiting; nothing was terminated. The instances keep starting.</li>`);
  if (outcome.waitFailure) notes.push(html`<li data-note="waitFailure" class="tone-warn">Waiting for the instances failed (they exist): ${outcome.waitFailure}</li>`);
  if (outcome.running) notes.push(html`<li data-note="running" class="tone-ok">Every instance is running.</li>`);
  const rows = outcome.instances.map(
    (i) => html`<tr data-instance=${i.instanceId}>
      <td><code>${i.instanceId}</code> ${button('copyId', 'Copy', () => actions.copy(i.instanceId, 'id'), { secondary: true, icon: 'copy', title: `Copy ${i.instanceId}` })}</td>
      <td data-field="state">${i.state}</td>
      <td data-field="privateIp">${i.privateIpAddress ?? '—'}</td>
      <td data-field="publicIp">${i.publicIpAddress ?? i.publicDnsName ?? '—'}</td>
      <td>
        ${i.ssh ? button('copySsh', 'Copy SSH Command', () => actions.copy(i.instanceId, 'ssh'), { secondary: true, icon: 'terminal' }) : nothing}
        ${button('openConsole', 'Open in AWS Console', () => actions.openConsole(i.instanceId), { secondary: true, icon: 'link-external' })}
      </td>
    </tr>`,
  );
  return html`<section id="results" data-outcome="launched" aria-labelledby="h-results">
    <h2 id="h-results">Launched</h2>
    <p>Reservation <code data-field="reservationId">${outcome.reservationId}</code>: ${outcome.instances.length} ${outcome.instances.length === 1 ? 'instance' : 'instances'}.</p>
    ${notes.length ? html`<ul class="plain">${notes}</ul>` : nothing}
    <div class="table-scroll"><table class="instances">
      <caption class="visually-hidden">Launched instances</caption>
      <thead><tr><th scope="col">Instance</th><th scope="col">State</th><th scope="col">Private address</th><th scope="col">Public address</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${rows}</tbody>
    </table></div>
  </section>`;
}

export function launchPage(view: PageView, actions: LaunchActions): TemplateResult {
  const { model, form } = view;
  const gone = view.gone !== undefined ? html`<div class="banner tone-warn" role="alert" data-field="gone">${codicon('warning')} <span>${view.gone}</span></div>` : nothing;
  if (!model || !form) {
    return html`<div class="content">${gone}
      <div class="status" role="status" aria-live="polite">${view.error !== undefined ? html`<span class="tone-error" data-field="error">${view.error}</span>` : view.loading ? html`<span class="muted">Reading the instance types, key pairs and network…</span>` : nothing}</div>
      ${view.error !== undefined && !view.loading ? button('retry', 'Try again', actions.refresh) : nothing}</div>`;
  }
  const image = model.options.image;
  const busy = view.busy !== undefined || view.gone !== undefined;
  return html`<div class="content launch">
    ${gone}
    <header class="header">
      <h1 data-field="title">${image.name ?? image.imageId}</h1>
      <p class="subtitle"><code>${image.imageId}</code> · ${model.ref.region}${model.ref.profile ? ` · profile ${model.ref.profile}` : nothing} · ${image.architecture ?? 'unknown architecture'}${image.platformDetails ? ` · ${image.platformDetails}` : nothing}</p>
      <div class="toolbar" role="toolbar" aria-label="Launch actions">${button('refresh', 'Refresh', actions.refresh, { secondary: true, icon: 'refresh', disabled: busy, title: 'Read the types, key pairs and network again' })}</div>
      ${view.error !== undefined ? html`<p class="tone-error" data-field="error">${view.error}</p>` : nothing}
    </header>
    ${verdictBox(view, actions)}
    ${problems(view, 'image')}
    ${section(
      'instances',
      'Instances',
      html`${typeField(view, model, form, actions)}
      ${field('count', 'Count', 'f-count', numberField(view, 'count', form.count, (n) => ({ count: n ?? 0 }), actions, { id: 'f-count', label: 'Count', min: 1 }), view)}
      ${field('name', 'Name', 'f-name', html`<vscode-textfield id="f-name" data-key="name" placeholder="No Name tag" .value=${live(form.name)} @input=${(e: Event) => actions.set({ name: valueOf(e) })}></vscode-textfield>`, view)}
      ${tagsField(view, form, actions)}
      ${keyPairField(view, form, actions, busy)}`,
    )}
    ${networkSection(view, model, form, actions)}
    ${storageSection(view, model, form, actions)}
    ${advancedSection(view, form, actions)}
    <div class="toolbar" role="toolbar" aria-label="Validate or launch">
      ${button('validate', 'Validate', actions.validate, { secondary: true, icon: 'check', disabled: busy, title: 'A dry run: EC2 checks the launch without creating anything' })}
      ${button('launch', 'Launch', actions.launch, { icon: 'rocket', disabled: busy, title: 'Validates first, then launches' })}
    </div>
    ${resultsSection(view, actions)}
  </div>`;
}
