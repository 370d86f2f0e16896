import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { PartnerObject } from '../../src/push/partners/partner-object';
import { admin, call } from '../helpers/client';

interface Created {
  id: string;
  url: string;
  description?: string;
  filter: Record<string, string[]>;
  created_at: string;
  secret: string;
}

interface Listed {
  subscriptions: Array<Record<string, unknown> & { id: string; health: Record<string, unknown> }>;
}

interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

const SECRET_SHAPE = /^whsec_[A-Za-z0-9+/]{43}=$/;

async function subscribe(json: unknown): Promise<Created> {
  const res = await admin('/admin/subscriptions', { method: 'POST', json });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  return res.json<Created>();
}

const stub = (id: string) => env.PARTNERS.get(env.PARTNERS.idFromName(id));

async function listed(): Promise<Listed['subscriptions']> {
  const res = await admin('/admin/subscriptions');
  expect(res.status).toBe(200);
  return (await res.json<Listed>()).subscriptions;
}

describe('POST /admin/subscriptions', () => {
  it('answers 201 with the subscription and its secret, normalizing the filter', async () => {
    const before = Date.now();
    const res = await admin('/admin/subscriptions', {
      method: 'POST',
      json: {
        url: 'https://partner.example/hooks/newswire',
        description: 'Дала агрегаторы',
        filter: { publishers: ['steppe-daily', 'steppe-daily'], tags: ['Экономика', 'АСТАНА'], languages: ['kk-Cyrl-KZ', 'RU'] },
      },
    });
    expect(res.status).toBe(201);
    const body = await res.json<Created>();
    expect(Object.keys(body).sort()).toEqual(['created_at', 'description', 'filter', 'id', 'secret', 'url']);
    expect(body.id).toMatch(/^[a-z2-7]{16}$/);
    expect(body.url).toBe('https://partner.example/hooks/newswire');
    expect(body.description).toBe('Дала агрегаторы');
    expect(body.filter).toEqual({ publishers: ['steppe-daily'], tags: ['экономика', 'астана'], languages: ['kk', 'ru'] });
    expect(body.secret).toMatch(SECRET_SHAPE);
    expect(Date.parse(body.created_at)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('mirrors the filter into KV list metadata, and never the secret', async () => {
    const created = await subscribe({ url: 'https://mirror.example/hook', filter: { tags: ['Алматы'] } });
    const page = await env.KV.list({ prefix: `wh:sub:${created.id}` });
    expect(page.keys.map((k) => [k.name, k.metadata])).toEqual([[`wh:sub:${created.id}`, { f: { tags: ['алматы'] } }]]);
    const value = await env.KV.get(`wh:sub:${created.id}`);
    expect(JSON.parse(value ?? 'null')).toEqual({ id: created.id, url: 'https://mirror.example/hook', filter: { tags: ['алматы'] }, created_at: created.created_at });
    expect(value).not.toContain(created.secret.slice('whsec_'.length));
  });

  it('keeps the secret sealed in the object', async () => {
    const created = await subscribe({ url: 'https://vault.example/hook' });
    const raw = await runInDurableObject(stub(created.id), (_o: PartnerObject, state) => state.storage.sql.exec<{ record: string }>('SELECT record FROM subscription').one().record);
    expect(JSON.parse(raw)).toMatchObject({ id: created.id, url: 'https://vault.example/hook' });
    expect(raw).not.toContain(created.secret.slice('whsec_'.length));
  });

  it('answers 422 with the path of each invalid field', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'url'],
      [{ url: 'partner.example/hook' }, 'url'],
      [{ url: 'ftp://partner.example/hook' }, 'url'],
      [{ url: `https://partner.example/${'a'.repeat(2040)}` }, 'url'],
      [{ url: 'https://partner.example/h', description: 'd'.repeat(501) }, 'description'],
      [{ url: 'https://partner.example/h', filter: { publishers: ['Not An Id'] } }, 'filter.publishers.0'],
      [{ url: 'https://partner.example/h', filter: { publishers: [] } }, 'filter.publishers'],
      [{ url: 'https://partner.example/h', filter: { languages: ['english'] } }, 'filter.languages.0'],
      [{ url: 'https://partner.example/h', filter: { tags: ['x'.repeat(51)] } }, 'filter.tags.0'],
      [{ url: 'https://partner.example/h', filter: { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) } }, 'filter.tags'],
      [{ url: 'https://partner.example/h', filter: { colours: ['red'] } }, 'filter'],
      [{ url: 'https://partner.example/h', secret: 'whsec_mine' }, '(root)'],
    ];
    for (const [json, path] of cases) {
      const res = await admin('/admin/subscriptions', { method: 'POST', json });
      expect(res.status, JSON.stringify(json).slice(0, 80)).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await res.json<Problem>();
      expect(body.errors?.map((e) => e.path), JSON.stringify(json).slice(0, 80)).toContain(path);
    }
  });

  it('answers 422 for a filter that does not fit KV list metadata', async () => {
    // 50 tags of 20 Cyrillic letters: each within the tag rules, together far over 1024 bytes.
    const tags = Array.from({ length: 50 }, (_, i) => `новости-региона-${String(i).padStart(4, 'ж')}`);
    const res = await admin('/admin/subscriptions', { method: 'POST', json: { url: 'https://big.example/h', filter: { tags } } });
    expect(res.status).toBe(422);
    const body = await res.json<Problem>();
    expect(body.errors).toEqual([{ path: 'filter', message: 'must fit 1024 bytes once serialized (fewer or shorter values)' }]);
  });

  it('answers 401 without the admin token, and creates nothing', async () => {
    const before = (await env.KV.list({ prefix: 'wh:sub:' })).keys.length;
    const none = await call('/admin/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":"https://a.example/h"}' });
    expect(none.status).toBe(401);
    const wrong = await call('/admin/subscriptions', { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{"url":"https://a.example/h"}' });
    expect(wrong.status).toBe(401);
    for (const [path, method] of [['/admin/subscriptions', 'GET'], ['/admin/subscriptions/aaaaaaaaaaaaaaaa', 'DELETE'], ['/admin/subscriptions/aaaaaaaaaaaaaaaa/secrets', 'POST'], ['/admin/subscriptions/aaaaaaaaaaaaaaaa/deliveries', 'GET']] as const) {
      expect((await call(path, { method })).status, `${method} ${path}`).toBe(401);
    }
    expect((await env.KV.list({ prefix: 'wh:sub:' })).keys.length).toBe(before);
  });
});

