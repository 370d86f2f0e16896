import type { StoredArticle } from '../model/article-schema';
import { instantOf, rfc3339Of } from './dates';
import { entryId, entryLink, tagAuthority } from './entry-identity';
import type { FeedDocument } from './feed-document';
import { itemContentHtml } from './item-content';
import { xmlSafe } from './xml';

/** Field names are JSON Feed 1.1's (jsonfeed.org/version/1.1); optional ones are left out when absent. */
interface JsonFeedAuthor {
  name: string;
  url?: string;
}

interface NewswireExtension {
  /** JSON Feed 1.1 §Extensions: the URL of a description of the extension. */
  about: string;
  publisher: { id: string; name: string };
  source?: { name: string; url?: string };
  image?: { caption?: string; credit?: string };
}

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary?: string;
  image?: string;
  banner_image?: string;
  date_published: string;
  date_modified?: string;
  authors?: JsonFeedAuthor[];
  tags?: string[];
  language?: string;
  /** JSON Feed 1.1 §Extensions: custom keys start with an underscore. */
  _newswire: NewswireExtension;
}

/** JSON Feed 1.1 §Top-level `hubs`: endpoints for real-time notification; ours is a WebSub hub. */
interface JsonFeedHub {
  type: 'WebSub';
  url: string;
}

interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  next_url?: string;
  icon?: string;
  favicon?: string;
  language?: string;
  hubs: JsonFeedHub[];
  items: JsonFeedItem[];
}

function jsonItem(doc: FeedDocument, authority: string, a: StoredArticle): JsonFeedItem {
  const fallback = instantOf(a.received_at, doc.updated);
  const { image, source } = a;
  return {
    id: entryId(authority, a),
    url: entryLink(doc, a),
    title: a.title,
    content_html: itemContentHtml(a, doc.articlePageUrl(a)),
    summary: a.summary,
    // The cover is the item's main image and its banner alike: no other rendition is stored.
    image: image?.url,
    banner_image: image?.url,
    date_published: rfc3339Of(a.date_published, fallback),
    date_modified: a.date_modified !== undefined ? rfc3339Of(a.date_modified, fallback) : undefined,
    // 1.1 replaced the single `author` object with an `authors` array (§Items, "authors").
    authors: a.authors?.map((p) => ({ name: p.name, url: p.url })),
    tags: a.tags,
    language: a.language,
    _newswire: {
      about: doc.extensionDocsUrl,
      publisher: { id: a.publisher, name: a.publisher_name },
      source: source && { name: source.name, url: source.url },
      // JSON Feed's `image` is a bare URL; the caption and credit would otherwise be lost.
      image: image && (image.caption !== undefined || image.credit !== undefined) ? { caption: image.caption, credit: image.credit } : undefined,
    },
  };
}

// JSON could carry C0 controls as \u escapes, but the same text is served as XML elsewhere and
// consumers re-publish JSON Feed items as XML, so every format carries the same cleaned strings.
const cleanStrings = (_key: string, value: unknown): unknown => (typeof value === 'string' ? xmlSafe(value) : value);

/** JSON Feed 1.1. undefined members vanish in JSON.stringify, which is how optional fields are omitted. */
export function renderJsonFeed(doc: FeedDocument): string {
  const authority = tagAuthority(doc);
  const feed: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.selfUrl,
    description: doc.description === '' ? undefined : doc.description,
    // §Top-level: next_url is the pagination link, the JSON Feed counterpart of RFC 5005 rel="next".
    next_url: doc.nextUrl,
    icon: doc.iconUrl,
    favicon: doc.iconUrl,
    language: doc.language,
    hubs: [{ type: 'WebSub', url: doc.hubUrl }],
    items: doc.articles.map((a) => jsonItem(doc, authority, a)),
  };
  // Fast path: stringify once and look for what would need cleaning. JSON.stringify writes C0
  // controls and lone surrogates as \u escapes, and U+FFFE/U+FFFF raw; only when one shows up
  // (intake strips them, so: almost never) is every string cleaned by the replacer.
  const json = JSON.stringify(feed);
  return NEEDS_CLEANING.test(json) ? JSON.stringify(feed, cleanStrings) : json;
}

const NEEDS_CLEANING = /\\u00[01][0-9a-fA-F]|\\ud[89a-fA-F][0-9a-fA-F]{2}|[\uFFFE\uFFFF]/;
