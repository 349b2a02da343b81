/**
 * The host end of a webview's message channel: routes requests and commands to handlers only
 * after the envelope and the payload passed their guards, answers every request exactly once,
 * and sends typed notifications. Anything malformed or unknown is logged and dropped.
 */
import type * as vscode from 'vscode';
import { parseWebviewMessage, type CommandType, type NotificationType, type RequestType, type ResponseMessage } from './protocol';
import { errorMessage } from '../util/log';

type Handler = (params: unknown) => unknown;

export class MessageHost implements vscode.Disposable {
  private readonly requests = new Map<string, { isParams: (v: unknown) => boolean; handle: Handler }>();
  private readonly commands = new Map<string, { isParams: (v: unknown) => boolean; handle: Handler }>();
  private readonly subscription: vscode.Disposable;
  private disposed = false;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn' | 'error'>,
    private readonly name: string,
  ) {
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
  }

  onRequest<M extends string, P, R>(type: RequestType<M, P, R>, handle: (params: P) => R | Promise<R>): void {
    this.requests.set(type.method, { isParams: type.isParams, handle: handle as Handler });
  }

  onCommand<M extends string, P>(type: CommandType<M, P>, handle: (params: P) => unknown): void {
    this.commands.set(type.method, { isParams: type.isParams, handle: handle as Handler });
  }

  notify<M extends string, P>(type: NotificationType<M, P>, params: P): void {
    if (this.disposed) return;
    void this.webview.postMessage({ kind: 'notification', method: type.method, params });
  }

  /** Handles one raw message; exposed for tests. Resolves when its handler finished. */
  async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.log.warn(`${this.name}: dropped a malformed message from the webview.`);
      return;
    }
    const entry = (msg.kind === 'request' ? this.requests : this.commands).get(msg.method);
    if (!entry) {
      this.log.warn(`${this.name}: dropped unknown ${msg.kind} "${msg.method}".`);
      if (msg.kind === 'request') this.respond({ kind: 'response', id: msg.id, ok: false, error: 'Unknown request.' });
      return;
    }
    if (!entry.isParams(msg.params)) {
      this.log.warn(`${this.name}: dropped ${msg.kind} "${msg.method}" with invalid parameters.`);
      if (msg.kind === 'request') this.respond({ kind: 'response', id: msg.id, ok: false, error: 'Invalid parameters.' });
      return;
    }
    try {
      const result = await entry.handle(msg.params);
      if (msg.kind === 'request') this.respond({ kind: 'response', id: msg.id, ok: true, result });
    } catch (err) {
      const text = errorMessage(err);
      this.log.error(`${this.name}: ${msg.method} failed: ${text}`);
      if (msg.kind === 'request') this.respond({ kind: 'response', id: msg.id, ok: false, error: text });
    }
  }

  private respond(message: ResponseMessage): void {
    if (!this.disposed) void this.webview.postMessage(message);
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.requests.clear();
    this.commands.clear();
  }
}
