/** Scope commands take an array of strings (tests, keybindings) instead of asking. */

export function stringArray(arg: unknown): string[] | undefined {
  return Array.isArray(arg) && arg.every((v) => typeof v === 'string') ? (arg as string[]) : undefined;
}
