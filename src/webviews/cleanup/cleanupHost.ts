/**
 * What the clean-up report panel needs from the rest of the extension, built by the command: the
 * reads (src/data/cleanup.ts) under a cancellable progress notification, the report (pure model),
 * the caller's account for the confirmation, VS Code's modal, ImageWrites' deregister with
 * snapshots, and the save dialog with vscode.workspace.fs for the CSV.
 */
import * as vscode from 'vscode';
import { readCleanupData } from '../../data/cleanup';
import type { ImageWrites } from '../../data/imageWrites';
import { buildReport, parseCleanupSettings } from '../../model/cleanup';
import { fail, ok } from '../../model/result';
import { notificationText } from '../../model/text';
import type { ExtensionServices } from '../../services';
import { errorMessage } from '../../util/log';
import type { CleanupPanelHost } from './cleanupPanel';

/** `amiExplorer.cleanup.*` */
export function cleanupSettings(): ReturnType<typeof parseCleanupSettings> {
  const config = vscode.workspace.getConfiguration('amiExplorer.cleanup');
  return parseCleanupSettings((key) => config.get(key));
}

function progress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (p, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal, (message) => p.report({ message })).finally(() => sub.dispose());
  });
}

export function createCleanupHost(services: ExtensionServices, writes: ImageWrites): CleanupPanelHost {
  return {
    extensionUri: services.context.extensionUri,
    log: services.log,
    onDidChangeImage: services.onDidChangeImage,
    read: async (key, signal) =>
      await progress(`Finding unused AMIs in ${key.regions.length === 1 ? key.regions[0] : `${key.regions.length} regions`}…`, async (cancel, report) => {
        // Either the panel (a newer load, disposal) or the notification's Cancel stops the reads.
        const controller = new AbortController();
        const stop = (): void => controller.abort();
        signal.addEventListener('abort', stop, { once: true });
        cancel.addEventListener('abort', stop, { once: true });
        try {
          const read = await readCleanupData(
            services,
            { profile: key.profile, regions: key.regions, concurrency: services.settings().maxConcurrentRegions, onProgress: report },
            controller.signal,
          );
          if (!read.ok) return read;
          return ok(buildReport({ ...(key.profile !== undefined ? { profile: key.profile } : {}), reads: read.value, rule: key.family, settings: cleanupSettings(), now: new Date() }));
        } finally {
          signal.removeEventListener('abort', stop);
          cancel.removeEventListener('abort', stop);
        }
      }),
    accountId: async (profile) => {
      const creds = await services.aws().checkCredentials(profile);
      return creds.ok ? creds.value.accountId : undefined;
    },
    confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
    progress,
    deregister: (ref) => writes.deregister(ref, { deleteSnapshots: true }),
    saveCsv: async (defaultName, text) => {
      const base = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        title: 'Export Unused AMIs as CSV',
        filters: { CSV: ['csv'] },
        ...(base ? { defaultUri: vscode.Uri.joinPath(base, defaultName) } : {}),
        saveLabel: 'Export',
      });
      if (!uri) return undefined;
      try {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        return ok(uri.fsPath || uri.toString());
      } catch (err) {
        return fail({ kind: 'unknown', message: errorMessage(err) });
      }
    },
    notify: (level, text) => {
      const shown = notificationText(text);
      if (level === 'warning') void vscode.window.showWarningMessage(shown);
      else void vscode.window.showInformationMessage(shown);
    },
  };
}
