import { NEWSWIRE_OPML_NS } from '../model/source-schema';
import { FeedError } from './upstream/upstream-feed';
import { attr, children, type XmlValue } from './upstream/xml-node';
import { parseXml } from './upstream/xml-parser';

/**
 * OPML 2.0 (opml.org/spec2.opml) import of the source list; render/opml.ts writes the export.
 * Each source is an `<outline type="rss" text title xmlUrl>`; the publisher namespace and
 * interval travel in namespaced attributes, which OPML 2.0 permits, read here by namespace URI.
 */

/** A readable document the import refuses on principle (the route answers 422, not 400). */
export class OpmlRefused extends Error {}

// OPML needs no DTD. Feeds get theirs cut out (xml-parser.ts); an operator's upload carrying
// one (billion laughs, external entities) is refused outright, so nothing half-imports.
const DOCTYPE = /<!DOCTYPE/i;
const MAX_DEPTH = 8;

/** An outline as found in the document; the admin route validates it with NewSourceSchema. */
export interface OpmlOutline {
  url: string;
  name: string;
  publisher?: string;
  interval_minutes?: number;
}

function collect(node: XmlValue, depth: number, out: OpmlOutline[]): void {
  for (const outline of children(node, 'outline')) {
    const url = attr(outline, 'xmlUrl') ?? attr(outline, 'xmlurl');
    if (url) {
      const interval = attr(outline, 'newswire:interval');
      out.push({
        url,
        name: attr(outline, 'title') ?? attr(outline, 'text') ?? url,
        publisher: attr(outline, 'newswire:publisher'),
        interval_minutes: interval === undefined ? undefined : Number(interval),
      });
    }
    // Readers group feeds in nested (category) outlines; the grouping itself is not kept.
    if (depth < MAX_DEPTH) collect(outline, depth + 1, out);
  }
}

/** The feed outlines of an OPML document, in document order; FeedError when it is not OPML, OpmlRefused when it has a DOCTYPE. */
export function readOpml(text: string): OpmlOutline[] {
  if (DOCTYPE.test(text)) throw new OpmlRefused('The document has a DOCTYPE. OPML needs none, and DTD entities are not accepted: remove it and import again.');
  // Read by namespace URI: an importer may bind it to a prefix of its own.
  const { rootName, root } = parseXml(text, [[NEWSWIRE_OPML_NS, 'newswire']]);
  if (rootName !== 'opml') throw new FeedError(`not OPML: the root element is <${rootName}>`);
  const out: OpmlOutline[] = [];
  for (const body of children(root, 'body')) collect(body, 0, out);
  return out;
}
