import { htmlToText } from './html-text';
import { itemImages } from './feed-extensions';
import { TEXT_READ } from './to-article';
import { capEntries, type FeedText, type UpstreamFeed, type UpstreamItem, type UpstreamPerson } from './upstream-feed';
import { rawXmlText } from './xml-parser';
import { attr, child, children, firstText, isElement, xmlBase, type XmlElement, type XmlValue } from './xml-node';

/** Atom 1.0 (RFC 4287), with the Atom 0.3 date names as fallbacks. */

/**
 * Text constructs arrive as raw markup (stop nodes, see xml-parser.ts). RFC 4287 §3.1.
 * Decoded only as far as the mapping reads (`max`, see TEXT_READ).
 */
function atomText(node: XmlValue | undefined, max: number): FeedText | undefined {
  const first = Array.isArray(node) ? node[0] : node;
  const raw = typeof first === 'string' ? first : isElement(first) && typeof first['#text'] === 'string' ? first['#text'] : '';
  if (!raw.trim()) return undefined;
  const type = (attr(first, 'type') ?? 'text').toLowerCase();
  if (type === 'xhtml') return { value: raw, html: true };
  if (type === 'html' || type === 'text/html') return { value: rawXmlText(raw, max), html: true };
  if (type === 'text' || type.startsWith('text/')) return { value: rawXmlText(raw, max), html: false };
  return undefined;
}

function resolve(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, base).href;
  } catch {
    return href;
  }
}

function links(node: XmlValue | undefined, rel: string): Array<{ href: string; type?: string }> {
  return children(node, 'link').flatMap((link) => {
    const href = attr(link, 'href');
    return href && (attr(link, 'rel') ?? 'alternate') === rel ? [{ href, type: attr(link, 'type') }] : [];
  });
}

function alternate(node: XmlValue | undefined): string | undefined {
  const all = links(node, 'alternate');
  return (all.find((l) => !l.type || l.type.includes('html')) ?? all[0])?.href;
}

function people(node: XmlValue | undefined): UpstreamPerson[] {
  return children(node, 'author').flatMap((author) => {
    const name = firstText(author, 'name');
    return name ? [{ name, url: firstText(author, 'uri', 'url') }] : [];
  });
}

function atomEntry(entry: XmlValue, feedBase: string | undefined, feedAuthors: UpstreamPerson[], feedLang: string | undefined, documentUrl: string): UpstreamItem {
  const entryBase = xmlBase(entry, feedBase, documentUrl);
  const content = child(entry, 'content');
  const source = child(entry, 'source');
  const sourceTitle = atomText(child(source, 'title'), TEXT_READ.name);
  const authors = people(entry);
  const body = attr(content, 'src') ? undefined : atomText(content, TEXT_READ.content);
  return {
    guid: firstText(entry, 'id'),
    link: resolve(alternate(entry), entryBase ?? documentUrl),
    title: atomText(child(entry, 'title'), TEXT_READ.title),
    // Without a body the summary stands in for it (to-article.ts), and is read as far.
    summary: atomText(child(entry, 'summary'), body?.value.trim() ? TEXT_READ.summary : TEXT_READ.content),
    content: body,
    published: firstText(entry, 'published', 'issued', 'created'),
    updated: firstText(entry, 'updated', 'modified'),
    // RFC 4287 §4.2.1: an entry without authors inherits the feed's.
    authors: authors.length ? authors : feedAuthors,
    categories: children(entry, 'category').flatMap((c) => attr(c, 'label') ?? attr(c, 'term') ?? []),
    images: itemImages(entry, links(entry, 'enclosure').map((l) => ({ url: resolve(l.href, entryBase ?? documentUrl) ?? l.href, type: l.type }))),
    language: attr(entry, 'xml:lang') ?? feedLang,
    base: xmlBase(content, entryBase, documentUrl),
    source: sourceTitle ? { name: sourceTitle.html ? htmlToText(sourceTitle.value) : sourceTitle.value, url: alternate(source) } : undefined,
  };
}

export function adaptAtom(root: XmlElement, documentUrl: string, maxItems: number): UpstreamFeed {
  const { kept, beyondCap } = capEntries(maxItems, children(root, 'entry'));
  const feedBase = xmlBase(root, undefined, documentUrl);
  const language = attr(root, 'xml:lang');
  const title = atomText(child(root, 'title'), TEXT_READ.title);
  const feedAuthors = people(root);
  return {
    format: 'atom',
    title: title && (title.html ? htmlToText(title.value) : title.value),
    link: resolve(alternate(root), feedBase ?? documentUrl),
    language,
    documentUrl,
    items: kept.map((entry) => atomEntry(entry, feedBase, feedAuthors, language, documentUrl)),
    unreadable: 0,
    beyondCap,
  };
}
