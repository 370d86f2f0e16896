import type { ArticleInput, StoredArticle } from '../model/article-schema';
import { normalizeArticle, type Provenance } from '../model/normalize';
import type { ArticleStore } from '../store/article-store';
import { indexKeysFor } from '../store/keys';
import type { LedgerArticle, PublisherLedger } from '../store/publisher-ledger';
import { shortHash } from '../text/short-hash';
import { changeEventFor } from './change-announcement';

/**
 * Every change to a publisher's articles, in the order its events happened, whatever order they
 * arrive in. Runs inside the publisher's Durable Object, one change per article at a time
 * (publisher-object.ts holds the lock): the ledger is updated first (what KV must hold), then KV
 * is brought to it; a KV write that fails leaves the article unsynced, and repair finishes it.
 * Once KV holds a change, the change event for push subscribers is put in the ledger's outbox
 * in the same step (change-announcement.ts); the object sends the outbox to the CHANGES queue.
 */

/** A `date_published` further ahead than this is an embargo: the article waits until then. */
export const EMBARGO_AFTER_MS = 5 * 60 * 1000;
/** Longer than any sender's retry window (Standard Webhooks senders retry for days). */
export const TOMBSTONE_MS = 35 * 24 * 60 * 60 * 1000;
const RETRY_BASE_MS = 5_000;
/**
 * A change event is sent right after the write; should the object be reset before that send,
 * its alarm (set before sending) sends it this much later.
 */
export const OUTBOX_BACKSTOP_MS = 30_000;
const RETRY_MAX_MS = 60 * 60 * 1000;

export type ChangeOutcome =
  | { kind: 'created' | 'replaced' | 'unchanged'; article: StoredArticle; synced: boolean }
  | { kind: 'scheduled'; id: string; scheduledFor: string; synced: boolean }
  | { kind: 'deleted'; id: string; synced: boolean }
  | { kind: 'stale'; id: string }
  | { kind: 'missing'; id: string };

export interface ArticleChange {
  /** upsert: article.published and pulled items; update: article.updated (the article must exist). */
  mode: 'upsert' | 'update';
  input: ArticleInput;
  provenance: Provenance;
  /** When the change happened at its source (epoch ms): the order of events. */
  eventAt: number;
}

/** The story without the time it was received: two versions with equal hashes are the same story. */
async function storyHash(article: StoredArticle): Promise<string> {
  return shortHash(JSON.stringify({ ...article, received_at: '' }));
}

