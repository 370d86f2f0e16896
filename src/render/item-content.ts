import type { StoredArticle } from '../model/article-schema';
import { escapeAttr, escapeText } from '../text/escape';
import { itemWords } from './byline';
import { resolveRelativeLinks } from './content-links';

/**
 * The cover as the body's first element, the way WordPress and Ghost feeds carry it: many
 * readers show only the item's HTML and ignore Media RSS and enclosures. The alt text is the
 * caption, else the headline, never empty: the picture is the story's, not decoration.
 */
export function coverFigure(a: Pick<StoredArticle, 'image' | 'title' | 'language'>): string {
  const image = a.image;
  if (image === undefined) return '';
  const parts: string[] = [];
  if (image.caption !== undefined) parts.push(escapeText(image.caption));
  if (image.credit !== undefined) parts.push(`<small>${escapeText(`${itemWords(a.language).photo}: ${image.credit}`)}</small>`);
  const caption = parts.length > 0 ? `<figcaption>${parts.join(' ')}</figcaption>` : '';
  return `<figure><img src="${escapeAttr(image.url)}" alt="${escapeAttr(image.caption ?? a.title)}">${caption}</figure>`;
}

/**
 * An item's full content in every format (RSS content:encoded, Atom content, JSON Feed
 * content_html): the cover figure, then the stored body with links it keeps relative resolved
 * against `pageUrl`, the article's page on this site.
 */
export function itemContentHtml(a: StoredArticle, pageUrl: string): string {
  return coverFigure(a) + resolveRelativeLinks(a.content_html, pageUrl);
}
