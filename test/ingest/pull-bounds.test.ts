import { env, reset } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../src/store/article-store';
import { shortHash } from '../../src/text/short-hash';
import { serveFixture } from '../helpers/upstream-stub';
import { pullHarness } from './pull-helpers';

/** Pulled items are kept when one tag cannot be indexed or a date is out of bounds; the report says what changed. */

beforeEach(async () => {
  await reset();
});

async function allKeys(): Promise<string[]> {
  return (await env.KV.list()).keys.map((k) => k.name);
}

describe('a category too long to index', () => {
  it('is dropped with a note; the item and its other tags are kept', async () => {
    const h = pullHarness();
    h.upstream.route('https://silkroad.example/rss', serveFixture('rss-category-too-long-to-index.xml'));
    await h.addSource({ url: 'https://silkroad.example/rss', publisher: 'silkroad' });

    const [report] = (await h.run()).pulled;
    expect(report).toMatchObject({ outcome: 'fetched', new: 1, errors: 0, item_errors: [] });
    expect(report?.item_notes).toEqual([
      'item 1: tag "北京天津上海广州深圳重庆成都武汉西安南京杭州苏州郑州长沙青岛沈阳大连厦门宁波济南哈尔滨长春福州" dropped: too long to index',
    ]);

    const stored = await new ArticleStore(env.KV).get('silkroad', await shortHash('guid:silkroad-khorgos-record'));
    expect(stored?.tags).toEqual(['Қорғас', 'Logistics']);
    expect((await allKeys()).filter((k) => k.startsWith('i:tag:')).length).toBe(2);
  });
});

describe('dates out of bounds', () => {
  it('date an item by its first sighting, as an undated one, and note a date more than one year ahead', async () => {
    const h = pullHarness('2026-11-25T06:00:00Z');
    h.upstream.route('https://pinned.example/rss', serveFixture('rss-far-future-dates.xml'));
    await h.addSource({ url: 'https://pinned.example/rss', publisher: 'pinned' });

    const [report] = (await h.run()).pulled;
    expect(report).toMatchObject({ outcome: 'fetched', new: 3, errors: 0, item_errors: [] });
    expect(report?.item_notes).toEqual(['item 1: date_published 2099-12-31T23:59:00Z is more than one year ahead; dated by first sighting instead']);

    const listed = await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher: 'pinned' }, 10);
    // The 2099 item no longer leads: it is dated by first sighting, like the 1898 one (the
    // feed-date parser reads no year before 1900); the two share a rank, so their order is the ids'.
    expect(Object.fromEntries(listed.items.map((a) => [a.title, a.date_published]))).toEqual({
      'Ескерту: жол жабылады': '2026-11-25T06:00:00Z',
      'Архив: первый номер газеты': '2026-11-25T06:00:00Z',
      'Rail timetable changes from December': '2026-11-24T08:00:00Z',
    });
    expect(listed.items[2]?.title).toBe('Rail timetable changes from December');
  });
});
