/**
 * The messages every panel built on the panel base (panelBase.ts) exchanges with its page, typed
 * by the panel's key and model. A panel's own protocol module defines them once with its prefix
 * and adds its own actions. No vscode, no DOM: both bundles import this.
 */
import { exactObject, isBoolean, isString, optional, type Guard } from './guards';
import { defineNotification, defineRequest, type NotificationType, type RequestType } from './protocol';

/** The host's answer to the page's ready request: everything the page needs to show, at once. */
export interface ReadyResult<K, M> {
  /** What the panel shows (e.g. the image's reference). */
  key: K;
  /** The model, if the host has one; `partial` when it is a first, quick one and the rest is loading. */
  model?: M;
  partial?: boolean;
  /** The first load failed before the page listened: the reason, to show instead of a model. */
  error?: string;
  /** What the panel shows no longer exists (e.g. the image was deregistered): the page says so. */
  gone?: string;
  /** A load is under way: a state or error notification follows. */
  loading: boolean;
}

export interface PanelProtocol<P extends string, K, M> {
  /** The page has loaded. `hasState`: it already shows a model it kept (getState). */
  readonly Ready: RequestType<`${P}/ready`, { hasState: boolean }, ReadyResult<K, M>>;
  /** A new model; `partial`: a first one while the rest loads. */
  readonly State: NotificationType<`${P}/state`, { model: M; partial?: boolean }>;
  readonly Loading: NotificationType<`${P}/loading`, { loading: boolean }>;
  /** A load failed; the page keeps what it shows and says why. */
  readonly Error: NotificationType<`${P}/error`, { message: string }>;
  /** What the panel shows is gone; the page keeps the last model under a banner. */
  readonly Gone: NotificationType<`${P}/gone`, { message: string }>;
}

export function definePanelProtocol<P extends string, K, M>(prefix: P, isKey: Guard<K>, isModel: Guard<M>): PanelProtocol<P, K, M> {
  const isReadyResult = exactObject({
    key: isKey,
    model: optional(isModel),
    partial: optional(isBoolean),
    error: optional(isString),
    gone: optional(isString),
    loading: isBoolean,
  }) as Guard<ReadyResult<K, M>>;
  return {
    Ready: defineRequest(`${prefix}/ready`, exactObject({ hasState: isBoolean }), isReadyResult),
    State: defineNotification(`${prefix}/state`, exactObject({ model: isModel, partial: optional(isBoolean) }) as Guard<{ model: M; partial?: boolean }>),
    Loading: defineNotification(`${prefix}/loading`, exactObject({ loading: isBoolean })),
    Error: defineNotification(`${prefix}/error`, exactObject({ message: isString })),
    Gone: defineNotification(`${prefix}/gone`, exactObject({ message: isString })),
  };
}
