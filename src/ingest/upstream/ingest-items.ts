import type { ArticleInput } from '../../model/article-schema';
import type { SeenItem, SourceRecord } from '../../store/source-store';
import { ArticleStore } from '../../store/article-store';
import { shortHash } from '../../store/short-hash';
import { ingestArticle } from '../article-intake';
import type { RunBudget } from './run-budget';
import { itemArticleId, toArticleInput } from './to-article';
import type { UpstreamFeed } from './upstream-feed';

/**
 * The items of one parsed document → the article store, each through `ingestArticle`
 * (the one normalize → sanitize → store path). An item whose mapped article hashes as it
 * did on the last pull is skipped before any KV operation.
 */

export interface IngestCounts {
  new: number;
  updated: number;
  unchanged: number;
  errors: number;
  duplicates: number;
  deferred: number;
}

export interface IngestOutcome {
  counts: IngestCounts;
  /** The seen-map to store: this document's items only. */
  seen: Record<string, SeenItem>;
  itemErrors: string[];
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

function secondsPrecision(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function ingestItems(feed: UpstreamFeed, source: SourceRecord, budget: RunBudget, now: Date, maxItems: number): Promise<IngestOutcome> {
  const store = new ArticleStore(budget.kv);
  const provenance = { publisher: source.publisher, publisherName: source.name, receivedAt: now };
  const counts: IngestCounts = { new: 0, updated: 0, unchanged: 0, errors: feed.unreadable, duplicates: 0, deferred: 0 };
  const seen: Record<string, SeenItem> = {};
  const itemErrors: string[] = [];
  const note = (message: string) => {
    counts.errors++;
    if (itemErrors.length < REPORTED_ERRORS) itemErrors.push(message);
  };

  for (const [index, item] of feed.items.slice(0, maxItems).entries()) {
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
    const mapped = toArticleInput(item, { id, feed, firstSeen: previous?.d ?? secondsPrecision(now) });
    if (!mapped.ok) {
      note(`item ${index + 1}: ${mapped.reason}`);
      continue;
    }
    const entry: SeenItem = { h: await shortHash(JSON.stringify(mapped.input)) };
    if (mapped.datedByFirstSeen) entry.d = mapped.input.date_published;
    if (previous?.h === entry.h) {
      counts.unchanged++;
      seen[id] = entry;
      continue;
    }
    // One operation stays in hand for the source record written after the items.
    if (!budget.canSpendKv(ingestCost(mapped.input) + 1)) {
      counts.deferred++;
      if (previous) seen[id] = previous;
      continue;
    }
    const result = await ingestArticle(store, mapped.input, provenance);
    if (result.outcome === 'created') counts.new++;
    else if (result.outcome === 'replaced') counts.updated++;
    else counts.unchanged++;
    seen[id] = entry;
  }
  return { counts, seen, itemErrors };
}
