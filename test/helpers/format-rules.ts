/**
 * The parts of each format's specification a feed reader depends on, as executable checks.
 * Each returns the list of violations (empty when the document conforms), so a failing test
 * names the rule that broke. Each checker is itself proven against a broken document.
 */
import { attr, kids, NS, type XmlNode } from './strict-xml';

// RFC 3339 §5.6 date-time.
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
// RFC 822 §5.1 (RFC 1123 four-digit year), as RSS 2.0 requires for dates.
export const RFC822 = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (?:GMT|UT|Z|[+-]\d{4})$/;

const isRfc3339 = (s: string | undefined): boolean => s !== undefined && RFC3339.test(s) && !Number.isNaN(Date.parse(s));
const isRfc822 = (s: string | undefined): boolean => s !== undefined && RFC822.test(s) && !Number.isNaN(Date.parse(s));
const isAbsoluteUrl = (s: string | undefined): boolean => s !== undefined && URL.canParse(s);
// A tag: or urn: id parses as a URL too; a permalink is something a reader can open.
const isWebUrl = (s: string): boolean => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol);

function one(node: XmlNode, uri: string, local: string, where: string, out: string[]): XmlNode | undefined {
  const found = kids(node, uri, local);
  if (found.length !== 1) out.push(`${where}: expected one <${local}>, found ${found.length}`);
  return found[0];
}

