import { deliveryKey } from './keys';
import { shortHash } from '../text/short-hash';

/** The answer given to a webhook delivery, replayed verbatim when the same webhook-id returns. */
export interface DeliveryAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// Standard Webhooks senders retry for up to a few days; remember answers a little longer.
const REMEMBER_SECONDS = 4 * 24 * 60 * 60;

// Deliveries of one webhook-id racing inside this isolate share one execution. Across
// isolates KV offers no lock; there the write is idempotent (same payload, same state).
const inFlight = new Map<string, Promise<DeliveryAnswer>>();

export class DeliveryLog {
  constructor(private readonly kv: KVNamespace) {}

  /** Runs `apply` once per (publisher, webhook-id); later deliveries get the first answer. */
  async once(publisher: string, webhookId: string, apply: () => Promise<DeliveryAnswer>): Promise<{ answer: DeliveryAnswer; replayed: boolean }> {
    // Registered before the first await, so a racing duplicate always finds it.
    const flightKey = `${publisher}\n${webhookId}`;
    const running = inFlight.get(flightKey);
    if (running) return { answer: await running, replayed: true };
    let replayed = false;
    const execution = (async () => {
      const key = deliveryKey(publisher, await shortHash(webhookId));
      const remembered = await this.kv.get<DeliveryAnswer>(key, 'json');
      if (remembered) {
        replayed = true;
        return remembered;
      }
      const answer = await apply();
      if (answer.status < 500) await this.kv.put(key, JSON.stringify(answer), { expirationTtl: REMEMBER_SECONDS });
      return answer;
    })();
    inFlight.set(flightKey, execution);
    try {
      return { answer: await execution, replayed };
    } finally {
      inFlight.delete(flightKey);
    }
  }
}
