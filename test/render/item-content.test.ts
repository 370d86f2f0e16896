/**
 * One Kazakh story by three authors with a cover photo (caption and credit) and links its
 * publisher left relative, as every format carries it: the cover where readers look for it,
 * every author, and no link that means nothing away from this site.
 */
import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import { renderAtom } from '../../src/render/atom';
import { joinNames } from '../../src/render/byline';
import { resolveRelativeLinks } from '../../src/render/content-links';
import { renderJsonFeed } from '../../src/render/json-feed';
import { imageType } from '../../src/render/media-rss';
import { renderRss } from '../../src/render/rss';
import { atomViolations, jsonFeedViolations, rssViolations, type Json } from '../helpers/format-rules';
import { attr, kid, kids, NS, parseStrictXml, textOf } from '../helpers/strict-xml';
import { feedDocument, SITE, stored } from './fixtures';

/** No url of its own and a publisher with none registered: intake kept its links relative. */
function steppeFair(): StoredArticle {
  return stored({
    id: 'kk-fair-2026',
    title: 'Қарағандыда дала жәрмеңкесі ашылды',
    summary: 'Жәрмеңкеге облыстың барлық ауданынан шаруалар келді.',
    content_html:
      '<p>Жәрмеңке <a href="/kk/fair-map">картасы</a> мен <a href="#programme">бағдарламасы</a> жарияланды.</p>' +
      '<p><img src="img/stall.jpg" alt="Сауда орны" /></p><blockquote cite="https://south.example/q">«Бағалар төмен», — деді сатушы.</blockquote>',
    image: { url: 'https://steppe.example/img/fair.webp', caption: 'Жәрмеңке алаңы таңертең', credit: 'Д. Омаров / «Дала»' },
    authors: [
      { name: 'Айгерім Нұрланқызы', url: 'https://steppe.example/authors/aigerim' },
      { name: 'Бауыржан Сәрсенов' },
      { name: 'Гүлжан Төлеуова', url: 'https://steppe.example/authors/gulzhan' },
    ],
    tags: ['Қарағанды'],
    language: 'kk',
    date_published: '2026-11-23T10:00:00+05:00',
  });
}

const PAGE = `${SITE}/a/steppe-daily/kk-fair-2026`;
const FIGURE =
  '<figure><img src="https://steppe.example/img/fair.webp" alt="Жәрмеңке алаңы таңертең">' +
  '<figcaption>Жәрмеңке алаңы таңертең <small>Фото: Д. Омаров / «Дала»</small></figcaption></figure>';
const BODY =
  `<p>Жәрмеңке <a href="${SITE}/kk/fair-map">картасы</a> мен <a href="${PAGE}#programme">бағдарламасы</a> жарияланды.</p>` +
  `<p><img src="${SITE}/a/steppe-daily/img/stall.jpg" alt="Сауда орны" /></p><blockquote cite="https://south.example/q">«Бағалар төмен», — деді сатушы.</blockquote>`;

const doc = feedDocument([steppeFair()], { language: 'kk' });

describe('RSS item of a three-author story with a cover photo', () => {
  const xml = renderRss(doc);
  const root = parseStrictXml(xml).root;
  const item = kid(kid(root, '', 'channel'), '', 'item');

  it('is valid RSS 2.0', () => {
    expect(rssViolations(root)).toEqual([]);
  });

  it('names all three authors in one dc:creator, joined the Kazakh way', () => {
    expect(kids(item, NS.dc, 'creator').map((c) => c.text)).toEqual(['Айгерім Нұрланқызы, Бауыржан Сәрсенов және Гүлжан Төлеуова']);
  });

  it('gives the cover as media:content with type, caption and credit, and media:thumbnail; no enclosure', () => {
    expect(xml).toContain(
      '<media:content url="https://steppe.example/img/fair.webp" type="image/webp" medium="image">' +
        '<media:description type="plain">Жәрмеңке алаңы таңертең</media:description><media:credit>Д. Омаров / «Дала»</media:credit></media:content>' +
        '<media:thumbnail url="https://steppe.example/img/fair.webp"/>',
    );
    expect(kids(item, '', 'enclosure')).toEqual([]);
  });

  it('leads content:encoded with the figure, and resolves the relative links against the page here', () => {
    expect(textOf(item, NS.content, 'encoded')).toBe(FIGURE + BODY);
    expect(textOf(item, '', 'link')).toBe(PAGE);
  });
});

