import { extractFromJson } from '@extractus/feed-extractor';
import { describe, expect, it } from 'vitest';
import { renderJsonFeed } from '../../src/render/json-feed';
import { COVER_FIGURES, englishFerry, expectEntriesRoundTrip, feedDocument, kazakhLibrary, multilingualDocument, russianBuses, SITE } from './fixtures';
import { jsonFeedViolations, type Json } from '../helpers/format-rules';

type Obj = { [key: string]: Json };

function itemFor(feed: Obj, title: string): Obj {
  const items = feed.items as Obj[];
  const item = items.find((i) => i.title === title);
  if (!item) throw new Error(`no item titled ${title}`);
  return item;
}

describe('renderJsonFeed', () => {
  const doc = multilingualDocument({ selfUrl: `${SITE}/feed.json`, language: 'ru' });
  const json = renderJsonFeed(doc);
  const feed = JSON.parse(json) as Obj;

  it('satisfies JSON Feed 1.1', () => {
    expect(jsonFeedViolations(feed)).toEqual([]);
  });

  it('describes the feed: version, title, URLs, icon, language and next_url', () => {
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'newswire',
      home_page_url: `${SITE}/`,
      feed_url: `${SITE}/feed.json`,
      description: doc.description,
      next_url: doc.nextUrl,
      icon: doc.iconUrl,
      language: 'ru',
    });
  });

  it('names the WebSub hub (JSON Feed 1.1 §Top-level hubs)', () => {
    expect(feed.hubs).toEqual([{ type: 'WebSub', url: 'https://newswire.example/websub' }]);
  });

  it('renders an empty listing with an empty items array', () => {
    const empty = JSON.parse(renderJsonFeed(feedDocument([]))) as Obj;
    expect(jsonFeedViolations(empty)).toEqual([]);
    expect(empty.items).toEqual([]);
  });

  it('omits next_url on the last page', () => {
    const last = JSON.parse(renderJsonFeed(feedDocument([englishFerry()]))) as Obj;
    expect('next_url' in last).toBe(false);
    expect('language' in last).toBe(false);
  });

  it('carries every field of a Kazakh article in JSON Feed vocabulary', () => {
    const a = kazakhLibrary();
    expect(itemFor(feed, a.title)).toEqual({
      id: 'tag:newswire.example,2026:steppe-daily/kk-library-2026',
      url: a.url,
      title: a.title,
      content_html: COVER_FIGURES['kk-library-2026'] + a.content_html,
      summary: a.summary,
      image: 'https://steppe.example/img/library.jpg',
      banner_image: 'https://steppe.example/img/library.jpg',
      date_published: '2026-11-20T09:30:00+05:00',
      date_modified: '2026-11-20T11:15:30+05:00',
      authors: [{ name: 'Гүлнұр Әбілқызы', url: 'https://steppe.example/authors/gulnur' }, { name: 'Ерһан Өтегенұлы' }],
      tags: ['Шымкент', 'Мәдениет'],
      language: 'kk',
      _newswire: {
        about: 'https://newswire.example/docs#newswire-extension',
        publisher: { id: 'steppe-daily', name: 'Steppe Daily' },
        source: { name: 'Оңтүстік жаршысы', url: 'https://south.example/' },
        image: { caption: 'Кітапхананың оқу залы', credit: 'Дала агенттігі' },
      },
    });
  });

  it('leaves absent fields out instead of writing null', () => {
    const item = itemFor(feed, englishFerry().title);
    expect(Object.keys(item).sort()).toEqual(['_newswire', 'content_html', 'date_published', 'id', 'tags', 'title', 'url']);
    expect(item.url).toBe(`${SITE}/a/caspian-wire/en-ferry-2026`);
    expect(item._newswire).toEqual({ about: 'https://newswire.example/docs#newswire-extension', publisher: { id: 'caspian-wire', name: 'Caspian Wire' } });
    expect(itemFor(feed, russianBuses().title)._newswire).toEqual({
      about: 'https://newswire.example/docs#newswire-extension',
      publisher: { id: 'steppe-daily', name: 'Steppe Daily' },
      source: { name: 'Карагандинский курьер' },
    });
  });

  it('round-trips title, link, date and text through @extractus/feed-extractor', () => {
    const parsed = extractFromJson(json, {
      descriptionMaxLen: 0,
      getExtraEntryFields: (e) => ({ content: e.content_html, summary: e.summary, modified: e.date_modified }),
    });
    expect(parsed.title).toBe(doc.title);
    expect(parsed.link).toBe(doc.homeUrl);
    expect(parsed.language).toBe('ru');
    const entries = parsed.entries ?? [];
    expectEntriesRoundTrip(entries, doc, (a) => a.date_published, 'summary');
    doc.articles.forEach((a, i) => {
      const modified = entries[i]?.modified;
      expect(entries[i]?.summary).toBe(a.summary);
      expect(modified === undefined ? undefined : Date.parse(String(modified))).toBe(a.date_modified === undefined ? undefined : Date.parse(a.date_modified));
    });
  });
});
