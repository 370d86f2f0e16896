/**
 * The strongly consistent state of one publisher, in its Durable Object's SQLite database
 * (ingest/publisher-object.ts owns the object; this module owns the tables). KV stays the
 * read path; this ledger is what KV must be made to hold, and what decides the order of writes.
 *
 *   namespace   the publisher id whose articles this ledger holds (also for pull-only namespaces)
 *   publisher   the publisher's record (secrets sealed), one row
 *   articles    per article: state, the event time that produced it, hashes, its index keys,
 *               whether KV holds it yet (synced) and when to try again
 *   bodies      the record JSON of articles KV does not hold yet (unsynced or scheduled), in parts
 *   retiring    index keys KV still holds but must drop (then a removal marker)
 *   deliveries  webhook-ids seen, with a hash of the body and the answer given
 *   outbox      change events KV already holds but the CHANGES queue has not yet accepted
 */

export type ArticleState = 'live' | 'deleted' | 'scheduled';

export interface LedgerArticle {
  id: string;
  state: ArticleState;
  /** Epoch ms of the event that produced this state (envelope timestamp; a pull's time). */
  eventAt: number;
  /** Hash of the story without received_at: equal hashes are the same story. */
  storyHash: string;
  /** Hash of the record JSON as KV holds it (the index entries' `v`). */
  recordHash: string;
  /** The index keys KV must hold for this article (none unless live). */
  keys: string[];
  /** Scheduled: when it goes live (epoch ms). */
  visibleAt: number | null;
  /** True once KV holds exactly this state. */
  synced: boolean;
  /** Unsynced: the earliest time the next repair attempt is due (epoch ms). */
  retryAt: number | null;
  /** Repair attempts made so far for this state. */
  attempts: number;
  /** Tombstones: when the row may be forgotten (epoch ms). */
  expiresAt: number | null;
  /**
   * Whether push subscribers were last told this article is live (published or updated, not
   * since deleted): it decides whether the next change KV comes to hold is announced as
   * published, updated, deleted or not at all.
   */
  announced: boolean;
}

/** A change event waiting in the outbox: its id and the JSON queued as the message. */
export interface PendingChange {
  id: string;
  event: string;
}

export interface LedgerDelivery {
  bodyHash: string;
  answer: string;
}

// SQLite in a Durable Object stores at most 2 MB in one string or row; a record JSON can be larger
// (500 000 characters of body, escaped), so it is kept in parts of at most 1.5 MB of UTF-8.
const BODY_PART_CHARS = 500_000;

type Row = Record<string, SqlStorageValue>;

const OUTBOX = `
      CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, event TEXT NOT NULL, retry_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);`;

const SCHEMA = `
      CREATE TABLE IF NOT EXISTS namespace (one INTEGER PRIMARY KEY CHECK (one = 1), id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS publisher (one INTEGER PRIMARY KEY CHECK (one = 1), id TEXT NOT NULL, record TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY, state TEXT NOT NULL, event_at INTEGER NOT NULL, story_hash TEXT NOT NULL,
        record_hash TEXT NOT NULL, keys TEXT NOT NULL, visible_at INTEGER, synced INTEGER NOT NULL,
        retry_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, expires_at INTEGER, announced INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX IF NOT EXISTS articles_unsynced ON articles (retry_at) WHERE synced = 0;
      CREATE INDEX IF NOT EXISTS articles_scheduled ON articles (visible_at) WHERE state = 'scheduled';
      CREATE INDEX IF NOT EXISTS articles_expiring ON articles (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE IF NOT EXISTS bodies (id TEXT NOT NULL, part INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (id, part));
      CREATE TABLE IF NOT EXISTS retiring (key TEXT PRIMARY KEY, article TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS retiring_by_article ON retiring (article);
      CREATE TABLE IF NOT EXISTS deliveries (id_hash TEXT PRIMARY KEY, body_hash TEXT NOT NULL, answer TEXT NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS deliveries_expiring ON deliveries (expires_at);
      ${OUTBOX}`;

export class PublisherLedger {
  /** Whether the tables exist. They are made by the first write, never by a read. */
  private ready: boolean;

