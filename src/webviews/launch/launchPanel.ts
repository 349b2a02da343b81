/**
 * The "Launch Instance" panel, host side: the image panel base keyed by the image's (profile,
 * region, id). The host owns the data and every decision. The page holds the form and asks; each
 * form it sends passed the protocol's strict guards, and the host then hands it to LaunchData,
 * which checks it again (the model's validation, then the dry run) before anything is created.
 * The host keeps what the page must not decide: the Marketplace link of the last refusal, the
 * launched instances (copy, SSH and console actions only for those; after a reload, those of the
 * page's kept results), the key files of key pairs made
 * here. An image that was deregistered is marked gone, and nothing is sent for it any more.
 */
import type * as vscode from 'vscode';
import type { LaunchData, LaunchOptions, LaunchOutcome, LaunchVerdict } from '../../data/launch';
import { detailsKey } from '../../model/details';
import { oneLine, truncate } from '../../model/format';
import type { AmiImage, AmiRef } from '../../model/image';
import {
  guessedKeyFile,
  guessedKeyFileText,
  initialVolumes,
  instanceConsoleUrl,
  sshCommand,
  sshUser,
  networkProblems,
  type FieldProblem,
  type InstanceInfo,
  type LaunchForm,
} from '../../model/launch';
import { describeFailure, type AwsFailure, type Result } from '../../model/result';
import { ImagePanel, type ImagePanelEnv } from '../imagePanel';
import { PanelKind } from '../panelBase';
import {
  CopyRequest,
  CreateKeyPairRequest,
  LAUNCH_VIEW_TYPE,
  LaunchProtocol,
  LaunchRequest,
  NetworkRequest,
  OfferingsRequest,
  OpenConsoleCommand,
  OpenMarketplaceCommand,
  RefreshCommand,
  UserDataFileRequest,
  ValidateRequest,
  isLaunchState,
  type InstanceView,
  type LaunchModel,
  type LaunchState,
  type OutcomeView,
  type VerdictView,
} from './protocol';

/** What the panel needs from the rest of the extension (launchHost.ts builds it; tests fake it). */
export interface LaunchPanelHost extends ImagePanelEnv {
  /** The launch flow of one image (createLaunchData). */
  data(ref: AmiRef): LaunchData;
  /** Create key pair dialogs, CreateKeyPair and the key file (src/ui/launch.ts); undefined = cancelled. */
  createKeyPair(data: LaunchData, image: AmiImage, suggestedName?: string): Promise<Result<{ keyName: string; keyFile: string } | undefined>>;
  /** Picks and reads a user data file (refused over 16 KB); undefined = cancelled. */
  pickUserDataFile(): Promise<Result<{ file: string; text: string } | undefined>>;
  /** LaunchData.launch inside a cancellable progress notification. */
  launchWithProgress(data: LaunchData, form: LaunchForm): Promise<LaunchOutcome>;
  /** The outcome as a notification with its actions (src/ui/launch.ts showLaunchOutcome): for a panel closed during the launch. */
  showOutcome(data: LaunchData, image: AmiImage, form: LaunchForm, outcome: LaunchOutcome): Promise<void>;
  /** The file a key pair's private key was saved to from this extension, when known. */
  keyFileFor(profile: string | undefined, region: string, keyName: string): string | undefined;
  copy(text: string): Thenable<void>;
  openExternal(url: string): Thenable<unknown>;
}

/** Where the Marketplace link of a refusal may lead: AWS Marketplace pages only, over https. */
export function isMarketplaceUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname === 'aws.amazon.com' && u.pathname.startsWith('/marketplace/') && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}

/** "Launch: <image name or id>", on one visible line. */
export function launchPanelTitle(ref: AmiRef, image?: Pick<AmiImage, 'name'>): string {
  const name = image?.name ? oneLine(image.name) : '';
  return `Launch: ${name ? truncate(name, 40) : ref.imageId}`;
}

