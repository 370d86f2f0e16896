import { stripXmlForbidden } from '../model/xml-safe-text';
import type { SourceRecord } from '../store/source-store';
import { FeedError } from './upstream/upstream-feed';
import { attr, children, type XmlValue } from './upstream/xml-node';
import { parseXml } from './upstream/xml-parser';

/**
 * OPML 2.0 (opml.org/spec2.opml) export and import of the source list. Each source is an
 * `<outline type="rss" text title xmlUrl>`; the publisher namespace and interval travel
 * in namespaced attributes, which OPML 2.0 permits, so an export re-imports unchanged.
 */

export const NEWSWIRE_OPML_NS = 'urn:newswire:opml';

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

function escapeAttr(value: string): string {
  return stripXmlForbidden(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export function renderOpml(sources: readonly SourceRecord[], title: string, now: Date): string {
  const outlines = sources.map(
    (s) =>
      `    <outline type="rss" text="${escapeAttr(s.name)}" title="${escapeAttr(s.name)}" xmlUrl="${escapeAttr(s.url)}" ` +
      `newswire:publisher="${escapeAttr(s.publisher)}" newswire:interval="${s.interval_minutes}"/>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:newswire="${NEWSWIRE_OPML_NS}">`,
    '  <head>',
    `    <title>${escapeAttr(title)}</title>`,
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
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
