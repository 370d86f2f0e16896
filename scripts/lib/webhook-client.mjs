// Sends Standard Webhooks deliveries, signed with the reference `standardwebhooks` package.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** Wraps a bare article (or `{id}` for deletes) into an event; a full event passes through. */
export function toEvent(payload, type = 'article.published') {
  if (payload && typeof payload === 'object' && 'type' in payload && 'data' in payload) return payload;
  const data = type === 'article.deleted' ? { id: payload.id } : payload;
  return { type, timestamp: new Date().toISOString(), data };
}

/** The request init of one signed delivery, signed now (for callers that time the request alone). */
export function signedDelivery({ secret, event, webhookId = `msg_${randomUUID()}` }) {
  const body = JSON.stringify(event);
  const now = new Date();
  const signature = new Webhook(secret).sign(webhookId, now, body);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  };
}

export async function sendEvent({ baseUrl, publisher, secret, event, webhookId }) {
  const res = await fetch(new URL(`/webhooks/${encodeURIComponent(publisher)}`, baseUrl), signedDelivery({ secret, event, webhookId }));
  return { status: res.status, headers: res.headers, body: await res.text() };
}

export async function adminRequest(baseUrl, token, method, path, json) {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
