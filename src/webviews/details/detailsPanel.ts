/**
 * The "Inspect AMI" panel, host side: the panel base (../panelBase.ts) keyed by the image's
 * (profile, region, id), plus this panel's data and actions. The host owns the data: it loads
 * through `DetailsPanelHost.load` and answers the page's validated messages; the page renders.
 * Open panels follow the change flow: an update of their image reloads it from the image the
 * change carries (no DescribeImages), a removal keeps the last model under a banner.
 */
import * as vscode from 'vscode';
import { buildDetailsModel, detailsKey, detailsPanelTitle, tagsEditable, type DetailsModel, type ImageLink } from '../../model/details';
import { imageFor, type AmiImage, type AmiRef } from '../../model/image';
import type { Result } from '../../model/result';
import { ImagePanel, type ImagePanelEnv } from '../imagePanel';
import { PanelKind } from '../panelBase';
import {
  AddTagCommand,
  CopyAsCommand,
  CopyIdRequest,
  DETAILS_VIEW_TYPE,
  DetailsProtocol,
  EditPermissionsCommand,
  FindUsageCommand,
  EditTagCommand,
  LaunchCommand,
  CopyToRegionCommand,
  LifecycleCommand,
  type LifecycleAction,
  WhoUsesItCommand,
  OpenImageCommand,
  OpenJsonCommand,
  RefreshCommand,
  RemoveTagCommand,
  isDetailsState,
  isImageLink,
  type DetailsState,
} from './protocol';

/** What the panel needs from the rest of the extension. */
export interface DetailsPanelHost extends ImagePanelEnv {
  /** `image`: the image as the caller already holds it (a tree node), so it is not described again. */
  load(ref: AmiRef, signal: AbortSignal, image?: AmiImage): Promise<Result<DetailsModel>>;
  openJson(ref: AmiRef): Thenable<unknown>;
  copyAs(ref: AmiRef): Thenable<unknown>;
  inspect(ref: AmiRef): Thenable<unknown>;
  /** Edit Launch Permissions… for the image. */
  editPermissions(ref: AmiRef): Thenable<unknown>;
  /** Launch Instance… for the image. */
  launch(ref: AmiRef): Thenable<unknown>;
  /** Copy to Region… with the image. */
  copyToRegion(ref: AmiRef): Thenable<unknown>;
  /** lifecycle (#10): runs the action's command on the image. */
  lifecycle(ref: AmiRef, action: LifecycleAction): Thenable<unknown>;
  // usage (wt/bin)
  /** Find Usage for the image. */
  findUsage(ref: AmiRef): Thenable<unknown>;
  /** Who Uses It for the image. */
  whoUsesIt(ref: AmiRef): Thenable<unknown>;
  /** Add Tag… for the image. */
  addTag(ref: AmiRef): Thenable<unknown>;
  /** Edit Tag… of the tag `tagKey` (as the page shows it). */
  editTag(ref: AmiRef, tagKey: string): Thenable<unknown>;
  /** Remove Tag… with `tagKey` (as the page shows it) ticked. */
  removeTag(ref: AmiRef, tagKey: string): Thenable<unknown>;
  // hygiene (#11)
  /** Whether the Hygiene section is shown (amiExplorer.images.hygieneMarks); absent = shown. */
  hygieneMarks?(): boolean;
  /** Fires when that setting changes: open panels build their model again. */
  onDidChangeHygieneMarks?: vscode.Event<void>;
}

/** A restored page's links beyond this many are ignored (a model lists a handful). */
const MAX_RESTORED_LINKS = 1000;

const DETAILS = new PanelKind<AmiRef, DetailsModel, DetailsState, DetailsPanel>({
  viewType: DETAILS_VIEW_TYPE,
  name: 'Inspect AMI',
  script: 'details',
  protocol: DetailsProtocol,
  id: detailsKey,
  restore: (state) => (isDetailsState(state) ? { key: state.ref, state } : undefined),
});

/** A first model from the image alone, shown while the attributes, snapshots and ancestry load. */
function previewModel(ref: AmiRef, image: AmiImage, showHygiene: boolean): DetailsModel {
  const now = new Date();
  return buildDetailsModel({ ref, image, fetchedAt: now.toISOString(), showHygiene }, now);
}

