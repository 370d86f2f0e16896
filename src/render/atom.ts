import type { StoredArticle } from '../model/article-schema';
import { instantOf, rfc3339, rfc3339Of } from './dates';
import { entryId, entryLink, tagAuthority } from './entry-identity';
import type { FeedDocument } from './feed-document';
import { xmlFeedLinks } from './feed-links';
import { mediaContent } from './media-rss';
import { buildXmlDocument, emptyWithAttrs, NS, textWithAttrs, type XmlTree } from './xml';

function atomEntry(doc: FeedDocument, authority: string, a: StoredArticle): XmlTree {
  const fallback = instantOf(a.received_at, doc.updated);
  const source = a.source;
  return {
    // RFC 4287 §2 / XML 1.0 §2.12: language is per element, so each entry states its own.
    '@_xml:lang': a.language,
    id: entryId(authority, a),
    title: a.title,
    // §4.1.1: exactly one alternate per type+hreflang — this is the only link an entry has.
    link: emptyWithAttrs({ rel: 'alternate', type: 'text/html', href: entryLink(doc, a) }),
    published: rfc3339Of(a.date_published, fallback),
    // §4.2.15: updated is required; an article never modified was last updated when published.
    updated: rfc3339Of(a.date_modified ?? a.date_published, fallback),
    author: a.authors?.map((p) => ({ name: p.name, uri: p.url })),
    category: a.tags?.map((term) => emptyWithAttrs({ term })),
    // §3.1.1: type defaults to "text" — the lede is plain text, so no attribute.
    summary: a.summary,
    // §4.1.3.3: type="html" content is the markup escaped as text, never raw and never CDATA.
    content: textWithAttrs(a.content_html, { type: 'html' }),
    // §4.2.11 atom:source preserves the originating outlet's metadata.
    source:
      source !== undefined
        ? {
            title: source.name,
            link: source.url !== undefined ? emptyWithAttrs({ rel: 'alternate', type: 'text/html', href: source.url }) : undefined,
          }
        : undefined,
    'dc:publisher': a.publisher_name,
    'media:content': a.image !== undefined ? mediaContent(a.image) : undefined,
  };
}

/** Atom 1.0 (RFC 4287) with RFC 5005 paging, Dublin Core and Media RSS extensions. */
export function renderAtom(doc: FeedDocument): string {
  const authority = tagAuthority(doc);
  const links = [emptyWithAttrs({ rel: 'alternate', type: 'text/html', href: doc.homeUrl }), ...xmlFeedLinks(doc, 'atom')];

  return buildXmlDocument({
    feed: {
      '@_xmlns': NS.atom,
      '@_xmlns:dc': NS.dc,
      '@_xmlns:media': NS.media,
      '@_xml:lang': doc.language,
      // §4.2.6: a permanent IRI for the listing — the HTML page this feed mirrors.
      id: doc.homeUrl,
      title: doc.title,
      subtitle: doc.description === '' ? undefined : doc.description,
      updated: rfc3339(doc.updated),
      // §4.1.1: a feed-level author covers every entry that has none of its own.
      author: { name: doc.title },
      link: links,
      icon: doc.iconUrl,
      entry: doc.articles.map((a) => atomEntry(doc, authority, a)),
    },
  });
}
