import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { appWithCountingKv } from '../helpers/app-with-counting-kv';
import { createPublisher, deliver, event } from '../helpers/client';
import { englishArticle, kazakhArticle } from '../helpers/fixtures';

// What takes part in a version and a cache key: the deployment, the origin links are built
// from, the path and the documented query parameters (`cursor`, `page`), nothing else.

const deployment = (id: string) => ({ id, tag: '', timestamp: '2026-11-25T00:00:00Z' });

beforeAll(async () => {
  const secret = await createPublisher('key-desk', 'Key Desk');
  expect((await deliver({ publisher: 'key-desk', secret, body: event('article.published', kazakhArticle('key-kk')) })).status).toBe(201);
  // 30 stories: the HTML listing (25 a page) has a second page.
  for (let i = 0; i < 29; i++) {
    const res = await deliver({ publisher: 'key-desk', secret, body: event('article.published', englishArticle(`key-${String(i).padStart(2, '0')}`, new Date(Date.UTC(2025, 0, 1 + i)).toISOString())) });
    expect(res.status).toBe(201);
  }
});

describe('undocumented query parameters', () => {
  it('?bust=2 after ?bust=1 is served from isolate memory without a KV operation', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: deployment('bust-memory') });
    const first = await app.fetch('/publishers/key-desk/feed.json?bust=1');
    expect(first.res.headers.get('x-newswire-cache')).toBe('miss');
    expect(first.ops).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
    const second = await app.fetch('/publishers/key-desk/feed.json?bust=2');
    expect(second.res.headers.get('x-newswire-cache')).toBe('memory');
    expect(second.ops).toEqual({ get: 0, list: 0, put: 0, delete: 0 });
    expect(second.res.headers.get('etag')).toBe(first.res.headers.get('etag'));
    expect(await second.res.text()).toBe(await first.res.text());
  });

  it('without isolate memory, ?bust=2 costs one list and no render', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: deployment('bust-list'), LISTING_MEMO_MS: '0' });
    const first = await app.fetch('/tags/economy/atom.xml?bust=1');
    expect(first.res.headers.get('x-newswire-cache')).toBe('miss');
    const second = await app.fetch('/tags/economy/atom.xml?bust=2&utm_source=x');
    expect(second.res.headers.get('x-newswire-cache')).not.toBe('miss');
    expect(second.ops).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
  });

  it('an empty page number is the first page; a page number still pages, whatever else the query says', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: deployment('cursor') });
    const first = await app.fetch('/publishers/key-desk');
    const html = await first.res.text();
    expect(html).toContain('/news/key-desk/key-kk');
    const emptyPage = await app.fetch('/publishers/key-desk?page=');
    expect(emptyPage.res.headers.get('x-newswire-cache')).toBe('memory');

    const older = /href="(\/publishers\/key-desk\?page=[^"]+)" rel="next"/.exec(html)?.[1];
    expect(older).toBe('/publishers/key-desk?page=2');
    const second = await app.fetch(`${older}&bust=1`);
    expect(second.res.headers.get('x-newswire-cache')).toBe('miss');
    const secondHtml = await second.res.text();
    // Page two holds the five oldest stories (2025-01-01 … 01-05), none of page one.
    expect(secondHtml).toContain('/news/key-desk/key-00');
    expect(secondHtml).toContain('/news/key-desk/key-04');
    expect(secondHtml).not.toContain('/news/key-desk/key-05');
    expect(secondHtml).not.toContain('/news/key-desk/key-kk');
    const again = await app.fetch(`${older}&bust=2`);
    expect(again.res.headers.get('x-newswire-cache')).toBe('memory');
    expect(again.ops).toEqual({ get: 0, list: 0, put: 0, delete: 0 });
  });
});

