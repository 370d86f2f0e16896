import type { StoredArticle } from '../model/article-schema';
import { articleKey, indexKeysFor, refFromIndexKey, scopePrefix, type Scope } from './keys';
import { shortHash } from '../text/short-hash';

/** Stored on every index key, so a listing's freshness is known from one `list()`. */
export interface IndexMeta {
  /** Hash of the stored record's JSON text: changes whenever the article does ('' on a removal marker). */
  v: string;
  /** Headline, truncated, for side lists that need no article body. */
  t: string;
  /**
   * When this entry last changed, unix seconds: the record's `received_at` for an entry, the
   * removal time for a marker. A backdated story or a correction without `date_modified` moves
   * it, so Last-Modified needs no body read and never hides a change.
   */
  m: number;
  /** Present on a removal marker: the entry was removed at `m` (see `retireIndexKeys`). */
  d?: 1;
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
  /** Index keys KV must no longer hold: they become removal markers dated `retiredAt`. */
  retire: readonly string[];
  /** When they were removed (unix seconds). */
  retiredAt: number;
}

/** One page of index entries, and the removal markers met among them (never shown). */
export interface RefPage extends Page<IndexRef> {
  removed: IndexRef[];
}

/** Records read for a page; `verified` when each one is the version its index entry names. */
export interface Verified<T> {
  items: T[];
  verified: boolean;
  /** Entries whose record has moved on without them (the trace of two writes racing): skipped. */
  superseded: IndexRef[];
}

/** KV bulk get accepts at most 100 keys. */
export const MAX_PAGE_SIZE = 100;
const TITLE_IN_META = 140;

/**
 * Removal markers outlive the entry they replace this long, so a poller that sends only
 * If-Modified-Since sees the removal move Last-Modified. A week covers a reader that polls a
 * quiet feed weekly; one returning later misses only a removal, never a new or changed story
 * (those carry their own time). They expire by themselves, so no clean-up job is needed.
 */
export const MARKER_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A page keeps its size when markers sit in it: the listing continues from KV's cursor for as
 * many keys as were markers. Each continuation is one more `list()`, paid only while markers lie
 * in the page's range; bounded, so a run of markers cannot make a request unbounded (the page
 * is then short).
 */
const MAX_LISTS_PER_PAGE = 3;

/** KV returns at most this many keys per `list()`. */
const KV_LIST_MAX = 1000;

/**
 * How deep a numbered page may reach: `list()` calls spent walking past earlier pages' entries.
 * Each returns up to 1 000 keys, so four reach 4 000 entries back (160 pages of 25); deeper
 * history is the feeds' and the API's, which page by cursor.
 */
export const MAX_LISTS_PER_NUMBERED_PAGE = 4;

/** KV's shortest edge cache TTL: a record read again with it is at most this stale. */
const SHORTEST_CACHE_TTL = 30;

type Check = { kind: 'match'; article: StoredArticle } | { kind: 'superseded' } | { kind: 'mismatch'; article: StoredArticle | null };

function secondsOf(iso: string, fallbackMs: number): number {
  const ms = Date.parse(iso);
  return Math.floor((Number.isNaN(ms) ? fallbackMs : ms) / 1000);
}

/**
 * Whether `text` (a record as stored) is the version `ref` names. A record that no longer
 * claims the entry and was received in a later second than the entry was written has
 * superseded it (the trace of two updates racing): the entry is skipped, and that is no
 * inconsistency. Anything else that differs may be an edge-cached copy older than the index.
 */
async function check(ref: IndexRef, text: string | null | undefined): Promise<Check> {
  if (text === null || text === undefined) return { kind: 'mismatch', article: null };
  const article = JSON.parse(text) as StoredArticle;
  if ((await shortHash(text)) === ref.meta.v) return { kind: 'match', article };
  const claims = indexKeysFor(article).includes(ref.key);
  if (!claims && secondsOf(article.received_at, 0) > ref.meta.m) return { kind: 'superseded' };
  return { kind: 'mismatch', article: claims ? article : null };
}

