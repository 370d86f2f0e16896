import { SELF } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';

export const ADMIN_TOKEN = 'test-admin-token';
const BASE = 'https://newswire.test';

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, init);
}

export function admin(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${ADMIN_TOKEN}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return call(path, { ...init, headers, body });
}

export async function createPublisher(id: string, name = `Desk ${id}`): Promise<string> {
  const res = await admin('/admin/publishers', { method: 'POST', json: { id, name, url: `https://${id}.example/` } });
  if (res.status !== 201) throw new Error(`creating ${id}: ${res.status} ${await res.text()}`);
  const body = await res.json<{ secret: string }>();
  return body.secret;
}

export interface Delivery {
  publisher: string;
  secret: string;
  /** The raw body; objects are JSON-encoded. */
  body: unknown;
  webhookId?: string;
  /** Unix ms; defaults to now. */
  at?: number;
  contentType?: string;
  signature?: string;
}

let deliveries = 0;

/** Signs with the reference `standardwebhooks` implementation, so the Worker is proven against it. */
export function deliver(d: Delivery): Promise<Response> {
  const raw = typeof d.body === 'string' ? d.body : JSON.stringify(d.body);
  const id = d.webhookId ?? `msg_${Date.now()}_${deliveries++}`;
  const at = new Date(d.at ?? Date.now());
  const signature = d.signature ?? new Webhook(d.secret).sign(id, at, raw);
  return call(`/webhooks/${d.publisher}`, {
    method: 'POST',
    headers: {
      'content-type': d.contentType ?? 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: raw,
  });
}

export function event(type: 'article.published' | 'article.updated' | 'article.deleted', data: unknown) {
  return { type, timestamp: new Date().toISOString(), data };
}
