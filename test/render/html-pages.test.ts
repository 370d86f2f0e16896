/**
 * The HTML renderers' markup: the site's words in the page's language, the byline, the cover
 * figure and its text alternative, the front page's lead story, local times in the newsroom's
 * zone, and styling only through the linked stylesheet.
 */
import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import { renderArticlePage, type ArticlePageInput } from '../../src/render/html/article-page';
import { renderListingPage, type ListingPageInput } from '../../src/render/html/listing-page';
import { timeLabel } from '../../src/render/html/time-label';
import { englishFerry, kazakhLibrary, russianBuses, SITE, stored } from './fixtures';

const FEEDS = { title: 'newswire', rss: `${SITE}/feed.xml`, atom: `${SITE}/atom.xml`, json: `${SITE}/feed.json` };

function articlePage(article: StoredArticle, overrides: Partial<ArticlePageInput> = {}): string {
  return renderArticlePage({
    siteTitle: 'newswire',
    article,
    meta: { origin: SITE, description: article.summary ?? article.title, canonicalUrl: `${SITE}/news/${article.publisher}/${article.id}` },
    feeds: FEEDS,
    tagHref: (t) => `/tags/${encodeURIComponent(t)}`,
    latest: [{ title: 'Другая новость', href: '/news/x/y' }],
    timeZone: 'Asia/Almaty',
    ...overrides,
  });
}

function listingPage(articles: StoredArticle[], overrides: Partial<ListingPageInput> = {}): string {
  return renderListingPage({
    siteTitle: 'newswire',
    heading: 'Latest news',
    meta: { origin: SITE, description: 'The latest news', canonicalUrl: `${SITE}/` },
    articles,
    articleHref: (a) => `/news/${a.publisher}/${a.id}`,
    feeds: FEEDS,
    showThumbnails: true,
    siteLanguage: 'en',
    timeZone: 'Asia/Almaty',
    ...overrides,
  });
}

describe('labels in the article\'s language', () => {
  it('a Kazakh article: Kazakh byline, credit, side list and header, with no other lang marked', () => {
    const html = articlePage(kazakhLibrary());
    expect(html).toContain('<html lang="kk">');
    expect(html).toContain('<p class="authors">Авторлары: <a class="author" href="https://steppe.example/authors/gulnur">Гүлнұр Әбілқызы</a>, <span class="author">Ерһан Өтегенұлы</span></p>');
    expect(html).toContain('<span class="source"><a href="https://south.example/">Оңтүстік жаршысы</a> хабарлайды</span>');
    expect(html).toContain('<span class="credit">Сурет: Дала агенттігі</span>');
    expect(html).toContain('<h2>Соңғы жаңалықтар</h2>');
    expect(html).toContain('<a class="more" href="/news">Барлық жаңалықтар</a>');
    expect(html).toContain('<a href="https://steppe.example/kk/library">Түпнұсқасы: Steppe Daily</a>');
    expect(html.slice(html.indexOf('<body>')).match(/Published|Photo:|reports|Latest news|Read at/)?.[0]).toBeUndefined();
    expect(html).not.toContain('lang="en"');
  });

  it('a Russian article: Russian words around the source, one author, Russian dates', () => {
    const html = articlePage(russianBuses());
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<p class="authors">Автор: <a class="author" href="https://steppe.example/authors/li">Дмитрий Ли</a></p>');
    expect(html).toContain('<span class="source">Сообщает Карагандинский курьер</span>');
    expect(html).toContain('Опубликовано <time datetime="2026-11-21T07:00:00.000Z">21 ноября 2026 г. в 12:00 GMT+5</time>');
    expect(html).toContain('<h2>Последние новости</h2>');
  });

  it('an English article: "<source> reports", "Photo:", "Read at"', () => {
    const a = stored({ ...englishFerry(), image: { url: 'https://steppe.example/f.jpg', credit: 'Port authority' }, source: { name: 'Caspian Herald' } });
    const html = articlePage(a);
    expect(html).toContain('<span class="source">Caspian Herald reports</span>');
    expect(html).toContain('<span class="credit">Photo: Port authority</span>');
  });

  it('an article in a language without labels: English labels, each marked lang="en"', () => {
    const html = articlePage(stored({ ...russianBuses(), language: 'de-AT' }));
    expect(html).toContain('<html lang="de-AT">');
    expect(html).toContain('<span lang="en">By</span> <a class="author"');
    expect(html).toContain('<span lang="en">Published</span> <time');
    expect(html).toContain('<aside class="side" lang="en"><h2>Latest news</h2>');
    expect(html).toContain('<header class="site" lang="en">');
  });
});

describe('the byline block under the headline', () => {
  it('comes after the headline and lede and before the cover: authors, source, publisher link, local times', () => {
    const html = articlePage(kazakhLibrary());
    const order = ['<h1 class="headline">', '<p class="lede">', '<div class="byline">', '<figure class="cover">', '<div class="body">'].map((s) => html.indexOf(s));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(html).toContain('<a class="publisher" href="/publishers/steppe-daily">Steppe Daily</a>');
    expect(html).toContain(
      '<p class="dates">Жарияланды <time datetime="2026-11-20T04:30:00.000Z">2026 ж. 20 қараша, 09:30 GMT+5</time> · Жаңартылды <time datetime="2026-11-20T06:15:30.000Z">2026 ж. 20 қараша, 11:15 GMT+5</time></p>',
    );
  });

  it('shows a story without source or authors with the publisher link alone', () => {
    const html = articlePage(englishFerry());
    expect(html).not.toContain('class="authors"');
    expect(html).toContain('<p class="provenance"><a class="publisher" href="/publishers/caspian-wire">Caspian Wire</a></p>');
  });
});

