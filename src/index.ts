import { createApp } from './app';
import { privateSourcesAllowed, type Env } from './env';
import { SOURCE_PULLS_DLQ, SOURCE_PULLS_QUEUE } from './ingest/upstream/pull-message';
import { consumeSourcePulls, markDeadLettered } from './ingest/upstream/pull-queued';
import { enqueueDueSources } from './ingest/upstream/schedule';
import type { ChangeEvent } from './model/change-event';
import { consumeChanges, consumeDeadChanges } from './push/fan-out';
import { CHANGES_DLQ, CHANGES_QUEUE } from './push/queues';

export { PublisherObject } from './ingest/publisher-object';

const app = createApp();

export default {
  fetch: app.fetch,
  // Cron (wrangler.toml): one queue message per upstream feed that is due.
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(enqueueDueSources({ kv: env.KV, queue: env.SOURCE_PULLS }).then(({ due, sent }) => console.log(`queued ${sent} of ${due} due sources`)));
  },
  // One handler serves every queue (wrangler.toml), told apart by name; the bodies are what this
  // Worker's own producers sent. A queue it does not know throws, so its messages are retried
  // rather than fed to the wrong consumer. `fetch` is wrapped because workerd refuses it called
  // with another `this`.
  async queue(batch, env) {
    switch (batch.queue) {
      case SOURCE_PULLS_QUEUE:
        return consumeSourcePulls(batch, { kv: env.KV, fetch: (input, init) => fetch(input, init), allowPrivate: privateSourcesAllowed(env), publishers: env.PUBLISHERS });
      case SOURCE_PULLS_DLQ:
        return markDeadLettered(batch, { kv: env.KV });
      // The WebSub and partner targets join here, and newswire-deliveries and its dead-letter
      // queue get cases (push/deliveries.ts), once their handlers exist: a handlers map must be complete.
      case CHANGES_QUEUE:
        return consumeChanges(batch as MessageBatch<ChangeEvent>, { deliveries: env.DELIVERIES, targets: [] });
      case CHANGES_DLQ:
        return consumeDeadChanges(batch as MessageBatch<ChangeEvent>);
      default:
        throw new Error(`no consumer for queue "${batch.queue}"`);
    }
  },
} satisfies ExportedHandler<Env>;
