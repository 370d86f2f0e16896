import type { Scope } from '../store/keys';

/**
 * One article change as push subscribers hear of it. A publisher's object sends one on the
 * CHANGES queue once KV holds the change (so a subscriber that fetches on hearing finds it);
 * the fan-out consumer turns it into one delivery message per WebSub subscriber of each changed
 * topic and per matching partner subscription. The publisher's own request never does that work.
 */
export type ArticleEventType = 'article.published' | 'article.updated' | 'article.deleted';

export interface ChangeEvent {
  /** Stable for this change across every redelivery: partner `webhook-id`s derive from it. */
  id: string;
  type: ArticleEventType;
  publisher: string;
  /** The article id. */
  article: string;
  /** When KV came to hold the change (ISO 8601): the payload's `timestamp`. */
  at: string;
  /** The feeds whose first page may have changed: the scopes of the article's old and new index keys. */
  scopes: Scope[];
  /** For partner filters: languages (primary subtags) and case-folded tags before and after the change. */
  languages: string[];
  tags: string[];
  /**
   * The stored record JSON (what /api/articles/{publisher}/{id} answers) for published and
   * updated, when it fits a queue message; absent for deleted, and for a record too large, which
   * the fan-out reads from KV instead.
   */
  record?: string;
}