describe('the cover figure', () => {
  it('has a caption and a distinct credit; the alt is the headline, never the caption read twice', () => {
    const html = articlePage(kazakhLibrary());
    expect(html).toContain(
      '<figure class="cover"><img src="https://steppe.example/img/library.jpg" alt="Шымкентте жаңа кітапхана ашылды — «Гауһар» балалар бөлімі 📚" width="1200" height="800" fetchpriority="high" decoding="async"/>' +
        '<figcaption><span class="caption">Кітапхананың оқу залы</span> <span class="credit">Сурет: Дала агенттігі</span></figcaption></figure>',
    );
    expect(html).not.toContain('alt="Кітапхананың оқу залы"');
  });

  it('without a caption or credit: the headline as alt (never alt="") and no empty figcaption', () => {
    const html = articlePage(stored({ ...englishFerry(), image: { url: 'https://steppe.example/f.jpg' } }));
    expect(html).toContain('<img src="https://steppe.example/f.jpg" alt="Caspian ferry timetable changes for winter ⛴️ — “fewer, longer crossings”"');
    expect(html).not.toContain('alt=""');
    expect(html).not.toContain('<figcaption>');
  });

  it('a listing thumbnail (no caption shown) takes the caption as alt', () => {
    const html = listingPage([kazakhLibrary()]);
    expect(html).toContain('<img class="thumb" src="https://steppe.example/img/library.jpg" alt="Кітапхананың оқу залы" lang="kk"');
  });
});

describe('listings', () => {
  it('the front page leads with the newest story; the others are secondary cards', () => {
    const html = listingPage([kazakhLibrary(), russianBuses(), englishFerry()]);
    expect(html).toContain('<ol class="headlines front"><li class="story-card lead"><img class="thumb"');
    expect(html.match(/<li class="story-card">/g)?.length).toBe(2);
    expect(html).toContain('loading="eager"');
  });

  it('speaks SITE_LANGUAGE and marks each story in another language with its lang', () => {
    const html = listingPage([russianBuses(), englishFerry()], { siteLanguage: 'en', showThumbnails: false });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h2 lang="ru"><a href="/news/steppe-daily/ru-buses-2026">');
    expect(html).toContain('<p class="summary" lang="ru">');
    expect(html).toContain('<h2><a href="/news/caspian-wire/en-ferry-2026">');
    // The meta line is the page's: the publisher linked to its page and an English date.
    expect(html).toContain('<p class="meta"><a href="/publishers/steppe-daily">Steppe Daily</a> · <time datetime="2026-11-21T07:00:00.000Z">November 21, 2026 at 12:00 GMT+5</time></p>');
  });

  it('in Russian (SITE_LANGUAGE=ru): Russian labels and the English story marked lang="en"', () => {
    const html = listingPage([englishFerry()], { siteLanguage: 'ru', firstPageHref: '/news', articles: [] });
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<p>Пока нет материалов.</p>');
    expect(html).toContain('<a href="/news">« Самые новые</a>');
    expect(html).toContain('<nav class="sections" aria-label="Разделы"><a href="/">Последние новости</a><a href="/news">Все новости</a></nav>');
    const withStory = listingPage([stored({ ...englishFerry(), language: 'en-GB' })], { siteLanguage: 'ru' });
    expect(withStory).toContain('<h2 lang="en-GB">');
  });
});

describe('times in the newsroom\'s zone', () => {
  it('formats in the page\'s locale and SITE_TIMEZONE', () => {
    expect(timeLabel('2026-11-25T04:30:00Z', { language: 'en', timeZone: 'Asia/Almaty' })).toBe('November 25, 2026 at 09:30 GMT+5');
    expect(timeLabel('2026-11-25T04:30:00Z', { language: 'kk', timeZone: 'Asia/Almaty' })).toBe('2026 ж. 25 қараша, 09:30 GMT+5');
    expect(timeLabel('2026-01-31T23:05:00-01:00', { language: 'ru', timeZone: 'Europe/Moscow' })).toBe('1 февраля 2026 г. в 03:05 GMT+3');
  });

  it('reads an unknown zone as UTC rather than failing the page', () => {
    expect(timeLabel('2026-11-25T04:30:00Z', { language: 'en', timeZone: 'Mars/Olympus' })).toBe('November 25, 2026 at 04:30 UTC');
  });

  it('shows a year-10000 record at the last minute of 9999 in the zone, never a five-digit year', () => {
    expect(timeLabel('9999-12-31T23:59:59-23:59', { language: 'en', timeZone: 'Asia/Almaty' })).toBe('December 31, 9999 at 23:59 GMT+5');
  });
});

describe('styling only through the stylesheet', () => {
  it('links the content-hashed stylesheet and has no <style> element or style attribute', () => {
    for (const html of [articlePage(kazakhLibrary()), listingPage([kazakhLibrary(), russianBuses()])]) {
      expect(html).toMatch(/<link rel="stylesheet" href="\/css\/site\.css\?v=[0-9a-f]{12}"\/>/);
      expect(html).not.toMatch(/<style|style=/);
    }
  });
});
