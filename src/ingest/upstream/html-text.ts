import { collapseWhitespace } from '../../model/normalize';

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

const REFERENCE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? NAMED[name.toLowerCase()] ?? whole;
    const n = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\uFFFD';
  });
}

const DROPPED_ELEMENTS = /<(script|style|noscript|template|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK_TAG = /<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|figure|figcaption|section|article|header|footer)\b[^>]*>/gi;

/** "<b>Tom</b> &amp; Jerry<br>2" → "Tom & Jerry 2". */
export function htmlToText(html: string): string {
  const stripped = html
    .replace(DROPPED_ELEMENTS, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(BLOCK_TAG, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, '');
  return collapseWhitespace(decodeHtmlEntities(stripped));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * At most `max` UTF-16 units (zod's `.max()` counts those), never splitting a surrogate
 * pair, cut at a word boundary when one is near, with an ellipsis.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > cut.length * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