export class DetailsPanel extends ImagePanel<DetailsModel, DetailsState> {
  /**
   * Opens (or reveals) the panel for `ref` and starts loading when it has nothing yet. `image`,
   * when the caller holds it (a tree node), is shown at once and seeds the first load; Refresh
   * describes it again.
   */
  static show(host: DetailsPanelHost, ref: AmiRef, image?: AmiImage): DetailsPanel {
    const { panel, created } = DETAILS.show(ref, detailsPanelTitle(ref), (p) => new DetailsPanel(host, p, ref), host);
    const known = imageFor(image, ref);
    if (created) panel.fetch(known, { preview: known !== undefined });
    else if (!panel.model && !panel.loading && !panel.gone) panel.fetch(known, { preview: false }); // the last attempt failed: try again
    return panel;
  }

  /** Panel restored after a window reload: shows what the page kept; loads only if it kept nothing. */
  static revive(host: DetailsPanelHost, panel: vscode.WebviewPanel, state: unknown): DetailsPanel | undefined {
    return DETAILS.revive(panel, state, (p, ref, kept) => DetailsPanel.restored(host, p, ref, kept), host);
  }

  static registerSerializer(host: DetailsPanelHost): vscode.Disposable {
    return DETAILS.registerSerializer((p, ref, kept) => DetailsPanel.restored(host, p, ref, kept), host);
  }

  static find(ref: AmiRef): DetailsPanel | undefined {
    return DETAILS.find(ref);
  }

  private static restored(host: DetailsPanelHost, panel: vscode.WebviewPanel, ref: AmiRef, kept: DetailsState): DetailsPanel {
    const revived = new DetailsPanel(host, panel, ref);
    // The page shows the links of the model it kept: allow those (well-formed ones only) until a load replaces them.
    const links = kept.model && detailsKey(kept.model.ref) === detailsKey(ref) ? kept.model.links : [];
    revived.restoredLinks = links.slice(0, MAX_RESTORED_LINKS).filter(isImageLink);
    return revived;
  }

  /** Links of the model a restored page kept, used while there is no model yet. */
  private restoredLinks: ImageLink[] = [];
  /** Links of the preview shown while the first load runs. */
  private previewLinks: ImageLink[] = [];

  private constructor(
    private readonly host: DetailsPanelHost,
    panel: vscode.WebviewPanel,
    ref: AmiRef,
  ) {
    super(DETAILS, host, panel, ref);
    const m = this.messages;
    m.onRequest(CopyIdRequest, async () => {
      await vscode.env.clipboard.writeText(this.key.imageId);
      return { copied: this.key.imageId };
    });
    m.onCommand(RefreshCommand, () => this.reload());
    m.onCommand(OpenJsonCommand, () => this.host.openJson(this.key));
    m.onCommand(CopyAsCommand, () => this.host.copyAs(this.key));
    m.onCommand(OpenImageCommand, (link) => this.openLinked(link));
    m.onCommand(EditPermissionsCommand, () => this.editPermissions());
    m.onCommand(LaunchCommand, () => this.launch());
    m.onCommand(CopyToRegionCommand, () => this.copyToRegion());
    m.onCommand(LifecycleCommand, ({ action }) => this.lifecycle(action));
    m.onCommand(AddTagCommand, () => this.tagAction('add'));
    m.onCommand(EditTagCommand, ({ key }) => this.tagAction('edit', key));
    m.onCommand(RemoveTagCommand, ({ key }) => this.tagAction('remove', key));
    // usage (wt/bin)
    m.onCommand(FindUsageCommand, () => this.ownerAction('Find Usage', (ref) => this.host.findUsage(ref)));
    m.onCommand(WhoUsesItCommand, () => this.ownerAction('Who Uses It', (ref) => this.host.whoUsesIt(ref)));
    // hygiene (#11): the setting applies live: a panel showing a model loads it again quietly (the page stays).
    if (host.onDidChangeHygieneMarks) {
      this.track(
        host.onDidChangeHygieneMarks(() => {
          if (this.model && this.gone === undefined) this.fetch(undefined, { preview: false, quiet: true });
        }),
      );
    }
  }

  /** Usage actions (wt/bin): only for an image whose launch permissions the host read as the owner, and that is not gone. */
  private ownerAction(title: string, run: (ref: AmiRef) => Thenable<unknown>): Thenable<unknown> | undefined {
    if (!this.model || this.model.permissions.status !== 'ok' || this.gone !== undefined) {
      this.host.log.warn(`Inspect AMI: refused ${title} for ${this.key.imageId}: it was not read as the owner's image, or it is gone.`);
      return undefined;
    }
    return run(this.key);
  }

  protected imageTitle(model: DetailsModel | undefined): string {
    return detailsPanelTitle(this.key, model);
  }

  /** Describes the image afresh (Refresh, and the first load of a page with nothing kept). */
  reload(): void {
    this.fetch(undefined, { preview: false });
  }

