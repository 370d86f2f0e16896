/**
 * Makes sanitized HTML well nested, in one left-to-right pass: the allow-list sanitizer (xss)
 * removes what is dangerous but keeps an unclosed `<em>` or a stray `</li>`, and a body whose
 * elements stay open swallows the page around it (the side list, the footer). The input is the
 * sanitizer's output, where every `<` that is not an allowed tag is already escaped as `&lt;`.
 *
 * - an end tag closes the elements opened after its own (as HTML's "any other end tag" does);
 *   an end tag with nothing to close is dropped;
 * - a block-level start tag closes an open `<p>` first, and `<li>`, `<tr>`, `<td>`/`<th>` close
 *   their open sibling, as HTML's parser would, so the output means what a browser shows;
 * - every element still open at the end is closed;
 * - an `<img>` without `alt` gets `alt=""`: nothing says what a body image shows, and a missing
 *   alt makes screen readers read out its file name.
 */

const VOID = new Set(['br', 'hr', 'img']);
const CLOSES_P = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'ul', 'ol', 'pre', 'table', 'hr', 'div']);
// The sibling a start tag implicitly ends, and the elements that bound the search for it.
const SIBLING: Record<string, { ends: readonly string[]; scope: readonly string[] }> = {
  li: { ends: ['li'], scope: ['ul', 'ol'] },
  tr: { ends: ['tr'], scope: ['table', 'thead', 'tbody'] },
  td: { ends: ['td', 'th'], scope: ['tr', 'table'] },
  th: { ends: ['td', 'th'], scope: ['tr', 'table'] },
};
// How far down the stack an implied end is looked for: bounded, so deep nesting stays linear.
const SEARCH_DEPTH = 64;
const TAG = /<(\/?)([a-z][a-z0-9]*)\b([^>]*)>/gi;

/** Whether a tag's attribute text names `attr` (xss writes an empty value as the bare name). */
function hasAttribute(attrs: string, attr: string): boolean {
  const names = attrs.replace(/"[^"]*"|'[^']*'/g, ' ');
  return new RegExp(`(?:^|\\s)${attr}(?:\\s|=|$)`, 'i').test(names);
}

export function balanceHtml(html: string): string {
  const open: string[] = [];
  const counts = new Map<string, number>();
  let out = '';
  let last = 0;

  const push = (name: string) => {
    open.push(name);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  };
  const pop = (): string => {
    const name = open.pop() ?? '';
    counts.set(name, (counts.get(name) ?? 1) - 1);
    return `</${name}>`;
  };
  const closeThrough = (name: string): string => {
    let closed = '';
    while (open.length > 0) {
      const top = open[open.length - 1];
      closed += pop();
      if (top === name) break;
    }
    return closed;
  };
  const impliedEnd = (name: string): string => {
    if (CLOSES_P.has(name) && (counts.get('p') ?? 0) > 0) return closeThrough('p');
    const rule = SIBLING[name];
    if (!rule) return '';
    for (let i = open.length - 1; i >= Math.max(0, open.length - SEARCH_DEPTH); i--) {
      const element = open[i] ?? '';
      if (rule.scope.includes(element)) return '';
      if (rule.ends.includes(element)) return closeThrough(element);
    }
    return '';
  };

  for (const match of html.matchAll(TAG)) {
    const [tag, slash, rawName, attrs] = match;
    const name = (rawName ?? '').toLowerCase();
    out += html.slice(last, match.index);
    last = match.index + tag.length;
    if (slash) {
      if ((counts.get(name) ?? 0) > 0) out += closeThrough(name);
      continue;
    }
    out += impliedEnd(name);
    if (name === 'img' && !hasAttribute(attrs ?? '', 'alt')) {
      out += tag.replace(/\s*\/?>$/, ' alt="">');
      continue;
    }
    out += tag;
    if (!VOID.has(name)) push(name);
  }
  out += html.slice(last);
  while (open.length > 0) out += pop();
  return out;
}