/** When this version of the article was stored (`received_at`): the `m` of its index entries. */
export function storedAt(article: StoredArticle): Date | undefined {
  const ms = Date.parse(article.received_at);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * The article repository. Listings cost one `list()` over index keys that sort newest
 * first plus one bulk `get()` of the records, whatever the number stored.
 */
export class ArticleStore {
  constructor(private readonly kv: KVNamespace) {}

  async get(publisher: string, id: string): Promise<StoredArticle | null> {
    return this.kv.get<StoredArticle>(articleKey(publisher, id), 'json');
  }

  /**
   * Creates or replaces, reading the previous version from KV to learn its index keys. The app
   * writes through the publisher objects (`apply`, with the keys their ledger knows); this is for
   * seeding and tests, and goes through `apply` too.
   */
  async put(article: StoredArticle, previous?: StoredArticle | null): Promise<{ created: boolean }> {
    const before = previous === undefined ? await this.get(article.publisher, article.id) : previous;
    const keys = indexKeysFor(article);
    const retire = before ? indexKeysFor(before).filter((key) => !keys.includes(key)) : [];
    await this.apply({ publisher: article.publisher, id: article.id, record: { json: JSON.stringify(article), keys }, retire, retiredAt: secondsOf(article.received_at, Date.now()) });
    return { created: !before };
  }

  /** Deletes, reading the record from KV to learn its index keys; like `put`, for seeding and tests. */
  async delete(publisher: string, id: string): Promise<boolean> {
    const before = await this.get(publisher, id);
    if (!before) return false;
    await this.apply({ publisher, id, record: null, retire: indexKeysFor(before), retiredAt: Math.floor(Date.now() / 1000) });
    return true;
  }

  /**
   * Makes KV hold `target`: the record first and then its index entries (an entry must never
   * point at a record that is not there yet); without a record, the entries go first, so a
   * listing never meets an entry whose record is already gone. Throws on any failed write;
   * repeating a target is harmless, which is what repair relies on.
   */
  async apply(target: ArticleTarget): Promise<void> {
    const recordKey = articleKey(target.publisher, target.id);
    if (target.record) {
      const { json, keys } = target.record;
      const meta = await indexMeta(JSON.parse(json) as StoredArticle, json);
      await this.kv.put(recordKey, json);
      await Promise.all(keys.map((key) => this.kv.put(key, '', { metadata: meta })));
      await this.retireIndexKeys(target.retire, target.retiredAt);
    } else {
      await this.retireIndexKeys(target.retire, target.retiredAt);
      await this.kv.delete(recordKey);
    }
  }

  /**
   * Replaces index entries by removal markers dated `at` (unix seconds) instead of deleting
   * them: the listing pages that held them then change their version and Last-Modified, with
   * no key that every write touches (KV allows one write per second per key).
   */
  /** Deletes index entries outright: only for entries no version of their article claims. */
  async dropIndexKeys(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.kv.delete(key)));
  }

  async retireIndexKeys(keys: readonly string[], at: number): Promise<void> {
    const marker: IndexMeta = { v: '', t: '', m: at, d: 1 };
    await Promise.all(keys.map((key) => this.kv.put(key, '', { metadata: marker, expirationTtl: MARKER_TTL_SECONDS })));
  }

  /**
   * The newest index entries of a scope, with their version metadata: one `list()`, and one
   * more per run of removal markers met (see MAX_LISTS_PER_PAGE), so a page still holds
   * `limit` entries and the cursor follows the last key looked at.
   */
  async listRefs(scope: Scope, limit: number, cursor?: string): Promise<RefPage> {
    const size = Math.min(limit, MAX_PAGE_SIZE);
    const items: IndexRef[] = [];
    const removed: IndexRef[] = [];
    let next = cursor;
    for (let lists = 0; lists < MAX_LISTS_PER_PAGE && items.length < size; lists++) {
      const result = await this.kv.list<IndexMeta>({ prefix: scopePrefix(scope), limit: size - items.length, cursor: next });
      for (const k of result.keys) {
        const ref = { key: k.name, ...refFromIndexKey(k.name), meta: k.metadata ?? { v: '', t: '', m: 0 } };
        (ref.meta.d === 1 ? removed : items).push(ref);
      }
      next = result.list_complete ? undefined : result.cursor;
      if (next === undefined) break;
    }
    return { items, removed, cursor: next };
  }

  /**
   * The entries of a numbered page: `offset` live entries skipped, then up to `limit`. KV lists
   * only forward from the start or from a cursor, so a page that can link both newer and older
   * pages is found by position: one `list()` for the first 1 000 entries (page 40 at 25 a page),
   * one more per 1 000 after, at most MAX_LISTS_PER_NUMBERED_PAGE; past that the page is empty.
   * Markers count toward a list's keys but not toward the offset; those inside the page are
   * returned, so a removal there changes its version.
   */
  async listRefsAt(scope: Scope, limit: number, offset: number): Promise<RefPage> {
    const size = Math.min(limit, MAX_PAGE_SIZE);
    const items: IndexRef[] = [];
    const removed: IndexRef[] = [];
    let skip = offset;
    let next: string | undefined;
    for (let lists = 0; lists < MAX_LISTS_PER_NUMBERED_PAGE; lists++) {
      const result = await this.kv.list<IndexMeta>({ prefix: scopePrefix(scope), limit: Math.min(KV_LIST_MAX, skip + size - items.length), cursor: next });
      for (const k of result.keys) {
        const ref = { key: k.name, ...refFromIndexKey(k.name), meta: k.metadata ?? { v: '', t: '', m: 0 } };
        if (ref.meta.d === 1) {
          if (skip === 0) removed.push(ref);
        } else if (skip > 0) skip--;
        else items.push(ref);
      }
      next = result.list_complete ? undefined : result.cursor;
      if (next === undefined || items.length >= size) break;
    }
    // Out of lists before reaching the page: it lies beyond the numbered pages.
    if (skip > 0) return { items: [], removed: [], cursor: undefined };
    return { items, removed, cursor: next };
  }

  /**
   * The records behind index refs, in the refs' order: one bulk `get()`, hashing each record as
   * `put` did. Records that are not the version their entry names (an edge-cached copy older
   * than the index) are read once more with the shortest cache TTL; if any still differs the
   * result is unverified and must not be cached under the entries' version.
   */
  async getMany(refs: readonly IndexRef[]): Promise<Verified<StoredArticle>> {
    if (refs.length === 0) return { items: [], verified: true, superseded: [] };
    const first = await this.kv.get(refs.map((r) => articleKey(r.publisher, r.id)), 'text');
    const checks = await Promise.all(refs.map((ref) => check(ref, first.get(articleKey(ref.publisher, ref.id)))));
    const again = [...new Set(refs.filter((_, i) => checks[i]?.kind === 'mismatch').map((r) => articleKey(r.publisher, r.id)))];
    let verified = true;
    if (again.length > 0) {
      const second = await this.kv.get(again, { type: 'text', cacheTtl: SHORTEST_CACHE_TTL });
      for (const [i, ref] of refs.entries()) {
        if (checks[i]?.kind !== 'mismatch') continue;
        const recheck = await check(ref, second.get(articleKey(ref.publisher, ref.id)));
        if (recheck.kind === 'mismatch') verified = false;
        checks[i] = recheck;
      }
    }
    // Concurrent replacements can leave an entry the current record no longer claims
    // (two updates moving the date at once); such an entry is skipped, never shown twice.
    const items = checks.flatMap((c) => (c.kind === 'superseded' || !c.article ? [] : [c.article]));
    const superseded = refs.filter((_, i) => checks[i]?.kind === 'superseded');
    return { items, verified, superseded };
  }

  /** The newest articles of a scope: two KV operations when no marker or stale record is met (one when the scope is empty). */
  async listLatest(scope: Scope, limit: number, cursor?: string): Promise<Page<StoredArticle> & { refs: IndexRef[]; verified: boolean }> {
    const page = await this.listRefs(scope, limit, cursor);
    const records = await this.getMany(page.items);
    return { items: records.items, verified: records.verified, cursor: page.cursor, refs: page.items };
  }
}

/** The metadata every index entry of a record carries; `m` is when this version was stored. */
export async function indexMeta(article: StoredArticle, json: string): Promise<IndexMeta> {
  return { v: await shortHash(json), t: article.title.slice(0, TITLE_IN_META), m: secondsOf(article.received_at, Date.now()) };
}
