/**
 * The launch flow's dialogs and notifications, shared by the launch panel and Quick Launch:
 * creating a key pair and saving its private key (mode 0600, never logged or kept elsewhere),
 * reading user data from a workspace file (16 KB of raw bytes at most), the cancellable progress
 * notification around LaunchData.launch, and the actions offered on launched instances.
 *
 * CONTRACT (issue #9): signatures used by the panel host and the Quick Launch command.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LaunchData, LaunchOutcome } from '../data/launch';
import type { AmiImage } from '../model/image';
import {
  guessedKeyFile,
  guessedKeyFileText,
  instanceConsoleUrl,
  keyPairNameProblem,
  keyTypeFor,
  shellQuote,
  sshCommand,
  sshUser,
  USER_DATA_MAX_BYTES,
  userDataSizeProblem,
  type FieldProblem,
  type InstanceInfo,
  type LaunchField,
  type LaunchForm,
} from '../model/launch';
import { describeFailure, fail, ok, type Result } from '../model/result';
import { notificationText, pickText } from '../model/text';
import type { ExtensionServices } from '../services';
import { errorMessage } from '../util/log';

/** A key pair created and saved: the file the private key was written to. */
export interface SavedKeyPair {
  keyName: string;
  keyFile: string;
}

/** globalState: (profile, region, key name) → the file its private key was saved to (paths only). */
const KEY_FILES_STATE = 'amiExplorer.launch.keyFiles';

function keyFileKey(profile: string | undefined, region: string, keyName: string): string {
  return JSON.stringify([profile ?? '', region, keyName]);
}

