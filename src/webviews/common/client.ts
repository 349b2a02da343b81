/**
 * The page end of a webview's message channel (runs in the browser). Requests get an id and a
 * promise for the matching response; notifications are checked against their guard before a
 * handler sees them. The page has no other way out: it never calls AWS or the network.
 */
import type { PanelProtocol, ReadyResult } from '../panelProtocol';
import {
  parseHostMessage,
  type CommandType,
  type NotificationType,
  type RequestType,
} from '../protocol';

export interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

interface Pending {
  resolve(value: unknown): void;
  reject(reason: Error): void;
  isResult(value: unknown): boolean;
}

export class HostClient<S> {
  readonly api: VsCodeApi<S>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, { isParams: (v: unknown) => boolean; handle: (params: unknown) => void }>();

  constructor() {
    this.api = acquireVsCodeApi<S>();
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  request<M extends string, P, R>(type: RequestType<M, P, R>, params: P): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, isResult: type.isResult });
      this.api.postMessage({ kind: 'request', id, method: type.method, params });
    });
  }

  command<M extends string, P>(type: CommandType<M, P>, params: P): void {
    this.api.postMessage({ kind: 'command', method: type.method, params });
  }

  on<M extends string, P>(type: NotificationType<M, P>, handle: (params: P) => void): void {
    this.handlers.set(type.method, { isParams: type.isParams, handle: handle as (params: unknown) => void });
  }

  private receive(raw: unknown): void {
    const msg = parseHostMessage(raw);
    if (!msg) return;
    if (msg.kind === 'response') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (!msg.ok) p.reject(new Error(msg.error));
      else if (!p.isResult(msg.result)) p.reject(new Error('Malformed response from the extension.'));
      else p.resolve(msg.result);
      return;
    }
    const h = this.handlers.get(msg.method);
    if (h && h.isParams(msg.params)) h.handle(msg.params);
  }
}

/** What every panel page shows besides its model: a load under way, why the last load failed, that its subject is gone. */
export interface PanelStatusView {
  loading: boolean;
  error?: string;
  gone?: string;
}

/**
 * Follows a panel's Loading, Error and Gone notifications into `view`, then re-renders: a load
 * that starts clears the last error (and runs `onLoadStart`); an error or "gone" ends the load
 * (and runs `onLoadEnd`).
 */
export function followPanelStatus<S>(
  client: HostClient<S>,
  protocol: Pick<PanelProtocol<string, unknown, unknown>, 'Loading' | 'Error' | 'Gone'>,
  view: PanelStatusView,
  update: () => void,
  hooks: { onLoadStart?(): void; onLoadEnd?(): void } = {},
): void {
  client.on(protocol.Loading, ({ loading }) => {
    view.loading = loading;
    if (loading) {
      delete view.error;
      hooks.onLoadStart?.();
    }
    update();
  });
  client.on(protocol.Error, ({ message }) => {
    view.loading = false;
    view.error = message;
    hooks.onLoadEnd?.();
    update();
  });
  client.on(protocol.Gone, ({ message }) => {
    view.gone = message;
    view.loading = false;
    hooks.onLoadEnd?.();
    update();
  });
}

/**
 * The end of the ready handshake every panel page makes (after it dealt with a changed key): the
 * load status, "gone" and a first error as the host gives them, then the model (`show`) or just a
 * re-render.
 */
export function showReady<M>(view: PanelStatusView, ready: ReadyResult<unknown, M>, show: (model: M, partial: boolean) => void, update: () => void): void {
  view.loading = ready.loading;
  if (ready.gone !== undefined) view.gone = ready.gone;
  if (ready.error !== undefined) view.error = ready.error;
  if (ready.model) show(ready.model, ready.partial === true);
  else update();
}

/** A ready handshake that failed: the page says why. */
export function readyFailed(view: PanelStatusView, update: () => void): (err: Error) => void {
  return (err) => {
    view.error = err.message;
    update();
  };
}
