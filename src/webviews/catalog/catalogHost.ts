/**
 * What the catalog panel needs from the rest of the extension, built once at activation: the
 * profiles and regions to offer (the tree's profiles; the configured regions, else the enabled
 * ones), the service layer's catalog reads, Inspect and Launch… through their commands (so a
 * failure shows like any other), and the clipboard.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../commands/ids';
import type { ExtensionServices } from '../../services';
import type { CatalogPanelHost } from './catalogPanel';

export function createCatalogHost(services: ExtensionServices): CatalogPanelHost {
  return {
    extensionUri: services.context.extensionUri,
    log: services.log,
    choices: async (profile, signal) => {
      const regions = await services.aws().listRegions(profile, signal);
      if (!regions.ok) services.log.warn(`AMI Catalog: could not list the regions of ${profile ?? 'the default profile'}; offering the one shown.`);
      return { profiles: services.settings().profiles, regions: regions.ok ? regions.value.map((r) => r.name) : [] };
    },
    catalog: (profile) => services.aws().catalog(profile),
    inspect: (ref) => vscode.commands.executeCommand(COMMAND_IDS.inspect, ref),
    launch: (ref) => vscode.commands.executeCommand(COMMAND_IDS.launchInstance, ref),
    copy: (text) => vscode.env.clipboard.writeText(text),
  };
}
