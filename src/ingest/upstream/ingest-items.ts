import type { ArticleInput } from '../../model/article-schema';
import type { SeenItem, SourceRecord } from '../../store/source-store';
import type { PulledItem, PulledOutcome } from '../publisher-object';
import { planItem, type PlanOptions } from './plan-item';
import type { RunBudget } from './run-budget';
import { itemArticleId } from './to-article';
import type { FeedRead } from './read-feed';

/**
 * The items of one parsed document → the publisher's object (publisher-object.ts), which writes
 * them through the same path as webhook events (normalize → sanitize → ledger → KV). An item
 * unchanged since the last pull is neither mapped nor sent (plan-item.ts).
 */

/** Hands changed items to the publisher's object; one call is one subrequest. */
export type PulledSink = (items: PulledItem[]) => Promise<PulledOutcome[]>;

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
 * Worst case, in KV operations inside the object, of one item: a read of a record the ledger
 * has not seen, the record, its index keys (all, publisher, one per tag) and the previous
 * version's keys it retires (up to 2 + 20 tags). One call of the object stays under 1000.
 */
function itemCost(input: ArticleInput): number {
  return 2 + (2 + (input.tags?.length ?? 0)) + 22;
}
const OBJECT_CALL_KV_OPS = 900;
// Items travel to the object in one RPC message; body HTML is at most 500 000 characters each.
const OBJECT_CALL_CHARS = 4_000_000;

interface Pending {
  id: string;
  item: PulledItem;
  entry: SeenItem;
  previous: SeenItem | undefined;
}

export async function ingestItems(read: FeedRead, source: SourceRecord, budget: RunBudget, sink: PulledSink, options: PlanOptions = {}, now: Date = new Date()): Promise<IngestOutcome> {
  const { feed } = read;
  const counts: IngestCounts = { new: 0, updated: 0, unchanged: 0, errors: feed.unreadable, duplicates: 0, deferred: 0, beyond_cap: read.total - feed.unreadable - read.entries.length };
  const seen: Record<string, SeenItem> = {};
  const itemErrors: string[] = [];
  const itemNotes: string[] = [];
  const note = (message: string) => {
    counts.errors++;
    if (itemErrors.length < REPORTED_ERRORS) itemErrors.push(message);
  };
  const changed: Pending[] = [];

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
    for (const message of plan.notes) if (itemNotes.length < REPORTED_ERRORS) itemNotes.push(`item ${index + 1}: ${message}`);
    // Reserved now so a later duplicate of the id counts as one.
    seen[id] = plan.entry;
    changed.push({ id, item: plan.contentBase === undefined ? { input: plan.input } : { input: plan.input, contentBase: plan.contentBase }, entry: plan.entry, previous });
  }

  for (const batch of batches(changed)) {
    // One subrequest per call of the object; what does not fit waits for the next pull.
    if (!budget.takeFetches(1)) {
      for (const p of batch) defer(p);
      continue;
    }
    const outcomes = await sink(batch.map((p) => p.item));
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome === 'new') counts.new++;
      else if (outcome === 'scheduled') {
        // Dated more than 5 minutes ahead: an embargo, published by the object at that time.
        counts.new++;
        if (itemNotes.length < REPORTED_ERRORS) itemNotes.push(`item "${p.id}": dated ahead; scheduled for its date_published`);
      }
      else if (outcome === 'updated') counts.updated++;
      else if (outcome === 'unsynced') {
        // In the object's ledger, not yet wholly in KV: its alarm finishes the write.
        counts.updated++;
        if (itemNotes.length < REPORTED_ERRORS) itemNotes.push(`item "${p.id}": stored; its KV write is being completed`);
      } else counts.unchanged++;
    });
  }
  return { counts, seen, itemErrors, itemNotes };

  function defer(p: Pending): void {
    counts.deferred++;
    if (p.previous) seen[p.id] = p.previous;
    else delete seen[p.id];
  }
}

/** Consecutive items, each group within one call's KV operations and message size. */
function batches(items: Pending[]): Pending[][] {
  const out: Pending[][] = [];
  let current: Pending[] = [];
  let ops = 0;
  let chars = 0;
  for (const p of items) {
    const cost = itemCost(p.item.input);
    const size = p.item.input.content_html.length;
    if (current.length && (ops + cost > OBJECT_CALL_KV_OPS || chars + size > OBJECT_CALL_CHARS)) {
      out.push(current);
      current = [];
      ops = chars = 0;
    }
    current.push(p);
    ops += cost;
    chars += size;
  }
  if (current.length) out.push(current);
  return out;
}
