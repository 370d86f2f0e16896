/**
 * RFC 4287 §4.2.6: an entry's id never changes. Readers use RSS guid and JSON Feed id the same
 * way, so an update (new title, URL, dates, tags) must keep the id in all three formats.
 */
import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import { renderAtom } from '../../src/render/atom';
import { renderJsonFeed } from '../../src/render/json-feed';
import { renderRss } from '../../src/render/rss';
import { feedDocument, kazakhLibrary, russianBuses } from './fixtures';
import { kid, NS, parseStrictXml, textOf } from '../helpers/strict-xml';

function ids(article: StoredArticle): { rss: string; atom: string; json: string } {
  const doc = feedDocument([article]);
  const rssItem = kid(kid(parseStrictXml(renderRss(doc)).root, '', 'channel'), '', 'item');
  const atomEntry = kid(parseStrictXml(renderAtom(doc)).root, NS.atom, 'entry');
  const json = JSON.parse(renderJsonFeed(doc)) as { items: Array<{ id: string }> };
  return { rss: textOf(rssItem, '', 'guid'), atom: textOf(atomEntry, NS.atom, 'id'), json: json.items[0]?.id ?? '' };
}

describe('entry ids', () => {
  it('are one tag: URI from the site host, publisher and article id, in every format', () => {
    const id = 'tag:newswire.example,2026:steppe-daily/kk-library-2026';
    expect(ids(kazakhLibrary())).toEqual({ rss: id, atom: id, json: id });
  });

  it('do not change when the article is updated', () => {
    const before = kazakhLibrary();
    const after: StoredArticle = {
      ...before,
      title: 'Шымкент кітапханасы: түзетілген мәтін',
      url: 'https://steppe.example/kk/library-v2',
      tags: ['Мәдениет'],
      date_modified: '2026-11-25T08:00:00+05:00',
      received_at: '2026-11-25T03:00:01Z',
    };
    expect(ids(after)).toEqual(ids(before));
  });

  it('differ for the same article id from two publishers', () => {
    const a = russianBuses();
    expect(ids({ ...a, publisher: 'north-news' }).atom).not.toBe(ids(a).atom);
  });
});
