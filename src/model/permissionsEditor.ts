/**
 * The launch-permissions editor (the "Edit Launch Permissions" panel) as pure functions: the model
 * the host builds from what EC2 answered, the pending edit the page holds, the change that edit
 * makes (diff and snapshot plan, shown before Apply), the host's check of an Apply request (the
 * page is never trusted: every entry is validated again against the host's own model), and the
 * text of the outcome. Pure: imports neither `vscode` nor the SDK; bundled into the page too.
 */
import { oneLine, truncate } from './format';
import type { AmiImage, AmiRef } from './image';
import { confirmPublicText, type ConfirmText } from './sharingText';
import {
  checkEntry,
  describeInvalid,
  describePublicSharingBlock,
  diffPermissions,
  encryptionWarnings,
  entriesOf,
  isEmptyDiff,
  planSnapshotMirror,
  publicRefusals,
  volumesOf,
  widensAccess,
  withEntries,
  withoutEntries,
  type CreateVolumePermissionState,
  type ImageBlockPublicAccess,
  type InvalidEntry,
  type LaunchPermissionState,
  type PermissionDiff,
  type PermissionEntry,
  type PermissionKind,
  type SnapshotMirrorPlan,
} from './launchPermissions';
import { describeFailure, type Result } from './result';

// ---- the model the host sends ----

/** One backing snapshot and who may create volumes from it (DescribeSnapshotAttribute). */
export interface SnapshotPermissionRow {
  snapshotId: string;
  /** Device names of the mappings that use it. */
  devices: string[];
  encrypted: boolean;
  kmsKeyId?: string;
  /** 'error': DescribeSnapshotAttribute failed (`error` says why); the lists are then empty. */
  status: 'ok' | 'error';
  public: boolean;
  accounts: string[];
  error?: string;
}

/** Whether "Make public" is offered, and if not, why. */
export interface PublicSharing {
  /** Block public access for AMIs is on: why, and how it is lifted (or that it cannot be from here). */
  blocked?: string;
  /** Reasons EC2 refuses to make this image public (encrypted volumes, product codes). */
  refusals: string[];
  /** The block-public-access state could not be read: said, and EC2 decides on Apply. */
  unknown?: string;
}

export interface PermissionsModel {
  version: 1;
  ref: AmiRef;
  /** The image's name (made one visible line), or its id. */
  title: string;
  ownerId?: string;
  state: LaunchPermissionState;
  snapshots: SnapshotPermissionRow[];
  publicSharing: PublicSharing;
  /** KMS warnings for encrypted snapshots, one per key. */
  keyWarnings: string[];
  fetchedAt: string;
}

/** Always shown beside the snapshots: what cannot be mirrored to them. */
export const SNAPSHOT_NOTES: readonly string[] = [
  'Only account ids can be mirrored to snapshots: organization and OU shares cannot extend to them (ModifySnapshotAttribute takes account ids only). Launching needs no snapshot permission; copying the image does.',
  'Snapshots encrypted with the AWS managed key (aws/ebs) cannot be shared at all: copy the image with a customer managed key first and share the copy.',
];

export interface PermissionsInput {
  ref: AmiRef;
  image: AmiImage;
  permissions: LaunchPermissionState;
  /** One answer per snapshot id of the image, in mapping order. */
  snapshots: { snapshotId: string; result: Result<CreateVolumePermissionState> }[];
  blockPublicAccess: Result<ImageBlockPublicAccess>;
  fetchedAt: string;
}

export function buildPermissionsModel(input: PermissionsInput): PermissionsModel {
  const { ref, image } = input;
  const mappings = image.blockDeviceMappings ?? [];
  const snapshots: SnapshotPermissionRow[] = input.snapshots.map(({ snapshotId, result }) => {
    const used = mappings.filter((m) => m.ebs?.snapshotId === snapshotId);
    const ebs = used[0]?.ebs;
    const base = {
      snapshotId,
      devices: used.map((m) => m.deviceName),
      encrypted: ebs?.encrypted === true,
      ...(ebs?.kmsKeyId ? { kmsKeyId: ebs.kmsKeyId } : {}),
    };
    if (!result.ok) return { ...base, status: 'error', public: false, accounts: [], error: describeFailure(result.error) };
    return { ...base, status: 'ok', public: result.value.public, accounts: [...result.value.accounts].sort() };
  });
  const subject = { imageId: ref.imageId, productCodes: image.productCodes ?? [], volumes: volumesOf(mappings) };
  const publicSharing: PublicSharing = { refusals: publicRefusals(subject) };
  if (input.blockPublicAccess.ok) {
    const blocked = describePublicSharingBlock(input.blockPublicAccess.value, ref.region, ref.profile);
    if (blocked) publicSharing.blocked = blocked;
  } else {
    publicSharing.unknown = `Whether block public access for AMIs is on in ${ref.region} could not be read (${describeFailure(input.blockPublicAccess.error)}); EC2 refuses to make the image public if it is.`;
  }
  const name = image.name ? oneLine(image.name) : '';
  return {
    version: 1,
    ref,
    title: name || ref.imageId,
    ...(image.ownerId ? { ownerId: image.ownerId } : {}),
    state: input.permissions,
    snapshots,
    publicSharing,
    keyWarnings: encryptionWarnings(subject).map((w) => w.message),
    fetchedAt: input.fetchedAt,
  };
}

