/**
 * A profile (or the default credential chain) and its regions. With one profile the node itself is
 * hidden and its regions are the roots; with several, profiles are the roots. Resolving it checks
 * the credentials, lists the regions (configured, else enabled: the service layer's listRegions)
 * and starts every region loading. reset() cancels a resolve in progress. When every region fails
 * because AWS rejected the credentials, the profile shows that once, not once per region.
 */
import * as vscode from 'vscode';
import { plural } from '../model/format';
import type { AwsFailure } from '../model/result';
import { describeForLog } from '../util/log';
import { ErrorNode } from './messageNodes';
import { RegionNode } from './regionNode';
import { profileKey, TreeNode, type TreeContext } from './treeNode';

/** Failures that mean "there are no credentials to use": the view shows its welcome content. */
const NO_CREDENTIALS: ReadonlySet<AwsFailure['kind']> = new Set(['noCredentials', 'profileNotFound']);

export class ProfileNode extends TreeNode {
  static readonly contextValue = 'amiExplorer:profile';
  readonly id: string;
  readonly parent = undefined;
  /** Set after resolving: the account the credentials belong to, when the layer told us. */
  accountId: string | undefined;
  /** Set after resolving: no credentials were found for this profile. */
  noCredentials = false;
  private children: Promise<TreeNode[]> | undefined;
  private regionNodes = new Map<string, RegionNode>();
  private failure: AwsFailure | undefined;
  /** Bumped by reset(): a resolve() that was overtaken stops at its next await and creates nothing. */
  private generation = 0;
  /** Whether the last render showed the one "credentials rejected" node instead of the regions. */
  private showedRejected = false;
  /** The context the region nodes get: their changes may change this node's children too. */
  private readonly regionCtx: TreeContext;

  constructor(
    readonly profile: string | undefined,
    private readonly ctx: TreeContext,
    /** Hidden: the only profile, whose regions are the tree's roots. */
    readonly hidden: boolean,
  ) {
    super();
    this.id = profileKey(profile);
    this.regionCtx = {
      ...ctx,
      changed: (node) => {
        ctx.changed(node);
        this.onRegionChanged();
      },
    };
  }

  get regions(): RegionNode[] {
    return [...this.regionNodes.values()];
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.profile ?? 'Default credentials', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = ProfileNode.contextValue;
    const failure = this.failure ?? this.rejectedEverywhere();
    item.iconPath = new vscode.ThemeIcon('account', failure ? new vscode.ThemeColor('list.errorForeground') : undefined);
    if (this.accountId && !failure) item.description = this.accountId;
    else if (failure) item.description = 'failed';
    item.tooltip = this.profile ? `AWS profile ${this.profile}` : 'The default AWS credential chain (AWS_PROFILE, environment, SSO, instance role)';
    return item;
  }

  /**
   * Starts resolving now (credentials, regions, then every region loading) unless it has started:
   * the provider calls it for every profile at once, so several profiles resolve in parallel,
   * whatever order VS Code asks for their children in.
   */
  startResolving(): void {
    if (this.children) return;
    this.children = this.resolve();
    this.ctx.trackProgress(this.children);
  }

  override async getChildren(): Promise<TreeNode[]> {
    this.startResolving();
    const generation = this.generation;
    const children = (await this.children) ?? [];
    const rejected = this.rejectedEverywhere();
    this.showedRejected = rejected !== undefined;
    if (!rejected) return children;
    return [new ErrorNode(this.hidden ? undefined : this, this.id, rejected, () => this.retry(generation))];
  }

  /**
   * The failure to show once for the profile when every region has loaded and failed because AWS
   * rejected the credentials (nothing about it is per region); undefined otherwise.
   */
  rejectedEverywhere(): AwsFailure | undefined {
    const regions = this.regions;
    if (regions.length === 0) return undefined;
    const all = regions.every((r) => r.data.state === 'loaded' && r.data.images.length === 0 && r.data.error?.kind === 'credentialsRejected');
    if (!all) return undefined;
    const { region: _region, ...failure } = regions[0]?.data.error as AwsFailure;
    return failure;
  }

