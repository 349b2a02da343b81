/**
 * A syntax check for the shared config and credentials files. The SDK's loader parses leniently
 * and swallows its own errors (a broken file reads as empty), which would turn a typo into a
 * baffling "profile not found". This check finds the first line the loader would misread, so the
 * layer can say which file and line to fix. Parsing itself stays with the SDK.
 */

export interface IniProblem {
  line: number;
  message: string;
}

/** Section names the SDK refuses (prototype pollution guard). */
const BLOCKED_SECTIONS = new Set(['__proto__', 'profile __proto__']);

/** Returns the first problem, or undefined when every line is a comment, section, key or continuation. */
export function checkIniSyntax(text: string): IniProblem | undefined {
  let inSection = false;
  /** A key was seen in this section, so an indented line may continue its value. */
  let sawKey = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.split(/(^|\s)[;#]/)[0]?.trim() ?? '';
    const lineNo = i + 1;
    if (line === '') continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) return { line: lineNo, message: `section header "${line}" is missing its closing "]"` };
      const name = line.slice(1, -1).trim();
      if (name === '') return { line: lineNo, message: 'empty section name "[]"' };
      if (BLOCKED_SECTIONS.has(name)) return { line: lineNo, message: `invalid section name "${name}"` };
      inSection = true;
      sawKey = false;
      continue;
    }
    if (!inSection) return { line: lineNo, message: `"${line.slice(0, 40)}" appears before any [section]` };
    const eq = line.indexOf('=');
    const indented = raw.trimStart() !== raw;
    if (eq === -1) {
      // An indented line continues the previous value (a multi-line value or a nested block).
      if (indented && sawKey) continue;
      return { line: lineNo, message: `expected "key = value", found "${line.slice(0, 40)}"` };
    }
    if (eq === 0) return { line: lineNo, message: 'a line starts with "=" and has no key' };
    sawKey = true;
  }
  return undefined;
}
