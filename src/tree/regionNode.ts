/**
 * A region of one profile. Its images load in the background as soon as the region appears
 * (under the provider's concurrency limit); expanding it waits for that load. Children: the
 * images newest first (or tag groups), then "Load more…" or one error node with a retry.
 */
import * as vscode from 'vscode';
import type { ImageFilter } from '../aws/types';
import { describeOwnerScope } from '../config';
import { escapeMarkdown, imageVisibility, isOwnedByCaller, plural } from '../model/format';
import { filterImages, groupByTag } from '../model/grouping';
import type { AmiImage } from '../model/image';
// hygiene (#11)
import { allowedImagesMarkdownLines, type AllowedImagesSettings } from '../model/hygiene';
import { describeFailure, type Result } from '../model/result';
import { describeForLog } from '../util/log';
import { ImageNode } from './imageNode';
import { ErrorNode, LoadMoreNode, MessageNode, safeMarkdown } from './messageNodes';
import { RegionImages } from './regionImages';
import { TagGroupNode } from './tagGroupNode';
import { profileKey, TreeNode, type TreeContext } from './treeNode';

export class RegionNode extends TreeNode {
  static readonly contextValue = 'amiExplorer:region';
  readonly id: string;
  readonly data: RegionImages;

  constructor(
    readonly parent: TreeNode | undefined,
    readonly profile: string | undefined,
    readonly region: string,
    private readonly ctx: TreeContext,
    /** Shown expanded the first time (a single region). */
    private readonly expanded: boolean,
  ) {
    super();
    this.id = `${profileKey(profile)}/${region}`;
    this.data = new RegionImages(
      profile,
      region,
      () => ctx.services.aws().images(profile),
      () => {
        const s = ctx.settings();
        const filter: ImageFilter = { includeDeprecated: s.showDeprecated, includeDisabled: s.showDisabled };
        if (s.architecture) filter.architecture = s.architecture;
        return { scopes: s.owners, filter, pageSize: s.pageSize };
      },
      ctx.limiter,
      () => this.onDataChanged(),
    );
  }

  /** Starts loading in the background unless loaded; the view shows progress meanwhile. */
  startLoading(): void {
    if (this.data.state !== 'idle') return;
    this.ctx.trackProgress(this.data.ensureLoaded());
  }

  reload(): Promise<void> {
    this.allowedImages = undefined; // hygiene (#11): asked again on the next hover
    const work = this.data.reload();
    this.ctx.trackProgress(work);
    return work;
  }

  /** "Load more…": the next page of the kept images (no call), else of the server (src/tree/regionImages.ts). */
  loadMore(): Promise<void> {
    const work = this.data.loadMore(this.ctx.filter());
    this.ctx.trackProgress(work);
    return work;
  }

  /** The next page of every scope from the server, listing nothing more (Find AMI looks into it). */
  fetchMore(): Promise<void> {
    const work = this.data.fetchMore();
    this.ctx.trackProgress(work);
    return work;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.region,
      this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.contextValue = RegionNode.contextValue;
    const d = this.data;
    const failed = !!d.error && d.images.length === 0;
    item.iconPath = failed ? new vscode.ThemeIcon('globe', new vscode.ThemeColor('list.errorForeground')) : new vscode.ThemeIcon('globe');
    item.description = this.describe();
    // hygiene (#11): no tooltip here, so VS Code asks resolveTreeItem on hover (the tooltip reads Allowed AMIs then).
    return item;
  }

  // hygiene (#11): the tooltip, resolved on hover with the account's Allowed AMIs settings
  /** GetAllowedImagesSettings, asked the first time the tooltip is resolved and kept until a refresh (a new node) or a reload. */
  private allowedImages: Promise<Result<AllowedImagesSettings>> | undefined;

