/**
 * Messages of the "Inspect AMI" panel, imported by the host (detailsPanel.ts) and the page
 * (ui/main.ts). The page never talks to AWS: it asks the host, which validates each message.
 */
import type { DetailsModel, ImageLink } from '../../model/details';
import type { AmiRef } from '../../model/image';
import { exactObject, isAmiRef, isEmptyObject, isImageId, isRecord, isRegionName, isString, oneOf, type Guard } from '../guards';
import { definePanelProtocol } from '../panelProtocol';
import { defineCommand, defineRequest } from '../protocol';

export { DETAILS_VIEW_TYPE } from '../viewTypes';

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

// ---- the panel base's messages: ready, state, loading, error, gone ----

/**
 * `Ready`: the page has loaded (`hasState`: it shows a model it kept). The host answers with the
 * image shown and its model, or the first load's error, or that a load is under way.
 */
export const DetailsProtocol = definePanelProtocol('details', isAmiRef, isDetailsModel);

// ---- webview → host ----

/** Copies the image id to the clipboard; answers with what was copied. */
export const CopyIdRequest = defineRequest('details/copyId', isEmptyObject, exactObject({ copied: isString }));

export const RefreshCommand = defineCommand('details/refresh', isEmptyObject);
export const OpenJsonCommand = defineCommand('details/openJson', isEmptyObject);
export const CopyAsCommand = defineCommand('details/copyAs', isEmptyObject);
/** Opens another image's details; the host opens it only if the model links to it. */
export const OpenImageCommand = defineCommand('details/openImage', isImageLink);
/** Opens the launch-permissions editor of the image shown; the host allows it only when it read the permissions (owner). */
export const EditPermissionsCommand = defineCommand('details/editPermissions', isEmptyObject);
/** Opens the launch panel of the image shown (not for an image that is gone). */
export const LaunchCommand = defineCommand('details/launch', isEmptyObject);
/** Copy to Region… for the image shown (the host allows it for an available image that is not gone). */
export const CopyToRegionCommand = defineCommand('details/copyToRegion', isEmptyObject);
// usage (wt/bin): the host allows them only for an image it read as the owner, and that is not gone
/** Find Usage for the image shown. */
export const FindUsageCommand = defineCommand('details/findUsage', isEmptyObject);
/** Who Uses It for the image shown (an image I share). */
export const WhoUsesItCommand = defineCommand('details/whoUsesIt', isEmptyObject);

// lifecycle (#10): the owner's retire actions, each run through its command with the panel's image.
export const LIFECYCLE_ACTIONS = ['deregister', 'enableDeregistrationProtection', 'disableDeregistrationProtection', 'deprecate', 'cancelDeprecation', 'disable', 'enable'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];
/** Runs a lifecycle action on the image shown; the host allows it only for the owner, an image not gone, and a state it applies to. */
export const LifecycleCommand = defineCommand('details/lifecycle', exactObject({ action: oneOf(LIFECYCLE_ACTIONS) }));
// tags: Add / Edit / Remove from the tags section (owner only; the host checks the key is shown)
/** A tag key as the page shows it (escapes make it longer than EC2's 128 characters). */
export const isShownTagKey: Guard<string> = (v): v is string => isString(v) && v.length > 0 && v.length <= 2048;
/** Add Tag… for the image shown. */
export const AddTagCommand = defineCommand('details/addTag', isEmptyObject);
/** Edit Tag… for the tag row `key` (as shown). */
export const EditTagCommand = defineCommand('details/editTag', exactObject({ key: isShownTagKey }));
/** Remove Tag… with the tag row `key` (as shown) ticked. */
export const RemoveTagCommand = defineCommand('details/removeTag', exactObject({ key: isShownTagKey }));
