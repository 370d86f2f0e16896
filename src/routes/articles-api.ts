import { createRoute, z } from '@hono/zod-openapi';
import { createApiApp } from '../http/api-app';
import { settledLastModified } from '../http/conditional';
import { problemContent, problemJson } from '../http/problem';
import { ArticleId, PublisherId, StoredArticleSchema } from '../model/article-schema';
import { ArticleStore, storedAt } from '../store/article-store';

export const articlesApi = createApiApp().openapi(
  createRoute({
    method: 'get',
    path: '/api/articles/{publisher}/{id}',
    tags: ['Read'],
    summary: 'One stored article',
    request: {
      params: z.object({
        publisher: PublisherId.openapi({ param: { name: 'publisher', in: 'path' } }),
        id: ArticleId.openapi({ param: { name: 'id', in: 'path' } }),
      }),
    },
    responses: {
      200: { description: 'The article as stored (sanitized), with its publisher and received_at', content: { 'application/json': { schema: StoredArticleSchema } } },
      304: { description: 'Not stored again since If-Modified-Since' },
      404: { description: 'Unknown article', content: problemContent },
    },
  }),
  async (c) => {
    const { publisher, id } = c.req.valid('param');
    const article = await new ArticleStore(c.env.KV).get(publisher, id);
    if (!article) return problemJson(c, 404, `No article "${id}" from publisher "${publisher}".`);
    // The last change is when this version was stored: a correction need not set date_modified.
    const lastModified = settledLastModified(storedAt(article), Date.now());
    if (lastModified) {
      c.header('last-modified', lastModified.toUTCString());
      // RFC 9110 §13.1.3: If-Modified-Since counts only without If-None-Match (no ETag is sent here).
      const since = c.req.header('if-none-match') === undefined ? Date.parse(c.req.header('if-modified-since') ?? '') : Number.NaN;
      if (Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000)) return c.body(null, 304);
    }
    return c.json(article, 200);
  },
  // A malformed publisher or id can name no stored article: 404, not 422.
  (result, c) => (result.success ? undefined : problemJson(c, 404, 'No such article.')),
);
