import { XMLParser, type EntityDecoderOptions, type X2jOptions } from 'fast-xml-parser';
import { capTextRuns, cutPoint } from './cap-text-runs';
import { canonicalNames } from './canonicalize-names';
import { decodeReferences } from '../../text/char-references';
import { rawPathTree } from './scoped-names';
import type { NamespacePrefix } from './xml-namespaces';
import { FeedError } from './upstream-feed';
import { firstText, type XmlElement, type XmlValue } from './xml-node';
import { headUnits } from '../../text/head';

/**
 * fast-xml-parser, configured for untrusted documents:
 * - Only the five predefined XML entities and numeric character references are expanded
 *   (XML 1.0 §4.6). The library's own decoder would register DOCTYPE entities (the
 *   billion-laughs vector) and, with `htmlEntities: false`, leave `&#1055;` undecoded.
 * - The DOCTYPE is cut out before parsing, so no internal subset is ever read and an
 *   external entity (XXE) is neither fetched nor expanded; `&name;` stays literal text.
 * - The parser is lenient about unclosed elements, so a truncated download would parse
 *   into partial items: the root element must be closed or the document is refused.
 */

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const predefined = (name: string): string | undefined => (Object.hasOwn(PREDEFINED, name) ? PREDEFINED[name] : undefined);

/** Expands predefined entities and character references; anything else stays as written. */
export function decodeXmlReferences(text: string): string {
  return decodeReferences(text, predefined);
}

const safeEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  // A DOCTYPE inside the body (after the prolog) still reaches the library's reader: its
  // internal entities are dropped here (an external one makes the library refuse the document).
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: decodeXmlReferences,
};

// Elements that may hold markup, which an object tree would scramble ("week<br/>part 2"
// → "weekpart 2"): kept raw and read through `rawXmlText`. Atom text constructs may be
// inline XHTML (RFC 4287 §3.1.1.3); RSS wants HTML escaped or in CDATA, but unescaped
// markup in titles and descriptions is common. Paths use the conventional names that
// canonicalize-names.ts gives every namespace, whatever prefixes the document chose.
const RAW_ELEMENTS = [
  ...['feed.title', 'feed.subtitle', 'feed.entry.title', 'feed.entry.summary', 'feed.entry.content', 'feed.entry.source.title'],
  ...['rss.channel.item', 'rss.item', 'rdf:RDF.item'].flatMap((item) => ['title', 'description', 'content:encoded'].map((name) => `${item}.${name}`)),
];

const RAW_PATHS = rawPathTree(RAW_ELEMENTS);

const ATTRIBUTE_PREFIX = '@_';

const OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  entityDecoder: safeEntityDecoder,
  stopNodes: RAW_ELEMENTS,
  // No callbacks need the path as a string; building it costs a third of the parse time.
  jPath: false,
} satisfies X2jOptions;

const parser = new XMLParser(OPTIONS);

/** A parser that renames as it reads, for documents with unconventional prefixes (canonicalize-names.ts). */
function renamingParser(rename: (qname: string) => string): XMLParser {
  return new XMLParser({
    ...OPTIONS,
    transformTagName: rename,
    transformAttributeName: (name) => (name.includes(':') ? ATTRIBUTE_PREFIX + rename(name.slice(ATTRIBUTE_PREFIX.length)) : name),
  });
}

export interface Prolog {
  /** Name of the root element as written, prefix included (e.g. "rdf:RDF"). */
  rootName: string;
  rootStart: number;
}

function skipPast(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  return end === -1 ? -1 : end + terminator.length;
}

/** Skips `<!DOCTYPE …>`, honouring quoted literals and comments in the internal subset. */
function skipDoctype(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (text.startsWith('<!--', i)) {
      const end = skipPast(text, i + 4, '-->');
      if (end === -1) return -1;
      i = end - 1;
    } else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (ch === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** The root element after the XML declaration, comments, PIs and DOCTYPE; null if this is not XML. */
export function readProlog(text: string): Prolog | null {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i !== -1 && i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('<?', i)) i = skipPast(text, i + 2, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i + 4, '-->');
    else if (/^<!DOCTYPE/i.test(text.slice(i, i + 9))) i = skipDoctype(text, i + 9);
    else if (text[i] === '<') {
      const name = /^<([^\s/>!?]+)/.exec(text.slice(i, i + 200))?.[1];
      return name ? { rootName: name, rootStart: i } : null;
    } else return null;
  }
  return null;
}

