import { adaptAtom } from './atom-adapter';
import { decodeFeedBytes } from './decode-charset';
import { detectFormat } from './detect-format';
import { adaptJsonFeed } from './json-feed-adapter';
import { adaptRdf } from './rdf-adapter';
import { adaptRss } from './rss-adapter';
import { FeedError, type UpstreamFeed } from './upstream-feed';
import { parseXml } from './xml-parser';

/**
 * Fetched bytes → UpstreamFeed: charset, format sniffing, parsing, format adapter. Items
 * past `maxItems` are counted (`beyondCap`) but never read.
 */
export function parseFeed(bytes: Uint8Array, contentType: string | null, documentUrl: string, maxItems = Number.POSITIVE_INFINITY): UpstreamFeed {
  const { text } = decodeFeedBytes(bytes, contentType);
  const format = detectFormat(text);
  if (format === null) throw new FeedError('not a feed: neither RSS, RSS 1.0/RDF, Atom nor JSON Feed');
  if (format === 'json') return adaptJsonFeed(text, documentUrl, maxItems);
  const { root } = parseXml(text);
  if (format === 'rss') return adaptRss(root, documentUrl, maxItems);
  if (format === 'rdf') return adaptRdf(root, documentUrl, maxItems);
  return adaptAtom(root, documentUrl, maxItems);
}
