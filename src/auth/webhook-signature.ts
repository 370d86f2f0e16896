import { fromBase64 } from './secret-box';

/**
 * Standard Webhooks (standardwebhooks.com) verification with WebCrypto: HMAC-SHA256 over
 * "{webhook-id}.{webhook-timestamp}.{raw body bytes}". Signing the raw bytes (not a decoded
 * string) means a body is verified exactly as sent; WebCrypto's native HMAC keeps a large
 * body cheap. The reference `standardwebhooks` package signs in the tests and the CLI,
 * proving the two agree. Partner deliveries are signed here too (`signWebhook`).
 */

export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export interface SignedDelivery {
  id: string;
  timestamp: string;
  signature: string;
  body: Uint8Array;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const encoder = new TextEncoder();

function secretBytes(secret: string): Uint8Array {
  return fromBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
}

function signedContent(d: Pick<SignedDelivery, 'id' | 'timestamp' | 'body'>): Uint8Array {
  const head = encoder.encode(`${d.id}.${d.timestamp}.`);
  const out = new Uint8Array(head.length + d.body.length);
  out.set(head);
  out.set(d.body, head.length);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secretBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/**
 * The `webhook-signature` header for a delivery: one `v1,<base64 HMAC-SHA256>` per secret,
 * space-separated, as the spec allows while a secret is being rotated (a receiver accepts the
 * delivery if any of them verifies under the secret it holds). `timestamp` is unix seconds.
 */
export async function signWebhook(delivery: { id: string; timestamp: string; body: string | Uint8Array }, secrets: readonly string[]): Promise<string> {
  const body = typeof delivery.body === 'string' ? encoder.encode(delivery.body) : delivery.body;
  const content = signedContent({ id: delivery.id, timestamp: delivery.timestamp, body });
  const signatures: string[] = [];
  for (const secret of secrets) {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), content));
    signatures.push(`v1,${toBase64(mac)}`);
  }
  return signatures.join(' ');
}

function decodeSignatures(header: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const part of header.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || !value) continue;
    try {
      out.push(fromBase64(value));
    } catch {
      // A malformed entry is skipped: another one in the list may still match.
    }
  }
  return out;
}

export async function verifyWebhookSignature(delivery: SignedDelivery, secrets: readonly string[], nowMs = Date.now()): Promise<Verdict> {
  if (!/^\d{1,12}$/.test(delivery.timestamp)) return { ok: false, reason: 'webhook-timestamp must be unix seconds' };
  const skew = Math.abs(nowMs / 1000 - Number(delivery.timestamp));
  if (skew > TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: 'webhook-timestamp is more than 5 minutes from now' };
  const candidates = decodeSignatures(delivery.signature);
  if (candidates.length === 0) return { ok: false, reason: 'webhook-signature has no v1 signature' };
  const content = signedContent(delivery);
  for (const secret of secrets) {
    const key = await hmacKey(secret);
    const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, content));
    for (const candidate of candidates) {
      if (candidate.length === expected.length && crypto.subtle.timingSafeEqual(candidate, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: 'no signature matches' };
}
