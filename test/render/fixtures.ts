/**
 * Feed documents built from articles written for these tests (Kazakh, Russian, English), plus
 * one hostile article handed straight to the renderers, as if it had bypassed intake.
 */
import { expect } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import type { FeedDocument } from '../../src/render/feed-document';
import { englishArticle, kazakhArticle, russianArticle } from '../helpers/fixtures';

export const SITE = 'https://newswire.example';

type Provenance = Pick<StoredArticle, 'publisher' | 'publisher_name' | 'received_at'>;
const STEPPE: Provenance = { publisher: 'steppe-daily', publisher_name: 'Steppe Daily', received_at: '2026-11-24T10:00:00Z' };

export function stored(input: Omit<StoredArticle, keyof Provenance>, provenance: Partial<Provenance> = {}): StoredArticle {
  return { ...input, ...STEPPE, ...provenance };
}

/** Every Kazakh letter (ә ғ қ ң ө ұ ү һ і), «…» and “…” quotes, emoji, a modification date. */
export function kazakhLibrary(): StoredArticle {
  return stored({
    id: 'kk-library-2026',
    title: 'Шымкентте жаңа кітапхана ашылды — «Гауһар» балалар бөлімі 📚',
    summary: 'Қала тұрғындары үшін түнгі оқу залы бар ғимарат есігін айырбастап, “ашық кітап” күнін өткізді.',
    content_html:
      '<p>Кітапхана қорында әдебиет, ғылым және өнер жөніндегі мыңдаған кітап бар.</p>' +
      '<h2>Оқу залы</h2><p>Жаңа ғимараттағы зал түнгі уақытта да жұмыс істейді: «Біз әр оқырманды күтеміз», — деді директор.</p>',
    url: 'https://steppe.example/kk/library',
    image: { url: 'https://steppe.example/img/library.jpg', caption: 'Кітапхананың оқу залы', credit: 'Дала агенттігі' },
    authors: [{ name: 'Гүлнұр Әбілқызы', url: 'https://steppe.example/authors/gulnur' }, { name: 'Ерһан Өтегенұлы' }],
    source: { name: 'Оңтүстік жаршысы', url: 'https://south.example/' },
    tags: ['Шымкент', 'Мәдениет'],
    language: 'kk',
    date_published: '2026-11-20T09:30:00+05:00',
    date_modified: '2026-11-20T11:15:30+05:00',
  });
}

/** Russian, a source without a URL, an author with one, no image. */
export function russianBuses(): StoredArticle {
  return stored({
    id: 'ru-buses-2026',
    title: 'В Караганде вышли на линию первые электробусы — «тихий» транспорт ⚡',
    summary: 'Городской парк пополнился двадцатью машинами; проезд в первую неделю бесплатный.',
    content_html: '<p>Водители прошли обучение заранее.</p><blockquote>«Салон тёплый, шум почти не слышен», — рассказала пассажирка.</blockquote>',
    url: 'https://steppe.example/ru/buses',
    authors: [{ name: 'Дмитрий Ли', url: 'https://steppe.example/authors/li' }],
    source: { name: 'Карагандинский курьер' },
    tags: ['Караганда', 'Транспорт'],
    language: 'ru',
    date_published: '2026-11-21T12:00:00+05:00',
  });
}

/** English with “curly” quotes, apostrophes and emoji; no url, summary, authors, language. */
export function englishFerry(): StoredArticle {
  return stored(
    {
      id: 'en-ferry-2026',
      title: 'Caspian ferry timetable changes for winter ⛴️ — “fewer, longer crossings”',
      content_html: "<p>The port's operator said crossings will run twice a week.</p><p>Freight bookings open on Monday.</p>",
      tags: ['Transport'],
      date_published: '2026-11-22T08:00:00Z',
    },
    { publisher: 'caspian-wire', publisher_name: 'Caspian Wire' },
  );
}

/** The three articles test/helpers/fixtures.ts already gives, as stored records. */
export function helperArticles(): StoredArticle[] {
  return [stored(kazakhArticle()), stored(russianArticle()), stored(englishArticle())];
}

export function feedDocument(articles: StoredArticle[], overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    title: 'newswire',
    description: 'Новости степи — Дала жаңалықтары — news from the steppe',
    homeUrl: `${SITE}/`,
    selfUrl: `${SITE}/feed.xml`,
    hubUrl: `${SITE}/websub`,
    alternates: { rss: `${SITE}/feed.rss`, atom: `${SITE}/feed.atom`, json: `${SITE}/feed.json` },
    iconUrl: `${SITE}/icon.svg`,
    logo: { url: `${SITE}/logo-144.png`, width: 144, height: 144 },
    extensionDocsUrl: `${SITE}/docs#newswire-extension`,
    updated: new Date('2026-11-22T08:00:00Z'),
    articles,
    articlePageUrl: (a) => `${SITE}/a/${a.publisher}/${a.id}`,
    tagPageUrl: (t) => `${SITE}/tags/${encodeURIComponent(t)}`,
    ...overrides,
  };
}

export function multilingualDocument(overrides: Partial<FeedDocument> = {}): FeedDocument {
  return feedDocument([englishFerry(), russianBuses(), kazakhLibrary(), ...helperArticles()], {
    nextUrl: `${SITE}/feed.xml?before=2026-11-20`,
    ...overrides,
  });
}

/** The cover figure each fixture with an image leads its content with, written out. */
export const COVER_FIGURES: Readonly<Record<string, string>> = {
  'kk-library-2026':
    '<figure><img src="https://steppe.example/img/library.jpg" alt="Кітапхананың оқу залы"><figcaption>Кітапхананың оқу залы <small>Фото: Дала агенттігі</small></figcaption></figure>',
  'kk-metro-1':
    '<figure><img src="https://steppe.example/img/metro.jpg" alt="Жаңа бекеттің кіреберісі"><figcaption>Жаңа бекеттің кіреберісі <small>Фото: Дала агенттігі</small></figcaption></figure>',
};

/** What an independent parser read back from one entry (feed-extractor's field names). */
export interface ParsedEntry {
  title?: string;
  link?: string;
  published?: string;
  content?: unknown;
  description?: string;
  summary?: unknown;
}

/**
 * Every entry a parser read back must carry its article's title, link, date and content
 * exactly. `publishedOf` says which date the parser reports as "published" for the format.
 */
export function expectEntriesRoundTrip(
  entries: readonly ParsedEntry[],
  doc: FeedDocument,
  publishedOf: (a: StoredArticle) => string,
  summaryField: 'description' | 'summary',
): void {
  expect(entries).toHaveLength(doc.articles.length);
  doc.articles.forEach((a, i) => {
    const e = entries[i];
    expect(e?.title).toBe(a.title);
    expect(e?.link).toBe(a.url ?? doc.articlePageUrl(a));
    expect(e?.published).toBe(new Date(publishedOf(a)).toISOString());
    expect(e?.content).toBe((COVER_FIGURES[a.id] ?? '') + a.content_html);
    if (a.summary !== undefined) expect(e?.[summaryField]).toBe(a.summary);
  });
}
