import { DEFAULT_INTERVAL_MINUTES, type NewSource } from '../model/source-schema';
import type { SourceRecord } from '../store/source-store';
import { initialHealth } from './upstream/source-health';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** 50 random bits in base32: unguessable enough, and valid inside a publisher slug. */
export function newSourceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => ID_ALPHABET[b & 31]).join('');
}

/** A new source record, due at once. `publisher` defaults to a slug of the new id. */
export function newSourceRecord(input: NewSource, now: Date): SourceRecord {
  const id = newSourceId();
  return {
    id,
    url: new URL(input.url).href,
    name: input.name,
    publisher: input.publisher ?? `src-${id}`,
    interval_minutes: input.interval_minutes ?? DEFAULT_INTERVAL_MINUTES,
    created_at: now.toISOString(),
    health: initialHealth(now),
    etag: null,
    last_modified: null,
    body_hash: null,
    seen: {},
  };
}