/** `<image name or id>-key`, with what EC2 would refuse replaced (letters, digits, `.`, `_`, `-` kept). */
export function suggestedKeyName(image: Pick<AmiImage, 'imageId' | 'name'>): string {
  const base = (image.name ?? '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 200);
  return `${base || image.imageId}-key`;
}

/** "aws ec2 delete-key-pair --key-name 'x' --region r [--profile p]", quoted as the model quotes for a shell. */
export function deleteKeyPairCommand(keyName: string, region: string, profile: string | undefined): string {
  return `aws ec2 delete-key-pair --key-name ${shellQuote(keyName)} --region ${shellQuote(region)}${profile ? ` --profile ${shellQuote(profile)}` : ''}`;
}

/**
 * Asks for a key pair name (suggested: `suggestedName`) and a file to save the private key to,
 * then CreateKeyPair (ED25519, RSA for Windows images) and writes the key with mode 0600.
 * Undefined when the person cancelled a dialog (nothing is created then).
 */
export async function createKeyPairInteractively(services: ExtensionServices, data: LaunchData, image: AmiImage, suggestedName?: string): Promise<Result<SavedKeyPair | undefined>> {
  const { region, profile } = data.ref;
  const entered = await vscode.window.showInputBox({
    title: 'Create Key Pair: name',
    prompt: `A name for the new key pair in ${region}${profile ? ` (profile ${profile})` : ''}`,
    value: suggestedName ?? suggestedKeyName(image),
    ignoreFocusOut: true,
    validateInput: (value) => keyPairNameProblem(value.trim()),
  });
  if (entered === undefined) return ok(undefined);
  const keyName = entered.trim();
  const problem = keyPairNameProblem(keyName);
  if (problem) return fail({ kind: 'invalidInput', message: `${problem} Nothing was created.`, region });

  const target = await vscode.window.showSaveDialog({
    title: `Save the private key of ${keyName}`,
    saveLabel: 'Save Private Key',
    defaultUri: vscode.Uri.file(path.join(homedir(), '.ssh', `${keyName}.pem`)),
    filters: { 'Private key': ['pem'], 'All files': ['*'] },
  });
  if (!target) return ok(undefined);
  if (target.scheme !== 'file') {
    return fail({ kind: 'invalidInput', message: `${NOT_LOCAL} (${target.scheme}:). Nothing was created.`, nextStep: 'Choose a file on this computer.', region });
  }
  const keyFile = target.fsPath;

  const created = await data.createKeyPair(keyName, keyTypeFor(image));
  if (!created.ok) return created;
  try {
    await writePrivateKey(target, created.value.keyMaterial);
  } catch (err) {
    const message =
      `Key pair ${keyName} was created in EC2, but its private key could not be saved to ${keyFile} (${errorMessage(err)}): ` +
      'the private key is lost and cannot be downloaded again.';
    services.log.error(message);
    return fail({ kind: 'unknown', message, nextStep: `Delete the key pair with \`${deleteKeyPairCommand(keyName, region, profile)}\` and create another.`, region });
  }
  const state = services.context.globalState;
  const files = { ...(state.get<Record<string, string>>(KEY_FILES_STATE) ?? {}), [keyFileKey(profile, region, keyName)]: keyFile };
  await state.update(KEY_FILES_STATE, files);
  services.log.info(`Created key pair ${keyName} (${created.value.keyType}) in ${region}; private key saved to ${keyFile} with mode 0600.`);
  return ok({ keyName, keyFile });
}

const NOT_LOCAL = 'A private key is saved only to a file on this computer, not to a remote or virtual location';

/**
 * Writes a private key to a local file with mode 0600, never readable by others even for a moment:
 * a new file in the same folder (created exclusively, mode 0600) is renamed over the target. A
 * file already there is replaced whatever its mode; a symbolic link there is replaced itself (its
 * target is left alone). Refuses a URI that is not a local file.
 */
export async function writePrivateKey(target: Pick<vscode.Uri, 'scheme' | 'fsPath'>, material: string): Promise<void> {
  if (target.scheme !== 'file') throw new Error(`${NOT_LOCAL} (${target.scheme}:)`);
  const file = target.fsPath;
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.chmod(0o600); // whatever the umask left
      await handle.writeFile(material);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** The file a key pair's private key was saved to from this extension, when known. */
export function keyFileFor(services: ExtensionServices, profile: string | undefined, region: string, keyName: string): string | undefined {
  const files = services.context.globalState.get<Record<string, unknown>>(KEY_FILES_STATE);
  const file = files?.[keyFileKey(profile, region, keyName)];
  return typeof file === 'string' ? file : undefined;
}

/** Workspace files offered as user data (the rest is reachable through Browse…). */
const USER_DATA_FILES_MAX = 200;
const BROWSE = 'Browse…';

/**
 * Picks a user data file (workspace files first, or a file dialog) and reads it: refused with a
 * message when it holds more than 16 KB of raw bytes or is not UTF-8 text. Undefined = cancelled.
 */
export async function pickUserDataFile(services: ExtensionServices): Promise<Result<{ file: vscode.Uri; text: string } | undefined>> {
  const files = vscode.workspace.workspaceFolders?.length ? await vscode.workspace.findFiles('**/*', '{**/node_modules/**,**/.git/**}', USER_DATA_FILES_MAX) : [];
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = [
    { label: BROWSE, description: 'Choose a file with a dialog', alwaysShow: true },
    ...files.map((uri) => ({ label: pickText(path.basename(uri.fsPath)), description: pickText(vscode.workspace.asRelativePath(uri)), uri })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'User data from a file', placeHolder: `A script or cloud-init file (at most ${USER_DATA_MAX_BYTES / 1024} KB)`, matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) return ok(undefined);
  let file = picked.uri;
  if (!file) {
    const chosen = await vscode.window.showOpenDialog({ title: 'User data from a file', openLabel: 'Use as User Data', canSelectMany: false, canSelectFolders: false });
    file = chosen?.[0];
    if (!file) return ok(undefined);
  }
  const name = vscode.workspace.asRelativePath(file);
  const tooBig = (size: number): string | undefined => {
    const problem = userDataSizeProblem(size, name);
    return problem && `${problem} Nothing was sent.`;
  };
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(file);
    const statProblem = tooBig(stat.size);
    if (statProblem) return fail({ kind: 'invalidInput', message: statProblem });
    bytes = await vscode.workspace.fs.readFile(file);
  } catch (err) {
    return fail({ kind: 'invalidInput', message: `Could not read ${name}: ${errorMessage(err)}` });
  }
  const readProblem = tooBig(bytes.byteLength);
  if (readProblem) return fail({ kind: 'invalidInput', message: readProblem });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail({ kind: 'invalidInput', message: `${name} is not UTF-8 text; user data must be text (a script or cloud-init). Nothing was sent.` });
  }
  services.log.info(`User data read from ${name} (${bytes.byteLength} bytes).`);
  return ok({ file, text });
}

/** What a person reads when they stop waiting for the instances. */
export const STOPPED_WAITING = 'Stopped waiting; the instances keep starting. Nothing was terminated.';

/**
 * LaunchData.launch inside a cancellable progress notification (cancelling stops waiting only,
 * and says so); the outcome is returned for the caller to show.
 */
export async function launchWithProgress(data: LaunchData, form: LaunchForm): Promise<LaunchOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Launching from ${data.ref.imageId}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await data.launch(form, { report: (message) => progress.report({ message }) }, controller.signal);
      } finally {
        sub.dispose();
      }
    },
  );
  if (outcome.kind === 'launched' && outcome.waitCancelled) {
    void vscode.window.showInformationMessage(notificationText(`${STOPPED_WAITING} (${outcome.reservation.instances.map((i) => i.instanceId).join(', ')})`));
  }
  return outcome;
}

