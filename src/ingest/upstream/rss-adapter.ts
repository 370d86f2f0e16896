import { allTexts, itemAuthors, itemImages, rssEnclosures } from './feed-extensions';
import { TEXT_READ } from './to-article';
import { capEntries, htmlText, type UpstreamFeed, type UpstreamItem } from './upstream-feed';
import { firstRawText } from './xml-parser';
import { attr, child, children, firstText, text, xmlBase, type XmlElement, type XmlValue } from './xml-node';

/** RSS 0.91–2.0 (`<rss><channel><item>`) → UpstreamFeed. */

const HTTP = /^https?:\/\//i;

/** `<atom:link href>` stands in for an empty `<link>` in some generators. */
function atomAlternate(node: XmlValue | undefined): string | undefined {
  for (const link of children(node, 'atom:link')) {
    const rel = attr(link, 'rel') ?? 'alternate';
    const href = attr(link, 'href');
    if (rel === 'alternate' && href) return href;
  }
  return undefined;
}

function rssItem(node: XmlValue, channelBase: string | undefined, documentUrl: string): UpstreamItem {
  const guidNode = child(node, 'guid');
  const guid = text(guidNode);
  // RSS 2.0: isPermaLink defaults to true, making the guid the item's URL.
  const guidIsLink = guid !== undefined && attr(guidNode, 'isPermaLink') !== 'false' && HTTP.test(guid);
  const encoded = firstRawText(node, 'content:encoded', TEXT_READ.content);
  const description = firstRawText(node, 'description', encoded ? TEXT_READ.summary : TEXT_READ.content);
  const sourceNode = child(node, 'source');
  const sourceName = text(sourceNode);
  return {
    guid,
    link: firstText(node, 'link') ?? atomAlternate(node) ?? (guidIsLink ? guid : undefined),
    title: htmlText(firstRawText(node, 'title', TEXT_READ.title) ?? firstText(node, 'dc:title')),
    // With content:encoded present, description is the teaser; otherwise it is the body.
    summary: encoded ? htmlText(description) : undefined,
    content: htmlText(encoded ?? description),
    published: firstText(node, 'pubDate', 'dc:date', 'dcterms:issued', 'dcterms:created'),
    updated: firstText(node, 'atom:updated', 'dcterms:modified'),
    authors: itemAuthors(node),
    categories: allTexts(node, 'category', 'dc:subject'),
    images: itemImages(node, rssEnclosures(node)),
    language: attr(node, 'xml:lang') ?? firstText(node, 'dc:language'),
    base: xmlBase(node, channelBase, documentUrl),
    source: sourceName ? { name: sourceName, url: attr(sourceNode, 'url') } : undefined,
  };
}

export function adaptRss(root: XmlElement, documentUrl: string, maxItems: number): UpstreamFeed {
  const channel = child(root, 'channel');
  const channelBase = xmlBase(channel, xmlBase(root, undefined, documentUrl), documentUrl);
  // RSS 0.9x generators sometimes put items beside the channel instead of inside it.
  const { kept, beyondCap } = capEntries(maxItems, children(channel, 'item'), children(root, 'item'));
  return {
    format: 'rss',
    title: firstText(channel, 'title'),
    link: firstText(channel, 'link') ?? atomAlternate(channel),
    language: firstText(channel, 'language', 'dc:language') ?? attr(root, 'xml:lang'),
    documentUrl,
    items: kept.map((item) => rssItem(item, channelBase, documentUrl)),
    unreadable: 0,
    beyondCap,
  };
}
