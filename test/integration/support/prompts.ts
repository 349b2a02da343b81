/**
 * Scripted answers to the prompts a command shows (input box, quick picks, modal messages) and a
 * record of every message it shows, for in-editor tests. The tests run inside the extension's own
 * folder, so VS Code hands them the same `vscode` API object as the extension: replacing a
 * function of `vscode.window` here replaces it for the extension's commands too, until restore().
 *
 *   const ui = scriptPrompts({ input: ['210987654321'], modal: ['Share Image Only'] });
 *   try { await vscode.commands.executeCommand(...); } finally { ui.restore(); }
 *   ui.messages  // [{ level: 'info', text: 'Shared …' }]
 *
 * Quick picks made with createQuickPick (multi-step flows) take their answers from the same
 * `quickPick` list as showQuickPick; an answer may also be BACK_ANSWER (the Back button).
 */
import * as vscode from 'vscode';

export interface ShownMessage {
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly modal: boolean;
  readonly detail?: string;
  readonly buttons: readonly string[];
}

export interface ShownInputBox {
  readonly options: vscode.InputBoxOptions;
  /** What validateInput said about the answer given (undefined: accepted). */
  readonly validation: string | undefined;
}

/** A quick-pick answer that presses the Back button (createQuickPick steps only). */
export const BACK_ANSWER = 'back';

/** Picks from the items shown: the items (or item) to answer with; undefined = Escape. */
export type QuickPickAnswer = (
  items: readonly vscode.QuickPickItem[],
  options: vscode.QuickPickOptions | undefined,
) => vscode.QuickPickItem | vscode.QuickPickItem[] | undefined | typeof BACK_ANSWER;

/** What a createQuickPick step showed besides its items. */
export interface ShownQuickPickStep {
  readonly step?: number;
  readonly totalSteps?: number;
  /** The items highlighted (single pick) or ticked (canSelectMany) when it opened. */
  readonly preselected: readonly vscode.QuickPickItem[];
  readonly hasBack: boolean;
}

export interface PromptScript {
  /** Answers to input boxes, in order (undefined = Escape). */
  input?: (string | undefined)[];
  /** Answers to quick picks, in order. */
  quickPick?: QuickPickAnswer[];
  /** Buttons clicked in modal messages, in order (undefined = Cancel). */
  modal?: (string | undefined)[];
  /** Files chosen in save dialogs, in order (undefined = Cancel). */
  saveDialog?: (vscode.Uri | undefined)[];
  /** Files chosen in open dialogs, in order (undefined = Cancel). */
  openDialog?: (vscode.Uri[] | undefined)[];
  /**
   * Presses Cancel on a cancellable progress notification: once its task reports a message
   * matching `afterMessage` (a step it reached), the token the task got is cancelled, as the
   * notification's Cancel button does. Other progress runs untouched.
   */
  cancelProgress?: { readonly title: RegExp; readonly afterMessage: RegExp };
}

export interface ScriptedPrompts {
  readonly messages: ShownMessage[];
  readonly inputBoxes: ShownInputBox[];
  readonly quickPicks: { items: readonly vscode.QuickPickItem[]; options: vscode.QuickPickOptions | undefined; step?: ShownQuickPickStep }[];
  /** The options of the save and open dialogs shown. */
  readonly dialogs: (vscode.SaveDialogOptions | vscode.OpenDialogOptions)[];
  /** The modal messages shown (a subset of messages). */
  readonly modals: ShownMessage[];
  /** Titles of the progress notifications cancelled by `cancelProgress`. */
  readonly cancelledProgress: string[];
  /** Resolves when a non-modal message matching `pattern` was shown (notifications are not awaited by commands). */
  message(pattern: RegExp, timeoutMs?: number): Promise<ShownMessage>;
  restore(): void;
}

type ShowMessage = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/** Splits show*Message's arguments: an options object first (modal, detail), then the items. */
function messageArgs(rest: unknown[]): { options: vscode.MessageOptions; buttons: string[] } {
  const [first, ...others] = rest;
  const isOptions = typeof first === 'object' && first !== null && !('title' in first);
  const items = isOptions ? others : rest;
  return { options: isOptions ? (first as vscode.MessageOptions) : {}, buttons: items.map((i) => (typeof i === 'string' ? i : String((i as { title?: unknown }).title))) };
}

