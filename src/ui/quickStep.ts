/**
 * One step of a keyboard-only multi-step quick pick (Quick Launch): "step 2 of 5" in the title, a
 * Back button from the second step on, Enter accepts, Escape cancels the whole flow.
 */
import * as vscode from 'vscode';

/** The person pressed Back. */
export const BACK = Symbol('back');

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