const FIELD_LABELS: Record<LaunchField, string> = {
  image: 'image',
  instanceType: 'instance type',
  count: 'count',
  name: 'Name tag',
  tags: 'tags',
  keyName: 'key pair',
  vpc: 'VPC',
  subnet: 'subnet',
  securityGroups: 'security groups',
  publicIp: 'public IP',
  volumes: 'storage',
  imds: 'instance metadata',
  iamInstanceProfile: 'IAM instance profile',
  userData: 'user data',
};

/** The form field's name as a person reads it ("subnet", "key pair"). */
export function fieldLabel(field: LaunchField): string {
  return FIELD_LABELS[field];
}

function problemsText(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${fieldLabel(p.field)}: ${p.message}`).join('; ');
}

/** "i-0abc (running, 203.0.113.7, private 10.0.0.5)" */
function instanceText(i: InstanceInfo): string {
  const facts = [i.state, i.publicIpAddress, i.privateIpAddress ? `private ${i.privateIpAddress}` : undefined].filter((f): f is string => !!f);
  return `${i.instanceId} (${facts.join(', ')})`;
}

/** What a person reads when it is not known whether a launch launched anything. */
export const SAME_FORM_AGAIN = 'Launching the same form again is safe: it reuses this launch’s client token, so EC2 launches it at most once.';

/** The text of an outcome and its level, without actions (also what tests read). */
export function outcomeText(image: Pick<AmiImage, 'imageId'>, outcome: LaunchOutcome): { level: 'info' | 'warning' | 'error'; text: string } {
  switch (outcome.kind) {
    case 'refused': {
      const v = outcome.verdict;
      if (v.kind === 'invalid') return { level: 'error', text: `The launch form has problems (${problemsText(v.problems)}). Nothing was launched.` };
      const at = v.field ? ` (${fieldLabel(v.field)})` : '';
      const market = v.marketplaceUrl ? ` Subscribe to the product on its AWS Marketplace page first: ${v.marketplaceUrl}` : '';
      return { level: 'error', text: `The dry run refused the launch${at}: ${describeFailure(v.failure)}${market} Nothing was launched.` };
    }
    case 'failed': {
      const f = outcome.failure;
      if (outcome.uncertain) {
        // Never "nothing was launched": EC2 may have launched, and the same form again is safe.
        const step = f.nextStep && f.code !== 'ResponseLost' ? ` ${f.nextStep}` : '';
        const what = f.kind === 'cancelled' ? f.message : `Launching from ${image.imageId} failed, and it is not known whether instances were launched: ${f.message}${step}`;
        return { level: f.kind === 'cancelled' ? 'warning' : 'error', text: `${what} ${SAME_FORM_AGAIN}` };
      }
      if (f.kind === 'cancelled') return { level: 'info', text: `Cancelled before launching: nothing was launched from ${image.imageId}.` };
      return { level: 'error', text: `Launching from ${image.imageId} failed: ${describeFailure(f)}` };
    }
    case 'launched': {
      const instances = outcome.reservation.instances;
      const what = `${instances.length === 1 ? 'instance' : `${instances.length} instances`} from ${image.imageId}`;
      const lost = outcome.recovered ? ' The response to RunInstances was lost; the instances were found by the request’s client token (nothing was launched twice).' : '';
      const list = instances.map(instanceText).join(', ');
      if (outcome.waitFailure) return { level: 'warning', text: `Launched ${what}: ${list}, but waiting for them to run failed: ${describeFailure(outcome.waitFailure)}${lost}` };
      if (outcome.running) return { level: 'info', text: `Launched ${what}, running: ${list}.${lost}` };
      return { level: 'info', text: `Launched ${what}, still starting: ${list}.${lost}` };
    }
  }
}

const COPY_IDS = 'Copy Instance Ids';
const COPY_SSH = 'Copy SSH Command';
const OPEN_CONSOLE = 'Open in AWS Console';
const OPEN_MARKETPLACE = 'Open Marketplace Page';

/**
 * A notification for an outcome (Quick Launch shows it; the panel shows its own results): the
 * instance ids, with Copy Instance Ids, Copy SSH Command (Linux images) and Open in AWS Console.
 */
export async function showLaunchOutcome(services: ExtensionServices, data: LaunchData, image: AmiImage, form: LaunchForm, outcome: LaunchOutcome): Promise<void> {
  const { level, text } = outcomeText(image, outcome);
  const shown = notificationText(text);
  const actions: string[] = [];
  let ssh: string | undefined;
  let guessed: string | undefined;
  let marketplace: string | undefined;
  if (outcome.kind === 'launched' && outcome.reservation.instances.length > 0) {
    actions.push(COPY_IDS);
    const user = sshUser(image);
    const first = outcome.reservation.instances[0];
    const address = first?.publicIpAddress ?? first?.publicDnsName ?? first?.privateIpAddress;
    if (user && address) {
      const known = form.keyName ? keyFileFor(services, data.ref.profile, data.ref.region, form.keyName) : undefined;
      if (form.keyName && !known) guessed = guessedKeyFileText(guessedKeyFile(form.keyName), form.keyName);
      const keyFile = known ?? (form.keyName ? guessedKeyFile(form.keyName) : undefined);
      ssh = sshCommand(keyFile, user, address);
      actions.push(COPY_SSH);
    }
    actions.push(OPEN_CONSOLE);
  }
  if (outcome.kind === 'refused' && outcome.verdict.kind === 'refused' && outcome.verdict.marketplaceUrl) {
    marketplace = outcome.verdict.marketplaceUrl;
    actions.push(OPEN_MARKETPLACE);
  }
  const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void Promise.resolve(show(shown, ...actions)).then(async (choice) => {
    if (outcome.kind !== 'launched') {
      if (choice === OPEN_MARKETPLACE && marketplace) await vscode.env.openExternal(vscode.Uri.parse(marketplace, true));
      return;
    }
    const ids = outcome.reservation.instances.map((i) => i.instanceId);
    if (choice === COPY_IDS) {
      await vscode.env.clipboard.writeText(ids.join('\n'));
      vscode.window.setStatusBarMessage(`Copied ${ids.length === 1 ? ids[0] : `${ids.length} instance ids`}`, 3000);
    } else if (choice === COPY_SSH && ssh) {
      await vscode.env.clipboard.writeText(ssh);
      if (guessed) void vscode.window.showInformationMessage(`Copied the SSH command. ${guessed}`);
      else vscode.window.setStatusBarMessage('Copied the SSH command', 3000);
    } else if (choice === OPEN_CONSOLE && ids[0]) {
      await vscode.env.openExternal(vscode.Uri.parse(instanceConsoleUrl(data.ref.region, ids[0]), true));
    }
  });
}
