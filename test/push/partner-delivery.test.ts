import { env, runInDurableObject } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { sealingKeys } from '../../src/auth/secrets-key';
import { verifyWebhookSignature } from '../../src/auth/webhook-signature';
import type { PartnerEventMessage } from '../../src/model/push-messages';
import type { DeliveryContext } from '../../src/push/delivery-handler';
import { partnerHandlers } from '../../src/push/partners/partner-delivery';
import type { PartnerDeps } from '../../src/push/partners/partner-deps';
import type { PartnerObject } from '../../src/push/partners/partner-object';
import { partnerTargets } from '../../src/push/partners/partner-targets';
import { admin } from '../helpers/client';

interface Sent {
  url: string;
  init: RequestInit;
  headers: Headers;
  body: string;
}

/** A partner endpoint that records every request and answers with the given statuses in turn (the last one repeats). */
function partnerStub(...statuses: number[]) {
  const sent: Sent[] = [];
  const fetch: PartnerDeps['fetch'] = async (url, init) => {
    sent.push({ url, init, headers: new Headers(init.headers), body: String(init.body) });
    const status = statuses[Math.min(sent.length - 1, statuses.length - 1)] ?? 200;
    return new Response(status === 204 ? null : 'answer', { status, headers: status === 302 ? { location: 'https://elsewhere.example/' } : {} });
  };
  return { sent, fetch };
}

function deps(fetch: PartnerDeps['fetch']): PartnerDeps {
  return { kv: env.KV, partners: env.PARTNERS, fetch, allowPrivate: true, sealing: sealingKeys(env) };
}

const ctx = (now: number, attempt = 1): DeliveryContext => ({ attempt, final: false, now: () => now });

async function subscribe(url: string, filter?: unknown): Promise<{ id: string; secret: string }> {
  const res = await admin('/admin/subscriptions', { method: 'POST', json: filter ? { url, filter } : { url } });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  return res.json<{ id: string; secret: string }>();
}

const RECORD = '{"id":"metro-line-2","title":"Метро: вторая линия","content_html":"<p>Открыто движение.</p>","language":"ru","tags":["транспорт"],"date_published":"2026-11-25T06:00:00.000Z","publisher":"steppe-daily","publisher_name":"Steppe Daily","received_at":"2026-11-25T06:00:02.000Z"}';

/** The message the fan-out would send this subscription for one change, and its snapshot written. */
async function eventFor(subscription: string, changeId: string, type: PartnerEventMessage['type'] = 'article.updated'): Promise<PartnerEventMessage> {
  const messages = await partnerTargets({ kv: env.KV })({
    id: changeId,
    type,
    publisher: 'steppe-daily',
    article: 'metro-line-2',
    at: '2026-11-25T06:00:02.000Z',
    scopes: [{ kind: 'all' }],
    languages: ['ru'],
    tags: ['транспорт'],
    ...(type === 'article.deleted' ? {} : { record: RECORD }),
  });
  const mine = messages.find((m): m is PartnerEventMessage => m.kind === 'partner.event' && m.subscription === subscription);
  if (!mine) throw new Error('no message for the subscription');
  return mine;
}

const handlerOf = (fetch: PartnerDeps['fetch']) => partnerHandlers(deps(fetch))['partner.event'];

