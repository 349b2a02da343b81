/**
 * What every command handler receives first: the services, the tree, the write wrapper and the
 * inspect features it may open. Its own file, imported type-only, so no command module and the
 * registration path import each other.
 */
import type { ImageWrites } from '../data/imageWrites';
import type { ImageJsonProvider } from '../documents/imageJsonProvider';
import type { ExtensionServices } from '../services';
import type { AmiTree } from '../tree/registerTree';
import type { DetailsPanelHost } from '../webviews/details/detailsPanel';
import type { LaunchPanelHost } from '../webviews/launch/launchPanel';
import type { PermissionsPanelHost } from '../webviews/permissions/permissionsPanel';
// catalog (issue #11)
import type { CatalogPanelHost } from '../webviews/catalog/catalogPanel';

export interface CommandContext {
  readonly services: ExtensionServices;
  readonly tree: AmiTree;
  /** Every write goes through it, so each one announces its change. */
  readonly writes: ImageWrites;
  /** The JSON documents of images (amiexplorer-json:). */
  readonly documents: ImageJsonProvider;
  /** What the details panel needs from the extension. */
  readonly details: DetailsPanelHost;
  /** What the launch-permissions panel needs from the extension. */
  readonly permissions: PermissionsPanelHost;
  /** What the launch panel needs from the extension. */
  readonly launch: LaunchPanelHost;
  // catalog (issue #11): what the AMI Catalog panel needs from the extension.
  readonly catalog: CatalogPanelHost;
}
