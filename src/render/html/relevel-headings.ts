/**
 * Body headings as the article page outlines them: the page's headline is its `<h1>`, so the
 * body's first heading is at most an `<h2>` and none skips a level below the one before it
 * (`<h2>` then `<h4>` becomes `<h2>` then `<h3>`), which is what screen-reader users navigate
 * by. Feeds keep the publisher's levels; only the page is re-levelled. One pass; the body is
 * balanced (model/balance-html.ts), so each heading's end tag follows its start.
 */
const HEADING = /<(\/?)h([1-6])\b([^>]*)>/gi;

export function relevelHeadings(html: string): string {
  let previous = 1;
  let current = 2;
  return html.replace(HEADING, (_tag, slash: string, level: string, attrs: string) => {
    if (slash) return `</h${current}>`;
    current = Math.max(2, Math.min(Number(level), previous + 1));
    previous = current;
    return `<h${current}${attrs}>`;
  });
}
