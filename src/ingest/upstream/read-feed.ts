import type { SeenItem } from '../../store/source-store';
import { readChunked } from './chunked-read';
import { MAPPING_VERSION, rawItemHash } from './item-hash';
import { parseFeed } from './parse-feed';
import type { FeedEntry, FeedRead } from './upstream-feed';

export type { FeedEntry, FeedRead };

/**
 * A fetched document → its entries, each with the raw hash that decides whether it is
 * mapped (plan-item.ts). Entries past `maxItems` are counted, never read.
 */

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
