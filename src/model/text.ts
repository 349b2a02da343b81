/**
 * Display safety for text written by strangers (AMI names, descriptions, tags). Pure.
 *
 * `visibleText` turns every character that is invisible or rearranges what is around it into a
 * visible escape such as `\u202E`: bidi embeddings, overrides and isolates (so "\u202Eexe.gpj"
 * cannot pass for "jpg.exe"), zero-width spaces and joiners, the byte order mark, soft hyphens,
 * tag characters, and every other control (Unicode Cc) or format (Cf) character, plus lone
 * surrogate halves. Ordinary text of any script, emoji and other astral characters stay as they
 * are. Tab, line feed and carriage return also stay: the one-line helpers (format.ts `oneLine`)
 * collapse them into spaces, and multi-line places (a description) keep their lines.
 *
 * `escapeIcons` stops text from drawing codicons where VS Code renders `$(name)` as an icon
 * (quick-pick labels, descriptions and details): it puts a backslash before each `$(name)`, which
 * VS Code then shows literally, the way VS Code's own `escapeIcons` does.
 */

/** Control, format and lone-surrogate characters, except tab, line feed and carriage return. */
const INVISIBLE = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Cs}]/gu;

/** `\u202E` for a BMP code point, `\u{E0001}` beyond it; upper-case hex like the Unicode charts. */
function escapeCodePoint(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase();
  return cp > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** Shows invisible and reordering characters as escapes (see the file comment). Idempotent. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, escapeCodePoint);
}

/** `$(name)` or `$(name~modifier)`, as VS Code parses icon syntax; an optional backslash before it. */
const ICON = /(\\)?\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

/** Escapes codicon syntax so `$(verified)` in a name shows as text, not as an icon. Idempotent. */
export function escapeIcons(text: string): string {
  return text.replace(ICON, (match: string, escaped: string | undefined) => (escaped ? match : `\\${match}`));
}

/**
 * Visible text on one line: escapes as `visibleText`, then line breaks and runs of white space
 * become one space (so one hostile value cannot span several lines), trimmed.
 */
export function visibleLine(text: string): string {
  return visibleText(text).replace(/\s+/g, ' ').trim();
}

/** Text for a quick-pick label, description or detail: one visible line that draws no icon. */
export function pickText(text: string): string {
  return escapeIcons(visibleLine(text));
}

/**
 * Text for a notification: one visible line in which `[label](target)` cannot become a link.
 * VS Code renders Markdown-style links in notification messages (`command:` ones run a command
 * when clicked); a space between `]` and `(` keeps the text as it was, readable, but inert.
 */
export function notificationText(text: string): string {
  return visibleLine(text).replace(/\]\s*\(/g, '] (');
}
