import { env, reset } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestItems, type PulledSink } from '../../src/ingest/upstream/ingest-items';
import { publisherStub, publisherWritesThrough } from '../helpers/publisher-objects';
import type { ItemMapper } from '../../src/ingest/upstream/plan-item';
import { readFeed, type ReadOptions } from '../../src/ingest/upstream/read-feed';
import { RunBudget } from '../../src/ingest/upstream/run-budget';
import { toArticleInput } from '../../src/ingest/upstream/to-article';
import { ArticleStore } from '../../src/store/article-store';
import { shortHash } from '../../src/text/short-hash';
import { SourceStore, type SeenItem, type SourceRecord } from '../../src/store/source-store';
import { call } from '../helpers/client';
import { recordingKv } from '../helpers/upstream-stub';
import { articleKeys, pullHarness } from './pull-helpers';
import { newSourceRecord } from '../../src/ingest/new-source';

/**
 * Only new or changed items cost mapping: the cap applies while the document is walked,
 * and an item read as it was on the last pull is not mapped again.
 */

beforeEach(async () => {
  await reset();
});

const FEED = 'https://steppe.example/rss.xml';
const HEADLINES = ['Жаңа көпір ашылды', 'В Караганде открыли библиотеку', 'Wind farm starts test runs'];

function rssItem(i: number, opts: { title?: string; dated?: boolean } = {}): string {
  const date = opts.dated === false ? '' : `<pubDate>Tue, 24 Nov 2026 ${String(10 + (i % 12)).padStart(2, '0')}:00:00 +0500</pubDate>`;
  return (
    `<item><title>${opts.title ?? `${HEADLINES[i % 3]} №${i}`}</title><link>https://steppe.example/n/${i}</link>` +
    `<guid isPermaLink="false">steppe-${i}</guid>${date}<category>Қала</category>` +
    `<description><![CDATA[<p>Мәтін ${i}: <a href="/ref/${i}">сілтеме</a> &amp; more.</p>]]></description></item>\n`
  );
}

function rss(items: string[]): Uint8Array {
  return new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Steppe</title><link>https://steppe.example/</link>` +
      `<lastBuildDate>Tue, 24 Nov 2026 12:00:00 +0500</lastBuildDate>\n${items.join('')}</channel></rss>\n`,
  );
}

const fifty = (edit: (i: number) => string | undefined = () => undefined) => rss(Array.from({ length: 50 }, (_, i) => edit(i) ?? rssItem(i)));

/** A mapper that counts its calls and otherwise maps as a pull does. */
function countingMapper() {
  const mapped: string[] = [];
  const map: ItemMapper = (item, ctx) => {
    mapped.push(item.guid ?? '');
    return toArticleInput(item, ctx);
  };
  return { map, mapped };
}

/** One document through readFeed → ingestItems, as a pull does it, with the seen-map carried over. */
async function ingestDocument(source: SourceRecord, bytes: Uint8Array, now: Date, opts: ReadOptions = {}) {
  const kv = recordingKv(env.KV);
  await publisherWritesThrough(source.publisher, kv.kv);
  const budget = new RunBudget(kv.kv, { fetches: 45, kvOps: 900 });
  const mapper = countingMapper();
  const read = await readFeed(bytes, 'application/rss+xml', FEED, 200, source.seen, opts);
  const sink: PulledSink = (items) => publisherStub(source.publisher).ingestPulled(source.publisher, source.name, items, now.getTime());
  const outcome = await ingestItems(read, source, budget, sink, { map: mapper.map }, now);
  return { ...outcome, read, mapped: mapper.mapped, puts: kv.puts, next: { ...source, seen: outcome.seen } };
}

function newSource(): SourceRecord {
  return newSourceRecord({ url: FEED, name: 'Steppe', publisher: 'steppe' }, new Date('2026-11-25T06:00:00Z'));
}

describe('the item cap applies while the document is walked', () => {
  it('reads 200 entries of a 300 000-entry JSON Feed and counts the rest', async () => {
    const h = pullHarness();
    // The 200 kept entries have no id or url (each an error); every entry past them is not
    // an object, so reading any of them would count it unreadable.
    const body = `{"version":"https://jsonfeed.org/version/1.1","title":"Big","items":[${'{},'.repeat(200)}${'7,'.repeat(299_799)}7]}`;
    h.upstream.route('https://big.example/feed.json', () => new Response(body, { headers: { 'content-type': 'application/feed+json' } }));
    const source = await h.addSource({ url: 'https://big.example/feed.json', publisher: 'big' });
    const [report] = (await h.run()).pulled;
    expect(report).toMatchObject({ outcome: 'fetched', new: 0, errors: 200, beyond_cap: 299_800 });
    expect((await h.source(source.id)).health).toMatchObject({ items_seen: 300_000, consecutive_failures: 0 });
  });

  it('keeps the first 200 items of an RSS document, in document order', async () => {
    const read = await readFeed(rss(Array.from({ length: 230 }, (_, i) => rssItem(i))), null, FEED, 200, {});
    expect(read.entries).toHaveLength(200);
    expect(read.total).toBe(230);
    const guids = read.entries.map((e) => (e.kind === 'read' ? e.item.guid : e.id));
    expect(guids[0]).toBe('steppe-0');
    expect(guids[199]).toBe('steppe-199');
  });
});