  /**
   * The region's Markdown tooltip: region, profile, owner scopes and the Allowed AMIs settings,
   * read once (lazily, on the first hover) and kept. A failure (access denied, ...) is one line;
   * it is logged, never shown as a popup, and asked again after a refresh.
   */
  async resolveTooltip(): Promise<vscode.MarkdownString> {
    this.allowedImages ??= this.ctx.services
      .aws()
      .images(this.profile)
      .getAllowedImagesSettings(this.region)
      .then((answer) => {
        // Logged once per read, not on every hover.
        if (!answer.ok) this.ctx.services.log.warn(`${this.region}: Allowed AMIs settings: ${describeForLog(answer.error)}`);
        return answer;
      });
    const r = await this.allowedImages;
    return safeMarkdown([...this.tooltipLines(), ...allowedImagesMarkdownLines(r.ok ? r : { ok: false, message: describeFailure(r.error) })].join('  \n'));
  }

  /** The tooltip's first lines (no call): region, profile and owner scopes. */
  tooltipLines(): string[] {
    const scopes = this.ctx.settings().owners.map(describeOwnerScope).join(', ');
    // Region and profile names come from settings a workspace can set: escaped like any other untrusted text.
    return [`**${escapeMarkdown(this.region)}**`, this.profile ? `Profile: ${escapeMarkdown(this.profile)}` : 'Default credentials', `Images: ${escapeMarkdown(scopes)}`];
  }

  private describe(): string {
    const d = this.data;
    if (d.state === 'idle' || (d.loading && d.images.length === 0)) return 'loading…';
    if (d.error && d.images.length === 0) return 'failed';
    // Counts what was received (listed or kept for "Load more…"); "+" when the server has more pages.
    const total = d.images.length;
    const filter = this.ctx.filter();
    if (filter) return `${filterImages(d.images, filter).length} of ${total}${d.moreOnServer ? '+' : ''} images`;
    return d.moreOnServer ? `${total}+ images` : plural(total, 'image');
  }

  override async getChildren(): Promise<TreeNode[]> {
    if (this.data.state === 'idle') this.startLoading();
    // Wait only for a first page: while "Load more" fetches, the loaded images stay and the pager says "Loading more…".
    if (this.data.images.length === 0) await this.data.ensureLoaded();
    const d = this.data;
    const now = this.ctx.now();
    const accountId = this.ctx.accountId(this.profile);
    // At most a page beyond what the user revealed, whatever the server answered in one page (issue #12).
    const { visible: shown, kept } = d.shown(this.ctx.filter());
    const hygiene = this.ctx.settings().hygieneMarks; // hygiene (#11)
    const toNode = (parent: TreeNode, image: AmiImage): ImageNode =>
      new ImageNode(
        parent,
        this.id,
        image,
        this.profile,
        imageVisibility(image, d.sharedWithMe.has(image.imageId), accountId),
        now,
        isOwnedByCaller(image, accountId, d.listedAsMine.has(image.imageId)),
        hygiene, // hygiene (#11)
      );

    const children: TreeNode[] = [];
    const groupKey = this.ctx.settings().groupByTag;
    if (groupKey) {
      for (const group of groupByTag(shown, groupKey)) {
        children.push(new TagGroupNode(this, group, (parent) => group.images.map((image) => toNode(parent, image))));
      }
    } else {
      for (const image of shown) children.push(toNode(this, image));
    }

    if (d.error) {
      children.push(new ErrorNode(this, this.id, d.error, () => void this.loadMore()));
    } else if (kept.length > 0 || d.moreOnServer) {
      children.push(new LoadMoreNode(this, this.id, () => void this.loadMore(), d.loading, kept.length));
    } else if (shown.length === 0) {
      const message =
        d.images.length > 0
          ? 'No loaded image matches the filter'
          : `No images (${this.ctx.settings().owners.map(describeOwnerScope).join(', ')})`;
      children.push(new MessageNode(this, this.id, message));
    }
    return children;
  }

  private onDataChanged(): void {
    const d = this.data;
    if (d.state === 'loaded') {
      if (d.error) this.ctx.services.log.warn(`${this.region}: ${describeForLog(d.error)}`);
      else this.ctx.services.log.debug(`${this.region}: ${d.images.length} images loaded${d.moreOnServer ? ', more available' : ''}.`);
    }
    this.ctx.changed(this);
  }
}
