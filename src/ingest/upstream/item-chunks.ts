/**
 * The byte ranges of a feed's item elements (`<item>`, `<entry>`), found without parsing by
 * one linear scan that steps over comments, CDATA sections and processing instructions.
 * Meaningful only for ASCII-compatible encodings (UTF-8 and the single-byte ones), where
 * markup is ASCII bytes that never occur inside a multi-byte character; the caller checks
 * the encoding. Null when the document is not plain enough to cut safely: a DOCTYPE or
 * other declaration, an unterminated construct, an item inside an item, or (with a
 * container) an item outside it. The caller then parses the document whole.
 */

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

const ascii = (text: string) => new TextEncoder().encode(text);
const COMMENT_OPEN = ascii('<!--');
const COMMENT_CLOSE = ascii('-->');
const CDATA_OPEN = ascii('<![CDATA[');
const CDATA_CLOSE = ascii(']]>');
const PI_CLOSE = ascii('?>');

function matchesAt(bytes: Uint8Array, at: number, seq: Uint8Array): boolean {
  if (at + seq.length > bytes.length) return false;
  for (let k = 0; k < seq.length; k++) if (bytes[at + k] !== seq[k]) return false;
  return true;
}

function find(bytes: Uint8Array, seq: Uint8Array, from: number): number {
  const first = seq[0] ?? -1;
  for (let i = bytes.indexOf(first, from); i !== -1; i = bytes.indexOf(first, i + 1)) if (matchesAt(bytes, i, seq)) return i;
  return -1;
}

/** After an element name: whitespace, `>` or `/` (so `<items>` is not `<item`). */
function endsName(byte: number | undefined): boolean {
  return byte === GT || byte === SLASH || byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function isTag(bytes: Uint8Array, at: number, name: Uint8Array): boolean {
  return matchesAt(bytes, at, name) && endsName(bytes[at + name.length]);
}

/** Past a comment, CDATA section or PI starting at `lt`; 0 when it is none of those; -1 when it cannot be cut. */
function skipSpecial(bytes: Uint8Array, lt: number): number {
  const next = bytes[lt + 1];
  if (next === QUESTION) {
    const end = find(bytes, PI_CLOSE, lt + 2);
    return end === -1 ? -1 : end + PI_CLOSE.length;
  }
  if (next !== BANG) return 0;
  const [open, close] = matchesAt(bytes, lt, COMMENT_OPEN) ? [COMMENT_OPEN, COMMENT_CLOSE] : matchesAt(bytes, lt, CDATA_OPEN) ? [CDATA_OPEN, CDATA_CLOSE] : [null, null];
  // A DOCTYPE (its internal subset may hold anything) or a stray declaration.
  if (!open || !close) return -1;
  const end = find(bytes, close, lt + open.length);
  return end === -1 ? -1 : end + close.length;
}

/** Past the `>` of the tag whose name ends at `from`; quoted attribute values may hold `>`. */
function tagEnd(bytes: Uint8Array, from: number): number {
  let quote = 0;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (quote) {
      if (b === quote) quote = 0;
    } else if (b === DOUBLE_QUOTE || b === SINGLE_QUOTE) quote = b;
    else if (b === GT) return i + 1;
  }
  return -1;
}

function itemEnd(bytes: Uint8Array, lt: number, open: Uint8Array, close: Uint8Array): number {
  const startEnd = tagEnd(bytes, lt + open.length);
  if (startEnd === -1) return -1;
  if (bytes[startEnd - 2] === SLASH) return startEnd;
  for (let i = startEnd; ; ) {
    const next = bytes.indexOf(LT, i);
    if (next === -1) return -1;
    const special = skipSpecial(bytes, next);
    if (special === -1) return -1;
    if (special > 0) {
      i = special;
      continue;
    }
    if (isTag(bytes, next, close)) return tagEnd(bytes, next + close.length);
    if (isTag(bytes, next, open)) return -1;
    i = next + 1;
  }
}

export type ByteRange = [start: number, end: number];

export function cutItems(bytes: Uint8Array, itemName: string, containerName?: string): ByteRange[] | null {
  const open = ascii(`<${itemName}`);
  const close = ascii(`</${itemName}`);
  const containerOpen = containerName ? ascii(`<${containerName}`) : null;
  const containerClose = containerName ? ascii(`</${containerName}`) : null;
  let inContainer = containerName === undefined;
  const ranges: ByteRange[] = [];
  for (let i = 0; ; ) {
    const lt = bytes.indexOf(LT, i);
    if (lt === -1) return ranges;
    const special = skipSpecial(bytes, lt);
    if (special === -1) return null;
    if (special > 0) {
      i = special;
      continue;
    }
    if (isTag(bytes, lt, open)) {
      if (!inContainer) return null;
      const end = itemEnd(bytes, lt, open, close);
      if (end === -1) return null;
      ranges.push([lt, end]);
      i = end;
      continue;
    }
    if (containerOpen && isTag(bytes, lt, containerOpen)) inContainer = true;
    else if (containerClose && isTag(bytes, lt, containerClose)) inContainer = false;
    i = lt + 1;
  }
}
