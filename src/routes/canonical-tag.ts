import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { tagPagePath } from '../http/site-urls';
import { tagKey } from '../store/keys';

/**
 * A tag has one URL: its case-folded key (store/keys.ts `tagKey`), the form it is indexed
 * under. "/tags/Астана" and "/tags/астана" list the same stories, so links use the key and
 * every other spelling is a 301 to it.
 */
export function canonicalTagPath(tag: string): string {
  return tagPagePath(tagKey(tag));
}

/**
 * Mounted on "/tags/:tag" and "/tags/:tag/*" (pages and feeds): redirects any other spelling of
 * a tag to its key, keeping the rest of the path and the query string.
 */
export const canonicalTagRedirect: MiddlewareHandler<AppEnv> = async (c, next) => {
  const tag = c.req.param('tag');
  const key = tag === undefined ? '' : tagKey(tag);
  if (tag === undefined || key === '' || key === tag) return next();
  const url = new URL(c.req.url);
  const segments = url.pathname.split('/'); // ["", "tags", "{tag}", …]
  segments[2] = encodeURIComponent(key);
  return c.redirect(segments.join('/') + url.search, 301);
};
