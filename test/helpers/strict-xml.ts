/**
 * A strict, namespace-aware reading of a feed through saxes (a conforming XML 1.0 + Namespaces
 * parser), into a small tree for assertions. fast-xml-parser's XMLValidator is not used: it
 * accepts documents with raw control characters and unescaped `<` in attributes.
 */
import { SaxesParser } from 'saxes';

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  media: 'http://search.yahoo.com/mrss/',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export interface XmlNode {
  uri: string;
  local: string;
  /** Keyed by `{uri}local`, or just `local` for unprefixed attributes (which have no namespace). */
  attrs: Map<string, string>;
  children: XmlNode[];
  /** Character data directly inside this element, entities and CDATA decoded. */
  text: string;
}

export interface XmlDocument {
  root: XmlNode;
  encoding: string | undefined;
  version: string | undefined;
}

/** Parses or throws on the first well-formedness or namespace error. */
export function parseStrictXml(xml: string): XmlDocument {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let encoding: string | undefined;
  let version: string | undefined;
  parser.on('error', (err) => {
    throw new Error(`not well-formed: ${err.message}`);
  });
  parser.on('xmldecl', (decl) => {
    encoding = decl.encoding;
    version = decl.version;
  });
  parser.on('opentag', (tag) => {
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs.set(a.uri ? `{${a.uri}}${a.local}` : a.local, a.value);
    }
    const node: XmlNode = { uri: tag.uri, local: tag.local, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const appendText = (text: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  };
  parser.on('text', appendText);
  parser.on('cdata', appendText);
  parser.write(xml).close();
  if (!root) throw new Error('not well-formed: no root element');
  return { root, encoding, version };
}

export function kids(node: XmlNode, uri: string, local: string): XmlNode[] {
  return node.children.filter((c) => c.uri === uri && c.local === local);
}

/** The one child with this name; throws when there is none or more than one. */
export function kid(node: XmlNode, uri: string, local: string): XmlNode {
  const found = kids(node, uri, local);
  if (found.length !== 1) throw new Error(`expected exactly one {${uri}}${local} in <${node.local}>, found ${found.length}`);
  return found[0] as XmlNode;
}

export function textOf(node: XmlNode, uri: string, local: string): string {
  return kid(node, uri, local).text;
}

export function attr(node: XmlNode, local: string, uri = ''): string | undefined {
  return node.attrs.get(uri ? `{${uri}}${local}` : local);
}
