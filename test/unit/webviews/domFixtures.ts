/**
 * What the render tests of the webview pages share: a page's Lit templates bundled for the
 * browser with esbuild (as scripts/build.mjs does) and evaluated inside a happy-dom Window, which
 * is its own VM context (Node's globals are left alone), and the checks that hostile text stayed
 * text: no element or attribute the data could have produced, and the same page shape as for
 * harmless text.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { runInContext } from 'node:vm';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The part of happy-dom's Window the tests use (happy-dom is an ES module: loaded with import()). */
export interface DomWindow {
  document: Document;
  HTMLElement: { prototype: object };
  happyDOM: { close(): Promise<void> };
}

/**
 * happy-dom has no ElementInternals, which form-associated custom elements (vscode-textfield,
 * vscode-single-select…) ask for when they are created: a stand-in with the members they call.
 */
export function addElementInternals(window: DomWindow): void {
  if ('attachInternals' in window.HTMLElement.prototype) return;
  Object.defineProperty(window.HTMLElement.prototype, 'attachInternals', {
    configurable: true,
    value: () => ({
      form: null,
      validity: { valid: true },
      validationMessage: '',
      willValidate: false,
      setFormValue: () => undefined,
      setValidity: () => undefined,
      checkValidity: () => true,
      reportValidity: () => true,
    }),
  });
}

/**
 * Bundles `entry` (TypeScript resolved from the repository root; it puts what the test needs on
 * `globalThis[global]`) and runs it in a fresh happy-dom window.
 */
export async function loadPage<T>(entry: string, global: string, name: string): Promise<{ window: DomWindow; page: T }> {
  const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.entry.ts` },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = built.outputFiles[0]?.text;
  assert.ok(code, 'bundle built');
  const { Window } = await import('happy-dom');
  const window = new Window({ url: 'https://webview.invalid/' }) as unknown as DomWindow;
  addElementInternals(window);
  runInContext(code, window, { filename: `${name}.bundle.js` });
  return { window, page: (window as unknown as Record<string, T>)[global] as T };
}

/** Elements that text from the data must never become (the pages themselves use none of them). */
const ACTIVE_TAGS = ['script', 'img', 'svg', 'math', 'iframe', 'frame', 'object', 'embed', 'a', 'style', 'link', 'meta', 'base'];
const URL_ATTRIBUTES = ['href', 'src', 'srcdoc', 'action', 'formaction', 'xlink:href', 'data'];

/** What in the container could run or navigate: markup elements, handlers, script and command URLs. */
export function activeContent(container: Element): string[] {
  const problems: string[] = [];
  for (const el of container.querySelectorAll(ACTIVE_TAGS.join(','))) problems.push(`<${el.tagName.toLowerCase()}> element`);
  for (const el of container.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${name} attribute on <${el.tagName.toLowerCase()}>`);
      if (URL_ATTRIBUTES.includes(name) && /javascript:|command:/i.test(attr.value)) problems.push(`${name}="${attr.value}" on <${el.tagName.toLowerCase()}>`);
      if (name === 'autofocus') problems.push(`${name} attribute on <${el.tagName.toLowerCase()}>`);
    }
  }
  return problems;
}

/** The page's elements in document order, each with its attribute names: what the templates built. */
export function shape(container: Element): string[] {
  return [...container.querySelectorAll('*')].map((el) => `${el.tagName.toLowerCase()}[${[...el.attributes].map((a) => a.name).sort().join(' ')}]`);
}

export function assertInert(container: Element): void {
  assert.deepEqual(activeContent(container), []);
}

export function text(el: Element | null): string {
  assert.ok(el, 'element present');
  return el.textContent ?? '';
}
