import type { DeliveryMessage } from '../model/push-messages';

/**
 * The contract between the DELIVERIES queue consumer (push/deliveries.ts: acknowledgement,
 * backoff, dead letters) and what each message kind does (WebSub verification and content,
 * partner webhooks). A handler sends one request and says how it went; it never acknowledges,
 * retries or sleeps itself.
 */
export type DeliveryResult =
  | { ok: true; status?: number }
  /** `permanent`: retrying cannot help (the subscription is gone, the URL is refused): drop now. */
  | { ok: false; error: string; status?: number; permanent?: boolean };

export interface DeliveryContext {
  /** 1 on the first attempt (the queue message's `attempts`). */
  attempt: number;
  /** The last attempt this kind gets: a failure now is final. */
  final: boolean;
  now: () => number;
}

export interface DeliveryHandler<M extends DeliveryMessage = DeliveryMessage> {
  /** Attempts before the message is dropped (documented in the README). */
  maxAttempts: number;
  deliver(message: M, ctx: DeliveryContext): Promise<DeliveryResult>;
  /** Called once when the message is given up on: after its last attempt, or from the dead-letter queue. */
  dropped?(message: M, error: string, ctx: DeliveryContext): Promise<void>;
}

export type DeliveryHandlers = { [K in DeliveryMessage['kind']]: DeliveryHandler<Extract<DeliveryMessage, { kind: K }>> };