/** A failure in words; an authorization failure names the action refused. */
export function failureText(failure: AwsFailure): string {
  const text = describeFailure(failure);
  if (failure.code === 'UnauthorizedOperation' || failure.kind === 'accessDenied') {
    const action = failure.action ?? 'ec2:RunInstances';
    return text.includes(action) ? text : `Not authorized to perform ${action}: ${text}`;
  }
  return text;
}

export function verdictView(verdict: LaunchVerdict): VerdictView {
  if (verdict.kind !== 'refused') return verdict;
  const { failure, field, marketplaceUrl } = verdict;
  let message = failureText(failure);
  if (failure.kind === 'subscriptionRequired' && !/subscri/i.test(message)) message = `The account has not subscribed to this AWS Marketplace product: ${message}`;
  return {
    kind: 'refused',
    message,
    ...(failure.code ? { code: failure.code } : {}),
    ...(field ? { field } : {}),
    ...(isMarketplaceUrl(marketplaceUrl) ? { marketplace: true } : {}),
  };
}

const LAUNCH = new PanelKind<AmiRef, LaunchModel, LaunchState, LaunchPanel>({
  viewType: LAUNCH_VIEW_TYPE,
  name: 'Launch Instance',
  script: 'launch',
  protocol: LaunchProtocol,
  id: detailsKey,
  restore: (state) => (isLaunchState(state) ? { key: state.ref, state } : undefined),
  // A form: what was typed stays while the tab is hidden.
  retainContextWhenHidden: true,
});

export class LaunchPanel extends ImagePanel<LaunchModel, LaunchState> {
  /** Opens (or reveals) the launch panel of `ref`; resolves nothing, see whenLoaded. */
  static show(host: LaunchPanelHost, ref: AmiRef, image?: AmiImage): LaunchPanel {
    const { panel, created } = LAUNCH.show(ref, launchPanelTitle(ref, image), (p) => new LaunchPanel(host, p, ref), host);
    if (created || (!panel.model && !panel.loading && !panel.gone)) panel.reload();
    return panel;
  }

  static registerSerializer(host: LaunchPanelHost): vscode.Disposable {
    return LAUNCH.registerSerializer((p, ref, state) => LaunchPanel.restored(host, p, ref, state), host);
  }

  static revive(host: LaunchPanelHost, panel: vscode.WebviewPanel, state: unknown): LaunchPanel | undefined {
    return LAUNCH.revive(panel, state, (p, ref, kept) => LaunchPanel.restored(host, p, ref, kept), host);
  }

  static find(ref: AmiRef): LaunchPanel | undefined {
    return LAUNCH.find(ref);
  }

  /**
   * A restored page keeps its form and its results; the options are read again at once (they may
   * have changed). The instances of the kept results (checked by isLaunchState) are the ones this
   * panel launched, so their copy, SSH and console actions keep working.
   */
  private static restored(host: LaunchPanelHost, panel: vscode.WebviewPanel, ref: AmiRef, state: LaunchState): LaunchPanel {
    const revived = new LaunchPanel(host, panel, ref);
    const outcome = state.outcome;
    if (outcome?.kind === 'launched') {
      revived.launched = { instances: outcome.instances.map(({ ssh: _ssh, ...instance }) => instance), keyName: outcome.keyName };
    }
    revived.reload();
    return revived;
  }

  readonly data: LaunchData;
  private marketplaceUrl: string | undefined;
  private launched: { instances: InstanceInfo[]; keyName: string | undefined } | undefined;
  /** Key files of key pairs created from this panel, by key name. */
  private readonly keyFiles = new Map<string, string>();
  private busy = false;