describe('partner.event delivery', () => {
  it('POSTs the signed event: headers, exact body, no redirects; the reference library verifies it', async () => {
    const { id, secret } = await subscribe('https://partner.example/hooks/a');
    const message = await eventFor(id, 'chg-a-1');
    const stub = partnerStub(200);
    const now = Date.now();
    expect(await handlerOf(stub.fetch).deliver(message, ctx(now))).toEqual({ ok: true, status: 200 });
    expect(stub.sent).toHaveLength(1);
    const [req] = stub.sent;
    if (!req) throw new Error('nothing sent');
    expect(req.url).toBe('https://partner.example/hooks/a');
    expect(req.init.method).toBe('POST');
    expect(req.init.redirect).toBe('manual');
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(req.headers.get('webhook-id')).toBe(message.webhookId);
    expect(req.headers.get('webhook-timestamp')).toBe(String(Math.floor(now / 1000)));
    expect(req.body).toBe(`{"type":"article.updated","timestamp":"2026-11-25T06:00:02.000Z","data":${RECORD}}`);
    const verified = new Webhook(secret).verify(req.body, {
      'webhook-id': req.headers.get('webhook-id') ?? '',
      'webhook-timestamp': req.headers.get('webhook-timestamp') ?? '',
      'webhook-signature': req.headers.get('webhook-signature') ?? '',
    });
    expect(verified).toEqual({ type: 'article.updated', timestamp: '2026-11-25T06:00:02.000Z', data: JSON.parse(RECORD) });
    expect(() =>
      new Webhook('whsec_hTpy1Ha8KNK3CNP6zaT4Oc9H//0wzR4tiwP+tXkKjGE=').verify(req.body, {
        'webhook-id': req.headers.get('webhook-id') ?? '',
        'webhook-timestamp': req.headers.get('webhook-timestamp') ?? '',
        'webhook-signature': req.headers.get('webhook-signature') ?? '',
      }),
    ).toThrow('No matching signature found');
  });

  it('keeps webhook-id across retries and stamps each attempt with its own time', async () => {
    const { id } = await subscribe('https://partner.example/hooks/retry');
    const message = await eventFor(id, 'chg-retry-1');
    const stub = partnerStub(503, 200);
    const handler = handlerOf(stub.fetch);
    expect(await handler.deliver(message, ctx(1_795_600_000_000, 1))).toEqual({ ok: false, status: 503, error: 'HTTP 503' });
    expect(await handler.deliver(message, ctx(1_795_600_030_000, 2))).toEqual({ ok: true, status: 200 });
    expect(stub.sent.map((s) => s.headers.get('webhook-id'))).toEqual([message.webhookId, message.webhookId]);
    expect(stub.sent.map((s) => s.headers.get('webhook-timestamp'))).toEqual(['1795600000', '1795600030']);
  });

  it('signs with both secrets during a rotation overlap, with the new one only after it', async () => {
    const { id, secret: oldSecret } = await subscribe('https://partner.example/hooks/rotating');
    const rotated = await admin(`/admin/subscriptions/${id}/secrets`, { method: 'POST' });
    const { secret: newSecret, previous_valid_until } = await rotated.json<{ secret: string; previous_valid_until: string }>();
    const message = await eventFor(id, 'chg-rot-1');
    const stub = partnerStub(200);
    const handler = handlerOf(stub.fetch);
    await handler.deliver(message, ctx(Date.now()));
    const [during] = stub.sent;
    if (!during) throw new Error('nothing sent');
    const headers = {
      'webhook-id': during.headers.get('webhook-id') ?? '',
      'webhook-timestamp': during.headers.get('webhook-timestamp') ?? '',
      'webhook-signature': during.headers.get('webhook-signature') ?? '',
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(during.body, headers)).toMatchObject({ type: 'article.updated' });
    expect(new Webhook(oldSecret).verify(during.body, headers)).toMatchObject({ type: 'article.updated' });

    // After the overlap (the reference library would refuse a timestamp a day ahead of the
    // real clock, so the project's verifier, held to it in test/auth, checks at that time).
    const later = Date.parse(previous_valid_until) + 1000;
    await handler.deliver(message, ctx(later, 2));
    const after = stub.sent[1];
    if (!after) throw new Error('nothing sent');
    const signed = {
      id: after.headers.get('webhook-id') ?? '',
      timestamp: after.headers.get('webhook-timestamp') ?? '',
      signature: after.headers.get('webhook-signature') ?? '',
      body: new TextEncoder().encode(after.body),
    };
    expect(signed.signature.split(' ')).toHaveLength(1);
    expect(await verifyWebhookSignature(signed, [newSecret], later)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(signed, [oldSecret], later)).toEqual({ ok: false, reason: 'no signature matches' });
    // And the object has forgotten it.
    const raw = await runInDurableObject(env.PARTNERS.get(env.PARTNERS.idFromName(id)), (_o: PartnerObject, state) => state.storage.sql.exec<{ record: string }>('SELECT record FROM subscription').one().record);
    expect(Object.keys(JSON.parse(raw))).not.toContain('previous');
  });

  it('delivers a deletion with the publisher and id as data', async () => {
    const { id } = await subscribe('https://partner.example/hooks/del');
    const message = await eventFor(id, 'chg-del-1', 'article.deleted');
    const stub = partnerStub(204);
    expect(await handlerOf(stub.fetch).deliver(message, ctx(Date.now()))).toEqual({ ok: true, status: 204 });
    expect(stub.sent[0]?.body).toBe('{"type":"article.deleted","timestamp":"2026-11-25T06:00:02.000Z","data":{"publisher":"steppe-daily","id":"metro-line-2"}}');
  });

  it('counts a redirect as a failure and does not follow it', async () => {
    const { id } = await subscribe('https://partner.example/hooks/moved');
    const stub = partnerStub(302);
    const result = await handlerOf(stub.fetch).deliver(await eventFor(id, 'chg-moved-1'), ctx(Date.now()));
    expect(result).toEqual({ ok: false, status: 302, error: 'HTTP 302 (redirects are not followed)' });
    expect(stub.sent).toHaveLength(1);
  });

  it('reports a network error as a retryable failure', async () => {
    const { id } = await subscribe('https://partner.example/hooks/down');
    const failing: PartnerDeps['fetch'] = async () => {
      throw new TypeError('connection refused');
    };
    expect(await handlerOf(failing).deliver(await eventFor(id, 'chg-down-1'), ctx(Date.now()))).toEqual({ ok: false, error: 'TypeError: connection refused' });
  });

  it('logs every attempt, newest first, for GET …/deliveries', async () => {
    const { id } = await subscribe('https://partner.example/hooks/logged');
    const message = await eventFor(id, 'chg-log-1');
    const stub = partnerStub(500, 200);
    const handler = handlerOf(stub.fetch);
    await handler.deliver(message, ctx(Date.parse('2026-11-25T06:00:05.000Z'), 1));
    await handler.deliver(message, ctx(Date.parse('2026-11-25T06:00:35.000Z'), 2));
    const res = await admin(`/admin/subscriptions/${id}/deliveries`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      deliveries: [
        { webhook_id: message.webhookId, event: 'article.updated', status: 200, attempt: 2, at: '2026-11-25T06:00:35.000Z' },
        { webhook_id: message.webhookId, event: 'article.updated', status: 500, attempt: 1, at: '2026-11-25T06:00:05.000Z', error: 'HTTP 500' },
      ],
    });
    const keys = await env.KV.list({ prefix: `wh:log:${id}:` });
    expect(keys.keys).toHaveLength(2);
    for (const key of keys.keys) expect(key.expiration).toBeGreaterThan(Date.now() / 1000 + 6 * 86_400);
  });

  it('drops an event for a deleted subscription at once, sending nothing', async () => {
    const { id } = await subscribe('https://partner.example/hooks/deleted');
    const message = await eventFor(id, 'chg-deleted-1');
    expect((await admin(`/admin/subscriptions/${id}`, { method: 'DELETE' })).status).toBe(204);
    const stub = partnerStub(200);
    expect(await handlerOf(stub.fetch).deliver(message, ctx(Date.now()))).toEqual({ ok: false, error: 'the subscription was deleted', permanent: true });
    expect(stub.sent).toHaveLength(0);
  });

  it('refuses, permanently, a URL the address rule forbids where private callbacks are off', async () => {
    const { id } = await subscribe('http://127.0.0.1:9/hook');
    const stub = partnerStub(200);
    const strict = partnerHandlers({ ...deps(stub.fetch), allowPrivate: false })['partner.event'];
    expect(await strict.deliver(await eventFor(id, 'chg-local-1'), ctx(Date.parse('2026-11-25T08:00:00.000Z')))).toEqual({ ok: false, error: 'not sent: the URL is not https', permanent: true });
    expect(stub.sent).toHaveLength(0);
    const listed = await (await admin('/admin/subscriptions')).json<{ subscriptions: Array<{ id: string; health: Record<string, unknown> }> }>();
    expect(listed.subscriptions.find((s) => s.id === id)?.health).toMatchObject({ state: 'failing', last_error: 'not sent: the URL is not https', last_failure_at: '2026-11-25T08:00:00.000Z' });
  });

  it('retries, without blaming the partner, while the payload is not readable', async () => {
    const { id } = await subscribe('https://partner.example/hooks/early');
    const message = await eventFor(id, 'chg-early-1');
    await env.KV.delete('ev:chg-early-1');
    const stub = partnerStub(200);
    expect(await handlerOf(stub.fetch).deliver(message, ctx(Date.now()))).toEqual({ ok: false, error: 'the event payload is not readable yet' });
    expect(stub.sent).toHaveLength(0);
    const listed = await (await admin('/admin/subscriptions')).json<{ subscriptions: Array<{ id: string; health: { state: string } }> }>();
    expect(listed.subscriptions.find((s) => s.id === id)?.health.state).toBe('healthy');
  });
});

