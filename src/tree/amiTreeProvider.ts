/**
 * The AMI tree's data provider. It owns the text filter, the concurrency limit and the view's
 * progress; nodes own their data (profileNode.ts, regionNode.ts). Changes are announced for the
 * node that changed, so a region finishing its load re-renders that region only.
 */
import * as vscode from 'vscode';
import type { Settings } from '../config';
import type { ImageChange } from '../model/changes';
import type { AmiImage, AmiRef } from '../model/image';
// find (issue #11)
import { REVEAL_MAX_PAGES, treeCannotList, type NotInTreeReason } from '../model/findQuery';
import { ImageNode } from './imageNode';
import { TagGroupNode } from './tagGroupNode';
import type { ExtensionServices, SettingsChange } from '../services';
import { Limiter } from '../util/limiter';
import { errorForLog } from '../util/log';
import { ProfileNode } from './profileNode';
import { RegionNode } from './regionNode';
import type { TreeNode} from './treeNode';
import { type TreeContext } from './treeNode';
import { VIEW_ID } from './viewId';

export { VIEW_ID } from './viewId';

export class AmiTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<void>();
  /** Fires when the filter or grouping changed (the view's description follows it). */
  readonly onDidChangeState = this.stateEmitter.event;

  private readonly limiter: Limiter;
  private readonly ctx: TreeContext;
  private profiles: Promise<ProfileNode[]> | undefined;
  private profileNodes: ProfileNode[] = [];
  /** Bumped by refresh(): a profile resolution that was overtaken does not install its nodes. */
  private profilesGeneration = 0;
  private filterText: string;
  /** Nodes VS Code has rendered: only these can be refreshed individually. */
  private readonly rendered = new WeakSet<TreeNode>();
  /** The node VS Code was last given for each id (a reload replaces node objects, ids stay). */
  private readonly current = new Map<string, TreeNode>();
  /** Ids whose children VS Code is waiting for (a region waits for its first page), with a count. */
  private readonly fetching = new Map<string, number>();
  /** Ids to re-render once their fetch is over (see getChildren). */
  private readonly owed = new Set<string>();
  /** Bumped by every whole-tree refresh: VS Code drops the answers to fetches it started before. */
  private rootRefreshes = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private progressShown = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: ExtensionServices) {
    const settings = services.settings();
    this.limiter = new Limiter(settings.maxConcurrentRegions);
    this.filterText = settings.filter;
    this.ctx = {
      services,
      limiter: this.limiter,
      settings: () => this.services.settings(),
      filter: () => this.filterText,
      now: () => new Date(),
      accountId: (profile) => this.profileNodes.find((p) => p.profile === profile)?.accountId,
      changed: (node) => this.changed(node),
      trackProgress: (work) => this.trackProgress(work),
    };
    this.disposables.push(
      this.changeEmitter,
      this.stateEmitter,
      services.onDidChangeSettings((change) => this.onSettingsChanged(change)),
      services.onDidChangeImage((change) => this.onImageChanged(change)),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    this.rendered.add(node);
    this.current.set(node.id, node);
    return node.getTreeItem();
  }

  // hygiene (#11): a region's tooltip (with its Allowed AMIs settings) is read on hover, never on expand or render.
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    if (node instanceof RegionNode && item.tooltip === undefined) item.tooltip = await node.resolveTooltip();
    return item;
  }

  /**
   * VS Code registers the children a fetch returns under their ids, and refuses ("Element with id …
   * is already registered") when two fetches of one node overlap; it also drops the answer of a
   * fetch that a whole-tree refresh overtook, leaving an expanded node empty. A region's fetch waits
   * for its first page, so both happen when the tree changes meanwhile. So: a node is never
   * re-rendered while its children are being fetched (the change is owed), and a node whose
   * fetch was overtaken or owes a change is re-rendered once the fetch is over.
   */
  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.guarded(() => this.getRoots());
    const id = node.id;
    const refreshes = this.rootRefreshes;
    this.fetching.set(id, (this.fetching.get(id) ?? 0) + 1);
    try {
      return await this.guarded(() => node.getChildren());
    } finally {
      const left = (this.fetching.get(id) ?? 1) - 1;
      if (left > 0) this.fetching.set(id, left);
      else this.fetching.delete(id);
      if (refreshes !== this.rootRefreshes) this.owed.add(id);
      if (left === 0 && this.owed.has(id)) this.settleOwed(id);
    }
  }

  private async guarded(fetch: () => TreeNode[] | Promise<TreeNode[]>): Promise<TreeNode[]> {
    try {
      return await fetch();
    } catch (err) {
      // Nodes turn AWS failures into error nodes; anything reaching here is a bug, but the view must not break.
      this.services.log.error(`Loading the tree failed: ${errorForLog(err, true)}`);
      return [];
    }
  }

  /** Re-renders the node now holding this id, after VS Code has taken the answer just given. */
  private settleOwed(id: string): void {
    setTimeout(() => {
      if (this.fetching.has(id) || !this.owed.delete(id)) return;
      const node = this.current.get(id);
      if (node) this.changeEmitter.fire(node);
    }, 0);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The active text filter ('' = none). */
  get filter(): string {
    return this.filterText;
  }

  /** Sets the text filter over loaded images; re-renders without fetching. */
  setFilter(text: string): void {
    const next = text.trim();
    if (next === this.filterText) return;
    this.filterText = next;
    this.services.log.info(next ? `Filter: ${JSON.stringify(next)}` : 'Filter cleared.');
    this.stateEmitter.fire();
    this.fireAll();
  }

  /** Drops everything loaded and starts over (profiles, credentials, regions, images). */
  refresh(): void {
    this.profilesGeneration++;
    for (const p of this.profileNodes) p.reset();
    this.profileNodes = [];
    this.profiles = undefined;
    this.current.clear();
    this.fireAll();
  }

  /** Every region node that exists now (loaded or not). */
  regions(): RegionNode[] {
    return this.profileNodes.flatMap((p) => p.regions);
  }

  /** Every image loaded so far, across profiles and regions (for pickers such as "group by tag"). */
  loadedImages(): AmiImage[] {
    return this.regions().flatMap((r) => r.data.images);
  }

  // creation (issue #10): revealing a new image
  /**
   * The node of an image as the tree shows it now (loading its region first when needed), for
   * TreeView.reveal; undefined when the region is not in the tree or does not show the image
   * (another owner scope, hidden by the text filter).
   */
  async findImageNode(ref: AmiRef): Promise<TreeNode | undefined> {
    await this.getRoots();
    const region = this.regions().find((r) => r.region === ref.region && r.profile === ref.profile);
    if (!region) return undefined;
    await region.data.ensureLoaded();
    const search = async (nodes: TreeNode[]): Promise<TreeNode | undefined> => {
      for (const node of nodes) {
        if (node instanceof ImageNode && node.image.imageId === ref.imageId) return node;
        if (node instanceof TagGroupNode) {
          const found = await search(await node.getChildren());
          if (found) return found;
        }
      }
      return undefined;
    };
    return search(await region.getChildren());
  }

  // find (issue #11): revealing a found image, loading the region's pages it needs
  /**
   * The node of a found image, loading further pages of its region ("Load more") until the image
   * is loaded or the region is exhausted (at most `maxPages` more pages); otherwise why the tree
   * does not show it. With the image itself, an owner the tree does not list loads nothing.
   */
  async locateImage(ref: AmiRef, image: AmiImage | undefined, maxPages = REVEAL_MAX_PAGES): Promise<{ node: TreeNode } | { reason: NotInTreeReason }> {
    await this.getRoots();
    const region = this.regions().find((r) => r.region === ref.region && r.profile === ref.profile);
    if (!region) return { reason: 'noRegion' };
    if (image) {
      const s = this.services.settings();
      const cannot = treeCannotList(image, { scopes: s.owners, accountId: this.ctx.accountId(ref.profile), showDeprecated: s.showDeprecated, showDisabled: s.showDisabled, architecture: s.architecture }, new Date());
      if (cannot) return { reason: cannot };
    }
    await region.data.ensureLoaded();
    for (let loaded = 0; ; loaded++) {
      const d = region.data;
      // Received (listed or kept for "Load more…", issue #12): list it, then find its node.
      if (d.reveal(ref.imageId)) {
        const node = await this.findImageNode(ref);
        return node ? { node } : { reason: 'filtered' };
      }
      if (d.error) return { reason: 'failed' };
      if (!d.moreOnServer) return { reason: 'notListed' };
      if (loaded >= maxPages) return { reason: 'beyondPages' };
      await region.fetchMore();
    }
  }

  /** Resolves once no profile, region or page is loading (tests and commands wait on it). */
  async whenIdle(): Promise<void> {
    if (this.profiles) await this.profiles.catch(() => undefined);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  dispose(): void {
    for (const p of this.profileNodes) p.reset();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async getRoots(): Promise<TreeNode[]> {
    const work = (this.profiles ??= this.resolveProfiles());
    const profiles = await work;
    // A refresh while we waited: these nodes are not the tree's; the refresh asks for the roots again.
    if (work !== this.profiles) return [];
    if (profiles.length === 1 && profiles[0]?.hidden) {
      const only = profiles[0];
      const children = await only.getChildren();
      await this.setHasCredentials(!only.noCredentials);
      return children;
    }
    await this.setHasCredentials(true);
    return profiles;
  }

  private async resolveProfiles(): Promise<ProfileNode[]> {
    const configured = this.services.settings().profiles;
    const generation = this.profilesGeneration;
    const names: (string | undefined)[] = configured.length > 0 ? configured : [await this.services.aws().getDefaultProfile()];
    const hidden = names.length === 1;
    const nodes = names.map((name) => new ProfileNode(name, this.ctx, hidden));
    // Only the current resolution owns the tree's profiles (a refresh during the await started another).
    if (generation !== this.profilesGeneration) return nodes;
    this.profileNodes = nodes;
    // Every profile at once (credentials, region list, then its regions), not one after another.
    for (const node of nodes) node.startResolving();
    return nodes;
  }

  private setHasCredentials(value: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'amiExplorer:hasCredentials', value);
  }

  /** Re-renders the whole tree. */
  private fireAll(): void {
    this.rootRefreshes++;
    this.changeEmitter.fire(undefined);
  }

  private changed(node?: TreeNode): void {
    if (!node) {
      this.fireAll();
      return;
    }
    // A node VS Code has not rendered yet will be asked for when it is; firing for it is a no-op at best.
    if (!this.rendered.has(node)) return;
    // Its children are being fetched: re-rendering now would start a second, overlapping fetch.
    if (this.fetching.has(node.id)) this.owed.add(node.id);
    else this.changeEmitter.fire(node);
  }

  private trackProgress(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    if (this.progressShown) return;
    this.progressShown = true;
    void vscode.window
      .withProgress({ location: { viewId: VIEW_ID } }, async () => {
        while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      })
      .then(() => {
        this.progressShown = false;
      });
  }

  /**
   * The change flow: a write changed, added or removed one image. Only the region nodes of that
   * profile and region that hold it re-render, from memory: nothing is fetched.
   */
  private onImageChanged(change: ImageChange): void {
    const { ref } = change;
    for (const region of this.regions()) {
      if (region.region !== ref.region || region.profile !== ref.profile) continue;
      const d = region.data;
      const changed =
        change.kind === 'updated' ? d.replaceImage(change.image) : change.kind === 'added' ? d.addImage(change.image, this.ctx.accountId(ref.profile)) : d.removeImage(ref.imageId);
      if (changed) this.changed(region);
    }
  }

  private onSettingsChanged(change: SettingsChange): void {
    const s: Settings = change.settings;
    this.limiter.setLimit(s.maxConcurrentRegions);
    if (change.affects('images.filter')) {
      this.filterText = s.filter;
      this.stateEmitter.fire();
    }
    if (change.affects('tree.groupByTag')) this.stateEmitter.fire();
    if (change.reload) {
      this.refresh();
      return;
    }
    // Same profiles and regions: fetch the images again without checking credentials or listing regions.
    if (change.reloadImages) for (const p of this.profileNodes) p.reloadImages();
    this.fireAll();
  }
}
