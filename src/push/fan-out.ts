import type { ChangeEvent } from '../model/change-event';
import type { DeliveryMessage } from '../model/push-messages';
import { sendAll } from '../model/queue-batches';
import type { ChangeTargets } from './change-targets';
import { retryDelaySeconds } from './retry-policy';

/**
 * The CHANGES consumer: one change event in, one DELIVERIES message per subscriber that must hear
 * of it out (each kind of push lists its own subscribers: ChangeTargets). Each event is acked on
 * its own once all its deliveries are queued; a target or a send that throws retries that event
 * alone (after the consumer's retry_delay), and after max_retries it is dead-lettered.
 *
 * A retried event may queue some of its deliveries twice (those sent before the failure, or all
 * of them when the consumer died after sending and before the ack). That is harmless: a partner
 * delivery carries the same webhook-id both times, which Standard Webhooks receivers deduplicate
 * on, and WebSub content is the topic's current representation, so a second copy says nothing new.
 */

export interface FanOutDeps {
  deliveries: Queue<DeliveryMessage>;
  targets: ChangeTargets[];
}

/** The first fan-out retry's delay; later ones grow fourfold (push/retry-policy.ts). */
export const FAN_OUT_RETRY_BASE_SECONDS = 10;

export async function consumeChanges(batch: MessageBatch<ChangeEvent>, deps: FanOutDeps): Promise<void> {
  for (const msg of batch.messages) {
    try {
      const messages: DeliveryMessage[] = [];
      for (const target of deps.targets) messages.push(...(await target(msg.body)));
      await sendAll(deps.deliveries, messages);
      msg.ack();
    } catch (err) {
      console.error(`fan-out of change ${describe(msg.body)} failed (attempt ${msg.attempts}); it will be retried`, err);
      // Backing off (10 s, 40 s, 2 min 40 s, … 12 h at most): an outage of KV or Queues outlasts
      // a flat delay, and a change given up on is never told.
      msg.retry({ delaySeconds: retryDelaySeconds(FAN_OUT_RETRY_BASE_SECONDS, msg.attempts) });
    }
  }
}

/**
 * The dead-letter consumer of CHANGES: the change's subscribers were never all told of it. Logged
 * at error level with the event (its record left out: the fan-out reads KV when it is absent), so
 * an operator can see what was missed and send the line to newswire-changes again once the cause
 * is fixed; then acked, since retrying here would fail for the same reason.
 */
export async function consumeDeadChanges(batch: MessageBatch<ChangeEvent>): Promise<void> {
  for (const msg of batch.messages) {
    const event = JSON.stringify({ ...msg.body, record: undefined });
    console.error(`DEAD CHANGE EVENT: the fan-out gave up on ${describe(msg.body)}; its subscribers were not told. Event: ${event}`);
    msg.ack();
  }
}

/** Safe on any body: a malformed message must still be logged, not throw out of the batch. */
function describe(change: Partial<ChangeEvent> | null): string {
  return `${String(change?.id)} (${String(change?.type)} ${String(change?.publisher)}/${String(change?.article)})`;
}
