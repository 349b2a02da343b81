/**
 * Composition root, in two steps. activate() itself creates the Images view over a delegating
 * provider (all the first paint needs) and returns; in the host's next turn, before the activation
 * resolves, src/registrations.ts (its own bundle, dist/registrations.js) adds the services and a
 * thin stub for everything else (every command id, the panels' serializers, the image JSON
 * scheme). VS Code runs a command, or revives a panel, once the activation its event started has
 * resolved, so none can arrive before its stub. The first use of a stub loads the features bundle
 * (dist/features.js); the view's first fetch also loads the service layer (the SDK). The activation
 * loads neither: `loadedByActivation` in the API it resolves to says what it had loaded.
 */
import type * as vscode from 'vscode';
import type { AmiExplorerApi } from './api';
import type { Registrations } from './registrations';
import { loadRegistrations } from './registrationsLoader';
import { registerTreeView } from './tree/registerTree';

export type { AmiExplorerApi } from './api';

export function activate(context: vscode.ExtensionContext): Promise<AmiExplorerApi> {
  let rest: Registrations | undefined;
  const registrations = (): Registrations => (rest ??= loadRegistrations().register(context, tree));
  // The first paint needs only the view; its first fetch (a later turn) loads the features.
  const tree = registerTreeView(
    context,
    () => registrations().services,
    () => registrations().features(),
  );
  // Meanwhile the host is free for whatever is queued (the view's first fetch, if it is already asked).
  return new Promise((resolve) => setImmediate(() => resolve(registrations().api)));
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
