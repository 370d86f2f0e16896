import type { Naming } from './xml-namespaces';
import { attributes, declaredPrefix, isMarkup, markupEnd, nameEnd, rawElementEnd, tagEnd } from './xml-tags';

/**
 * The exact pass, for documents whose declarations differ between scopes (one prefix bound
 * to two URIs, a default namespace declared on some elements only): a declaration applies
 * to its element and descendants, and a redeclaration inside shadows it. Names are rewritten
 * in the text before fast-xml-parser reads it, since none of its hooks sees an element's
 * declarations before the element's name is used. Raw elements are copied as they are, as
 * the parser keeps them; everything but the names stays byte for byte.
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

/** `body` starts at the root element's `<`; returns the rewritten document and the root's new name. */
export function rewriteScopedNames(body: string, naming: Naming, rawPaths: RawPaths): { body: string; rootName: string } {
  const scope = new Scope();
  const frames: Frame[] = [];
  let out = '';
  let copied = 0;
  let rootName = '';
  const replace = (start: number, end: number, replacement: string) => {
    out += body.slice(copied, start) + replacement;
    copied = end;
  };

  for (let lt = body.indexOf('<'); lt !== -1; lt = body.indexOf('<', lt + 1)) {
    if (body.charCodeAt(lt + 1) === 47) {
      const gt = body.indexOf('>', lt);
      if (gt === -1) break;
      const raw = body.slice(lt + 2, gt).trim();
      const frame = frames.pop();
      const name = frame === undefined ? raw : frame.raw === raw ? frame.name : naming.canonical(raw, scope.lookup(raw));
      if (frame) scope.release(frame.declared);
      if (name !== raw) replace(lt + 2, gt, name);
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
    if (name !== raw) replace(lt + 1, end, name);
    for (const attribute of attrs) {
      // Unprefixed attributes are in no namespace, whatever the default namespace is.
      if (!attribute.name.includes(':') || declaredPrefix(attribute.name) !== undefined) continue;
      const renamed = naming.canonical(attribute.name, scope.lookup(attribute.name));
      if (renamed !== attribute.name) replace(attribute.at, attribute.at + attribute.name.length, renamed);
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
      if (name !== raw) replace(close.closeStart + 2, close.closeEnd - 1, name);
      lt = close.closeEnd - 1;
    } else {
      frames.push({ raw, name, declared, paths });
      lt = gt;
    }
  }
  return { body: out + body.slice(copied), rootName };
}
