import { collapseWhitespace } from '../../text/whitespace';
import { decodeReferences } from '../../text/char-references';
import { headUnits } from '../../text/head';

/**
 * Plain text out of the HTML that feeds put where text belongs (titles, summaries, author
 * names). The result is text, escaped again by every renderer, so a simple tag strip is
 * safe here; body HTML goes through the sanitizer instead.
 */

// The named references that turn up in headlines; anything else stays as written.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', shy: '',
  ndash: '–', mdash: '—', minus: '−', hellip: '…', middot: '·', bull: '•',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  copy: '©', reg: '®', trade: '™', deg: '°', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶',
  times: '×', divide: '÷', plusmn: '±', frac12: '½', frac14: '¼', frac34: '¾', numero: '№',
  eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', ouml: 'ö', uuml: 'ü', auml: 'ä', ccedil: 'ç', szlig: 'ß',
};

function namedReference(name: string): string | undefined {
  if (Object.hasOwn(NAMED, name)) return NAMED[name];
  const lower = name.toLowerCase();
  return Object.hasOwn(NAMED, lower) ? NAMED[lower] : undefined;
}

export function decodeHtmlEntities(text: string): string {
  return decodeReferences(text, namedReference);
}

// Elements whose content is not text at all.
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math']);
const BLOCK = new Set(['p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'table', 'blockquote', 'figure', 'figcaption', 'section', 'article', 'header', 'footer']);

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isWordChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * "<b>Tom</b> &amp; Jerry<br>2" → "Tom & Jerry 2". One left-to-right scan, because the text
 * is untrusted and unbounded: every search starts where the last one stopped or is
 * remembered, so no shape of input makes it go over the same characters twice. A tag is
 * `<` + letter up to the next `>`; one that never closes stays text. An unclosed comment
 * or dropped element (script, style…) drops the rest of the input.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  // Where the next `>` is (-1: none left); found once, reused by every tag before it.
  let nextGt = html.indexOf('>');
  // Text from `i` on is kept; `from` is where the next `<` is looked for.
  let i = 0;
  let from = 0;
  while (from < html.length) {
    const lt = html.indexOf('<', from);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      parts.push(html.slice(i, lt));
      const end = html.indexOf('-->', lt + 4);
      i = from = end === -1 ? html.length : end + 3;
      continue;
    }
    const closing = html.charCodeAt(lt + 1) === 47; // "/"
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!isLetter(html.charCodeAt(nameStart))) {
      from = lt + 1;
      continue;
    }
    if (nextGt !== -1 && nextGt < nameStart) nextGt = html.indexOf('>', nameStart);
    if (nextGt === -1) break;
    let nameEnd = nameStart + 1;
    while (nameEnd < nextGt && isWordChar(html.charCodeAt(nameEnd))) nameEnd++;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    parts.push(html.slice(i, lt));
    i = from = nextGt + 1;
    if (!closing && DROPPED.has(name)) {
      parts.push(' ');
      if (html.charCodeAt(nextGt - 1) === 47) continue; // <svg/>
      const end = endTag(html, name, i);
      i = from = end === -1 ? html.length : end;
      if (nextGt < i) nextGt = html.indexOf('>', i);
    } else if (BLOCK.has(name)) parts.push(' ');
  }
  if (i < html.length) parts.push(html.slice(i));
  return collapseWhitespace(decodeHtmlEntities(parts.join('')));
}

const END_TAGS = new Map([...DROPPED].map((name) => [name, new RegExp(`</${name}\\s*>`, 'gi')]));

/** Just past `</name>` from `from` on, or -1. The pattern has no backtracking to speak of: a literal, then one run. */
function endTag(html: string, name: string, from: number): number {
  const pattern = END_TAGS.get(name);
  if (!pattern) return -1;
  pattern.lastIndex = from;
  const match = pattern.exec(html);
  return match ? match.index + match[0].length : -1;
}

/**
 * At most `max` UTF-16 units, never splitting a surrogate pair, cut at a word boundary when
 * one is near, with an ellipsis.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  // One unit is kept for the ellipsis.
  const cut = headUnits(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > cut.length * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