  /** Loads the details; `image` is used instead of describing it. `preview`: show the image's own facts at once. */
  private fetch(image: AmiImage | undefined, options: { preview: boolean; quiet?: boolean }): void {
    const preview = image && options.preview ? previewModel(this.key, image, this.host.hygieneMarks?.() ?? true) : undefined;
    this.previewLinks = preview?.links ?? [];
    this.load((signal) => this.host.load(this.key, signal, image), { ...(preview ? { preview } : {}), quiet: options.quiet === true });
  }

  /** The change flow: an update reloads from the image it carries, keeping the page. */
  protected showUpdated(image: AmiImage): void {
    this.fetch(image, { preview: false, quiet: true });
  }

  /** Only for an image whose launch permissions the host read (only the owner can), and that is not gone. */
  private editPermissions(): Thenable<unknown> | undefined {
    if (!this.model || this.model.permissions.status !== 'ok' || this.gone !== undefined) {
      this.host.log.warn(`Inspect AMI: refused to edit the launch permissions of ${this.key.imageId}: they were not read as the owner.`);
      return undefined;
    }
    return this.host.editPermissions(this.key);
  }

  /**
   * lifecycle (#10): only for the owner (the launch permissions were read), an image not gone, and
   * an action its state allows (Enable only when disabled, Disable only when available, Cancel
   * Deprecation only with a deprecation time). The command asks before it changes anything.
   */
  private lifecycle(action: LifecycleAction): Thenable<unknown> | undefined {
    const section = this.model?.lifecycle;
    const refuse = (why: string): undefined => {
      this.host.log.warn(`Inspect AMI: refused ${action} for ${this.key.imageId}: ${why}.`);
      return undefined;
    };
    if (!section || !section.owned) return refuse('not read as the owner');
    if (this.gone !== undefined) return refuse(this.gone);
    if (action === 'enable' && section.state !== 'disabled') return refuse('it is not disabled');
    if (action === 'disable' && section.state !== 'available') return refuse('it is not available');
    if (action === 'cancelDeprecation' && !section.hasDeprecation) return refuse('it has no deprecation time');
    return this.host.lifecycle(this.key, action);
  }

  /** Only for an image shown as available (EC2 copies nothing else) that is not gone. */
  private copyToRegion(): Thenable<unknown> | undefined {
    if (this.gone !== undefined || this.model?.header.state !== 'available') {
      this.host.log.warn(`Inspect AMI: refused to copy ${this.key.imageId}: ${this.gone ?? 'it is not available'}.`);
      return undefined;
    }
    return this.host.copyToRegion(this.key);
  }

  /** Not for an image that is gone. */
  private launch(): Thenable<unknown> | undefined {
    if (this.gone !== undefined) {
      this.host.log.warn(`Inspect AMI: refused to launch ${this.key.imageId}: ${this.gone}`);
      return undefined;
    }
    return this.host.launch(this.key);
  }

  /**
   * Tags: only for an image the host read as the owner (its launch permissions were readable),
   * that is not gone, and — for a row — only a key the shown model lists. The command re-reads
   * the image and finds the real key behind the shown one.
   */
  private tagAction(action: 'add' | 'edit' | 'remove', key?: string): Thenable<unknown> | undefined {
    if (!this.model || !tagsEditable(this.model) || this.gone !== undefined) {
      this.host.log.warn(`Inspect AMI: refused to change the tags of ${this.key.imageId}: not read as the owner, or gone.`);
      return undefined;
    }
    if (action === 'add') return this.host.addTag(this.key);
    if (key === undefined || !this.model.tags.some((t) => t.key === key)) {
      this.host.log.warn(`Inspect AMI: refused to change a tag of ${this.key.imageId} that the panel does not show.`);
      return undefined;
    }
    return action === 'edit' ? this.host.editTag(this.key, key) : this.host.removeTag(this.key, key);
  }

  private openLinked(link: ImageLink): Thenable<unknown> | undefined {
    // Only images this panel shows as links (source image, ancestry) may be opened from it.
    const links = this.model ? this.model.links : this.loading && this.previewLinks.length ? this.previewLinks : this.restoredLinks;
    const known = links.some((l) => l.imageId === link.imageId && l.region === link.region);
    if (!known) {
      this.host.log.warn(`Inspect AMI: refused to open ${link.imageId} in ${link.region}: not linked from ${this.key.imageId}.`);
      return undefined;
    }
    return this.host.inspect({ region: link.region, imageId: link.imageId, ...(this.key.profile !== undefined ? { profile: this.key.profile } : {}) });
  }
}
