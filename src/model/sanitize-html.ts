import { FilterXSS, friendlyAttrValue } from 'xss';
import { escapeAttr } from '../text/escape';
import { balanceHtml } from './balance-html';

/**
 * The one sanitizer every article body passes through (webhook and upstream pull alike).
 * `xss` is an allow-list sanitizer that needs no DOM, so it runs in Workers, and it is a small
 * fraction of sanitize-html's size in the bundle.
 */

const ALLOWED_TAGS: Record<string, string[]> = {
  p: [], br: [], hr: [],
  h2: [], h3: [], h4: [],
  blockquote: ['cite'], q: ['cite'], cite: [],
  figure: [], figcaption: [],
  img: ['src', 'alt', 'title', 'width', 'height'],
  a: ['href', 'title'],
  em: [], strong: [], b: [], i: [], u: [], s: [], small: [], sub: [], sup: [], mark: [],
  ul: [], ol: [], li: [],
  code: [], pre: [],
  table: [], thead: [], tbody: [], tr: [], th: [], td: [], caption: [],
};

// Elements whose content must vanish with them, not surface as text.
const DROP_WITH_CONTENT = ['script', 'style', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'noscript', 'textarea', 'select', 'title', 'head'];

const URL_ATTRS = new Set(['href', 'src', 'cite']);

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** xss's friendlyAttrValue decodes numeric references only; "&amp;" in a query must become "&" once. */
function decodeAttr(value: string): string {
  return friendlyAttrValue(value).replace(/&(amp|lt|gt|quot|apos);/gi, (_m, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? '');
}

const WHITESPACE = /\s/;

function isEdgeJunk(code: number): boolean {
  return code <= 0x20 || WHITESPACE.test(String.fromCharCode(code));
}

/** `raw` without leading and trailing C0 controls and whitespace; by index, so a long run costs one pass. */
function stripC0AndSpace(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && isEdgeJunk(raw.charCodeAt(start))) start++;
  while (end > start && isEdgeJunk(raw.charCodeAt(end - 1))) end--;
  return raw.slice(start, end);
}

/**
 * The URL standard strips leading and trailing C0 controls and spaces; browsers ignore
 * tabs/newlines inside URLs ("java\tscript:"), so the check must too. A space inside is escaped.
 */
function cleanUrl(raw: string): string {
  return stripC0AndSpace(raw).replace(/[\u0000-\u0020]+/g, (m) => (m.includes(' ') ? '%20' : ''));
}

/** Absolute http(s) URL (or mailto: for links), resolved against `base`; null when unsafe. */
export function safeUrl(raw: string, base: string | undefined, allowMailto = false): string | null {
  return absoluteUrl(cleanUrl(raw), base, allowMailto);
}

function absoluteUrl(cleaned: string, base: string | undefined, allowMailto: boolean): string | null {
  let url: URL;
  try {
    url = base ? new URL(cleaned, base) : new URL(cleaned);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  if (allowMailto && url.protocol === 'mailto:') return url.href;
  return null;
}

// Two probe bases that differ in scheme and host: a reference that lands on each one's own host
// is relative whatever page it is read on (a scheme-relative "//host", "\\host" or "http:x" is not).
const PROBE_A = new URL('http://a.invalid/');
const PROBE_B = new URL('https://b.invalid/');

function isRelativeReference(cleaned: string): boolean {
  try {
    return new URL(cleaned, PROBE_A).host === PROBE_A.host && new URL(cleaned, PROBE_B).host === PROBE_B.host;
  } catch {
    return false;
  }
}

/**
 * A link target in a body: a fragment-only reference stays one (it points into the body itself);
 * any other reference resolves against `base`; without a base a relative reference is kept as
 * written, to be resolved where the body is shown (src/render/content-links.ts), never dropped.
 */
function safeLinkTarget(raw: string, base: string | undefined, allowMailto: boolean): string | null {
  const cleaned = cleanUrl(raw);
  if (isRelativeReference(cleaned) && (base === undefined || cleaned.startsWith('#'))) return cleaned;
  return absoluteUrl(cleaned, base, allowMailto);
}

function buildFilter(base: string | undefined): FilterXSS {
  return new FilterXSS({
    whiteList: ALLOWED_TAGS,
    stripIgnoreTag: true,
    stripIgnoreTagBody: DROP_WITH_CONTENT,
    allowCommentTag: false,
    css: false,
    onTagAttr(tag, name, value, isWhiteAttr) {
      if (!isWhiteAttr || !URL_ATTRS.has(name)) return undefined;
      const url = safeLinkTarget(decodeAttr(value), base, tag === 'a');
      return url ? `${name}="${escapeAttr(url)}"` : '';
    },
  });
}

const filterWithoutBase = buildFilter(undefined);

/**
 * Returns allow-listed, well-nested HTML: no scripts, event handlers, styles, iframes, or URLs
 * other than http(s)/mailto. Relative URLs resolve against `baseUrl`, or stay relative without one;
 * fragment-only links stay fragments.
 */
export function sanitizeHtml(html: string, baseUrl?: string): string {
  const filter = baseUrl ? buildFilter(baseUrl) : filterWithoutBase;
  return balanceHtml(filter.process(html)).trim();
}
