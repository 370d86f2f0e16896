import { extractFromXml } from '@extractus/feed-extractor';
import { describe, expect, it } from 'vitest';
import { renderRss } from '../../src/render/rss';
import { COVER_FIGURES, englishFerry, expectEntriesRoundTrip, feedDocument, kazakhLibrary, multilingualDocument, russianBuses, SITE } from './fixtures';
import { rssViolations } from '../helpers/format-rules';
import { attr, kid, kids, NS, parseStrictXml, textOf, type XmlNode } from '../helpers/strict-xml';

function channelOf(xml: string): XmlNode {
  return kid(parseStrictXml(xml).root, '', 'channel');
}

function itemFor(channel: XmlNode, title: string): XmlNode {
  const item = kids(channel, '', 'item').find((i) => textOf(i, '', 'title') === title);
  if (!item) throw new Error(`no item titled ${title}`);
  return item;
}

describe('renderRss', () => {
  const doc = multilingualDocument({ language: 'kk' });
  const xml = renderRss(doc);

  it('is a well-formed UTF-8 XML 1.0 document that satisfies RSS 2.0', () => {
    const parsed = parseStrictXml(xml);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(parsed.encoding).toBe('UTF-8');
    expect(rssViolations(parsed.root)).toEqual([]);
  });

  it('describes the channel: title, links (WebSub hub included), language, lastBuildDate, icon and RFC 5005 next', () => {
    const channel = channelOf(xml);
    expect(textOf(channel, '', 'title')).toBe('newswire');
    expect(textOf(channel, '', 'link')).toBe(`${SITE}/`);
    expect(textOf(channel, '', 'description')).toBe(doc.description);
    expect(textOf(channel, '', 'language')).toBe('kk');
    expect(textOf(channel, '', 'lastBuildDate')).toBe('Sun, 22 Nov 2026 08:00:00 GMT');
    const links = kids(channel, NS.atom, 'link').map((l) => [attr(l, 'rel'), attr(l, 'type'), attr(l, 'href')]);
    expect(links).toEqual([
      ['self', 'application/rss+xml', doc.selfUrl],
      ['hub', undefined, 'https://newswire.example/websub'],
      ['alternate', 'application/atom+xml', doc.alternates.atom],
      ['alternate', 'application/feed+json', doc.alternates.json],
      ['next', 'application/rss+xml', doc.nextUrl],
    ]);
    // A PNG (RSS 2.0 §image: GIF, JPEG or PNG), with its size: the W3C validator warns otherwise.
    const image = kid(channel, '', 'image');
    expect(['url', 'title', 'link', 'width', 'height'].map((name) => textOf(image, '', name))).toEqual([
      'https://newswire.example/logo-144.png',
      'newswire',
      `${SITE}/`,
      '144',
      '144',
    ]);
  });

  it('omits rel="next", <language> and <image> when the document has none', () => {
    const channel = channelOf(renderRss(feedDocument([englishFerry()], { logo: undefined })));
    expect(kids(channel, NS.atom, 'link').map((l) => attr(l, 'rel'))).not.toContain('next');
    expect(kids(channel, '', 'language')).toEqual([]);
    expect(kids(channel, '', 'image')).toEqual([]);
  });

  it('renders an empty listing as a valid channel with no items', () => {
    const root = parseStrictXml(renderRss(feedDocument([]))).root;
    expect(rssViolations(root)).toEqual([]);
    expect(kids(kid(root, '', 'channel'), '', 'item')).toEqual([]);
  });

  it('carries every field of a Kazakh article in RSS vocabulary', () => {
    const a = kazakhLibrary();
    const item = itemFor(channelOf(xml), a.title);
    expect(textOf(item, '', 'link')).toBe(a.url);
    expect(textOf(item, '', 'description')).toBe(a.summary);
    expect(textOf(item, NS.content, 'encoded')).toBe(COVER_FIGURES['kk-library-2026'] + a.content_html);
    const guid = kid(item, '', 'guid');
    expect([guid.text, attr(guid, 'isPermaLink')]).toEqual(['tag:newswire.example,2026:steppe-daily/kk-library-2026', 'false']);
    expect(textOf(item, '', 'pubDate')).toBe('Fri, 20 Nov 2026 04:30:00 GMT');
    expect(textOf(item, NS.atom, 'updated')).toBe('2026-11-20T11:15:30+05:00');
    expect(kids(item, NS.dc, 'creator').map((c) => c.text)).toEqual(['Гүлнұр Әбілқызы және Ерһан Өтегенұлы']);
    expect(kids(item, '', 'author')).toEqual([]);
    expect(kids(item, '', 'category').map((c) => c.text)).toEqual(['Шымкент', 'Мәдениет']);
    expect(textOf(item, NS.dc, 'language')).toBe('kk');
    expect(textOf(item, NS.dc, 'publisher')).toBe('Steppe Daily');
    const source = kid(item, '', 'source');
    expect([source.text, attr(source, 'url')]).toEqual(['Оңтүстік жаршысы', 'https://south.example/']);
    const media = kid(item, NS.media, 'content');
    expect([attr(media, 'url'), attr(media, 'type'), attr(media, 'medium')]).toEqual(['https://steppe.example/img/library.jpg', 'image/jpeg', 'image']);
    expect(kids(item, NS.media, 'thumbnail').map((t) => attr(t, 'url'))).toEqual(['https://steppe.example/img/library.jpg']);
    expect(kids(item, '', 'enclosure')).toEqual([]);
    expect(textOf(media, NS.media, 'description')).toBe('Кітапхананың оқу залы');
    expect(textOf(media, NS.media, 'credit')).toBe('Дала агенттігі');
  });

  it('puts a source without a URL in dc:source, since RSS <source> requires url', () => {
    const item = itemFor(channelOf(xml), russianBuses().title);
    expect(kids(item, '', 'source')).toEqual([]);
    expect(textOf(item, NS.dc, 'source')).toBe('Карагандинский курьер');
  });

  it('links an article without its own URL to its page here, and describes it by its body', () => {
    const a = englishFerry();
    const item = itemFor(channelOf(xml), a.title);
    expect(textOf(item, '', 'link')).toBe(`${SITE}/a/caspian-wire/en-ferry-2026`);
    expect(textOf(item, '', 'description')).toBe(a.content_html);
    expect(kids(item, NS.dc, 'creator')).toEqual([]);
    expect(kids(item, NS.atom, 'updated')).toEqual([]);
    expect(kids(item, NS.dc, 'language')).toEqual([]);
  });

  it('HTML-escapes a plain-text lede, because RSS description is HTML', () => {
    const a = { ...englishFerry(), summary: 'Fares rise <5% & more' };
    const item = kid(channelOf(renderRss(feedDocument([a]))), '', 'item');
    expect(textOf(item, '', 'description')).toBe('Fares rise &lt;5% &amp; more');
  });

  it('round-trips title, link, date and text through @extractus/feed-extractor', () => {
    const parsed = extractFromXml(xml, {
      descriptionMaxLen: 0,
      getExtraEntryFields: (e) => ({ content: e['content:encoded'] }),
    });
    expect(parsed.title).toBe(doc.title);
    expect(parsed.link).toBe(doc.homeUrl);
    expect(parsed.language).toBe('kk');
    expect(parsed.published).toBe(doc.updated.toISOString());
    expectEntriesRoundTrip(parsed.entries ?? [], doc, (a) => a.date_published, 'description');
  });
});
