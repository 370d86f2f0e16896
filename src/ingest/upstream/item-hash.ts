import { shortHash } from '../../text/short-hash';
import type { UpstreamFeed, UpstreamItem } from './upstream-feed';

/**
 * Bump when the mapping (adapters, toArticleInput) changes: it is part of every document
 * hash and every item hash, so unchanged documents and items are read and mapped again once.
 */
export const MAPPING_VERSION = 'm2';

/**
 * The version of an item as the adapter read it, before any mapping: what the mapping
 * consumes (the item and the feed fields it falls back on) plus the mapping version. An
 * equal hash on the next pull means the item maps to the same article, so it is not mapped.
 */
export function rawItemHash(item: UpstreamItem, feed: UpstreamFeed, version: string = MAPPING_VERSION): Promise<string> {
  return shortHash(JSON.stringify([version, feed.documentUrl, feed.link ?? null, feed.language ?? null, item]));
}