describe('URL rules', () => {
  it('refuses plain http and private hosts where ALLOW_PRIVATE_CALLBACKS is off', async () => {
    const { createApp } = await import('../../src/app');
    const app = createApp();
    const strict = { ...env, ALLOW_PRIVATE_CALLBACKS: 'false' };
    const post = (url: string) =>
      app.request('/admin/subscriptions', { method: 'POST', headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' }, body: JSON.stringify({ url }) }, strict);
    const cases: Array<[string, string]> = [
      ['http://partner.example/hook', 'must be an https URL'],
      ['https://127.0.0.1/hook', 'the host 127.0.0.1 is a loopback address'],
      ['https://10.1.2.3/hook', 'the host 10.1.2.3 is a private address'],
      ['https://hooks.internal/x', 'the host hooks.internal is a name that only resolves locally (.internal)'],
      ['https://user:pw@partner.example/hook', 'the URL carries credentials (user:password@)'],
    ];
    for (const [url, message] of cases) {
      const res = await post(url);
      expect(res.status, url).toBe(422);
      expect((await res.json<Problem>()).errors, url).toEqual([{ path: 'url', message }]);
    }
    expect((await post('https://partner.example/hook')).status).toBe(201);
  });

  it('accepts a local http subscriber where ALLOW_PRIVATE_CALLBACKS is on (the test config)', async () => {
    const res = await admin('/admin/subscriptions', { method: 'POST', json: { url: 'http://127.0.0.1:8788/hook' } });
    expect(res.status).toBe(201);
  });
});

describe('GET /admin/subscriptions', () => {
  it('lists each subscription with its health and without any secret', async () => {
    const created = await subscribe({ url: 'https://listed.example/hook', filter: { languages: ['en'] } });
    const all = await listed();
    const mine = all.find((s) => s.id === created.id);
    expect(mine).toEqual({
      id: created.id,
      url: 'https://listed.example/hook',
      filter: { languages: ['en'] },
      created_at: created.created_at,
      health: {
        state: 'healthy',
        last_success_at: null,
        last_failure_at: null,
        last_error: null,
        consecutive_failures: 0,
        failing_since: null,
        dropped_events: 0,
        disabled_at: null,
        disabled_reason: null,
      },
    });
    expect(JSON.stringify(all)).not.toContain('whsec_');
    const times = all.map((s) => String(s.created_at));
    expect([...times].sort()).toEqual(times);
  });
});

describe('DELETE /admin/subscriptions/{id}', () => {
  it('a delete whose KV step fails signs nothing more, and its retry (a 404) removes the mirror', async () => {
    const created = await subscribe({ url: 'https://half-gone.example/hook' });
    await runInDurableObject(stub(created.id), (object: PartnerObject) => {
      object.kv = new Proxy(env.KV, {
        get(target, prop) {
          if (prop === 'delete') return () => Promise.reject(new Error('KV delete refused'));
          const value: unknown = Reflect.get(target, prop);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await admin(`/admin/subscriptions/${created.id}`, { method: 'DELETE' })).status).toBe(500);
    expect(await stub(created.id).signingTarget(created.id, { current: 'test-secrets-key-0123456789abcdef' }, Date.now())).toEqual({ ok: false, reason: 'missing' });
    expect(await env.KV.get(`wh:sub:${created.id}`)).not.toBeNull();
    await runInDurableObject(stub(created.id), (object: PartnerObject) => {
      object.kv = env.KV;
    });
    expect((await admin(`/admin/subscriptions/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await env.KV.get(`wh:sub:${created.id}`)).toBeNull();
  });

  it('answers 204, removes the mirror, and the id stays dead', async () => {
    const created = await subscribe({ url: 'https://gone.example/hook' });
    const res = await admin(`/admin/subscriptions/${created.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await env.KV.get(`wh:sub:${created.id}`)).toBeNull();
    expect((await listed()).map((s) => s.id)).not.toContain(created.id);
    expect((await admin(`/admin/subscriptions/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await admin(`/admin/subscriptions/${created.id}/secrets`, { method: 'POST' })).status).toBe(404);
    expect((await admin(`/admin/subscriptions/${created.id}/deliveries`)).status).toBe(404);
    expect(await stub(created.id).create({ id: created.id, url: 'https://revived.example/', filter: {} }, { current: 'test-secrets-key-0123456789abcdef' }, Date.now())).toBe('taken');
    expect(await env.KV.get(`wh:sub:${created.id}`)).toBeNull();
  });

  it('answers 404 problem+json for an unknown or malformed id', async () => {
    for (const id of ['aaaaaaaaaaaaaaaa', 'not-an-id', 'AAAAAAAAAAAAAAAA']) {
      const res = await admin(`/admin/subscriptions/${id}`, { method: 'DELETE' });
      expect(res.status, id).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

describe('POST /admin/subscriptions/{id}/secrets', () => {
  it('answers 201 with a new secret and the end of the overlap, 24 hours on', async () => {
    const created = await subscribe({ url: 'https://rotate.example/hook' });
    const before = Date.now();
    const res = await admin(`/admin/subscriptions/${created.id}/secrets`, { method: 'POST' });
    expect(res.status).toBe(201);
    const body = await res.json<{ id: string; secret: string; previous_valid_until: string }>();
    expect(Object.keys(body).sort()).toEqual(['id', 'previous_valid_until', 'secret']);
    expect(body.id).toBe(created.id);
    expect(body.secret).toMatch(SECRET_SHAPE);
    expect(body.secret).not.toBe(created.secret);
    const until = Date.parse(body.previous_valid_until);
    expect(until).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(until).toBeLessThan(before + 86_400_000 + 60_000);
    // Shown once: the listing does not repeat it.
    expect(JSON.stringify(await listed())).not.toContain(body.secret);
  });
});

describe('GET /admin/subscriptions/{id}/deliveries', () => {
  it('answers an empty list for a subscription with no attempts', async () => {
    const created = await subscribe({ url: 'https://quiet.example/hook' });
    const res = await admin(`/admin/subscriptions/${created.id}/deliveries`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deliveries: [] });
  });
});

describe('concurrent admin changes', () => {
  it('concurrent creates give distinct ids, all listed', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => subscribe({ url: `https://many.example/${i}` })));
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(8);
    const listedIds = new Set((await listed()).map((s) => s.id));
    for (const id of ids) expect(listedIds.has(id)).toBe(true);
  });

  it('concurrent rotations each hand out a distinct secret; the last one and its predecessor sign', async () => {
    const created = await subscribe({ url: 'https://race.example/hook' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => admin(`/admin/subscriptions/${created.id}/secrets`, { method: 'POST' })));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const secrets = await Promise.all(answers.map(async (r) => (await r.json<{ secret: string }>()).secret));
    expect(new Set([created.secret, ...secrets]).size).toBe(6);
    const target = await stub(created.id).signingTarget(created.id, { current: 'test-secrets-key-0123456789abcdef' }, Date.now());
    expect(target.ok).toBe(true);
    if (!target.ok) return;
    // Serialized in arrival order: the signing pair is two consecutive secrets of the sequence.
    const sequence = [created.secret, ...secrets];
    expect(target.secrets).toHaveLength(2);
    const [current, previous] = target.secrets;
    expect(sequence.indexOf(previous ?? '')).toBeGreaterThanOrEqual(0);
    expect(secrets).toContain(current);
    expect(current).not.toBe(created.secret);
  });

  it('a delete racing rotations leaves nothing that signs, and nothing in KV', async () => {
    const created = await subscribe({ url: 'https://race-delete.example/hook' });
    const calls = [
      admin(`/admin/subscriptions/${created.id}/secrets`, { method: 'POST' }),
      admin(`/admin/subscriptions/${created.id}`, { method: 'DELETE' }),
      admin(`/admin/subscriptions/${created.id}/secrets`, { method: 'POST' }),
      admin(`/admin/subscriptions/${created.id}`, { method: 'DELETE' }),
    ];
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404).length).toBeGreaterThanOrEqual(1);
    expect(await env.KV.get(`wh:sub:${created.id}`)).toBeNull();
    expect(await stub(created.id).signingTarget(created.id, { current: 'test-secrets-key-0123456789abcdef' }, Date.now())).toEqual({ ok: false, reason: 'missing' });
    expect((await admin(`/admin/subscriptions/${created.id}/secrets`, { method: 'POST' })).status).toBe(404);
  });
});

describe('API documentation', () => {
  it('documents every subscription route, behind the admin token', async () => {
    const doc = await (await call('/openapi.json')).json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>();
    const routes = [
      ['/admin/subscriptions', 'post'],
      ['/admin/subscriptions', 'get'],
      ['/admin/subscriptions/{id}', 'delete'],
      ['/admin/subscriptions/{id}/secrets', 'post'],
      ['/admin/subscriptions/{id}/deliveries', 'get'],
    ] as const;
    for (const [path, method] of routes) expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ adminToken: [] }]);
  });
});
