import type { MiddlewareHandler } from 'hono';

/**
 * The page policy. Nothing inline runs or applies: styles and fonts come from the site's own
 * static assets, images from the site or any https: host (covers are the publishers' own URLs),
 * and no script is named at all. JSON-LD needs no source: a `<script type="application/ld+json">`
 * is a data block, which HTML never executes and CSP therefore never checks (the browser test
 * asserts Chromium reports no violation for it). A page with inline styles of its own (/docs)
 * names them by hash.
 */
export function contentSecurityPolicy(options: { styleHashes?: readonly string[] } = {}): string {
  const styles = ["'self'", ...(options.styleHashes ?? []).map((h) => `'sha256-${h}'`)].join(' ');
  return [
    "default-src 'none'",
    `style-src ${styles}`,
    "font-src 'self'",
    "img-src 'self' https: data:",
    // No script runs, so this allows nothing a page does; crawlers and audits that fetch the
    // site's robots.txt from the page's context (Lighthouse does) are held to it.
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const PAGE_POLICY = contentSecurityPolicy();

function set(headers: Headers, name: string, value: string, keep: boolean): void {
  if (!keep || !headers.has(name)) headers.set(name, value);
}

/**
 * Every response: nosniff (feeds and JSON are never read as script or HTML). HTML documents
 * besides: the page policy (unless the route set its own) and a referrer policy that gives
 * other sites the origin only. A 304 carries neither: the browser keeps the stored response's.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  let headers = c.res.headers;
  try {
    headers.set('x-content-type-options', 'nosniff');
  } catch {
    // Immutable headers (a Response passed through from fetch or the Cache API): copy once.
    c.res = new Response(c.res.body, c.res);
    headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
  }
  if (headers.get('content-type')?.startsWith('text/html')) {
    set(headers, 'content-security-policy', PAGE_POLICY, true);
    set(headers, 'referrer-policy', 'strict-origin-when-cross-origin', false);
  }
};
