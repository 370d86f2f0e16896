import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createPublisher, deliver, event } from './helpers/client';
import { englishArticle, kazakhArticle, russianArticle } from './helpers/fixtures';

let secretA = '';
let secretB = '';

beforeAll(async () => {
  secretA = await createPublisher('desk-a', 'Steppe Daily');
  secretB = await createPublisher('desk-b');
});

async function kvSnapshot(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ cursor });
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return keys.filter((k) => !k.startsWith('w:')).sort();
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json<{ type: string; title: string; status: number; detail: string }>();
  expect(body).toMatchObject({ type: 'about:blank', status });
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

describe('article.published', () => {
  it('stores a Kazakh article and returns it byte for byte', async () => {
    const article = kazakhArticle();
    const res = await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', article) });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/articles/desk-a/kk-metro-1');

    const read = await call('/api/articles/desk-a/kk-metro-1');
    expect(read.status).toBe(200);
    const stored = await read.json<Record<string, unknown>>();
    for (const field of ['title', 'summary', 'content_html', 'url', 'image', 'authors', 'source', 'tags', 'language', 'date_published'] as const) {
      expect(stored[field], field).toEqual(article[field]);
    }
    expect(stored.publisher).toBe('desk-a');
    expect(stored.publisher_name).toBe('Steppe Daily');
    expect(Date.parse(String(stored.received_at))).not.toBeNaN();
  });

  it('keeps Russian text, typographic quotes and emoji exact', async () => {
    const article = russianArticle();
    expect((await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', article) })).status).toBe(201);
    const stored = await (await call('/api/articles/desk-a/ru-bridge-1')).json<{ title: string; content_html: string }>();
    expect(stored.title).toBe(article.title);
    expect(stored.content_html).toBe(article.content_html);
  });

  it('answers 200 when the same id is published again, replacing it', async () => {
    const article = { ...russianArticle(), title: 'Мост через Ишим открыт' };
    const res = await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', article) });
    expect(res.status).toBe(200);
    expect((await res.json<{ title: string }>()).title).toBe('Мост через Ишим открыт');
  });
});

describe('article.updated and article.deleted', () => {
  it('replaces an existing article with 200', async () => {
    const res = await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.updated', { ...englishArticle('upd-1'), title: 'never stored' }) });
    await expectProblem(res, 404);
    await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', englishArticle('upd-1')) });
    const updated = await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.updated', { ...englishArticle('upd-1'), title: 'Rail corridor reopens fully' }) });
    expect(updated.status).toBe(200);
    expect((await (await call('/api/articles/desk-a/upd-1')).json<{ title: string }>()).title).toBe('Rail corridor reopens fully');
  });

  it('deletes with 204, then 404 for the same id', async () => {
    await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', englishArticle('del-1')) });
    const res = await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.deleted', { id: 'del-1' }) });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await expectProblem(await call('/api/articles/desk-a/del-1'), 404);
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.deleted', { id: 'del-1' }) }), 404);
  });
});

describe('request errors', () => {
  it('400 for malformed JSON', async () => {
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: '{"type": "article.published",' }), 400);
  });

  it('415 for a body that is not application/json', async () => {
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', englishArticle('ct-1')), contentType: 'text/plain' }), 415);
  });

  it('413 for a body over 1 MiB, even without Content-Length', async () => {
    const big = JSON.stringify(event('article.published', { ...englishArticle('big-1'), content_html: `<p>${'x'.repeat(1024 * 1024)}</p>` }));
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: big }), 413);
    // A streamed body carries no Content-Length: the limit must hold while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
        for (let i = 0; i < 20; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await call('/webhooks/desk-a', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_stream', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
      body: stream,
    });
    await expectProblem(res, 413);
  });

  it('422 lists every schema violation with its path', async () => {
    const bad = { ...englishArticle('bad-1'), title: '', url: 'javascript:alert(1)', date_published: '2026-02-30T10:00:00+05:00', tags: 'not-a-list' };
    const body = await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', bad) }), 422);
    const paths = (body as unknown as { errors: { path: string; message: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['data.date_published', 'data.tags', 'data.title', 'data.url']);
  });

  it('422 for a 10 000-character title and an unknown event type', async () => {
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', { ...englishArticle('long-1'), title: 'T'.repeat(10_000) }) }), 422);
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: { type: 'article.archived', timestamp: new Date().toISOString(), data: { id: 'x' } } }), 422);
  });

  it('422 for dates without offset and ids that could escape the namespace', async () => {
    for (const data of [
      { ...englishArticle('no-offset'), date_published: '2026-11-25T10:00:00' },
      { ...englishArticle('x'), id: '../desk-b/x' },
      { ...englishArticle('x'), id: 'a%2Fb' },
      { ...englishArticle('x'), id: '..' },
    ]) {
      await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', data) }), 422);
    }
  });
});

