/**
 * Messages of the "Inspect AMI" panel, imported by the host (detailsPanel.ts) and the page
 * (ui/main.ts). The page never talks to AWS: it asks the host, which validates each message.
 */
import type { DetailsModel, ImageLink } from '../../model/details';
import type { AmiRef } from '../../model/image';
import { exactObject, isAmiRef, isBoolean, isEmptyObject, isImageId, isRecord, isRegionName, isString, oneOf, optional, type Guard } from '../guards';
import { defineCommand, defineNotification, defineRequest } from '../protocol';

export const DETAILS_VIEW_TYPE = 'amiExplorer.details';

/** Enough of a DetailsModel to render it; the model comes from our own host. */
export const isDetailsModel: Guard<DetailsModel> = (v): v is DetailsModel =>
  isRecord(v) &&
  v.version === 1 &&
  isString(v.key) &&
  isAmiRef(v.ref) &&
  isRecord(v.header) &&
  Array.isArray(v.facts) &&
  Array.isArray(v.volumes) &&
  Array.isArray(v.tags) &&
  isRecord(v.snapshots) &&
  isRecord(v.permissions) &&
  isRecord(v.ancestry) &&
  Array.isArray(v.links);

/** A link to another image, as the model lists it and the page sends it back. */
export const isImageLink: Guard<ImageLink> = exactObject({ imageId: isImageId, region: isRegionName });

/** What the page keeps with setState, and what a window reload hands back to the serializer. */
export interface DetailsState {
  version: 1;
  ref: AmiRef;
  model?: DetailsModel;
}

/** Checked strictly on the host side, where a restored state picks the image to show. */
export const isDetailsState: Guard<DetailsState> = (v): v is DetailsState =>
  isRecord(v) && v.version === 1 && isAmiRef(v.ref) && (v.model === undefined || isDetailsModel(v.model));

// ---- webview → host ----

/**
 * The page has loaded. `hasState`: it already shows a model it kept. The host answers with the
 * image shown and its cached model if it has one; otherwise it loads (unless the page has a
 * state) and notifies.
 */
export const ReadyRequest = defineRequest(
  'details/ready',
  exactObject({ hasState: isBoolean }),
  exactObject({ ref: isAmiRef, model: optional(isDetailsModel), loading: isBoolean }),
);

/** Copies the image id to the clipboard; answers with what was copied. */
export const CopyIdRequest = defineRequest('details/copyId', isEmptyObject, exactObject({ copied: isString }));

export const RefreshCommand = defineCommand('details/refresh', isEmptyObject);
export const OpenJsonCommand = defineCommand('details/openJson', isEmptyObject);
export const CopyAsCommand = defineCommand('details/copyAs', isEmptyObject);
/** Opens another image's details; the host opens it only if the model links to it. */
export const OpenImageCommand = defineCommand('details/openImage', isImageLink);

// ---- host → webview ----

export const StateNotification = defineNotification('details/state', exactObject({ model: isDetailsModel }));
export const LoadingNotification = defineNotification('details/loading', exactObject({ loading: isBoolean }));
export const ErrorNotification = defineNotification(
  'details/error',
  exactObject({ message: isString, kind: optional(oneOf(['notFound', 'accessDenied', 'other'] as const)) }),
);
