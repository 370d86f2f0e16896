import { createApp } from './app';
import { privateSourcesAllowed, type Env } from './env';
import { pullDueSources } from './ingest/upstream/schedule';

const app = createApp();

export default {
  fetch: app.fetch,
  // Cron (wrangler.toml): pull the upstream feeds that are due. `fetch` is wrapped because
  // workerd refuses it called with another `this`.
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(pullDueSources({ kv: env.KV, fetch: (input, init) => fetch(input, init), allowPrivate: privateSourcesAllowed(env) }));
  },
} satisfies ExportedHandler<Env>;