describe('signatures', () => {
  const body = () => event('article.published', englishArticle('sig-1'));

  it('401 and an unchanged store for forged, expired, future, missing and wrong-publisher signatures', async () => {
    const before = await kvSnapshot();
    const forged = await deliver({ publisher: 'desk-a', secret: secretA, body: body(), signature: 'v1,' + btoa('x'.repeat(32)) });
    await expectProblem(forged, 401);
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: body(), at: Date.now() - 6 * 60_000 }), 401);
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretA, body: body(), at: Date.now() + 6 * 60_000 }), 401);
    await expectProblem(await deliver({ publisher: 'desk-a', secret: secretB, body: body() }), 401);
    await expectProblem(await deliver({ publisher: 'nobody', secret: secretA, body: body() }), 401);
    await expectProblem(await call('/webhooks/desk-a', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) }), 401);
    expect(await kvSnapshot()).toEqual(before);
  });

  it('answers an unsigned request with a wrong content type alike for a known and an unknown publisher', async () => {
    const unsigned = (publisher: string) =>
      deliver({ publisher, secret: secretA, body: body(), contentType: 'text/plain', signature: 'v1,' + btoa('z'.repeat(32)), webhookId: 'msg_probe' });
    const known = await unsigned('desk-a');
    const unknown = await unsigned('nobody');
    expect(known.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await known.text()).toBe(await unknown.text());
  });

  it('answers an unsigned oversized request alike for a known and an unknown publisher', async () => {
    const big = JSON.stringify(event('article.published', { ...englishArticle('big-probe'), content_html: `<p>${'y'.repeat(1024 * 1024)}</p>` }));
    const oversized = (publisher: string) => deliver({ publisher, secret: secretA, body: big, signature: 'v1,' + btoa('z'.repeat(32)), webhookId: 'msg_big_probe' });
    const known = await oversized('desk-a');
    const unknown = await oversized('nobody');
    expect(known.status).toBe(413);
    expect(unknown.status).toBe(413);
    expect(await known.text()).toBe(await unknown.text());
  });

  it('accepts any one valid signature among several', async () => {
    const { Webhook } = await import('standardwebhooks');
    const raw = JSON.stringify(event('article.published', englishArticle('multi-sig')));
    const good = new Webhook(secretA).sign('msg_multi', new Date(), raw);
    const res = await deliver({ publisher: 'desk-a', secret: secretA, body: raw, webhookId: 'msg_multi', signature: `v1,${btoa('y'.repeat(32))} ${good}` });
    expect(res.status).toBe(201);
  });

  it('refuses a signature whose body was altered after signing', async () => {
    const { Webhook } = await import('standardwebhooks');
    const raw = JSON.stringify(event('article.published', englishArticle('tamper-1')));
    const signature = new Webhook(secretA).sign('msg_tamper', new Date(), raw);
    const res = await deliver({ publisher: 'desk-a', secret: secretA, body: raw.replace('Grain', 'Gold!'), webhookId: 'msg_tamper', signature });
    await expectProblem(res, 401);
    await expectProblem(await call('/api/articles/desk-a/tamper-1'), 404);
  });
});

describe('replayed deliveries', () => {
  it('answers a repeated webhook-id with the first answer and applies it once', async () => {
    const raw = JSON.stringify(event('article.published', englishArticle('replay-1')));
    const first = await deliver({ publisher: 'desk-a', secret: secretA, body: raw, webhookId: 'msg_replay_1' });
    expect(first.status).toBe(201);
    const firstBody = await first.json<{ received_at: string }>();
    const again = await deliver({ publisher: 'desk-a', secret: secretA, body: raw, webhookId: 'msg_replay_1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    const stored = await (await call('/api/articles/desk-a/replay-1')).json<{ title: string; received_at: string }>();
    expect(stored.title).toBe(englishArticle().title);
    expect(stored.received_at).toBe(firstBody.received_at);
  });

  it('refuses the same webhook-id with a different (validly signed) body: 409, nothing applied', async () => {
    const first = await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', englishArticle('replay-2')), webhookId: 'msg_replay_2' });
    expect(first.status).toBe(201);
    const changed = event('article.updated', { ...englishArticle('replay-2'), title: 'Changed under an old id' });
    const again = await deliver({ publisher: 'desk-a', secret: secretA, body: changed, webhookId: 'msg_replay_2' });
    const problem = await expectProblem(again, 409);
    expect(problem.detail).toBe('This webhook-id was already delivered with a different body; nothing was applied. A new event needs a new webhook-id.');
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    const stored = await (await call('/api/articles/desk-a/replay-2')).json<{ title: string }>();
    expect(stored.title).toBe(englishArticle().title);
  });

  it('applies 20 concurrent copies of one delivery once', async () => {
    const raw = JSON.stringify(event('article.published', englishArticle('replay-burst')));
    const responses = await Promise.all(Array.from({ length: 20 }, () => deliver({ publisher: 'desk-a', secret: secretA, body: raw, webhookId: 'msg_burst' })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
  });
});

describe('publisher isolation', () => {
  it('keeps the same article id apart per publisher, and never lets one delete the other', async () => {
    await deliver({ publisher: 'desk-a', secret: secretA, body: event('article.published', englishArticle('shared-id')) });
    const b = await deliver({ publisher: 'desk-b', secret: secretB, body: event('article.published', { ...englishArticle('shared-id'), title: 'B version' }) });
    expect(b.status).toBe(201);
    await expectProblem(await deliver({ publisher: 'desk-b', secret: secretB, body: event('article.updated', { ...englishArticle('kk-metro-1'), title: 'hijack' }) }), 404);
    await expectProblem(await deliver({ publisher: 'desk-b', secret: secretB, body: event('article.deleted', { id: 'kk-metro-1' }) }), 404);
    expect((await (await call('/api/articles/desk-a/shared-id')).json<{ title: string }>()).title).toBe(englishArticle().title);
    expect((await (await call('/api/articles/desk-b/shared-id')).json<{ title: string }>()).title).toBe('B version');
    expect((await call('/api/articles/desk-a/kk-metro-1')).status).toBe(200);
  });
});
