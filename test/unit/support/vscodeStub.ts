/**
 * A small working stand-in for the `vscode` module, for unit tests of code that imports vscode but
 * whose logic is plain (tree nodes, the provider, the services' settings handling). Unlike
 * fakeVscode.ts it behaves: events fire to listeners, tree items keep their fields, withProgress
 * runs its task. Only what those modules use is here. Load the modules under test with require()
 * after install(), so their `import * as vscode` gets the stub.
 */
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  isTrusted = false;
  supportHtml = false;
  constructor(
    public value = '',
    readonly supportThemeIcons = false,
  ) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  contextValue?: string;
  command?: unknown;
  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

/** Enough of vscode.Uri for `instanceof` checks and parsing by scheme and path. */
export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query: string,
  ) {}
  static from(parts: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? '', parts.query ?? '');
  }
  toString(): string {
    return `${this.scheme}:${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

/** The parts of vscode.workspace the services read; tests set `config` and `isTrusted`. */
export const workspace = {
  config: {} as Record<string, unknown>,
  isTrusted: true,
  configurationChanged: new EventEmitter<{ affectsConfiguration(section: string): boolean }>(),
  trustGranted: new EventEmitter<void>(),
  getConfiguration: (_section?: string) => ({ get: (key: string): unknown => workspace.config[key] }),
  onDidChangeConfiguration: (l: Listener<{ affectsConfiguration(section: string): boolean }>) => workspace.configurationChanged.event(l),
  onDidGrantWorkspaceTrust: (l: Listener<void>) => workspace.trustGranted.event(l),
};

export interface LogLine {
  level: string;
  message: string;
}

/** Every line written to any output channel made through the stub. */
export const logLines: LogLine[] = [];

function logChannel(): Record<string, unknown> {
  const line = (level: string) => (message: string) => void logLines.push({ level, message });
  return { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), show: () => undefined, dispose: () => undefined };
}

export const window = {
  createOutputChannel: () => logChannel(),
  withProgress: async <R>(_options: unknown, task: () => Promise<R>): Promise<R> => task(),
  showErrorMessage: async () => undefined,
  showInputBox: async () => undefined,
};

export const commands = {
  executed: [] as unknown[][],
  executeCommand: async (...args: unknown[]): Promise<unknown> => {
    commands.executed.push(args);
    return undefined;
  },
  registerCommand: () => ({ dispose: () => undefined }),
};

export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };

const stub = { Uri, EventEmitter, ThemeColor, ThemeIcon, MarkdownString, TreeItemCollapsibleState, TreeItem, workspace, window, commands, ConfigurationTarget };

let installed: { restore(): void } | undefined;

/** Makes `require('vscode')` return the stub (idempotent). */
export function installVscodeStub(): void {
  if (installed) return;
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return stub;
    return original.call(this, request, ...rest);
  };
  installed = { restore: () => void (mod._load = original) };
}

export function uninstallVscodeStub(): void {
  installed?.restore();
  installed = undefined;
}

/** A promise with its resolve exposed, to hold a fake AWS call open. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setImmediate(r));
}
