import { HTTPException } from 'hono/http-exception';
import { requireAdmin } from './auth/admin-auth';
import { createApiApp } from './http/api-app';
import { problem } from './http/problem';
import { securityHeaders } from './http/security-headers';
import { adminPublishers } from './routes/admin-publishers';
import { adminSources } from './routes/admin-sources';
import { adminSubscriptions } from './routes/admin-subscriptions';
import { mountApiDocs } from './routes/api-docs';
import { articlesApi } from './routes/articles-api';
import { canonicalTagRedirect } from './routes/canonical-tag';
import { htmlErrorPages } from './routes/error-pages';
import { feeds } from './routes/feeds';
import { pages } from './routes/pages';
import { webhooks } from './routes/webhooks';
import { websub } from './routes/websub';

/** Routes only: each module owns one area of the HTTP surface. */
export function createApp() {
  const app = createApiApp();
  // Outermost: the headers reach every response, error pages included.
  app.use('*', securityHeaders);
  app.use('*', htmlErrorPages);
  app.use('/admin/*', requireAdmin);
  app.use('/tags/:tag', canonicalTagRedirect);
  app.use('/tags/:tag/*', canonicalTagRedirect);
  app.route('/', adminPublishers);
  app.route('/', adminSources);
  app.route('/', adminSubscriptions);
  app.route('/', webhooks);
  app.route('/', websub);
  app.route('/', articlesApi);
  app.route('/', feeds);
  app.route('/', pages);
  mountApiDocs(app);

  app.notFound(() => problem(404, 'No such resource.'));
  app.onError((err) => {
    if (err instanceof HTTPException) {
      const status = err.status === 400 || err.status === 401 || err.status === 404 || err.status === 413 || err.status === 415 ? err.status : 400;
      return problem(status, err.message || 'The request could not be processed.');
    }
    console.error(err);
    return problem(500, 'Something went wrong on our side; nothing was changed by this request.');
  });
  return app;
}
