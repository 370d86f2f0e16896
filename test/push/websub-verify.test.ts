import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { seal } from '../../src/auth/secret-box';
import type { DeliveryContext } from '../../src/push/delivery-handler';
import { websubHandlers } from '../../src/push/websub/handlers';
import type { WebSubVerifyMessage, WebSubDenyMessage } from '../../src/model/push-messages';
import { echoChallenge, stubCallbacks, type CallbackAnswer } from './websub-stub';

// KV checks `expiration` against the real clock, so the handlers' clock is the real one, on a whole second.
const NOW = Math.floor(Date.now() / 1000) * 1000;
const DAY_MS = 86_400_000;
const KEY_MATERIAL = 'verify-test-secrets-key-0123456789abcdef';
const ctx: DeliveryContext = { attempt: 1, final: false, now: () => NOW };
const TOPIC = 'https://newswire.test/tags/transport/atom.xml';
const CALLBACK = 'http://127.0.0.1:9901/hook?sub=42';
// websubKey({tag: transport}, atom, shortHash(CALLBACK)), the hash computed outside the code under test:
// node -e "console.log(require('crypto').createHash('sha256').update('http://127.0.0.1:9901/hook?sub=42').digest().subarray(0,12).toString('base64url'))"
const KEY = 'ws:tag:transport:atom:SJFlxHtVTUfFO1Ub';

function handlers(answer: CallbackAnswer) {
  const stub = stubCallbacks(answer);
  const h = websubHandlers({
    kv: env.KV,
    fetch: stub.fetch,
    allowPrivate: true,
    keys: { ok: true, keys: { current: KEY_MATERIAL } },
    render: async () => new Response('unused', { status: 500 }),
    now: () => NOW,
  });
  return { ...h, stub };
}

function subscribe(overrides: Partial<WebSubVerifyMessage> = {}): WebSubVerifyMessage {
  return { kind: 'websub.verify', mode: 'subscribe', topic: TOPIC, callback: CALLBACK, leaseSeconds: 86_400, requestedAt: NOW - 5000, ...overrides };
}

beforeEach(async () => {
  await env.KV.delete(KEY);
  await env.KV.delete('wu:tag:transport:atom:SJFlxHtVTUfFO1Ub');
});

