import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/ingest/upstream/detect-format';
import { itemArticleId } from '../../src/ingest/upstream/to-article';
import { fixtureText } from '../helpers/fixture-files';
import { FIRST_SEEN, parseFixtureFeed, storedArticles } from '../helpers/upstream-articles';

const parse = parseFixtureFeed;
const articles = storedArticles;

describe('format detection', () => {
  it('goes by content, never by URL or Content-Type', () => {
    expect(detectFormat(fixtureText('rss-2.0-basic.xml'))).toBe('rss');
    expect(detectFormat(fixtureText('rdf-rss-1.0.xml'))).toBe('rdf');
    expect(detectFormat(fixtureText('atom-relative-links-xml-base.xml'))).toBe('atom');
    expect(detectFormat(fixtureText('json-feed-1.1.json'))).toBe('json');
    expect(detectFormat(fixtureText('html-not-a-feed.html'))).toBeNull();
    // A JSON Feed served as text/html from a .xml URL is still a JSON Feed.
    expect(parse('json-feed-1.1.json', 'https://turkistan-daily.example/feed.xml', 'text/html').format).toBe('json');
  });
});

describe('RSS 2.0', () => {
  it('maps every field of the article model', async () => {
    const [kk, ru, en] = await articles(parse('rss-2.0-basic.xml', 'https://dala.example/rss.xml'));
    expect(kk).toMatchObject({
      id: await import('../../src/text/short-hash').then((m) => m.shortHash('guid:dala-kk-park-2026')),
      title: 'Шымкентте жаңа саябақ ашылды',
      url: 'https://dala.example/kk/park-2026',
      summary: 'Саябақта екі мың ағаш отырғызылды.',
      image: { url: 'https://dala.example/img/park-large.jpg' },
      authors: [{ name: 'Айгерім Нұрланқызы' }],
      source: { name: 'Оңтүстік хабаршысы', url: 'https://ontustik.example/rss' },
      tags: ['Шымкент', 'Қала'],
      language: 'kk',
      date_published: '2026-11-24T09:15:00+05:00',
    });
    // Relative links resolve against the item's own page; scripts are gone.
    expect(kk?.content_html).toContain('<a href="https://dala.example/kk/map">картада</a>');
    expect(kk?.content_html).toContain('src="https://dala.example/kk/img/park.jpg"');
    expect(kk?.content_html).not.toContain('script');

    expect(ru).toMatchObject({ authors: [{ name: 'Мария Соколова' }], image: { url: 'https://dala.example/img/library.jpg' }, date_published: '2026-11-23T18:40:00+05:00' });
    expect(ru?.summary).toBeUndefined();
    expect(ru?.content_html).toBe('<p>В читальном зале поместится сто человек.</p>');

    // A permalink guid is the URL; a thumbnail is the cover when nothing better exists.
    expect(en).toMatchObject({ url: 'https://dala.example/en/wind-farm', image: { url: 'https://dala.example/img/wind-thumb.jpg' }, date_published: '2026-11-22T07:05:00Z' });
  });

  it('strips HTML from titles however it was written', async () => {
    const titles = (await articles(parse('rss-html-in-titles.xml', 'https://markup.example/rss'))).map((a) => a.title);
    expect(titles).toEqual(['Breaking: tram line extended', 'Салют «Астана» — в 21:00', 'Tom & Jerry’s ‘quiet’ week part 2', 'Only this text remains']);
  });

  it('truncates over-long fields to the schema limits instead of dropping the item', async () => {
    const feed = parse('rss-over-long-fields.xml', 'https://verbose.example/rss');
    const [article] = await articles(feed);
    expect(article).toBeDefined();
    expect(article?.title.length).toBeLessThanOrEqual(300);
    expect(article?.title.endsWith('…')).toBe(true);
    expect(article?.summary?.length).toBeLessThanOrEqual(1000);
    expect(article?.tags).toHaveLength(20);
    expect(article?.tags?.every((t) => t.length <= 50)).toBe(true);
  });
});