  private constructor(
    private readonly host: LaunchPanelHost,
    panel: vscode.WebviewPanel,
    ref: AmiRef,
  ) {
    super(LAUNCH, host, panel, ref);
    this.data = host.data(ref);
    const m = this.messages;
    m.onCommand(RefreshCommand, () => this.reload());
    m.onRequest(NetworkRequest, ({ vpcId }) => this.network(vpcId));
    m.onRequest(OfferingsRequest, async ({ availabilityZone }) => {
      const offered = await this.data.typesOfferedIn(availabilityZone);
      return offered.ok ? { types: offered.value } : { message: `Could not read the types offered in ${availabilityZone}: ${failureText(offered.error)}` };
    });
    m.onRequest(CreateKeyPairRequest, () => this.createKeyPair());
    m.onRequest(UserDataFileRequest, () => this.userDataFile());
    m.onRequest(ValidateRequest, ({ form }) => this.validate(form));
    m.onRequest(LaunchRequest, ({ form }) => this.launch(form));
    m.onRequest(CopyRequest, ({ instanceId, what }) => this.copy(instanceId, what));
    m.onCommand(OpenConsoleCommand, ({ instanceId }) => this.openConsole(instanceId));
    m.onCommand(OpenMarketplaceCommand, () => this.openMarketplace());
  }

  get image(): AmiImage | undefined {
    return this.model?.options.image;
  }

  protected imageTitle(model: LaunchModel | undefined): string {
    return launchPanelTitle(this.key, model?.options.image);
  }

  reload(): void {
    this.fetch(false);
  }

  private fetch(quiet: boolean): void {
    this.load(async (signal): Promise<Result<LaunchModel>> => {
      const options = await this.data.loadOptions(signal);
      return options.ok ? { ok: true, value: { version: 1, ref: this.key, options: options.value } } : options;
    }, { quiet });
  }

  /** The change flow: the image changed (tags, state…): the options are read again quietly; the page keeps its form. */
  protected showUpdated(_image: AmiImage): void {
    if (!this.busy) this.fetch(true);
  }

  private async network(vpcId: string): Promise<{ subnets: LaunchOptions['subnets']; securityGroups: LaunchOptions['securityGroups']; message?: string }> {
    const [subnets, groups] = await Promise.all([this.data.subnets(vpcId), this.data.securityGroups(vpcId)]);
    const problems = [...(subnets.ok ? [] : [`subnets: ${failureText(subnets.error)}`]), ...(groups.ok ? [] : [`security groups: ${failureText(groups.error)}`])];
    return {
      subnets: subnets.ok ? subnets.value : [],
      securityGroups: groups.ok ? groups.value : [],
      ...(problems.length ? { message: `Could not read the ${problems.join('; ')}` } : {}),
    };
  }

  /** Why nothing may be sent now, or undefined. */
  private refusal(): string | undefined {
    if (this.gone) return `Nothing was sent. ${this.gone}`;
    if (!this.model) return 'The launch options have not been loaded yet.';
    if (this.busy) return 'A launch is under way; wait for it to finish.';
    return undefined;
  }

  /**
   * The page's form with what only the host may say: the AMI's volume rows take their snapshot and
   * minimum size from the image itself, never from the page.
   */
  private trusted(form: LaunchForm): LaunchForm | string {
    const image = this.image;
    if (!image) return 'The launch options have not been loaded yet.';
    const own = new Map(initialVolumes(image).map((v) => [v.deviceName, v]));
    const volumes = [];
    for (const v of form.volumes) {
      if (v.added) {
        const { snapshotId: _s, minSizeGiB: _m, ...rest } = v;
        volumes.push(rest);
        continue;
      }
      const mine = own.get(v.deviceName);
      if (!mine) return `The image has no volume ${v.deviceName}.`;
      const { snapshotId: _s, minSizeGiB: _m, ...rest } = v;
      volumes.push({ ...rest, ...(mine.snapshotId ? { snapshotId: mine.snapshotId } : {}), ...(mine.minSizeGiB !== undefined ? { minSizeGiB: mine.minSizeGiB } : {}) });
    }
    if (volumes.filter((v) => v.added).length > 1) return 'Only one empty volume may be added.';
    return { ...form, volumes };
  }

