import { adaptAtom } from './atom-adapter';
import { decodeFeedBytes } from './decode-charset';
import { detectFormat } from './detect-format';
import { adaptJsonFeed } from './json-feed-adapter';
import { adaptRdf } from './rdf-adapter';
import { adaptRss } from './rss-adapter';
import { FeedError, type UpstreamFeed } from './upstream-feed';
import { parseXml } from './xml-parser';

/** Fetched bytes → UpstreamFeed: charset, format sniffing, parsing, format adapter. */
export function parseFeed(bytes: Uint8Array, contentType: string | null, documentUrl: string): UpstreamFeed {
  const { text } = decodeFeedBytes(bytes, contentType);
  const format = detectFormat(text);
  if (format === null) throw new FeedError('not a feed: neither RSS, RSS 1.0/RDF, Atom nor JSON Feed');
  if (format === 'json') return adaptJsonFeed(text, documentUrl);
  const { root } = parseXml(text);
  if (format === 'rss') return adaptRss(root, documentUrl);
  if (format === 'rdf') return adaptRdf(root, documentUrl);
  return adaptAtom(root, documentUrl);
}
