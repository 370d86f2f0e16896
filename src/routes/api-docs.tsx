import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { contentSecurityPolicy } from '../http/security-headers';
import { FEED_FILES, FEED_TYPES, languageLinks, siteLanguages, siteTitle, type FeedFormat } from '../http/site-urls';

type Operation = { summary?: string; description?: string; tags?: string[]; responses?: Record<string, { description?: string }> };

const LanguageCode = z
  .string()
  .regex(/^[A-Za-z]{2,3}$/)
  .openapi({ param: { name: 'code', in: 'path' }, example: 'kk', description: 'A BCP 47 primary language subtag (ISO 639), any case: kk, ru, en.' });

const FEED_NAMES: Record<FeedFormat, string> = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' };
const MEDIA_TYPES: Record<FeedFormat, string> = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

const NO_LANGUAGE = { description: 'Not a 2–3 letter language code (application/problem+json).' };

/**
 * The per-language listings (routes/feeds.ts, routes/pages.tsx) are plain Hono routes; they are
 * described here so that /openapi.json and /docs list them with the API.
 */
function registerLanguageRoutes(app: OpenAPIHono<AppEnv>): void {
  const cursor = z.string().optional().openapi({ param: { name: 'cursor', in: 'query' }, description: 'Where the next (older) page starts, as the previous page links it.' });
  const request = { params: z.object({ code: LanguageCode }), query: z.object({ cursor }) };
  for (const format of ['rss', 'atom', 'json'] as const) {
    app.openAPIRegistry.registerPath({
      method: 'get',
      path: `/lang/{code}/${FEED_FILES[format]}`,
      tags: ['Feeds'],
      summary: `${FEED_NAMES[format]} feed of the stories in one language`,
      description:
        'The newest 50 stories whose language has this primary subtag (kk covers kk-KZ and kk-Cyrl-KZ), from every publisher; the feed declares the language. ' +
        'Any language the store holds is served; an empty one is an empty feed. Paged with rel="next" links (RFC 5005); ETag and Last-Modified answer conditional requests with 304.',
      request,
      responses: { 200: { description: FEED_TYPES[format], content: { [MEDIA_TYPES[format]]: { schema: z.string() } } }, 304: { description: 'Not modified.' }, 404: NO_LANGUAGE },
    });
  }
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/lang/{code}',
    tags: ['Pages'],
    summary: 'HTML listing of the stories in one language',
    description: 'Paged like /news; the page advertises the language\'s feeds (rel="alternate" with hreflang).',
    request,
    responses: { 200: { description: 'text/html', content: { 'text/html': { schema: z.string() } } }, 304: { description: 'Not modified.' }, 404: NO_LANGUAGE },
  });
}

// The page's one inline style, named by hash in its Content-Security-Policy (the test recomputes it).
const DOCS_STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}h2{margin-top:2rem;font-size:1.1rem}dl{margin-left:1rem}';
const DOCS_STYLE_SHA256 = 'd+UQ4xJ5uY5Bl7VqWECb8aZ2OrtPkAvW8QuwRd4bEb4=';

/**
 * /openapi.json is generated from the same zod schemas that validate requests; /docs is a
 * plain page rendered from that document (no script, no CDN), readable offline.
 */
export function mountApiDocs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' });
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'newswire API',
      version: '1.0.0',
      description: 'Publishers push articles by signed webhook; readers get RSS 2.0, Atom 1.0, JSON Feed 1.1 and HTML. Errors are RFC 9457 application/problem+json.',
    },
  };
  registerLanguageRoutes(app);
  app.doc31('/openapi.json', documentConfig);

  app.get('/docs', (c) => {
    c.header('content-security-policy', contentSecurityPolicy({ styleHashes: [DOCS_STYLE_SHA256] }));
    const doc = app.getOpenAPI31Document(documentConfig);
    const languages = siteLanguages(c).map((code) => languageLinks('', siteTitle(c), code));
    const rows: { method: string; path: string; op: Operation }[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Operation>)) rows.push({ method: method.toUpperCase(), path, op });
    }
    return c.html(
      '<!DOCTYPE html>' +
        (
          <html lang="en">
            <head>
              <meta charset="utf-8" />
              <title>newswire API</title>
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <style>{DOCS_STYLE}</style>
            </head>
            <body>
              <h1>newswire API</h1>
              <p>{doc.info.description}</p>
              <p>
                Machine-readable description: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
              </p>
              {languages.length ? (
                <section>
                  <h2>Feeds by language</h2>
                  <ul>
                    {languages.map((l) => (
                      <li>
                        <a href={l.page} hreflang={l.hreflang} lang={l.hreflang}>
                          {l.name}
                        </a>
                        : <a href={l.rss}>RSS</a> · <a href={l.atom}>Atom</a> · <a href={l.json}>JSON Feed</a>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              {rows.map(({ method, path, op }) => (
                <section>
                  <h2>
                    <code>{method}</code> <code>{path}</code> — {op.summary}
                  </h2>
                  {op.description ? <p>{op.description}</p> : null}
                  <dl>
                    {Object.entries(op.responses ?? {}).map(([status, r]) => (
                      <>
                        <dt>{status}</dt>
                        <dd>{r.description}</dd>
                      </>
                    ))}
                  </dl>
                </section>
              ))}
              {/* The `about` URL of every JSON Feed item's _newswire object points here (JSON Feed 1.1 §Extensions). */}
              <section id="newswire-extension">
                <h2>
                  The <code>_newswire</code> JSON Feed extension
                </h2>
                <p>Each JSON Feed item carries an object <code>_newswire</code> with what JSON Feed 1.1 has no field for:</p>
                <dl>
                  <dt><code>about</code></dt>
                  <dd>The URL of this description.</dd>
                  <dt><code>publisher</code></dt>
                  <dd><code>{"{id, name}"}</code>: the publisher the story came from (its id is the first part of the article's path).</dd>
                  <dt><code>source</code></dt>
                  <dd><code>{"{name, url?}"}</code>: the outlet the story is reported from, when it names one.</dd>
                  <dt><code>image</code></dt>
                  <dd><code>{"{caption?, credit?}"}</code>: the cover image's caption and credit; its URL is the item's <code>image</code>.</dd>
                </dl>
              </section>
            </body>
          </html>
        ).toString(),
    );
  });
}
