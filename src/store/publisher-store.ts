import { newWebhookSecret, openWithEither, seal, type SealedSecret, type SealingKeys } from '../auth/secret-box';
import { publisherKey } from './keys';

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

export class PublisherStore {
  constructor(private readonly kv: KVNamespace) {}

  async get(id: string): Promise<PublisherRecord | null> {
    return this.kv.get<PublisherRecord>(publisherKey(id), 'json');
  }

  /** Returns the plaintext secret (shown once), or null when the id is taken. */
  async create(input: { id: string; name: string; url?: string }, keys: SealingKeys): Promise<{ record: PublisherRecord; secret: string } | null> {
    if (await this.get(input.id)) return null;
    const secret = newWebhookSecret();
    const record: PublisherRecord = {
      id: input.id,
      name: input.name,
      url: input.url ?? null,
      created_at: new Date().toISOString(),
      secrets: [await seal(secret, keys.current)],
    };
    await this.kv.put(publisherKey(input.id), JSON.stringify(record));
    return { record, secret };
  }

  /**
   * New current secret; the old current one stays valid as "previous" until dropped. The old one
   * is sealed again under the current key, so it does not outlive SECRETS_KEY_PREVIOUS.
   */
  async rotate(record: PublisherRecord, keys: SealingKeys): Promise<string | Unopenable> {
    const current = record.secrets[0];
    const kept = current ? await openWithEither(current, keys) : null;
    if (current && !kept) return 'unopenable';
    const secret = newWebhookSecret();
    record.secrets = [await seal(secret, keys.current), ...(kept ? [await seal(kept.plaintext, keys.current)] : [])];
    await this.kv.put(publisherKey(record.id), JSON.stringify(record));
    return secret;
  }

  async dropPrevious(record: PublisherRecord): Promise<boolean> {
    if (record.secrets.length < 2) return false;
    record.secrets = record.secrets.slice(0, 1);
    await this.kv.put(publisherKey(record.id), JSON.stringify(record));
    return true;
  }

  async markDeleted(record: PublisherRecord): Promise<void> {
    record.secrets = [];
    record.deleted_at = new Date().toISOString();
    await this.kv.put(publisherKey(record.id), JSON.stringify(record));
  }

  /** Plaintext secrets that currently verify, current first. */
  async activeSecrets(record: PublisherRecord, keys: SealingKeys): Promise<OpenSecrets | Unopenable> {
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

  /**
   * Seals `secrets` (opened from `record`) again under the current key. Skipped when the stored
   * record no longer holds what was opened, so a secret rotated meanwhile is not overwritten.
   */
  async reseal(record: PublisherRecord, secrets: string[], keys: SealingKeys): Promise<boolean> {
    const stored = await this.get(record.id);
    if (!stored || JSON.stringify(stored.secrets) !== JSON.stringify(record.secrets)) return false;
    stored.secrets = await Promise.all(secrets.map((s) => seal(s, keys.current)));
    await this.kv.put(publisherKey(record.id), JSON.stringify(stored));
    return true;
  }
}

export function isActive(record: PublisherRecord | null): record is PublisherRecord {
  return record !== null && record.deleted_at === undefined;
}
