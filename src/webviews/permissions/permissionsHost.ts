/**
 * What the launch-permissions panel needs from the rest of the extension, built once at
 * activation: its loader (src/data/permissionsData.ts), the write wrapper, the image picker for
 * "Copy from another AMI…", and VS Code's modal confirmation.
 */
import * as vscode from 'vscode';
import type { ImageWrites } from '../../data/imageWrites';
import { loadEntriesOf, loadPermissions } from '../../data/permissionsData';
import { describePublicSharingBlock } from '../../model/launchPermissions';
import { ok } from '../../model/result';
import type { ExtensionServices } from '../../services';
import { pickImage } from '../../ui/pickImage';
import type { PermissionsPanelHost } from './permissionsPanel';

export function createPermissionsHost(services: ExtensionServices, writes: ImageWrites): PermissionsPanelHost {
  return {
    extensionUri: services.context.extensionUri,
    log: services.log,
    load: (ref, signal, image) => loadPermissions(services, ref, signal, image),
    publicBlocked: async (ref) => {
      const bpa = await services.aws().images(ref.profile).getImageBlockPublicAccessState(ref.region);
      // Not readable: EC2 itself refuses the change if public sharing is blocked.
      return bpa.ok ? describePublicSharingBlock(bpa.value, ref.region, ref.profile) : undefined;
    },
    confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
    apply: (ref, diff, mirrorTo) => writes.applyPermissionDiff(ref, diff, mirrorTo.length ? { mirrorToSnapshots: mirrorTo } : {}),
    copyFrom: async () => {
      const source = await pickImage(services, 'Copy Launch Permissions From');
      if (!source) return undefined;
      const read = await loadEntriesOf(services, source);
      if (!read.ok) return read;
      return ok({ source, entries: read.value.entries, public: read.value.state.public });
    },
    onDidChangeImage: services.onDidChangeImage,
  };
}
