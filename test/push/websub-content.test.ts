import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { seal } from '../../src/auth/secret-box';
import type { WebSubContentMessage } from '../../src/model/push-messages';
import type { DeliveryContext } from '../../src/push/delivery-handler';
import { websubHandlers } from '../../src/push/websub/handlers';
import { stubCallbacks, type CallbackAnswer } from './websub-stub';

const NOW = Math.floor(Date.now() / 1000) * 1000;
const KEY_MATERIAL = 'content-test-secrets-key-0123456789abcdef';
const ctx: DeliveryContext = { attempt: 1, final: false, now: () => NOW };
const TOPIC = 'https://newswire.test/lang/kk/feed.json';
const CALLBACK = 'http://127.0.0.1:9903/inbox';
const FEED_BODY = '{"version":"https://jsonfeed.org/version/1.1","title":"Жаңалықтар","items":[]}';

async function subscribe(key: string, fields: { secret?: string; expiresAt?: number; callback?: string } = {}) {
  const value = {
    topic: TOPIC,
    callback: fields.callback ?? CALLBACK,
    ...(fields.secret !== undefined ? { secret: await seal(fields.secret, KEY_MATERIAL) } : {}),
    lease_seconds: 86_400,
    expires_at: fields.expiresAt ?? NOW + 3_600_000,
    requested_at: NOW - 60_000,
  };
  await env.KV.put(key, JSON.stringify(value), { metadata: { t: TOPIC } });
}

function message(subscription: string): WebSubContentMessage {
  return { kind: 'websub.content', subscription, topic: TOPIC, change: 'chg-1' };
}

function setup(answer: CallbackAnswer, render: (url: string) => Promise<Response> = async () => new Response(FEED_BODY, { headers: { 'content-type': 'application/feed+json; charset=utf-8' } }), allowPrivate = true) {
  const stub = stubCallbacks(answer);
  const rendered: string[] = [];
  const { 'websub.content': content } = websubHandlers({
    kv: env.KV,
    fetch: stub.fetch,
    allowPrivate,
    keys: { ok: true, keys: { current: KEY_MATERIAL } },
    render: (url) => {
      rendered.push(url);
      return render(url);
    },
    now: () => NOW,
  });
  return { content, stub, rendered };
}

/** The expected signature, computed here with WebCrypto from the literal secret, not by the hub's code. */
async function hmacHex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('websub.content', () => {
  it('POSTs the rendered topic with its Content-Type, Link rel=hub and rel=self, and a signature of the exact bytes', async () => {
    await subscribe('ws:lang:kk:json:signed', { secret: 'Қазақ-secret-🔑' });
    const { content, stub, rendered } = setup(() => new Response(null, { status: 202 }));
    expect(await content.deliver(message('ws:lang:kk:json:signed'), ctx)).toEqual({ ok: true, status: 202 });
    expect(rendered).toEqual([TOPIC]);
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(CALLBACK);
    expect(request!.redirect).toBe('manual');
    expect(new TextDecoder().decode(request!.body)).toBe(FEED_BODY);
    expect(Object.fromEntries(request!.headers)).toEqual({
      'content-type': 'application/feed+json; charset=utf-8',
      link: '<https://newswire.test/websub>; rel="hub", <https://newswire.test/lang/kk/feed.json>; rel="self"',
      'x-hub-signature': `sha256=${await hmacHex('Қазақ-secret-🔑', FEED_BODY)}`,
    });
  });

  it('matches a signature worked out by hand for a literal body', async () => {
    // HMAC-SHA256(key "key", "The quick brown fox jumps over the lazy dog"), the well-known textbook value.
    await subscribe('ws:lang:kk:json:fox', { secret: 'key' });
    const { content, stub } = setup(
      () => new Response('ok'),
      async () => new Response('The quick brown fox jumps over the lazy dog', { headers: { 'content-type': 'application/feed+json; charset=utf-8' } }),
    );
    await content.deliver(message('ws:lang:kk:json:fox'), ctx);
    expect(stub.requests[0]!.headers.get('x-hub-signature')).toBe('sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });

  it('sends no signature header when the subscriber gave no secret', async () => {
    await subscribe('ws:lang:kk:json:plain');
    const { content, stub } = setup(() => new Response('ok'));
    await content.deliver(message('ws:lang:kk:json:plain'), ctx);
    expect(stub.requests[0]!.headers.has('x-hub-signature')).toBe(false);
  });

  it.each<[string, CallbackAnswer, number | undefined]>([
    ['a 500', () => new Response('down', { status: 500 }), 500],
    ['a 410', () => new Response('gone', { status: 410 }), 410],
    ['a 301 (never followed)', () => new Response(null, { status: 301, headers: { location: 'http://127.0.0.1:9904/' } }), 301],
    ['a network error', () => Promise.reject(new TypeError('connection reset')), undefined],
  ])('counts %s as a failure to retry', async (_name, answer, status) => {
    await subscribe('ws:lang:kk:json:failing');
    const { content, stub } = setup(answer);
    const result = await content.deliver(message('ws:lang:kk:json:failing'), ctx);
    expect(result.ok).toBe(false);
    expect(result.status).toBe(status);
    expect('permanent' in result && result.permanent).toBe(false);
    expect(stub.requests).toHaveLength(1);
  });

  it('fails, to retry, when the topic does not render with a 200, and sends nothing', async () => {
    await subscribe('ws:lang:kk:json:render');
    const { content, stub } = setup(() => new Response('ok'), async () => new Response('oops', { status: 500 }));
    expect(await content.deliver(message('ws:lang:kk:json:render'), ctx)).toEqual({ ok: false, error: 'rendering the topic answered 500' });
    expect(stub.requests).toEqual([]);
  });

  it('drops, without a request, content for a plain-http callback once local callbacks are no longer allowed', async () => {
    await subscribe('ws:lang:kk:json:plain-http', { callback: 'http://reader.example/cb', secret: 'shh' });
    const { content, stub } = setup(() => new Response('ok'), undefined, false);
    expect(await content.deliver(message('ws:lang:kk:json:plain-http'), ctx)).toEqual({ ok: false, error: 'callback refused: not https', permanent: true });
    expect(stub.requests).toEqual([]);
  });

  it('drops a message for an unsubscribed (deleted) subscription without a request', async () => {
    const { content, stub, rendered } = setup(() => new Response('ok'));
    expect(await content.deliver(message('ws:lang:kk:json:never'), ctx)).toEqual({ ok: false, error: 'no such subscription (unsubscribed or expired)', permanent: true });
    expect(stub.requests).toEqual([]);
    expect(rendered).toEqual([]);
  });

  it('drops a message for a subscription whose lease has ended, even while KV still holds it', async () => {
    await subscribe('ws:lang:kk:json:lapsed', { expiresAt: NOW - 1 });
    const { content, stub } = setup(() => new Response('ok'));
    expect(await content.deliver(message('ws:lang:kk:json:lapsed'), ctx)).toEqual({ ok: false, error: 'the subscription’s lease has ended', permanent: true });
    expect(stub.requests).toEqual([]);
  });

  it('gives six attempts', () => {
    expect(setup(() => new Response('ok')).content.maxAttempts).toBe(6);
  });
});
