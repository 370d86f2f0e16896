import { env } from 'cloudflare:test';
import { afterAll, describe, expect, it, beforeAll, vi } from 'vitest';
import { call, createPublisher, deliver, event } from '../helpers/client';
import { englishArticle, kazakhArticle, russianArticle } from '../helpers/fixtures';
import { appWithCountingKv } from '../helpers/app-with-counting-kv';

let secret = '';
const publish = (data: unknown, type: 'article.published' | 'article.updated' | 'article.deleted' = 'article.published') =>
  deliver({ publisher: 'feed-desk', secret, body: event(type, data) });

// Last-Modified is each story's received_at, announced once it is two minutes old
// (http/conditional.ts): the clock is set so the three stories arrive a minute apart and the
// requests come an hour later. Only Date is faked; webhook signatures use the same clock.
beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T06:00:00Z'));
  secret = await createPublisher('feed-desk', 'Feed Desk');
  for (const [i, a] of [kazakhArticle(), russianArticle(), englishArticle()].entries()) {
    vi.setSystemTime(new Date(Date.UTC(2026, 10, 25, 6, i)));
    expect((await publish(a)).status).toBe(201);
  }
  vi.setSystemTime(new Date('2026-11-25T07:00:00Z'));
});

afterAll(() => {
  vi.useRealTimers();
});

