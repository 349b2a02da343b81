/**
 * What activate() builds once and hands to every registration function (tree, commands, webviews).
 * The AWS service layer is created on first use, so activation never loads the SDK.
 */
import * as vscode from 'vscode';
import type { AwsServices } from './aws/types';
import { loadAws } from './awsLoader';
import { IMAGE_KEYS, parseSettings, RELOAD_KEYS, SECTION, type Settings } from './config';
import type { ImageChange } from './model/changes';
import { redactingLog } from './util/log';

export interface SettingsChange {
  readonly settings: Settings;
  /** True when everything must be resolved again (profiles, regions, endpoint, retries). */
  readonly reload: boolean;
  /** True when the images must be fetched again, in the same profiles and regions (owners, filters, page size). */
  readonly reloadImages: boolean;
  /** Whether a given `amiExplorer.*` key (e.g. "images.filter") changed. */
  affects(key: string): boolean;
}

export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The service layer, created (and the SDK loaded) on the first call; settings applied. */
  aws(): AwsServices;
  /** Current `amiExplorer.*` settings, parsed (endpoint dropped in untrusted workspaces). */
  settings(): Settings;
  /** Fires after settings changed (or workspace trust was granted), once they are applied to aws(). */
  readonly onDidChangeSettings: vscode.Event<SettingsChange>;
  /**
   * The one change flow: fires once per successful write to AWS, after the image was re-read.
   * The tree, open details panels and open JSON documents listen and update that image only.
   */
  readonly onDidChangeImage: vscode.Event<ImageChange>;
  /** Announces a change (called by the write wrapper only, after a successful write). */
  announce(change: ImageChange): void;
}

/** The concrete services. */
export class ExtensionServicesImpl implements ExtensionServices, vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  /** Parsed on the first call of settings(), not by activation. */
  private current: Settings | undefined;
  private awsServices: AwsServices | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChangeSettings = this.changeEmitter.event;
  private readonly imageChangeEmitter = new vscode.EventEmitter<ImageChange>();
  readonly onDidChangeImage = this.imageChangeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    // Every line is redacted at the channel, whoever writes it; the channel opens on the first line.
    this.log = redactingLog(() => vscode.window.createOutputChannel('AMI Explorer', { log: true }));
    this.disposables.push(
      this.log,
      this.changeEmitter,
      this.imageChangeEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SECTION)) return;
        this.apply((key) => e.affectsConfiguration(`${SECTION}.${key}`));
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        const before = this.settings().endpoint;
        const next = this.read();
        if (next.endpoint === before) {
          this.current = next; // nothing the service layer or the tree uses changed
          return;
        }
        this.log.info('Workspace trusted: the endpoint setting now applies.');
        this.apply((key) => key === 'endpoint', next);
      }),
    );
  }

  settings(): Settings {
    return (this.current ??= this.read());
  }

  aws(): AwsServices {
    if (!this.awsServices) {
      const s = this.settings();
      const started = Date.now();
      this.awsServices = loadAws().createAwsServices({
        extensionName: 'ami-explorer',
        extensionVersion: String((this.context.extension?.packageJSON as { version?: unknown } | undefined)?.version ?? '0.0.0'),
        endpoint: s.endpoint,
        maxAttempts: s.maxAttempts,
        regions: s.regions,
        log: (level, message) => this.log[level](message),
        mfaCodeProvider: (serial) => askMfaCode(serial),
      });
      this.log.info(`Service layer loaded in ${Date.now() - started} ms${s.endpoint ? `; endpoint override ${s.endpoint}` : ''}.`);
    }
    return this.awsServices;
  }

  announce(change: ImageChange): void {
    this.imageChangeEmitter.fire(change);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.awsServices?.dispose();
    this.awsServices = undefined;
  }

  private read(): Settings {
    const s = parseSettings(vscode.workspace.getConfiguration(SECTION), vscode.workspace.isTrusted);
    if (s.endpointIgnored === 'untrusted') this.log.warn('amiExplorer.endpoint is ignored: this workspace is not trusted.');
    if (s.endpointIgnored === 'invalid') this.log.warn('amiExplorer.endpoint is ignored: it must be an http(s) URL without user name or password.');
    if (s.endpointIgnored === 'insecure') this.log.warn('amiExplorer.endpoint is ignored: http: is only allowed to 127.0.0.1, localhost or [::1]; use https: for any other host.');
    if (s.invalidOwners.length > 0) this.log.warn(`amiExplorer.images.owners: ignored ${s.invalidOwners.map((o) => JSON.stringify(o)).join(', ')}.`);
    if (s.invalidRegions.length > 0) this.log.warn(`amiExplorer.regions: ignored ${s.invalidRegions.map((r) => JSON.stringify(r)).join(', ')} (not region names).`);
    return s;
  }

  private apply(affects: (key: string) => boolean, next: Settings = this.read()): void {
    this.current = next;
    this.awsServices?.updateSettings({ endpoint: next.endpoint, maxAttempts: next.maxAttempts, regions: next.regions });
    const reload = RELOAD_KEYS.some(affects);
    const reloadImages = !reload && IMAGE_KEYS.some(affects);
    this.log.info(`Settings changed${reload ? '; reloading everything' : reloadImages ? '; reloading images' : ''}.`);
    this.changeEmitter.fire({ settings: next, reload, reloadImages, affects });
  }
}

/** Asks for a one-time MFA code when an assume-role profile needs one. */
async function askMfaCode(serial: string): Promise<string> {
  const code = await vscode.window.showInputBox({
    title: 'AMI Explorer: MFA code',
    prompt: `Enter the MFA code for ${serial}`,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Enter the 6-digit code from your MFA device.'),
  });
  if (code === undefined) throw new Error('MFA code entry was cancelled.');
  return code.trim();
}
