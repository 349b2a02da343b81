/**
 * Webview panels without a workbench, for unit tests of the panel base and the panels built on
 * it. Extends the working vscode stub (../support/vscodeStub.ts) with what panels use:
 * window.createWebviewPanel / registerWebviewPanelSerializer, Uri.joinPath, ViewColumn and the
 * clipboard. A fake panel records what the host posts and lets the test speak as the page.
 */
import Module from 'node:module';
import * as stub from '../support/vscodeStub';

type Listener<T> = (e: T) => unknown;

export class FakeUri {
  constructor(readonly path: string) {}
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `file://${this.path}`;
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri([base.path, ...parts].join('/'));
  }
  static file(path: string): FakeUri {
    return new FakeUri(path);
  }
}

export class FakeWebviewPanel {
  title: string;
  iconPath: unknown;
  revealed = 0;
  disposed = false;
  /** Everything the host posted to the page, in order. */
  readonly posted: unknown[] = [];
  private readonly pageListeners = new Set<Listener<unknown>>();
  private readonly disposeListeners = new Set<Listener<void>>();
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (uri: FakeUri) => uri,
    postMessage: async (message: unknown) => {
      if (!this.disposed) this.posted.push(message);
      return !this.disposed;
    },
    onDidReceiveMessage: (l: Listener<unknown>) => {
      this.pageListeners.add(l);
      return { dispose: () => void this.pageListeners.delete(l) };
    },
  };

  constructor(
    readonly viewType: string,
    title: string,
  ) {
    this.title = title;
  }

  onDidDispose(l: Listener<void>): { dispose(): void } {
    this.disposeListeners.add(l);
    return { dispose: () => void this.disposeListeners.delete(l) };
  }

  reveal(): void {
    this.revealed++;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const l of [...this.disposeListeners]) l();
  }

  /** The page sends a message (as the webview's script would). */
  fromPage(message: unknown): void {
    for (const l of [...this.pageListeners]) l(message);
  }

  get listenerCount(): number {
    return this.pageListeners.size;
  }

  /** Notifications posted with this method, their params in order. */
  notifications(method: string): unknown[] {
    return this.posted.flatMap((m) => (isMessage(m) && m.kind === 'notification' && m.method === method ? [m.params] : []));
  }

  /** The response to request `id`, if posted. */
  response(id: number): unknown {
    return this.posted.find((m) => isMessage(m) && m.kind === 'response' && m.id === id);
  }
}

function isMessage(m: unknown): m is { kind: string; method?: string; id?: number; params?: unknown } {
  return typeof m === 'object' && m !== null && 'kind' in m;
}

export interface PanelWorld {
  /** Panels created through window.createWebviewPanel, in order. */
  readonly created: FakeWebviewPanel[];
  /** Serializers registered, by view type. */
  readonly serializers: Map<string, { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }>;
  clipboard: string;
}

export const world: PanelWorld = { created: [], serializers: new Map(), clipboard: '' };

const vscodeForPanels = {
  ...stub,
  Uri: FakeUri,
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  env: {
    clipboard: {
      writeText: async (text: string) => void (world.clipboard = text),
      readText: async () => world.clipboard,
    },
  },
  window: {
    ...stub.window,
    createWebviewPanel: (viewType: string, title: string) => {
      const panel = new FakeWebviewPanel(viewType, title);
      world.created.push(panel);
      return panel;
    },
    registerWebviewPanelSerializer: (viewType: string, serializer: { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }) => {
      world.serializers.set(viewType, serializer);
      return { dispose: () => void world.serializers.delete(viewType) };
    },
  },
};

/**
 * Requires `modulePath` (absolute, compiled) with `vscode` resolving to the panel-capable stub.
 * Modules that import vscode are loaded afresh so they bind to it.
 */
export function requireWithPanels<T>(modulePath: string, fresh: string[] = []): T {
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return vscodeForPanels;
    return original.call(this, request, ...rest);
  };
  try {
    for (const f of [modulePath, ...fresh]) delete require.cache[require.resolve(f)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(modulePath) as T;
  } finally {
    mod._load = original;
  }
}