export function retryDelay(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export class ArticleEvents {
  constructor(
    private readonly ledger: PublisherLedger,
    private readonly store: ArticleStore,
    private readonly publisher: string,
    private readonly now: () => number,
  ) {}

  /**
   * The ledger's row; for an article it has never seen, one made from a KV record written before
   * publishers had objects (so that record's index keys are retired when they change), ordered
   * before any event. The one KV read is what every write cost before the ledger existed.
   */
  private async known(id: string): Promise<LedgerArticle | null> {
    const row = this.ledger.article(id);
    if (row) return row;
    const stored = await this.store.get(this.publisher, id);
    if (!stored) return null;
    const json = JSON.stringify(stored);
    return {
      id, state: 'live', eventAt: 0, storyHash: await storyHash(stored), recordHash: await shortHash(json), keys: indexKeysFor(stored),
      // Subscribers are taken to know every article KV held before push existed.
      visibleAt: null, synced: true, retryAt: null, attempts: 0, expiresAt: null, announced: true,
    };
  }

  async change(c: ArticleChange): Promise<ChangeOutcome> {
    const id = c.input.id;
    const prev = await this.known(id);
    if (prev && c.eventAt < prev.eventAt) return { kind: 'stale', id };
    // A retraction is not undone by an event of the same instant.
    if (prev?.state === 'deleted' && c.eventAt <= prev.eventAt) return { kind: 'stale', id };
    if (c.mode === 'update' && (!prev || prev.state === 'deleted')) return { kind: 'missing', id };

    const article = normalizeArticle(c.input, c.provenance);
    const story = await storyHash(article);
    if (prev && prev.state !== 'deleted' && prev.storyHash === story) {
      this.ledger.saveArticle({ ...prev, eventAt: Math.max(prev.eventAt, c.eventAt) });
      const stored = await this.storedVersion(prev, article);
      if (prev.state === 'scheduled') return { kind: 'scheduled', id, scheduledFor: new Date(prev.visibleAt ?? 0).toISOString(), synced: prev.synced };
      // A retried delivery finishes a write that was interrupted.
      const synced = prev.synced || (await this.sync(id));
      return { kind: 'unchanged', article: stored, synced };
    }

    const now = this.now();
    const publishAt = Date.parse(article.date_published);
    const scheduled = publishAt > now + EMBARGO_AFTER_MS;
    const json = JSON.stringify(article);
    const keys = scheduled ? [] : indexKeysFor(article);
    this.ledger.retire(id, (prev?.keys ?? []).filter((k) => !keys.includes(k)), now);
    this.ledger.unretire(keys);
    this.ledger.saveBody(id, json);
    // Nothing to take out of KV when the article never reached it (and so nothing to announce).
    const nothingInKv = scheduled && (!prev || prev.state !== 'live') && (prev?.synced ?? true) && this.ledger.retiring(id).length === 0;
    this.ledger.saveArticle({
      id,
      state: scheduled ? 'scheduled' : 'live',
      eventAt: c.eventAt,
      storyHash: story,
      recordHash: await shortHash(json),
      keys,
      visibleAt: scheduled ? publishAt : null,
      synced: nothingInKv,
      retryAt: nothingInKv ? null : now,
      attempts: 0,
      expiresAt: null,
      announced: prev?.announced ?? false,
    });
    const synced = nothingInKv || (await this.sync(id));
    if (scheduled) return { kind: 'scheduled', id, scheduledFor: new Date(publishAt).toISOString(), synced };
    const created = !prev || prev.state !== 'live';
    return { kind: created ? 'created' : 'replaced', article, synced };
  }

  async delete(id: string, eventAt: number): Promise<ChangeOutcome> {
    const prev = await this.known(id);
    if (prev && eventAt < prev.eventAt) return { kind: 'stale', id };
    const now = this.now();
    if (!prev || prev.state === 'deleted') {
      // Remembered all the same, so an older publish that arrives later is stale.
      this.ledger.saveArticle(tombstone(id, Math.max(prev?.eventAt ?? eventAt, eventAt), now, prev?.synced ?? true, prev?.announced ?? false));
      return { kind: 'missing', id };
    }
    this.ledger.retire(id, prev.keys, now);
    this.ledger.dropBody(id);
    const nothingInKv = prev.state === 'scheduled' && prev.synced;
    this.ledger.saveArticle(tombstone(id, eventAt, now, nothingInKv, prev.announced));
    const synced = nothingInKv || (await this.sync(id));
    return { kind: 'deleted', id, synced };
  }

  /**
   * An index entry a reader skipped because its record has moved on. Removed when the article's
   * current state does not claim it; a key still being retired is left to `sync`.
   */
  async removeStale(id: string, key: string): Promise<boolean> {
    const row = await this.known(id);
    const claimed = row?.state === 'live' && row.keys.includes(key);
    if (claimed || this.ledger.retiring(id).some((r) => r.key === key)) return false;
    await this.store.dropIndexKeys([key]);
    return true;
  }

  /** A scheduled article whose time has come goes live now: received (and so last changed) now. */
  async release(id: string): Promise<boolean> {
    const row = this.ledger.article(id);
    const json = this.ledger.body(id);
    if (row?.state !== 'scheduled' || json === null) return true;
    const now = this.now();
    const article: StoredArticle = { ...(JSON.parse(json) as StoredArticle), received_at: new Date(now).toISOString() };
    const released = JSON.stringify(article);
    const keys = indexKeysFor(article);
    this.ledger.unretire(keys);
    this.ledger.saveBody(id, released);
    this.ledger.saveArticle({ ...row, state: 'live', recordHash: await shortHash(released), keys, visibleAt: null, synced: false, retryAt: now, attempts: 0 });
    return this.sync(id);
  }

  /**
   * Brings KV to what the ledger says about one article, then records the change event push
   * subscribers are due. On failure the article stays unsynced with its next attempt scheduled
   * (the object's alarm comes back for it), and nothing is announced until KV holds the change.
   */
  async sync(id: string): Promise<boolean> {
    const row = this.ledger.article(id);
    if (!row || row.synced) return true;
    const rows = this.ledger.retiring(id);
    const retiring = rows.map((r) => r.key);
    const retiredAt = Math.floor(Math.max(0, ...rows.map((r) => r.at)) / 1000);
    const json = row.state === 'live' ? this.ledger.body(id) : null;
    try {
      if (row.state === 'live' && json === null) throw new Error(`the ledger holds no record body for live article "${id}"`);
      await this.store.apply({ publisher: this.publisher, id, record: json === null ? null : { json, keys: row.keys }, retire: retiring, retiredAt });
    } catch (err) {
      const attempts = row.attempts + 1;
      this.ledger.saveArticle({ ...row, attempts, retryAt: this.now() + retryDelay(attempts) });
      console.error(`publisher "${this.publisher}": writing article "${id}" to KV failed (attempt ${attempts}); it will be repaired`, err);
      return false;
    }
    const at = this.now();
    const change = await changeEventFor({ publisher: this.publisher, row, before: retiring, record: json, at });
    // From here to the return nothing awaits: the object's storage commits these writes together,
    // so "KV holds it" and "it will be announced" are never recorded one without the other.
    this.ledger.retired(retiring);
    if (row.state !== 'scheduled') this.ledger.dropBody(id);
    this.ledger.saveArticle({ ...row, synced: true, retryAt: null, attempts: 0, announced: row.state === 'live' });
    if (change) this.ledger.queueChange(change.id, JSON.stringify(change), at + OUTBOX_BACKSTOP_MS);
    return true;
  }

  /** The stored record of an unchanged story, without reading KV: same story, its own received_at. */
  private async storedVersion(prev: LedgerArticle, article: StoredArticle): Promise<StoredArticle> {
    const body = this.ledger.body(prev.id);
    if (body !== null) return JSON.parse(body) as StoredArticle;
    const stored = await this.store.get(this.publisher, prev.id);
    return stored ?? article;
  }
}

function tombstone(id: string, eventAt: number, now: number, synced: boolean, announced: boolean): LedgerArticle {
  return {
    id,
    state: 'deleted',
    eventAt,
    storyHash: '',
    recordHash: '',
    keys: [],
    visibleAt: null,
    synced,
    retryAt: synced ? null : now,
    attempts: 0,
    expiresAt: now + TOMBSTONE_MS,
    announced,
  };
}
