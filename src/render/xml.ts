/// <reference lib="es2024.string" />
import { escapeAttr as escapeAttrOnly, escapeText as escapeTextOnly } from '../text/escape';
import { stripXmlForbidden } from '../text/xml-safe-text';

/*
 * Why a plain object tree and a small serializer rather than the `feed` package: `feed` 6 writes
 * JSON Feed 1.0, passes C0 control characters through (ill-formed, XML 1.0 §2.2), splits only
 * the first `]]>` of a CDATA section, leaves `<` and `&` raw in attribute values, and cannot
 * express Media RSS, RSS/Atom <source>, per-entry xml:lang or RFC 5005 paging.
 * fast-xml-parser's XMLBuilder escaped correctly but ran five regex passes over every value and
 * paid a fixed cost per element, which put a full feed over the render budget, and two of
 * its defaults are unsafe for feeds (ignoreAttributes; suppressBooleanAttributes writes a bare
 * `isPermaLink`). Escaping is the whole job of a serializer, and it is small enough to own:
 * every text node and attribute passes through `xmlSafe` and one escape function below, and
 * the strict-parser tests (saxes, xmllint, feedparser) prove the output.
 */

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  media: 'http://search.yahoo.com/mrss/',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
} as const;

/**
 * The tree the serializer writes: keys are element names, '@_name' keys are attributes,
 * '#text' is character data next to attributes, arrays repeat an element, undefined is omitted.
 */
export type XmlTreeValue = string | XmlTree | readonly XmlTreeValue[] | undefined;
export interface XmlTree {
  readonly [name: string]: XmlTreeValue;
}

// Fast path: almost every string is already clean (intake stripped it), and the full
// lookaround regex costs about as much as the escaping itself on a long body. isWellFormed
// (ES2024) rules out lone surrogates natively; the character class rules out the rest.
const C0_OR_NONCHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** stripXmlForbidden, skipped when the string provably has nothing to strip. */
export function xmlSafe(text: string): string {
  return text.isWellFormed() && !C0_OR_NONCHARACTER.test(text) ? text : stripXmlForbidden(text);
}

function escapeText(value: string): string {
  return escapeTextOnly(xmlSafe(value));
}

function escapeAttr(value: string): string {
  return escapeAttrOnly(xmlSafe(value));
}

/**
 * Writes into one array of parts, joined once at the end: building each element's string from
 * its children's would copy a long body once per level of nesting.
 */
function serialize(name: string, value: XmlTreeValue, out: string[]): void {
  if (value === undefined) return;
  if (typeof value === 'string') {
    out.push(value === '' ? `<${name}/>` : `<${name}>${escapeText(value)}</${name}>`);
    return;
  }
  if (isArray(value)) {
    for (const item of value) serialize(name, item, out);
    return;
  }
  let open = `<${name}`;
  const keys = Object.keys(value);
  for (const key of keys) {
    const attr = value[key];
    if (attr !== undefined && key.startsWith('@_')) open += ` ${key.slice(2)}="${escapeAttr(String(attr))}"`;
  }
  const openAt = out.push(open) - 1;
  const contentStart = out.length;
  for (const key of keys) {
    const child = value[key];
    if (child === undefined || key.startsWith('@_')) continue;
    if (key === '#text') out.push(escapeText(String(child)));
    else serialize(key, child, out);
  }
  if (out.length === contentStart) {
    out[openAt] = `${open}/>`;
  } else {
    out[openAt] = `${open}>`;
    out.push(`</${name}>`);
  }
}

function isArray(value: XmlTreeValue): value is readonly XmlTreeValue[] {
  return Array.isArray(value);
}

/** A complete XML document: declaration plus the single root element given. */
export function buildXmlDocument(root: XmlTree): string {
  const out: string[] = [XML_DECLARATION];
  for (const name of Object.keys(root)) serialize(name, root[name], out);
  return out.join('');
}

/** `<name attr="…">text</name>` in the builder's convention. */
export function textWithAttrs(text: string, attrs: Readonly<Record<string, string | undefined>>): XmlTree {
  const el: Record<string, XmlTreeValue> = { '#text': text };
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el[`@_${k}`] = v;
  return el;
}

/** An empty element carrying only attributes, e.g. `<atom:link rel="self" href="…"/>`. */
export function emptyWithAttrs(attrs: Readonly<Record<string, string | undefined>>): XmlTree {
  const el: Record<string, XmlTreeValue> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el[`@_${k}`] = v;
  return el;
}
