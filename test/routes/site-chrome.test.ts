import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { appWithCountingKv } from '../helpers/app-with-counting-kv';
import { call, createPublisher, deliver, event } from '../helpers/client';
import { englishArticle, kazakhArticle, russianArticle } from '../helpers/fixtures';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const PAGE_POLICY = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
// "астана", case-folded and percent-encoded.
const ASTANA = '%D0%B0%D1%81%D1%82%D0%B0%D0%BD%D0%B0';

beforeAll(async () => {
  const secret = await createPublisher('chrome-desk', 'Chrome Desk');
  const noImage = { ...englishArticle('en-no-image'), summary: undefined, content_html: '<p>Wheat &amp; barley <b>prices</b> rose.</p>' };
  for (const a of [kazakhArticle(), russianArticle(), noImage]) {
    expect((await deliver({ publisher: 'chrome-desk', secret, body: event('article.published', a) })).status).toBe(201);
  }
  for (let i = 0; i < 55; i++) {
    await deliver({ publisher: 'chrome-desk', secret, body: event('article.published', englishArticle(`filler-${i}`, new Date(Date.UTC(2025, 0, 1 + i)).toISOString())) });
  }
});

function browser(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', BROWSER_ACCEPT);
  return call(path, { ...init, headers, redirect: 'manual' });
}

async function expectErrorPage(res: Response, status: number, heading: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const html = await res.text();
  expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
  expect(html).toContain(`<h1>${heading}</h1>`);
  expect(html).toContain('<meta name="robots" content="noindex"/>');
  expect(html).toContain('<a href="/">Go to the front page</a>');
  expect(html).toContain('<a class="brand" href="/">newswire</a>');
  expect(html).not.toContain('rel="canonical"');
  return html;
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect((await res.json<{ status: number }>()).status).toBe(status);
}

describe('HTML error pages for readers, problem+json for machines', () => {
  it('an unknown article is a 404 page for a browser and for a client without Accept', async () => {
    const html = await expectErrorPage(await browser('/news/chrome-desk/nope'), 404, 'Page not found');
    expect(html).toContain('<p>No article &quot;nope&quot; from publisher &quot;chrome-desk&quot;.</p>');
    expect(html).toContain('<title>Page not found — newswire</title>');
    await expectErrorPage(await call('/news/chrome-desk/nope'), 404, 'Page not found');
  });

  it('the same miss is problem+json to a client that prefers JSON', async () => {
    await expectProblem(await call('/news/chrome-desk/nope', { headers: { accept: 'application/json' } }), 404);
    await expectProblem(await call('/news/chrome-desk/nope', { headers: { accept: 'application/problem+json, text/html;q=0.5' } }), 404);
  });

  it('an id the schema refuses and any unknown path are 404 pages', async () => {
    await expectErrorPage(await browser('/news/chrome-desk/has:colon'), 404, 'Page not found');
    await expectErrorPage(await browser('/no/such/page'), 404, 'Page not found');
    await expectErrorPage(await browser('/lang/not-a-code'), 404, 'Page not found');
  });

  it('a page number that is no number is a 400 page; a garbage cursor on a feed stays problem+json', async () => {
    await expectErrorPage(await browser('/news?page=two'), 400, 'This address is not quite right');
    await expectErrorPage(await browser('/news?page=-1'), 400, 'This address is not quite right');
    await expectProblem(await browser('/feed.xml?cursor=%21%21%21'), 400);
    await expectProblem(await browser('/tags/economy/feed.json?cursor=%21%21%21'), 400);
  });

  it('the API, admin, webhooks and /openapi.json answer problem+json even to a browser', async () => {
    await expectProblem(await browser('/api/articles/chrome-desk/nope'), 404);
    await expectProblem(await browser('/admin/publishers'), 401);
    await expectProblem(await browser('/webhooks/chrome-desk'), 404);
    await expectProblem(await browser('/api/nothing-here'), 404);
    await expectProblem(await browser('/nothing-here.json'), 404);
  });

  it('an internal error on a page is a 500 page; on the API, problem+json', async () => {
    const broken = new Proxy(env.KV, {
      get(target, prop, receiver) {
        if (prop === 'list' || prop === 'get') return () => Promise.reject(new Error('KV is down'));
        return Reflect.get(target, prop, receiver);
      },
    });
    const app = createApp();
    const fetchWith = async (path: string) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`https://newswire.test${path}`, { headers: { accept: BROWSER_ACCEPT } }), { ...env, KV: broken, LISTING_MEMO_MS: '0' }, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const html = await expectErrorPage(await fetchWith('/'), 500, 'Something went wrong');
    expect(html).toContain('<p>Something went wrong on our side; nothing was changed by this request.</p>');
    expect(html).not.toContain('KV is down');
    await expectProblem(await fetchWith('/api/articles/chrome-desk/kk-metro-1'), 500);
  });
});