describe('RSS 1.0 / RDF', () => {
  it('reads items beside the channel, with Dublin Core dates, creators and subjects', async () => {
    const feed = parse('rdf-rss-1.0.xml', 'https://altai-notes.example/rss');
    expect(feed.format).toBe('rdf');
    const [snow, pass] = await articles(feed);
    expect(snow).toMatchObject({
      title: 'Первый снег на Катон-Карагае',
      url: 'https://altai-notes.example/2026/11/snow',
      summary: 'Снег выпал на высоте тысячи метров.',
      authors: [{ name: 'Олег Ветров' }],
      tags: ['Погода'],
      language: 'ru',
      date_published: '2026-11-21T06:00:00+06:00',
    });
    expect(snow?.content_html).toContain('href="https://altai-notes.example/2026/11/pass"');
    expect(pass?.date_published).toBe('2026-11-22T09:30:00+06:00');
  });
});

describe('Atom 1.0', () => {
  it('resolves links through nested xml:base and keeps XHTML content', async () => {
    const [rail, balkhash] = await articles(parse('atom-relative-links-xml-base.xml', 'https://steppe-review.example/feeds/atom'));
    expect(rail).toMatchObject({
      title: 'Rail freight doubles on the northern line',
      url: 'https://steppe-review.example/blog/posts/2026/rail-freight.html',
      image: { url: 'https://steppe-review.example/blog/img/rail.png' },
      summary: 'Volumes doubled year on year, the operator said.',
      authors: [{ name: 'Review Desk', url: 'https://steppe-review.example/desk' }],
      tags: ['Economy', 'rail'],
      language: 'en',
      date_published: '2026-11-24T10:30:00+05:00',
      date_modified: '2026-11-24T11:00:00+05:00',
    });
    expect(rail?.content_html).toContain('<b>four</b> hours &amp; carry');
    expect(rail?.content_html).toContain('src="https://cdn.steppe-review.example/media/freight/wagons.jpg"');
    expect(rail?.content_html).toContain('href="https://cdn.steppe-review.example/about"');

    expect(balkhash).toMatchObject({
      url: 'https://steppe-review.example/blog/balkhash.html',
      source: { name: 'Balkhash Monitor', url: 'https://balkhash-monitor.example/' },
      date_published: '2026-11-20T08:00:00Z',
    });
    expect(balkhash?.content_html).toBe('<p>See the <a href="https://steppe-review.example/blog/charts/level.html">chart</a>.</p><p>Measured <strong>weekly</strong>.</p>');
  });
});

describe('JSON Feed', () => {
  it('1.0: feed author, numeric ids, content_text, unreadable items counted', async () => {
    const feed = parse('json-feed-1.0.json', 'https://caspian-ledger.example/feed.json', 'application/feed+json');
    expect(feed.unreadable).toBe(1);
    const [port, ferry] = await articles(feed);
    expect(port).toMatchObject({ title: 'Aktau port handles a record month', summary: 'A record month for the port.', tags: ['Ports', 'Trade'], authors: [{ name: 'Ledger Desk' }] });
    expect(port?.content_html).toContain('href="https://caspian-ledger.example/charts"');
    expect(ferry?.id).toBe(await itemArticleId({ guid: '20261120', authors: [], categories: [], images: [] }, feed));
    expect(ferry?.content_html).toBe('<p>The winter timetable starts next week.</p><p>Two crossings a day remain.</p>');
    expect(ferry?.image).toEqual({ url: 'https://caspian-ledger.example/img/ferry.jpg' });
  });

  it('1.1: authors, language, attachments and date_modified', async () => {
    const [museum] = await articles(parse('json-feed-1.1.json', 'https://turkistan-daily.example/feed.json'));
    expect(museum).toMatchObject({
      title: 'Түркістанда жаңа мұражай ашылды',
      authors: [{ name: 'Дәурен Сапаров', url: 'https://turkistan-daily.example/authors/dauren' }],
      tags: ['Мәдениет'],
      language: 'kk',
      image: { url: 'https://turkistan-daily.example/img/museum.webp' },
      date_published: '2026-11-18T12:00:00+05:00',
      date_modified: '2026-11-18T15:30:00+05:00',
    });
  });
});

describe('dates and identity', () => {
  it('falls back to the first-seen time for missing or unusable dates', async () => {
    const feed = parse('rss-missing-dates.xml', 'https://undated.example/rss');
    const all = await articles(feed);
    expect(all.map((a) => a.date_published)).toEqual([FIRST_SEEN, FIRST_SEEN, FIRST_SEEN]);
  });

  it('gives one id per guid, else per link, and none without either', async () => {
    const feed = parse('rss-duplicate-guids.xml', 'https://echo.example/rss');
    const ids = await Promise.all(feed.items.map((item) => itemArticleId(item, feed)));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[2]);
    expect(ids[4]).toBeNull();
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
