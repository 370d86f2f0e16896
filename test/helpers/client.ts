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
  /** The raw body; objects are JSON-encoded, bytes are sent as they are. */
  body: unknown;
  webhookId?: string;
  /** Unix ms; defaults to now. */
  at?: number;
  contentType?: string;
  signature?: string;
}

let deliveries = 0;

/** Standard Webhooks signature over raw bytes (for bodies that are not valid UTF-8 text). */
async function signBytes(secret: string, id: string, at: Date, body: Uint8Array): Promise<string> {
  const key = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (ch) => ch.charCodeAt(0));
  const head = new TextEncoder().encode(`${id}.${Math.floor(at.getTime() / 1000)}.`);
  const content = new Uint8Array(head.length + body.length);
  content.set(head);
  content.set(body, head.length);
  const hmac = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, content));
  return `v1,${btoa(String.fromCharCode(...mac))}`;
}

/** Signs with the reference `standardwebhooks` implementation, so the Worker is proven against it. */
export async function deliver(d: Delivery): Promise<Response> {
  const raw = d.body instanceof Uint8Array ? d.body : typeof d.body === 'string' ? d.body : JSON.stringify(d.body);
  const id = d.webhookId ?? `msg_${Date.now()}_${deliveries++}`;
  const at = new Date(d.at ?? Date.now());
  const signature = d.signature ?? (raw instanceof Uint8Array ? await signBytes(d.secret, id, at, raw) : new Webhook(d.secret).sign(id, at, raw));
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
