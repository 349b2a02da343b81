/**
 * One step of a keyboard-only multi-step quick pick (Quick Launch): "step 2 of 5" in the title, a
 * Back button from the second step on, Enter accepts, Escape cancels the whole flow.
 */
import * as vscode from 'vscode';

/** The person pressed Back. */
export const BACK = Symbol('back');

/** A pick item carrying the value it stands for. */
export type ValueItem<T> = vscode.QuickPickItem & { value: T };

export interface StepOptions<T extends vscode.QuickPickItem> {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly placeholder: string;
  readonly items: readonly T[];
  /** Highlighted first (single pick) or ticked (canPickMany). */
  readonly active?: readonly T[];
  readonly canPickMany?: boolean;
}

/** The items accepted (one unless canPickMany), BACK, or undefined when the person pressed Escape. */
export function showStep<T extends vscode.QuickPickItem>(options: StepOptions<T>): Promise<readonly T[] | typeof BACK | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.step = options.step;
  qp.totalSteps = options.totalSteps;
  qp.placeholder = options.placeholder;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  // Stays open when focus moves elsewhere for a moment; Escape still closes it.
  qp.ignoreFocusOut = true;
  qp.canSelectMany = options.canPickMany === true;
  qp.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  qp.items = options.items;
  if (options.active?.length) {
    if (qp.canSelectMany) qp.selectedItems = options.active;
    else qp.activeItems = options.active.slice(0, 1);
  }
  return new Promise<readonly T[] | typeof BACK | undefined>((resolve) => {
    let settled = false;
    const finish = (value: readonly T[] | typeof BACK | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      qp.hide();
    };
    qp.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    qp.onDidAccept(() => {
      const chosen = qp.canSelectMany ? qp.selectedItems : qp.selectedItems.length > 0 ? qp.selectedItems : qp.activeItems;
      if (!qp.canSelectMany && chosen.length === 0) return;
      finish(qp.canSelectMany ? [...chosen] : chosen.slice(0, 1));
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  }).finally(() => qp.dispose());
}

// creation (issue #10): text steps of the same multi-step flows

export interface InputStepOptions {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
  readonly prompt: string;
  /** The text the box starts with. */
  readonly value: string;
  readonly placeholder?: string;
  /** Why the text cannot be accepted (shown under the box; Enter does nothing meanwhile), or undefined. */
  readonly validate?: (value: string) => string | undefined;
}

/**
 * A text step of a multi-step flow: "step 2 of 5" in the title, a Back button from the second step
 * on, the validation message under the box as the person types, Enter accepts only a valid text,
 * Escape cancels the whole flow. Resolves with the text, BACK, or undefined (Escape).
 */
export function showInputStep(options: InputStepOptions): Promise<string | typeof BACK | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.step = options.step;
  box.totalSteps = options.totalSteps;
  box.prompt = options.prompt;
  box.value = options.value;
  if (options.placeholder) box.placeholder = options.placeholder;
  box.ignoreFocusOut = true;
  box.buttons = options.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  const check = (value: string): string | undefined => options.validate?.(value);
  box.validationMessage = options.value === '' ? undefined : check(options.value);
  return new Promise<string | typeof BACK | undefined>((resolve) => {
    let settled = false;
    const finish = (value: string | typeof BACK | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      box.hide();
    };
    box.onDidChangeValue((value) => {
      box.validationMessage = check(value);
    });
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish(BACK);
    });
    box.onDidAccept(() => {
      const problem = check(box.value);
      box.validationMessage = problem;
      if (problem === undefined) finish(box.value);
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  }).finally(() => box.dispose());
}
