import type { DeliveryMessage } from '../model/push-messages';
import type { DeliveryContext, DeliveryHandler, DeliveryHandlers, DeliveryResult } from './delivery-handler';
import { retryDelaySeconds } from './retry-policy';

/**
 * The DELIVERIES consumer: each message is one request to a subscriber, handled by its kind's
 * DeliveryHandler and acknowledged on its own (a consumer that dies mid-batch loses nothing: the
 * un-acked messages come back).
 *
 * - success: acked.
 * - failure: retried after retryDelaySeconds(base, attempt) (retry-policy.ts) until the kind's
 *   maxAttempts; a failure of the last attempt, or a permanent one, is dropped (the handler's
 *   `dropped` runs once) and acked.
 * - a throw (a bug, storage down): retried with the same backoff, counting as an attempt, so a
 *   redelivery past maxAttempts is dropped without another request. A message whose `dropped`
 *   keeps throwing reaches the queue's max_retries and the dead-letter queue.
 */

export interface DeliveryDeps {
  handlers: DeliveryHandlers;
  /** DELIVERY_RETRY_BASE_SECONDS: 30 in production. */
  baseDelaySeconds: number;
  now: () => number;
}

/** A message with its handler, whatever its kind. */
interface Bound {
  maxAttempts: number;
  deliver(ctx: DeliveryContext): Promise<DeliveryResult>;
  dropped(error: string, ctx: DeliveryContext): Promise<void>;
}

function bind<M extends DeliveryMessage>(handler: DeliveryHandler<M>, message: M): Bound {
  return {
    maxAttempts: handler.maxAttempts,
    deliver: (ctx) => handler.deliver(message, ctx),
    dropped: async (error, ctx) => {
      await handler.dropped?.(message, error, ctx);
    },
  };
}

function bound(handlers: DeliveryHandlers, message: DeliveryMessage): Bound | null {
  // A body of another shape (another version's kind, a hand-sent message) has no handler.
  if (typeof message !== 'object' || message === null) return null;
  switch (message.kind) {
    case 'websub.verify':
      return bind(handlers['websub.verify'], message);
    case 'websub.deny':
      return bind(handlers['websub.deny'], message);
    case 'websub.content':
      return bind(handlers['websub.content'], message);
    case 'partner.event':
      return bind(handlers['partner.event'], message);
    default:
      return null;
  }
}

function describe(msg: Message<DeliveryMessage>): string {
  const kind = typeof msg.body === 'object' && msg.body !== null ? String(msg.body.kind) : typeof msg.body;
  return `delivery ${msg.id} (${kind}, attempt ${msg.attempts})`;
}

export async function consumeDeliveries(batch: MessageBatch<DeliveryMessage>, deps: DeliveryDeps): Promise<void> {
  for (const msg of batch.messages) {
    const delaySeconds = retryDelaySeconds(deps.baseDelaySeconds, msg.attempts);
    const handler = bound(deps.handlers, msg.body);
    if (handler === null) {
      // Left to the queue: a newer version's consumer may know it; otherwise it is dead-lettered.
      console.error(`${describe(msg)}: no handler for this kind; retrying`);
      msg.retry({ delaySeconds });
      continue;
    }
    const ctx: DeliveryContext = { attempt: msg.attempts, final: msg.attempts >= handler.maxAttempts, now: deps.now };
    try {
      if (msg.attempts > handler.maxAttempts) {
        await handler.dropped(`gave up after ${handler.maxAttempts} attempts`, { ...ctx, final: true });
        msg.ack();
        continue;
      }
      const result = await handler.deliver(ctx);
      if (result.ok) {
        msg.ack();
      } else if (result.permanent === true || ctx.final) {
        console.warn(`${describe(msg)} dropped: ${result.error}`);
        await handler.dropped(result.error, ctx);
        msg.ack();
      } else {
        console.log(`${describe(msg)} failed (${result.error}); retrying in ${delaySeconds} s`);
        msg.retry({ delaySeconds });
      }
    } catch (err) {
      console.error(`${describe(msg)} threw; retrying in ${delaySeconds} s`, err);
      msg.retry({ delaySeconds });
    }
  }
}

/** The dead-letter consumer of DELIVERIES: each message is given up on, and its handler told. */
export async function consumeDeadDeliveries(batch: MessageBatch<DeliveryMessage>, deps: Pick<DeliveryDeps, 'handlers' | 'now'>): Promise<void> {
  for (const msg of batch.messages) {
    const handler = bound(deps.handlers, msg.body);
    if (handler === null) {
      console.error(`DEAD ${describe(msg)}: no handler for this kind; dropped. Body: ${JSON.stringify(msg.body)}`);
      msg.ack();
      continue;
    }
    try {
      console.error(`DEAD ${describe(msg)}: dead-lettered; dropped`);
      await handler.dropped('dead-lettered: every delivery attempt failed or threw', { attempt: msg.attempts, final: true, now: deps.now });
      msg.ack();
    } catch (err) {
      console.error(`DEAD ${describe(msg)}: its dropped handler threw; retrying`, err);
      msg.retry();
    }
  }
}