describe('websub.verify', () => {
  it('sends the hub parameters on a GET appended to the callback’s own query, without following redirects', async () => {
    const { 'websub.verify': verify, stub } = handlers(echoChallenge);
    expect(await verify.deliver(subscribe(), ctx)).toEqual({ ok: true, status: 200 });
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    const url = new URL(request!.url);
    expect(request!.method).toBe('GET');
    expect(request!.redirect).toBe('manual');
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9901/hook');
    expect([...url.searchParams.keys()]).toEqual(['sub', 'hub.mode', 'hub.topic', 'hub.challenge', 'hub.lease_seconds']);
    expect(url.searchParams.get('sub')).toBe('42');
    expect(url.searchParams.get('hub.mode')).toBe('subscribe');
    expect(url.searchParams.get('hub.topic')).toBe(TOPIC);
    expect(url.searchParams.get('hub.lease_seconds')).toBe('86400');
    expect(url.searchParams.get('hub.challenge')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('uses a fresh challenge on every verification', async () => {
    const { 'websub.verify': verify, stub } = handlers(echoChallenge);
    await verify.deliver(subscribe(), ctx);
    await verify.deliver(subscribe(), ctx);
    const challenges = stub.requests.map((r) => new URL(r.url).searchParams.get('hub.challenge'));
    expect(challenges[0]).not.toBe(challenges[1]);
  });

  it('stores a subscription whose callback echoed the challenge, expiring with its lease', async () => {
    const sealed = await seal('s3cr3t', KEY_MATERIAL);
    const { 'websub.verify': verify } = handlers(echoChallenge);
    await verify.deliver(subscribe({ secret: sealed }), ctx);
    expect(await env.KV.get(KEY, 'json')).toEqual({
      topic: TOPIC,
      callback: CALLBACK,
      secret: sealed,
      lease_seconds: 86_400,
      expires_at: NOW + DAY_MS,
      requested_at: NOW - 5000,
    });
    const listed = await env.KV.list({ prefix: 'ws:tag:transport:' });
    expect(listed.keys).toEqual([{ name: KEY, expiration: (NOW + DAY_MS) / 1000, metadata: { t: TOPIC } }]);
  });

  it.each<[string, CallbackAnswer]>([
    ['a wrong echo', () => new Response('not-the-challenge')],
    ['the challenge with a newline', ({ url }) => new Response(`${new URL(url).searchParams.get('hub.challenge')}\n`)],
    ['an empty 204', () => new Response(null, { status: 204 })],
    ['a 404 echoing it', ({ url }) => new Response(new URL(url).searchParams.get('hub.challenge'), { status: 404 })],
    ['a redirect', () => new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:9902/' } })],
  ])('stores nothing after %s, and calls that refusal final', async (_name, answer) => {
    const { 'websub.verify': verify } = handlers(answer);
    const result = await verify.deliver(subscribe(), ctx);
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(await env.KV.get(KEY)).toBeNull();
  });

  it.each<[string, CallbackAnswer]>([
    ['a 503', () => new Response('busy', { status: 503 })],
    ['a 429', () => new Response('slow down', { status: 429 })],
    ['a network error', () => Promise.reject(new TypeError('connection refused'))],
  ])('stores nothing after %s, and leaves it to a retry', async (_name, answer) => {
    const { 'websub.verify': verify } = handlers(answer);
    const result = await verify.deliver(subscribe(), ctx);
    expect(result.ok).toBe(false);
    expect('permanent' in result && result.permanent).toBe(false);
    expect(await env.KV.get(KEY)).toBeNull();
  });

  it('deletes the subscription on a verified unsubscribe, and sends no lease then', async () => {
    const { 'websub.verify': verify, stub } = handlers(echoChallenge);
    await verify.deliver(subscribe(), ctx);
    expect(await env.KV.get(KEY)).not.toBeNull();
    expect(await verify.deliver(subscribe({ mode: 'unsubscribe', requestedAt: NOW - 1000 }), ctx)).toEqual({ ok: true, status: 200 });
    expect(await env.KV.get(KEY)).toBeNull();
    const params = new URL(stub.requests[1]!.url).searchParams;
    expect(params.get('hub.mode')).toBe('unsubscribe');
    expect(params.has('hub.lease_seconds')).toBe(false);
  });

  it('keeps the subscription when the unsubscribe is not confirmed', async () => {
    const { 'websub.verify': verify, stub } = handlers(echoChallenge);
    await verify.deliver(subscribe(), ctx);
    stub.answer(() => new Response('no', { status: 404 }));
    await verify.deliver(subscribe({ mode: 'unsubscribe', requestedAt: NOW - 1000 }), ctx);
    expect(await env.KV.get(KEY)).not.toBeNull();
  });

  it('lets no verification older than the stored subscription’s request override it', async () => {
    const { 'websub.verify': verify } = handlers(echoChallenge);
    await verify.deliver(subscribe({ requestedAt: NOW - 1000, leaseSeconds: 7200 }), ctx);
    await verify.deliver(subscribe({ mode: 'unsubscribe', requestedAt: NOW - 2000 }), ctx);
    await verify.deliver(subscribe({ requestedAt: NOW - 3000, leaseSeconds: 3600 }), ctx);
    expect(await env.KV.get(KEY, 'json')).toMatchObject({ lease_seconds: 7200, requested_at: NOW - 1000 });
  });

  it('remembers a verified unsubscribe: a subscribe requested before it, verified late, does not revive it', async () => {
    const { 'websub.verify': verify } = handlers(echoChallenge);
    await verify.deliver(subscribe({ requestedAt: NOW - 3000 }), ctx);
    await verify.deliver(subscribe({ mode: 'unsubscribe', requestedAt: NOW - 2000 }), ctx);
    expect(await env.KV.get(KEY)).toBeNull();
    expect(await env.KV.get('wu:tag:transport:atom:SJFlxHtVTUfFO1Ub')).toBe(String(NOW - 2000));
    // A subscribe sent before the unsubscribe, whose verification was retried until now.
    expect(await verify.deliver(subscribe({ requestedAt: NOW - 2500 }), ctx)).toEqual({ ok: true, status: 200 });
    expect(await env.KV.get(KEY)).toBeNull();
    // One sent after it subscribes again.
    await verify.deliver(subscribe({ requestedAt: NOW - 1000 }), ctx);
    expect(await env.KV.get(KEY, 'json')).toMatchObject({ requested_at: NOW - 1000 });
  });

  it('renews a lease when the same callback subscribes again', async () => {
    const { 'websub.verify': verify } = handlers(echoChallenge);
    await verify.deliver(subscribe({ requestedAt: NOW - 3000, leaseSeconds: 3600 }), ctx);
    await verify.deliver(subscribe({ requestedAt: NOW - 1000, leaseSeconds: 864_000 }), ctx);
    expect(await env.KV.get(KEY, 'json')).toMatchObject({ lease_seconds: 864_000, expires_at: NOW + 10 * DAY_MS });
  });

  it('refuses a private callback when private callbacks are not allowed, sending nothing', async () => {
    const stub = stubCallbacks(echoChallenge);
    const { 'websub.verify': verify } = websubHandlers({
      kv: env.KV,
      fetch: stub.fetch,
      allowPrivate: false,
      keys: { ok: true, keys: { current: KEY_MATERIAL } },
      render: async () => new Response(null, { status: 500 }),
      now: () => NOW,
    });
    expect(await verify.deliver(subscribe(), ctx)).toEqual({ ok: false, error: 'callback refused: the host 127.0.0.1 is a loopback address', permanent: true });
    expect(stub.requests).toEqual([]);
  });
});

describe('websub.deny', () => {
  it('tells the callback hub.mode=denied with the topic and the reason, after its own query', async () => {
    const { 'websub.deny': deny, stub } = handlers(() => new Response('ok'));
    const message: WebSubDenyMessage = {
      kind: 'websub.deny',
      topic: 'https://elsewhere.example/feed.xml',
      callback: 'http://127.0.0.1:9901/hook?sub=7',
      reason: 'the topic is not on this hub’s site (https://newswire.test)',
    };
    expect(await deny.deliver(message, ctx)).toEqual({ ok: true, status: 200 });
    expect(stub.requests.map((r) => [r.method, r.url])).toEqual([
      [
        'GET',
        'http://127.0.0.1:9901/hook?sub=7&hub.mode=denied&hub.topic=https%3A%2F%2Felsewhere.example%2Ffeed.xml&hub.reason=the+topic+is+not+on+this+hub%E2%80%99s+site+%28https%3A%2F%2Fnewswire.test%29',
      ],
    ]);
  });
});
