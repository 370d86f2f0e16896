import type { Naming } from './xml-namespaces';
import { attributes, declaredPrefix, isMarkup, markupEnd, nameEnd, rawElementEnd, tagEnd } from './xml-tags';

/**
 * The exact, scoped reading of a document's declarations: a declaration applies to its
 * element and descendants, and a redeclaration inside shadows it. One forward pass over the
 * tags (raw elements skipped whole, as the parser keeps them) finds every name that changes.
 * Most documents turn out to rename each prefix one way throughout, which the parser can do
 * as it reads; otherwise the names are rewritten in the text, since none of fast-xml-parser's
 * hooks sees an element's declarations before the element's name is used.
 */

/** Element paths fast-xml-parser keeps raw (its `stopNodes`), as a tree of names from the root. */
export interface RawPaths {
  raw: boolean;
  next: Map<string, RawPaths>;
}

export function rawPathTree(paths: readonly string[]): RawPaths {
  const root: RawPaths = { raw: false, next: new Map() };
  for (const path of paths) {
    let node = root;
    for (const name of path.split('.')) {
      let child = node.next.get(name);
      if (!child) node.next.set(name, (child = { raw: false, next: new Map() }));
      node = child;
    }
    node.raw = true;
  }
  return root;
}

/** Per-prefix stacks of bound URIs: lookups stay constant-time however deep the document. */
class Scope {
  private readonly bindings = new Map<string, string[]>();

  /** '' for no namespace; undefined for an undeclared prefix. */
  lookup(qname: string): string | undefined {
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const stack = this.bindings.get(prefix);
    const uri = stack === undefined ? undefined : stack[stack.length - 1];
    return uri ?? (prefix === '' ? '' : undefined);
  }

  declare(prefix: string, uri: string): void {
    const stack = this.bindings.get(prefix);
    if (stack) stack.push(uri);
    else this.bindings.set(prefix, [uri]);
  }

  release(prefixes: readonly string[]): void {
    for (const prefix of prefixes) this.bindings.get(prefix)?.pop();
  }
}

interface Frame {
  raw: string;
  name: string;
  declared: string[];
  paths: RawPaths | undefined;
}

interface Edit {
  start: number;
  end: number;
  name: string;
}

export interface ScopedNames {
  rootName: string;
  /** prefix → new prefix, when every name with a given prefix changes the same way. */
  uniform: Map<string, string> | null;
  edits: Edit[];
}

/** What each prefix as written became, and whether that was always the same. */
class PrefixOutcomes {
  readonly renames = new Map<string, string>();
  private readonly seen = new Map<string, string>();
  consistent = true;

  record(raw: string, name: string): void {
    if (!this.consistent) return;
    const before = prefixOf(raw);
    const after = prefixOf(name);
    const earlier = this.seen.get(before);
    if (earlier === undefined) {
      this.seen.set(before, after);
      // Unprefixed names cannot be renamed by prefix.
      if (before === '' && after !== '') this.consistent = false;
      else if (before !== after) this.renames.set(before, after);
    } else if (earlier !== after) this.consistent = false;
  }
}

function prefixOf(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? '' : qname.slice(0, colon);
}

/** `body` starts at the root element's `<`. */
export function scanScopedNames(body: string, naming: Naming, rawPaths: RawPaths): ScopedNames {
  const scope = new Scope();
  const frames: Frame[] = [];
  const edits: Edit[] = [];
  const outcomes = new PrefixOutcomes();
  let rootName = '';
  const rename = (raw: string, at: number, name: string) => {
    outcomes.record(raw, name);
    if (name !== raw) edits.push({ start: at, end: at + raw.length, name });
  };

  for (let lt = body.indexOf('<'); lt !== -1; lt = body.indexOf('<', lt + 1)) {
    if (body.charCodeAt(lt + 1) === 47) {
      const gt = body.indexOf('>', lt);
      if (gt === -1) break;
      const raw = body.slice(lt + 2, gt).trim();
      const frame = frames.pop();
      const name = frame === undefined ? raw : frame.raw === raw ? frame.name : naming.canonical(raw, scope.lookup(raw));
      if (frame) scope.release(frame.declared);
      rename(raw, body.indexOf(raw, lt + 2), name);
      lt = gt;
      if (frames.length === 0) break;
      continue;
    }
    if (isMarkup(body, lt)) {
      const end = markupEnd(body, lt);
      if (end === -1) break;
      lt = end - 1;
      continue;
    }

    const gt = tagEnd(body, lt + 1);
    if (gt === -1) break;
    const end = nameEnd(body, lt + 1, gt);
    const raw = body.slice(lt + 1, end);
    const selfClosing = body.charCodeAt(gt - 1) === 47;
    const attrs = end < gt ? attributes(body, end, selfClosing ? gt - 1 : gt) : [];
    const declared: string[] = [];
    for (const attribute of attrs) {
      const prefix = declaredPrefix(attribute.name);
      if (prefix === undefined || attribute.value === undefined) continue;
      scope.declare(prefix, attribute.value.trim());
      declared.push(prefix);
    }

    const name = naming.canonical(raw, scope.lookup(raw));
    rename(raw, lt + 1, name);
    for (const attribute of attrs) {
      // Unprefixed attributes are in no namespace, whatever the default namespace is.
      if (!attribute.name.includes(':') || declaredPrefix(attribute.name) !== undefined) continue;
      rename(attribute.name, attribute.at, naming.canonical(attribute.name, scope.lookup(attribute.name)));
    }

    const parent = frames.length === 0 ? rawPaths : frames[frames.length - 1]?.paths;
    if (frames.length === 0) rootName = name;
    const paths = parent?.next.get(name);
    if (selfClosing) {
      scope.release(declared);
      lt = gt;
      if (frames.length === 0) break;
    } else if (paths?.raw) {
      scope.release(declared);
      const close = rawElementEnd(body, gt + 1, raw);
      if (close === undefined) break;
      if (name !== raw) edits.push({ start: close.closeStart + 2, end: close.closeStart + 2 + raw.length, name });
      lt = close.closeEnd - 1;
    } else {
      frames.push({ raw, name, declared, paths });
      lt = gt;
    }
  }
  // The parser may hand a renamed name back in (fast-xml-parser does for self-closing
  // tags), so no new prefix may itself be renamed.
  const renames = outcomes.renames;
  const uniform = outcomes.consistent && ![...renames.values()].some((to) => renames.has(to)) ? renames : null;
  return { rootName, uniform, edits };
}

/** The document with every edit applied (edits in document order, as the scan makes them). */
export function applyEdits(body: string, edits: readonly Edit[]): string {
  let out = '';
  let copied = 0;
  for (const edit of edits) {
    out += body.slice(copied, edit.start) + edit.name;
    copied = edit.end;
  }
  return out + body.slice(copied);
}
