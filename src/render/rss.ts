import type { StoredArticle } from '../model/article-schema';
import { escapeText } from '../text/escape';
import { instantOf, rfc3339Of, rfc822, rfc822Of } from './dates';
import { entryId, entryLink, tagAuthority } from './entry-identity';
import type { FeedDocument } from './feed-document';
import { joinNames } from './byline';
import { xmlFeedLinks } from './feed-links';
import { itemContentHtml } from './item-content';
import { mediaContent, mediaThumbnail } from './media-rss';
import { buildXmlDocument, NS, textWithAttrs, type XmlTree } from './xml';

/**
 * RSS <description> is entity-encoded HTML (RSS 2.0 spec, item description; RSS Best Practices
 * Profile §description), so a plain-text lede like "Tom & Jerry <3" must become HTML text first
 * or readers would parse "<3" as markup. The XML builder then escapes it a second time.
 */
function htmlFromText(text: string): string {
  return escapeText(text);
}

function rssItem(doc: FeedDocument, authority: string, a: StoredArticle): XmlTree {
  const fallback = instantOf(a.received_at, doc.updated);
  const source = a.source;
  const content = itemContentHtml(a, doc.articlePageUrl(a));
  return {
    title: a.title,
    link: entryLink(doc, a),
    // Readers that ignore content:encoded still get something: the lede, else the whole body.
    description: a.summary !== undefined ? htmlFromText(a.summary) : content,
    'content:encoded': content,
    // RSS 2.0 §guid: isPermaLink defaults to "true" and readers then open the guid as a link;
    // a tag: URI is not one, so say so.
    guid: textWithAttrs(entryId(authority, a), { isPermaLink: 'false' }),
    pubDate: rfc822Of(a.date_published, fallback),
    // RSS has no modified date; Atom's is the common extension and takes RFC 3339 (RFC 4287 §3.3).
    'atom:updated': a.date_modified !== undefined ? rfc3339Of(a.date_modified, fallback) : undefined,
    // RSS <author> must be an e-mail address; bylines are names, which is what dc:creator holds.
    // One element naming everyone: readers given several keep only the first or only the last.
    'dc:creator': a.authors !== undefined ? joinNames(a.authors.map((p) => p.name), a.language) : undefined,
    category: a.tags,
    'dc:language': a.language,
    'dc:publisher': a.publisher_name,
    // RSS 2.0 §source requires url; without one the outlet's name goes to dc:source instead.
    source: source?.url !== undefined ? textWithAttrs(source.name, { url: source.url }) : undefined,
    'dc:source': source !== undefined && source.url === undefined ? source.name : undefined,
    'media:content': a.image !== undefined ? mediaContent(a.image) : undefined,
    'media:thumbnail': a.image !== undefined ? mediaThumbnail(a.image) : undefined,
    // No <enclosure> for the cover: RSS 2.0 §enclosure requires its length in bytes, and the image
    // is never fetched, so no honest length exists; a made-up one misleads readers that
    // preallocate or show sizes. media:content and the figure in the content carry the image.
  };
}

/** RSS 2.0 (rssboard.org/rss-specification) with Atom, Dublin Core, content and Media RSS extensions. */
export function renderRss(doc: FeedDocument): string {
  const authority = tagAuthority(doc);
  return buildXmlDocument({
    rss: {
      '@_version': '2.0',
      '@_xmlns:atom': NS.atom,
      '@_xmlns:content': NS.content,
      '@_xmlns:dc': NS.dc,
      '@_xmlns:media': NS.media,
      channel: {
        title: doc.title,
        link: doc.homeUrl,
        description: doc.description,
        language: doc.language,
        lastBuildDate: rfc822(doc.updated),
        'atom:link': xmlFeedLinks(doc, 'rss'),
        // RSS 2.0 §image: title and link must match the channel's for the image to be shown.
        image:
          doc.logo !== undefined
            ? { url: doc.logo.url, title: doc.title, link: doc.homeUrl, width: String(doc.logo.width), height: String(doc.logo.height) }
            : undefined,
        item: doc.articles.map((a) => rssItem(doc, authority, a)),
      },
    },
  });
}
