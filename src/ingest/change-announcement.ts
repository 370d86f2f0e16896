import type { ArticleEventType, ChangeEvent } from '../model/change-event';
import { queuedSize } from '../model/queue-batches';
import { scopeOfIndexKey, scopePrefix, type Scope } from '../store/keys';
import type { LedgerArticle } from '../store/publisher-ledger';
import { shortHash } from '../text/short-hash';

/**
 * What push subscribers are told once KV holds an article's new state (article-events.ts `sync`),
 * decided by what they were last told (LedgerArticle.announced): a live article they have not
 * heard of is published, one they have is updated, one they have that is gone (deleted, or
 * embargoed again) is deleted; anything else (a scheduled article never released, a delete of
 * something never announced) is not announced at all.
 */

/**
 * The largest message (as `queuedSize` bounds it) that carries the record inline. A queue
 * message may be 128 KB including the queue's own metadata; a larger record is left out and
 * the fan-out reads it from KV.
 */
export const MAX_INLINE_EVENT_BYTES = 100_000;

export function announcedType(row: Pick<LedgerArticle, 'state' | 'announced'>): ArticleEventType | null {
  if (row.state === 'live') return row.announced ? 'article.updated' : 'article.published';
  return row.announced ? 'article.deleted' : null;
}

export interface Announcement {
  publisher: string;
  /** The ledger's row as KV now holds it (before `announced` is updated). */
  row: LedgerArticle;
  /** Index keys KV held for earlier versions and has just dropped. */
  before: readonly string[];
  /** The record JSON KV now holds (live only). */
  record: string | null;
  /** When KV came to hold the change (epoch ms). */
  at: number;
}

export async function changeEventFor(a: Announcement): Promise<ChangeEvent | null> {
  const type = announcedType(a.row);
  if (type === null) return null;
  const scopes = scopesOf([...a.row.keys, ...a.before]);
  const event: ChangeEvent = {
    // Equal for a re-run of the same change (a repaired write), distinct for every other change.
    id: await shortHash(JSON.stringify([a.publisher, a.row.id, a.row.eventAt, type, a.row.recordHash])),
    type,
    publisher: a.publisher,
    article: a.row.id,
    at: new Date(a.at).toISOString(),
    scopes,
    languages: scopes.flatMap((s) => (s.kind === 'lang' ? [s.lang] : [])),
    tags: scopes.flatMap((s) => (s.kind === 'tag' ? [s.tag] : [])),
  };
  if (type === 'article.deleted' || a.record === null) return event;
  const inline: ChangeEvent = { ...event, record: a.record };
  return queuedSize(inline) <= MAX_INLINE_EVENT_BYTES ? inline : event;
}

/** The distinct feed scopes of index keys, in the order the keys name them. */
function scopesOf(keys: readonly string[]): Scope[] {
  const seen = new Set<string>();
  const scopes: Scope[] = [];
  for (const key of keys) {
    const scope = scopeOfIndexKey(key);
    if (scope === null) continue;
    const prefix = scopePrefix(scope);
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    scopes.push(scope);
  }
  return scopes;
}
