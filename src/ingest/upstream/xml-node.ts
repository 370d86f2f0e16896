/**
 * Typed access to fast-xml-parser's output (options in xml-parser.ts): an element is a
 * string when it has neither attributes nor children, an object otherwise (`#text` for
 * its text, `@_name` for attributes), and an array when the name repeats.
 */

export type XmlValue = string | XmlElement | XmlValue[];
export interface XmlElement {
  [name: string]: XmlValue | undefined;
}

export function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(node: XmlElement, name: string): XmlValue | undefined {
  return Object.hasOwn(node, name) ? node[name] : undefined;
}

/** Every child element called `name`, in document order. */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  if (!isElement(node)) return [];
  const value = own(node, name);
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  return children(node, name)[0];
}

/** The element's text, trimmed; undefined when empty. */
export function text(value: XmlValue | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const raw = typeof first === 'string' ? first : isElement(first) ? own(first, '#text') : undefined;
  const trimmed = typeof raw === 'string' ? raw.trim() : '';
  return trimmed || undefined;
}

export function attr(value: XmlValue | undefined, name: string): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (!isElement(first)) return undefined;
  const raw = own(first, `@_${name}`);
  return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
}

/** Text of the first of `names` present under `node`. */
export function firstText(node: XmlValue | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    for (const value of children(node, name)) {
      const found = text(value);
      if (found) return found;
    }
  }
  return undefined;
}

/** The xml:base declared on `node`, resolved against the base in scope. */
export function xmlBase(node: XmlValue | undefined, inScope: string | undefined, documentUrl: string): string | undefined {
  const declared = attr(node, 'xml:base');
  if (!declared) return inScope;
  try {
    return new URL(declared, inScope ?? documentUrl).href;
  } catch {
    return inScope;
  }
}
