import type { SeenItem } from '../../store/source-store';
import { readChunked } from './chunked-read';
import { MAPPING_VERSION, rawItemHash } from './item-hash';
import { parseFeed } from './parse-feed';
import type { UpstreamFeed, UpstreamItem } from './upstream-feed';

/**
 * A fetched document → its entries, each with the raw hash that decides whether it is
 * mapped (plan-item.ts). Entries past `maxItems` are counted, never read.
 */

export type FeedEntry =
  /** Read by the adapter: new, changed, or not recognizable without reading. */
  | { kind: 'read'; item: UpstreamItem; raw: string }
  /** Byte-identical to an item of the last pull: not parsed, its seen entry carries over. */
  | { kind: 'known'; id: string; entry: SeenItem };

export interface FeedRead {
  /** Feed-level fields, and the items that were read (the `read` entries, in order). */
  feed: UpstreamFeed;
  /** At most `maxItems`, in document order. */
  entries: FeedEntry[];
  /** Items in the document, those past the cap included. */
  total: number;
}

export interface ReadOptions {
  mappingVersion?: string;
}

export async function readFeed(
  bytes: Uint8Array,
  contentType: string | null,
  documentUrl: string,
  maxItems: number,
  seen: Readonly<Record<string, SeenItem>>,
  options: ReadOptions = {},
): Promise<FeedRead> {
  const version = options.mappingVersion ?? MAPPING_VERSION;
  const chunked = await readChunked(bytes, contentType, documentUrl, maxItems, seen, version);
  if (chunked) return chunked;
  // JSON Feed, and XML that cannot be cut safely: parsed whole, each item hashed as read.
  const feed = parseFeed(bytes, contentType, documentUrl, maxItems);
  const entries: FeedEntry[] = [];
  for (const item of feed.items) entries.push({ kind: 'read', item, raw: await rawItemHash(item, feed, version) });
  return { feed, entries, total: feed.items.length + feed.unreadable + feed.beyondCap };
}