describe('Atom entry of the same story', () => {
  const xml = renderAtom(doc);
  const root = parseStrictXml(xml).root;
  const entry = kid(root, NS.atom, 'entry');

  it('is valid RFC 4287', () => {
    expect(atomViolations(root)).toEqual([]);
  });

  it('has one author element each, with uri when the person has a url', () => {
    expect(xml).toContain(
      '<author><name>Айгерім Нұрланқызы</name><uri>https://steppe.example/authors/aigerim</uri></author>' +
        '<author><name>Бауыржан Сәрсенов</name></author>' +
        '<author><name>Гүлжан Төлеуова</name><uri>https://steppe.example/authors/gulzhan</uri></author>',
    );
  });

  it('links the cover as an enclosure with its type, and carries it in Media RSS too', () => {
    expect(xml).toContain(`<link rel="alternate" type="text/html" href="${PAGE}"/><link rel="enclosure" type="image/webp" href="https://steppe.example/img/fair.webp"/>`);
    expect(attr(kid(entry, NS.media, 'content'), 'type')).toBe('image/webp');
    expect(attr(kid(entry, NS.media, 'thumbnail'), 'url')).toBe('https://steppe.example/img/fair.webp');
  });

  it('leads the html content with the figure, links resolved', () => {
    expect(textOf(entry, NS.atom, 'content')).toBe(FIGURE + BODY);
  });
});

describe('JSON Feed item of the same story', () => {
  const feed = JSON.parse(renderJsonFeed(doc)) as { items: { [key: string]: Json }[] };
  const item = feed.items[0] ?? {};

  it('is valid JSON Feed 1.1', () => {
    expect(jsonFeedViolations(feed)).toEqual([]);
  });

  it('has image and banner_image, all three authors with their urls, and the figure first in content_html', () => {
    expect(item.image).toBe('https://steppe.example/img/fair.webp');
    expect(item.banner_image).toBe('https://steppe.example/img/fair.webp');
    expect(item.authors).toEqual([
      { name: 'Айгерім Нұрланқызы', url: 'https://steppe.example/authors/aigerim' },
      { name: 'Бауыржан Сәрсенов' },
      { name: 'Гүлжан Төлеуова', url: 'https://steppe.example/authors/gulzhan' },
    ]);
    expect(item.content_html).toBe(FIGURE + BODY);
  });

  it('points the _newswire extension at its description', () => {
    expect(item._newswire).toEqual({
      about: 'https://newswire.example/docs#newswire-extension',
      publisher: { id: 'steppe-daily', name: 'Steppe Daily' },
      image: { caption: 'Жәрмеңке алаңы таңертең', credit: 'Д. Омаров / «Дала»' },
    });
  });
});

describe('the cover figure', () => {
  it('falls back to the headline for alt, and shows only what exists', () => {
    const noCaption = stored({ ...steppeFair(), image: { url: 'https://steppe.example/img/fair.jpg', credit: 'Reuters' }, language: 'ru' });
    const item = kid(kid(parseStrictXml(renderRss(feedDocument([noCaption]))).root, '', 'channel'), '', 'item');
    expect(textOf(item, NS.content, 'encoded')).toMatch(
      /^<figure><img src="https:\/\/steppe\.example\/img\/fair\.jpg" alt="Қарағандыда дала жәрмеңкесі ашылды"><figcaption><small>Фото: Reuters<\/small><\/figcaption><\/figure><p>/,
    );
    const bare = stored({ ...steppeFair(), image: { url: 'https://steppe.example/img/fair' }, language: 'en' });
    const json = JSON.parse(renderJsonFeed(feedDocument([bare]))) as { items: { content_html: string }[] };
    expect(json.items[0]?.content_html.startsWith('<figure><img src="https://steppe.example/img/fair" alt="Қарағандыда дала жәрмеңкесі ашылды"></figure><p>')).toBe(true);
  });

  it('leaves the MIME type out when the extension says nothing', () => {
    const bare = stored({ ...steppeFair(), image: { url: 'https://steppe.example/img/fair' } });
    const xml = renderAtom(feedDocument([bare]));
    expect(xml).toContain('<link rel="enclosure" href="https://steppe.example/img/fair"/>');
    expect(xml).toContain('<media:content url="https://steppe.example/img/fair" medium="image"/>');
  });
});