export function scriptPrompts(script: PromptScript = {}): ScriptedPrompts {
  const window = vscode.window as unknown as Record<string, unknown>;
  const names = ['showInputBox', 'createInputBox', 'showQuickPick', 'createQuickPick', 'showSaveDialog', 'showOpenDialog', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'withProgress'] as const;
  const saved = new Map(names.map((n) => [n, window[n]]));
  const inputs = [...(script.input ?? [])];
  const picks = [...(script.quickPick ?? [])];
  const modalAnswers = [...(script.modal ?? [])];
  const saveAnswers = [...(script.saveDialog ?? [])];
  const openAnswers = [...(script.openDialog ?? [])];
  const dialogs: ScriptedPrompts['dialogs'] = [];
  const messages: ShownMessage[] = [];
  const inputBoxes: ShownInputBox[] = [];
  const quickPicks: ScriptedPrompts['quickPicks'] = [];
  const waiters: { pattern: RegExp; resolve: (m: ShownMessage) => void }[] = [];

  window.showInputBox = async (options: vscode.InputBoxOptions = {}): Promise<string | undefined> => {
    if (inputs.length === 0) throw new Error(`unexpected input box: ${options.title ?? options.prompt ?? ''}`);
    const answer = inputs.shift();
    const validation = answer !== undefined && options.validateInput ? await options.validateInput(answer) : undefined;
    inputBoxes.push({ options, validation: typeof validation === 'string' ? validation : validation?.message });
    return answer;
  };
  window.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions): Promise<unknown> => {
    const resolved = await items;
    quickPicks.push({ items: resolved, options });
    const answer = picks.shift();
    if (!answer) throw new Error(`unexpected quick pick: ${options?.title ?? ''}`);
    const chosen = answer(resolved, options);
    if (chosen === BACK_ANSWER) throw new Error(`showQuickPick has no Back button: ${options?.title ?? ''}`);
    return chosen;
  };
  window.createQuickPick = () => scriptedQuickPick((qp) => {
    const options: vscode.QuickPickOptions = { ...(qp.title !== undefined ? { title: qp.title } : {}), ...(qp.placeholder !== undefined ? { placeHolder: qp.placeholder } : {}), canPickMany: qp.canSelectMany };
    const step: ShownQuickPickStep = {
      ...(qp.step !== undefined ? { step: qp.step } : {}),
      ...(qp.totalSteps !== undefined ? { totalSteps: qp.totalSteps } : {}),
      preselected: qp.canSelectMany ? qp.selectedItems : qp.activeItems,
      hasBack: qp.buttons.includes(vscode.QuickInputButtons.Back),
    };
    quickPicks.push({ items: qp.items, options, step });
    const answer = picks.shift();
    if (!answer) throw new Error(`unexpected quick pick: ${qp.title ?? ''}`);
    return answer(qp.items, options);
  });
  // Input boxes made with createInputBox (text steps of multi-step flows) answer from the same
  // `input` list; an answer may be BACK_ANSWER (the Back button). An answer the box refuses
  // (validation message) is recorded and then the box is hidden, as a person giving up would.
  window.createInputBox = () =>
    scriptedInputBox((box) => {
      if (inputs.length === 0) throw new Error(`unexpected input box: ${box.title ?? box.prompt ?? ''}`);
      return inputs.shift();
    }, (box, validation) => inputBoxes.push({ options: { ...(box.title !== undefined ? { title: box.title } : {}), ...(box.prompt !== undefined ? { prompt: box.prompt } : {}), value: box.value }, validation }));
  const cancelledProgress: string[] = [];
  const cancel = script.cancelProgress;
  if (cancel) {
    const original = saved.get('withProgress') as <R>(options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>) => Thenable<R>;
    window.withProgress = <R>(options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>): Thenable<R> =>
      original.call<typeof vscode.window, [vscode.ProgressOptions, (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>], Thenable<R>>(vscode.window, options, (progress, token): Thenable<R> => {
        if (!options.cancellable || !cancel.title.test(options.title ?? '')) return task(progress, token);
        const source = new vscode.CancellationTokenSource();
        const sub = token.onCancellationRequested(() => source.cancel());
        const watched = {
          report(value: { message?: string; increment?: number }): void {
            progress.report(value);
            if (!source.token.isCancellationRequested && value.message !== undefined && cancel.afterMessage.test(value.message)) {
              cancelledProgress.push(options.title ?? '');
              // After the task's own report returns, as a click would come.
              setTimeout(() => source.cancel(), 0);
            }
          },
        };
        return Promise.resolve<R>(task(watched, source.token)).finally(() => {
          sub.dispose();
          source.dispose();
        });
      });
  }
  window.showSaveDialog = async (options: vscode.SaveDialogOptions = {}): Promise<vscode.Uri | undefined> => {
    dialogs.push(options);
    if (saveAnswers.length === 0) throw new Error(`unexpected save dialog: ${options.title ?? ''}`);
    return saveAnswers.shift();
  };
  window.showOpenDialog = async (options: vscode.OpenDialogOptions = {}): Promise<vscode.Uri[] | undefined> => {
    dialogs.push(options);
    if (openAnswers.length === 0) throw new Error(`unexpected open dialog: ${options.title ?? ''}`);
    return openAnswers.shift();
  };
  const show =
    (level: ShownMessage['level']): ShowMessage =>
    async (text, ...rest) => {
      const { options, buttons } = messageArgs(rest);
      const shown: ShownMessage = { level, text, modal: options.modal === true, ...(options.detail !== undefined ? { detail: options.detail } : {}), buttons };
      messages.push(shown);
      if (!shown.modal) {
        for (const w of waiters.filter((x) => x.pattern.test(text))) w.resolve(shown);
        return undefined;
      }
      if (modalAnswers.length === 0) throw new Error(`unexpected modal: ${text}`);
      return modalAnswers.shift();
    };
  window.showInformationMessage = show('info');
  window.showWarningMessage = show('warning');
  window.showErrorMessage = show('error');

  return {
    messages,
    inputBoxes,
    quickPicks,
    dialogs,
    get modals() {
      return messages.filter((m) => m.modal);
    },
    cancelledProgress,
    message(pattern, timeoutMs = 20_000) {
      const found = messages.find((m) => !m.modal && pattern.test(m.text));
      if (found) return Promise.resolve(found);
      return new Promise<ShownMessage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message matching ${String(pattern)}; shown: ${JSON.stringify(messages.map((m) => m.text))}`)), timeoutMs);
        waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    restore() {
      for (const [name, fn] of saved) window[name] = fn;
    },
  };
}

/** A quick-pick answer: the items whose label matches (several for canPickMany, else the first). */
export function pickLabels(...patterns: RegExp[]): QuickPickAnswer {
  return (items, options) => {
    const chosen = items.filter((i) => patterns.some((p) => p.test(i.label)));
    if (chosen.length === 0) throw new Error(`no item matches ${patterns.map(String).join(', ')} among ${items.map((i) => i.label).join(', ')}`);
    return options?.canPickMany ? chosen : chosen[0];
  };
}

/**
 * A stand-in for window.createQuickPick: on show() it asks `answer` (with the items and state set
 * by then) and then accepts the items answered, presses Back, or hides (Escape) — as a person would.
 * An answer that throws (no answer left, no item matches) is logged and hides the pick, so the flow
 * ends as if cancelled and the test's own assertions fail.
 */
function scriptedQuickPick(answer: (qp: vscode.QuickPick<vscode.QuickPickItem>) => ReturnType<QuickPickAnswer>): vscode.QuickPick<vscode.QuickPickItem> {
  const accept = new vscode.EventEmitter<void>();
  const hide = new vscode.EventEmitter<void>();
  const button = new vscode.EventEmitter<vscode.QuickInputButton>();
  const never = new vscode.EventEmitter<never>();
  let hidden = false;
  const qp = {
    title: undefined as string | undefined,
    step: undefined as number | undefined,
    totalSteps: undefined as number | undefined,
    placeholder: undefined as string | undefined,
    value: '',
    items: [] as readonly vscode.QuickPickItem[],
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
    onDidAccept: accept.event,
    onDidHide: hide.event,
    onDidTriggerButton: button.event,
    onDidChangeValue: never.event,
    onDidChangeActive: never.event,
    onDidChangeSelection: never.event,
    onDidTriggerItemButton: never.event,
    show(): void {
      hidden = false;
      setTimeout(() => {
        let chosen: ReturnType<QuickPickAnswer>;
        try {
          chosen = answer(qp as unknown as vscode.QuickPick<vscode.QuickPickItem>);
        } catch (err) {
          console.error(`scripted quick pick: ${err instanceof Error ? err.message : String(err)}`);
          qp.hide();
          return;
        }
        if (chosen === undefined) qp.hide();
        else if (chosen === BACK_ANSWER) button.fire(vscode.QuickInputButtons.Back);
        else {
          qp.selectedItems = Array.isArray(chosen) ? chosen : [chosen];
          accept.fire();
        }
      }, 0);
    },
    hide(): void {
      if (hidden) return;
      hidden = true;
      hide.fire();
    },
    dispose(): void {
      for (const e of [accept, hide, button, never]) e.dispose();
    },
  };
  return qp as unknown as vscode.QuickPick<vscode.QuickPickItem>;
}

/**
 * A stand-in for window.createInputBox: on show() it records the box (with the value it starts
 * with), types the scripted answer (firing onDidChangeValue, so the flow validates it), records the
 * validation message, then accepts — or presses Back, or hides (Escape, or a refused answer).
 */
function scriptedInputBox(
  answer: (box: vscode.InputBox) => string | undefined,
  record: (box: vscode.InputBox, validation: string | undefined) => void,
): vscode.InputBox {
  const accept = new vscode.EventEmitter<void>();
  const hide = new vscode.EventEmitter<void>();
  const button = new vscode.EventEmitter<vscode.QuickInputButton>();
  const change = new vscode.EventEmitter<string>();
  let hidden = false;
  const box = {
    title: undefined as string | undefined,
    step: undefined as number | undefined,
    totalSteps: undefined as number | undefined,
    prompt: undefined as string | undefined,
    placeholder: undefined as string | undefined,
    value: '',
    valueSelection: undefined,
    password: false,
    buttons: [] as readonly vscode.QuickInputButton[],
    validationMessage: undefined as string | vscode.InputBoxValidationMessage | undefined,
    ignoreFocusOut: false,
    enabled: true,
    busy: false,
    onDidAccept: accept.event,
    onDidHide: hide.event,
    onDidTriggerButton: button.event,
    onDidChangeValue: change.event,
    show(): void {
      hidden = false;
      setTimeout(() => {
        let typed: string | undefined;
        const initial = { ...box };
        try {
          typed = answer(box as unknown as vscode.InputBox);
        } catch (err) {
          console.error(`scripted input box: ${err instanceof Error ? err.message : String(err)}`);
          box.hide();
          return;
        }
        if (typed === undefined) {
          record(initial as unknown as vscode.InputBox, undefined);
          box.hide();
          return;
        }
        if (typed === BACK_ANSWER) {
          record(initial as unknown as vscode.InputBox, undefined);
          button.fire(vscode.QuickInputButtons.Back);
          return;
        }
        box.value = typed;
        change.fire(typed);
        const message = box.validationMessage;
        const validation = typeof message === 'string' ? message : message?.message;
        record(initial as unknown as vscode.InputBox, validation);
        accept.fire();
        // A refused answer leaves the box open: the script gives up (Escape), so the flow ends.
        setTimeout(() => {
          if (!hidden) box.hide();
        }, 0);
      }, 0);
    },
    hide(): void {
      if (hidden) return;
      hidden = true;
      hide.fire();
    },
    dispose(): void {
      for (const e of [accept, hide, button, change]) e.dispose();
    },
  };
  return box as unknown as vscode.InputBox;
}
