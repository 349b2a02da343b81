/**
 * A stand-in for the `vscode` module, for measuring and checking activation in plain Node
 * (test/unit/activation.test.ts, scripts/bench.mjs). Every property is a callable, constructible
 * proxy that records its path and returns another such proxy, so activate() can register views and
 * commands without a workbench. It does not pretend to behave like VS Code: it only lets code run.
 */
import Module from 'node:module';

export interface FakeVscode {
  /** Dotted paths of every API called, e.g. "window.createTreeView". */
  readonly calls: string[];
  /** The same calls with their arguments (e.g. to run a registered command's handler). */
  readonly invocations: { path: string; args: unknown[] }[];
  /** Removes the module hook. */
  uninstall(): void;
}

function makeProxy(path: string, calls: string[], invocations: { path: string; args: unknown[] }[] = []): unknown {
  const target = function () {
    /* callable */
  };
  return new Proxy(target, {
    get(t, prop) {
      if (prop in t) return (t as unknown as Record<string | symbol, unknown>)[prop]; // fields set by the code
      if (prop === 'then') return undefined; // not a thenable
      if (prop === Symbol.toPrimitive) return () => path;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'dispose') return () => undefined;
      return makeProxy(`${path}.${String(prop)}`, calls, invocations);
    },
    apply(_t, _this, args: unknown[]) {
      calls.push(path);
      invocations.push({ path, args });
      return makeProxy(`${path}()`, calls, invocations);
    },
    construct() {
      calls.push(`new ${path}`);
      return makeProxy(`new ${path}`, calls, invocations) as object;
    },
  });
}

/** The top-level names of the API, so bundlers' `__toESM` interop can copy them. */
const API_NAMES = [
  'window', 'workspace', 'commands', 'env', 'languages', 'extensions', 'l10n', 'authentication', 'tests', 'debug', 'tasks', 'scm',
  'Uri', 'EventEmitter', 'Disposable', 'TreeItem', 'TreeItemCollapsibleState', 'ThemeIcon', 'ThemeColor', 'MarkdownString',
  'ConfigurationTarget', 'ProgressLocation', 'ViewColumn', 'CancellationTokenSource', 'CancellationError', 'Range', 'Position',
  'Selection', 'StatusBarAlignment', 'QuickPickItemKind', 'ExtensionMode', 'LogLevel', 'FileType', 'RelativePattern',
];

/** Makes `require('vscode')` return the fake until uninstall(). */
export function installFakeVscode(): FakeVscode {
  const calls: string[] = [];
  const invocations: { path: string; args: unknown[] }[] = [];
  const members = new Map(API_NAMES.map((n) => [n, makeProxy(`vscode.${n}`, calls, invocations)]));
  const fake = new Proxy({} as Record<string, unknown>, {
    get: (_t, prop) => (typeof prop === 'string' ? members.get(prop) ?? makeProxy(`vscode.${prop}`, calls, invocations) : undefined),
    has: () => true,
    ownKeys: () => API_NAMES,
    getOwnPropertyDescriptor: (_t, prop) =>
      typeof prop === 'string' && members.has(prop) ? { configurable: true, enumerable: true, value: members.get(prop) } : undefined,
  });
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return fake;
    return original.call(this, request, ...rest);
  };
  return {
    calls,
    invocations,
    uninstall() {
      mod._load = original;
    },
  };
}

/** A minimal ExtensionContext: subscriptions collected, state in memory. */
export function makeFakeContext(extensionPath: string): { subscriptions: { dispose(): unknown }[] } & Record<string, unknown> {
  const memento = new Map<string, unknown>();
  const state = {
    get: (k: string, d?: unknown) => (memento.has(k) ? memento.get(k) : d),
    update: async (k: string, v: unknown) => void memento.set(k, v),
    keys: () => [...memento.keys()],
    setKeysForSync: () => undefined,
  };
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: { fsPath: extensionPath, path: extensionPath, scheme: 'file' },
    globalState: state,
    workspaceState: state,
    extension: { packageJSON: { version: '0.0.0-test', name: 'ami-explorer' } },
    logUri: { fsPath: extensionPath },
    globalStorageUri: { fsPath: extensionPath },
    storageUri: undefined,
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined },
    asAbsolutePath: (p: string) => `${extensionPath}/${p}`,
  };
}
