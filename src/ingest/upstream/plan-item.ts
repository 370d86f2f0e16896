import type { ArticleInput } from '../../model/article-schema';
import type { SeenItem } from '../../store/source-store';
import { shortHash } from '../../text/short-hash';
import { toArticleInput, type ItemContext, type MappedItem } from './to-article';
import type { UpstreamFeed, UpstreamItem } from './upstream-feed';

/**
 * What one item of a pulled document needs, decided without KV: nothing (its raw hash, or
 * else its mapped article's hash, matches the seen-map), or an intake of the mapped article.
 * Only an item whose raw hash changed is mapped, so an unchanged item costs two hashes.
 */

export type ItemMapper = (item: UpstreamItem, ctx: ItemContext) => MappedItem;

export interface PlanOptions {
  map?: ItemMapper;
}

export type ItemPlan =
  | { kind: 'unchanged'; entry: SeenItem }
  | { kind: 'invalid'; reason: string }
  | { kind: 'ingest'; entry: SeenItem; input: ArticleInput; contentBase?: string; notes: string[] };

function secondsPrecision(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The mapped article's hash; the base joins it only when set, so older entries still match. */
function mappedHash(input: ArticleInput, contentBase: string | undefined): Promise<string> {
  return shortHash(contentBase === undefined ? JSON.stringify(input) : JSON.stringify([input, contentBase]));
}

/** `raw` is the item's raw hash from read-feed.ts. */
export async function planItem(
  item: UpstreamItem,
  raw: string,
  id: string,
  feed: UpstreamFeed,
  previous: SeenItem | undefined,
  now: Date,
  options: PlanOptions = {},
): Promise<ItemPlan> {
  if (previous?.r === raw) return { kind: 'unchanged', entry: previous };

  const map = options.map ?? toArticleInput;
  const mapped = map(item, { id, feed, firstSeen: previous?.d ?? secondsPrecision(now), now });
  if (!mapped.ok) return { kind: 'invalid', reason: mapped.reason };
  const entry: SeenItem = { h: await mappedHash(mapped.input, mapped.contentBase), r: raw };
  if (mapped.datedByFirstSeen) entry.d = mapped.input.date_published;
  // Same article from a different raw item (a mapping-version bump, a seen-map stored before
  // raw hashes existed): nothing to write, and the entry learns the new raw hash.
  if (previous?.h === entry.h) return { kind: 'unchanged', entry };
  return { kind: 'ingest', entry, input: mapped.input, contentBase: mapped.contentBase, notes: mapped.notes };
}
