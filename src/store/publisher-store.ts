import { newWebhookSecret, openWithEither, seal, type SealedSecret, type SealingKeys } from '../auth/secret-box';
import { publisherKey } from './keys';

/**
 * A publisher's record and the changes made to it. The record lives in the publisher's Durable
 * Object (publisher-ledger.ts), which applies these changes one at a time; the functions here
 * only compute the next record.
 */
export interface PublisherRecord {
  id: string;
  name: string;
  url: string | null;
  created_at: string;
  /** [current, previous?]: both verify during a rotation. Empty once deleted. */
  secrets: SealedSecret[];
  /** Set when the publisher is deleted: the id stays taken so nobody inherits its articles. */
  deleted_at?: string;
}

/** The secrets that verify now, current first; `stale` when any was sealed under the previous key. */
export interface OpenSecrets {
  secrets: string[];
  stale: boolean;
}

/** A sealed secret that opens under neither key (SECRETS_KEY changed without SECRETS_KEY_PREVIOUS). */
export type Unopenable = 'unopenable';

export async function newPublisher(input: { id: string; name: string; url?: string }, keys: SealingKeys, now: Date): Promise<{ record: PublisherRecord; secret: string }> {
  const secret = newWebhookSecret();
  const record: PublisherRecord = {
    id: input.id,
    name: input.name,
    url: input.url ?? null,
    created_at: now.toISOString(),
    secrets: [await seal(secret, keys.current)],
  };
  return { record, secret };
}

/**
 * New current secret; the old current one stays valid as "previous" until dropped. The old one
 * is sealed again under the current key, so it does not outlive SECRETS_KEY_PREVIOUS.
 */
export async function rotated(record: PublisherRecord, keys: SealingKeys): Promise<{ record: PublisherRecord; secret: string } | Unopenable> {
  const current = record.secrets[0];
  const kept = current ? await openWithEither(current, keys) : null;
  if (current && !kept) return 'unopenable';
  const secret = newWebhookSecret();
  const secrets = [await seal(secret, keys.current), ...(kept ? [await seal(kept.plaintext, keys.current)] : [])];
  return { record: { ...record, secrets }, secret };
}

/** Null when there is no previous secret to drop. */
export function withoutPrevious(record: PublisherRecord): PublisherRecord | null {
  return record.secrets.length < 2 ? null : { ...record, secrets: record.secrets.slice(0, 1) };
}

export function deleted(record: PublisherRecord, now: Date): PublisherRecord {
  return { ...record, secrets: [], deleted_at: now.toISOString() };
}

/** Plaintext secrets that currently verify, current first. */
export async function activeSecrets(record: PublisherRecord, keys: SealingKeys): Promise<OpenSecrets | Unopenable> {
  const opened = await Promise.all(record.secrets.map((s) => openWithEither(s, keys)));
  const secrets: string[] = [];
  let stale = false;
  for (const secret of opened) {
    if (!secret) return 'unopenable';
    secrets.push(secret.plaintext);
    stale ||= secret.stale;
  }
  return { secrets, stale };
}

/** `secrets` (opened from `record`) sealed again under the current key. */
export async function resealed(record: PublisherRecord, secrets: string[], keys: SealingKeys): Promise<PublisherRecord> {
  return { ...record, secrets: await Promise.all(secrets.map((s) => seal(s, keys.current))) };
}

export function isActive(record: PublisherRecord | null): record is PublisherRecord {
  return record !== null && record.deleted_at === undefined;
}

/**
 * KV p:{id} holds two kinds of record: one from before publishers had objects (an object without
 * a record of its own adopts it, then removes it), and the public marker of a deleted publisher
 * (no secrets), which the source admin reads so a deleted namespace is never reused.
 */
export class KvPublisherRecords {
  constructor(private readonly kv: KVNamespace) {}

  get(id: string): Promise<PublisherRecord | null> {
    return this.kv.get<PublisherRecord>(publisherKey(id), 'json');
  }

  markDeleted(record: PublisherRecord): Promise<void> {
    return this.kv.put(publisherKey(record.id), JSON.stringify({ ...record, secrets: [] }));
  }

  forget(id: string): Promise<void> {
    return this.kv.delete(publisherKey(id));
  }
}
