import type { StoredArticle } from '../model/article-schema';

/**
 * Everything a feed renderer needs, already resolved to absolute URLs. Renderers are pure:
 * (FeedDocument) → string, no I/O, so each format is testable alone.
 */
export interface FeedDocument {
  /** e.g. "newswire", "newswire — #Алматы", "newswire — Steppe Daily". */
  title: string;
  description: string;
  /** The HTML page this feed mirrors (absolute). */
  homeUrl: string;
  /** This document's own URL (absolute), for atom:link rel=self / feed_url. */
  selfUrl: string;
  /** The WebSub hub (absolute) that delivers this feed's topic: rel=hub, JSON Feed `hubs`. */
  hubUrl: string;
  /** The same listing in the other formats (absolute), for rel=alternate links. */
  alternates: { rss: string; atom: string; json: string };
  /** RFC 5005 next (older) page, absolute; absent on the last page. */
  nextUrl?: string;
  iconUrl?: string;
  /** The RSS channel image: RSS 2.0 §image takes GIF, JPEG or PNG, at most 144 pixels wide. */
  logo?: { url: string; width: number; height: number };
  /** Where the `_newswire` JSON Feed extension is described (its `about`, JSON Feed 1.1 §Extensions). */
  extensionDocsUrl: string;
  /** BCP 47; the feed-level language when one is declared. */
  language?: string;
  /**
   * The newest date_modified/date_published among the articles; the Unix epoch for an empty
   * feed, so a body depends only on the listing's version (its cache key), never on the clock.
   */
  updated: Date;
  /** Newest first. */
  articles: StoredArticle[];
  /** Absolute URL of an article's HTML page on this site. */
  articlePageUrl: (article: StoredArticle) => string;
  /** Absolute URL of a tag's HTML page. */
  tagPageUrl: (tag: string) => string;
}
