import { ArticleSchema, type ArticleInput } from '../../model/article-schema';
import { tagKey } from '../../model/normalize';
import { safeUrl } from '../../model/sanitize-html';
import { shortHash } from '../../store/short-hash';
import { parseFeedDate } from './feed-dates';
import { collapseWhitespace } from '../../model/normalize';
import { escapeHtml, htmlToText, truncateText } from './html-text';
import type { FeedText, UpstreamFeed, UpstreamItem } from './upstream-feed';

/**
 * One upstream item → ArticleInput, fitted to ArticleSchema's limits (over-long text is
 * truncated, not refused) and then validated by that same schema.
 */

// The limits of ArticleSchema (src/model/article-schema.ts).
const MAX = { title: 300, summary: 1000, content: 500_000, url: 2048, name: 200, tag: 50, tags: 20, authors: 20 } as const;
const TITLE_FROM_BODY = 120;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

function absoluteUrl(raw: string | undefined, base: string | undefined): string | undefined {
  if (!raw) return undefined;
  const url = safeUrl(raw, base);
  return url && url.length <= MAX.url ? url : undefined;
}

function plain(text: FeedText | undefined): string {
  if (!text) return '';
  return text.html ? htmlToText(text.value) : collapseWhitespace(text.value);
}

function asHtml(text: FeedText | undefined): string | undefined {
  if (!text?.value.trim()) return undefined;
  if (text.html) return text.value;
  return text.value
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim())}</p>`)
    .join('');
}

/** Cuts HTML at a tag boundary, so no half tag is left at the end. */
function cutHtml(html: string, max: number): string {
  if (html.length <= max) return html;
  const cut = html.slice(0, max);
  return cut.lastIndexOf('<') > cut.lastIndexOf('>') ? cut.slice(0, cut.lastIndexOf('<')) : cut;
}

function language(raw: string | undefined): string | undefined {
  const tag = raw?.trim().replace(/_/g, '-');
  return tag && LANGUAGE.test(tag) ? tag : undefined;
}

function tags(categories: readonly string[]): string[] | undefined {
  const byKey = new Map<string, string>();
  for (const category of categories) {
    const tag = truncateText(htmlToText(category), MAX.tag);
    if (tag && !byKey.has(tagKey(tag))) byKey.set(tagKey(tag), tag);
  }
  return byKey.size ? [...byKey.values()].slice(0, MAX.tags) : undefined;
}

/** The link an item is identified and published under, absolute. */
export function itemUrl(item: UpstreamItem, feed: UpstreamFeed): string | undefined {
  return absoluteUrl(item.link, item.base ?? feed.documentUrl);
}

/**
 * A stable article id: from the guid/id, else the link, hashed into ArticleId's charset.
 * Null when the item has neither: it could not be recognized on the next pull.
 */
export async function itemArticleId(item: UpstreamItem, feed: UpstreamFeed): Promise<string | null> {
  const guid = item.guid?.trim();
  const link = itemUrl(item, feed);
  const identity = guid ? `guid:${guid}` : link ? `link:${link}` : null;
  return identity ? shortHash(identity) : null;
}

export interface ItemContext {
  id: string;
  feed: UpstreamFeed;
  /** When this item was first pulled: the date of last resort, stable across pulls. */
  firstSeen: string;
}

export type MappedItem =
  | { ok: true; input: ArticleInput; datedByFirstSeen: boolean; /** For ingestArticle's sanitizer, when not the article URL. */ contentBase?: string }
  | { ok: false; reason: string };

export function toArticleInput(item: UpstreamItem, ctx: ItemContext): MappedItem {
  const { feed } = ctx;
  const url = itemUrl(item, feed);
  // Relative references in the body: xml:base when declared, else the item's own page.
  const contentBase = item.base ?? url ?? absoluteUrl(feed.link, feed.documentUrl) ?? feed.documentUrl;

  // Unsanitized: ingestArticle sanitizes it once, against `contentBase` when that is not the URL.
  const body = asHtml(item.content) ?? asHtml(item.summary) ?? '';
  const title = truncateText(plain(item.title) || truncateText(htmlToText(body), TITLE_FROM_BODY), MAX.title);
  if (!title) return { ok: false, reason: 'the item has neither a title nor any text' };
  const summary = truncateText(plain(item.summary), MAX.summary);

  const published = parseFeedDate(item.published) ?? parseFeedDate(item.updated);
  const modified = parseFeedDate(item.updated) ?? undefined;
  const image = item.images.map((candidate) => absoluteUrl(candidate, contentBase)).find((u) => u !== undefined);
  const authors = item.authors
    .map((p) => ({ name: truncateText(htmlToText(p.name), MAX.name), url: absoluteUrl(p.url, contentBase) }))
    .filter((p, i, all) => p.name && all.findIndex((q) => q.name === p.name) === i)
    .slice(0, MAX.authors);
  const sourceName = item.source ? truncateText(htmlToText(item.source.name), MAX.name) : '';

  const candidate = {
    id: ctx.id,
    title,
    summary: summary || undefined,
    content_html: body.trim() ? cutHtml(body, MAX.content) : `<p>${escapeHtml(title)}</p>`,
    url,
    image: image ? { url: image } : undefined,
    authors: authors.length ? authors : undefined,
    source: sourceName ? { name: sourceName, url: absoluteUrl(item.source?.url, contentBase) } : undefined,
    tags: tags(item.categories),
    language: language(item.language) ?? language(feed.language),
    date_published: published ?? ctx.firstSeen,
    date_modified: modified !== published ? modified : undefined,
  };
  const parsed = ArticleSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ') };
  }
  const mapped: MappedItem = { ok: true, input: parsed.data, datedByFirstSeen: published === null };
  if (contentBase !== url) mapped.contentBase = contentBase;
  return mapped;
}
