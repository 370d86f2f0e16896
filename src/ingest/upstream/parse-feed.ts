import { adaptAtom } from './atom-adapter';
import { decodeFeedBytes } from './decode-charset';
import { detectFormat } from './detect-format';
import { adaptJsonFeed } from './json-feed-adapter';
import { adaptRdf } from './rdf-adapter';
import { adaptRss } from './rss-adapter';
import { FeedError, type UpstreamFeed } from './upstream-feed';
import { parseXml } from './xml-parser';
import type { XmlElement } from './xml-node';

export interface ParsedFeed {
  feed: UpstreamFeed;
  /** The XML root element the adapter read; null for JSON Feed. */
  root: XmlElement | null;
}

/** Decoded text → UpstreamFeed: format sniffing, parsing, format adapter. */
export function parseFeedText(text: string, documentUrl: string, maxItems = Number.POSITIVE_INFINITY): ParsedFeed {
  const format = detectFormat(text);
  if (format === null) throw new FeedError('not a feed: neither RSS, RSS 1.0/RDF, Atom nor JSON Feed');
  if (format === 'json') return { feed: adaptJsonFeed(text, documentUrl, maxItems), root: null };
  const { root } = parseXml(text);
  if (format === 'rss') return { feed: adaptRss(root, documentUrl, maxItems), root };
  if (format === 'rdf') return { feed: adaptRdf(root, documentUrl, maxItems), root };
  return { feed: adaptAtom(root, documentUrl, maxItems), root };
}

/**
 * Fetched bytes → UpstreamFeed: charset, then parseFeedText. Items past `maxItems` are
 * counted (`beyondCap`) but never read.
 */
export function parseFeed(bytes: Uint8Array, contentType: string | null, documentUrl: string, maxItems = Number.POSITIVE_INFINITY): UpstreamFeed {
  return parseFeedText(decodeFeedBytes(bytes, contentType).text, documentUrl, maxItems).feed;
}