describe('joinNames', () => {
  it.each([
    ['kk', 'Әлия, Ерлан және Гүлнар'],
    ['kk-Cyrl-KZ', 'Әлия, Ерлан және Гүлнар'],
    ['ru', 'Әлия, Ерлан и Гүлнар'],
    ['en', 'Әлия, Ерлан and Гүлнар'],
    ['de', 'Әлия, Ерлан and Гүлнар'],
    [undefined, 'Әлия, Ерлан and Гүлнар'],
  ])('joins three names in %s', (language, expected) => {
    expect(joinNames(['Әлия', 'Ерлан', 'Гүлнар'], language)).toBe(expected);
  });

  it('joins two with the conjunction alone and leaves one as it is', () => {
    expect(joinNames(['Анна', 'Иван'], 'ru')).toBe('Анна и Иван');
    expect(joinNames(['Анна'], 'ru')).toBe('Анна');
  });
});

describe('imageType', () => {
  it.each([
    ['https://x.example/a.jpg', 'image/jpeg'],
    ['https://x.example/a.JPEG?w=800', 'image/jpeg'],
    ['https://x.example/a.png#top', 'image/png'],
    ['https://x.example/a.gif', 'image/gif'],
    ['https://x.example/a.webp', 'image/webp'],
    ['https://x.example/a.avif', 'image/avif'],
    ['https://x.example/logo.svg', 'image/svg+xml'],
    ['https://x.example/a.tiff', undefined],
    ['https://x.example/photo', undefined],
    ['https://x.example/.png', undefined],
    ['https://x.example/img.png/view', undefined],
    ['https://x.example/a?f=b.png', undefined],
  ])('%s → %s', (url, type) => {
    expect(imageType(url)).toBe(type);
  });
});

describe('resolveRelativeLinks', () => {
  const base = 'https://newswire.example/news/dala/story-1';

  it('leaves a body with only absolute links as it is', () => {
    const html = '<p><a href="https://dala.example/x">x</a><a href="mailto:desk@dala.example">m</a><img src="http://dala.example/i.png" /></p>';
    expect(resolveRelativeLinks(html, base)).toBe(html);
  });

  it('reads attributes in order, so text that only looks like a URL attribute is never rewritten', () => {
    expect(resolveRelativeLinks('<a title="x href=" href="/y">t</a> <p>src="z"</p>', base)).toBe(
      '<a title="x href=" href="https://newswire.example/y">t</a> <p>src="z"</p>',
    );
  });

  // Compared as booleans: a failing diff of a megabyte string would drown the report.
  it('finishes on megabytes of unclosed tags and unclosed attribute values', () => {
    const unclosedTags = '<a href="x" '.repeat(100_000);
    expect(resolveRelativeLinks(unclosedTags, base) === unclosedTags).toBe(true);
    const unclosedValues = '<a href="x '.repeat(100_000) + '>';
    expect(resolveRelativeLinks(unclosedValues, base) === unclosedValues).toBe(true);
    // Only the last `<a …>` is a tag; everything before it stays as it was.
    const run = '<a title="a" '.repeat(100_000);
    expect(resolveRelativeLinks(`${run}<a href="y">`, base) === `${run}<a href="https://newswire.example/news/dala/y">`).toBe(true);
  });

  it('resolves escaped references once and escapes the result', () => {
    expect(resolveRelativeLinks('<a href="?a=1&amp;b=%22">q</a><q cite="../cite">c</q>', base)).toBe(
      '<a href="https://newswire.example/news/dala/story-1?a=1&amp;b=%22">q</a><q cite="https://newswire.example/news/cite">c</q>',
    );
  });
});