describe('feed routes', () => {
  it.each([
    ['/feed.xml', 'application/rss+xml; charset=utf-8', 'Wed, 25 Nov 2026 06:02:00 GMT'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8', 'Wed, 25 Nov 2026 06:02:00 GMT'],
    ['/feed.json', 'application/feed+json; charset=utf-8', 'Wed, 25 Nov 2026 06:02:00 GMT'],
    ['/tags/Алматы/feed.xml', 'application/rss+xml; charset=utf-8', 'Wed, 25 Nov 2026 06:00:00 GMT'],
    ['/publishers/feed-desk/feed.json', 'application/feed+json; charset=utf-8', 'Wed, 25 Nov 2026 06:02:00 GMT'],
  ])('%s answers %s with validators', async (path, type, lastModified) => {
    const res = await call(encodeURI(path));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('etag')).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(res.headers.get('last-modified')).toBe(lastModified);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('filters by tag case-insensitively and by publisher', async () => {
    const tag = await (await call(encodeURI('/tags/алматы/feed.json'))).json<{ items: { title: string }[] }>();
    expect(tag.items.map((i) => i.title)).toEqual([kazakhArticle().title]);
    const pub = await (await call('/publishers/feed-desk/feed.json')).json<{ title: string; items: unknown[] }>();
    expect(pub.items).toHaveLength(3);
    expect(pub.title).toContain('Feed Desk');
  });

  it('serves an empty but valid feed for an unknown tag or a publisher with no articles', async () => {
    const res = await call('/publishers/nobody-here/feed.json');
    expect(res.status).toBe(200);
    const body = await res.json<{ version: string; items: unknown[] }>();
    expect(body.version).toBe('https://jsonfeed.org/version/1.1');
    expect(body.items).toEqual([]);
    expect((await call('/tags/no-such-tag/atom.xml')).status).toBe(200);
  });

  it('answers 404 problem+json for a publisher id that cannot exist', async () => {
    const res = await call('/publishers/NOT_VALID/feed.xml');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await call('/atom.xml', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe('');
  });

  it('answers 400 for a forged cursor', async () => {
    expect((await call('/feed.json?cursor=%3Cscript%3E')).status).toBe(400);
  });
});

describe('WebSub discovery headers', () => {
  it.each([
    ['/feed.xml', '<https://newswire.test/websub>; rel="hub", <https://newswire.test/feed.xml>; rel="self"'],
    ['/atom.xml', '<https://newswire.test/websub>; rel="hub", <https://newswire.test/atom.xml>; rel="self"'],
    ['/feed.json', '<https://newswire.test/websub>; rel="hub", <https://newswire.test/feed.json>; rel="self"'],
    ['/tags/%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/atom.xml', '<https://newswire.test/websub>; rel="hub", <https://newswire.test/tags/%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/atom.xml>; rel="self"'],
    ['/publishers/feed-desk/feed.json', '<https://newswire.test/websub>; rel="hub", <https://newswire.test/publishers/feed-desk/feed.json>; rel="self"'],
    ['/lang/kk/feed.xml', '<https://newswire.test/websub>; rel="hub", <https://newswire.test/lang/kk/feed.xml>; rel="self"'],
  ])('%s links its hub and itself', async (path, link) => {
    const res = await call(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toBe(link);
  });

  it('links them on a 304 too, and a later page names its own URL as self', async () => {
    const first = await call('/feed.json');
    const again = await call('/feed.json', { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(again.headers.get('link')).toBe('<https://newswire.test/websub>; rel="hub", <https://newswire.test/feed.json>; rel="self"');
    const later = await call('/feed.xml?cursor=c29tZXdoZXJl');
    expect(later.headers.get('link')).toBe('<https://newswire.test/websub>; rel="hub", <https://newswire.test/feed.xml?cursor=c29tZXdoZXJl>; rel="self"');
  });

  it('sends none with an error', async () => {
    const res = await call('/feed.json?cursor=%3Cscript%3E');
    expect(res.status).toBe(400);
    expect(res.headers.get('link')).toBeNull();
  });
});

describe('conditional requests', () => {
  it('answers If-None-Match and If-Modified-Since with an empty 304', async () => {
    const first = await call('/feed.json');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const byEtag = await call('/feed.json', { headers: { 'if-none-match': etag } });
    expect(byEtag.status).toBe(304);
    expect(await byEtag.text()).toBe('');
    expect(byEtag.headers.get('etag')).toBe(etag);
    const byDate = await call('/feed.json', { headers: { 'if-modified-since': lastModified } });
    expect(byDate.status).toBe(304);
    const stale = await call('/feed.json', { headers: { 'if-none-match': 'W/"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it('gives each format and each scope its own validator', async () => {
    const tags = await Promise.all(['/feed.xml', '/atom.xml', '/feed.json', '/publishers/feed-desk/feed.json'].map(async (p) => (await call(p)).headers.get('etag')));
    expect(new Set(tags).size).toBe(4);
  });
});

describe('freshness after writes', () => {
  async function titles() {
    return (await (await call('/feed.json')).json<{ items: { title: string }[] }>()).items.map((i) => i.title);
  }

  it('shows a new, changed or deleted article on the very next request', async () => {
    const warm = await call('/feed.json');
    const etag = warm.headers.get('etag')!;
    expect((await call('/feed.json')).headers.get('x-newswire-cache')).toBe('memory');

    // A headline no earlier article has, so only the new article can be the top item.
    await publish({ ...englishArticle('fresh-1', '2026-11-24T00:00:00Z'), title: 'Night train to Turkistan resumes' });
    const afterCreate = await call('/feed.json', { headers: { 'if-none-match': etag } });
    expect(afterCreate.status).toBe(200);
    expect((await afterCreate.json<{ items: { title: string }[] }>()).items[0]!.title).toBe('Night train to Turkistan resumes');

    await publish({ ...englishArticle('fresh-1', '2026-11-24T00:00:00Z'), title: 'Corrected headline' }, 'article.updated');
    expect((await titles())[0]).toBe('Corrected headline');

    await publish({ id: 'fresh-1' }, 'article.deleted');
    expect(await titles()).not.toContain('Corrected headline');
  });
});

describe('paging', () => {
  it('walks RFC 5005 next links to the end without duplicates or gaps', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(ids.slice(i, i + 20).map((id, j) => publish(englishArticle(id, new Date(Date.UTC(2025, 5, 1) + (i + j) * 3_600_000).toISOString()))));
    }
    const seen: string[] = [];
    let next: string | undefined = '/publishers/feed-desk/feed.json';
    let pages = 0;
    while (next) {
      const body: { items: { id: string }[]; next_url?: string } = await (await call(next)).json();
      seen.push(...body.items.map((i) => i.id));
      next = body.next_url ? new URL(body.next_url).pathname + new URL(body.next_url).search : undefined;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(123);

    const atom = await (await call('/publishers/feed-desk/atom.xml')).text();
    expect(atom).toMatch(/<link rel="next" [^>]*href="https:\/\/newswire\.test\/publishers\/feed-desk\/atom\.xml\?cursor=[^"]+"/);
    const rss = await (await call('/publishers/feed-desk/feed.xml')).text();
    expect(rss).toMatch(/<atom:link rel="next" [^>]*href="https:\/\/newswire\.test\/publishers\/feed-desk\/feed\.xml\?cursor=/);
  }, 60_000);
});

describe('KV cost per request', () => {
  // The article deleted above (fresh-1) left a removal marker on page one of each of these
  // listings, so each also pays one more list() to fill the page past it (a page without
  // markers: test/store/removal-markers.test.ts).
  it('without isolate memory: a render costs two lists and one bulk get; a cache hit or a 304 two lists', async () => {
    // A deployment no earlier test ran: every cache key is new, so the first request misses.
    const app = appWithCountingKv({ LISTING_MEMO_MS: '0', CF_VERSION_METADATA: { id: 'kv-cost-render', tag: '', timestamp: '' } });
    for (const url of ['/feed.xml', '/atom.xml', '/feed.json', '/tags/economy/feed.json', '/publishers/feed-desk/atom.xml']) {
      const miss = await app.fetch(url);
      expect(miss.res.status).toBe(200);
      expect(miss.res.headers.get('x-newswire-cache')).toBe('miss');
      expect(miss.ops).toEqual({ get: 1, list: 2, put: 0, delete: 0 });
      const etag = miss.res.headers.get('etag')!;
      const hit = await app.fetch(url);
      expect(hit.res.headers.get('x-newswire-cache')).not.toBe('miss');
      expect(hit.ops).toEqual({ get: 0, list: 2, put: 0, delete: 0 });
      const conditional = await app.fetch(url, { headers: { 'if-none-match': etag } });
      expect(conditional.res.status).toBe(304);
      expect(conditional.ops).toEqual({ get: 0, list: 2, put: 0, delete: 0 });
    }
  });

  it('with isolate memory: repeated polls cost no KV operation until an article is written', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: { id: 'kv-cost-memory', tag: '', timestamp: '' } });
    const first = await app.fetch('/feed.json');
    expect(first.ops).toEqual({ get: 1, list: 2, put: 0, delete: 0 }); // past fresh-1's marker, as above
    const etag = first.res.headers.get('etag')!;
    const again = await app.fetch('/feed.json');
    expect(again.res.headers.get('x-newswire-cache')).toBe('memory');
    expect(again.ops).toEqual({ get: 0, list: 0, put: 0, delete: 0 });
    const conditional = await app.fetch('/feed.json', { headers: { 'if-none-match': etag } });
    expect(conditional.res.status).toBe(304);
    expect(conditional.ops).toEqual({ get: 0, list: 0, put: 0, delete: 0 });

    await publish(englishArticle('memo-probe', '2026-11-24T07:00:00Z'));
    const afterWrite = await app.fetch('/feed.json', { headers: { 'if-none-match': etag } });
    expect(afterWrite.res.status).toBe(200);
    expect(afterWrite.ops).toEqual({ get: 1, list: 2, put: 0, delete: 0 });
    expect((await afterWrite.res.json<{ items: { url: string }[] }>()).items.some((i) => i.url.endsWith('/memo-probe'))).toBe(true);
  });
});

describe('a failing store', () => {
  it('is a 500, not a bad cursor, when the request sent no cursor', async () => {
    const { createApp } = await import('../../src/app');
    const broken = new Proxy(env.KV, {
      get(target, prop) {
        if (prop === 'list') return () => Promise.reject(new Error('KV unavailable'));
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const res = await createApp().fetch(new Request('https://newswire.test/tags/unreachable/feed.json'), { ...env, KV: broken, LISTING_MEMO_MS: '0' });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
