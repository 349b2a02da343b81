/**
 * XML output for EC2 responses. Every text value goes through escapeXml: AMI names, descriptions
 * and tags are written by strangers, so `<`, `&` and quotes must never reach the wire raw.
 */

export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

// Characters XML 1.0 forbids even as references; replaced so the document stays well formed.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g; // eslint-disable-line no-control-regex

export function escapeXml(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // A raw CR would be normalised to LF by any XML parser; a reference survives.
    .replace(/\r/g, '&#13;');
}

type Scalar = string | number | boolean | undefined | null;

/** `<name>value</name>`, or nothing when the value is absent. */
export function el(name: string, value: Scalar): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>` wrapping already-built child XML; nothing when children is undefined. */
export function wrap(name: string, children: string | undefined): string {
  if (children === undefined) return '';
  return `<${name}>${children}</${name}>`;
}

/** A list as EC2 writes it: `<name><item>…</item>…</name>`. An empty list is an empty element. */
export function list<T>(name: string, items: readonly T[] | undefined, render: (item: T) => string): string {
  if (items === undefined) return '';
  let out = `<${name}>`;
  for (const item of items) out += `<item>${render(item)}</item>`;
  return `${out}</${name}>`;
}

/** The success envelope: `<ActionResponse xmlns=…><requestId>…</requestId>body</ActionResponse>`. */
export function responseEnvelope(action: string, requestId: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}">${el('requestId', requestId)}${body}</${action}Response>`;
}

/** EC2's error envelope (note: `RequestID`, not `requestId`). */
export function errorEnvelope(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${el('Code', code)}${el('Message', message)}</Error></Errors>${el('RequestID', requestId)}</Response>`;
}
