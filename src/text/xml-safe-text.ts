/**
 * XML 1.0 §2.2 allows tab, CR, LF, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF.
 * Everything else (C0 controls, lone surrogates, U+FFFE/U+FFFF) would make a feed
 * ill-formed, so it is removed from every stored string at intake — and again, cheaply,
 * at render time for anything that did not come through intake.
 */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripXmlForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '');
}

/** Applies stripXmlForbidden to every string inside a JSON-like value. */
export function deepStripXmlForbidden<T>(value: T): T {
  if (typeof value === 'string') return stripXmlForbidden(value) as T;
  if (Array.isArray(value)) return value.map(deepStripXmlForbidden) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepStripXmlForbidden(v);
    return out as T;
  }
  return value;
}
