/**
 * The message protocol between the extension host and its webviews, shared by both sides.
 * Three kinds of message, declared once per panel in its own protocol module:
 *  - requests: webview → host, answered by one `response` carrying the same id;
 *  - commands: webview → host, fire and forget;
 *  - notifications: host → webview.
 * Every type carries a guard for its payload, so the receiver checks the shape before acting.
 * No vscode, no DOM: both bundles import this.
 */
import { isRecord, isSafeInteger, isString, type Guard } from './guards';

export interface RequestType<M extends string, P, R> {
  readonly kind: 'request';
  readonly method: M;
  readonly isParams: Guard<P>;
  readonly isResult: Guard<R>;
}

export interface CommandType<M extends string, P> {
  readonly kind: 'command';
  readonly method: M;
  readonly isParams: Guard<P>;
}

export interface NotificationType<M extends string, P> {
  readonly kind: 'notification';
  readonly method: M;
  readonly isParams: Guard<P>;
}

export function defineRequest<M extends string, P, R>(method: M, isParams: Guard<P>, isResult: Guard<R>): RequestType<M, P, R> {
  return { kind: 'request', method, isParams, isResult };
}

export function defineCommand<M extends string, P>(method: M, isParams: Guard<P>): CommandType<M, P> {
  return { kind: 'command', method, isParams };
}

export function defineNotification<M extends string, P>(method: M, isParams: Guard<P>): NotificationType<M, P> {
  return { kind: 'notification', method, isParams };
}

// ---- Wire format ----

export interface RequestMessage {
  kind: 'request';
  id: number;
  method: string;
  params: unknown;
}

export interface CommandMessage {
  kind: 'command';
  method: string;
  params: unknown;
}

export type ResponseMessage = { kind: 'response'; id: number; ok: true; result: unknown } | { kind: 'response'; id: number; ok: false; error: string };

export interface NotificationMessage {
  kind: 'notification';
  method: string;
  params: unknown;
}

/** Messages the webview sends. */
export type WebviewToHost = RequestMessage | CommandMessage;
/** Messages the host sends. */
export type HostToWebview = ResponseMessage | NotificationMessage;

const METHOD = /^[a-zA-Z]+\/[a-zA-Z]+$/;

/** The envelope of a message from a webview, checked; payloads are checked per method later. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isRecord(raw) || !isString(raw.method) || !METHOD.test(raw.method)) return undefined;
  if (raw.kind === 'request' && isSafeInteger(raw.id) && Object.keys(raw).length === 4 && 'params' in raw) {
    return { kind: 'request', id: raw.id, method: raw.method, params: raw.params };
  }
  if (raw.kind === 'command' && Object.keys(raw).length === 3 && 'params' in raw) {
    return { kind: 'command', method: raw.method, params: raw.params };
  }
  return undefined;
}

/** The envelope of a message from the host, checked. */
export function parseHostMessage(raw: unknown): HostToWebview | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.kind === 'response' && isSafeInteger(raw.id)) {
    if (raw.ok === true) return { kind: 'response', id: raw.id, ok: true, result: raw.result };
    if (raw.ok === false && isString(raw.error)) return { kind: 'response', id: raw.id, ok: false, error: raw.error };
    return undefined;
  }
  if (raw.kind === 'notification' && isString(raw.method) && METHOD.test(raw.method)) {
    return { kind: 'notification', method: raw.method, params: raw.params };
  }
  return undefined;
}
