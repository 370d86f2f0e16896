import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';

type Operation = { summary?: string; description?: string; tags?: string[]; responses?: Record<string, { description?: string }> };

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
  app.doc31('/openapi.json', documentConfig);

  app.get('/docs', (c) => {
    const doc = app.getOpenAPI31Document(documentConfig);
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
              <style>{'body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}h2{margin-top:2rem;font-size:1.1rem}dl{margin-left:1rem}'}</style>
            </head>
            <body>
              <h1>newswire API</h1>
              <p>{doc.info.description}</p>
              <p>
                Machine-readable description: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
              </p>
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