describe('failing subscriptions', () => {
  it('shows failures in the health, keeps a subscription failing for less than a day, and disables one failing for longer', async () => {
    const { id } = await subscribe('https://partner.example/hooks/broken', { publishers: ['steppe-daily'] });
    const message = await eventFor(id, 'chg-broken-1');
    const stub = partnerStub(503);
    const handler = handlerOf(stub.fetch);
    const t0 = Date.parse('2026-11-25T06:00:10.000Z');
    await handler.deliver(message, ctx(t0, 1));
    await handler.deliver(message, ctx(t0 + 30_000, 2));

    const health = async () => {
      const listed = await (await admin('/admin/subscriptions')).json<{ subscriptions: Array<{ id: string; health: Record<string, unknown> }> }>();
      return listed.subscriptions.find((s) => s.id === id)?.health;
    };
    expect(await health()).toEqual({
      state: 'failing',
      last_success_at: null,
      last_failure_at: '2026-11-25T06:00:40.000Z',
      last_error: 'HTTP 503',
      consecutive_failures: 2,
      failing_since: '2026-11-25T06:00:10.000Z',
      dropped_events: 0,
      disabled_at: null,
      disabled_reason: null,
    });

    // Given up on 23 hours after the first failure: counted, still enabled.
    await handler.dropped?.(message, 'HTTP 503', ctx(t0 + 23 * 3_600_000, 9));
    expect(await health()).toMatchObject({ state: 'failing', dropped_events: 1, disabled_at: null });

    // Given up on 25 hours after it: disabled, and says why.
    await handler.dropped?.(message, 'HTTP 503', ctx(t0 + 25 * 3_600_000, 9));
    expect(await health()).toEqual({
      state: 'disabled',
      last_success_at: null,
      last_failure_at: '2026-11-25T06:00:40.000Z',
      last_error: 'HTTP 503',
      consecutive_failures: 2,
      failing_since: '2026-11-25T06:00:10.000Z',
      dropped_events: 2,
      disabled_at: '2026-11-26T07:00:10.000Z',
      disabled_reason: 'deliveries failed for over a day; last error: HTTP 503',
    });
    // The fan-out skips it, and a delivery already queued is dropped without a request.
    expect((await env.KV.list({ prefix: `wh:sub:${id}` })).keys[0]?.metadata).toEqual({ f: { publishers: ['steppe-daily'] }, d: 1 });
    const sentBefore = stub.sent.length;
    expect(await handler.deliver(message, ctx(t0 + 26 * 3_600_000, 1))).toEqual({ ok: false, error: 'the subscription is disabled', permanent: true });
    expect(stub.sent).toHaveLength(sentBefore);
  });

  it('a success clears the failure streak, so a later drop does not disable', async () => {
    const { id } = await subscribe('https://partner.example/hooks/flaky');
    const message = await eventFor(id, 'chg-flaky-1');
    const stub = partnerStub(500, 200, 500);
    const handler = handlerOf(stub.fetch);
    const t0 = Date.parse('2026-11-25T07:00:00.000Z');
    await handler.deliver(message, ctx(t0, 1));
    await handler.deliver(message, ctx(t0 + 20 * 3_600_000, 2));
    await handler.deliver(message, ctx(t0 + 30 * 3_600_000, 1));
    await handler.dropped?.(message, 'HTTP 500', ctx(t0 + 40 * 3_600_000, 9));
    const listed = await (await admin('/admin/subscriptions')).json<{ subscriptions: Array<{ id: string; health: Record<string, unknown> }> }>();
    expect(listed.subscriptions.find((s) => s.id === id)?.health).toMatchObject({
      state: 'failing',
      last_success_at: '2026-11-26T03:00:00.000Z',
      failing_since: '2026-11-26T13:00:00.000Z',
      consecutive_failures: 1,
      dropped_events: 1,
      disabled_at: null,
    });
  });

  it('declares maxAttempts so retries span more than a day at the production backoff', () => {
    expect(handlerOf(partnerStub(200).fetch).maxAttempts).toBe(9);
  });
});

describe('SECRETS_KEY rotation', () => {
  it('opens secrets sealed under the previous key and seals them again under the new one', async () => {
    const OLD_KEY = 'old-secrets-key-0123456789abcdef-kz';
    const NEW_KEY = 'new-secrets-key-0123456789abcdef-ru';
    const id = 'sealedunderoldk2';
    const object = env.PARTNERS.get(env.PARTNERS.idFromName(id));
    const created = await object.create({ id, url: 'https://partner.example/hooks/sealed', filter: {} }, { current: OLD_KEY }, Date.now());
    if (created === 'taken') throw new Error('taken');
    expect(await object.signingTarget(id, { current: NEW_KEY }, Date.now())).toEqual({ ok: false, reason: 'unopenable' });
    expect(await object.signingTarget(id, { current: NEW_KEY, previous: OLD_KEY }, Date.now())).toEqual({ ok: true, url: 'https://partner.example/hooks/sealed', secrets: [created.secret] });
    // Sealed again under the new key: the old one can be retired.
    expect(await object.signingTarget(id, { current: NEW_KEY }, Date.now())).toEqual({ ok: true, url: 'https://partner.example/hooks/sealed', secrets: [created.secret] });
  });
});
