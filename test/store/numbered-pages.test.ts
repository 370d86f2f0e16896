import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ArticleStore } from '../../src/store/article-store';
import { rankOf } from '../../src/store/keys';
import { countingKv } from '../helpers/counting-kv';

// Numbered pages (`/news?page=N`) are found by position: KV lists only forward, so page N
// walks past the entries of pages 1…N−1, a thousand keys per list().

const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2020, 0, 1);

/** Index entries only (listRefsAt reads no record): `n` stories of one publisher, one a day; id sNNNN is day NNNN. */
async function seedIndex(publisher: string, n: number, markers: readonly number[] = []): Promise<void> {
  const puts: Promise<void>[] = [];
  for (let day = 1; day <= n; day++) {
    const key = `i:pub:${publisher}:${rankOf(new Date(START + day * DAY).toISOString())}:${publisher}:s${String(day).padStart(4, '0')}`;
    const removed = markers.includes(day);
    puts.push(env.KV.put(key, '', { metadata: removed ? { v: '', t: '', m: 1, d: 1 } : { v: `v${day}`, t: `Story ${day}`, m: 1 } }));
  }
  await Promise.all(puts);
}

const ids = (refs: readonly { id: string }[]) => refs.map((r) => r.id);

describe('numbered pages', () => {
  it('page 1 and page 2 each cost one list, of exactly the keys up to the page end', async () => {
    await seedIndex('np-small', 12);
    const counter = countingKv(env.KV);
    const store = new ArticleStore(counter.kv);
    const one = await store.listRefsAt({ kind: 'publisher', publisher: 'np-small' }, 5, 0);
    expect(ids(one.items)).toEqual(['s0012', 's0011', 's0010', 's0009', 's0008']);
    expect(one.cursor).toBeDefined();
    const three = await store.listRefsAt({ kind: 'publisher', publisher: 'np-small' }, 5, 10);
    expect(ids(three.items)).toEqual(['s0002', 's0001']);
    expect(three.cursor).toBeUndefined();
    expect(counter.counts).toEqual({ get: 0, list: 2, put: 0, delete: 0 });
  });

  it('markers do not count as stories: before the page they shift it, inside it they are reported', async () => {
    await seedIndex('np-markers', 12, [11, 6]);
    const store = new ArticleStore(env.KV);
    // Live, newest first: 12 10 9 8 7 5 4 3 2 1. Page 2 of 3 a page: 8 7 5, with 6 removed inside it.
    const two = await store.listRefsAt({ kind: 'publisher', publisher: 'np-markers' }, 3, 3);
    expect(ids(two.items)).toEqual(['s0008', 's0007', 's0005']);
    expect(ids(two.removed)).toEqual(['s0006']);
  });

  it('past the first thousand entries a page costs one more list; past four thousand it is empty', async () => {
    await seedIndex('np-deep', 1030);
    const counter = countingKv(env.KV);
    const store = new ArticleStore(counter.kv);
    const page40 = await store.listRefsAt({ kind: 'publisher', publisher: 'np-deep' }, 25, 975);
    expect(ids(page40.items)).toEqual(Array.from({ length: 25 }, (_, i) => `s${String(55 - i).padStart(4, '0')}`));
    expect(counter.counts.list).toBe(1);
    counter.reset();
    const page41 = await store.listRefsAt({ kind: 'publisher', publisher: 'np-deep' }, 25, 1000);
    expect(ids(page41.items)).toEqual(Array.from({ length: 25 }, (_, i) => `s${String(30 - i).padStart(4, '0')}`));
    expect(counter.counts.list).toBe(2);
    counter.reset();
    const beyond = await store.listRefsAt({ kind: 'publisher', publisher: 'np-deep' }, 25, 4000);
    expect(beyond).toEqual({ items: [], removed: [], cursor: undefined });
    // 1 030 keys: the walk ends with the keys, well before the fourth list.
    expect(counter.counts.list).toBe(2);
  });
});
