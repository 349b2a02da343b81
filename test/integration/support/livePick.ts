/**
 * A quick pick the test drives step by step while the command keeps running (Find AMI, issue
 * #11): type a value, press Enter on an item, click an item button, hide it, and wait for the
 * items the command streams in. It stands in for window.createQuickPick until restore(); install
 * it after scriptPrompts() and restore it before that script's restore().
 *
 *   const live = installLivePick();
 *   const running = vscode.commands.executeCommand('amiExplorer.image.find');
 *   const pick = await live.next();
 *   pick.type('ami-0123…'); pick.accept();
 *   const items = await pick.waitForItems((items) => items.some(...), 'a result');
 */
import * as vscode from 'vscode';

export interface LivePick {
  readonly title: string | undefined;
  readonly busy: boolean;
  readonly value: string;
  readonly items: readonly vscode.QuickPickItem[];
  readonly activeItems: readonly vscode.QuickPickItem[];
  readonly hidden: boolean;
  /** Types into the box (the value changes, as a person typing it all at once). */
  type(value: string): void;
  /** Enter: on `item` when given, else on the active item (the first one, as VS Code highlights it). */
  accept(item?: vscode.QuickPickItem): void;
  /** Clicks the item's button whose tooltip is `tooltip`. */
  clickItemButton(item: vscode.QuickPickItem, tooltip: string): void;
  /** Escape. */
  hide(): void;
  /** Resolves with the items once `check` holds for them. */
  waitForItems(check: (items: readonly vscode.QuickPickItem[]) => boolean, what: string, timeoutMs?: number): Promise<readonly vscode.QuickPickItem[]>;
}

export interface LivePicks {
  /** The next quick pick the extension shows (or one already shown and not yet taken). */
  next(timeoutMs?: number): Promise<LivePick>;
  restore(): void;
}

export function installLivePick(): LivePicks {
  const window = vscode.window as unknown as Record<string, unknown>;
  const saved = window.createQuickPick;
  const shown: LivePick[] = [];
  const waiting: ((pick: LivePick) => void)[] = [];
  window.createQuickPick = () => {
    const { qp, pick } = makeLivePick(() => {
      const w = waiting.shift();
      if (w) w(pick);
      else shown.push(pick);
    });
    return qp;
  };
  return {
    next(timeoutMs = 20_000) {
      const ready = shown.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise<LivePick>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no quick pick was shown')), timeoutMs);
        waiting.push((p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
    },
    restore() {
      window.createQuickPick = saved;
    },
  };
}

function makeLivePick(onShow: () => void): { qp: vscode.QuickPick<vscode.QuickPickItem>; pick: LivePick } {
  const accept = new vscode.EventEmitter<void>();
  const hide = new vscode.EventEmitter<void>();
  const change = new vscode.EventEmitter<string>();
  const itemButton = new vscode.EventEmitter<vscode.QuickPickItemButtonEvent<vscode.QuickPickItem>>();
  const never = new vscode.EventEmitter<never>();
  let hidden = false;
  let items: readonly vscode.QuickPickItem[] = [];
  const state = {
    title: undefined as string | undefined,
    placeholder: undefined as string | undefined,
    value: '',
    activeItems: [] as readonly vscode.QuickPickItem[],
    selectedItems: [] as readonly vscode.QuickPickItem[],
    buttons: [] as readonly vscode.QuickInputButton[],
    canSelectMany: false,
    matchOnDescription: false,
    matchOnDetail: false,
    keepScrollPosition: false,
    ignoreFocusOut: false,
    enabled: true,
    busy: false,
    step: undefined as number | undefined,
    totalSteps: undefined as number | undefined,
    get items(): readonly vscode.QuickPickItem[] {
      return items;
    },
    set items(next: readonly vscode.QuickPickItem[]) {
      items = next;
      // As VS Code does: new items highlight the first one (the code may set activeItems after).
      state.activeItems = next.length > 0 && next[0] ? [next[0]] : [];
    },
    onDidAccept: accept.event,
    onDidHide: hide.event,
    onDidChangeValue: change.event,
    onDidTriggerItemButton: itemButton.event,
    onDidTriggerButton: never.event,
    onDidChangeActive: never.event,
    onDidChangeSelection: never.event,
    show(): void {
      hidden = false;
      setTimeout(onShow, 0);
    },
    hide(): void {
      if (hidden) return;
      hidden = true;
      hide.fire();
    },
    dispose(): void {
      for (const e of [accept, hide, change, itemButton, never]) e.dispose();
    },
  };
  const pick: LivePick = {
    get title() {
      return state.title;
    },
    get busy() {
      return state.busy;
    },
    get value() {
      return state.value;
    },
    get items() {
      return items;
    },
    get activeItems() {
      return state.activeItems;
    },
    get hidden() {
      return hidden;
    },
    type(value) {
      state.value = value;
      change.fire(value);
    },
    accept(item) {
      const chosen = item ?? state.activeItems[0];
      state.selectedItems = chosen ? [chosen] : [];
      accept.fire();
    },
    clickItemButton(item, tooltip) {
      const button = item.buttons?.find((b) => b.tooltip === tooltip);
      if (!button) throw new Error(`no button "${tooltip}" on ${item.label}`);
      itemButton.fire({ item, button });
    },
    hide() {
      state.hide();
    },
    async waitForItems(check, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check(items)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; items: ${items.map((i) => i.label).join(' | ')}; title: ${state.title ?? ''}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return items;
    },
  };
  return { qp: state as unknown as vscode.QuickPick<vscode.QuickPickItem>, pick };
}
