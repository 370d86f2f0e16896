import type { ChangeEvent } from '../../model/change-event';
import type { PartnerEventMessage } from '../../model/push-messages';
import { ArticleStore } from '../../store/article-store';
import { changeSnapshotKey } from '../../store/keys';
import { listPartnerSubscriptions } from '../../store/partner-subscriptions';
import { shortHash } from '../../text/short-hash';
import type { ChangeTargets } from '../change-targets';
import type { PartnerDeps } from './partner-deps';
import { matchesFilter } from './partner-filter';
import type { PartnerListMetadata } from './subscription-record';

/**
 * The payload snapshot outlives every retry of its deliveries: 9 attempts span about 35 hours
 * at the production backoff (partner-delivery.ts), and a dead-lettered message comes later still.
 */
export const SNAPSHOT_TTL_SECONDS = 4 * 24 * 3600;

/** `webhook-id`: the same for every attempt of one change to one subscription, different across subscriptions. */
export async function partnerWebhookId(subscription: string, change: string): Promise<string> {
  return `msg_${await shortHash(`${subscription}\n${change}`)}`;
}

/** Ids of the live subscriptions whose filter matches: one list() per 1000 subscriptions, no value read. */
async function matchingSubscriptions(kv: KVNamespace, change: ChangeEvent): Promise<string[]> {
  const subscriptions = await listPartnerSubscriptions<PartnerListMetadata>(kv);
  // A key without metadata was not written by a subscription's object: nothing to match on.
  return subscriptions.flatMap(({ id, metadata }) => (metadata && metadata.d !== 1 && matchesFilter(metadata.f, change) ? [id] : []));
}

/**
 * The event's `data`: for published and updated, the stored article exactly as
 * /api/articles/{publisher}/{id} answers it; for deleted, `{"publisher","id"}` (the record is
 * gone). Null when the article is no longer stored: a delete followed, and its own event tells.
 */
async function snapshotData(kv: KVNamespace, change: ChangeEvent): Promise<string | null> {
  if (change.type === 'article.deleted') return JSON.stringify({ publisher: change.publisher, id: change.article });
  if (change.record !== undefined) return change.record;
  const article = await new ArticleStore(kv).get(change.publisher, change.article);
  return article === null ? null : JSON.stringify(article);
}

/**
 * One `partner.event` per matching subscription. The payload is written once per change, not
 * per subscription, and only when someone will read it.
 */
export function partnerTargets(deps: Pick<PartnerDeps, 'kv'>): ChangeTargets {
  return async (change) => {
    const matched = await matchingSubscriptions(deps.kv, change);
    if (matched.length === 0) return [];
    const data = await snapshotData(deps.kv, change);
    if (data === null) return [];
    await deps.kv.put(changeSnapshotKey(change.id), data, { expirationTtl: SNAPSHOT_TTL_SECONDS });
    return Promise.all(
      matched.map(
        async (subscription): Promise<PartnerEventMessage> => ({
          kind: 'partner.event',
          subscription,
          change: change.id,
          type: change.type,
          webhookId: await partnerWebhookId(subscription, change.id),
          at: change.at,
        }),
      ),
    );
  };
}