  /** A region's state changed: when that turns "rejected everywhere" on or off, re-render the profile. */
  private onRegionChanged(): void {
    if ((this.rejectedEverywhere() !== undefined) === this.showedRejected) return;
    this.ctx.changed(this.hidden ? undefined : this);
  }

  /** Forgets regions and credentials; the next getChildren() resolves again. */
  reset(): void {
    this.generation++;
    for (const r of this.regionNodes.values()) r.data.reset();
    this.regionNodes.clear();
    this.children = undefined;
    this.failure = undefined;
    this.showedRejected = false;
    this.noCredentials = false;
    this.accountId = undefined;
  }

  /**
   * Drops every region's images and fetches them again (owner scope, image filters or page size
   * changed), keeping the credentials and the region list. A resolve in progress creates its regions
   * with the new settings anyway.
   */
  reloadImages(): void {
    for (const r of this.regionNodes.values()) void r.reload();
  }

  private async resolve(): Promise<TreeNode[]> {
    const generation = this.generation;
    const stale = (): boolean => generation !== this.generation;
    const aws = this.ctx.services.aws();
    const log = this.ctx.services.log;
    const parent = this.hidden ? undefined : this;
    const retry = (): void => this.retry(generation);
    // A fresh look at the profile: what STS said about its credentials may no longer hold.
    aws.forgetIdentity(this.profile);
    const creds = await aws.checkCredentials(this.profile);
    if (stale()) return [];
    if (!creds.ok) {
      this.failure = creds.error;
      log.warn(`Credentials for ${this.profile ?? 'the default chain'}: ${describeForLog(creds.error)}`);
      if (NO_CREDENTIALS.has(creds.error.kind)) {
        this.noCredentials = true;
        if (this.hidden) return []; // the welcome content explains what to do
      }
      return this.resolved([new ErrorNode(parent, this.id, creds.error, retry)]);
    }
    this.accountId = creds.value.accountId;

    // Configured regions, else the enabled ones: the service layer decides (aws/index.ts listRegions).
    const listed = await aws.listRegions(this.profile);
    if (stale()) return [];
    if (!listed.ok) {
      this.failure = listed.error;
      log.warn(`Regions for ${this.profile ?? 'the default chain'}: ${describeForLog(listed.error)}`);
      return this.resolved([new ErrorNode(parent, this.id, listed.error, retry)]);
    }
    const names = listed.value.map((r) => r.name);
    log.info(`${this.profile ?? 'Default credentials'}: ${plural(names.length, 'region')}: ${names.join(', ')}.`);

    const nodes = names.map((name) => {
      let node = this.regionNodes.get(name);
      if (!node) {
        node = new RegionNode(parent, this.profile, name, this.regionCtx, names.length === 1);
        this.regionNodes.set(name, node);
      }
      return node;
    });
    for (const [name, node] of this.regionNodes) {
      if (!names.includes(name)) {
        node.data.reset();
        this.regionNodes.delete(name);
      }
    }
    // Every region starts now, in parallel under the limit, so errors and counts show unexpanded.
    for (const node of nodes) node.startLoading();
    return this.resolved(nodes);
  }

  /**
   * The account id or the failure is known only now, after VS Code rendered this node: re-render
   * it (its children promise stays cached, so nothing is fetched again).
   */
  private resolved(children: TreeNode[]): TreeNode[] {
    if (!this.hidden) this.ctx.changed(this);
    return children;
  }

  /** Retry from an error node of run `generation`; a node left over from an earlier run does nothing. */
  private retry(generation: number): void {
    if (generation !== this.generation) return;
    this.reset();
    this.ctx.changed(this.hidden ? undefined : this);
  }
}
