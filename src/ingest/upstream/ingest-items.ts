import type { ArticleInput } from '../../model/article-schema';
import type { SeenItem, SourceRecord } from '../../store/source-store';
import { ArticleStore } from '../../store/article-store';
import { ingestArticle } from '../article-intake';
import { planItem, type PlanOptions } from './plan-item';
import type { RunBudget } from './run-budget';
import { itemArticleId } from './to-article';
import type { FeedRead } from './read-feed';

/**
 * The items of one parsed document → the article store, each through `ingestArticle`
 * (the one normalize → sanitize → store path). An item unchanged since the last pull is
 * neither mapped nor touches KV (plan-item.ts).
 */

export interface IngestCounts {
  new: number;
  updated: number;
  unchanged: number;
  errors: number;
  duplicates: number;
  deferred: number;
  beyond_cap: number;
}

export interface IngestOutcome {
  counts: IngestCounts;
  /** The seen-map to store: this document's items only. */
  seen: Record<string, SeenItem>;
  itemErrors: string[];
  /** Kept items the mapping changed (a tag dropped, a date replaced), at most REPORTED_ERRORS. */
  itemNotes: string[];
}

const REPORTED_ERRORS = 5;

/**
 * Worst case of one `ingestArticle` in KV operations: read the previous version, write the
 * record, write its index keys (all, publisher, one per tag), delete the previous
 * version's stale ones (up to 2 + 20 tags).
 */
function ingestCost(input: ArticleInput): number {
  return 2 + (2 + (input.tags?.length ?? 0)) + 22;
}

export async function ingestItems(read: FeedRead, source: SourceRecord, budget: RunBudget, now: Date, options: PlanOptions = {}): Promise<IngestOutcome> {
  const { feed } = read;
  const store = new ArticleStore(budget.kv);
  const provenance = { publisher: source.publisher, publisherName: source.name, receivedAt: now };
  const counts: IngestCounts = { new: 0, updated: 0, unchanged: 0, errors: feed.unreadable, duplicates: 0, deferred: 0, beyond_cap: read.total - feed.unreadable - read.entries.length };
  const seen: Record<string, SeenItem> = {};
  const itemErrors: string[] = [];
  const itemNotes: string[] = [];
  const note = (message: string) => {
    counts.errors++;
    if (itemErrors.length < REPORTED_ERRORS) itemErrors.push(message);
  };

  for (const [index, entry] of read.entries.entries()) {
    if (entry.kind === 'known') {
      if (Object.hasOwn(seen, entry.id)) counts.duplicates++;
      else {
        counts.unchanged++;
        seen[entry.id] = entry.entry;
      }
      continue;
    }
    const { item, raw } = entry;
    const id = await itemArticleId(item, feed);
    if (!id) {
      note(`item ${index + 1}: neither a guid/id nor a link`);
      continue;
    }
    if (Object.hasOwn(seen, id)) {
      // The first occurrence wins; a repeat would otherwise overwrite it on every pull.
      counts.duplicates++;
      continue;
    }
    const previous = Object.hasOwn(source.seen, id) ? source.seen[id] : undefined;
    const plan = await planItem(item, raw, id, feed, previous, now, options);
    if (plan.kind === 'invalid') {
      note(`item ${index + 1}: ${plan.reason}`);
      continue;
    }
    if (plan.kind === 'unchanged') {
      counts.unchanged++;
      seen[id] = plan.entry;
      continue;
    }
    // One operation stays in hand for the source record written after the items.
    if (!budget.canSpendKv(ingestCost(plan.input) + 1)) {
      counts.deferred++;
      if (previous) seen[id] = previous;
      continue;
    }
    for (const message of plan.notes) if (itemNotes.length < REPORTED_ERRORS) itemNotes.push(`item ${index + 1}: ${message}`);
    const result = await ingestArticle(store, plan.input, plan.contentBase === undefined ? provenance : { ...provenance, contentBase: plan.contentBase });
    if (result.outcome === 'created') counts.new++;
    else if (result.outcome === 'replaced') counts.updated++;
    else counts.unchanged++;
    seen[id] = plan.entry;
  }
  return { counts, seen, itemErrors, itemNotes };
}
