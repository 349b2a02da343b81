/**
 * What the details panel needs from the rest of the extension, built once at activation: its
 * loader (src/data/inspectData.ts) and the actions it offers, run through the commands so a
 * failure is shown like any other.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../commands/ids';
import { loadDetails } from '../../data/inspectData';
import type { ExtensionServices } from '../../services';
import { Keys } from '../../config';
import type { DetailsPanelHost } from './detailsPanel';

export function createDetailsHost(services: ExtensionServices): DetailsPanelHost {
  return {
    extensionUri: services.context.extensionUri,
    log: services.log,
    load: (ref, signal, image) => loadDetails(services, ref, signal, image),
    openJson: (ref) => vscode.commands.executeCommand(COMMAND_IDS.openJson, ref),
    copyAs: (ref) => vscode.commands.executeCommand(COMMAND_IDS.copyAs, ref),
    inspect: (ref) => vscode.commands.executeCommand(COMMAND_IDS.inspect, ref),
    editPermissions: (ref) => vscode.commands.executeCommand(COMMAND_IDS.editLaunchPermissions, ref),
    launch: (ref) => vscode.commands.executeCommand(COMMAND_IDS.launchInstance, ref),
    copyToRegion: (ref) => vscode.commands.executeCommand(COMMAND_IDS.copyToRegion, ref),
    lifecycle: (ref, action) => vscode.commands.executeCommand(COMMAND_IDS[action], ref),
    // usage (wt/bin)
    findUsage: (ref) => vscode.commands.executeCommand(COMMAND_IDS.findUsage, ref),
    whoUsesIt: (ref) => vscode.commands.executeCommand(COMMAND_IDS.whoUsesIt, ref),
    // tags: the same commands as the tree's, with the panel's ref (and the row's key)
    addTag: (ref) => vscode.commands.executeCommand(COMMAND_IDS.addTag, ref),
    editTag: (ref, tagKey) => vscode.commands.executeCommand(COMMAND_IDS.editTag, ref, { tagKey }),
    removeTag: (ref, tagKey) => vscode.commands.executeCommand(COMMAND_IDS.removeTag, ref, { tagKey }),
    onDidChangeImage: services.onDidChangeImage,
    // hygiene (#11)
    hygieneMarks: () => services.settings().hygieneMarks,
    onDidChangeHygieneMarks: (listener, thisArgs, disposables) =>
      services.onDidChangeSettings((change) => {
        if (change.affects(Keys.hygieneMarks)) listener.call(thisArgs, undefined);
      }, undefined, disposables),
  };
}