  /**
   * The model's network checks with what the host knows of the region (its VPCs: only the default
   * one may leave the subnet to EC2); empty = nothing wrong. LaunchData checks the whole form.
   */
  private problems(form: LaunchForm): FieldProblem[] {
    const options = this.model?.options;
    return options ? networkProblems(form, { vpcs: options.vpcs }) : [];
  }

  async validate(form: LaunchForm): Promise<VerdictView> {
    const refused = this.refusal();
    if (refused) return { kind: 'refused', message: refused };
    const checked = this.trusted(form);
    if (typeof checked === 'string') return { kind: 'refused', message: checked, field: 'volumes' };
    const problems = this.problems(checked);
    if (problems.length) return { kind: 'invalid', problems };
    const verdict = await this.data.validate(checked);
    this.marketplaceUrl = verdict.kind === 'refused' && isMarketplaceUrl(verdict.marketplaceUrl) ? verdict.marketplaceUrl : undefined;
    return verdictView(verdict);
  }

  /** Launch: LaunchData validates first (always), then runs with the attempt's token and waits. */
  async launch(form: LaunchForm): Promise<OutcomeView> {
    const refused = this.refusal();
    if (refused) return { kind: 'failed', message: refused };
    const checked = this.trusted(form);
    if (typeof checked === 'string') return { kind: 'refused', verdict: { kind: 'refused', message: checked, field: 'volumes' } };
    const problems = this.problems(checked);
    if (problems.length) return { kind: 'refused', verdict: { kind: 'invalid', problems } };
    const image = this.image;
    this.busy = true;
    try {
      const outcome = await this.host.launchWithProgress(this.data, checked);
      // Closed while launching: no page to answer, so the outcome (instances that may now exist)
      // is shown as a notification instead of being lost.
      if (this.isDisposed && image) void this.host.showOutcome(this.data, image, checked, outcome);
      return this.outcomeView(outcome, checked);
    } finally {
      this.busy = false;
    }
  }

  private outcomeView(outcome: LaunchOutcome, form: LaunchForm): OutcomeView {
    if (outcome.kind === 'refused') {
      const v = outcome.verdict;
      this.marketplaceUrl = v.kind === 'refused' && isMarketplaceUrl(v.marketplaceUrl) ? v.marketplaceUrl : undefined;
      return { kind: 'refused', verdict: verdictView(v) };
    }
    if (outcome.kind === 'failed') {
      // A lost answer (or a server error after sending) that no look-up settled: instances may exist.
      if (outcome.uncertain) {
        return { kind: 'failed', message: `It is not known whether instances were launched: ${failureText(outcome.failure)} Launching the same form again is safe: it reuses this attempt, so it never launches twice.` };
      }
      return { kind: 'failed', message: `Nothing was launched: ${failureText(outcome.failure)} Launching the same form again reuses this attempt, so it never launches twice.` };
    }
    const { reservation } = outcome;
    this.launched = { instances: reservation.instances, keyName: form.keyName };
    const linux = this.image ? sshUser(this.image) !== undefined : false;
    const instances: InstanceView[] = reservation.instances.map((i) => ({ ...i, ssh: linux && (i.publicIpAddress ?? i.publicDnsName ?? i.privateIpAddress) !== undefined }));
    return {
      kind: 'launched',
      reservationId: reservation.reservationId,
      instances,
      recovered: outcome.recovered,
      running: outcome.running,
      waitCancelled: outcome.waitCancelled,
      ...(outcome.waitFailure ? { waitFailure: failureText(outcome.waitFailure) } : {}),
      ...(form.keyName ? { keyName: form.keyName } : {}),
    };
  }

