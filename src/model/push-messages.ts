import type { ArticleEventType } from './change-event';

/**
 * The messages of the DELIVERIES queue: every request newswire sends to a subscriber's URL is
 * one message, so each is retried, backed off and dead-lettered on its own and a consumer that
 * dies mid-batch loses none (un-acknowledged messages come back).
 */
export type DeliveryMessage = WebSubVerifyMessage | WebSubDenyMessage | WebSubContentMessage | PartnerEventMessage;

/** Verification of intent (WebSub §5.3) for a subscribe or unsubscribe request the hub accepted. */
export interface WebSubVerifyMessage {
  kind: 'websub.verify';
  mode: 'subscribe' | 'unsubscribe';
  topic: string;
  callback: string;
  leaseSeconds: number;
  /** hub.secret sealed under SECRETS_KEY (auth/secret-box), never in the clear on the queue. */
  secret?: { iv: string; ct: string };
  /** When the hub accepted the request (epoch ms): an older request never overrides a newer one. */
  requestedAt: number;
}

/** WebSub §5.2: a subscription the hub refuses (a topic it does not serve) is told so at the callback. */
export interface WebSubDenyMessage {
  kind: 'websub.deny';
  topic: string;
  callback: string;
  reason: string;
}

/** Content distribution (WebSub §7) of one topic to one subscriber, after a change. */
export interface WebSubContentMessage {
  kind: 'websub.content';
  /** The subscription's KV key (store/keys websubKey): read again at delivery, so an unsubscribe stops it. */
  subscription: string;
  topic: string;
  /** The change that triggered it (ChangeEvent.id), for logs. */
  change: string;
}

/** One article event for one partner subscription (Standard Webhooks). */
export interface PartnerEventMessage {
  kind: 'partner.event';
  /** The partner subscription's id. */
  subscription: string;
  /** ChangeEvent.id: the payload is the snapshot under changeSnapshotKey(change). */
  change: string;
  type: ArticleEventType;
  /** `webhook-id`: the same on every attempt of this event to this subscription. */
  webhookId: string;
  /** The event's time (ChangeEvent.at): the payload's `timestamp`. */
  at: string;
}
