import type { PullReport } from '../source-schema';
import { SourceStore } from '../../store/source-store';
import { DEFAULT_FETCH_LIMITS, type FetchLike, type FetchLimits } from './fetch-upstream';
import { pullSource, type PullContext } from './pull-source';
import { RunBudget, type BudgetLimits } from './run-budget';

/**
 * The cron entry point: pull the sources that are due, oldest-due first, in one bounded
 * batch. Sources beyond the batch stay due and are first in line on the next run.
 */

export interface RunLimits {
  /** Sources pulled per invocation. */
  maxSources: number;
  /** Items read from one document. */
  maxItems: number;
  budget: BudgetLimits;
  fetch: FetchLimits;
}

// 8 sources × (1 + 3 redirects) = 32 subrequests at most, under the free plan's 50;
// 900 of the 1000 KV operations an invocation may make.
export const DEFAULT_RUN_LIMITS: RunLimits = {
  maxSources: 8,
  maxItems: 200,
  budget: { fetches: 45, kvOps: 900 },
  fetch: DEFAULT_FETCH_LIMITS,
};

export interface PullDeps {
  kv: KVNamespace;
  fetch: FetchLike;
  now?: () => Date;
  limits?: Partial<RunLimits>;
  /** ALLOW_PRIVATE_SOURCES; absent means private and loopback hosts are refused. */
  allowPrivate?: boolean;
}

export interface RunReport {
  /** Sources that were due at the start of the run. */
  due: number;
  pulled: PullReport[];
  /** Due sources left for the next run (batch size or budget). */
  left: number;
}

export function pullContext(deps: PullDeps, budget: RunBudget, limits: RunLimits): PullContext {
  return { budget, fetch: deps.fetch, now: deps.now ?? (() => new Date()), fetchLimits: limits.fetch, maxItems: limits.maxItems, allowPrivate: deps.allowPrivate ?? false };
}

export async function pullDueSources(deps: PullDeps): Promise<RunReport> {
  const limits: RunLimits = { ...DEFAULT_RUN_LIMITS, ...deps.limits };
  const budget = new RunBudget(deps.kv, limits.budget);
  const ctx = pullContext(deps, budget, limits);
  const store = new SourceStore(budget.kv);
  const nowMs = ctx.now().getTime();

  const due = (await store.schedule())
    .filter((e): e is typeof e & { nextAttempt: number } => e.nextAttempt !== null && e.nextAttempt <= nowMs)
    .sort((a, b) => a.nextAttempt - b.nextAttempt);

  const pulled: PullReport[] = [];
  for (const entry of due.slice(0, limits.maxSources)) {
    // Each source may need its redirect hops, its record read and its record write.
    if (!budget.canSpendKv(2) || !budget.takeFetches(1 + limits.fetch.maxRedirects)) break;
    const record = await store.get(entry.id);
    if (record) pulled.push(await pullSource(ctx, record));
  }
  return { due: due.length, pulled, left: due.length - pulled.length };
}