/** "Permissions: <name> (ami-…)", the name cut. */
export function permissionsPanelTitle(ref: AmiRef, model?: Pick<PermissionsModel, 'title'>): string {
  const label = model ? oneLine(model.title) : '';
  const id = oneLine(ref.imageId);
  return !label || label === id ? `Permissions: ${id}` : `Permissions: ${truncate(label, 32)} (${id})`;
}

/** Whether "Make public" may be offered for this model. */
export function canMakePublic(model: PermissionsModel): boolean {
  return !model.state.public && model.publicSharing.blocked === undefined && model.publicSharing.refusals.length === 0;
}

// ---- the edit the page holds ----

/** What the person changed and has not applied yet. */
export interface PendingEdit {
  /** Entries to add (already validated on the page; validated again by the host). */
  add: PermissionEntry[];
  /** Current entries marked for removal. */
  remove: PermissionEntry[];
  /** true: make public; false: make private; undefined: leave as is. */
  public?: boolean;
  /** Mirror account-id changes to the backing snapshots. */
  mirror: boolean;
}

export const NO_EDIT: PendingEdit = { add: [], remove: [], mirror: true };

function sameEntry(a: PermissionEntry, b: PermissionEntry): boolean {
  return a.kind === b.kind && a.value === b.value;
}

export function hasEntry(list: readonly PermissionEntry[], entry: PermissionEntry): boolean {
  return list.some((e) => sameEntry(e, entry));
}

/** The state the edit asks for, from the current one. */
export function desiredState(current: LaunchPermissionState, edit: Pick<PendingEdit, 'add' | 'remove' | 'public'>): LaunchPermissionState {
  const added = withEntries(current, edit.add, edit.public === true ? true : undefined);
  return withoutEntries(added, edit.remove, edit.public === false);
}

/** The change an edit makes: shown on the page before Apply, and computed again by the host on Apply. */
export interface PendingChange {
  readonly diff: PermissionDiff;
  readonly plan: SnapshotMirrorPlan;
  readonly empty: boolean;
  readonly widens: boolean;
  /** Whether any account id is added or removed (the mirror option applies). */
  readonly accountsChange: boolean;
}

export function pendingChange(model: Pick<PermissionsModel, 'state' | 'snapshots'>, edit: PendingEdit): PendingChange {
  const diff = diffPermissions(model.state, desiredState(model.state, edit));
  const snapshotIds = model.snapshots.map((s) => s.snapshotId);
  const plan = planSnapshotMirror(diff, edit.mirror ? snapshotIds : []);
  return {
    diff,
    plan,
    empty: isEmptyDiff(diff),
    widens: widensAccess(diff),
    accountsChange: diff.added.accounts.length + diff.removed.accounts.length > 0,
  };
}

// ---- the Apply request, as the host checks it ----

/** What the page sends on Apply: entry values to add (checked again here), entries to remove, public, mirror. */
export interface ApplyRequest {
  add: string[];
  remove: PermissionEntry[];
  public?: 'add' | 'remove';
  mirror: boolean;
}

export type ApplyCheck =
  | { readonly ok: true; readonly diff: PermissionDiff; readonly mirrorTo: string[]; readonly makesPublic: boolean }
  | { readonly ok: false; readonly reason: string; readonly invalid?: InvalidEntry[] };

/**
 * The host's check of an Apply request against the model it holds (never the page's): every entry
 * to add is validated again (kind, pattern, not the owner), every entry to remove must be well
 * formed and of the kind it claims, making public is refused while it is blocked or refused, and
 * an empty change is refused. Entries to remove that are no longer present drop out of the diff.
 */
