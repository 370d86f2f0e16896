import { SourceStore } from '../../store/source-store';
import { DEFAULT_FETCH_LIMITS, type FetchLike, type FetchLimits } from './fetch-upstream';
import type { SourcePullMessage } from './pull-message';
import type { PublisherObject } from '../publisher-object';
import type { PullContext } from './pull-source';
import type { BudgetLimits, RunBudget } from './run-budget';
import { realSleep, type Sleep } from './source-lease';

/**
 * The cron entry point: list the due sources (oldest due first) and send one queue message
 * per source. Pulling happens in the queue consumer, one source per invocation, so one slow or
 * dying source never shares a CPU or subrequest budget with another.
 */

export interface RunLimits {
  /** Items read from one document. */
  maxItems: number;
  budget: BudgetLimits;
  fetch: FetchLimits;
}

// Per queue invocation, which pulls one source: 1 + 3 redirect hops of the free plan's 50
// subrequests, and 900 of the 1000 KV operations an invocation may make.
export const DEFAULT_RUN_LIMITS: RunLimits = {
  maxItems: 200,
  budget: { fetches: 45, kvOps: 900 },
  fetch: DEFAULT_FETCH_LIMITS,
};

/** Queues accept at most 100 messages per sendBatch call. */
const SEND_BATCH = 100;
/** Messages per cron run: with one list() per 1000 sources, well inside 1000 operations. */
const MAX_MESSAGES = 10_000;

export interface EnqueueDeps {
  kv: KVNamespace;
  queue: Queue<SourcePullMessage>;
  now?: () => Date;
}

export interface EnqueueReport {
  /** Sources due at the start of the run. */
  due: number;
  /** Messages sent (oldest due first); the rest are still due at the next run. */
  sent: number;
}

export async function enqueueDueSources(deps: EnqueueDeps): Promise<EnqueueReport> {
  const nowMs = (deps.now ?? (() => new Date()))().getTime();
  const due = (await new SourceStore(deps.kv).schedule())
    .filter((e): e is typeof e & { nextAttempt: number } => e.nextAttempt !== null && e.nextAttempt <= nowMs)
    .sort((a, b) => a.nextAttempt - b.nextAttempt)
    .slice(0, MAX_MESSAGES);
  let sent = 0;
  for (let i = 0; i < due.length; i += SEND_BATCH) {
    const batch = due.slice(i, i + SEND_BATCH);
    await deps.queue.sendBatch(batch.map((e) => ({ body: { source: e.id } })));
    sent += batch.length;
  }
  return { due: due.length, sent };
}

export interface PullDeps {
  kv: KVNamespace;
  fetch: FetchLike;
  now?: () => Date;
  sleep?: Sleep;
  limits?: Partial<RunLimits>;
  /** ALLOW_PRIVATE_SOURCES; absent means private and loopback hosts are refused. */
  allowPrivate?: boolean;
  /** The publishers' objects (env.PUBLISHERS), through which pulled items are written. */
  publishers: DurableObjectNamespace<PublisherObject>;
}

export function pullContext(deps: PullDeps, budget: RunBudget, limits: RunLimits): PullContext {
  return { budget, fetch: deps.fetch, now: deps.now ?? (() => new Date()), sleep: deps.sleep ?? realSleep, fetchLimits: limits.fetch, maxItems: limits.maxItems, allowPrivate: deps.allowPrivate ?? false, publishers: deps.publishers };
}
