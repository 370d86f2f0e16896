/**
 * `&#N;`, `&#xH;` and `&name;` references, decoded in one left-to-right scan. Upstream text
 * may hold millions of them; a `String.replace` with a callback pays a function call and a
 * match object per reference. A reference that does not resolve stays as written.
 */

function codePoint(n: number): string {
  const valid = n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff);
  return valid ? String.fromCodePoint(n) : '\uFFFD';
}

function isDigit(code: number, hex: boolean): boolean {
  if (code >= 48 && code <= 57) return true;
  const lower = code | 0x20;
  return hex && lower >= 97 && lower <= 102;
}

function isLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 97 && lower <= 122;
}

// Decimal up to 7 digits, hex up to 6, names of 2–32 letters and digits (the HTML maximum is 31 + 1).
const MAX_DEC = 7;
const MAX_HEX = 6;
const MAX_NAME = 32;

/** `named` resolves a name (without `&` and `;`), or gives undefined to leave it as written. */
export function decodeReferences(text: string, named: (name: string) => string | undefined): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    let i = amp + 1;
    let value: string | undefined;
    if (text.charCodeAt(i) === 35) {
      const hex = (text.charCodeAt(i + 1) | 0x20) === 120;
      const start = (i += hex ? 2 : 1);
      const max = hex ? MAX_HEX : MAX_DEC;
      while (i - start < max && isDigit(text.charCodeAt(i), hex)) i++;
      if (i > start && text.charCodeAt(i) === 59) value = codePoint(parseInt(text.slice(start, i), hex ? 16 : 10));
    } else if (isLetter(text.charCodeAt(i))) {
      const start = i++;
      while (i - start < MAX_NAME && (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i), false))) i++;
      if (i - start >= 2 && text.charCodeAt(i) === 59) value = named(text.slice(start, i));
    }
    if (value === undefined) {
      amp = text.indexOf('&', amp + 1);
      continue;
    }
    out += text.slice(last, amp) + value;
    last = i + 1;
    amp = text.indexOf('&', last);
  }
  return out + text.slice(last);
}
