import { beforeAll, describe, expect, it } from 'vitest';
import { appWithCountingKv } from '../helpers/app-with-counting-kv';
import { call, createPublisher, deliver, event } from '../helpers/client';
import { englishArticle, kazakhArticle, russianArticle } from '../helpers/fixtures';
import { attr, kid, kids, NS, parseStrictXml, textOf } from '../helpers/strict-xml';

// /lang/{code}/… : a listing per BCP 47 primary language (wrangler.toml SITE_LANGUAGES = "kk,ru,en").

const KK_NEW = 'Қостанайда жаңа мектеп ашылды';
const UZ = 'Toshkentda yangi kutubxona ochildi';
const RU_WIRE = 'В Караганде открыли новый парк';

let deskSecret = '';
const publish = (data: unknown, type: 'article.published' | 'article.updated' = 'article.published', publisher = 'lang-desk', secret = deskSecret) =>
  deliver({ publisher, secret, body: event(type, data) });

beforeAll(async () => {
  deskSecret = await createPublisher('lang-desk', 'Lang Desk');
  const wireSecret = await createPublisher('lang-wire', 'Lang Wire');
  const noLanguage: Record<string, unknown> = { ...englishArticle('nolang-1', '2026-11-22T09:00:00Z') };
  delete noLanguage.language;
  for (const a of [
    kazakhArticle('kk-1'),
    // A region and script subtag: indexed under its primary subtag.
    { ...kazakhArticle('kk-2'), title: KK_NEW, language: 'kk-Cyrl-KZ', date_published: '2026-11-23T10:00:00+05:00' },
    russianArticle('ru-1'),
    englishArticle('en-1'),
    // A language the outlet does not list: served all the same.
    { ...englishArticle('uz-1'), title: UZ, language: 'uz' },
    noLanguage,
  ]) {
    expect((await publish(a)).status, String(a.id)).toBe(201);
  }
  expect((await publish({ ...russianArticle('ru-2'), title: RU_WIRE, date_published: '2026-11-21T13:00:00+05:00' }, 'article.published', 'lang-wire', wireSecret)).status).toBe(201);
});

type JsonFeed = { title: string; home_page_url: string; feed_url: string; language?: string; next_url?: string; items: Array<{ id: string; url: string; title: string; language?: string }> };

async function jsonFeed(path: string): Promise<JsonFeed> {
  const res = await call(path);
  expect(res.status, path).toBe(200);
  return res.json<JsonFeed>();
}

