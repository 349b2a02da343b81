/**
 * What every panel of the extension needs, host side, typed by the panel's key (K), model (M) and
 * the state its page keeps (S):
 *  - one panel per key: a `PanelKind` holds the open panels by key; showing a key again reveals
 *    the panel that is open;
 *  - restore after a window reload: the kind's WebviewPanelSerializer validates the state the page
 *    kept before a panel is built from it;
 *  - a ready handshake: the page asks when it listens, and the answer carries the first model or
 *    the first error (or that a load is under way), so nothing sent before it matters;
 *  - abortable loads: a newer load aborts the older one, disposal aborts the current one;
 *  - disposal of every listener the panel registered (`track`).
 * A panel subclasses PanelBase and adds only its data and actions.
 */
import * as vscode from 'vscode';
import { describeFailure, type AwsFailure, type Result } from '../model/result';
import { errorMessage } from '../util/log';
import { MessageHost } from './messageHost';
import type { PanelProtocol, ReadyResult } from './panelProtocol';
import { buildWebviewHtml, webviewOptions } from './shell';

/** What any panel needs from the extension. */
export interface PanelEnv {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
}

export interface PanelKindSpec<K, M, S> {
  /** The webview panel type (also the serializer's). */
  readonly viewType: string;
  /** The panel's name in logs and the page's document title. */
  readonly name: string;
  /** Bundle name: dist/webview/<script>.js. */
  readonly script: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly protocol: PanelProtocol<any, K, M>;
  /** One string per key: panels with the same id are the same panel. */
  id(key: K): string;
  /** A restored page's state, checked: the key it showed and the state, or undefined to close it. */
  restore(state: unknown): { key: K; state: S } | undefined;
  /** Keep the page alive while hidden (forms keep typed text); off by default: pages restore from kept state. */
  readonly retainContextWhenHidden?: boolean;
}

/** One kind of panel: its spec and the panels of that kind open now, by key. */
export class PanelKind<K, M, S, P extends PanelBase<K, M, S> = PanelBase<K, M, S>> {
  private readonly open = new Map<string, P>();

  constructor(readonly spec: PanelKindSpec<K, M, S>) {}

  find(key: K): P | undefined {
    return this.open.get(this.spec.id(key));
  }

  /** Every open panel of this kind. */
  all(): P[] {
    return [...this.open.values()];
  }

  /** Reveals the panel open for `key`, or creates one with `create`. `created` says which. */
  show(key: K, title: string, create: (panel: vscode.WebviewPanel) => P, env: PanelEnv): { panel: P; created: boolean } {
    const existing = this.find(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return { panel: existing, created: false };
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      this.spec.viewType,
      title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(env.extensionUri), retainContextWhenHidden: this.spec.retainContextWhenHidden ?? false, enableFindWidget: true },
    );
    return { panel: create(webviewPanel), created: true };
  }

  /** A panel VS Code restored after a reload: built from its kept state if that is valid and its key is not open yet. */
  revive(webviewPanel: vscode.WebviewPanel, state: unknown, create: (panel: vscode.WebviewPanel, key: K, state: S) => P, env: PanelEnv): P | undefined {
    const restored = this.spec.restore(state);
    if (!restored || this.find(restored.key)) {
      env.log.warn(`${this.spec.name}: a restored panel had no usable state; closing it.`);
      webviewPanel.dispose();
      return undefined;
    }
    return create(webviewPanel, restored.key, restored.state);
  }

  registerSerializer(create: (panel: vscode.WebviewPanel, key: K, state: S) => P, env: PanelEnv): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(this.spec.viewType, {
      deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
        this.revive(webviewPanel, state, create, env);
      },
    });
  }

  /** @internal PanelBase registers and unregisters itself. */
  add(panel: P): void {
    this.open.set(this.spec.id(panel.key), panel);
  }

  /** @internal */
  remove(panel: P): void {
    const id = this.spec.id(panel.key);
    if (this.open.get(id) === panel) this.open.delete(id);
  }
}

export interface LoadOptions<M> {
  /** A first, quick model to show while this load runs (shown as partial). */
  preview?: M;
  /** Keep the page as it is while loading: no loading notifications (an update in the background). */
  quiet?: boolean;
}

export abstract class PanelBase<K, M, S = unknown> implements vscode.Disposable {
  protected readonly messages: MessageHost;
  private readonly disposables: vscode.Disposable[] = [];
  private current: M | undefined;
  private preview: M | undefined;
  private failure: string | undefined;
  private goneMessage: string | undefined;
  private inflight: { controller: AbortController; done: Promise<void> } | undefined;
  private disposed = false;

