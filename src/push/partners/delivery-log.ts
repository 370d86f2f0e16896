import type { ArticleEventType } from '../../model/change-event';
import type { DeliveryAttempt } from '../../model/subscription-schema';
import { partnerLogKey, partnerLogPrefix } from '../../store/keys';

/**
 * The recent delivery attempts of one partner subscription, one KV key per attempt
 * (`wh:log:{id}:{rank}:{n}`, newest first) with the attempt in its list metadata: one put per
 * attempt, no key shared by two attempts, and one `list()` reads a page of them. Entries expire
 * by themselves after LOG_TTL_SECONDS.
 */

export const LOG_TTL_SECONDS = 7 * 24 * 3600;
/** Attempts GET …/deliveries answers: one KV list page. */
export const LOG_PAGE = 100;
/** An error as logged: list metadata is at most 1024 bytes with the other fields. */
const MAX_LOGGED_ERROR_CHARS = 200;

export interface LoggedAttempt {
  webhookId: string;
  event: ArticleEventType;
  status: number | null;
  attempt: number;
  atMs: number;
  error?: string;
}

export async function logAttempt(kv: KVNamespace, subscription: string, entry: LoggedAttempt): Promise<void> {
  const metadata: DeliveryAttempt = {
    webhook_id: entry.webhookId,
    event: entry.event,
    status: entry.status,
    attempt: entry.attempt,
    at: new Date(entry.atMs).toISOString(),
  };
  if (entry.error !== undefined) {
    metadata.error = entry.error.length > MAX_LOGGED_ERROR_CHARS ? `${entry.error.slice(0, MAX_LOGGED_ERROR_CHARS - 1)}…` : entry.error;
  }
  // webhook-id and attempt number make the key unique to this attempt, also within one millisecond.
  const key = partnerLogKey(subscription, entry.atMs, `${entry.webhookId}.${entry.attempt}`);
  await kv.put(key, '', { metadata, expirationTtl: LOG_TTL_SECONDS });
}

export async function recentAttempts(kv: KVNamespace, subscription: string): Promise<DeliveryAttempt[]> {
  const page = await kv.list<DeliveryAttempt>({ prefix: partnerLogPrefix(subscription), limit: LOG_PAGE });
  return page.keys.flatMap((key) => (key.metadata ? [key.metadata] : []));
}
