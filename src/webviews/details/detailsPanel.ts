/**
 * The "Inspect AMI" panel, host side. One panel per (profile, region, image), reused and
 * revealed when asked again. The host owns the data: it loads through `DetailsPanelHost.load`,
 * keeps the last model (so a hidden panel that comes back, or a page reload, does not refetch)
 * and answers the page's validated messages. The page renders; it never calls AWS.
 */
import * as vscode from 'vscode';
import { detailsKey, detailsPanelTitle, type DetailsModel, type ImageLink } from '../../model/details';
import type { AmiImage, AmiRef } from '../../model/image';
import { describeFailure, type Result } from '../../model/result';
import { errorMessage } from '../../util/log';
import { MessageHost } from '../messageHost';
import { buildWebviewHtml, webviewOptions } from '../shell';
import {
  CopyAsCommand,
  CopyIdRequest,
  DETAILS_VIEW_TYPE,
  ErrorNotification,
  LoadingNotification,
  OpenImageCommand,
  OpenJsonCommand,
  ReadyRequest,
  RefreshCommand,
  StateNotification,
  isDetailsState,
  isImageLink,
} from './protocol';

/** What the panel needs from the rest of the extension. */
export interface DetailsPanelHost {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  /** `image`: the image as the caller already holds it (a tree node), so it is not described again. */
  load(ref: AmiRef, signal: AbortSignal, image?: AmiImage): Promise<Result<DetailsModel>>;
  openJson(ref: AmiRef): Thenable<unknown>;
  copyAs(ref: AmiRef): Thenable<unknown>;
  inspect(ref: AmiRef): Thenable<unknown>;
}

/** A restored page's links beyond this many are ignored (a model lists a handful). */
const MAX_RESTORED_LINKS = 1000;

export class DetailsPanel {
  private static readonly panels = new Map<string, DetailsPanel>();

