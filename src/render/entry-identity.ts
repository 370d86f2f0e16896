import type { StoredArticle } from '../model/article-schema';
import type { FeedDocument } from './feed-document';

/**
 * Entry ids are RFC 4151 tag URIs, `tag:{site host},2026:{publisher}/{article id}`:
 * RFC 4287 §4.2.6 requires atom:id to never change, and RSS guid / JSON Feed id are read the
 * same way by every reader, so the id is built from the two parts of an article's identity
 * that can never change (publisher and id are the KV key) and from nothing that an update
 * can touch (title, url, dates). Unlike the article page URL it does not move if routes are
 * renamed; it does depend on the host the site is served from — one canonical host is assumed.
 * "2026" is the RFC 4151 §2.1 date: the year this site began minting these ids.
 */
const TAG_DATE = '2026';
const FALLBACK_AUTHORITY = 'newswire.invalid';

/** The tagging entity (RFC 4151 §2.1 authorityName) for every entry of this document. */
export function tagAuthority(doc: Pick<FeedDocument, 'homeUrl'>): string {
  try {
    return new URL(doc.homeUrl).hostname || FALLBACK_AUTHORITY;
  } catch {
    return FALLBACK_AUTHORITY;
  }
}

export function entryId(authority: string, article: Pick<StoredArticle, 'publisher' | 'id'>): string {
  return `tag:${authority},${TAG_DATE}:${article.publisher}/${article.id}`;
}

/**
 * An id for an outlet a story is reported from that has no URL (atom:source needs one), minted
 * from its name under the same authority; ":" cannot occur in a publisher id, so it never equals
 * an entry id.
 */
export function outletTagId(authority: string, name: string): string {
  return `tag:${authority},${TAG_DATE}:source:${encodeURIComponent(name)}`;
}

/** The story's own URL when the publisher gave one, else its page on this site. */
export function entryLink(doc: Pick<FeedDocument, 'articlePageUrl'>, article: StoredArticle): string {
  return article.url ?? doc.articlePageUrl(article);
}
