import { readRootName } from './canonicalize-names';
import type { UpstreamFormat } from './upstream-feed';
import { isRdfNamespace } from './xml-namespaces';
import { readProlog } from './xml-parser';

/**
 * The format from the document itself, never from the URL or Content-Type (servers label
 * feeds text/html, application/octet-stream, or text/xml for JSON): JSON when the first
 * non-blank character is `{`, otherwise the XML root element by its local name, whatever
 * prefix it is written with (`<atom:feed>`). A root RDF element must be in the RDF
 * namespace when its prefix is declared at all.
 */
export function detectFormat(text: string): UpstreamFormat | null {
  const start = /^[\uFEFF\s]*(.)/.exec(text.slice(0, 1024))?.[1];
  if (start === '{') return 'json';
  if (start !== '<') return null;
  const prolog = readProlog(text);
  if (!prolog) return null;
  const { local, uri } = readRootName(text.slice(prolog.rootStart)).root;
  if (local === 'rss') return 'rss';
  if (local === 'RDF' && (!uri || isRdfNamespace(uri))) return 'rdf';
  if (local === 'feed') return 'atom';
  return null;
}
