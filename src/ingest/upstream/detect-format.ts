import type { FeedFormat } from './upstream-feed';
import { readProlog } from './xml-parser';

/**
 * The format from the document itself, never from the URL or Content-Type (servers label
 * feeds text/html, application/octet-stream, or text/xml for JSON): JSON when the first
 * non-blank character is `{`, otherwise the XML root element.
 */
export function detectFormat(text: string): FeedFormat | null {
  const start = /^[\uFEFF\s]*(.)/.exec(text.slice(0, 1024))?.[1];
  if (start === '{') return 'json';
  if (start !== '<') return null;
  const prolog = readProlog(text);
  if (!prolog) return null;
  const local = prolog.rootName.slice(prolog.rootName.indexOf(':') + 1);
  if (prolog.rootName === 'rss') return 'rss';
  if (local === 'RDF') return 'rdf';
  if (local === 'feed') return 'atom';
  return null;
}