  // An object addressed by a publisher id that does not exist (a probe, a typo) only reads: it
  // must leave nothing behind, so the tables are not created until something is written.
  constructor(private readonly sql: SqlStorage) {
    const articles = sql.exec<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'articles'`).toArray()[0];
    this.ready = articles !== undefined;
    if (articles && !articles.sql.includes('announced')) this.addAnnouncements();
  }

  /**
   * A ledger from before push: subscribers count as told of every article KV holds live (so its
   * next change is an update and its deletion is announced). A live article KV did not hold yet
   * is announced as published when it lands, even if an older version was once live.
   */
  private addAnnouncements(): void {
    this.sql.exec(`ALTER TABLE articles ADD COLUMN announced INTEGER NOT NULL DEFAULT 0;
      UPDATE articles SET announced = 1 WHERE state = 'live' AND synced = 1;
      ${OUTBOX}`);
  }

  private rows<T extends Record<string, SqlStorageValue>>(query: string, ...bindings: SqlStorageValue[]): T[] {
    return this.ready ? this.sql.exec<T>(query, ...bindings).toArray() : [];
  }

  private run(query: string, ...bindings: SqlStorageValue[]): number {
    if (!this.ready) {
      this.sql.exec(SCHEMA);
      this.ready = true;
    }
    return this.sql.exec(query, ...bindings).rowsWritten;
  }

  // --- the publisher ---

  namespace(): string | null {
    return this.rows<{ id: string }>('SELECT id FROM namespace')[0]?.id ?? null;
  }

  claimNamespace(id: string): void {
    this.run('INSERT OR IGNORE INTO namespace (one, id) VALUES (1, ?)', id);
  }

  publisher(): { id: string; record: string } | null {
    const row = this.rows<{ id: string; record: string }>('SELECT id, record FROM publisher')[0];
    return row ?? null;
  }

  savePublisher(id: string, record: string): void {
    this.run('INSERT INTO publisher (one, id, record) VALUES (1, ?, ?) ON CONFLICT (one) DO UPDATE SET id = excluded.id, record = excluded.record', id, record);
  }

  // --- articles ---

  article(id: string): LedgerArticle | null {
    const row = this.rows('SELECT * FROM articles WHERE id = ?', id)[0];
    return row ? toArticle(row) : null;
  }

  saveArticle(a: LedgerArticle): void {
    this.run(
      `INSERT INTO articles (id, state, event_at, story_hash, record_hash, keys, visible_at, synced, retry_at, attempts, expires_at, announced)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, event_at = excluded.event_at, story_hash = excluded.story_hash,
         record_hash = excluded.record_hash, keys = excluded.keys, visible_at = excluded.visible_at, synced = excluded.synced,
         retry_at = excluded.retry_at, attempts = excluded.attempts, expires_at = excluded.expires_at, announced = excluded.announced`,
      a.id, a.state, a.eventAt, a.storyHash, a.recordHash, JSON.stringify(a.keys), a.visibleAt, a.synced ? 1 : 0, a.retryAt, a.attempts, a.expiresAt, a.announced ? 1 : 0,
    );
  }

  /** Unsynced articles whose next attempt is due, oldest first. */
  dueForRepair(now: number, limit: number): string[] {
    return this.rows<{ id: string }>('SELECT id FROM articles WHERE synced = 0 AND state != ? AND retry_at <= ? ORDER BY retry_at LIMIT ?', 'scheduled', now, limit).map((r) => r.id);
  }

  /** Scheduled articles whose time has come. */
  dueForRelease(now: number, limit: number): string[] {
    return this.rows<{ id: string }>('SELECT id FROM articles WHERE state = ? AND visible_at <= ? ORDER BY visible_at LIMIT ?', 'scheduled', now, limit).map((r) => r.id);
  }

  /** The earliest instant any stored work falls due: a release, a repair, an expiry. */
  nextDue(): number | null {
    const row = this
      .rows<{ t: number | null }>(
        `SELECT MIN(t) AS t FROM (
           SELECT MIN(visible_at) AS t FROM articles WHERE state = 'scheduled'
           UNION ALL SELECT MIN(retry_at) FROM articles WHERE synced = 0 AND state != 'scheduled'
           UNION ALL SELECT MIN(expires_at) FROM articles WHERE expires_at IS NOT NULL AND synced = 1
           UNION ALL SELECT MIN(expires_at) FROM deliveries
           UNION ALL SELECT MIN(retry_at) FROM outbox)`,
      )[0];
    return row?.t ?? null;
  }

  /** Forgets tombstones and delivery records past their time. */
  expire(now: number): { tombstones: number; deliveries: number } {
    // An unsynced tombstone is kept until KV has dropped the article.
    if (!this.ready) return { tombstones: 0, deliveries: 0 };
    const tombstones = this.run('DELETE FROM articles WHERE expires_at IS NOT NULL AND expires_at <= ? AND synced = 1', now);
    const deliveries = this.run('DELETE FROM deliveries WHERE expires_at <= ?', now);
    return { tombstones, deliveries };
  }

  counts(): { articles: number; tombstones: number; deliveries: number; unsynced: number; scheduled: number } {
    const one = (query: string) => this.rows<{ n: number }>(query)[0]?.n ?? 0;
    return {
      articles: one(`SELECT COUNT(*) AS n FROM articles WHERE state = 'live'`),
      tombstones: one(`SELECT COUNT(*) AS n FROM articles WHERE state = 'deleted'`),
      deliveries: one('SELECT COUNT(*) AS n FROM deliveries'),
      unsynced: one(`SELECT COUNT(*) AS n FROM articles WHERE synced = 0 AND state != 'scheduled'`),
      scheduled: one(`SELECT COUNT(*) AS n FROM articles WHERE state = 'scheduled'`),
    };
  }

  // --- record bodies not yet in KV ---

  body(id: string): string | null {
    const parts = this.rows<{ text: string }>('SELECT text FROM bodies WHERE id = ? ORDER BY part', id);
    return parts.length ? parts.map((p) => p.text).join('') : null;
  }

  saveBody(id: string, json: string): void {
    this.dropBody(id);
    for (let part = 0, at = 0; at < json.length; part++, at += BODY_PART_CHARS) {
      this.run('INSERT INTO bodies (id, part, text) VALUES (?, ?, ?)', id, part, json.slice(at, at + BODY_PART_CHARS));
    }
  }

  dropBody(id: string): void {
    this.run('DELETE FROM bodies WHERE id = ?', id);
  }

  // --- index keys KV must drop ---

  retire(article: string, keys: readonly string[], at: number): void {
    for (const key of keys) this.run('INSERT INTO retiring (key, article, at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET article = excluded.article, at = excluded.at', key, article, at);
  }

  /** A key that is wanted again (a republish at the same rank) is no longer retiring. */
  unretire(keys: readonly string[]): void {
    for (const key of keys) this.run('DELETE FROM retiring WHERE key = ?', key);
  }

  retiring(article: string): { key: string; at: number }[] {
    return this.rows<{ key: string; at: number }>('SELECT key, at FROM retiring WHERE article = ? ORDER BY key', article);
  }

  retired(keys: readonly string[]): void {
    for (const key of keys) this.run('DELETE FROM retiring WHERE key = ?', key);
  }

  // --- change events for push subscribers ---

  /**
   * Written in the same synchronous step that marks the article synced: a duplicate id is the
   * same change. `sendBy` is when the alarm sends it if nothing has sent it sooner.
   */
  queueChange(id: string, event: string, sendBy: number): void {
    this.run('INSERT OR IGNORE INTO outbox (id, event, retry_at) VALUES (?, ?, ?)', id, event, sendBy);
  }

  /**
   * The outbox rows to send now, oldest first: those never tried, and those whose backoff after
   * a refusal has run out (a refused row waits its turn rather than holding up the rest).
   */
  pendingChanges(now: number, limit: number): PendingChange[] {
    return this.rows<{ id: string; event: string }>('SELECT id, event FROM outbox WHERE attempts = 0 OR retry_at <= ? ORDER BY rowid LIMIT ?', now, limit);
  }

  changesSent(ids: readonly string[]): void {
    for (const id of ids) this.run('DELETE FROM outbox WHERE id = ?', id);
  }

  /** A send that failed: the alarm tries again at `retryAt(attempts)`. */
  changesNotSent(ids: readonly string[], retryAt: (attempts: number) => number): void {
    for (const id of ids) {
      const attempts = (this.rows<{ attempts: number }>('SELECT attempts FROM outbox WHERE id = ?', id)[0]?.attempts ?? 0) + 1;
      this.run('UPDATE outbox SET attempts = ?, retry_at = ? WHERE id = ?', attempts, retryAt(attempts), id);
    }
  }

  // --- webhook deliveries ---

  delivery(idHash: string): LedgerDelivery | null {
    const row = this.rows<{ body_hash: string; answer: string }>('SELECT body_hash, answer FROM deliveries WHERE id_hash = ?', idHash)[0];
    return row ? { bodyHash: row.body_hash, answer: row.answer } : null;
  }

  saveDelivery(idHash: string, bodyHash: string, answer: string, expiresAt: number): void {
    this.run('INSERT OR REPLACE INTO deliveries (id_hash, body_hash, answer, expires_at) VALUES (?, ?, ?, ?)', idHash, bodyHash, answer, expiresAt);
  }
}

function articleState(value: SqlStorageValue | undefined): ArticleState {
  if (value === 'live' || value === 'deleted' || value === 'scheduled') return value;
  throw new Error(`unknown article state in the ledger: ${String(value)}`);
}

function toArticle(row: Row): LedgerArticle {
  return {
    id: String(row.id),
    state: articleState(row.state),
    eventAt: Number(row.event_at),
    storyHash: String(row.story_hash),
    recordHash: String(row.record_hash),
    keys: JSON.parse(String(row.keys)) as string[],
    visibleAt: row.visible_at === null ? null : Number(row.visible_at),
    synced: row.synced === 1,
    retryAt: row.retry_at === null ? null : Number(row.retry_at),
    attempts: Number(row.attempts),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    announced: row.announced === 1,
  };
}
