import { env, reset } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import { ArticleStore, MAX_PAGE_SIZE } from '../../src/store/article-store';
import { countingKv } from '../helpers/counting-kv';

function article(publisher: string, id: string, date: string, tags: string[] = []): StoredArticle {
  return {
    id, publisher, publisher_name: publisher, title: `Headline ${id}`, content_html: '<p>body</p>',
    date_published: date, tags, received_at: '2026-11-25T00:00:00.000Z',
  };
}

async function allKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ prefix, cursor });
    keys.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return keys;
}

describe('index keys', () => {
  const store = new ArticleStore(env.KV);

  it('orders newest first across publishers, including dates before 1970 and after 2286', async () => {
    await store.put(article('p-one', 'old', '1969-07-20T20:17:00Z'));
    await store.put(article('p-two', 'new', '2026-11-25T10:00:00+05:00'));
    await store.put(article('p-one', 'mid', '2001-01-01T00:00:00Z'));
    await store.put(article('p-two', 'far', '2400-01-01T00:00:00Z'));
    const { items } = await store.listLatest({ kind: 'all' }, 10);
    expect(items.map((a) => a.id)).toEqual(['far', 'new', 'mid', 'old']);
    const onlyOne = await store.listLatest({ kind: 'publisher', publisher: 'p-one' }, 10);
    expect(onlyOne.items.map((a) => a.id)).toEqual(['mid', 'old']);
  });

  it('moves index entries when an update changes date and tags, leaving removal markers where they were', async () => {
    await store.put(article('p-three', 'moving', '2026-01-01T00:00:00Z', ['Алматы', 'Sport']));
    await store.put(article('p-three', 'moving', '2026-06-01T00:00:00Z', ['алматы', 'Weather']));
    // Rank 7998219728000000 = 8·10^15 − epoch ms of 2026-06-01T00:00:00Z; the first
    // spelling of a tag is kept, but it is indexed case-folded and percent-encoded.
    // The 2026-01-01 entries (rank 7998232774400000) stay as removal markers, so the listings
    // that held them see the change; readers skip them.
    const actual = (await allKeys('i:')).filter((k) => k.endsWith(':p-three:moving')).sort();
    expect(actual).toEqual([
      'i:all:7998219728000000:p-three:moving',
      'i:all:7998232774400000:p-three:moving',
      'i:pub:p-three:7998219728000000:p-three:moving',
      'i:pub:p-three:7998232774400000:p-three:moving',
      'i:tag:%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B:7998219728000000:p-three:moving',
      'i:tag:%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B:7998232774400000:p-three:moving',
      'i:tag:sport:7998232774400000:p-three:moving',
      'i:tag:weather:7998219728000000:p-three:moving',
    ]);
    const sportMarker = await env.KV.getWithMetadata('i:tag:sport:7998232774400000:p-three:moving');
    expect(sportMarker.value).toBe('');
    // m: received_at of the version that removed it, 2026-11-25T00:00:00Z.
    expect(sportMarker.metadata).toEqual({ v: '', t: '', m: 1795564800, d: 1 });
    expect((await store.listLatest({ kind: 'tag', tag: 'Sport' }, 10)).items).toEqual([]);
    expect((await store.listLatest({ kind: 'tag', tag: 'WEATHER' }, 10)).items.map((a) => a.id)).toEqual(['moving']);
    expect((await store.listLatest({ kind: 'tag', tag: 'АЛМАТЫ' }, 10)).items.map((a) => a.id)).toEqual(['moving']);
  });

  it('removes the record on delete and turns every index entry into a removal marker', async () => {
    await store.put(article('p-four', 'gone', '2026-03-03T00:00:00Z', ['x']));
    expect(await store.delete('p-four', 'gone')).toBe(true);
    expect(await store.get('p-four', 'gone')).toBeNull();
    const left = await env.KV.list<{ d?: number }>({ prefix: 'i:' });
    const markers = left.keys.filter((k) => k.name.includes('p-four'));
    expect(markers.map((k) => k.name).sort()).toEqual([
      'i:all:7998227504000000:p-four:gone',
      'i:pub:p-four:7998227504000000:p-four:gone',
      'i:tag:x:7998227504000000:p-four:gone',
    ]);
    for (const marker of markers) expect(marker.metadata?.d).toBe(1);
    expect((await allKeys('a:')).filter((k) => k.includes('p-four'))).toEqual([]);
    expect((await store.listLatest({ kind: 'publisher', publisher: 'p-four' }, 10)).items).toEqual([]);
    expect(await store.delete('p-four', 'gone')).toBe(false);
  });

  it('skips an index entry that its record no longer claims (left by racing updates)', async () => {
    await store.put(article('p-five', 'raced', '2026-02-02T00:00:00Z'));
    // The all-index entry an earlier version dated 2020-01-01T00:00:00Z would have had.
    const stale = 'i:all:7998422163200000:p-five:raced';
    await env.KV.put(stale, '', { metadata: { v: 'x', t: 'stale', m: 0 } });
    const ids = (await store.listLatest({ kind: 'publisher', publisher: 'p-five' }, 10)).items.map((a) => a.id);
    const all = (await store.listLatest({ kind: 'all' }, 100)).items.filter((a) => a.publisher === 'p-five');
    expect(ids).toEqual(['raced']);
    expect(all).toHaveLength(1);
  });
});

describe('listing cost', () => {
  // Removal markers left by the tests above lie in the all-scope range, and a page continues past
  // markers with one more list(); these counts are for listings without markers.
  beforeAll(() => reset());

  async function seed(count: number, publisher: string) {
    const store = new ArticleStore(env.KV);
    for (let i = 0; i < count; i += 100) {
      const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) => {
        const n = i + j;
        const date = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
        return store.put(article(publisher, `a${n}`, date, ['everywhere']), null);
      });
      await Promise.all(batch);
    }
  }

  async function costOfListing() {
    const counter = countingKv(env.KV);
    const store = new ArticleStore(counter.kv);
    const scopes = [{ kind: 'all' as const }, { kind: 'tag' as const, tag: 'everywhere' }, { kind: 'publisher' as const, publisher: 'bulk' }];
    const costs = [];
    for (const scope of scopes) {
      counter.reset();
      const page = await store.listLatest(scope, 50);
      costs.push({ ...counter.counts, items: page.items.length });
    }
    return costs;
  }

  // One more article than a page can hold proves the cost does not grow with the store:
  // the listing can no longer see everything at once. (`npm run bench` measures 10 000.)
  it(`costs one list and one bulk get for 50 articles, at 10 and at ${MAX_PAGE_SIZE + 1} stored`, async () => {
    await seed(10, 'bulk');
    const small = await costOfListing();
    await seed(MAX_PAGE_SIZE + 1, 'bulk');
    const large = await costOfListing();
    for (const cost of [...small, ...large]) expect({ get: cost.get, list: cost.list, put: cost.put, delete: cost.delete }).toEqual({ get: 1, list: 1, put: 0, delete: 0 });
    expect(large.map((c) => c.items)).toEqual([50, 50, 50]);
    expect(small[0]!.items).toBeGreaterThanOrEqual(10);
  });
});