  /**
   * The SSH command of a launched instance: with the key file made here or known, else with
   * ~/.ssh/<key name>.pem, and then `guessedKeyFile` says so.
   */
  sshCommandFor(instanceId: string): { command: string; guessedKeyFile?: string } | undefined {
    const instance = this.launched?.instances.find((i) => i.instanceId === instanceId);
    const image = this.image;
    if (!instance || !image) return undefined;
    const user = sshUser(image);
    const address = instance.publicIpAddress ?? instance.publicDnsName ?? instance.privateIpAddress;
    if (!user || !address) return undefined;
    const keyName = this.launched?.keyName;
    if (!keyName) return { command: sshCommand(undefined, user, address) };
    const known = this.keyFiles.get(keyName) ?? this.host.keyFileFor(this.key.profile, this.key.region, keyName);
    if (known) return { command: sshCommand(known, user, address) };
    const guess = guessedKeyFile(keyName);
    return { command: sshCommand(guess, user, address), guessedKeyFile: guess };
  }

  /** Whether the panel launched `instanceId` (its last launch, kept across reloads). */
  private launchedHere(instanceId: string): boolean {
    return this.launched?.instances.some((i) => i.instanceId === instanceId) === true;
  }

  private async copy(instanceId: string, what: 'id' | 'ssh'): Promise<{ copied?: string; message?: string }> {
    if (!this.launchedHere(instanceId)) return { message: `Nothing was copied: ${instanceId} was not launched from this panel.` };
    if (what === 'id') {
      await this.host.copy(instanceId);
      return { copied: instanceId };
    }
    const ssh = this.sshCommandFor(instanceId);
    if (!ssh) return { message: `No SSH command for ${instanceId}: it has no address yet, or the image is not a Linux one.` };
    await this.host.copy(ssh.command);
    if (!ssh.guessedKeyFile) return { copied: ssh.command };
    const keyName = this.launched?.keyName ?? '';
    return {
      copied: ssh.command,
      message: guessedKeyFileText(ssh.guessedKeyFile, keyName),
    };
  }

  private openConsole(instanceId: string): Thenable<unknown> | undefined {
    if (!this.launchedHere(instanceId)) {
      this.host.log.warn(`Launch Instance: refused to open the console for ${instanceId}: it was not launched from this panel.`);
      return undefined;
    }
    return this.host.openExternal(instanceConsoleUrl(this.key.region, instanceId));
  }

  private openMarketplace(): Thenable<unknown> | undefined {
    if (!isMarketplaceUrl(this.marketplaceUrl)) {
      this.host.log.warn(`Launch Instance: refused to open a Marketplace page for ${this.key.imageId}: no refusal named one.`);
      return undefined;
    }
    return this.host.openExternal(this.marketplaceUrl);
  }

  private async createKeyPair(): Promise<{ keyName?: string; keyFile?: string; keyPairs?: LaunchOptions['keyPairs']; message?: string }> {
    const refused = this.refusal();
    const image = this.image;
    if (refused || !image) return { message: refused ?? 'The launch options have not been loaded yet.' };
    const created = await this.host.createKeyPair(this.data, image);
    if (!created.ok) return { message: `No key pair was created: ${failureText(created.error)}` };
    if (!created.value) return {};
    const { keyName, keyFile } = created.value;
    this.keyFiles.set(keyName, keyFile);
    const pairs = await this.data.keyPairs();
    return {
      keyName,
      keyFile,
      ...(pairs.ok ? { keyPairs: pairs.value } : {}),
      message: `Created key pair ${keyName}; its private key was saved to ${keyFile}.`,
    };
  }

  private async userDataFile(): Promise<{ text?: string; file?: string; message?: string }> {
    const picked = await this.host.pickUserDataFile();
    if (!picked.ok) return { message: describeFailure(picked.error) };
    if (!picked.value) return {};
    // The file helper refuses a file over 16 KB; the form's own validation checks the text again.
    const { text, file } = picked.value;
    return { text, file };
  }
}
