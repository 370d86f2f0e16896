import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appWithCountingKv } from '../helpers/app-with-counting-kv';
import { call, createPublisher, deliver, event } from '../helpers/client';
import { englishArticle, russianArticle } from '../helpers/fixtures';

// A render is cached under a version only when every record read for it is the version its index
// entry names; KV's edge caches can pair a new index with an old record.

const deployment = (id: string) => ({ CF_VERSION_METADATA: { id, tag: '', timestamp: '2026-11-25T00:00:00Z' } });

const secrets = new Map<string, string>();

beforeAll(async () => {
  // Stored at 05:00, requested at 06:00: a settled Last-Modified exists for consistent pages.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T05:00:00Z'));
  for (const desk of ['odd-desk', 'even-desk']) {
    const secret = await createPublisher(desk);
    secrets.set(desk, secret);
    for (const a of [russianArticle(), englishArticle()]) expect((await deliver({ publisher: desk, secret, body: event('article.published', a) })).status).toBe(201);
  }
  // odd-desk's Russian record as a stale edge copy could read: not the version its entries name.
  const stored = await (await call('/api/articles/odd-desk/ru-bridge-1')).json<Record<string, unknown>>();
  await env.KV.put('a:odd-desk:ru-bridge-1', JSON.stringify({ ...stored, title: 'Старый заголовок' }));
  vi.setSystemTime(new Date('2026-11-25T06:00:00Z'));
});

afterAll(() => {
  vi.useRealTimers();
});

describe('a record that is not the version its index entry names', () => {
  it.each(['/publishers/odd-desk/feed.json', '/publishers/odd-desk/atom.xml', '/publishers/odd-desk', '/news'])(
    '%s is served no-store, without validators, and cached nowhere',
    async (path) => {
      const app = appWithCountingKv(deployment(`odd${path}`));
      for (const attempt of [1, 2]) {
        const { res, ops } = await app.fetch(path);
        expect(res.status, `${attempt}`).toBe(200);
        expect(res.headers.get('cache-control'), `${attempt}`).toBe('no-store');
        expect(res.headers.get('etag'), `${attempt}`).toBeNull();
        expect(res.headers.get('last-modified'), `${attempt}`).toBeNull();
        expect(res.headers.get('x-newswire-cache'), `${attempt}`).toBe('miss');
        // One list, the bulk get, and the one re-read of the differing record.
        expect(ops, `${attempt}`).toEqual({ get: 2, list: 1, put: 0, delete: 0 });
        expect(await res.text(), `${attempt}`).toContain('Старый заголовок');
      }
    },
  );

  it('is cached again once a write makes the record and its entries agree', async () => {
    const app = appWithCountingKv({ ...deployment('odd-fixed'), LISTING_MEMO_MS: '0' });
    expect((await app.fetch('/publishers/odd-desk/feed.json')).res.headers.get('cache-control')).toBe('no-store');
    const update = { ...russianArticle(), title: 'Мост через Ишим открыт' };
    expect((await deliver({ publisher: 'odd-desk', secret: secrets.get('odd-desk') ?? '', body: event('article.updated', update) })).status).toBe(200);
    const first = await app.fetch('/publishers/odd-desk/feed.json');
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.res.headers.get('etag')).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(await first.res.text()).toContain('Мост через Ишим открыт');
    const again = await app.fetch('/publishers/odd-desk/feed.json');
    expect(again.res.headers.get('x-newswire-cache')).toBe('memory');
    expect(again.ops).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
  });
});

describe('a page whose records all agree', () => {
  it('is cached with validators: the second request is served from the cached body', async () => {
    const app = appWithCountingKv({ ...deployment('even'), LISTING_MEMO_MS: '0' });
    const first = await app.fetch('/publishers/even-desk/feed.json');
    expect(first.res.headers.get('x-newswire-cache')).toBe('miss');
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.res.headers.get('etag')).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.res.headers.get('last-modified')).toBe('Wed, 25 Nov 2026 05:00:00 GMT');
    expect(first.ops).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
    const second = await app.fetch('/publishers/even-desk/feed.json');
    expect(second.res.headers.get('x-newswire-cache')).toBe('memory');
    expect(second.ops).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
  });
});