describe('an unchanged item is not mapped again', () => {
  it('maps 50 items on the first pull and only the changed one on the next, writing only its keys', async () => {
    const source = newSource();
    const first = await ingestDocument(source, fifty(), new Date('2026-11-25T06:00:00Z'));
    expect(first.counts).toMatchObject({ new: 50, updated: 0, unchanged: 0, errors: 0 });
    expect(first.mapped).toHaveLength(50);

    const second = await ingestDocument(first.next, fifty((i) => (i === 7 ? rssItem(7, { title: 'Алматы: жаңа саябақ ашылды' }) : undefined)), new Date('2026-11-25T06:30:00Z'));
    expect(second.mapped).toEqual(['steppe-7']);
    // The 49 others were not even parsed: only the changed item's bytes reached the parser.
    expect(second.read.feed.items.map((item) => item.guid)).toEqual(['steppe-7']);
    expect(second.counts).toMatchObject({ new: 0, updated: 1, unchanged: 49, errors: 0 });
    const id = await shortHash('guid:steppe-7');
    expect(articleKeys(second.puts).filter((k) => k.startsWith('a:'))).toEqual([`a:steppe:${id}`]);
    expect(articleKeys(second.puts).every((k) => k.endsWith(id))).toBe(true);
    const stored = await (await call(`/api/articles/steppe/${id}`)).json<{ title: string }>();
    expect(stored.title).toBe('Алматы: жаңа саябақ ашылды');
  });

  it('maps only the new item when the rest of the document changed no item', async () => {
    const source = newSource();
    const first = await ingestDocument(source, rss(Array.from({ length: 50 }, (_, i) => rssItem(i + 1))), new Date('2026-11-25T06:00:00Z'));
    const next = new TextDecoder().decode(rss(Array.from({ length: 50 }, (_, i) => rssItem(i)))).replace('12:00:00 +0500</lastBuildDate>', '12:30:00 +0500</lastBuildDate>');
    const second = await ingestDocument(first.next, new TextEncoder().encode(next), new Date('2026-11-25T06:30:00Z'));
    expect(second.mapped).toEqual(['steppe-0']);
    expect(second.counts).toMatchObject({ new: 1, updated: 0, unchanged: 49 });
    // Item 50 fell off the document: the seen-map holds this document's items only.
    expect(Object.keys(second.seen)).toHaveLength(50);
    expect(Object.hasOwn(second.seen, await shortHash('guid:steppe-50'))).toBe(false);
  });

  it('keeps the first-seen date of undated items, changed or not', async () => {
    const source = newSource();
    const undated = (i: number, title?: string) => rssItem(i, { dated: false, title });
    const first = await ingestDocument(source, rss([undated(0), undated(1)]), new Date('2026-11-25T06:00:00Z'));
    const [a, b] = await Promise.all([shortHash('guid:steppe-0'), shortHash('guid:steppe-1')]);
    expect(first.seen[a]?.d).toBe('2026-11-25T06:00:00Z');

    const second = await ingestDocument(first.next, rss([undated(0), undated(1, 'Түзетілген тақырып')]), new Date('2026-11-25T09:00:00Z'));
    expect(second.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect(second.seen[a]?.d).toBe('2026-11-25T06:00:00Z');
    expect(second.seen[b]?.d).toBe('2026-11-25T06:00:00Z');
    const stored = await new ArticleStore(env.KV).get('steppe', b);
    expect(stored).toMatchObject({ title: 'Түзетілген тақырып', date_published: '2026-11-25T06:00:00Z' });
  });

  it('maps every item again after a mapping-version bump, and writes nothing when the articles are the same', async () => {
    const source = newSource();
    const first = await ingestDocument(source, fifty(), new Date('2026-11-25T06:00:00Z'));
    const bumped = await ingestDocument(first.next, fifty(), new Date('2026-11-25T06:30:00Z'), { mappingVersion: 'm-test-next' });
    expect(bumped.mapped).toHaveLength(50);
    expect(bumped.counts).toMatchObject({ new: 0, updated: 0, unchanged: 50 });
    expect(articleKeys(bumped.puts)).toEqual([]);
    // Settled under the new version: the next pull maps nothing.
    const settled = await ingestDocument(bumped.next, fifty(), new Date('2026-11-25T07:00:00Z'), { mappingVersion: 'm-test-next' });
    expect(settled.mapped).toEqual([]);
  });

  it('reads a seen-map stored before raw hashes existed: maps once, writes nothing', async () => {
    const source = newSource();
    const first = await ingestDocument(source, fifty(), new Date('2026-11-25T06:00:00Z'));
    const legacy: Record<string, SeenItem> = {};
    for (const [id, entry] of Object.entries(first.seen)) legacy[id] = entry.d ? { h: entry.h, d: entry.d } : { h: entry.h };
    const after = await ingestDocument({ ...source, seen: legacy }, fifty(), new Date('2026-11-25T06:30:00Z'));
    expect(after.mapped).toHaveLength(50);
    expect(after.counts).toMatchObject({ new: 0, updated: 0, unchanged: 50 });
    expect(articleKeys(after.puts)).toEqual([]);
    expect(Object.values(after.seen).every((e) => typeof e.r === 'string')).toBe(true);
  });
});

describe('items cut from the bytes', () => {
  const kinds = (read: { entries: Array<{ kind: string }> }) => read.entries.map((e) => e.kind);

  it('steps over CDATA, comments and quoted ">" when cutting items', async () => {
    const tricky =
      `<item><title>Түнгі көпір</title><guid isPermaLink="false">steppe-cdata</guid><link>https://steppe.example/n/cdata?a=1&amp;b=&quot;&gt;&quot;</link>` +
      `<category domain="x>y">Қала</category><description><![CDATA[<p>before </item> middle <item> after</p>]]></description></item>\n<!-- <item><guid>ghost</guid></item> -->\n`;
    const source = newSource();
    const first = await ingestDocument(source, rss([rssItem(0), tricky, rssItem(2)]), new Date('2026-11-25T06:00:00Z'));
    expect(first.counts).toMatchObject({ new: 3, errors: 0 });
    expect(first.read.feed.items.map((item) => item.guid)).toEqual(['steppe-0', 'steppe-cdata', 'steppe-2']);

    const second = await ingestDocument(first.next, rss([rssItem(0), tricky, rssItem(2, { title: 'Жаңартылды' })]), new Date('2026-11-25T06:30:00Z'));
    expect(kinds(second.read)).toEqual(['known', 'known', 'read']);
    expect(second.counts).toMatchObject({ updated: 1, unchanged: 2 });
    const stored = await new ArticleStore(env.KV).get('steppe', await shortHash('guid:steppe-cdata'));
    expect(stored?.content_html).toBe('<p>before  middle  after</p>');
  });

  it('reads every item again when something outside the items that the mapping uses changes', async () => {
    const source = newSource();
    const first = await ingestDocument(source, fifty(), new Date('2026-11-25T06:00:00Z'));
    const withLanguage = new TextDecoder().decode(fifty()).replace('<lastBuildDate>', '<language>kk</language><lastBuildDate>');
    const second = await ingestDocument(first.next, new TextEncoder().encode(withLanguage), new Date('2026-11-25T06:30:00Z'));
    expect(second.mapped).toHaveLength(50);
    expect(second.counts).toMatchObject({ updated: 50, unchanged: 0 });
    const stored = await new ArticleStore(env.KV).get('steppe', await shortHash('guid:steppe-3'));
    expect(stored?.language).toBe('kk');
  });

  it('reads a document it cannot cut (a DOCTYPE) whole, and still maps only changed items', async () => {
    const source = newSource();
    const doctype = (bytes: Uint8Array) => new TextEncoder().encode(new TextDecoder().decode(bytes).replace('<rss ', '<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss '));
    const first = await ingestDocument(source, doctype(fifty()), new Date('2026-11-25T06:00:00Z'));
    expect(first.counts).toMatchObject({ new: 50 });
    const second = await ingestDocument(first.next, doctype(fifty((i) => (i === 9 ? rssItem(9, { title: 'Жаңа тақырып' }) : undefined))), new Date('2026-11-25T06:30:00Z'));
    expect(kinds(second.read).every((k) => k === 'read')).toBe(true);
    expect(second.mapped).toEqual(['steppe-9']);
    expect(second.counts).toMatchObject({ updated: 1, unchanged: 49 });
  });
});

describe('sanitized once, against the right base', () => {
  it('resolves relative links in a pulled body against xml:base', async () => {
    const h = pullHarness();
    const body =
      `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://cdn.steppe.example/media/">` +
      `<title>Steppe</title><entry><id>urn:steppe:1</id><title>Көпір</title><link href="https://steppe.example/n/1"/>` +
      `<updated>2026-11-24T10:00:00Z</updated><content type="html">&lt;p&gt;&lt;img src="bridge.jpg"&gt; &lt;a href="/about" onclick="x()"&gt;about&lt;/a&gt;&lt;/p&gt;</content></entry></feed>`;
    h.upstream.route('https://steppe.example/atom.xml', () => new Response(body, { headers: { 'content-type': 'application/atom+xml' } }));
    await h.addSource({ url: 'https://steppe.example/atom.xml', publisher: 'steppe' });
    expect((await h.run()).pulled[0]).toMatchObject({ new: 1 });
    const stored = await (await call(`/api/articles/steppe/${await shortHash('guid:urn:steppe:1')}`)).json<{ content_html: string }>();
    expect(stored.content_html).toBe('<p><img src="https://cdn.steppe.example/media/bridge.jpg" alt=""> <a href="https://cdn.steppe.example/about">about</a></p>');
  });
});
