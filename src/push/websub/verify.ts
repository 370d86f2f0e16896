import type { WebSubDenyMessage, WebSubVerifyMessage } from '../../model/push-messages';
import { WebSubStore, subscriptionKey } from '../../store/websub-store';
import type { DeliveryHandler, DeliveryResult } from '../delivery-handler';
import { callCallback } from './callback-request';
import type { WebSubDeps } from './deps';
import { parseTopic } from './topics';

/**
 * Attempts of a verification whose callback could not be reached or answered 5xx/429 (about
 * ten minutes at the production backoff): a subscriber retries its own request when it hears
 * nothing. A callback that answers anything else without echoing the challenge has refused:
 * that is final (WebSub §5.3, the subscription is not activated), with no retry.
 */
export const VERIFY_MAX_ATTEMPTS = 4;

/** Attempts of a denial notice: it is a courtesy (§5.2), not worth a long chase. */
export const DENY_MAX_ATTEMPTS = 3;

function transient(status: number): boolean {
  return status >= 500 || status === 429;
}

function randomChallenge(): string {
  // 128 bits from the CSPRNG, hex: unguessable, and safe in a query and a body alike.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The callback with the hub's parameters appended to whatever query it already has (§5.3). */
export function withHubQuery(callback: string, params: Record<string, string>): string {
  const url = new URL(callback);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}

async function verify(deps: WebSubDeps, message: WebSubVerifyMessage, now: number): Promise<DeliveryResult> {
  const origin = URL.parse(message.topic)?.origin ?? '';
  const parsed = parseTopic(message.topic, origin);
  // The route only queues served topics; a message naming anything else is not one it sent.
  if (!parsed.ok) return { ok: false, error: `topic not served: ${parsed.reason}`, permanent: true };

  const challenge = randomChallenge();
  const params: Record<string, string> = { 'hub.mode': message.mode, 'hub.topic': message.topic, 'hub.challenge': challenge };
  if (message.mode === 'subscribe') params['hub.lease_seconds'] = String(message.leaseSeconds);
  const answer = await callCallback(deps, withHubQuery(message.callback, params), { method: 'GET' });
  if (!answer.ok) return answer.result;
  const { status, body } = answer;
  if (status < 200 || status > 299) {
    return transient(status) ? { ok: false, status, error: `verification answered ${status}` } : { ok: false, status, error: `verification refused with ${status}`, permanent: true };
  }
  if (body !== challenge) return { ok: false, status, error: 'verification refused: the answer did not echo hub.challenge', permanent: true };

  const store = new WebSubStore(deps.kv);
  const key = await subscriptionKey(parsed.scope, parsed.format, message.callback);
  const current = await store.get(key);
  const unsubscribedAt = await store.unsubscribedAt(key);
  // Verifications may complete out of order: the newer request decides (a renewal after an
  // unsubscribe, or the reverse), an older one verified late changes nothing. A verified
  // unsubscribe is remembered for a day, so a subscribe requested before it cannot revive it.
  const newest = Math.max(current?.requested_at ?? Number.NEGATIVE_INFINITY, unsubscribedAt ?? Number.NEGATIVE_INFINITY);
  if (newest > message.requestedAt) return { ok: true, status };
  if (message.mode === 'unsubscribe') {
    await store.unsubscribe(key, message.requestedAt);
    return { ok: true, status };
  }
  await store.put(
    key,
    {
      topic: message.topic,
      callback: message.callback,
      ...(message.secret !== undefined ? { secret: message.secret } : {}),
      lease_seconds: message.leaseSeconds,
      expires_at: now + message.leaseSeconds * 1000,
      requested_at: message.requestedAt,
    },
    now,
  );
  return { ok: true, status };
}

async function deny(deps: WebSubDeps, message: WebSubDenyMessage): Promise<DeliveryResult> {
  const url = withHubQuery(message.callback, { 'hub.mode': 'denied', 'hub.topic': message.topic, 'hub.reason': message.reason });
  const answer = await callCallback(deps, url, { method: 'GET' });
  if (!answer.ok) return answer.result;
  const { status } = answer;
  return status >= 200 && status <= 299 ? { ok: true, status } : { ok: false, status, error: `denial notice answered ${status}`, permanent: !transient(status) };
}

export function verifyHandler(deps: WebSubDeps): DeliveryHandler<WebSubVerifyMessage> {
  return { maxAttempts: VERIFY_MAX_ATTEMPTS, deliver: (message, ctx) => verify(deps, message, ctx.now()) };
}

export function denyHandler(deps: WebSubDeps): DeliveryHandler<WebSubDenyMessage> {
  return { maxAttempts: DENY_MAX_ATTEMPTS, deliver: (message) => deny(deps, message) };
}
