import type { SeenItem } from '../../store/source-store';

/**
 * The shape every upstream format adapts into (RSS 2.0, RSS 1.0/RDF, Atom 1.0, JSON Feed),
 * before `toArticleInput` turns an item into the one article model. Values are as the feed
 * gave them (URLs possibly relative, dates unparsed); the adapters only pick fields.
 */

export type UpstreamFormat = 'rss' | 'rdf' | 'atom' | 'json';

/** A text construct: `html` when the feed says (or, for RSS, conventionally means) HTML. */
export interface FeedText {
  value: string;
  html: boolean;
}

/** RSS and RDF titles and descriptions are HTML in practice, whatever the specs say about titles. */
export function htmlText(value: string | undefined): FeedText | undefined {
  return value === undefined ? undefined : { value, html: true };
}

export interface UpstreamPerson {
  name: string;
  url?: string;
}

export interface UpstreamItem {
  /** RSS guid, Atom id, JSON Feed id, RDF rdf:about. */
  guid?: string;
  link?: string;
  title?: FeedText;
  summary?: FeedText;
  content?: FeedText;
  published?: string;
  updated?: string;
  authors: UpstreamPerson[];
  categories: string[];
  /** Cover image candidates, best first. */
  images: string[];
  language?: string;
  /** The xml:base in scope for this item, already absolute; absent when none is declared. */
  base?: string;
  /** The outlet the item is reported from, when the feed declares one (RSS/Atom `source`). */
  source?: UpstreamPerson;
}

export interface UpstreamFeed {
  format: UpstreamFormat;
  title?: string;
  /** The site the feed belongs to (may be relative to `documentUrl`). */
  link?: string;
  language?: string;
  /** Where the document was fetched from (after redirects): the base of last resort. */
  documentUrl: string;
  items: UpstreamItem[];
  /** Entries the adapter could not read at all (not objects, wrong types). */
  unreadable: number;
  /** Entries past the item cap: counted, never read. */
  beyondCap: number;
}

/**
 * The first `max` entries of `lists` taken in order, and how many were left: adapters cap
 * while walking, so a document of a million entries costs no per-entry work past the cap.
 */
export function capEntries<T>(max: number, ...lists: ReadonlyArray<readonly T[]>): { kept: T[]; beyondCap: number } {
  const kept: T[] = [];
  let total = 0;
  for (const list of lists) {
    total += list.length;
    for (const entry of list) {
      if (kept.length >= max) break;
      kept.push(entry);
    }
  }
  return { kept, beyondCap: total - kept.length };
}

/** A fetched document read for a pull (read-feed.ts): its items, each known or read. */
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

/** A document that is not a feed we can read: malformed, truncated, or of no known format. */
export class FeedError extends Error {
  override name = 'FeedError';
}
