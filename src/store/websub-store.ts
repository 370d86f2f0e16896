import type { SealedSecret } from '../auth/secret-box';
import { shortHash } from '../text/short-hash';
import { websubFeedPrefix, websubKey, websubUnsubscribedKey, type Scope } from './keys';

/** One verified WebSub subscription: one topic (a feed in one format) and one callback. */
export interface WebSubSubscription {
  /** The topic URL in canonical form, as the subscriber's rel=self. */
  topic: string;
  /** The callback URL in canonical form: its hash is the key's last part. */
  callback: string;
  /** hub.secret sealed under SECRETS_KEY; absent when the subscriber gave none. */
  secret?: SealedSecret;
  lease_seconds: number;
  /** Epoch ms: the lease's end. KV drops the key then too; the delivery checks it as well. */
  expires_at: number;
  /** Epoch ms: when the hub accepted the request this subscription came from. */
  requested_at: number;
}

/** A live subscriber as one `list()` yields it: no value read. */
export interface ListedSubscriber {
  key: string;
  topic: string;
}

/** KV list metadata (≤ 1024 bytes): the topic, so fan-out names it without reading the value. */
interface SubscriberMeta {
  t: string;
}

/** KV refuses an `expiration` less than 60 seconds ahead. */
const MIN_EXPIRATION_AHEAD_S = 60;

export async function subscriptionKey(scope: Scope, format: 'rss' | 'atom' | 'json', callback: string): Promise<string> {
  return websubKey(scope, format, await shortHash(callback));
}

/** A day: well past the last retry of a verification (minutes at the production base). */
const UNSUBSCRIBE_MEMORY_S = 24 * 3600;

export class WebSubStore {
  constructor(private readonly kv: KVNamespace) {}

  get(key: string): Promise<WebSubSubscription | null> {
    return this.kv.get<WebSubSubscription>(key, 'json');
  }

  /** The key expires with the lease, so an expired subscription stops costing list() entries too. */
  async put(key: string, sub: WebSubSubscription, nowMs: number): Promise<void> {
    const expiration = Math.max(Math.floor(sub.expires_at / 1000), Math.ceil(nowMs / 1000) + MIN_EXPIRATION_AHEAD_S);
    const metadata: SubscriberMeta = { t: sub.topic };
    await this.kv.put(key, JSON.stringify(sub), { expiration, metadata });
  }

  delete(key: string): Promise<void> {
    return this.kv.delete(key);
  }

  /** When the newest verified unsubscribe of this subscription was requested (epoch ms), if remembered. */
  async unsubscribedAt(key: string): Promise<number | null> {
    const at = await this.kv.get(websubUnsubscribedKey(key));
    return at === null ? null : Number(at);
  }

  /**
   * Deletes the subscription and remembers when its unsubscribe was requested, for longer than
   * any verification of an older subscribe can still be retried.
   */
  async unsubscribe(key: string, requestedAt: number): Promise<void> {
    await this.kv.put(websubUnsubscribedKey(key), String(requestedAt), { expirationTtl: UNSUBSCRIBE_MEMORY_S });
    await this.kv.delete(key);
  }

  /**
   * A scope's live subscribers in every format: one `list()` per thousand. KV removes an
   * expired key only eventually, so a key whose `expiration` has passed is skipped here.
   */
  async listLive(scope: Scope, nowMs: number): Promise<ListedSubscriber[]> {
    const out: ListedSubscriber[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page: KVNamespaceListResult<SubscriberMeta> = await this.kv.list<SubscriberMeta>({ prefix: websubFeedPrefix(scope), cursor });
      for (const key of page.keys) {
        if (key.expiration !== undefined && key.expiration * 1000 <= nowMs) continue;
        if (key.metadata?.t === undefined) continue;
        out.push({ key: key.name, topic: key.metadata.t });
      }
      if (page.list_complete) return out;
      cursor = page.cursor;
    }
  }
}
