import type { FeedDocument } from './feed-document';
import { emptyWithAttrs, type XmlTree } from './xml';

// Link types name the format only; the charset parameter belongs to the responses.
const LINK_TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' } as const;

/**
 * The links both XML formats carry (Atom's `link`, RSS's `atom:link`): rel=self, which the RSS
 * Best Practices Profile asks of a feed too; rel=hub beside it (WebSub §4: a subscriber reads
 * both and subscribes to the self URL at the hub); rel=alternate for the listing's other formats; and
 * RFC 5005 §3's rel=next, the older page of a paged feed, when there is one.
 */
export function xmlFeedLinks(doc: FeedDocument, own: 'rss' | 'atom'): XmlTree[] {
  const other = own === 'rss' ? 'atom' : 'rss';
  const links = [
    emptyWithAttrs({ rel: 'self', type: LINK_TYPES[own], href: doc.selfUrl }),
    emptyWithAttrs({ rel: 'hub', href: doc.hubUrl }),
    emptyWithAttrs({ rel: 'alternate', type: LINK_TYPES[other], href: doc.alternates[other] }),
    emptyWithAttrs({ rel: 'alternate', type: LINK_TYPES.json, href: doc.alternates.json }),
  ];
  if (doc.nextUrl !== undefined) links.push(emptyWithAttrs({ rel: 'next', type: LINK_TYPES[own], href: doc.nextUrl }));
  return links;
}
