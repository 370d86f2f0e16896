import { createApp } from './app';
import { privateSourcesAllowed, type Env } from './env';
import { SOURCE_PULLS_DLQ } from './ingest/upstream/pull-message';
import { consumeSourcePulls, markDeadLettered } from './ingest/upstream/pull-queued';
import { enqueueDueSources } from './ingest/upstream/schedule';

export { PublisherObject } from './ingest/publisher-object';
export { PartnerObject } from './push/partners/partner-object';

const app = createApp();

export default {
  fetch: app.fetch,
  // Cron (wrangler.toml): one queue message per upstream feed that is due.
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(enqueueDueSources({ kv: env.KV, queue: env.SOURCE_PULLS }).then(({ due, sent }) => console.log(`queued ${sent} of ${due} due sources`)));
  },
  // One handler serves the source-pulls queue and its dead-letter queue. `fetch` is wrapped
  // because workerd refuses it called with another `this`.
  async queue(batch, env) {
    if (batch.queue === SOURCE_PULLS_DLQ) await markDeadLettered(batch, { kv: env.KV });
    else await consumeSourcePulls(batch, { kv: env.KV, fetch: (input, init) => fetch(input, init), allowPrivate: privateSourcesAllowed(env), publishers: env.PUBLISHERS });
  },
} satisfies ExportedHandler<Env>;
