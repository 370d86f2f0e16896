/**
 * Reading tags straight off the document text, the way fast-xml-parser delimits them (so
 * that a pass over the text and the parser agree on where each tag and raw element ends).
 * Every helper moves forward with `indexOf` or one loop over the tag; none rescans.
 */

/** Index of the `>` closing the tag whose name starts at `from` (quoted values may hold `>`); -1 if none. */
export function tagEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 62) return i;
    if (code === 34 || code === 39) {
      i = text.indexOf(text[i] ?? '', i + 1);
      if (i === -1) return -1;
    }
  }
  return -1;
}

/** End (exclusive) of the tag name starting at `from`. */
export function nameEnd(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 47) break;
    i++;
  }
  return i;
}

const ATTRIBUTE = /([^\s=]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'))?/g;

export interface Attribute {
  name: string;
  /** Offset of the name in the document. */
  at: number;
  value: string | undefined;
}

/** The attributes written between `from` and `to` (a start tag after its name). */
export function attributes(text: string, from: number, to: number): Attribute[] {
  const out: Attribute[] = [];
  for (const match of text.slice(from, to).matchAll(ATTRIBUTE)) {
    const name = match[1];
    if (name !== undefined && name !== '/') out.push({ name, at: from + match.index, value: match[2] ?? match[3] });
  }
  return out;
}

/** The prefix an `xmlns` / `xmlns:p` attribute declares ('' for the default namespace). */
export function declaredPrefix(attributeName: string): string | undefined {
  if (attributeName === 'xmlns') return '';
  return attributeName.startsWith('xmlns:') ? attributeName.slice(6) : undefined;
}

/** True for `<?…` and `<!…`: PIs, comments, CDATA sections and declarations. */
export function isMarkup(text: string, lt: number): boolean {
  const c1 = text.charCodeAt(lt + 1);
  return c1 === 63 || c1 === 33;
}

/** End (exclusive) of `<!…>` other than comments and CDATA: a DOCTYPE with its internal subset. */
function declarationEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 || code === 39) {
      i = text.indexOf(text[i] ?? '', i + 1);
      if (i === -1) return -1;
    } else if (code === 91) depth++;
    else if (code === 93) depth--;
    else if (code === 62 && depth <= 0) return i + 1;
  }
  return -1;
}

/** End (exclusive) of the PI, comment, CDATA section or declaration at `lt`; -1 if unterminated. */
export function markupEnd(text: string, lt: number): number {
  const after = (terminator: string, from: number) => {
    const end = text.indexOf(terminator, from);
    return end === -1 ? -1 : end + terminator.length;
  };
  if (text.charCodeAt(lt + 1) === 63) return after('?>', lt + 2);
  if (text.startsWith('<!--', lt)) return after('-->', lt + 4);
  if (text.startsWith('<![', lt)) return after(']]>', lt + 3);
  return declarationEnd(text, lt + 2);
}

/**
 * The end tag of the raw element `name` whose content starts at `from`: the same-named end
 * tag that balances the same-named start tags inside, as fast-xml-parser's stop-node
 * reader counts them.
 */
export function rawElementEnd(text: string, from: number, name: string): { closeStart: number; closeEnd: number } | undefined {
  let depth = 1;
  for (let lt = text.indexOf('<', from); lt !== -1; lt = text.indexOf('<', lt + 1)) {
    if (text.charCodeAt(lt + 1) === 47) {
      const gt = text.indexOf('>', lt);
      if (gt === -1) return undefined;
      if (text.startsWith(name, lt + 2) && text.slice(lt + 2 + name.length, gt).trim() === '' && --depth === 0) return { closeStart: lt, closeEnd: gt + 1 };
      lt = gt;
    } else if (isMarkup(text, lt)) {
      const end = markupEnd(text, lt);
      if (end === -1) return undefined;
      lt = end - 1;
    } else {
      const gt = tagEnd(text, lt + 1);
      if (gt === -1) return undefined;
      const end = nameEnd(text, lt + 1, gt);
      if (end - lt - 1 === name.length && text.startsWith(name, lt + 1) && text.charCodeAt(gt - 1) !== 47) depth++;
      lt = gt;
    }
  }
  return undefined;
}