  protected constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly kind: PanelKind<K, M, S, any>,
    protected readonly env: PanelEnv,
    readonly panel: vscode.WebviewPanel,
    readonly key: K,
  ) {
    const spec = kind.spec;
    kind.add(this);
    panel.webview.options = webviewOptions(env.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(env.extensionUri, 'media', 'amiExplorer.svg');
    panel.webview.html = buildWebviewHtml(panel.webview, env.extensionUri, { title: spec.name, script: spec.script });
    this.messages = new MessageHost(panel.webview, env.log, spec.name);
    this.track(this.messages, panel.onDidDispose(() => this.dispose()));
    this.messages.onRequest(spec.protocol.Ready, ({ hasState }) => this.ready(hasState));
  }

  /** The tab title for the model shown (none yet: undefined); `gone` when the thing shown no longer exists. */
  protected abstract titleFor(model: M | undefined, gone: boolean): string;

  /** Disposed with the panel. */
  protected track(...disposables: vscode.Disposable[]): void {
    if (this.disposed) for (const d of disposables) d.dispose();
    else this.disposables.push(...disposables);
  }

  /** The complete model shown, if any (a preview is not). */
  get model(): M | undefined {
    return this.current;
  }

  /** The last load's failure, if it failed. */
  get error(): string | undefined {
    return this.failure;
  }

  get gone(): string | undefined {
    return this.goneMessage;
  }

  get loading(): boolean {
    return this.inflight !== undefined;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** The model shown once the current load (if any) finished. */
  async whenLoaded(): Promise<M | undefined> {
    while (this.inflight) await this.inflight.done;
    return this.current;
  }

  /** Answers the page's ready request with what there is now; starts the first load if nothing else will. */
  private ready(hasState: boolean): ReadyResult<K, M> {
    const base: ReadyResult<K, M> = { key: this.key, loading: this.inflight !== undefined, ...(this.goneMessage !== undefined ? { gone: this.goneMessage } : {}) };
    if (this.current !== undefined) return { ...base, model: this.current };
    if (this.preview !== undefined && this.inflight) return { ...base, model: this.preview, partial: true };
    if (this.inflight) return base;
    if (this.failure !== undefined) return { ...base, error: this.failure };
    if (hasState || this.goneMessage !== undefined) return base; // restored: the page shows what it kept
    this.reload();
    return { ...base, loading: true };
  }

  /** Loads afresh (the Refresh action, and the first load when the page asks). */
  abstract reload(): void;

  /** Runs a load; a newer load aborts this one, and so does disposal. Only the newest load's result is shown. */
  protected load(run: (signal: AbortSignal) => Promise<Result<M>>, options: LoadOptions<M> = {}): void {
    if (this.disposed) return;
    this.inflight?.controller.abort();
    const controller = new AbortController();
    this.preview = options.preview;
    if (!options.quiet) this.messages.notify(this.kind.spec.protocol.Loading, { loading: true });
    if (options.preview !== undefined) {
      this.messages.notify(this.kind.spec.protocol.State, { model: options.preview, partial: true });
      if (this.current === undefined) this.panel.title = this.titleFor(options.preview, this.goneMessage !== undefined);
    }
    const done = this.settle(controller, run, options.quiet === true).finally(() => {
      if (this.inflight?.controller === controller) this.inflight = undefined;
    });
    this.inflight = { controller, done };
  }

  private async settle(controller: AbortController, run: (signal: AbortSignal) => Promise<Result<M>>, quiet: boolean): Promise<void> {
    let result: Result<M>;
    try {
      result = await run(controller.signal);
    } catch (err) {
      result = { ok: false, error: { kind: 'unknown', message: errorMessage(err) } };
    }
    if (controller.signal.aborted || this.disposed) return;
    const protocol = this.kind.spec.protocol;
    this.preview = undefined;
    if (!quiet) this.messages.notify(protocol.Loading, { loading: false });
    if (result.ok) {
      this.current = result.value;
      this.failure = undefined;
      this.goneMessage = undefined; // it is back (a refresh found it)
      this.panel.title = this.titleFor(result.value, false);
      this.messages.notify(protocol.State, { model: result.value });
      this.loaded(result.value);
    } else if (this.isGone(result.error)) {
      this.markGone(this.goneText(result.error));
    } else {
      this.failure = describeFailure(result.error);
      this.env.log.warn(`${this.kind.spec.name}: loading ${this.kind.spec.id(this.key)} failed: ${this.failure}`);
      this.messages.notify(protocol.Error, { message: this.failure });
    }
  }

  /** Called after a load's model was shown. */
  protected loaded(_model: M): void {}

  /** Whether a failed load means that what the panel shows no longer exists (then it is marked gone). */
  protected isGone(_failure: AwsFailure): boolean {
    return false;
  }

  /** The banner text of a panel whose load found the thing gone. */
  protected goneText(failure: AwsFailure): string {
    return describeFailure(failure);
  }

  /** Says on the page and in the title that what the panel shows is gone; stops loading it. */
  protected markGone(message: string): void {
    if (this.disposed) return;
    this.inflight?.controller.abort();
    this.inflight = undefined;
    this.preview = undefined;
    this.goneMessage = message;
    this.panel.title = this.titleFor(this.current, true);
    this.messages.notify(this.kind.spec.protocol.Gone, { message });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.inflight?.controller.abort();
    this.inflight = undefined;
    this.kind.remove(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