/** Every autodiscovery link of a page, attributes as written. */
function alternates(html: string): Array<Record<string, string>> {
  return [...html.matchAll(/<link rel="alternate"([^>]*)>/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/([a-z]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

function languageAlternates(code: string, name: string): Array<Record<string, string>> {
  return [
    { type: 'application/rss+xml', hreflang: code, title: `newswire — ${name} (RSS)`, href: `https://newswire.test/lang/${code}/feed.xml` },
    { type: 'application/atom+xml', hreflang: code, title: `newswire — ${name} (Atom)`, href: `https://newswire.test/lang/${code}/atom.xml` },
    { type: 'application/feed+json', hreflang: code, title: `newswire — ${name} (JSON Feed)`, href: `https://newswire.test/lang/${code}/feed.json` },
  ];
}

async function html(path: string): Promise<string> {
  const res = await call(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return res.text();
}

describe('language feeds', () => {
  it('list only that language, any region or script, newest first, and declare it (JSON Feed)', async () => {
    const feed = await jsonFeed('/lang/kk/feed.json');
    expect(feed.items.map((i) => i.title)).toEqual([KK_NEW, kazakhArticle().title]);
    expect(feed.items.map((i) => i.language)).toEqual(['kk-cyrl-kz', 'kk']);
    expect(feed.language).toBe('kk');
    expect(feed.title).toBe('newswire — Қазақ тілі');
    expect(feed.home_page_url).toBe('https://newswire.test/lang/kk');
    expect(feed.feed_url).toBe('https://newswire.test/lang/kk/feed.json');
  });

  it('span publishers', async () => {
    const feed = await jsonFeed('/lang/ru/feed.json');
    expect(feed.items.map((i) => i.title)).toEqual([RU_WIRE, russianArticle().title]);
    expect(feed.language).toBe('ru');
  });

  it('declare the language in RSS <language> and Atom xml:lang on <feed>', async () => {
    const rss = parseStrictXml(await (await call('/lang/kk/feed.xml')).text()).root;
    const channel = kid(rss, '', 'channel');
    expect(textOf(channel, '', 'language')).toBe('kk');
    expect(kids(channel, '', 'item').map((i) => textOf(i, '', 'title'))).toEqual([KK_NEW, kazakhArticle().title]);
    const self = kids(channel, NS.atom, 'link').find((l) => attr(l, 'rel') === 'self');
    expect(self && attr(self, 'href')).toBe('https://newswire.test/lang/kk/feed.xml');

    const atom = parseStrictXml(await (await call('/lang/ru/atom.xml')).text()).root;
    expect(attr(atom, 'lang', NS.xml)).toBe('ru');
    expect(kids(atom, NS.atom, 'entry')).toHaveLength(2);
  });

  it('serve a language the outlet does not list, and an empty one, still declaring it', async () => {
    const uz = await jsonFeed('/lang/uz/feed.json');
    expect(uz.items.map((i) => i.title)).toEqual([UZ]);
    expect(uz.language).toBe('uz');
    const atom = parseStrictXml(await (await call('/lang/de/atom.xml')).text()).root;
    expect(attr(atom, 'lang', NS.xml)).toBe('de');
    expect(kids(atom, NS.atom, 'entry')).toEqual([]);
  });

  it('read the code case-insensitively and link to its lower-case form', async () => {
    const feed = await jsonFeed('/lang/KK/feed.json');
    expect(feed.items.map((i) => i.title)).toEqual([KK_NEW, kazakhArticle().title]);
    expect(feed.feed_url).toBe('https://newswire.test/lang/kk/feed.json');
  });

  it.each(['/lang/kk-KZ/feed.xml', '/lang/k/feed.json', '/lang/kaza/atom.xml', '/lang/k1/feed.json', '/lang/%D2%9B%D0%B7/feed.json', '/lang/kk-KZ', '/lang/x', '/lang/x-klingon'])(
    '%s is a 404 (problem+json for a feed, an HTML page for a page)',
    async (path) => {
      const res = await call(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe(/\.(xml|json)$/.test(path) ? 'application/problem+json' : 'text/html; charset=utf-8');
    },
  );

  it('leave mixed feeds without a feed-level language; a feed whose stories share one still states it', async () => {
    const site = await jsonFeed('/feed.json');
    expect(new Set(site.items.map((i) => i.language))).toEqual(new Set(['kk', 'kk-cyrl-kz', 'ru', 'en', 'uz', undefined]));
    expect('language' in site).toBe(false);
    expect(kids(kid(parseStrictXml(await (await call('/feed.xml')).text()).root, '', 'channel'), '', 'language')).toEqual([]);
    expect(attr(parseStrictXml(await (await call('/atom.xml')).text()).root, 'lang', NS.xml)).toBeUndefined();
    expect((await jsonFeed('/publishers/lang-wire/feed.json')).language).toBe('ru');
  });
});

describe('language pages and autodiscovery', () => {
  it('/lang/{code} lists the language under its own name, with its feeds (hreflang) and the outlet\'s languages in the header', async () => {
    const page = await html('/lang/kk');
    expect(page).toContain('<h1 lang="kk">Қазақ тілі</h1>');
    expect([...page.matchAll(/<h2 lang="kk(?:-[^"]+)?"><a href="([^"]+)"/g)].map((m) => m[1])).toEqual(['/news/lang-desk/kk-2', '/news/lang-desk/kk-1']);
    expect(alternates(page)).toEqual(languageAlternates('kk', 'Қазақ тілі'));
    expect(page).toContain(
      '<nav class="languages" aria-label="Languages"><a href="/lang/kk" hreflang="kk" lang="kk">Қазақ тілі</a><a href="/lang/ru" hreflang="ru" lang="ru">Русский</a><a href="/lang/en" hreflang="en" lang="en">English</a></nav>',
    );
  });

  it('the front page advertises the site feeds and each listed language\'s', async () => {
    expect(alternates(await html('/'))).toEqual([
      { type: 'application/rss+xml', title: 'newswire (RSS)', href: 'https://newswire.test/feed.xml' },
      { type: 'application/atom+xml', title: 'newswire (Atom)', href: 'https://newswire.test/atom.xml' },
      { type: 'application/feed+json', title: 'newswire (JSON Feed)', href: 'https://newswire.test/feed.json' },
      ...languageAlternates('kk', 'Қазақ тілі'),
      ...languageAlternates('ru', 'Русский'),
      ...languageAlternates('en', 'English'),
    ]);
  });

  it('a tag page, a mixed listing, advertises its own feeds and each listed language\'s', async () => {
    const links = alternates(await html('/tags/economy'));
    expect(links.slice(0, 3).map((l) => l.href)).toEqual(['https://newswire.test/tags/economy/feed.xml', 'https://newswire.test/tags/economy/atom.xml', 'https://newswire.test/tags/economy/feed.json']);
    expect(links.slice(3).map((l) => l.hreflang)).toEqual(['kk', 'kk', 'kk', 'ru', 'ru', 'ru', 'en', 'en', 'en']);
  });

  it('an article page advertises its publisher\'s feeds and its own language\'s, whether listed or not', async () => {
    const kk = alternates(await html('/news/lang-desk/kk-2'));
    expect(kk.slice(0, 3).map((l) => [l.hreflang, l.href])).toEqual([
      [undefined, 'https://newswire.test/publishers/lang-desk/feed.xml'],
      [undefined, 'https://newswire.test/publishers/lang-desk/atom.xml'],
      [undefined, 'https://newswire.test/publishers/lang-desk/feed.json'],
    ]);
    expect(kk.slice(3)).toEqual(languageAlternates('kk', 'Қазақ тілі'));
    expect(alternates(await html('/news/lang-desk/uz-1')).slice(3)).toEqual(languageAlternates('uz', 'O‘zbek'));
    expect(alternates(await html('/news/lang-desk/nolang-1')).map((l) => l.hreflang)).toEqual([undefined, undefined, undefined]);
  });
});

describe('/docs', () => {
  it('documents the language routes in OpenAPI and links each listed language\'s feeds', async () => {
    const doc = await (await call('/openapi.json')).json<{ paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string }> } }> }>();
    for (const path of ['/lang/{code}', '/lang/{code}/feed.xml', '/lang/{code}/atom.xml', '/lang/{code}/feed.json']) {
      expect(doc.paths[path]?.get?.parameters?.map((p) => `${p.in}:${p.name}`), path).toContain('path:code');
    }
    const page = await (await call('/docs')).text();
    for (const code of ['kk', 'ru', 'en']) {
      for (const file of ['feed.xml', 'atom.xml', 'feed.json']) expect(page).toContain(`href="/lang/${code}/${file}"`);
    }
    expect(page).toContain('Қазақ тілі');
  });
});

describe('paging', () => {
  it('walks a language\'s feed and page by cursor without repeats or other languages', async () => {
    const ids = Array.from({ length: 55 }, (_, i) => `en-page-${String(i).padStart(2, '0')}`);
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(ids.slice(i, i + 20).map((id, j) => publish(englishArticle(id, new Date(Date.UTC(2025, 5, 1) + (i + j) * 3_600_000).toISOString()))));
    }
    const seen: string[] = [];
    let next: string | undefined = '/lang/en/feed.json';
    let pages = 0;
    while (next) {
      const body: JsonFeed = await jsonFeed(next);
      expect(new Set(body.items.map((i) => i.language))).toEqual(new Set(['en']));
      seen.push(...body.items.map((i) => i.id));
      next = body.next_url ? new URL(body.next_url).pathname + new URL(body.next_url).search : undefined;
      if (next) expect(next.startsWith('/lang/en/feed.json?cursor=')).toBe(true);
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen).toHaveLength(56); // en-1 and the 55 above
    expect(new Set(seen).size).toBe(56);

    const links: string[] = [];
    let path: string | undefined = '/lang/en';
    while (path) {
      const page = await html(path);
      links.push(...[...page.matchAll(/<h2><a href="(\/news\/[^"]+)"/g)].map((m) => m[1]!));
      path = /<a href="([^"]+)" rel="next">/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    }
    expect(links).toHaveLength(56);
    expect(new Set(links).size).toBe(56);
  }, 60_000);
});

describe('KV cost per request', () => {
  it('without isolate memory: a render costs one list and one bulk get; a cache hit or a 304 one list', async () => {
    const app = appWithCountingKv({ LISTING_MEMO_MS: '0', CF_VERSION_METADATA: { id: 'lang-kv-cost-render', tag: '', timestamp: '' } });
    for (const url of ['/lang/kk/feed.xml', '/lang/kk/atom.xml', '/lang/ru/feed.json', '/lang/kk']) {
      const miss = await app.fetch(url);
      expect(miss.res.status, url).toBe(200);
      expect(miss.res.headers.get('x-newswire-cache')).toBe('miss');
      expect(miss.ops, url).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
      const etag = miss.res.headers.get('etag')!;
      const hit = await app.fetch(url);
      expect(hit.res.headers.get('x-newswire-cache')).not.toBe('miss');
      expect(hit.ops, url).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
      const conditional = await app.fetch(url, { headers: { 'if-none-match': etag } });
      expect(conditional.res.status).toBe(304);
      expect(conditional.ops, url).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
    }
    // An empty language: the list finds nothing, so there is nothing to get.
    expect((await app.fetch('/lang/de/feed.json')).ops).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
  });

  it('with isolate memory: repeated polls cost no KV operation', async () => {
    const app = appWithCountingKv({ CF_VERSION_METADATA: { id: 'lang-kv-cost-memory', tag: '', timestamp: '' } });
    const first = await app.fetch('/lang/kk/atom.xml');
    expect(first.ops).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
    const etag = first.res.headers.get('etag')!;
    const again = await app.fetch('/lang/kk/atom.xml');
    expect(again.res.headers.get('x-newswire-cache')).toBe('memory');
    expect(again.ops).toEqual({ get: 0, list: 0, put: 0, delete: 0 });
    const conditional = await app.fetch('/lang/kk/atom.xml', { headers: { 'if-none-match': etag } });
    expect(conditional.res.status).toBe(304);
    expect(conditional.ops).toEqual({ get: 0, list: 0, put: 0, delete: 0 });
  });
});

describe('a story whose language changes', () => {
  it('leaves the old language\'s listing and joins the new one on the next request', async () => {
    const before = (await call('/lang/kk/feed.json')).headers.get('etag')!;
    expect((await publish({ ...kazakhArticle('kk-1'), language: 'ru' }, 'article.updated')).status).toBe(200);
    const kk = await call('/lang/kk/feed.json', { headers: { 'if-none-match': before } });
    expect(kk.status).toBe(200);
    expect((await kk.json<JsonFeed>()).items.map((i) => i.title)).toEqual([KK_NEW]);
    expect((await jsonFeed('/lang/ru/feed.json')).items.map((i) => i.title)).toContain(kazakhArticle().title);
  });
});
