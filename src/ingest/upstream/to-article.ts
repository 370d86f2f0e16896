import { ArticleSchema, LANGUAGE_TAG, publicationDateIssue, TOO_FAR_AHEAD, type ArticleInput } from '../../model/article-schema';
import { tagFitsKey, tagKey } from '../../store/keys';
import { safeUrl } from '../../model/sanitize-html';
import { shortHash } from '../../text/short-hash';
import { parseFeedDate } from './feed-dates';
import { collapseWhitespace } from '../../text/whitespace';
import { escapeText } from '../../text/escape';
import { htmlToText, truncateText } from './html-text';
import type { FeedText, UpstreamFeed, UpstreamItem, UpstreamPerson } from './upstream-feed';
import { headUnits } from '../../text/head';

/**
 * One upstream item → ArticleInput, fitted to ArticleSchema's limits (over-long text is
 * truncated, not refused) and then validated by that same schema.
 */

function maxLength(schema: { maxLength: number | null }, field: string): number {
  if (schema.maxLength === null) throw new Error(`ArticleSchema.${field} has no maximum length`);
  return schema.maxLength;
}

// The limits of ArticleSchema, read from it; zod does not expose an array's maximum, so the
// two counts are restated.
const shape = ArticleSchema.shape;
const MAX = {
  title: maxLength(shape.title, 'title'),
  summary: maxLength(shape.summary.unwrap(), 'summary'),
  content: maxLength(shape.content_html, 'content_html'),
  url: maxLength(shape.url.unwrap(), 'url'),
  name: maxLength(shape.authors.unwrap().element.shape.name, 'authors[].name'),
  tag: maxLength(shape.tags.unwrap().element, 'tags[]'),
  tags: 20,
  authors: 20,
} as const;
const TITLE_FROM_BODY = 120;
// The title of last resort comes from the first text of the body; a prefix this long holds
// it unless the body opens with a very large style or script block.
const BODY_PREFIX_FOR_TITLE = 16_384;
// Upstream text is cut to this multiple of its stored maximum before any markup is stripped
// or pattern run on it: room for the markup and references around the text that is kept,
// and a bound on the work whatever size the feed sends.
const RAW_FACTOR = 8;
/**
 * How much of each text construct the mapping reads (`plain`, `asHtml`); adapters stop
 * decoding an upstream text there (xml-parser.ts `rawXmlText`), as nothing past it is read.
 */
export const TEXT_READ = {
  title: MAX.title * RAW_FACTOR,
  summary: MAX.summary * RAW_FACTOR,
  content: MAX.content,
  name: MAX.name * RAW_FACTOR,
} as const;
// BCP 47 allows 8 subtags of 8; real tags are far shorter.
const MAX_LANGUAGE = 64;

/** Raw upstream text for a field stored at most `max` long. */
function rawField(text: string, max: number): string {
  return headUnits(text, max * RAW_FACTOR);
}

function absoluteUrl(raw: string | undefined, base: string | undefined): string | undefined {
  // Whitespace inside a URL is dropped or escaped, so a longer raw value may still fit.
  if (!raw || raw.length > MAX.url * RAW_FACTOR) return undefined;
  const url = safeUrl(raw, base);
  return url && url.length <= MAX.url ? url : undefined;
}

function plain(text: FeedText | undefined, max: number): string {
  if (!text) return '';
  const raw = rawField(text.value, max);
  return text.html ? htmlToText(raw) : collapseWhitespace(raw);
}

