/**
 * Find AMI's quick pick (issue #11): the user types a query (the remembered searches are offered
 * while the box is empty), Enter starts the search, results stream in as regions answer (busy
 * indicator, progress in the title), failed regions and cut-off regions are listed as items.
 * Hiding the pick (Escape, focus lost) aborts every call still running. Each result has the
 * buttons "Open Details" and "Copy ID"; choosing it resolves with the result to reveal.
 */
import * as vscode from 'vscode';
import {
  describeFindQuery,
  findFailureRow,
  findMoreRow,
  findNothingText,
  findProgressTitle,
  findResultRow,
  parseFindQuery,
  type FindQuery,
} from '../model/findQuery';
import { pickText } from '../model/text';
import type { FindResult, FindSearch } from './findSearch';

export const FIND_TITLE = 'Find AMI';
const PLACEHOLDER = 'Image id (ami-…, several allowed), name pattern (web-*), text, name:…, desc:…, or Key=Value — Enter to search';

type FindItem = vscode.QuickPickItem &
  (
    | { find: 'history'; query: string }
    | { find: 'search' }
    | { find: 'invalid' }
    | { find: 'result'; result: FindResult }
    | { find: 'note' }
  );

export const OPEN_DETAILS_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('info'), tooltip: 'Open Details' };
export const COPY_ID_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy ID' };

export type FindChoice = { action: 'reveal' | 'details'; result: FindResult; query: string };

export interface FindPickDeps {
  /** Remembered searches, most recent first. */
  history(): readonly string[];
  remember(query: string): Thenable<void> | Promise<void>;
  /** Makes the search (its state grows; onChange is called as regions answer). */
  createSearch(query: FindQuery, onChange: () => void): FindSearch;
  copyId(imageId: string): Thenable<void> | Promise<void>;
  log(message: string): void;
}

/** Shows the pick; resolves with the chosen result, or undefined when the user left it. */
export function showFindPick(deps: FindPickDeps, initial?: string): Promise<FindChoice | undefined> {
  const qp = vscode.window.createQuickPick<FindItem>();
  qp.title = FIND_TITLE;
  qp.placeholder = PLACEHOLDER;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = false; // focus moving away hides it, which stops the search
  if (initial) qp.value = initial;

  let controller: AbortController | undefined;
  let search: FindSearch | undefined;
  let searchedText = '';
  let settled = false;
  /** Result items by profile/region/id, reused across renders so the highlighted one keeps its identity. */
  let cache = new Map<string, FindItem>();

  return new Promise<FindChoice | undefined>((resolve) => {
    const finish = (choice: FindChoice | undefined): void => {
      if (settled) return;
      settled = true;
      controller?.abort(new Error('Find AMI closed'));
      resolve(choice);
      qp.hide();
    };

    /** The items for what is typed now: history (empty box) or a "Search" / invalid line, then the results. */
    const render = (keepActive = true): void => {
      const value = qp.value.trim();
      const items: FindItem[] = [];
      if (value === '') {
        for (const h of deps.history()) items.push({ find: 'history', query: h, label: `$(history) ${pickText(h)}`, description: 'recent search' });
      } else if (!search || value !== searchedText) {
        const parsed = parseFindQuery(value);
        items.push(
          parsed.ok
            ? { find: 'search', label: `$(search) Search: ${describeFindQuery(parsed.query)}`, alwaysShow: true }
            : { find: 'invalid', label: `$(warning) ${parsed.message}`, alwaysShow: true },
        );
      }
      if (search) items.push(...resultItems(search, cache));
      // Streaming must not move the highlight: the item the user was on stays active. Typing
      // does (the first line, "Search: …", is then the one Enter takes).
      const active = qp.activeItems[0];
      qp.items = items;
      if (keepActive && active && items.includes(active)) qp.activeItems = [active];
      if (search) {
        qp.title = `${FIND_TITLE}: ${findProgressTitle(search.answered, search.total, search.results.length, search.done)}`;
        qp.busy = !search.done;
      }
    };

    const start = (text: string): void => {
      const parsed = parseFindQuery(text);
      if (!parsed.ok) return;
      controller?.abort(new Error('A new search started'));
      const mine = new AbortController();
      controller = mine;
      searchedText = text.trim();
      if (qp.value.trim() !== searchedText) qp.value = searchedText;
      deps.log(`Find AMI: ${describeFindQuery(parsed.query)}`);
      void deps.remember(searchedText);
      const current = deps.createSearch(parsed.query, () => {
        if (controller === mine) render();
      });
      search = current;
      cache = new Map();
      qp.busy = true;
      render();
      void current.run(mine.signal).then(() => {
        if (controller === mine) render();
      });
    };

    qp.onDidChangeValue(() => render(false));
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (item?.find === 'result') {
        finish({ action: 'reveal', result: item.result, query: searchedText });
        return;
      }
      if (item?.find === 'history') {
        start(item.query);
        return;
      }
      if (item?.find === 'note' || item?.find === 'invalid') return;
      start(qp.value);
    });
    qp.onDidTriggerItemButton((event) => {
      const item = event.item;
      if (item.find !== 'result') return;
      if (event.button.tooltip === OPEN_DETAILS_BUTTON.tooltip) finish({ action: 'details', result: item.result, query: searchedText });
      else if (event.button.tooltip === COPY_ID_BUTTON.tooltip) void deps.copyId(item.result.image.imageId);
    });
    qp.onDidHide(() => {
      // Escape or focus moved away: stop every call still running.
      if (!settled) deps.log(search && !search.done ? 'Find AMI closed: the search was stopped.' : 'Find AMI closed.');
      finish(undefined);
      qp.dispose();
    });
    render();
    qp.show();
  });
}

function resultItems(search: FindSearch, cache: Map<string, FindItem>): FindItem[] {
  const items: FindItem[] = [];
  for (const result of search.results) {
    const key = `${result.profile ?? ''}/${result.image.region}/${result.image.imageId}`;
    let item = cache.get(key);
    if (!item) {
      item = { find: 'result', result, ...findResultRow(result.image, result.profile), alwaysShow: true, buttons: [OPEN_DETAILS_BUTTON, COPY_ID_BUTTON] };
      cache.set(key, item);
    }
    items.push(item);
  }
  for (const f of search.failures) {
    const row = findFailureRow(f.region === undefined ? { profile: f.profile } : { profile: f.profile, region: f.region }, f.reason);
    items.push({ find: 'note', ...row, alwaysShow: true });
  }
  for (const place of search.cut) items.push({ find: 'note', ...findMoreRow(place), alwaysShow: true });
  if (search.done && search.results.length === 0) {
    items.push({ find: 'note', label: `$(circle-slash) ${findNothingText(search.query, search.total, search.failures.length)}`, alwaysShow: true });
  }
  return items;
}
