/**
 * The text filter of a page's key/value rows (facts, tags): a case-insensitive substring match
 * over key and value. Pure: no DOM, no vscode (unit-tested in plain mocha).
 */

export interface FilterRow {
  readonly key: string;
  readonly value: string;
}

/** Whether a row matches the query (an empty or blank query matches every row). */
export function matchesFilter(row: FilterRow, query: string): boolean {
  const q = query.trim().toLocaleLowerCase('en');
  if (q === '') return true;
  return row.key.toLocaleLowerCase('en').includes(q) || row.value.toLocaleLowerCase('en').includes(q);
}

/** "n of m" under a filter, or undefined when nothing is filtered. */
export function filterCount(shown: number, total: number, query: string): string | undefined {
  return query.trim() === '' ? undefined : `${shown} of ${total}`;
}
