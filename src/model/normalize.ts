import type { ArticleInput, StoredArticle } from './article-schema';
import { sanitizeHtml } from './sanitize-html';
import { tagKey } from '../store/keys';
import { collapseWhitespace } from '../text/whitespace';
import { deepStripXmlForbidden } from '../text/xml-safe-text';

export interface Provenance {
  publisher: string;
  publisherName: string;
  receivedAt: Date;
  /**
   * Base for relative links in content_html when it is not the article URL (an upstream
   * item's xml:base, or an item without a link); webhook submissions never set it.
   */
  contentBase?: string;
  /**
   * The publisher's registered URL: the base for relative links in an article that has no
   * URL of its own. Without either, links stay relative and feeds resolve them against the
   * article's page on this site.
   */
  publisherUrl?: string;
}

/** Tags compare case-insensitively: "Алматы" and "алматы" are one tag; the first spelling wins. */
function normalizeTags(tags: readonly string[] | undefined): string[] | undefined {
  if (!tags) return undefined;
  const seen = new Map<string, string>();
  for (const tag of tags) {
    const clean = collapseWhitespace(tag);
    const key = tagKey(clean);
    if (clean && !seen.has(key)) seen.set(key, clean);
  }
  return seen.size ? [...seen.values()] : undefined;
}

/**
 * A URL as every output may carry it: the characters the URL standard percent-encodes in any
 * component (space, `"`, `<`, `>`, backtick) are encoded, and nothing else is touched, so a
 * publisher's Cyrillic path stays as sent. HTML attribute checkers refuse the raw forms.
 */
function attributeSafeUrl(url: string): string;
function attributeSafeUrl(url: string | undefined): string | undefined;
function attributeSafeUrl(url: string | undefined): string | undefined {
  return url?.replace(/[ "<>`]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function dropUndefined<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/**
 * The single intake step for every source of articles: XML-forbidden characters out of
 * every string, body HTML sanitized (relative links resolved against the article URL, else the
 * publisher's), whitespace-only fields dropped.
 */
export function normalizeArticle(input: ArticleInput, provenance: Provenance): StoredArticle {
  const a = deepStripXmlForbidden(input);
  const url = attributeSafeUrl(a.url);
  const summary = a.summary !== undefined ? collapseWhitespace(a.summary) : undefined;
  return dropUndefined({
    id: a.id,
    title: collapseWhitespace(a.title),
    summary: summary || undefined,
    content_html: sanitizeHtml(a.content_html, provenance.contentBase ?? url ?? provenance.publisherUrl),
    url,
    image: a.image && dropUndefined({ url: attributeSafeUrl(a.image.url), caption: a.image.caption?.trim() || undefined, credit: a.image.credit?.trim() || undefined }),
    authors: a.authors?.length ? a.authors.map((p) => dropUndefined({ name: collapseWhitespace(p.name), url: attributeSafeUrl(p.url) })) : undefined,
    source: a.source && dropUndefined({ name: collapseWhitespace(a.source.name), url: attributeSafeUrl(a.source.url) }),
    tags: normalizeTags(a.tags),
    language: a.language?.toLowerCase(),
    // Dates stay as submitted, offset and all; only their instant is indexed.
    date_published: a.date_published,
    date_modified: a.date_modified,
    publisher: provenance.publisher,
    publisher_name: stripName(provenance.publisherName),
    received_at: provenance.receivedAt.toISOString(),
  });
}

function stripName(name: string): string {
  return collapseWhitespace(deepStripXmlForbidden(name));
}
