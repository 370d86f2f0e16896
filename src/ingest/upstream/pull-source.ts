import type { PullReport } from '../../model/source-schema';
import { shortHash } from '../../text/short-hash';
import { SourceStore, type SourceRecord } from '../../store/source-store';
import { fetchUpstream, type FetchLike, type FetchLimits } from './fetch-upstream';
import { announced, publisherObject } from '../publisher-client';
import type { PublisherObject } from '../publisher-object';
import { ingestItems, type IngestCounts, type PulledSink } from './ingest-items';
import { MAPPING_VERSION } from './item-hash';
import { adoptPermanentMove } from './permanent-redirect';
import { readFeed } from './read-feed';
import type { RunBudget } from './run-budget';
import { afterFailure, afterGone, afterSuccess } from './source-health';
import { awaitKeyWriteGap, leaseRecord, type Sleep } from './source-lease';
import { FeedError } from './upstream-feed';

/**
 * One source, one pull: lease written → conditional GET → (304: nothing more) → parse →
 * ingest items → health and validators saved in the source record (its second write).
 */

export interface PullContext {
  budget: RunBudget;
  fetch: FetchLike;
  now: () => Date;
  fetchLimits: FetchLimits;
  /** Items read from one document; feeds list newest first, the rest are old news. */
  maxItems: number;
  /** ALLOW_PRIVATE_SOURCES: fetch loopback and private hosts (local development only). */
  allowPrivate?: boolean;
  /** Waits out the per-key KV write gap between the lease and the pull's own record. */
  sleep: Sleep;
  /** The publishers' objects, through which pulled items are written. */
  publishers: DurableObjectNamespace<PublisherObject>;
}

async function bodyHash(bytes: Uint8Array): Promise<string> {
  return `${MAPPING_VERSION}:${await shortHash(bytes)}`;
}

const NO_ITEMS: IngestCounts = { new: 0, updated: 0, unchanged: 0, errors: 0, duplicates: 0, deferred: 0, beyond_cap: 0 };

function report(record: SourceRecord, outcome: PullReport['outcome'], status: number | null, counts: IngestCounts, error: string | null, itemErrors: string[] = [], itemNotes: string[] = []): PullReport {
  return { source: record.id, outcome, http_status: status, ...counts, error, item_errors: itemErrors, item_notes: itemNotes, next_attempt_at: record.health.next_attempt_at };
}

async function pullOnce(ctx: PullContext, source: SourceRecord): Promise<{ record: SourceRecord; report: PullReport }> {
  const now = ctx.now();
  const interval = source.interval_minutes;
  const response = await fetchUpstream(ctx.fetch, source.url, { etag: source.etag, lastModified: source.last_modified }, ctx.fetchLimits, now.getTime(), { allowPrivate: ctx.allowPrivate ?? false });
  if (response.kind === 'fetched' || response.kind === 'not-modified') source = await adoptPermanentMove(ctx.budget.kv, source, response.movedTo);

  if (response.kind === 'failed') {
    const record = { ...source, health: afterFailure(source.health, now, response, interval) };
    return { record, report: report(record, 'failed', response.status, NO_ITEMS, response.reason) };
  }
  if (response.kind === 'gone') {
    const record = { ...source, health: afterGone(source.health, now) };
    return { record, report: report(record, 'gone', 410, NO_ITEMS, record.health.last_error) };
  }
  if (response.kind === 'not-modified') {
    const record: SourceRecord = {
      ...source,
      etag: response.validators.etag,
      last_modified: response.validators.lastModified,
      health: afterSuccess(source.health, now, 304, interval, source.health.items_seen, false),
    };
    return { record, report: report(record, 'not-modified', 304, NO_ITEMS, null) };
  }

  // Servers without validators send the same bytes again: same bytes, nothing to parse.
  const hash = await bodyHash(response.bytes);
  if (hash === source.body_hash) {
    const record: SourceRecord = { ...source, health: afterSuccess(source.health, now, response.status, interval, source.health.items_seen, false) };
    return { record, report: report(record, 'unchanged-body', response.status, NO_ITEMS, null) };
  }

  let read;
  try {
    read = await readFeed(response.bytes, response.contentType, response.url, ctx.maxItems, source.seen);
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    const record = { ...source, health: afterFailure(source.health, now, { status: response.status, reason: err.message }, interval) };
    return { record, report: report(record, 'failed', response.status, NO_ITEMS, err.message) };
  }

  const sink: PulledSink = (items) =>
    announced(async () => publisherObject({ PUBLISHERS: ctx.publishers }, source.publisher).ingestPulled(source.publisher, source.name, items, now.getTime()));
  const { counts, seen, itemErrors, itemNotes } = await ingestItems(read, source, ctx.budget, sink, {}, now);
  // Items left for later: forget the validators so the next pull gets the document again.
  const partial = counts.deferred > 0;
  const record: SourceRecord = {
    ...source,
    etag: partial ? null : response.validators.etag,
    last_modified: partial ? null : response.validators.lastModified,
    body_hash: partial ? null : hash,
    seen,
    health: afterSuccess(source.health, now, response.status, interval, read.total, partial),
  };
  return { record, report: report(record, 'fetched', response.status, counts, null, itemErrors, itemNotes) };
}

export interface PullOutcome {
  report: PullReport;
  /** A bug or storage failure thrown during the pull; already saved in the source's health. */
  internalError: string | null;
}

/**
 * Claims the source (its lease), pulls it and saves its record; never throws for anything the
 * source did. Only a failing write of the record itself escapes.
 */
export async function pullAndSave(ctx: PullContext, source: SourceRecord): Promise<PullOutcome> {
  const store = new SourceStore(ctx.budget.kv);
  const leasedAt = ctx.now();
  await store.put(leaseRecord(source, leasedAt));
  let outcome: { record: SourceRecord; report: PullReport };
  let internalError: string | null = null;
  try {
    outcome = await pullOnce(ctx, source);
  } catch (err) {
    // A bug or a storage failure while handling this source: saved in its health like a
    // failure, and handed to the caller, which may retry (the queue consumer does).
    internalError = `internal error: ${err instanceof Error ? err.message : String(err)}`;
    const record = { ...source, health: afterFailure(source.health, ctx.now(), { status: null, reason: internalError }, source.interval_minutes) };
    outcome = { record, report: report(record, 'failed', null, NO_ITEMS, internalError) };
  }
  await awaitKeyWriteGap(ctx.now, ctx.sleep, leasedAt.getTime());
  await store.put(outcome.record);
  return { report: outcome.report, internalError };
}

/** Pulls one source and saves its record; never throws for anything the source did. */
export async function pullSource(ctx: PullContext, source: SourceRecord): Promise<PullReport> {
  return (await pullAndSave(ctx, source)).report;
}
