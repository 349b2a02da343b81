/**
 * Messages of the "Edit Launch Permissions" panel, imported by the host (permissionsPanel.ts) and
 * the page (ui/main.ts). The page never talks to AWS and is never trusted: the host checks each
 * message's shape here and its content against its own model (checkApply) before acting.
 */
import type { AmiRef } from '../../model/image';
import type { ApplyRequest, ApplyResult, PendingEdit, PermissionsModel } from '../../model/permissionsEditor';
import type { PermissionEntry } from '../../model/launchPermissions';
import { arrayOf, exactObject, isAmiRef, isBoolean, isEmptyObject, isRecord, isString, matching, oneOf, optional, type Guard } from '../guards';
import { definePanelProtocol } from '../panelProtocol';
import { defineCommand, defineRequest } from '../protocol';

export { PERMISSIONS_VIEW_TYPE } from '../viewTypes';

/** Most entries one Apply may carry (EC2 takes far fewer per call; this bounds the message). */
export const MAX_ENTRIES = 1000;

/** One entry as sent: its kind and a bounded, single-line value (its pattern is checked by the host). */
export const isPermissionEntry: Guard<PermissionEntry> = exactObject({
  kind: oneOf(['account', 'organization', 'organizationalUnit'] as const),
  value: matching(/^[^\s]{1,256}$/, 256),
});

/** Enough of a PermissionsModel to render it; the model comes from our own host. */
export const isPermissionsModel: Guard<PermissionsModel> = (v): v is PermissionsModel =>
  isRecord(v) &&
  v.version === 1 &&
  isAmiRef(v.ref) &&
  isString(v.title) &&
  isRecord(v.state) &&
  Array.isArray(v.state.accounts) &&
  Array.isArray(v.state.orgArns) &&
  Array.isArray(v.state.ouArns) &&
  isBoolean(v.state.public) &&
  Array.isArray(v.snapshots) &&
  isRecord(v.publicSharing) &&
  Array.isArray(v.publicSharing.refusals) &&
  Array.isArray(v.keyWarnings) &&
  isString(v.fetchedAt);

/** The pending edit the page keeps (setState); checked when the page reads it back. */
export const isPendingEdit: Guard<PendingEdit> = exactObject({
  add: arrayOf(isPermissionEntry, MAX_ENTRIES),
  remove: arrayOf(isPermissionEntry, MAX_ENTRIES),
  public: optional(isBoolean),
  mirror: isBoolean,
}) as Guard<PendingEdit>;

/** What the page keeps with setState, and what a window reload hands back to the serializer. */
export interface PermissionsState {
  version: 1;
  ref: AmiRef;
  model?: PermissionsModel;
  edit?: PendingEdit;
  text?: string;
}

/** Checked on the host side, where a restored state picks the image to show. */
export const isPermissionsState: Guard<PermissionsState> = (v): v is PermissionsState =>
  isRecord(v) && v.version === 1 && isAmiRef(v.ref) && (v.model === undefined || isPermissionsModel(v.model));

// ---- the panel base's messages: ready, state, loading, error, gone ----

export const PermissionsProtocol = definePanelProtocol('permissions', isAmiRef, isPermissionsModel);

// ---- webview → host ----

export const isApplyRequest: Guard<ApplyRequest> = exactObject({
  add: arrayOf(matching(/^[^\s,;]{1,256}$/, 256), MAX_ENTRIES),
  remove: arrayOf(isPermissionEntry, MAX_ENTRIES),
  public: optional(oneOf(['add', 'remove'] as const)),
  mirror: isBoolean,
}) as Guard<ApplyRequest>;

export const isApplyResult: Guard<ApplyResult> = exactObject({
  status: oneOf(['applied', 'partial', 'notVisible', 'cancelled', 'refused', 'failed'] as const),
  message: isString,
  details: arrayOf(isString, 1000),
});

/** Applies the pending change; the host checks it, confirms making public, writes, and answers with the outcome. */
export const ApplyRequestType = defineRequest('permissions/apply', isApplyRequest, isApplyResult);

/** "Copy from another AMI…": the host picks an image and answers with its entries (none when cancelled). */
export const CopyFromRequest = defineRequest(
  'permissions/copyFrom',
  isEmptyObject,
  exactObject({ entries: arrayOf(isPermissionEntry, MAX_ENTRIES), message: optional(isString) }),
);

export const RefreshCommand = defineCommand('permissions/refresh', isEmptyObject);
