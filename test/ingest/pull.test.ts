import { env, reset } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../src/store/article-store';
import { shortHash } from '../../src/text/short-hash';
import { call } from '../helpers/client';
import { fixtureText } from '../helpers/fixture-files';
import { serveFixture } from '../helpers/upstream-stub';
import { articleKeys, pullHarness } from './pull-helpers';

const FEED = 'https://dala.example/rss.xml';

beforeEach(async () => {
  await reset();
});

function rssResponse(text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { headers: { 'content-type': 'application/rss+xml; charset=utf-8', ...headers } });
}

describe('first pull', () => {
  it('stores every item in the source publisher namespace, readable through the API and the listings', async () => {
    const h = pullHarness();
    h.upstream.route(FEED, serveFixture('rss-2.0-basic.xml'));
    await h.addSource({ url: FEED, name: 'Dala News', publisher: 'dala' });

    const run = await h.run();
    expect(run.pulled).toHaveLength(1);
    expect(run.pulled[0]).toMatchObject({ outcome: 'fetched', http_status: 200, new: 3, updated: 0, unchanged: 0, errors: 0 });

    const id = await shortHash('guid:dala-kk-park-2026');
    const res = await call(`/api/articles/dala/${id}`);
    expect(res.status).toBe(200);
    const article = await res.json<Record<string, unknown>>();
    expect(article).toMatchObject({ publisher: 'dala', publisher_name: 'Dala News', title: 'Шымкентте жаңа саябақ ашылды', source: { name: 'Оңтүстік хабаршысы' } });

    const listed = await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher: 'dala' }, 10);
    expect(listed.items.map((a) => a.title)).toEqual(['Шымкентте жаңа саябақ ашылды', 'В Караганде открыли новую библиотеку', 'Wind farm near Ereymentau starts test runs']);
  });

  it('defaults the publisher namespace to src-{id} and names it after the source', async () => {
    const h = pullHarness();
    h.upstream.route(FEED, serveFixture('rss-2.0-basic.xml'));
    const source = await h.addSource({ url: FEED, name: 'Dala News' });
    await h.run();
    const listed = await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher: `src-${source.id}` }, 10);
    expect(listed.items).toHaveLength(3);
    expect(listed.items.every((a) => a.publisher_name === 'Dala News')).toBe(true);
  });
});

describe('pulling again', () => {
  it('writes no article or index key when nothing changed', async () => {
    const h = pullHarness();
    const text = fixtureText('rss-2.0-basic.xml');
    let body = text;
    h.upstream.route(FEED, () => rssResponse(body));
    const source = await h.addSource({ url: FEED, publisher: 'dala', interval_minutes: 30 });
    await h.run();

    // The very same bytes: not even parsed.
    h.advance(30);
    h.kv.reset();
    expect((await h.run()).pulled[0]).toMatchObject({ outcome: 'unchanged-body', new: 0, updated: 0 });
    expect(articleKeys(h.kv.puts)).toEqual([]);
    // The lease, then the outcome.
    expect(h.kv.puts).toEqual([`s:${source.id}`, `s:${source.id}`]);

    // Different bytes, same stories (a generator timestamp comment): parsed, nothing written.
    body = text.replace('<channel>', '<channel><!-- built 06:30 -->');
    h.advance(30);
    h.kv.reset();
    expect((await h.run()).pulled[0]).toMatchObject({ outcome: 'fetched', new: 0, updated: 0, unchanged: 3 });
    expect(articleKeys(h.kv.puts)).toEqual([]);
    expect(h.kv.deletes).toEqual([]);
    expect(h.kv.puts).toEqual([`s:${source.id}`, `s:${source.id}`]);
  });

  it('replaces a changed item and leaves the others alone', async () => {
    const h = pullHarness();
    const text = fixtureText('rss-2.0-basic.xml');
    let body = text;
    h.upstream.route(FEED, () => rssResponse(body));
    await h.addSource({ url: FEED, publisher: 'dala' });
    await h.run();

    body = text.replace('В Караганде открыли новую библиотеку', 'В Караганде открыли новую городскую библиотеку').replace('<category>Культура</category>', '<category>Город</category>');
    h.advance(30);
    h.kv.reset();
    expect((await h.run()).pulled[0]).toMatchObject({ new: 0, updated: 1, unchanged: 2 });
    const id = await shortHash('guid:dala-ru-library-2026');
    expect(h.kv.puts).toContain(`a:dala:${id}`);
    // The index entry of the dropped tag becomes a removal marker (a put, not a delete), the new tag's
    // arrives. Rank 7998204558800000: 8·10^15 − epoch ms of the item's pubDate, 2026-11-23T13:40:00Z.
    expect(h.kv.puts).toContain(`i:tag:${encodeURIComponent('культура')}:7998204558800000:dala:${id}`);
    expect(h.kv.puts.some((k) => k.startsWith(`i:tag:${encodeURIComponent('город')}:`) && k.endsWith(id))).toBe(true);
    expect(h.kv.deletes).toEqual([]);
    const stored = await (await call(`/api/articles/dala/${id}`)).json<{ title: string; tags: string[] }>();
    expect(stored).toMatchObject({ title: 'В Караганде открыли новую городскую библиотеку', tags: ['Город'] });
  });

  it('keeps the first-seen date of undated items, so re-pulls change nothing', async () => {
    const h = pullHarness();
    const text = fixtureText('rss-missing-dates.xml');
    let body = text;
    h.upstream.route('https://undated.example/rss', () => rssResponse(body));
    await h.addSource({ url: 'https://undated.example/rss', publisher: 'undated' });
    await h.run();
    const first = await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher: 'undated' }, 10);
    expect(first.items.map((a) => a.date_published)).toEqual(['2026-11-25T06:00:00Z', '2026-11-25T06:00:00Z', '2026-11-25T06:00:00Z']);

    body = text.replace('<channel>', '<channel><!-- regenerated -->');
    h.advance(90);
    h.kv.reset();
    expect((await h.run()).pulled[0]).toMatchObject({ new: 0, updated: 0, unchanged: 3 });
    expect(articleKeys(h.kv.puts)).toEqual([]);
  });

  it('stores one article per guid or link and counts the repeats', async () => {
    const h = pullHarness();
    h.upstream.route('https://echo.example/rss', serveFixture('rss-duplicate-guids.xml'));
    await h.addSource({ url: 'https://echo.example/rss', publisher: 'echo' });
    const [report] = (await h.run()).pulled;
    expect(report).toMatchObject({ new: 2, duplicates: 2, errors: 1 });
    expect(report?.item_errors[0]).toMatch(/neither a guid\/id nor a link/);
    const stored = await (await call(`/api/articles/echo/${await shortHash('guid:echo-budget')}`)).json<{ title: string }>();
    expect(stored.title).toBe('Budget hearing moved to Thursday');
  });
});

