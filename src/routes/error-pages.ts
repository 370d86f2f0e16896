import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { wantsHtmlError } from '../http/error-format';
import { feedLinks, languageLinks, siteLanguages, siteOrigin, siteTitle } from '../http/site-urls';
import { renderErrorPage } from '../render/html/error-page';

// Error pages are not worth keeping: the article may arrive a moment later.
const ERROR_PAGE_CACHE_CONTROL = 'no-store';

async function detailOf(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string') return body.detail;
  } catch {
    // Not the JSON a problem promises: the heading alone says enough.
  }
  return '';
}

function errorPage(c: Context<AppEnv>, status: number, detail: string): Response {
  const origin = siteOrigin(c);
  const html = renderErrorPage({
    siteTitle: siteTitle(c),
    origin,
    status,
    detail,
    feeds: feedLinks(origin, { kind: 'all' }, siteTitle(c)),
    languages: siteLanguages(c).map((code) => languageLinks(origin, siteTitle(c), code)),
  });
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': ERROR_PAGE_CACHE_CONTROL } });
}

/**
 * Every error is produced once, as problem+json (handlers, notFound, onError); this turns it
 * into the site's HTML error page when the route and the client's Accept call for a page
 * (http/error-format.ts), keeping status and detail.
 */
export const htmlErrorPages: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const res = c.res;
  if (res.status < 400 || !res.headers.get('content-type')?.startsWith('application/problem+json')) return;
  if (!wantsHtmlError(new URL(c.req.url).pathname, c.req.header('accept') ?? null)) return;
  const detail = await detailOf(res);
  // Assigned as undefined first: Hono's setter would otherwise copy the problem's headers over.
  c.res = undefined;
  c.res = errorPage(c, res.status, detail);
};
