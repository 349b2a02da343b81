/**
 * Edit Launch Permissions…: opens (or reveals) the launch-permissions panel of an image I own;
 * resolves with the model shown once loaded. From the tree (owned images only), from the details
 * panel's permissions section, or from the palette through the image picker.
 */
import type { PermissionsModel } from '../../model/permissionsEditor';
import { PermissionsPanel } from '../../webviews/permissions/permissionsPanel';
import { defineCommand } from '../command';
import { COMMAND_IDS } from '../ids';
import { resolveImage } from '../selection';

export default defineCommand({
  id: COMMAND_IDS.editLaunchPermissions,
  title: 'Edit Launch Permissions',
  async run(ctx, node?: unknown): Promise<PermissionsModel | undefined> {
    const target = await resolveImage(ctx, node, { pickTitle: 'Edit Launch Permissions' });
    if (!target) return undefined;
    return PermissionsPanel.show(ctx.permissions, target.ref, target.image).whenLoaded();
  },
});
