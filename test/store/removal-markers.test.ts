import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import { ArticleStore } from '../../src/store/article-store';
import { countingKv } from '../helpers/counting-kv';

// Removed index entries stay behind as markers (so listings see the removal); a page still
// shows `size` stories and its cursor follows the last key looked at.

function article(publisher: string, id: string, day: number): StoredArticle {
  const date = new Date(Date.UTC(2026, 0, day)).toISOString();
  return { id, publisher, publisher_name: publisher, title: `Story ${id}`, content_html: '<p>Мәтін.</p>', date_published: date, tags: [], received_at: '2026-11-25T00:00:00.000Z' };
}

async function seed(publisher: string, days: number): Promise<void> {
  const store = new ArticleStore(env.KV);
  await Promise.all(Array.from({ length: days }, (_, i) => store.put(article(publisher, `d${String(i + 1).padStart(2, '0')}`, i + 1), null)));
}

describe('pages with removal markers', () => {
  it('a page without markers costs one list and one bulk get', async () => {
    await seed('clean', 6);
    const counter = countingKv(env.KV);
    const page = await new ArticleStore(counter.kv).listLatest({ kind: 'publisher', publisher: 'clean' }, 4);
    expect(page.items.map((a) => a.id)).toEqual(['d06', 'd05', 'd04', 'd03']);
    expect(counter.counts).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
  });

  it('fills page one past markers, and page two starts after the last story shown', async () => {
    await seed('fill', 10);
    const writer = new ArticleStore(env.KV);
    await writer.delete('fill', 'd09');
    await writer.delete('fill', 'd07');
    const counter = countingKv(env.KV);
    const store = new ArticleStore(counter.kv);
    const one = await store.listRefs({ kind: 'publisher', publisher: 'fill' }, 4);
    expect(one.items.map((r) => r.id)).toEqual(['d10', 'd08', 'd06', 'd05']);
    expect(one.removed.map((r) => r.id)).toEqual(['d09', 'd07']);
    // Four keys, two of them markers, then two more from KV's cursor.
    expect(counter.counts).toEqual({ get: 0, list: 2, put: 0, delete: 0 });
    counter.reset();
    const two = await store.listLatest({ kind: 'publisher', publisher: 'fill' }, 4, one.cursor);
    expect(two.items.map((a) => a.id)).toEqual(['d04', 'd03', 'd02', 'd01']);
    expect(counter.counts).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
  });

  it('stops after three lists in a run of markers; the next page resumes after the last key looked at', async () => {
    await seed('run', 9);
    const writer = new ArticleStore(env.KV);
    for (const id of ['d09', 'd08', 'd07', 'd06', 'd05', 'd04']) await writer.delete('run', id);
    const counter = countingKv(env.KV);
    const store = new ArticleStore(counter.kv);
    const one = await store.listRefs({ kind: 'publisher', publisher: 'run' }, 2);
    expect(one.items).toEqual([]);
    expect(one.removed.map((r) => r.id)).toEqual(['d09', 'd08', 'd07', 'd06', 'd05', 'd04']);
    expect(counter.counts.list).toBe(3);
    expect(one.cursor).toBeDefined();
    const two = await store.listRefs({ kind: 'publisher', publisher: 'run' }, 2, one.cursor);
    expect(two.items.map((r) => r.id)).toEqual(['d03', 'd02']);
  });

  it('a story put back where its marker lies is an entry again, without expiry', async () => {
    await seed('back', 2);
    const store = new ArticleStore(env.KV);
    await store.delete('back', 'd02');
    await store.put({ ...article('back', 'd02', 2), received_at: '2026-11-26T00:00:00.000Z' });
    const listed = await env.KV.list<{ m: number; d?: number }>({ prefix: 'i:pub:back:' });
    const entry = listed.keys.find((k) => k.name.endsWith(':back:d02'));
    expect(entry?.metadata?.d).toBeUndefined();
    expect(entry?.metadata?.m).toBe(1795651200);
    expect(entry?.expiration).toBeUndefined();
    expect((await store.listLatest({ kind: 'publisher', publisher: 'back' }, 5)).items.map((a) => a.id)).toEqual(['d02', 'd01']);
  });
});

describe('verified reads', () => {
  it('records that are the versions their entries name are verified with one bulk get', async () => {
    await seed('same', 3);
    const counter = countingKv(env.KV);
    const page = await new ArticleStore(counter.kv).listLatest({ kind: 'publisher', publisher: 'same' }, 3);
    expect(page.verified).toBe(true);
    expect(page.items.map((a) => a.id)).toEqual(['d03', 'd02', 'd01']);
    expect(counter.counts).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
  });

  it('a record that differs from its entry is read once more and leaves the page unverified', async () => {
    await seed('odd', 3);
    // The record as an edge cache could still hold it: another title than the index names.
    const stale = { ...article('odd', 'd02', 2), title: 'Ескі тақырып' };
    await env.KV.put('a:odd:d02', JSON.stringify(stale));
    const counter = countingKv(env.KV);
    const page = await new ArticleStore(counter.kv).listLatest({ kind: 'publisher', publisher: 'odd' }, 3);
    expect(page.verified).toBe(false);
    expect(page.items.map((a) => a.title)).toEqual(['Story d03', 'Ескі тақырып', 'Story d01']);
    expect(counter.counts).toEqual({ get: 2, list: 1, put: 0, delete: 0 });
  });

  it('an entry whose record is missing leaves the page unverified', async () => {
    await seed('hole', 2);
    await env.KV.delete('a:hole:d02');
    const page = await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher: 'hole' }, 3);
    expect(page.verified).toBe(false);
    expect(page.items.map((a) => a.id)).toEqual(['d01']);
  });

  it('an entry left behind by a record stored in a later second is skipped and the page stays verified', async () => {
    await seed('left', 2);
    // The day-9 entry a version stored at 2026-11-24T00:00:00Z (m 1795478400) had; the record
    // was stored again on 2026-11-25 and no longer claims it.
    await env.KV.put('i:pub:left:7998232083200000:left:d02', '', { metadata: { v: 'older', t: 'Story d02', m: 1795478400 } });
    const counter = countingKv(env.KV);
    const page = await new ArticleStore(counter.kv).listLatest({ kind: 'publisher', publisher: 'left' }, 3);
    expect(page.items.map((a) => a.id)).toEqual(['d02', 'd01']);
    expect(page.verified).toBe(true);
    expect(counter.counts).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
  });
});