export function checkApply(model: PermissionsModel | undefined, request: ApplyRequest): ApplyCheck {
  if (!model) return { ok: false, reason: 'The launch permissions have not been loaded yet. Refresh, then try again.' };
  const invalid: InvalidEntry[] = [];
  const add: PermissionEntry[] = [];
  for (const raw of request.add) {
    const checked = checkEntry(raw, model.ownerId);
    if (checked.ok) {
      if (!hasEntry(add, checked.entry)) add.push(checked.entry);
    } else invalid.push(checked.invalid);
  }
  const remove: PermissionEntry[] = [];
  for (const entry of request.remove) {
    const checked = checkEntry(entry.value);
    if (!checked.ok) invalid.push(checked.invalid);
    else if (checked.entry.kind !== entry.kind) invalid.push({ input: entry.value, reason: `it is ${KIND_NAMES[checked.entry.kind]}, not ${KIND_NAMES[entry.kind]}` });
    else remove.push(checked.entry);
  }
  if (invalid.length > 0) return { ok: false, reason: `Nothing was sent. ${describeInvalid(invalid)}`, invalid };
  if (request.public === 'add') {
    if (model.state.public) return { ok: false, reason: `${model.ref.imageId} is already public.` };
    if (model.publicSharing.blocked) return { ok: false, reason: `Nothing was sent. ${model.publicSharing.blocked}` };
    if (model.publicSharing.refusals.length > 0) return { ok: false, reason: `Nothing was sent. ${model.publicSharing.refusals.join(' ')}` };
  }
  const edit: PendingEdit = { add, remove, mirror: request.mirror, ...(request.public ? { public: request.public === 'add' } : {}) };
  const change = pendingChange(model, edit);
  if (change.empty) return { ok: false, reason: 'Nothing to change: the launch permissions are already as asked.' };
  return { ok: true, diff: change.diff, mirrorTo: [...change.plan.snapshotIds], makesPublic: change.diff.public === 'add' };
}

export const KIND_NAMES: Record<PermissionKind, string> = {
  account: 'an account id',
  organization: 'an organization ARN',
  organizationalUnit: 'an OU ARN',
};

/** The entries of one side of a diff, in kind order. */
export function diffEntries(diff: PermissionDiff, side: 'added' | 'removed'): PermissionEntry[] {
  return entriesOf({ public: false, ...diff[side] });
}

/** The confirmation asked before anything is made public: the one the Make Public… command asks, from the panel's model. */
export function publicConfirmation(model: PermissionsModel): ConfirmText {
  const { imageId, region, profile } = model.ref;
  return confirmPublicText({ imageId, ...(model.title !== imageId ? { name: model.title } : {}) }, region, model.ownerId, model.keyWarnings, profile);
}

// ---- the outcome, for the page ----

/** What the page shows after Apply. */
export interface ApplyResult {
  status: 'applied' | 'partial' | 'notVisible' | 'cancelled' | 'refused' | 'failed';
  message: string;
  details: string[];
}

/** The write's outcome as the write wrapper reports it (src/data/imageWrites.ts), only what the text needs. */
export interface OutcomeFacts {
  /** The change announced (then every view re-reads through the change flow); undefined when none was. */
  readonly change?: unknown;
  readonly notYetVisible?: string;
  readonly permissions?: LaunchPermissionState;
  readonly snapshots: readonly { snapshotId: string; added: readonly string[]; removed: readonly string[]; failed: readonly { operation: 'add' | 'remove'; accountIds: readonly string[]; error: { message: string } }[] }[];
  readonly notMirrored: readonly string[];
  readonly partialFailure?: string;
}

/** "public; 2 accounts: …; 1 organization: …" — the re-read state in one line. */
export function describeState(state: LaunchPermissionState): string {
  const parts: string[] = [state.public ? 'public' : 'not public'];
  if (state.accounts.length) parts.push(`accounts ${state.accounts.join(', ')}`);
  if (state.orgArns.length) parts.push(`organizations ${state.orgArns.join(', ')}`);
  if (state.ouArns.length) parts.push(`OUs ${state.ouArns.join(', ')}`);
  if (parts.length === 1) parts.push('shared with no one');
  return parts.join('; ');
}

export function describeOutcome(imageId: string, outcome: OutcomeFacts): ApplyResult {
  const details: string[] = [];
  if (outcome.permissions) details.push(`Launch permissions of ${imageId} as re-read: ${describeState(outcome.permissions)}.`);
  for (const s of outcome.snapshots) {
    const did = [s.added.length ? `added ${s.added.join(', ')}` : '', s.removed.length ? `removed ${s.removed.join(', ')}` : ''].filter((x) => x);
    const failed = s.failed.map((f) => `${f.operation === 'add' ? 'adding' : 'removing'} ${f.accountIds.join(', ')} failed: ${f.error.message.replace(/\.$/, '')}`);
    details.push(`Snapshot ${s.snapshotId}: ${[...did, ...failed].join('; ') || 'unchanged'}.`);
  }
  details.push(...outcome.notMirrored);
  if (outcome.partialFailure) return { status: 'partial', message: outcome.partialFailure, details };
  if (outcome.notYetVisible) return { status: 'notVisible', message: `Not yet visible: ${outcome.notYetVisible}`, details };
  return { status: 'applied', message: `Applied: the launch permissions of ${imageId} were changed.`, details };
}
