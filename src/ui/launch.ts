/**
 * The launch flow's dialogs and notifications, shared by the launch panel and Quick Launch:
 * creating a key pair and saving its private key (mode 0600, never logged or kept elsewhere),
 * reading user data from a workspace file (16 KB of raw bytes at most), the cancellable progress
 * notification around LaunchData.launch, and the actions offered on launched instances.
 *
 * CONTRACT (issue #9): signatures used by the panel host and the Quick Launch command.
 */
import type * as vscode from 'vscode';
import type { LaunchData, LaunchOutcome } from '../data/launch';
import type { AmiImage } from '../model/image';
import type { LaunchForm } from '../model/launch';
import type { Result } from '../model/result';
import type { ExtensionServices } from '../services';

/** A key pair created and saved: the file the private key was written to. */
export interface SavedKeyPair {
  keyName: string;
  keyFile: string;
}

const todo = (what: string): never => {
  throw new Error(`launch ui: ${what} is not implemented yet`);
};

/**
 * Asks for a key pair name (suggested: `suggestedName`) and a file to save the private key to,
 * then CreateKeyPair (ED25519, RSA for Windows images) and writes the key with mode 0600.
 * Undefined when the person cancelled a dialog (nothing is created then).
 */
export async function createKeyPairInteractively(services: ExtensionServices, data: LaunchData, image: AmiImage, suggestedName?: string): Promise<Result<SavedKeyPair | undefined>> {
  return todo(`createKeyPairInteractively(${services.settings().profiles.length}, ${data.ref.imageId}, ${image.imageId}, ${suggestedName})`);
}

/** The file a key pair's private key was saved to from this extension, when known. */
export function keyFileFor(services: ExtensionServices, profile: string | undefined, region: string, keyName: string): string | undefined {
  return todo(`keyFileFor(${services.settings().profiles.length}, ${profile}, ${region}, ${keyName})`);
}

/**
 * Picks a user data file (workspace files first, or a file dialog) and reads it: refused with a
 * message when it holds more than 16 KB of raw bytes or is not UTF-8 text. Undefined = cancelled.
 */
export async function pickUserDataFile(services: ExtensionServices): Promise<Result<{ file: vscode.Uri; text: string } | undefined>> {
  return todo(`pickUserDataFile(${services.settings().profiles.length})`);
}

/**
 * LaunchData.launch inside a cancellable progress notification (cancelling stops waiting only,
 * and says so); the outcome is returned for the caller to show.
 */
export async function launchWithProgress(data: LaunchData, form: LaunchForm): Promise<LaunchOutcome> {
  return todo(`launchWithProgress(${data.ref.imageId}, ${form.instanceType})`);
}

/**
 * A notification for an outcome (Quick Launch shows it; the panel shows its own results): the
 * instance ids, with Copy Instance Ids, Copy SSH Command (Linux images) and Open in AWS Console.
 */
export async function showLaunchOutcome(services: ExtensionServices, data: LaunchData, image: AmiImage, form: LaunchForm, outcome: LaunchOutcome): Promise<void> {
  return todo(`showLaunchOutcome(${services.settings().profiles.length}, ${data.ref.imageId}, ${image.imageId}, ${form.instanceType}, ${outcome.kind})`);
}