/** The body as HTML, cut to the stored maximum before anything else reads it. */
function asHtml(text: FeedText | undefined): string | undefined {
  if (!text?.value.trim()) return undefined;
  if (text.html) return cutHtml(text.value, MAX.content);
  return headUnits(text.value, MAX.content)
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeText(paragraph.trim())}</p>`)
    .join('');
}

/** Cuts HTML at a tag boundary, so no half tag is left at the end. */
function cutHtml(html: string, max: number): string {
  if (html.length <= max) return html;
  const cut = headUnits(html, max);
  return cut.lastIndexOf('<') > cut.lastIndexOf('>') ? cut.slice(0, cut.lastIndexOf('<')) : cut;
}

function language(raw: string | undefined): string | undefined {
  if (!raw || raw.length > MAX_LANGUAGE) return undefined;
  const tag = raw.trim().replace(/_/g, '-');
  return tag && LANGUAGE_TAG.test(tag) ? tag : undefined;
}

/** Categories as tags; one no index key can hold is dropped with a note, not the item. */
function tags(categories: readonly string[], notes: string[]): string[] | undefined {
  const byKey = new Map<string, string>();
  for (const category of categories) {
    if (byKey.size === MAX.tags) break;
    const tag = truncateText(htmlToText(rawField(category, MAX.tag)), MAX.tag);
    if (!tag || byKey.has(tagKey(tag))) continue;
    if (tagFitsKey(tag)) byKey.set(tagKey(tag), tag);
    else notes.push(`tag "${tag}" dropped: too long to index`);
  }
  return byKey.size ? [...byKey.values()] : undefined;
}

/**
 * A feed date the schema accepts, else null. A date out of bounds is treated as no date, as
 * an unreadable one is (the item falls back to its other date, then to its first sighting),
 * so a CMS writing 2099 cannot pin a story to the top of every listing, and the story is kept.
 */
function boundedDate(raw: string | undefined, field: string, fallback: string, now: number, notes: string[]): string | null {
  const date = parseFeedDate(raw);
  const issue = date === null ? null : publicationDateIssue(date, now);
  if (issue === null) return date;
  notes.push(`${field} ${date} ${issue === TOO_FAR_AHEAD ? 'is more than one year ahead' : 'is before 1900'}; ${fallback}`);
  return null;
}

/** Bylines, first spelling of each name kept, at most MAX.authors, however many the feed lists. */
function bylines(people: readonly UpstreamPerson[], base: string): Array<{ name: string; url: string | undefined }> {
  const byName = new Map<string, { name: string; url: string | undefined }>();
  for (const person of people) {
    if (byName.size === MAX.authors) break;
    const name = truncateText(htmlToText(rawField(person.name, MAX.name)), MAX.name);
    if (name && !byName.has(name)) byName.set(name, { name, url: absoluteUrl(person.url, base) });
  }
  return [...byName.values()];
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
  /** The pull's clock: dates more than one year past it are out of bounds. */
  now: Date;
}

export type MappedItem =
  | {
      ok: true;
      input: ArticleInput;
      datedByFirstSeen: boolean;
      /** For ingestArticle's sanitizer, when not the article URL. */
      contentBase?: string;
      /** What the mapping left out of a kept item (an unindexable tag, an out-of-bounds date). */
      notes: string[];
    }
  | { ok: false; reason: string };

export function toArticleInput(item: UpstreamItem, ctx: ItemContext): MappedItem {
  const { feed } = ctx;
  const url = itemUrl(item, feed);
  // Relative references in the body: xml:base when declared, else the item's own page.
  const contentBase = item.base ?? url ?? absoluteUrl(feed.link, feed.documentUrl) ?? feed.documentUrl;

  // Unsanitized: ingestArticle sanitizes it once, against `contentBase` when that is not the URL.
  const body = asHtml(item.content) ?? asHtml(item.summary) ?? '';
  const title = truncateText(plain(item.title, MAX.title) || truncateText(htmlToText(cutHtml(body, BODY_PREFIX_FOR_TITLE)), TITLE_FROM_BODY), MAX.title);
  if (!title) return { ok: false, reason: 'the item has neither a title nor any text' };
  const summary = truncateText(plain(item.summary, MAX.summary), MAX.summary);

  const notes: string[] = [];
  const now = ctx.now.getTime();
  const updated = boundedDate(item.updated, 'date_modified', 'left out', now, notes);
  const published = boundedDate(item.published, 'date_published', updated ? 'dated by its update instead' : 'dated by first sighting instead', now, notes) ?? updated;
  const modified = updated ?? undefined;
  let image: string | undefined;
  for (const candidate of item.images) if ((image = absoluteUrl(candidate, contentBase))) break;
  const authors = bylines(item.authors, contentBase);
  const sourceName = item.source ? truncateText(htmlToText(rawField(item.source.name, MAX.name)), MAX.name) : '';

  const candidate = {
    id: ctx.id,
    title,
    summary: summary || undefined,
    content_html: body.trim() ? cutHtml(body, MAX.content) : `<p>${escapeText(title)}</p>`,
    url,
    image: image ? { url: image } : undefined,
    authors: authors.length ? authors : undefined,
    source: sourceName ? { name: sourceName, url: absoluteUrl(item.source?.url, contentBase) } : undefined,
    tags: tags(item.categories, notes),
    language: language(item.language) ?? language(feed.language),
    date_published: published ?? ctx.firstSeen,
    date_modified: modified !== published ? modified : undefined,
  };
  const parsed = ArticleSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ') };
  }
  const mapped: MappedItem = { ok: true, input: parsed.data, datedByFirstSeen: published === null, notes };
  if (contentBase !== url) mapped.contentBase = contentBase;
  return mapped;
}
