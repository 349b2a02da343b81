/**
 * A profile (or the default credential chain) and its regions. With one profile the node itself is
 * hidden and its regions are the roots; with several, profiles are the roots. Resolving it checks
 * the credentials, lists the regions (configured, else enabled) and starts every region loading.
 */
import * as vscode from 'vscode';
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

  constructor(
    readonly profile: string | undefined,
    private readonly ctx: TreeContext,
    /** Hidden: the only profile, whose regions are the tree's roots. */
    readonly hidden: boolean,
  ) {
    super();
    this.id = profileKey(profile);
  }

  get regions(): RegionNode[] {
    return [...this.regionNodes.values()];
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.profile ?? 'Default credentials', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = ProfileNode.contextValue;
    item.iconPath = new vscode.ThemeIcon('account', this.failure ? new vscode.ThemeColor('list.errorForeground') : undefined);
    if (this.accountId) item.description = this.accountId;
    else if (this.failure) item.description = 'failed';
    item.tooltip = this.profile ? `AWS profile ${this.profile}` : 'The default AWS credential chain (AWS_PROFILE, environment, SSO, instance role)';
    return item;
  }

  override getChildren(): Promise<TreeNode[]> {
    this.children ??= this.resolve();
    return this.children;
  }

  /** Forgets regions and credentials; the next getChildren() resolves again. */
  reset(): void {
    for (const r of this.regionNodes.values()) r.data.reset();
    this.regionNodes.clear();
    this.children = undefined;
    this.failure = undefined;
    this.noCredentials = false;
    this.accountId = undefined;
  }

  /** Drops every region's images (settings changed) but keeps the region list. */
  resetImages(): void {
    for (const r of this.regionNodes.values()) r.data.reset();
  }

  private async resolve(): Promise<TreeNode[]> {
    const aws = this.ctx.services.aws();
    const log = this.ctx.services.log;
    const parent = this.hidden ? undefined : this;
    const creds = await aws.checkCredentials(this.profile);
    if (!creds.ok) {
      this.failure = creds.error;
      log.warn(`Credentials for ${this.profile ?? 'the default chain'}: ${describeForLog(creds.error)}`);
      if (NO_CREDENTIALS.has(creds.error.kind)) {
        this.noCredentials = true;
        if (this.hidden) return []; // the welcome content explains what to do
      }
      return [new ErrorNode(parent, this.id, creds.error, () => this.retry())];
    }
    this.accountId = creds.value.accountId;

    const configured = this.ctx.settings().regions;
    let names: string[];
    if (configured.length > 0) {
      names = configured;
    } else {
      const listed = await aws.listRegions(this.profile);
      if (!listed.ok) {
        this.failure = listed.error;
        log.warn(`Regions for ${this.profile ?? 'the default chain'}: ${describeForLog(listed.error)}`);
        return [new ErrorNode(parent, this.id, listed.error, () => this.retry())];
      }
      names = listed.value.map((r) => r.name);
    }
    log.info(`${this.profile ?? 'Default credentials'}: ${names.length} region(s): ${names.join(', ')}.`);

    const nodes = names.map((name) => {
      let node = this.regionNodes.get(name);
      if (!node) {
        node = new RegionNode(parent, this.profile, name, this.ctx, names.length === 1);
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
    return nodes;
  }

  private retry(): void {
    this.reset();
    this.ctx.changed(this.hidden ? undefined : this);
  }
}
