import type { SourceView } from '../model/source-schema';
import { sourceKey } from './keys';
import { shortHash } from '../text/short-hash';

/** What the pull remembers about one item between pulls. */
export interface SeenItem {
  /** Hash of the mapped article: equal means nothing to write, not even a read. */
  h: string;
  /** Hash of the item as read, before mapping: equal means not even mapped. Absent in older records. */
  r?: string;
  /** First-seen date, kept only for items without a date of their own. */
  d?: string;
}

export interface SourceRecord extends SourceView {
  etag: string | null;
  last_modified: string | null;
  /** Hash of the last document body that was fully ingested. */
  body_hash: string | null;
  /** Items of the last document, by article id. */
  seen: Record<string, SeenItem>;
}

/** KV list metadata (≤ 1024 bytes): enough for the cron to pick due sources from one list(). */
interface SourceMeta {
  /** Next attempt, epoch ms; null when stopped. */
  n: number | null;
  u: string;
}

export interface ScheduleEntry {
  id: string;
  nextAttempt: number | null;
  urlHash: string;
}

const PREFIX = sourceKey('');
/** KV bulk get accepts at most 100 keys. */
const BULK = 100;

/** Kept in list metadata, so a duplicate URL is found without reading every record. */
export function feedUrlHash(normalizedUrl: string): Promise<string> {
  return shortHash(normalizedUrl);
}

/** The record as the admin API shows it: no validators, hashes or seen-map. */
export function sourceView(r: SourceRecord): SourceView {
  const view: SourceView = { id: r.id, url: r.url, name: r.name, publisher: r.publisher, interval_minutes: r.interval_minutes, created_at: r.created_at, health: r.health };
  if (r.moved_to !== undefined) view.moved_to = r.moved_to;
  return view;
}

export class SourceStore {
  constructor(private readonly kv: KVNamespace) {}

  async get(id: string): Promise<SourceRecord | null> {
    return this.kv.get<SourceRecord>(sourceKey(id), 'json');
  }

  async put(record: SourceRecord): Promise<void> {
    const next = record.health.next_attempt_at;
    const metadata: SourceMeta = { n: next === null ? null : Date.parse(next), u: await feedUrlHash(record.url) };
    await this.kv.put(sourceKey(record.id), JSON.stringify(record), { metadata });
  }

  async delete(id: string): Promise<boolean> {
    if (!(await this.get(id))) return false;
    await this.kv.delete(sourceKey(id));
    return true;
  }

  /** Every source's id, next attempt and URL hash: one list() per 1000 sources. */
  async schedule(): Promise<ScheduleEntry[]> {
    const entries: ScheduleEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.kv.list<SourceMeta>({ prefix: PREFIX, cursor });
      for (const key of page.keys) {
        entries.push({ id: key.name.slice(PREFIX.length), nextAttempt: key.metadata?.n ?? null, urlHash: key.metadata?.u ?? '' });
      }
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    return entries;
  }

  async all(): Promise<SourceRecord[]> {
    const ids = (await this.schedule()).map((e) => e.id);
    const out: SourceRecord[] = [];
    for (let i = 0; i < ids.length; i += BULK) {
      const keys = ids.slice(i, i + BULK).map(sourceKey);
      const records = await this.kv.get<SourceRecord>(keys, 'json');
      for (const key of keys) {
        const record = records.get(key);
        if (record) out.push(record);
      }
    }
    return out;
  }
}
