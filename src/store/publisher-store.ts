import { newWebhookSecret, open, seal, type SealedSecret } from '../auth/secret-box';
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

export class PublisherStore {
  constructor(
    private readonly kv: KVNamespace,
    private readonly secretsKey: string,
  ) {}

  async get(id: string): Promise<PublisherRecord | null> {
    return this.kv.get<PublisherRecord>(publisherKey(id), 'json');
  }

  /** Returns the plaintext secret (shown once), or null when the id is taken. */
  async create(input: { id: string; name: string; url?: string }): Promise<{ record: PublisherRecord; secret: string } | null> {
    if (await this.get(input.id)) return null;
    const secret = newWebhookSecret();
    const record: PublisherRecord = {
      id: input.id,
      name: input.name,
      url: input.url ?? null,
      created_at: new Date().toISOString(),
      secrets: [await seal(secret, this.secretsKey)],
    };
    await this.kv.put(publisherKey(input.id), JSON.stringify(record));
    return { record, secret };
  }

  /** New current secret; the old current one stays valid as "previous" until dropped. */
  async rotate(record: PublisherRecord): Promise<string> {
    const secret = newWebhookSecret();
    const current = record.secrets[0];
    record.secrets = [await seal(secret, this.secretsKey), ...(current ? [current] : [])];
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
  async activeSecrets(record: PublisherRecord): Promise<string[]> {
    return Promise.all(record.secrets.map((s) => open(s, this.secretsKey)));
  }
}

export function isActive(record: PublisherRecord | null): record is PublisherRecord {
  return record !== null && record.deleted_at === undefined;
}
