import { signWebhook } from '../../auth/webhook-signature';
import { httpsRequired, outboundUrlRefusal } from '../../http/outbound-url';
import type { PartnerEventMessage } from '../../model/push-messages';
import { changeSnapshotKey } from '../../store/keys';
import type { DeliveryContext, DeliveryHandler, DeliveryResult } from '../delivery-handler';
import { logAttempt } from './delivery-log';
import { partnerObject } from './partner-client';
import type { PartnerDeps } from './partner-deps';

/**
 * Attempts per event. With the delivery consumer's backoff, base × 4^(n−1) capped at 12 hours
 * (push/retry-policy.ts; base 30 s in production), the 9th attempt comes 35 h 22 min after the
 * first: retries span more than a day, as the issue asks, so a partner down overnight misses nothing.
 */
export const PARTNER_MAX_ATTEMPTS = 9;

/** A partner that has not answered by then has failed this attempt (Workers keep the request open otherwise). */
export const PARTNER_TIMEOUT_MS = 15_000;

/** The Standard Webhooks body: its bytes are what the signature covers. */
export function partnerBody(message: Pick<PartnerEventMessage, 'type' | 'at'>, data: string): string {
  return `{"type":${JSON.stringify(message.type)},"timestamp":${JSON.stringify(message.at)},"data":${data}}`;
}

function urlRefusal(url: string, allowPrivate: boolean): string | null {
  if (httpsRequired(url, allowPrivate)) return 'the URL is not https';
  return outboundUrlRefusal(url, { allowPrivate });
}

async function send(deps: PartnerDeps, url: string, headers: Record<string, string>, body: string): Promise<DeliveryResult> {
  let res: Response;
  try {
    res = await deps.fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(PARTNER_TIMEOUT_MS) });
  } catch (err) {
    return { ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  // The answer's body means nothing here; releasing it frees the connection.
  await res.body?.cancel();
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  const redirect = res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : '';
  return { ok: false, status: res.status, error: `HTTP ${res.status}${redirect}` };
}

export function partnerHandlers(deps: PartnerDeps): { 'partner.event': DeliveryHandler<PartnerEventMessage> } {
  const deliver = async (message: PartnerEventMessage, ctx: DeliveryContext): Promise<DeliveryResult> => {
    const now = ctx.now();
    const log = (result: DeliveryResult) =>
      logAttempt(deps.kv, message.subscription, {
        webhookId: message.webhookId,
        event: message.type,
        status: result.status ?? null,
        attempt: ctx.attempt,
        atMs: now,
        ...(result.ok ? {} : { error: result.error }),
      });
    if (!deps.sealing.ok) return { ok: false, error: deps.sealing.detail };
    const object = partnerObject(deps.partners, message.subscription);
    const target = await object.signingTarget(message.subscription, deps.sealing.keys, now);
    if (!target.ok) {
      // Deleted: nobody reads its log any more.
      if (target.reason === 'missing') return { ok: false, error: 'the subscription was deleted', permanent: true };
      const result: DeliveryResult =
        target.reason === 'disabled'
          ? { ok: false, error: 'the subscription is disabled', permanent: true }
          : { ok: false, error: 'its signing secret opens under neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS' };
      await log(result);
      return result;
    }
    const refused = urlRefusal(target.url, deps.allowPrivate);
    if (refused) {
      // The subscription's own fault (its URL, or ALLOW_PRIVATE_CALLBACKS turned off since): its
      // health shows it, and its drops can disable it like any failure.
      const result = { ok: false, error: `not sent: ${refused}`, permanent: true } as const;
      await log(result);
      await object.recordAttempt(message.subscription, result, now);
      return result;
    }
    // KV may not show a snapshot written elsewhere for up to a minute: a miss is retried, and
    // is no failure of the partner's, so it leaves the subscription's health alone.
    const data = await deps.kv.get(changeSnapshotKey(message.change), 'text');
    if (data === null) {
      const result: DeliveryResult = { ok: false, error: 'the event payload is not readable yet' };
      await log(result);
      return result;
    }
    const body = partnerBody(message, data);
    const timestamp = String(Math.floor(now / 1000));
    const headers = {
      'content-type': 'application/json',
      'webhook-id': message.webhookId,
      'webhook-timestamp': timestamp,
      'webhook-signature': await signWebhook({ id: message.webhookId, timestamp, body }, target.secrets),
    };
    const result = await send(deps, target.url, headers, body);
    await log(result);
    await object.recordAttempt(message.subscription, result.ok ? { ok: true } : { ok: false, error: result.error }, now);
    return result;
  };

  return {
    'partner.event': {
      maxAttempts: PARTNER_MAX_ATTEMPTS,
      deliver,
      async dropped(message, error, ctx) {
        await partnerObject(deps.partners, message.subscription).noteDropped(message.subscription, error, ctx.now());
      },
    },
  };
}