describe('conditional GET', () => {
  it('sends the stored validators; a 304 costs no parsing and no article writes', async () => {
    const h = pullHarness();
    const etag = '"v1-dala"';
    const lastModified = 'Wed, 25 Nov 2026 05:55:00 GMT';
    h.upstream.route(FEED, ({ headers }) =>
      headers.get('if-none-match') === etag ? new Response(null, { status: 304, headers: { etag } }) : rssResponse(fixtureText('rss-2.0-basic.xml'), { etag, 'last-modified': lastModified }),
    );
    const source = await h.addSource({ url: FEED, publisher: 'dala' });
    await h.run();
    expect(h.upstream.requests[0]?.headers.get('if-none-match')).toBeNull();

    h.advance(30);
    h.kv.reset();
    const [report] = (await h.run()).pulled;
    const conditional = h.upstream.requests[1]?.headers;
    expect(conditional?.get('if-none-match')).toBe(etag);
    expect(conditional?.get('if-modified-since')).toBe(lastModified);
    expect(report).toMatchObject({ outcome: 'not-modified', http_status: 304, new: 0, updated: 0, unchanged: 0 });
    expect(h.kv.puts).toEqual([`s:${source.id}`, `s:${source.id}`]);
    expect(h.kv.deletes).toEqual([]);
    expect((await h.source(source.id)).health).toMatchObject({ last_status: 304, consecutive_failures: 0, items_seen: 3 });
  });
});

describe('hostile documents', () => {
  it('stores the XXE item with its entity unexpanded and fetches nothing but the listed URL', async () => {
    const h = pullHarness();
    h.upstream.route('https://curious.example/rss', serveFixture('xml-external-entity.xml'));
    await h.addSource({ url: 'https://curious.example/rss', publisher: 'curious' });
    expect((await h.run()).pulled[0]).toMatchObject({ new: 1 });
    expect(h.upstream.requests.map((r) => r.url)).toEqual(['https://curious.example/rss']);
    const stored = await (await call(`/api/articles/curious/${await shortHash('guid:xxe-1')}`)).json<{ title: string; content_html: string }>();
    expect(stored.title).toBe('Secrets: &xxe;');
    expect(stored.content_html).not.toContain('root:');
  });

  it('stores the billion-laughs item small', async () => {
    const h = pullHarness();
    h.upstream.route('https://laughs.example/rss', serveFixture('xml-billion-laughs.xml'));
    await h.addSource({ url: 'https://laughs.example/rss', publisher: 'laughs' });
    expect((await h.run()).pulled[0]).toMatchObject({ new: 1 });
    const res = await call(`/api/articles/laughs/${await shortHash('guid:laughs-1')}`);
    expect((await res.text()).length).toBeLessThan(1500);
  });
});