describe('empty listings', () => {
  it('an unused tag or unknown publisher is a 404 page; its feeds are 200 and empty', async () => {
    await expectErrorPage(await browser('/tags/no-such-tag'), 404, 'Page not found');
    await expectErrorPage(await browser('/publishers/nobody'), 404, 'Page not found');
    const feed = await call('/tags/no-such-tag/feed.json');
    expect(feed.status).toBe(200);
    expect((await feed.json<{ items: unknown[] }>()).items).toEqual([]);
    expect((await call('/publishers/nobody/atom.xml')).status).toBe(200);
  });

  it('a language the outlet does not publish in is a 404 page while empty; an outlet language is a page even when empty', async () => {
    await expectErrorPage(await browser('/lang/de'), 404, 'Page not found');
    const app = appWithCountingKv({ SITE_LANGUAGES: 'kk,ru,en,fr' });
    const { res } = await app.fetch('/lang/fr');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('No stories yet.');
  });

  it('the 404 of an empty tag costs the one list() its listing costs', async () => {
    const app = appWithCountingKv({ LISTING_MEMO_MS: '0' });
    const missing = await app.fetch('/tags/still-unused');
    expect(missing.res.status).toBe(404);
    expect(missing.ops).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
  });
});

describe('one URL per tag', () => {
  it('redirects another spelling of a tag to its case-folded key, for pages and feeds, keeping the query', async () => {
    const page = await browser(encodeURI('/tags/Астана'));
    expect(page.status).toBe(301);
    expect(page.headers.get('location')).toBe(`/tags/${ASTANA}`);
    const feed = await call(`${encodeURI('/tags/АСТАНА')}/feed.xml?cursor=abc&x=1`, { redirect: 'manual' });
    expect(feed.status).toBe(301);
    expect(feed.headers.get('location')).toBe(`/tags/${ASTANA}/feed.xml?cursor=abc&x=1`);
    const spaced = await call('/tags/%20economy%20', { redirect: 'manual' });
    expect(spaced.headers.get('location')).toBe('/tags/economy');
  });

  it('serves the key form itself, linked from articles', async () => {
    const res = await browser(`/tags/${ASTANA}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>#Астана</h1>');
    expect(html).toContain(`<link rel="canonical" href="https://newswire.test/tags/${ASTANA}"/>`);
    const article = await (await call('/news/chrome-desk/ru-bridge-1')).text();
    expect(article).toContain(`<a href="/tags/${ASTANA}" rel="tag">#Астана</a>`);
  });
});

describe('paging', () => {
  it('numbers the pages in title, description and canonical URL, each linking the newer and the older page', async () => {
    const first = await (await call('/news')).text();
    expect(first).toContain('<title>All news — newswire</title>');
    expect(first).toContain('<meta name="description" content="All stories on newswire, newest first."/>');
    expect(first).toContain('<link rel="canonical" href="https://newswire.test/news"/>');
    expect(first).not.toContain('rel="prev"');
    expect(first).not.toContain('« Newest');
    expect(first).toContain('<a href="/news?page=2" rel="next">Older stories →</a>');

    const second = await (await call('/news?page=2')).text();
    expect(second).toContain('<title>All news — page 2 — newswire</title>');
    expect(second).toContain('<meta name="description" content="All stories on newswire, newest first: page 2."/>');
    expect(second).toContain('<link rel="canonical" href="https://newswire.test/news?page=2"/>');
    expect(second).toContain('<a href="/news" rel="prev">← Newer stories</a>');
    expect(second).not.toContain('« Newest');
    expect(second).toContain('<a href="/news?page=3" rel="next">Older stories →</a>');

    const third = await (await call('/news?page=3')).text();
    expect(third).toContain('<a href="/news">« Newest</a>');
    expect(third).toContain('<a href="/news?page=2" rel="prev">← Newer stories</a>');
    expect(third).not.toContain('rel="next"');
  });

  it('going older then newer returns to the same stories', async () => {
    const headlines = (html: string) => [...html.matchAll(/<h2(?: lang="[^"]+")?><a href="(\/news\/[^"]+)"/g)].map((m) => m[1]);
    const second = await (await call('/news?page=2')).text();
    const third = await (await call('/news?page=3')).text();
    const newer = /<a href="([^"]+)" rel="prev">/.exec(third)?.[1];
    expect(newer).toBe('/news?page=2');
    const back = await (await call(newer!)).text();
    expect(headlines(back)).toEqual(headlines(second));
    expect(headlines(back)).toHaveLength(25);
    expect(headlines(third).some((h) => headlines(second).includes(h))).toBe(false);
  });

  it('a page past the last is a 404 page; "?page=1" and links of the earlier cursor scheme redirect to their numbered page', async () => {
    await expectErrorPage(await browser('/news?page=4'), 404, 'Page not found');
    await expectErrorPage(await browser('/news?page=999999'), 404, 'Page not found');
    const one = await call('/news?page=1', { redirect: 'manual' });
    expect(one.status).toBe(301);
    expect(one.headers.get('location')).toBe('/news');
    const legacy = await call(`/news?cursor=${encodeURIComponent(btoa('i:all:7000000000000000:zz:zz'))}&page=3`, { redirect: 'manual' });
    expect(legacy.status).toBe(301);
    expect(legacy.headers.get('location')).toBe('/news?page=3');
    const bare = await call('/publishers/chrome-desk?cursor=abc', { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/publishers/chrome-desk');
  });
});

describe('headers', () => {
  it('every HTML page carries the CSP, nosniff and the referrer policy; error pages too', async () => {
    for (const path of ['/', '/news', '/news/chrome-desk/kk-metro-1', `/tags/${ASTANA}`, '/publishers/chrome-desk', '/lang/kk', '/no/such/page']) {
      const res = await browser(path);
      expect(res.headers.get('content-security-policy'), path).toBe(PAGE_POLICY);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
  });

  it('feeds, the API and problems carry nosniff and no page policy', async () => {
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', '/openapi.json', '/api/articles/chrome-desk/kk-metro-1', '/api/articles/chrome-desk/nope']) {
      const res = await call(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toBeNull();
    }
  });

  it('/docs names its one inline style by hash', async () => {
    const res = await call('/docs');
    const css = /<style>([^<]*)<\/style>/.exec(await res.text())![1]!;
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(css)));
    const hash = btoa(String.fromCharCode(...digest));
    expect(res.headers.get('content-security-policy')).toBe(`default-src 'none'; style-src 'self' 'sha256-${hash}'; font-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`);
  });

  it('sends x-newswire-cache only when EXPOSE_CACHE_LAYER is "true"', async () => {
    const hidden = await appWithCountingKv({ EXPOSE_CACHE_LAYER: undefined }).fetch('/news');
    expect(hidden.res.status).toBe(200);
    expect(hidden.res.headers.get('x-newswire-cache')).toBeNull();
    const shown = await appWithCountingKv({ EXPOSE_CACHE_LAYER: 'true', LISTING_MEMO_MS: '0' }).fetch('/feed.json');
    expect(shown.res.headers.get('x-newswire-cache')).toMatch(/^(memory|hit|miss)$/);
  });
});

describe('head metadata', () => {
  function meta(html: string, key: string): string[] {
    return [...html.matchAll(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`, 'g'))].map((m) => m[1]!);
  }

  it('every page links the SVG icon, and /favicon.ico redirects to it', async () => {
    for (const path of ['/', '/news', '/news/chrome-desk/kk-metro-1', '/no/such/page']) {
      expect(await (await browser(path)).text(), path).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>');
    }
    const ico = await call('/favicon.ico', { redirect: 'manual' });
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/favicon.svg');
  });

  it('the front page has a description, canonical URL, website Open Graph with the site image and a summary card', async () => {
    const html = await (await call('/')).text();
    expect(html).toContain('<title>Latest news — newswire</title>');
    expect(meta(html, 'description')).toEqual(['Latest news from newswire.']);
    expect(html).toContain('<link rel="canonical" href="https://newswire.test/"/>');
    expect(meta(html, 'og:type')).toEqual(['website']);
    expect(meta(html, 'og:locale')).toEqual(['en_US']);
    expect(meta(html, 'og:image')).toEqual(['https://newswire.test/logo-144.png']);
    expect(meta(html, 'og:image:width')).toEqual(['144']);
    expect(meta(html, 'twitter:card')).toEqual(['summary']);
    expect(html).not.toContain('noindex');
  });

  it('an article with a cover: its image, a large card, kk_KZ, and JSON-LD naming the publisher with url and logo', async () => {
    const html = await (await call('/news/chrome-desk/kk-metro-1')).text();
    expect(meta(html, 'og:locale')).toEqual(['kk_KZ']);
    expect(meta(html, 'og:type')).toEqual(['article']);
    expect(meta(html, 'og:image')).toEqual(['https://steppe.example/img/metro.jpg']);
    expect(meta(html, 'twitter:card')).toEqual(['summary_large_image']);
    expect(meta(html, 'og:url')).toEqual(['https://newswire.test/news/chrome-desk/kk-metro-1']);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(ld.publisher).toEqual({
      '@type': 'Organization',
      name: 'Chrome Desk',
      url: 'https://newswire.test/publishers/chrome-desk',
      logo: { '@type': 'ImageObject', url: 'https://newswire.test/logo-144.png', width: 144, height: 144 },
    });
  });

  it('ru_RU on a Russian article', async () => {
    expect(meta(await (await call('/news/chrome-desk/ru-bridge-1')).text(), 'og:locale')).toEqual(['ru_RU']);
  });

  it('an article without image or lede: the site image, a summary card, a description from its body', async () => {
    const html = await (await call('/news/chrome-desk/en-no-image')).text();
    expect(meta(html, 'og:locale')).toEqual(['en_US']);
    expect(meta(html, 'og:image')).toEqual(['https://newswire.test/logo-144.png']);
    expect(meta(html, 'twitter:card')).toEqual(['summary']);
    expect(meta(html, 'description')).toEqual(['Wheat &amp; barley prices rose.']);
    expect(meta(html, 'og:description')).toEqual(['Wheat &amp; barley prices rose.']);
  });

  it('listings describe what they list', async () => {
    expect(meta(await (await call('/publishers/chrome-desk')).text(), 'description')).toEqual(['Stories published by Chrome Desk on newswire, newest first.']);
    expect(meta(await (await call(`/tags/${ASTANA}`)).text(), 'description')).toEqual(['Stories tagged #Астана on newswire, newest first.']);
    expect(meta(await (await call('/lang/kk')).text(), 'description')).toEqual(['Stories in Қазақ тілі on newswire, newest first.']);
  });
});
