import { z } from 'zod';
import { capEntries, FeedError, type UpstreamFeed, type UpstreamItem, type UpstreamPerson } from './upstream-feed';

/**
 * JSON Feed 1.0 and 1.1 (jsonfeed.org). Lenient by field: a value of the wrong type is
 * dropped rather than sinking its item, and an unreadable item does not sink the feed.
 */

const text = z.string().optional().catch(undefined);

const Author = z.object({ name: text, url: text }).catch({ name: undefined, url: undefined });

const JsonFeedItem = z.object({
  // The spec says string; numbers are common in the wild and just as stable.
  id: z.union([z.string(), z.number().transform(String)]).optional().catch(undefined),
  url: text,
  external_url: text,
  title: text,
  content_html: text,
  content_text: text,
  summary: text,
  image: text,
  banner_image: text,
  date_published: text,
  date_modified: text,
  author: Author.optional().catch(undefined),
  authors: z.array(Author).optional().catch(undefined),
  tags: z.array(z.string()).optional().catch(undefined),
  language: text,
  attachments: z.array(z.object({ url: text, mime_type: text }).catch({ url: undefined, mime_type: undefined })).optional().catch(undefined),
});

const JsonFeedDocument = z.object({
  version: z.string().startsWith('https://jsonfeed.org/version/'),
  title: text,
  home_page_url: text,
  language: text,
  author: Author.optional().catch(undefined),
  authors: z.array(Author).optional().catch(undefined),
  // Checked for being an array only: its entries are read one by one, up to the item cap.
  items: z.custom<unknown[]>((value) => Array.isArray(value)),
});

type Authors = { author?: z.infer<typeof Author>; authors?: Array<z.infer<typeof Author>> };

/** 1.1 `authors` supersedes 1.0 `author`. */
function people(from: Authors): UpstreamPerson[] {
  const list = from.authors ?? (from.author ? [from.author] : []);
  return list.flatMap((a) => (a.name ? [{ name: a.name, url: a.url }] : []));
}

function jsonItem(item: z.infer<typeof JsonFeedItem>, feedAuthors: UpstreamPerson[]): UpstreamItem {
  const authors = people(item);
  const attachedImages = (item.attachments ?? []).flatMap((a) => (a.url && a.mime_type?.startsWith('image/') ? [a.url] : []));
  return {
    guid: item.id,
    link: item.url ?? item.external_url,
    // Plain text by the spec; HTML-escaped titles are common enough to read them as HTML.
    title: item.title === undefined ? undefined : { value: item.title, html: true },
    summary: item.summary === undefined ? undefined : { value: item.summary, html: false },
    content: item.content_html !== undefined ? { value: item.content_html, html: true } : item.content_text !== undefined ? { value: item.content_text, html: false } : undefined,
    published: item.date_published,
    updated: item.date_modified,
    authors: authors.length ? authors : feedAuthors,
    categories: item.tags ?? [],
    images: [item.image, item.banner_image, ...attachedImages].filter((u): u is string => Boolean(u)),
    language: item.language,
  };
}

export function adaptJsonFeed(text: string, documentUrl: string, maxItems: number): UpstreamFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FeedError(`malformed JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const doc = JsonFeedDocument.safeParse(json);
  if (!doc.success) throw new FeedError('not a JSON Feed: a "version" of https://jsonfeed.org/version/… and an "items" array are required');
  const feedAuthors = people(doc.data);
  const items: UpstreamItem[] = [];
  let unreadable = 0;
  const { kept, beyondCap } = capEntries(maxItems, doc.data.items);
  for (const raw of kept) {
    const item = JsonFeedItem.safeParse(raw);
    if (item.success) items.push(jsonItem(item.data, feedAuthors));
    else unreadable++;
  }
  return { format: 'json', title: doc.data.title, link: doc.data.home_page_url, language: doc.data.language, documentUrl, items, unreadable, beyondCap };
}
