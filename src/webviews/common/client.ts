/**
 * The page end of a webview's message channel (runs in the browser). Requests get an id and a
 * promise for the matching response; notifications are checked against their guard before a
 * handler sees them. The page has no other way out: it never calls AWS or the network.
 */
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
