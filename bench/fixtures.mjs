// Deterministic benchmark articles, shaped like webhook payloads (ArticleInput).
// Article 0 is the newest; article i is i minutes older, so every store size shares its
// newest articles and a feed (the newest 50) has the same content at 100 and at 10 000.

export const PUBLISHERS = [
  { id: 'steppe-daily', name: 'Steppe Daily' },
  { id: 'dala-news', name: 'Дала жаңалықтары' },
  { id: 'caspian-wire', name: 'Каспийский вестник' },
];

const TAGS = ['Алматы', 'Астана', 'Экономика', 'Көлік', 'Culture', 'Energy', 'Мәдениет', 'Sport'];
const NEWEST = Date.parse('2026-11-24T12:00:00Z');
const MINUTE = 60_000;

const KK = 'Қала әкімдігі жаңа екі бекет қараша айының соңына дейін жолаушыларға ашылатынын хабарлады: ә ғ қ ң ө ұ ү һ і.';
const RU = 'Новый мост соединил два района столицы; строительство шло три года, «Мы гордимся результатом», — сказал инженер.';
const EN = 'Freight volumes recovered quickly as the rail corridor reopened, and analysts expect “more growth” next year 🚆.';

export function publisherOf(i) {
  return PUBLISHERS[i % PUBLISHERS.length];
}

export function articleDate(i) {
  return new Date(NEWEST - i * MINUTE).toISOString();
}

/** ~4 KB of body HTML, every optional field set: a long, realistic article. */
export function benchArticle(i) {
  const lang = ['kk', 'ru', 'en'][i % 3];
  const text = { kk: KK, ru: RU, en: EN }[lang];
  const paragraphs = Array.from({ length: 12 }, (_, p) => `<p>${text} <a href="https://steppe.example/ref/${i}/${p}">${p}</a> &amp; <em>№${i}</em></p>`);
  return {
    id: `bench-${String(i).padStart(5, '0')}`,
    title: `${{ kk: 'Алматы метросы жаңа бекеттерін ашты', ru: 'В Астане открыли мост через Ишим', en: 'Grain exports rise as rail corridor reopens' }[lang]} — «${i}» 🚧`,
    summary: text,
    content_html: `<h2>${i}</h2>${paragraphs.slice(0, 6).join('')}<blockquote><p>${text}</p></blockquote>${paragraphs.slice(6).join('')}`,
    url: `https://steppe.example/${lang}/story-${i}`,
    image: { url: `https://steppe.example/img/${i}.jpg`, caption: 'Жаңа бекеттің кіреберісі', credit: 'Дала агенттігі' },
    authors: [{ name: 'Әлия Сейітқызы', url: 'https://steppe.example/authors/aliya' }, { name: 'Ирина Ким' }],
    source: { name: 'Степной вестник', url: 'https://dala.example/' },
    tags: [TAGS[i % TAGS.length], TAGS[(i * 3 + 1) % TAGS.length]],
    language: lang,
    date_published: articleDate(i),
    date_modified: i % 4 === 0 ? new Date(Date.parse(articleDate(i)) + 30 * MINUTE).toISOString() : undefined,
  };
}

/** A fixed permutation of 0..n-1, so articles are stored out of date order. */
export function shuffledIndices(n) {
  const out = Array.from({ length: n }, (_, i) => i);
  let seed = 0x2545f491;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
