import type { StoredArticle } from '../model/article-schema';
import { articleKey, indexKeysFor, refFromIndexKey, scopePrefix, type Scope } from './keys';
import { shortHash } from '../text/short-hash';

/** Stored on every index key, so a listing's freshness is known from one `list()`. */
export interface IndexMeta {
  /** Hash of the stored record: changes whenever the article does. */
  v: string;
  /** Headline, truncated, for side lists that need no article body. */
  t: string;
  /** Last change (date_modified, else date_published), unix seconds: Last-Modified without a body read. */
  m: number;
}

export interface IndexRef {
  key: string;
  publisher: string;
  id: string;
  meta: IndexMeta;
}

export interface Page<T> {
  items: T[];
  /** Opaque KV cursor for the next (older) page; absent on the last page. */
  cursor?: string;
}

/** What KV must hold for one article, as its publisher's ledger (publisher-ledger.ts) knows it. */
export interface ArticleTarget {
  publisher: string;
  id: string;
  /** The record JSON and its index keys; null when KV must hold no record (deleted, scheduled). */
  record: { json: string; keys: readonly string[] } | null;
  /** Index keys KV must no longer hold. */
  retire: readonly string[];
}

/** KV bulk get accepts at most 100 keys. */
export const MAX_PAGE_SIZE = 100;
const TITLE_IN_META = 140;

/**
 * The article repository. Listings cost one `list()` over index keys that sort newest
 * first plus one bulk `get()` of the records, whatever the number stored.
 */
export class ArticleStore {
  constructor(private readonly kv: KVNamespace) {}

  async get(publisher: string, id: string): Promise<StoredArticle | null> {
    return this.kv.get<StoredArticle>(articleKey(publisher, id), 'json');
  }

  /** Creates or replaces; index entries of the previous version that no longer apply are removed. */
  async put(article: StoredArticle, previous?: StoredArticle | null): Promise<{ created: boolean }> {
    const before = previous === undefined ? await this.get(article.publisher, article.id) : previous;
    const json = JSON.stringify(article);
    const meta = await indexMeta(article, json);
    const keys = indexKeysFor(article);
    // Record first: an index entry must never point at a record that is not there yet.
    await this.kv.put(articleKey(article.publisher, article.id), json);
    await Promise.all(keys.map((key) => this.kv.put(key, '', { metadata: meta })));
    if (before) {
      const stale = indexKeysFor(before).filter((key) => !keys.includes(key));
      await Promise.all(stale.map((key) => this.kv.delete(key)));
    }
    return { created: !before };
  }

  /**
   * Makes KV hold `target`: the record first and then its index entries (an entry must never
   * point at a record that is not there yet); without a record, the entries go first. Throws on
   * any failed write; repeating a target is harmless, which is what repair relies on.
   */
  async apply(target: ArticleTarget): Promise<void> {
    const recordKey = articleKey(target.publisher, target.id);
    if (target.record) {
      const { json, keys } = target.record;
      const meta = await indexMeta(JSON.parse(json) as StoredArticle, json);
      await this.kv.put(recordKey, json);
      await Promise.all(keys.map((key) => this.kv.put(key, '', { metadata: meta })));
      await this.retireIndexKeys(target.retire);
    } else {
      await this.retireIndexKeys(target.retire);
      await this.kv.delete(recordKey);
    }
  }

  async retireIndexKeys(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.kv.delete(key)));
  }

  async delete(publisher: string, id: string): Promise<boolean> {
    const before = await this.get(publisher, id);
    if (!before) return false;
    // Index first, so a listing never meets an entry whose record is already gone.
    await Promise.all(indexKeysFor(before).map((key) => this.kv.delete(key)));
    await this.kv.delete(articleKey(publisher, id));
    return true;
  }

  /** One `list()`: the newest index entries of a scope, with their version metadata. */
  async listRefs(scope: Scope, limit: number, cursor?: string): Promise<Page<IndexRef>> {
    const result = await this.kv.list<IndexMeta>({ prefix: scopePrefix(scope), limit: Math.min(limit, MAX_PAGE_SIZE), cursor });
    const items = result.keys.map((k) => ({ key: k.name, ...refFromIndexKey(k.name), meta: k.metadata ?? { v: '', t: '', m: 0 } }));
    return { items, cursor: result.list_complete ? undefined : result.cursor };
  }

  /** One bulk `get()` for the records behind index refs, in the refs' order. */
  async getMany(refs: readonly IndexRef[]): Promise<StoredArticle[]> {
    if (refs.length === 0) return [];
    const records = await this.kv.get<StoredArticle>(refs.map((r) => articleKey(r.publisher, r.id)), 'json');
    const out: StoredArticle[] = [];
    for (const ref of refs) {
      const article = records.get(articleKey(ref.publisher, ref.id));
      // Concurrent replacements can leave an entry the current record no longer claims
      // (two updates moving the date at once); such an entry is skipped, never shown twice.
      if (article && indexKeysFor(article).includes(ref.key)) out.push(article);
    }
    return out;
  }

  /** The newest articles of a scope: exactly two KV operations (one when the scope is empty). */
  async listLatest(scope: Scope, limit: number, cursor?: string): Promise<Page<StoredArticle> & { refs: IndexRef[] }> {
    const page = await this.listRefs(scope, limit, cursor);
    return { items: await this.getMany(page.items), cursor: page.cursor, refs: page.items };
  }
}

/** The metadata every index entry of a record carries. */
export async function indexMeta(article: StoredArticle, json: string): Promise<IndexMeta> {
  return {
    v: await shortHash(json),
    t: article.title.slice(0, TITLE_IN_META),
    m: Math.floor(Date.parse(article.date_modified ?? article.date_published) / 1000),
  };
}