  /**
   * Opens (or reveals) the panel for `ref` and starts loading when it has nothing yet. `image`,
   * when the caller holds it (a tree node), seeds the first load; Refresh describes it again.
   */
  static show(host: DetailsPanelHost, ref: AmiRef, image?: AmiImage): DetailsPanel {
    const existing = DetailsPanel.panels.get(detailsKey(ref));
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (!existing.snapshot && !existing.inflight) existing.load(); // the last attempt failed: try again
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, detailsPanelTitle(ref), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      ...webviewOptions(host.extensionUri),
      retainContextWhenHidden: false,
      enableFindWidget: true,
    });
    const created = new DetailsPanel(host, panel, ref);
    created.load(image);
    return created;
  }

  /** Panel restored after a window reload: shows what the page kept; loads only if it kept nothing. */
  static revive(host: DetailsPanelHost, panel: vscode.WebviewPanel, state: unknown): DetailsPanel | undefined {
    if (!isDetailsState(state) || DetailsPanel.panels.has(detailsKey(state.ref))) {
      host.log.warn('Inspect AMI: a restored panel had no usable state; closing it.');
      panel.dispose();
      return undefined;
    }
    const revived = new DetailsPanel(host, panel, state.ref);
    // The page shows the links of the model it kept: allow those (well-formed ones only) until a load replaces them.
    const kept = state.model && detailsKey(state.model.ref) === detailsKey(state.ref) ? state.model.links : [];
    revived.restoredLinks = kept.slice(0, MAX_RESTORED_LINKS).filter(isImageLink);
    return revived;
  }

  static registerSerializer(host: DetailsPanelHost): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        DetailsPanel.revive(host, panel, state);
      },
    });
  }

  static find(ref: AmiRef): DetailsPanel | undefined {
    return DetailsPanel.panels.get(detailsKey(ref));
  }

  private snapshot: DetailsModel | undefined;
  /** Links of the model a restored page kept, used while there is no snapshot yet. */
  private restoredLinks: ImageLink[] = [];
  private lastError: string | undefined;
  private inflight: { controller: AbortController; done: Promise<void> } | undefined;
  private readonly messages: MessageHost;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  private constructor(
    private readonly host: DetailsPanelHost,
    readonly panel: vscode.WebviewPanel,
    readonly ref: AmiRef,
  ) {
    DetailsPanel.panels.set(detailsKey(ref), this);
    panel.webview.options = webviewOptions(host.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(host.extensionUri, 'media', 'amiExplorer.svg');
    panel.webview.html = buildWebviewHtml(panel.webview, host.extensionUri, { title: 'Inspect AMI', script: 'details' });
    this.messages = new MessageHost(panel.webview, host.log, 'Inspect AMI');
    this.disposables.push(this.messages, panel.onDidDispose(() => this.dispose()));

    this.messages.onRequest(ReadyRequest, ({ hasState }) => {
      if (this.snapshot) return { ref: this.ref, model: this.snapshot, loading: false };
      if (this.inflight) return { ref: this.ref, loading: true };
      if (this.lastError !== undefined) {
        // The failure happened before the page listened: say it again.
        const message = this.lastError;
        setTimeout(() => this.messages.notify(ErrorNotification, { message }), 0);
        return { ref: this.ref, loading: false };
      }
      if (hasState) return { ref: this.ref, loading: false }; // restored: the page shows what it kept
      this.load();
      return { ref: this.ref, loading: true };
    });
    this.messages.onRequest(CopyIdRequest, async () => {
      await vscode.env.clipboard.writeText(this.ref.imageId);
      return { copied: this.ref.imageId };
    });
    this.messages.onCommand(RefreshCommand, () => this.load());
    this.messages.onCommand(OpenJsonCommand, () => this.host.openJson(this.ref));
    this.messages.onCommand(CopyAsCommand, () => this.host.copyAs(this.ref));
    this.messages.onCommand(OpenImageCommand, (link) => {
      // Only images this panel shows as links (source image, ancestry) may be opened from it.
      const links = this.snapshot ? this.snapshot.links : this.restoredLinks;
      const known = links.some((l) => l.imageId === link.imageId && l.region === link.region);
      if (!known) {
        host.log.warn(`Inspect AMI: refused to open ${link.imageId} in ${link.region}: not linked from ${this.ref.imageId}.`);
        return;
      }
      return this.host.inspect({ region: link.region, imageId: link.imageId, ...(this.ref.profile !== undefined ? { profile: this.ref.profile } : {}) });
    });
  }

  /** The model shown, once the current load (if any) finished. */
  async whenLoaded(): Promise<DetailsModel | undefined> {
    while (this.inflight) await this.inflight.done;
    return this.snapshot;
  }

  /** The last load's failure, if it failed. */
  get error(): string | undefined {
    return this.lastError;
  }

  /** (Re)loads from EC2; a newer load cancels an older one. `image` seeds it (see show). */
  load(image?: AmiImage): void {
    if (this.disposed) return;
    this.inflight?.controller.abort();
    const controller = new AbortController();
    this.messages.notify(LoadingNotification, { loading: true });
    const done = this.fetch(controller, image).finally(() => {
      if (this.inflight?.controller === controller) this.inflight = undefined;
    });
    this.inflight = { controller, done };
  }

  private async fetch(controller: AbortController, image: AmiImage | undefined): Promise<void> {
    let result: Result<DetailsModel>;
    try {
      result = await this.host.load(this.ref, controller.signal, image);
    } catch (err) {
      result = { ok: false, error: { kind: 'unknown', message: errorMessage(err) } };
    }
    if (controller.signal.aborted || this.disposed) return;
    this.messages.notify(LoadingNotification, { loading: false });
    if (result.ok) {
      this.snapshot = result.value;
      this.lastError = undefined;
      this.panel.title = detailsPanelTitle(this.ref, result.value);
      this.messages.notify(StateNotification, { model: result.value });
    } else {
      this.lastError = describeFailure(result.error);
      this.host.log.warn(`Inspect AMI: loading ${this.ref.imageId} in ${this.ref.region} failed: ${this.lastError}`);
      const kind = result.error.kind === 'notFound' || result.error.kind === 'accessDenied' ? result.error.kind : 'other';
      this.messages.notify(ErrorNotification, { message: this.lastError, kind });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.inflight?.controller.abort();
    if (DetailsPanel.panels.get(detailsKey(this.ref)) === this) DetailsPanel.panels.delete(detailsKey(this.ref));
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
