/**
 * What the launch panel needs from the rest of the extension, built once at activation: the
 * launch flow of an image (createLaunchData, src/data/launch.ts), the dialogs shared with Quick
 * Launch (src/ui/launch.ts: creating a key pair, reading a user data file, the cancellable
 * progress around a launch, the outcome as a notification, known key files), the clipboard and
 * the external browser.
 */
import * as vscode from 'vscode';
import { createLaunchData } from '../../data/launch';
import type { ExtensionServices } from '../../services';
import { createKeyPairInteractively, keyFileFor, launchWithProgress, pickUserDataFile, showLaunchOutcome } from '../../ui/launch';
import type { LaunchPanelHost } from './launchPanel';

export function createLaunchHost(services: ExtensionServices): LaunchPanelHost {
  return {
    extensionUri: services.context.extensionUri,
    log: services.log,
    onDidChangeImage: services.onDidChangeImage,
    data: (ref) => createLaunchData(services, ref),
    createKeyPair: (data, image, suggestedName) => createKeyPairInteractively(services, data, image, suggestedName),
    pickUserDataFile: async () => {
      const picked = await pickUserDataFile(services);
      if (!picked.ok) return picked;
      if (!picked.value) return { ok: true, value: undefined };
      return { ok: true, value: { file: vscode.workspace.asRelativePath(picked.value.file), text: picked.value.text } };
    },
    launchWithProgress: (data, form) => launchWithProgress(data, form),
    showOutcome: (data, image, form, outcome) => showLaunchOutcome(services, data, image, form, outcome),
    keyFileFor: (profile, region, keyName) => keyFileFor(services, profile, region, keyName),
    copy: (text) => vscode.env.clipboard.writeText(text),
    // The panel passes only URLs it built (console) or checked (Marketplace, https://aws.amazon.com/marketplace/…).
    openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)),
  };
}
