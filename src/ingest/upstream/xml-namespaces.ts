/**
 * XML namespaces (Namespaces in XML 1.0) resolved by URI, as miniflux does: what an element
 * means depends on the URI its prefix is bound to, never on the prefix as written. The
 * adapters read conventional names (`dc:creator`, `content:encoded`, `media:content`,
 * `atom:link` inside RSS, unprefixed Atom inside an Atom document), so each name is turned
 * into the conventional one for its namespace URI (see canonicalize-names.ts).
 */

const RDF_NAMESPACE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** A namespace URI and the prefix its readers look for. */
export type NamespacePrefix = readonly [uri: string, prefix: string];

/** The conventional prefix of each namespace an adapter reads. */
const CONVENTIONAL: readonly NamespacePrefix[] = [
  [RDF_NAMESPACE, 'rdf'],
  [XML_NAMESPACE, 'xml'],
  [ATOM_NAMESPACE, 'atom'],
  ['http://purl.org/atom/ns#', 'atom'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
  ['http://purl.org/dc/terms/', 'dcterms'],
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://search.yahoo.com/mrss/', 'media'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
];

/**
 * HTML carried as markup (Atom `type="xhtml"` content, `<xhtml:body>` in RSS) is read as
 * HTML, whose names are written without a namespace.
 */
const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** RSS 1.0 and 0.90 element namespaces: unprefixed names inside an RDF document. */
const RDF_ITEM_NAMESPACES = ['http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/'];

/**
 * The prefix given to names in any other namespace: it is no prefix an adapter reads, so
 * `<foo:title xmlns:foo="urn:other">` is not taken for a title.
 */
const OTHER_NAMESPACE_PREFIX = 'other-ns';

/**
 * Published feeds get the scheme and the trailing `/` or `#` of these URIs wrong
 * (`https://www.w3.org/2005/Atom`, `http://search.yahoo.com/mrss`); such a slip is
 * still the namespace meant.
 */
function uriKey(uri: string): string {
  return uri.trim().replace(/^https:/i, 'http:').replace(/[/#]$/, '');
}

export function isRdfNamespace(uri: string): boolean {
  return uriKey(uri) === uriKey(RDF_NAMESPACE);
}

const CONVENTIONAL_BY_KEY = new Map(CONVENTIONAL.map(([uri, prefix]) => [uriKey(uri), prefix]));

/** The root element's name and namespace URI: '' for none, undefined for an undeclared prefix. */
export interface RootName {
  local: string;
  uri: string | undefined;
}

/**
 * Maps namespace URIs to the prefix the adapters read. The document's own namespace (the
 * root element's: Atom in an Atom feed; RSS 1.0 in RDF) has no prefix; neither do names in
 * no namespace, which is how RSS 2.0 writes everything.
 */
export class Naming {
  private readonly unprefixed: Set<string>;
  private readonly conventional: Map<string, string>;
  private readonly cache = new Map<string, string>();

  /** `extra`: namespaces of the caller's own vocabulary (opml.ts reads its own attributes). */
  constructor(root: RootName, extra: readonly NamespacePrefix[] = []) {
    const rootKey = root.uri ? uriKey(root.uri) : undefined;
    const rdf = root.local === 'RDF' && (root.uri === undefined || root.uri === '' || isRdfNamespace(root.uri));
    const own = rdf ? RDF_ITEM_NAMESPACES : rootKey ? [rootKey] : [];
    this.unprefixed = new Set([XHTML_NAMESPACE, ...own].map(uriKey));
    this.conventional = extra.length ? new Map([...CONVENTIONAL_BY_KEY, ...extra.map(([uri, prefix]) => [uriKey(uri), prefix] as const)]) : CONVENTIONAL_BY_KEY;
  }

  /** The prefix for names in namespace `uri` ('' for no namespace). */
  prefixFor(uri: string): string {
    let prefix = this.cache.get(uri);
    if (prefix === undefined) {
      const key = uriKey(uri);
      prefix = key === '' || this.unprefixed.has(key) ? '' : (this.conventional.get(key) ?? OTHER_NAMESPACE_PREFIX);
      this.cache.set(uri, prefix);
    }
    return prefix;
  }

  /** True when binding `prefix` to `uri` changes no name: the prefix is already the conventional one. */
  isConventional(prefix: string, uri: string): boolean {
    // `xmlns:p=""` binds nothing (XML 1.0 namespaces); names with that prefix stay as written.
    if (prefix === 'xml' || (prefix !== '' && uri.trim() === '')) return true;
    return this.prefixFor(uri) === prefix;
  }

  /**
   * The conventional name for `qname` whose prefix is bound to `uri` ('' for no namespace,
   * undefined when undeclared: such a name stays as written, as lenient readers take it).
   */
  canonical(qname: string, uri: string | undefined): string {
    if (uri === undefined) return qname;
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    // The xml prefix is bound by definition and cannot be redeclared.
    if (prefix === 'xml' || (prefix !== '' && uri.trim() === '')) return qname;
    const wanted = this.prefixFor(uri);
    if (wanted === prefix) return qname;
    const local = qname.slice(colon + 1);
    return wanted === '' ? local : `${wanted}:${local}`;
  }
}
