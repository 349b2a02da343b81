/**
 * A syntax check for the shared config and credentials files. The SDK's loader parses leniently
 * and swallows its own errors (a broken file reads as empty), which would turn a typo into a
 * baffling "profile not found". This check finds the first line the loader would misread, so the
 * layer can say which file and line to fix. Parsing itself stays with the SDK.
 *
 * A problem never quotes the file: a broken line is as likely to be half a secret key or session
 * token as a typo, and the message reaches the log and the tree. It names the line number and, at
 * most, the name of the key before it (only when that name looks like a key name, never a value).
 */

export interface IniProblem {
  line: number;
  /** The key last set before the bad line, in the same section, when it has the shape of a key name. */
  key?: string;
  message: string;
}

/** Section names the SDK refuses (prototype pollution guard). */
const BLOCKED_SECTIONS = new Set(['__proto__', 'profile __proto__']);

/**
 * Key names in AWS files are lower-case words with underscores (aws_access_key_id, sso_start_url,
 * s3, endpoint_url). A base64 token or secret that happens to contain "=" is mixed-case, so it never
 * passes for a key name and is never repeated.
 */
const KEY_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Returns the first problem, or undefined when every line is a comment, section, key or continuation. */
export function checkIniSyntax(text: string): IniProblem | undefined {
  let inSection = false;
  /** A key was seen in this section, so an indented line may continue its value. */
  let sawKey = false;
  /** The last key set in this section, when it looks like a key name. */
  let lastKey: string | undefined;
  const problem = (line: number, message: string): IniProblem => (lastKey ? { line, key: lastKey, message } : { line, message });
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.split(/(^|\s)[;#]/)[0]?.trim() ?? '';
    const lineNo = i + 1;
    if (line === '') continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) return problem(lineNo, 'a section header is missing its closing "]"');
      const name = line.slice(1, -1).trim();
      if (name === '') return problem(lineNo, 'empty section name "[]"');
      if (BLOCKED_SECTIONS.has(name)) return problem(lineNo, 'the section name "__proto__" is not allowed');
      inSection = true;
      sawKey = false;
      lastKey = undefined;
      continue;
    }
    if (!inSection) return problem(lineNo, 'a line appears before any [section]');
    const eq = line.indexOf('=');
    const indented = raw.trimStart() !== raw;
    if (eq === -1) {
      // An indented line continues the previous value (a multi-line value or a nested block).
      if (indented && sawKey) continue;
      return problem(lineNo, 'expected "key = value"');
    }
    if (eq === 0) return problem(lineNo, 'a line starts with "=" and has no key');
    sawKey = true;
    // Nested lines ("  max_concurrent_requests = 20") belong to the block of the last top-level key.
    if (!indented) {
      const key = line.slice(0, eq).trim();
      lastKey = KEY_NAME.test(key) ? key : undefined;
    }
  }
  return undefined;
}

/** One sentence for a problem: the line number and, when known, the key before it; no text of the file. */
export function describeIniProblem(p: IniProblem): string {
  return `line ${p.line}${p.key ? ` (after key "${p.key}")` : ''}: ${p.message}`;
}
