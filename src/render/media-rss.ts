import type { StoredArticle } from '../model/article-schema';
import { textWithAttrs, type XmlTree } from './xml';

type Image = NonNullable<StoredArticle['image']>;

/**
 * The cover image as Media RSS 1.5.1 `<media:content>`, valid inside both an RSS item and an
 * Atom entry. medium="image" because no MIME type is stored (§media:content: type is optional);
 * the caption is `<media:description type="plain">` (plain: it is text, never markup) and the
 * photographer or agency is `<media:credit>` with no role, since "credit" may name either.
 */
export function mediaContent(image: Image): XmlTree {
  return {
    '@_url': image.url,
    '@_medium': 'image',
    'media:description': image.caption !== undefined ? textWithAttrs(image.caption, { type: 'plain' }) : undefined,
    'media:credit': image.credit,
  };
}
