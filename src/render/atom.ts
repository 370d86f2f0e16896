import type { StoredArticle } from '../model/article-schema';
import { instantOf, rfc3339, rfc3339Of } from './dates';
import { entryId, entryLink, outletTagId, tagAuthority } from './entry-identity';
import type { FeedDocument } from './feed-document';
import { xmlFeedLinks } from './feed-links';
import { itemContentHtml } from './item-content';
import { imageType, mediaContent, mediaThumbnail } from './media-rss';
import { buildXmlDocument, emptyWithAttrs, NS, textWithAttrs, type XmlTree } from './xml';

/**
 * §4.2.11: a source should carry the originating feed's id, title and updated. What is known is
 * the outlet: its URL is its permanent IRI, else a tag URI is minted from its name. The outlet's
 * own feed was updated no earlier than this entry, the only date known of it.
 */
function atomSource(authority: string, source: NonNullable<StoredArticle['source']>, updated: string): XmlTree {
  return {
    id: source.url ?? outletTagId(authority, source.name),
    title: source.name,
    updated,
    link: source.url !== undefined ? emptyWithAttrs({ rel: 'alternate', type: 'text/html', href: source.url }) : undefined,
  };
}

function atomEntry(doc: FeedDocument, authority: string, a: StoredArticle): XmlTree {
  const fallback = instantOf(a.received_at, doc.updated);
  const { source, image } = a;
  // §4.2.15: updated is required; an article never modified was last updated when published.
  const updated = rfc3339Of(a.date_modified ?? a.date_published, fallback);
  const alternate = emptyWithAttrs({ rel: 'alternate', type: 'text/html', href: entryLink(doc, a) });
  return {
    // RFC 4287 §2 / XML 1.0 §2.12: language is per element, so each entry states its own.
    '@_xml:lang': a.language,
    id: entryId(authority, a),
    title: a.title,
    // §4.1.1: exactly one alternate per type+hreflang. §4.2.7.2: rel="enclosure" names the cover;
    // its length is optional and unknown (the image is never fetched).
    link: image !== undefined ? [alternate, emptyWithAttrs({ rel: 'enclosure', type: imageType(image.url), href: image.url })] : alternate,
    published: rfc3339Of(a.date_published, fallback),
    updated,
    author: a.authors?.map((p) => ({ name: p.name, uri: p.url })),
    category: a.tags?.map((term) => emptyWithAttrs({ term })),
    // §3.1.1: type defaults to "text" — the lede is plain text, so no attribute.
    summary: a.summary,
    // §4.1.3.3: type="html" content is the markup escaped as text, never raw and never CDATA.
    content: textWithAttrs(itemContentHtml(a, doc.articlePageUrl(a)), { type: 'html' }),
    // §4.2.11 atom:source preserves the originating outlet's metadata.
    source: source !== undefined ? atomSource(authority, source, updated) : undefined,
    'dc:publisher': a.publisher_name,
    'media:content': image !== undefined ? mediaContent(image) : undefined,
    'media:thumbnail': image !== undefined ? mediaThumbnail(image) : undefined,
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
