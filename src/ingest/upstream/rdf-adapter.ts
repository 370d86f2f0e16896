import { allTexts, itemAuthors, itemImages } from './feed-extensions';
import { TEXT_READ } from './to-article';
import { capEntries, htmlText, type UpstreamFeed, type UpstreamItem } from './upstream-feed';
import { firstRawText } from './xml-parser';
import { attr, child, children, firstText, xmlBase, type XmlElement, type XmlValue } from './xml-node';

/**
 * RSS 1.0 / RDF (`<rdf:RDF><channel/><item rdf:about>…`): items are siblings of the
 * channel, and dates, authors and subjects come from Dublin Core.
 */

function rdfItem(node: XmlValue, rootBase: string | undefined, documentUrl: string): UpstreamItem {
  const encoded = firstRawText(node, 'content:encoded', TEXT_READ.content);
  const description = firstRawText(node, 'description', encoded ? TEXT_READ.summary : TEXT_READ.content);
  const about = attr(node, 'rdf:about');
  return {
    guid: about,
    link: firstText(node, 'link') ?? about,
    title: htmlText(firstRawText(node, 'title', TEXT_READ.title) ?? firstText(node, 'dc:title')),
    summary: encoded ? htmlText(description) : undefined,
    content: htmlText(encoded ?? description),
    published: firstText(node, 'dc:date', 'dcterms:issued', 'dcterms:created'),
    updated: firstText(node, 'dcterms:modified'),
    authors: itemAuthors(node),
    categories: allTexts(node, 'dc:subject'),
    images: itemImages(node),
    language: attr(node, 'xml:lang') ?? firstText(node, 'dc:language'),
    base: xmlBase(node, rootBase, documentUrl),
  };
}

export function adaptRdf(root: XmlElement, documentUrl: string, maxItems: number): UpstreamFeed {
  const { kept, beyondCap } = capEntries(maxItems, children(root, 'item'));
  const channel = child(root, 'channel');
  const rootBase = xmlBase(root, undefined, documentUrl);
  return {
    format: 'rdf',
    title: firstText(channel, 'title'),
    link: firstText(channel, 'link'),
    language: firstText(channel, 'dc:language') ?? attr(root, 'xml:lang'),
    documentUrl,
    items: kept.map((item) => rdfItem(item, rootBase, documentUrl)),
    unreadable: 0,
    beyondCap,
  };
}
