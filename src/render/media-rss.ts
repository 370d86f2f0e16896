import type { StoredArticle } from '../model/article-schema';
import { textWithAttrs, type XmlTree } from './xml';

type Image = NonNullable<StoredArticle['image']>;

const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/**
 * The image's MIME type, read from its URL's extension: the image is never fetched, so this is
 * all that is known. An unknown or missing extension gives undefined and the attribute is left
 * out (optional in Media RSS and in RFC 4287 links) rather than guessed: a wrong type is worse
 * than none, since readers that trust it may refuse to show the picture.
 */
export function imageType(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? IMAGE_TYPES[name.slice(dot + 1).toLowerCase()] : undefined;
}

/**
 * The cover image as Media RSS 1.5.1 `<media:content>`, valid inside both an RSS item and an
 * Atom entry, with its MIME type when known and medium="image"; the caption is
 * `<media:description type="plain">` (plain: it is text, never markup) and the photographer or
 * agency is `<media:credit>` with no role, since "credit" may name either.
 */
export function mediaContent(image: Image): XmlTree {
  return {
    '@_url': image.url,
    '@_type': imageType(image.url),
    '@_medium': 'image',
    'media:description': image.caption !== undefined ? textWithAttrs(image.caption, { type: 'plain' }) : undefined,
    'media:credit': image.credit,
  };
}

/**
 * `<media:thumbnail>` at item level (Media RSS allows it there as well as inside media:content),
 * read by readers that look for an item's lead image there and not in media:content. The cover
 * itself is the thumbnail: no smaller rendition is stored, and width and height are unknown, so
 * they are left out (both optional).
 */
export function mediaThumbnail(image: Image): XmlTree {
  return { '@_url': image.url };
}