/** RFC 4287 §4.1.1 (feed), §4.1.2 (entry), §3.3 (dates), §4.2.7 (links), RFC 5005 §3 (next). */
export function atomViolations(feed: XmlNode): string[] {
  const out: string[] = [];
  if (feed.uri !== NS.atom || feed.local !== 'feed') return [`root is {${feed.uri}}${feed.local}, not atom:feed`];
  one(feed, NS.atom, 'id', 'feed', out);
  one(feed, NS.atom, 'title', 'feed', out);
  const updated = one(feed, NS.atom, 'updated', 'feed', out);
  if (updated && !isRfc3339(updated.text)) out.push(`feed: updated "${updated.text}" is not RFC 3339`);
  const feedHasAuthor = kids(feed, NS.atom, 'author').length > 0;
  out.push(...linkViolations(feed, 'feed'));
  const self = kids(feed, NS.atom, 'link').filter((l) => attr(l, 'rel') === 'self');
  if (self.length !== 1) out.push(`feed: expected one rel="self" link, found ${self.length}`);

  kids(feed, NS.atom, 'entry').forEach((entry, i) => {
    const where = `entry ${i}`;
    one(entry, NS.atom, 'id', where, out);
    one(entry, NS.atom, 'title', where, out);
    const up = one(entry, NS.atom, 'updated', where, out);
    if (up && !isRfc3339(up.text)) out.push(`${where}: updated "${up.text}" is not RFC 3339`);
    for (const p of kids(entry, NS.atom, 'published')) if (!isRfc3339(p.text)) out.push(`${where}: published "${p.text}" is not RFC 3339`);
    if (!feedHasAuthor && kids(entry, NS.atom, 'author').length === 0) out.push(`${where}: no author and the feed has none`);
    for (const a of [...kids(feed, NS.atom, 'author'), ...kids(entry, NS.atom, 'author')]) one(a, NS.atom, 'name', `${where} author`, out);
    const content = kids(entry, NS.atom, 'content');
    if (content.length > 1) out.push(`${where}: more than one content`);
    // §4.1.2: without content, an entry must have a rel="alternate" link.
    const alternates = kids(entry, NS.atom, 'link').filter((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate');
    if (content.length === 0 && alternates.length === 0) out.push(`${where}: neither content nor an alternate link`);
    out.push(...linkViolations(entry, where));
    for (const c of kids(entry, NS.atom, 'category')) if (!attr(c, 'term')) out.push(`${where}: category without term`);
  });
  return out;
}

function linkViolations(parent: XmlNode, where: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const link of kids(parent, NS.atom, 'link')) {
    if (!isAbsoluteUrl(attr(link, 'href'))) out.push(`${where}: link href "${attr(link, 'href')}" is not an absolute IRI`);
    if ((attr(link, 'rel') ?? 'alternate') !== 'alternate') continue;
    // §4.1.1/§4.1.2: at most one alternate link with the same type and hreflang.
    const key = `${attr(link, 'type') ?? ''}|${attr(link, 'hreflang') ?? ''}`;
    if (seen.has(key)) out.push(`${where}: two rel="alternate" links for type|hreflang ${key}`);
    seen.add(key);
  }
  return out;
}

/** RSS 2.0 required channel and item elements, RFC 822 dates, guid, and the atom:link self. */
export function rssViolations(rss: XmlNode): string[] {
  const out: string[] = [];
  if (rss.local !== 'rss' || rss.uri !== '' || attr(rss, 'version') !== '2.0') return ['root is not <rss version="2.0">'];
  const channel = one(rss, '', 'channel', 'rss', out);
  if (!channel) return out;
  for (const name of ['title', 'link', 'description']) one(channel, '', name, 'channel', out);
  for (const name of ['lastBuildDate', 'pubDate']) {
    for (const d of kids(channel, '', name)) if (!isRfc822(d.text)) out.push(`channel: ${name} "${d.text}" is not RFC 822`);
  }
  const self = kids(channel, NS.atom, 'link').filter((l) => attr(l, 'rel') === 'self');
  if (self.length !== 1 || !isAbsoluteUrl(attr(self[0] as XmlNode, 'href'))) out.push('channel: expected one atom:link rel="self" with an absolute href');
  kids(channel, '', 'item').forEach((item, i) => {
    const where = `item ${i}`;
    // RSS 2.0 §item: "at least one of title or description must be present".
    if (kids(item, '', 'title').length + kids(item, '', 'description').length === 0) out.push(`${where}: neither title nor description`);
    const pub = one(item, '', 'pubDate', where, out);
    if (pub && !isRfc822(pub.text)) out.push(`${where}: pubDate "${pub.text}" is not RFC 822`);
    const guid = one(item, '', 'guid', where, out);
    if (guid && (attr(guid, 'isPermaLink') ?? 'true') === 'true' && !isWebUrl(guid.text)) out.push(`${where}: permalink guid "${guid.text}" is not a URL`);
    // RSS 2.0 §source: the url attribute is required.
    for (const s of kids(item, '', 'source')) if (!isAbsoluteUrl(attr(s, 'url'))) out.push(`${where}: source without a url`);
    // RSS 2.0 §author must be an e-mail address.
    for (const a of kids(item, '', 'author')) if (!a.text.includes('@')) out.push(`${where}: author "${a.text}" is not an e-mail address`);
  });
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON Feed 1.1 (jsonfeed.org/version/1.1): required members, 1.1 authors, RFC 3339, extensions. */
export function jsonFeedViolations(feed: Json): string[] {
  const out: string[] = [];
  if (!isObject(feed)) return ['top level is not an object'];
  if (feed.version !== 'https://jsonfeed.org/version/1.1') out.push(`version is ${JSON.stringify(feed.version)}`);
  if (typeof feed.title !== 'string') out.push('title is missing');
  for (const key of ['home_page_url', 'feed_url', 'next_url', 'icon', 'favicon'] as const) {
    if (key in feed && !isAbsoluteUrl(typeof feed[key] === 'string' ? feed[key] : undefined)) out.push(`${key} is not an absolute URL`);
  }
  if ('author' in feed) out.push('top-level author is the deprecated 1.0 field; use authors');
  out.push(...extensionViolations(feed, 'feed'));
  if (!Array.isArray(feed.items)) return [...out, 'items is not an array'];
  feed.items.forEach((item, i) => {
    const where = `item ${i}`;
    if (!isObject(item)) return void out.push(`${where}: not an object`);
    if (typeof item.id !== 'string') out.push(`${where}: id is not a string`);
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string') out.push(`${where}: neither content_html nor content_text`);
    if ('author' in item) out.push(`${where}: deprecated author (1.1 uses authors)`);
    if ('authors' in item && (!Array.isArray(item.authors) || !item.authors.every((a) => isObject(a) && typeof a.name === 'string'))) {
      out.push(`${where}: authors is not an array of objects with a name`);
    }
    for (const key of ['date_published', 'date_modified'] as const) {
      if (key in item && !isRfc3339(typeof item[key] === 'string' ? item[key] : undefined)) out.push(`${where}: ${key} is not RFC 3339`);
    }
    if ('tags' in item && (!Array.isArray(item.tags) || !item.tags.every((t) => typeof t === 'string'))) out.push(`${where}: tags is not an array of strings`);
    for (const key of ['url', 'image'] as const) {
      if (key in item && !isAbsoluteUrl(typeof item[key] === 'string' ? item[key] : undefined)) out.push(`${where}: ${key} is not an absolute URL`);
    }
    out.push(...extensionViolations(item, where));
  });
  return out;
}

const FEED_KEYS = new Set(['version', 'title', 'home_page_url', 'feed_url', 'description', 'user_comment', 'next_url', 'icon', 'favicon', 'authors', 'language', 'expired', 'hubs', 'items']);
const ITEM_KEYS = new Set(['id', 'url', 'external_url', 'title', 'content_html', 'content_text', 'summary', 'image', 'banner_image', 'date_published', 'date_modified', 'authors', 'tags', 'language', 'attachments']);

/** §Extensions: any member the spec does not define must start with an underscore. */
function extensionViolations(obj: { [key: string]: Json }, where: string): string[] {
  const known = where === 'feed' ? FEED_KEYS : ITEM_KEYS;
  return Object.keys(obj)
    .filter((k) => !known.has(k) && !k.startsWith('_'))
    .map((k) => `${where}: "${k}" is neither a JSON Feed 1.1 member nor an _extension`);
}

export type { Json };