describe('hosts', () => {
  it('without SITE_URL, each request origin has its own versions and cached bodies', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: deployment('hosts') });
    const a = await app.fetch('https://alpha.test/feed.xml');
    const aBody = await a.res.text();
    expect(aBody).toContain('<guid isPermaLink="false">tag:alpha.test,2026:key-desk/key-kk</guid>');
    const b = await app.fetch('https://bravo.test/feed.xml');
    const bBody = await b.res.text();
    expect(b.res.headers.get('x-newswire-cache')).toBe('miss');
    expect(bBody).toContain('<guid isPermaLink="false">tag:bravo.test,2026:key-desk/key-kk</guid>');
    expect(bBody).not.toContain('alpha.test');
    expect(b.res.headers.get('etag')).not.toBe(a.res.headers.get('etag'));
    // And b's body never reaches a.
    const aAgain = await app.fetch('https://alpha.test/feed.xml');
    expect(await aAgain.res.text()).not.toContain('bravo.test');
  });

  it('without SITE_URL, an article page canonical names the host it was asked on', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: deployment('hosts-article') });
    await app.fetch('https://alpha.test/news/key-desk/key-kk');
    const b = await (await app.fetch('https://bravo.test/news/key-desk/key-kk')).res.text();
    expect(b).toContain('<link rel="canonical" href="https://bravo.test/news/key-desk/key-kk"');
    expect(b).not.toContain('alpha.test');
  });

  it('with SITE_URL, every host gets the same feed naming SITE_URL, from one cache entry', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: deployment('site-url'), SITE_URL: 'https://news.example.kz' });
    const a = await app.fetch('https://alpha.test/atom.xml');
    const aBody = await a.res.text();
    expect(aBody).toContain('<id>tag:news.example.kz,2026:key-desk/key-kk</id>');
    expect(aBody).toContain('href="https://news.example.kz/atom.xml"');
    expect(aBody).not.toContain('alpha.test');
    const b = await app.fetch('https://bravo.test/atom.xml');
    expect(b.res.headers.get('x-newswire-cache')).toBe('memory');
    expect(b.res.headers.get('etag')).toBe(a.res.headers.get('etag'));
    const bBody = await b.res.text();
    expect(bBody).toContain('<id>tag:news.example.kz,2026:key-desk/key-kk</id>');
    expect(bBody).not.toContain('alpha.test');
    expect(bBody).not.toContain('bravo.test');
  });
});

describe('deployments', () => {
  it('another version id changes every ETag and misses every cache; the same id keeps them', async () => {
    const paths = ['/feed.json', '/', '/news', '/publishers/key-desk', '/news/key-desk/key-kk'];
    const one = appWithCountingKv({ CF_VERSION_METADATA: deployment('deploy-one'), LISTING_MEMO_MS: '0' });
    const oneAgain = appWithCountingKv({ CF_VERSION_METADATA: deployment('deploy-one'), LISTING_MEMO_MS: '0' });
    const two = appWithCountingKv({ CF_VERSION_METADATA: deployment('deploy-two'), LISTING_MEMO_MS: '0' });
    for (const path of paths) {
      const first = await one.fetch(path);
      expect(first.res.status, path).toBe(200);
      const same = await oneAgain.fetch(path);
      expect(same.res.headers.get('etag'), path).toBe(first.res.headers.get('etag'));
      expect(same.res.headers.get('x-newswire-cache'), path).not.toBe('miss');
      const next = await two.fetch(path, { headers: { 'if-none-match': first.res.headers.get('etag') ?? '' } });
      expect(next.res.status, path).toBe(200);
      expect(next.res.headers.get('etag'), path).not.toBe(first.res.headers.get('etag'));
      expect(next.res.headers.get('x-newswire-cache'), path).toBe('miss');
      expect(await next.res.text(), path).toBe(await first.res.text());
    }
  });

  it('the Worker has a version metadata binding', () => {
    expect(typeof env.CF_VERSION_METADATA.id).toBe('string');
    expect(env.CF_VERSION_METADATA.id.length).toBeGreaterThan(0);
  });
});
