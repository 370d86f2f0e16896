import { createRoute, z } from '@hono/zod-openapi';
import { createApiApp } from '../http/api-app';
import { problemContent, problemJson } from '../http/problem';
import { ArticleId, PublisherId, StoredArticleSchema } from '../model/article-schema';
import { ArticleStore } from '../store/article-store';

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
      404: { description: 'Unknown article', content: problemContent },
    },
  }),
  async (c) => {
    const { publisher, id } = c.req.valid('param');
    const article = await new ArticleStore(c.env.KV).get(publisher, id);
    if (!article) return problemJson(c, 404, `No article "${id}" from publisher "${publisher}".`);
    return c.json(article, 200);
  },
  // A malformed publisher or id can name no stored article: 404, not 422.
  (result, c) => (result.success ? undefined : problemJson(c, 404, 'No such article.')),
);
