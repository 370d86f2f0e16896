import { openWithEither } from '../../auth/secret-box';
import { HUB_PATH, websubLinkHeader } from '../../http/site-urls';
import type { WebSubContentMessage } from '../../model/push-messages';
import { WebSubStore } from '../../store/websub-store';
import type { DeliveryHandler, DeliveryResult } from '../delivery-handler';
import { callCallback } from './callback-request';
import type { WebSubDeps } from './deps';
import { hubSignature } from './signature';

/**
 * Attempts of one content delivery (push/retry-policy.ts: about three hours at the production
 * base). Giving up loses little: the next change of the topic sends its whole current
 * representation again.
 */
export const CONTENT_MAX_ATTEMPTS = 6;

async function deliverContent(deps: WebSubDeps, message: WebSubContentMessage, now: number): Promise<DeliveryResult> {
  // Read at delivery, not at fan-out: a verified unsubscribe (a deleted key) or a lapsed lease
  // stops every delivery still queued or waiting for a retry.
  const sub = await new WebSubStore(deps.kv).get(message.subscription);
  if (sub === null) return { ok: false, error: 'no such subscription (unsubscribed or expired)', permanent: true };
  if (sub.expires_at <= now) return { ok: false, error: 'the subscription’s lease has ended', permanent: true };

  let secret: string | undefined;
  if (sub.secret !== undefined) {
    if (!deps.keys.ok) return { ok: false, error: deps.keys.detail };
    const opened = await openWithEither(sub.secret, deps.keys.keys);
    // Unsigned content would be discarded by the subscriber (§8); without the key nothing can be signed.
    if (opened === null) return { ok: false, error: 'the subscription’s secret opens under neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS', permanent: true };
    secret = opened.plaintext;
  }

  // §7: the topic's current representation, whatever changed: an empty feed is sent as such.
  const rendered = await deps.render(sub.topic);
  if (rendered.status !== 200) {
    await rendered.body?.cancel();
    return { ok: false, error: `rendering the topic answered ${rendered.status}` };
  }
  const body = new Uint8Array(await rendered.arrayBuffer());
  const headers: Record<string, string> = {
    'content-type': rendered.headers.get('content-type') ?? 'application/octet-stream',
    link: websubLinkHeader(new URL(sub.topic).origin + HUB_PATH, sub.topic),
  };
  if (secret !== undefined) headers['x-hub-signature'] = await hubSignature(secret, body);

  const answer = await callCallback(deps, sub.callback, { method: 'POST', headers, body });
  if (!answer.ok) return answer.result;
  const { status } = answer;
  return status >= 200 && status <= 299 ? { ok: true, status } : { ok: false, status, error: `content delivery answered ${status}` };
}

export function contentHandler(deps: WebSubDeps): DeliveryHandler<WebSubContentMessage> {
  return { maxAttempts: CONTENT_MAX_ATTEMPTS, deliver: (message, ctx) => deliverContent(deps, message, ctx.now()) };
}
