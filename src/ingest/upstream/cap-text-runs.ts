import type { RawPaths } from './scoped-names';
import { isMarkup, markupEnd, nameEnd, rawElementEnd, tagEnd } from './xml-tags';

/**
 * Over-long character data cut before fast-xml-parser reads it. Outside its stop nodes the
 * parser gathers an element's text one character at a time (`textData += xmlData[i]`), and
 * comments do not end the gathering: a text of millions of characters becomes a string
 * built of millions of pieces that all stay alive until the element ends, and the garbage
 * collector, not the parse, takes the time. The same characters spread over many short
 * texts cost the parser little, so a cap on each text bounds the whole parse.
 *
 * One forward pass over the tags, the way the parser and scoped-names.ts delimit them: raw
 * elements (the stop nodes, which the parser slices out whole and to-article.ts bounds after
 * decoding) are stepped over untouched, and so are comments, CDATA sections and processing
 * instructions up to a cut; after it, what is dropped runs to the next tag, so every tag and
 * reference is kept whole and the document stays well-formed.
 */

// Longer than any text read outside a raw element can be used: to-article.ts reads at most
// 8 × its stored maximum of any field (the longest, a URL, 8 × 2048), and a date, a language
// or a guid is far shorter. A text cut here is still too long wherever it was too long before.
export const MAX_TEXT_RUN = 32_768;

// A reference is `&` + at most 32 name characters + `;` (char-references.ts).
const LONGEST_REFERENCE = 34;

/** Where to cut the text that starts at `from`, at `at` or just before: never inside a reference or a surrogate pair. */
export function cutPoint(body: string, from: number, at: number): number {
  const tail = body.slice(Math.max(from, at - LONGEST_REFERENCE), at);
  const amp = tail.lastIndexOf('&');
  let cut = amp !== -1 && tail.indexOf(';', amp) === -1 ? at - (tail.length - amp) : at;
  const last = body.charCodeAt(cut - 1);
  if (cut > from && last >= 0xd800 && last <= 0xdbff) cut--;
  return cut;
}

/**
 * False when no stretch between two tags is longer than MAX_TEXT_RUN, comments, CDATA
 * sections and PIs counted in (the parser's gathering goes on across comments): then
 * nothing needs cutting, and the tags need not be followed. Raw elements are not told
 * apart here; a long one only sends the document on to the exact pass.
 */
function mayHoldLongText(body: string): boolean {
  let lastTag = 0;
  for (let lt = body.indexOf('<'); lt !== -1; lt = body.indexOf('<', lt + 1)) {
    if (lt - lastTag > MAX_TEXT_RUN) return true;
    if (isMarkup(body, lt)) {
      const end = markupEnd(body, lt);
      if (end === -1) return true;
      lt = end - 1;
    } else lastTag = lt;
  }
  return body.length - lastTag > MAX_TEXT_RUN;
}

/**
 * `body` (starting at the root element's `<`, names as the parser will see them after
 * `rename`) with each element's text outside raw elements cut to MAX_TEXT_RUN characters.
 * The very string when nothing is that long. Where the tags cannot be followed (an
 * unterminated tag or section), nothing after that point is cut: the parser refuses it.
 */
export function capTextRuns(body: string, rawPaths: RawPaths, rename?: (qname: string) => string): string {
  if (body.length <= MAX_TEXT_RUN || !mayHoldLongText(body)) return body;
  const drops: Array<[start: number, end: number]> = [];
  // The raw paths below each open element (undefined once no raw element can be below).
  const open: Array<RawPaths | undefined> = [];
  // Text left before a cut, for the element text being gathered; tags reset it, as they
  // end the parser's gathering.
  let budget = MAX_TEXT_RUN;
  // Once a text is cut, everything up to the next tag goes (comments and sections
  // included), so a text split by a million comments is one cut, not a million.
  let dropFrom = -1;
  const endDrop = (at: number) => {
    if (dropFrom !== -1) drops.push([dropFrom, at]);
    dropFrom = -1;
    budget = MAX_TEXT_RUN;
  };
  let i = 0;
  for (;;) {
    const lt = body.indexOf('<', i);
    const textEnd = lt === -1 ? body.length : lt;
    if (dropFrom === -1 && textEnd - i > budget) {
      dropFrom = cutPoint(body, i, i + budget);
      budget = 0;
    } else budget -= textEnd - i;
    if (lt === -1) {
      endDrop(body.length);
      break;
    }

    if (body.charCodeAt(lt + 1) === 47) {
      const gt = body.indexOf('>', lt);
      endDrop(lt);
      if (gt === -1) break;
      open.pop();
      i = gt + 1;
      continue;
    }
    if (isMarkup(body, lt)) {
      const end = markupEnd(body, lt);
      if (end === -1) {
        endDrop(lt);
        break;
      }
      i = end;
      continue;
    }
    endDrop(lt);
    const gt = tagEnd(body, lt + 1);
    if (gt === -1) break;
    i = gt + 1;
    if (body.charCodeAt(gt - 1) === 47) continue;
    const written = body.slice(lt + 1, nameEnd(body, lt + 1, gt));
    const parent = open.length === 0 ? rawPaths : open[open.length - 1];
    const paths = parent?.next.get(rename ? rename(written) : written);
    if (paths?.raw) {
      const close = rawElementEnd(body, i, written);
      if (close === undefined) break;
      i = close.closeEnd;
    } else open.push(paths);
  }
  if (drops.length === 0) return body;
  let out = '';
  let copied = 0;
  for (const [start, end] of drops) {
    out += body.slice(copied, start);
    copied = end;
  }
  return out + body.slice(copied);
}
