/**
 * Building DOM without markup strings (runs in the browser). Text always goes in as text nodes,
 * so names, descriptions and tags written by strangers can never become elements, attributes or
 * links. There is deliberately no helper that takes HTML.
 */

export type Child = Node | string | undefined | false;

export interface Props {
  className?: string;
  /** Static attributes chosen by our code (aria-*, role, type, scope, data-*, title...). */
  attrs?: Record<string, string>;
}

/** Attributes that could load or run something are refused even from our own code. */
const FORBIDDEN_ATTRS = /^(on|style$|href$|src$|srcdoc$|action$|formaction$|xlink:href$)/i;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (FORBIDDEN_ATTRS.test(name)) throw new Error(`Refusing attribute ${name}`);
    node.setAttribute(name, value);
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A codicon glyph, hidden from screen readers. */
export function icon(name: string): HTMLElement {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`Invalid icon ${name}`);
  return el('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A real <button> (focusable, Enter/Space work) with an optional icon. */
export function button(label: string, onClick: () => void, options: { icon?: string; title?: string; secondary?: boolean } = {}): HTMLButtonElement {
  const b = el('button', { className: options.secondary ? 'secondary' : '', attrs: { type: 'button', ...(options.title ? { title: options.title } : {}) } }, options.icon ? icon(options.icon) : undefined, label);
  b.addEventListener('click', onClick);
  return b;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}