/** True when the document ends with the root's end tag (or is one empty root element). */
function rootIsClosed(body: string, rootName: string): boolean {
  let end = body.trimEnd();
  // Comments and PIs may follow the root element (XML 1.0 §2.8 Misc).
  for (;;) {
    if (end.endsWith('-->')) end = end.slice(0, end.lastIndexOf('<!--')).trimEnd();
    else if (end.endsWith('?>')) end = end.slice(0, end.lastIndexOf('<?')).trimEnd();
    else break;
  }
  const tail = end.slice(-(rootName.length + 40));
  if (new RegExp(`</${rootName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*>$`).test(tail)) return true;
  return end.endsWith('/>') && end.indexOf('<', 1) === -1;
}

/**
 * Parses an untrusted XML document into an object tree of strings, names canonicalized by
 * namespace URI (`rootName` too; `namespaces` adds the caller's own); FeedError when malformed.
 */
export function parseXml(text: string, namespaces: readonly NamespacePrefix[] = []): { rootName: string; root: XmlElement } {
  const prolog = readProlog(text);
  if (!prolog) throw new FeedError('not an XML document');
  const raw = text.slice(prolog.rootStart);
  if (!rootIsClosed(raw, prolog.rootName)) throw new FeedError(`malformed XML: <${prolog.rootName}> is never closed (truncated document?)`);
  const { body, rootName, rename } = canonicalNames(raw, RAW_PATHS, namespaces);
  let tree: unknown;
  try {
    tree = (rename ? renamingParser(rename) : parser).parse(capTextRuns(body, RAW_PATHS, rename));
  } catch (err) {
    throw new FeedError(`malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = tree && typeof tree === 'object' ? (tree as Record<string, unknown>)[rootName] : undefined;
  if (root === undefined) throw new FeedError('malformed XML: no root element');
  // An empty root parses as "" rather than an object.
  return { rootName, root: typeof root === 'object' && root !== null && !Array.isArray(root) ? (root as XmlElement) : {} };
}

// Text decoded at a time when only the first characters are wanted: well over the longest
// reference, so each step moves on.
const DECODE_STEP = 4096;

/**
 * At least the first `max` + 1 characters of `text` decoded (all of it when shorter), in
 * steps cut between references: decoded text is never longer than the text it comes from,
 * so each step decodes no more than is still wanted, whatever the ratio of references.
 */
function decodedHead(text: string, max: number): string {
  if (text.length <= max + 1) return decodeXmlReferences(text);
  let out = '';
  let at = 0;
  while (at < text.length && out.length <= max) {
    const want = Math.max(DECODE_STEP, max + 1 - out.length);
    const end = at + want >= text.length ? text.length : cutPoint(text, at, at + want);
    out += decodeXmlReferences(text.slice(at, end));
    at = end;
  }
  return out;
}

/**
 * The text of a raw (stop-node) element: CDATA sections verbatim, references expanded elsewhere.
 * Scanned with indexOf: a lazy CDATA pattern retries from every unclosed `<![CDATA[`.
 * An unclosed section is read as ordinary text. With `max`, decoding stops once the first
 * `max` characters are known (cut as to-article.ts cuts, never inside a surrogate pair), so a
 * text of megabytes costs what its readers use of it.
 */
export function rawXmlText(raw: string, max = Number.POSITIVE_INFINITY): string {
  let out = '';
  let last = 0;
  for (;;) {
    const start = raw.indexOf('<![CDATA[', last);
    const end = start === -1 ? -1 : raw.indexOf(']]>', start + 9);
    if (end === -1) break;
    out += decodedHead(raw.slice(last, start), max - out.length);
    out += raw.slice(start + 9, Math.min(end, start + 9 + Math.max(0, max + 1 - out.length)));
    last = end + 3;
    if (out.length > max) return headUnits(out, max);
  }
  return headUnits(out + decodedHead(raw.slice(last), max - out.length), max);
}

/** The text of the first `name` under `node`, for elements kept raw (RAW_ELEMENTS); `max` as for rawXmlText. */
export function firstRawText(node: XmlValue | undefined, name: string, max = Number.POSITIVE_INFINITY): string | undefined {
  const raw = firstText(node, name);
  return raw === undefined ? undefined : rawXmlText(raw, max).trim() || undefined;
}
