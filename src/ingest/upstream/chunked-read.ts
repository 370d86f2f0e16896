import type { SeenItem } from '../../store/source-store';
import { shortHash } from '../../text/short-hash';
import { decodeFeedBytes } from './decode-charset';
import { detectFormat } from './detect-format';
import { cutItems, type ByteRange } from './item-chunks';
import { parseFeedText } from './parse-feed';
import type { FeedEntry, FeedRead } from './upstream-feed';
import { child, children, isElement, type XmlValue } from './xml-node';

/**
 * An XML feed read item by item from its bytes: each `<item>`/`<entry>` is cut out by a
 * linear scan (item-chunks.ts) and hashed as bytes; one whose bytes and feed-level context
 * match an item of the last pull is neither decoded nor parsed. The parser sees the
 * document with only the other items left in: the root (and its namespace declarations,
 * xml:base, xml:lang), the channel and every byte between items stay as they were.
 *
 * An item's raw hash is `{context}.{bytes}`; the context covers what the adapter and the
 * mapping read outside the item, so a change there reads every item again.
 */

const ITEM_ELEMENT = { rss: { item: 'item', container: 'channel' }, rdf: { item: 'item' }, atom: { item: 'entry' } } as const;

// Markup is plain ASCII bytes in these, and no multi-byte character contains such a byte.
const ASCII_COMPATIBLE = /^(?:utf-8|windows-\d+|iso-8859-\d+|koi8-[ru]|ibm866|x-mac-cyrillic|macintosh)$/;

/** Enough of the head for the XML declaration, comments and the root element name. */
const SNIFF_BYTES = 16 * 1024;

function sniffFormat(bytes: Uint8Array) {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const format = detectFormat(new TextDecoder('latin1').decode(bytes.subarray(bom, bom + SNIFF_BYTES)));
  return format === null || format === 'json' ? null : format;
}

function attributes(node: XmlValue | undefined): Array<[string, XmlValue | undefined]> {
  return isElement(node) ? Object.entries(node).filter(([name]) => name.startsWith('@_')) : [];
}

function concat(bytes: Uint8Array, parts: readonly ByteRange[]): Uint8Array {
  let size = 0;
  for (const [start, end] of parts) size += end - start;
  const out = new Uint8Array(size);
  let at = 0;
  for (const [start, end] of parts) {
    out.set(bytes.subarray(start, end), at);
    at += end - start;
  }
  return out;
}

/** The document without the items not in `keep` (and without those past the cap). */
function withItems(bytes: Uint8Array, ranges: readonly ByteRange[], keep: ReadonlySet<number>): Uint8Array {
  const parts: ByteRange[] = [];
  let from = 0;
  ranges.forEach(([start, end], index) => {
    parts.push([from, start]);
    if (keep.has(index)) parts.push([start, end]);
    from = end;
  });
  parts.push([from, bytes.length]);
  return concat(bytes, parts);
}

interface Known {
  id: string;
  entry: SeenItem;
  context: string;
}

/** Null when the document cannot be read this way; the caller parses it whole. */
export async function readChunked(
  bytes: Uint8Array,
  contentType: string | null,
  documentUrl: string,
  maxItems: number,
  seen: Readonly<Record<string, SeenItem>>,
  version: string,
): Promise<FeedRead | null> {
  const format = sniffFormat(bytes);
  if (!format) return null;
  const element = ITEM_ELEMENT[format];
  const ranges = cutItems(bytes, element.item, 'container' in element ? element.container : undefined);
  if (!ranges?.length) return null;
  const capped = ranges.slice(0, maxItems);
  const digests = await Promise.all(capped.map(([start, end]) => shortHash(bytes.subarray(start, end))));

  const known = new Map<string, Known>();
  for (const [id, entry] of Object.entries(seen)) {
    const [context, digest] = entry.r?.split('.') ?? [];
    if (context && digest) known.set(digest, { id, entry, context });
  }

  const attempt = async (keep: ReadonlySet<number>): Promise<FeedRead | null | 'context-changed'> => {
    const reduced = withItems(bytes, ranges, keep);
    const { text, encoding } = decodeFeedBytes(reduced, contentType);
    if (!ASCII_COMPATIBLE.test(encoding)) return null;
    const { feed, root } = parseFeedText(text, documentUrl);
    if (!root || feed.format !== format || feed.items.length !== keep.size) return null;
    const context = await shortHash(
      JSON.stringify([version, encoding, documentUrl, feed.link ?? null, feed.language ?? null, attributes(root), attributes(child(root, 'channel')), children(root, 'author')]),
    );
    const entries: FeedEntry[] = [];
    let next = 0;
    for (const [index, digest] of digests.entries()) {
      const previous = keep.has(index) ? undefined : known.get(digest);
      if (previous) {
        if (previous.context !== context) return 'context-changed';
        entries.push({ kind: 'known', id: previous.id, entry: previous.entry });
        continue;
      }
      const item = feed.items[next++];
      if (!item) return null;
      entries.push({ kind: 'read', item, raw: `${context}.${digest}` });
    }
    return { feed: { ...feed, beyondCap: ranges.length - capped.length }, entries, total: ranges.length };
  };

  const unknown = new Set(digests.flatMap((digest, index) => (known.has(digest) ? [] : [index])));
  const first = await attempt(unknown);
  if (first !== 'context-changed') return first;
  const all = await attempt(new Set(capped.keys()));
  return all === 'context-changed' ? null : all;
}
