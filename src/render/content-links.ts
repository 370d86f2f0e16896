import { escapeAttr } from '../text/escape';

/*
 * Bodies are stored sanitized (src/model/sanitize-html.ts), and a link the publisher left
 * relative with no base to resolve it against is stored as written. A feed is read away from
 * this site, where a relative link means nothing, so the renderers resolve each one against
 * the article's page here, the same target a browser reaches from that page.
 *
 * Only the sanitizer's own output is read: every `<` in text is escaped, attribute values are
 * double-quoted with no raw `"` or `>` in them, and each allow-listed tag has at most one URL
 * attribute. Attributes are read one after another from the tag's name (a sticky scan), so a
 * value that merely looks like `href="…"` is never taken for one.
 */

// [^<>]: a tag never holds a raw "<", and stopping there keeps a body full of unclosed tags linear.
const TAG_WITH_URL = /<(?:a|img|q|blockquote)(\s[^<>]*)>/g;
const ATTRIBUTE = /\s+([^\s="/>]+)(?:="([^"]*)")?/y;
const URL_ATTRS = new Set(['href', 'src', 'cite']);
const ABSOLUTE = /^(?:https?:\/\/|mailto:)/i;
// A cheap first look; false positives only cost the exact scan below.
const MAYBE_RELATIVE = /\s(?:href|src|cite)="(?!https?:\/\/|mailto:)/i;

const STORED_REFERENCES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#9;': '\t', '&#10;': '\n', '&#13;': '\r' };

/** An attribute value as escapeAttr wrote it, back to its text. */
function storedAttrText(value: string): string {
  return value.replace(/&(?:amp|lt|gt|quot|apos|#9|#10|#13);/g, (ref) => STORED_REFERENCES[ref] ?? ref);
}

function resolved(value: string, base: string): string | null {
  try {
    const url = new URL(storedAttrText(value), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function resolveAttributes(attrs: string, base: string): string | null {
  let out = '';
  ATTRIBUTE.lastIndex = 0;
  while (ATTRIBUTE.lastIndex < attrs.length) {
    const start = ATTRIBUTE.lastIndex;
    const m = ATTRIBUTE.exec(attrs);
    // What may follow the last attribute: nothing, or the " /" of a self-closed `<img … />`.
    if (m === null) return /^\s*\/?$/.test(attrs.slice(start)) ? out + attrs.slice(start) : null;
    const [whole, name = '', value] = m;
    if (value === undefined || !URL_ATTRS.has(name) || ABSOLUTE.test(value)) {
      out += whole;
      continue;
    }
    const url = resolved(value, base);
    // A reference that cannot be made absolute is left out rather than shipped relative.
    if (url !== null) out += ` ${name}="${escapeAttr(url)}"`;
  }
  return out;
}

/** `html` (a stored body) with every relative href/src/cite made absolute against `base`. */
export function resolveRelativeLinks(html: string, base: string): string {
  if (!MAYBE_RELATIVE.test(html)) return html;
  return html.replace(TAG_WITH_URL, (tag: string, attrs: string) => {
    const rewritten = resolveAttributes(attrs, base);
    return rewritten === null ? tag : tag.slice(0, tag.length - attrs.length - 1) + rewritten + '>';
  });
}
