import { applyEdits, scanScopedNames, type RawPaths } from './scoped-names';
import { Naming, type NamespacePrefix, type RootName } from './xml-namespaces';
import { attributes, declaredPrefix, nameEnd, tagEnd } from './xml-tags';

/**
 * How a document's names become the conventional ones for their namespace URIs
 * (xml-namespaces.ts), cheapest first:
 * - every declaration already uses the conventional prefix (nearly every feed): nothing to do;
 * - each prefix is declared for one namespace throughout (`xmlns:a10` on the root of a .NET
 *   feed, `m:` for Media RSS, a prefixed Atom root): the parser renames as it reads
 *   (`transformTagName`), with no copy of the document;
 * - otherwise the scoped pass of scoped-names.ts finds what each name becomes; when a prefix
 *   still always changes the same way (the odd declarations were inside text or raw content,
 *   like an SVG in CDATA), the parser renames as it reads, else the text is rewritten.
 * Declarations are found with one search over the text; one inside text or CDATA can only
 * send the document down a more exact path, never around one.
 */

export interface CanonicalNames {
  /** The text to parse: `body` itself unless the scoped pass rewrote it. */
  body: string;
  /** The root element's conventional name (`<atom:feed>` in Atom → `feed`). */
  rootName: string;
  /** For the parser's name hooks, when names are renamed as they are read. */
  rename?: (qname: string) => string;
}

/** The root element's name and namespace, from its start tag at the beginning of `body`. */
export function readRootName(body: string): { qname: string; root: RootName } {
  const gt = tagEnd(body, 1);
  const end = nameEnd(body, 1, gt === -1 ? body.length : gt);
  const qname = body.slice(1, end);
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  let uri: string | undefined = prefix === '' ? '' : undefined;
  if (gt !== -1) {
    for (const attribute of attributes(body, end, gt)) {
      if (declaredPrefix(attribute.name) === prefix && attribute.value !== undefined) uri = attribute.value.trim();
    }
  }
  return { qname, root: { local: qname.slice(colon + 1), uri } };
}

const DECLARATION = /\sxmlns(?::([^\s=>/]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * prefix → conventional prefix for every prefix that needs renaming, when that holds for the
 * whole document; null when declarations disagree, or when the default namespace is not
 * the document's own (unprefixed names would then depend on scope).
 */
function documentRenames(body: string, naming: Naming): Map<string, string> | null {
  const renames = new Map<string, string>();
  const kept = new Set<string>();
  for (const match of body.matchAll(DECLARATION)) {
    const prefix = match[1] ?? '';
    const uri = match[2] ?? match[3] ?? '';
    if (naming.isConventional(prefix, uri)) {
      if (renames.has(prefix)) return null;
      kept.add(prefix);
      continue;
    }
    const wanted = naming.prefixFor(uri);
    if (prefix === '' || kept.has(prefix) || (renames.get(prefix) ?? wanted) !== wanted) return null;
    renames.set(prefix, wanted);
  }
  // The parser may hand a renamed name back in (fast-xml-parser does for self-closing
  // tags), so a new prefix must not itself be renamed.
  for (const wanted of renames.values()) if (renames.has(wanted)) return null;
  return renames;
}

function renamer(renames: Map<string, string>): (qname: string) => string {
  return (qname) => {
    const colon = qname.indexOf(':');
    if (colon === -1) return qname;
    const wanted = renames.get(qname.slice(0, colon));
    if (wanted === undefined) return qname;
    return wanted === '' ? qname.slice(colon + 1) : wanted + qname.slice(colon);
  };
}

/** `body` starts at the root element's `<`; `rawPaths` are the parser's stop nodes. */
export function canonicalNames(body: string, rawPaths: RawPaths, extra: readonly NamespacePrefix[] = []): CanonicalNames {
  const { qname, root } = readRootName(body);
  const naming = new Naming(root, extra);
  const renames = documentRenames(body, naming);
  if (renames !== null) return renamedAsRead(body, qname, renames);
  const scanned = scanScopedNames(body, naming, rawPaths);
  if (scanned.uniform) return renamedAsRead(body, qname, scanned.uniform);
  return { body: applyEdits(body, scanned.edits), rootName: scanned.rootName };
}

function renamedAsRead(body: string, rootName: string, renames: Map<string, string>): CanonicalNames {
  if (renames.size === 0) return { body, rootName };
  const rename = renamer(renames);
  return { body, rootName: rename(rootName), rename };
}
