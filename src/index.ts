import { createApp } from './app';
import { sealingKeys } from './auth/secrets-key';
import { privateCallbacksAllowed, privateSourcesAllowed, type Env } from './env';
import { SOURCE_PULLS_DLQ, SOURCE_PULLS_QUEUE } from './ingest/upstream/pull-message';
import { consumeSourcePulls, markDeadLettered } from './ingest/upstream/pull-queued';
import { enqueueDueSources } from './ingest/upstream/schedule';
import type { ChangeEvent } from './model/change-event';
import type { DeliveryMessage } from './model/push-messages';
import type { DeliveryHandlers } from './push/delivery-handler';
import { consumeDeadDeliveries, consumeDeliveries } from './push/deliveries';
import { consumeChanges, consumeDeadChanges } from './push/fan-out';
import { partnerHandlers } from './push/partners/partner-delivery';
import type { PartnerDeps } from './push/partners/partner-deps';
import { partnerTargets } from './push/partners/partner-targets';
import { CHANGES_DLQ, CHANGES_QUEUE, DELIVERIES_DLQ, DELIVERIES_QUEUE } from './push/queues';
import { retryBaseSeconds } from './push/retry-policy';
import type { WebSubDeps } from './push/websub/deps';
import { websubHandlers } from './push/websub/handlers';
import { renderOncePerTopic } from './push/websub/render-once';
import { websubTargets } from './push/websub/targets';

export { PublisherObject } from './ingest/publisher-object';
export { PartnerObject } from './push/partners/partner-object';

const app = createApp();

// `fetch` is wrapped because workerd refuses it called with another `this`.
const outbound = (input: string, init: RequestInit) => fetch(input, init);

function websubDeps(env: Env, ctx: ExecutionContext): WebSubDeps {
  return {
    kv: env.KV,
    fetch: outbound,
    allowPrivate: privateCallbacksAllowed(env),
    keys: sealingKeys(env),
    // A topic's content is what a GET of it answers, from the app itself; with no isolate memo,
    // so the listing is read now and not remembered from before the change.
    render: renderOncePerTopic(async (url) => app.fetch(new Request(url), { ...env, LISTING_MEMO_MS: '0' }, ctx)),
    now: Date.now,
  };
}

function partnerDeps(env: Env): PartnerDeps {
  return { kv: env.KV, partners: env.PARTNERS, fetch: outbound, allowPrivate: privateCallbacksAllowed(env), sealing: sealingKeys(env) };
}

function deliveryHandlers(env: Env, ctx: ExecutionContext): DeliveryHandlers {
  return { ...websubHandlers(websubDeps(env, ctx)), ...partnerHandlers(partnerDeps(env)) };
}

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
  async queue(batch, env, ctx) {
    switch (batch.queue) {
      case SOURCE_PULLS_QUEUE:
        return consumeSourcePulls(batch, { kv: env.KV, fetch: (input, init) => fetch(input, init), allowPrivate: privateSourcesAllowed(env), publishers: env.PUBLISHERS });
      case SOURCE_PULLS_DLQ:
        return markDeadLettered(batch, { kv: env.KV });
      case CHANGES_QUEUE:
        return consumeChanges(batch as MessageBatch<ChangeEvent>, {
          deliveries: env.DELIVERIES,
          targets: [websubTargets({ kv: env.KV, now: Date.now }), partnerTargets({ kv: env.KV })],
        });
      case CHANGES_DLQ:
        return consumeDeadChanges(batch as MessageBatch<ChangeEvent>);
      case DELIVERIES_QUEUE:
        return consumeDeliveries(batch as MessageBatch<DeliveryMessage>, {
          handlers: deliveryHandlers(env, ctx),
          baseDelaySeconds: retryBaseSeconds(env.DELIVERY_RETRY_BASE_SECONDS),
          now: Date.now,
        });
      case DELIVERIES_DLQ:
        return consumeDeadDeliveries(batch as MessageBatch<DeliveryMessage>, { handlers: deliveryHandlers(env, ctx), now: Date.now });
      default:
        throw new Error(`no consumer for queue "${batch.queue}"`);
    }
  },
} satisfies ExportedHandler<Env>;
