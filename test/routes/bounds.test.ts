import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import { ArticleStore } from '../../src/store/article-store';
import { call, createPublisher, deliver, event } from '../helpers/client';
import { englishArticle } from '../helpers/fixtures';

/** Reads stay within the bounds intake enforces: no over-long tag prefix reaches KV, no year leaves four digits. */

const DAY_MS = 86_400_000;
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('/tags/{tag}/… with a tag no index key can hold', () => {
  it.each([
    ['39 CJK characters', '漢'.repeat(39)],
    ['50 × U+FB2C, which NFC triples', '\uFB2C'.repeat(50)],
  ])('answers 404 for %s', async (_name, tag) => {
    for (const path of [`/tags/${encodeURIComponent(tag)}/feed.xml`, `/tags/${encodeURIComponent(tag)}/feed.json`, `/tags/${encodeURIComponent(tag)}`]) {
      const res = await call(path);
      expect(res.status).toBe(404);
      // Feeds answer problem+json; the page, an HTML error page (site-chrome.test.ts).
      expect(res.headers.get('content-type')).toBe(path.endsWith('/feed.xml') || path.endsWith('/feed.json') ? 'application/problem+json' : 'text/html; charset=utf-8');
    }
  });

  it('serves the widest tag that fits like any other tag', async () => {
    const res = await call(`/tags/${encodeURIComponent(`${'漢'.repeat(38)}abcde`)}/feed.json`);
    expect(res.status).toBe(200);
    expect((await res.json<{ items: unknown[] }>()).items).toEqual([]);
  });
});

describe('Last-Modified', () => {
  it('comes from when the story was stored, never from a date_modified ahead of the clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
      const secret = await createPublisher('ahead-desk');
      const data = { ...englishArticle('revised-ahead'), date_published: '2026-11-25T09:00:00Z', date_modified: '2026-12-25T09:00:00Z' };
      expect((await deliver({ publisher: 'ahead-desk', secret, body: event('article.published', data) })).status).toBe(201);

      // Past the two minutes a change waits before Last-Modified announces it.
      vi.setSystemTime(new Date('2026-11-25T10:03:00Z'));
      const res = await call('/publishers/ahead-desk/feed.xml');
      expect(res.status).toBe(200);
      expect(res.headers.get('last-modified')).toBe('Wed, 25 Nov 2026 10:00:00 GMT');
    } finally {
      vi.useRealTimers();
    }
  });

});

describe('a year-10000 date stored before the bounds existed', () => {
  const legacy: StoredArticle = {
    id: 'pinned-forever',
    publisher: 'legacy-desk',
    publisher_name: 'Legacy Desk',
    title: 'Pinned to the top since an old CMS bug',
    content_html: '<p>Body.</p>',
    date_published: '9999-12-31T23:59:59-23:59',
    received_at: '2026-11-20T00:00:00.000Z',
  };

  beforeAll(async () => {
    await new ArticleStore(env.KV).put(legacy);
  });

  it('renders with four-digit years in RSS, Atom, JSON Feed, the HTML page and Last-Modified', async () => {
    const rss = await call('/publishers/legacy-desk/feed.xml');
    const rssText = await rss.text();
    expect(rssText).toContain('<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate>');
    expect(rssText).toContain('<lastBuildDate>Fri, 31 Dec 9999 23:59:59 GMT</lastBuildDate>');
    expect(rssText).not.toContain('10000');
    expect(rss.headers.get('last-modified')).toMatch(IMF_FIXDATE);
    expect(Date.parse(rss.headers.get('last-modified') ?? '')).toBeLessThanOrEqual(Date.now());

    const atom = await (await call('/publishers/legacy-desk/atom.xml')).text();
    expect(atom).toContain('<published>9999-12-31T23:59:59-23:59</published>');
    expect(atom).toContain('<updated>9999-12-31T23:59:59Z</updated>');
    expect(atom).not.toContain('10000');

    const json = await (await call('/publishers/legacy-desk/feed.json')).json<{ items: Array<{ date_published: string }> }>();
    expect(json.items.map((i) => i.date_published)).toEqual(['9999-12-31T23:59:59-23:59']);

    const html = await (await call('/publishers/legacy-desk')).text();
    // Asia/Almaty (SITE_TIMEZONE) is 5 hours ahead: 9999-12-31 23:59 there is 18:59 UTC.
    expect(html).toContain('<time datetime="9999-12-31T18:59:59.000Z">December 31, 9999 at 23:59 GMT+5</time>');
    expect(html).not.toContain('10000');
  });
});
