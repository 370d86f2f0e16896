import { beforeAll, describe, expect, it } from 'vitest';
import { call, createPublisher, deliver, event } from '../helpers/client';
import { englishArticle, kazakhArticle, russianArticle } from '../helpers/fixtures';

beforeAll(async () => {
  const secret = await createPublisher('page-desk', 'Page Desk');
  for (const a of [kazakhArticle(), russianArticle(), { ...englishArticle(), summary: 'Lede with <b>markup</b> & an ampersand' }]) {
    expect((await deliver({ publisher: 'page-desk', secret, body: event('article.published', a) })).status).toBe(201);
  }
  for (let i = 0; i < 30; i++) {
    await deliver({ publisher: 'page-desk', secret, body: event('article.published', englishArticle(`filler-${i}`, new Date(Date.UTC(2025, 0, 1 + i)).toISOString())) });
  }
});

async function page(path: string) {
  const res = await call(/[^\x00-\x7f]/.test(path) ? encodeURI(path) : path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return res.text();
}

function autodiscovery(html: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const m of html.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)"/g)) links[m[1]!] = m[2]!;
  return links;
}

describe('front page', () => {
  it('lists the newest 20 headlines with lede, thumbnail, publisher and time, and links to /news', async () => {
    const html = await page('/');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<li class="story-card/g)).toHaveLength(20);
    expect(html).toContain('<h1>Latest news</h1>');
    expect(html).toContain(kazakhArticle().title);
    expect(html).toContain('src="https://steppe.example/img/metro.jpg"');
    expect(html).toContain('Lede with &lt;b&gt;markup&lt;/b&gt; &amp; an ampersand');
    expect(html).toMatch(/<time datetime="2026-11-20T04:30:00.000Z">/);
    expect(html).toContain('href="/news"');
    expect(autodiscovery(html)).toEqual({
      'application/rss+xml': 'https://newswire.test/feed.xml',
      'application/atom+xml': 'https://newswire.test/atom.xml',
      'application/feed+json': 'https://newswire.test/feed.json',
    });
  });
});

describe('/news', () => {
  it('pages through every story by page number without repeats', async () => {
    const seen: string[] = [];
    let path: string | undefined = '/news';
    while (path) {
      const html = await page(path);
      seen.push(...[...html.matchAll(/<h2(?: lang="[^"]+")?><a href="(\/news\/[^"]+)"/g)].map((m) => m[1]!));
      const next = /<a href="([^"]+)" rel="next">/.exec(html)?.[1];
      path = next?.replace(/&amp;/g, '&');
    }
    expect(seen).toHaveLength(33);
    expect(new Set(seen).size).toBe(33);
  });
});

describe('tag and publisher pages', () => {
  it('lists a tag and advertises the tag feeds', async () => {
    const html = await page('/tags/алматы');
    expect(html).toContain(kazakhArticle().title);
    expect(html).not.toContain(russianArticle().title);
    expect(html).toContain('<h1>#Алматы</h1>');
    expect(autodiscovery(html)['application/atom+xml']).toBe('https://newswire.test/tags/%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/atom.xml');
  });

  it('lists a publisher and advertises its feeds', async () => {
    const html = await page('/publishers/page-desk');
    expect(html).toContain('Page Desk');
    expect(autodiscovery(html)['application/feed+json']).toBe('https://newswire.test/publishers/page-desk/feed.json');
  });
});

describe('article page', () => {
  it('shows headline, cover figure with "Photo:" credit, lede, source, sections, quotes, byline, tags and times', async () => {
    const html = await page('/news/page-desk/kk-metro-1');
    const a = kazakhArticle();
    expect(html).toContain('<html lang="kk">');
    expect(html).toContain(`<h1 class="headline">${a.title}</h1>`);
    expect(html).toContain(`<figure class="cover"><img src="https://steppe.example/img/metro.jpg" alt="${a.title}"`);
    expect(html).toContain('<span class="caption">Жаңа бекеттің кіреберісі</span> <span class="credit">Сурет: Дала агенттігі</span>');
    expect(html).toContain(`<p class="lede">${a.summary}</p>`);
    expect(html).toContain('<span class="source"><a href="https://dala.example/">Дала жаңалықтары</a> хабарлайды</span>');
    expect(html).toContain('<h2>Құрылыс тарихы</h2>');
    expect(html).toContain('<blockquote><p>Біз әр бекетті уақытында аяқтауға тырыстық.</p></blockquote>');
    expect(html).toContain('<p class="authors">Авторы: <span class="author">Әлия Сейітқызы</span></p>');
    expect(html).toContain('<a href="/tags/%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B" rel="tag">#Алматы</a>');
    expect(html).toContain('<h2>Соңғы жаңалықтар</h2>');
    expect(html).toContain(russianArticle().title);
  });

  it('carries schema.org NewsArticle JSON-LD and Open Graph tags', async () => {
    const html = await page('/news/page-desk/ru-bridge-1');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(ld).toMatchObject({ '@type': 'NewsArticle', headline: russianArticle().title, datePublished: russianArticle().date_published, inLanguage: 'ru' });
    expect(ld.author).toEqual([{ '@type': 'Person', name: 'Ирина Ким', url: 'https://steppe.example/authors/kim' }]);
    expect(html).toContain(`<meta property="og:title" content="${russianArticle().title.replace(/"/g, '&quot;')}"`);
    expect(html).toContain('<meta property="og:type" content="article"');
    expect(html).toContain('<meta property="article:published_time" content="2026-11-21T12:00:00+05:00"');
  });

  it('keeps JSON-LD inside its script element whatever the headline says', async () => {
    const secret = await createPublisher('ld-desk');
    const hostile = { ...englishArticle('ld-1'), title: 'Break </script><script>alert(1)</script> out' };
    await deliver({ publisher: 'ld-desk', secret, body: event('article.published', hostile) });
    const html = await page('/news/ld-desk/ld-1');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('answers 404 problem+json for an unknown article to a client that asks for JSON', async () => {
    const res = await call('/news/page-desk/nope', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('revalidates with 304 and changes its ETag when the article changes', async () => {
    const first = await call('/news/page-desk/kk-metro-1');
    const etag = first.headers.get('etag')!;
    expect((await call('/news/page-desk/kk-metro-1', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const head = await call('/news/page-desk/kk-metro-1', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
