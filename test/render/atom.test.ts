import { extractFromXml } from '@extractus/feed-extractor';
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../src/render/atom';
import { COVER_FIGURES, englishFerry, expectEntriesRoundTrip, feedDocument, kazakhLibrary, multilingualDocument, russianBuses, SITE } from './fixtures';
import { atomViolations } from '../helpers/format-rules';
import { attr, kid, kids, NS, parseStrictXml, textOf, type XmlNode } from '../helpers/strict-xml';

const A = NS.atom;

function entryFor(feed: XmlNode, title: string): XmlNode {
  const entry = kids(feed, A, 'entry').find((e) => textOf(e, A, 'title') === title);
  if (!entry) throw new Error(`no entry titled ${title}`);
  return entry;
}

describe('renderAtom', () => {
  const doc = multilingualDocument({ selfUrl: `${SITE}/feed.atom` });
  const xml = renderAtom(doc);
  // Parsed inside each test, so an ill-formed document fails the tests by name.
  const feedOf = () => parseStrictXml(xml).root;

  it('is well-formed XML that satisfies RFC 4287', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(atomViolations(feedOf())).toEqual([]);
  });

  it('gives the feed id, title, updated, a feed-level author, icon and one link per relation', () => {
    const feed = feedOf();
    expect(textOf(feed, A, 'id')).toBe(`${SITE}/`);
    expect(textOf(feed, A, 'title')).toBe('newswire');
    expect(textOf(feed, A, 'subtitle')).toBe(doc.description);
    expect(textOf(feed, A, 'updated')).toBe('2026-11-22T08:00:00Z');
    expect(textOf(kid(feed, A, 'author'), A, 'name')).toBe('newswire');
    expect(textOf(feed, A, 'icon')).toBe(doc.iconUrl);
    expect(kids(feed, A, 'link').map((l) => [attr(l, 'rel'), attr(l, 'type'), attr(l, 'href')])).toEqual([
      ['alternate', 'text/html', `${SITE}/`],
      ['self', 'application/atom+xml', `${SITE}/feed.atom`],
      ['hub', undefined, 'https://newswire.example/websub'],
      ['alternate', 'application/rss+xml', doc.alternates.rss],
      ['alternate', 'application/feed+json', doc.alternates.json],
      ['next', 'application/atom+xml', doc.nextUrl],
    ]);
  });

  it('declares the feed language only when the document has one', () => {
    expect(attr(feedOf(), 'lang', NS.xml)).toBeUndefined();
    expect(attr(parseStrictXml(renderAtom(feedDocument([], { language: 'ru' }))).root, 'lang', NS.xml)).toBe('ru');
  });

  it('renders an empty listing as a valid feed with no entries', () => {
    const root = parseStrictXml(renderAtom(feedDocument([]))).root;
    expect(atomViolations(root)).toEqual([]);
    expect(kids(root, A, 'entry')).toEqual([]);
  });

  it('has no rel="next" on the last page', () => {
    const last = parseStrictXml(renderAtom(feedDocument([englishFerry()]))).root;
    expect(kids(last, A, 'link').map((l) => attr(l, 'rel'))).not.toContain('next');
  });

  it('carries every field of a Kazakh article in Atom vocabulary', () => {
    const feed = feedOf();
    const a = kazakhLibrary();
    const entry = entryFor(feed, a.title);
    expect(attr(entry, 'lang', NS.xml)).toBe('kk');
    expect(textOf(entry, A, 'id')).toBe('tag:newswire.example,2026:steppe-daily/kk-library-2026');
    expect(kids(entry, A, 'link').map((l) => [attr(l, 'rel'), attr(l, 'type'), attr(l, 'href')])).toEqual([
      ['alternate', 'text/html', a.url],
      ['enclosure', 'image/jpeg', 'https://steppe.example/img/library.jpg'],
    ]);
    expect(textOf(entry, A, 'published')).toBe('2026-11-20T09:30:00+05:00');
    expect(textOf(entry, A, 'updated')).toBe('2026-11-20T11:15:30+05:00');
    expect(kids(entry, A, 'author').map((p) => [textOf(p, A, 'name'), kids(p, A, 'uri')[0]?.text])).toEqual([
      ['Гүлнұр Әбілқызы', 'https://steppe.example/authors/gulnur'],
      ['Ерһан Өтегенұлы', undefined],
    ]);
    expect(kids(entry, A, 'category').map((c) => attr(c, 'term'))).toEqual(['Шымкент', 'Мәдениет']);
    const summary = kid(entry, A, 'summary');
    expect([summary.text, attr(summary, 'type')]).toEqual([a.summary, undefined]);
    const content = kid(entry, A, 'content');
    expect([content.text, attr(content, 'type')]).toEqual([COVER_FIGURES['kk-library-2026'] + a.content_html, 'html']);
    const source = kid(entry, A, 'source');
    // §4.2.11: the outlet's URL is its id; its feed was updated no earlier than this entry.
    expect(textOf(source, A, 'id')).toBe('https://south.example/');
    expect(textOf(source, A, 'updated')).toBe('2026-11-20T11:15:30+05:00');
    expect(textOf(source, A, 'title')).toBe('Оңтүстік жаршысы');
    expect(attr(kid(source, A, 'link'), 'href')).toBe('https://south.example/');
    expect(textOf(entry, NS.dc, 'publisher')).toBe('Steppe Daily');
    const media = kid(entry, NS.media, 'content');
    expect([attr(media, 'url'), attr(media, 'type'), attr(media, 'medium')]).toEqual(['https://steppe.example/img/library.jpg', 'image/jpeg', 'image']);
    expect(kids(entry, NS.media, 'thumbnail').map((t) => attr(t, 'url'))).toEqual(['https://steppe.example/img/library.jpg']);
    expect(textOf(media, NS.media, 'description')).toBe('Кітапхананың оқу залы');
    expect(textOf(media, NS.media, 'credit')).toBe('Дала агенттігі');
  });

  it('uses date_published as updated when the article was never modified', () => {
    const feed = feedOf();
    const entry = entryFor(feed, russianBuses().title);
    expect(textOf(entry, A, 'updated')).toBe('2026-11-21T12:00:00+05:00');
    expect(textOf(entry, A, 'published')).toBe('2026-11-21T12:00:00+05:00');
    expect(kids(kid(entry, A, 'source'), A, 'link')).toEqual([]);
    // A source without a URL gets an id minted from its name (percent-encoded: an IRI in ASCII).
    expect(textOf(kid(entry, A, 'source'), A, 'id')).toBe(
      'tag:newswire.example,2026:source:%D0%9A%D0%B0%D1%80%D0%B0%D0%B3%D0%B0%D0%BD%D0%B4%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9%20%D0%BA%D1%83%D1%80%D1%8C%D0%B5%D1%80',
    );
    expect(textOf(kid(entry, A, 'source'), A, 'updated')).toBe('2026-11-21T12:00:00+05:00');
  });

  it('leaves an article without authors or language to the feed-level author and language', () => {
    const feed = feedOf();
    const entry = entryFor(feed, englishFerry().title);
    expect(kids(entry, A, 'author')).toEqual([]);
    expect(attr(entry, 'lang', NS.xml)).toBeUndefined();
    expect(attr(kid(entry, A, 'link'), 'href')).toBe(`${SITE}/a/caspian-wire/en-ferry-2026`);
    expect(kids(entry, A, 'summary')).toEqual([]);
  });

  it('round-trips title, link, date and text through @extractus/feed-extractor', () => {
    const parsed = extractFromXml(xml, {
      descriptionMaxLen: 0,
      getExtraEntryFields: (e) => ({ content: (e.content as Record<string, unknown>)['#text'] }),
    });
    expect(parsed.title).toBe(doc.title);
    expect(parsed.link).toBe(doc.homeUrl);
    expect(parsed.published).toBe(doc.updated.toISOString());
    // feed-extractor reports Atom's <updated> as "published".
    expectEntriesRoundTrip(parsed.entries ?? [], doc, (a) => a.date_modified ?? a.date_published, 'description');
  });
});
