import type { PullReport } from '../../model/source-schema';
import { SourceStore, type SourceRecord } from '../../store/source-store';
import { SourcePullMessageSchema } from './pull-message';
import { pullAndSave } from './pull-source';
import { RunBudget } from './run-budget';
import { DEFAULT_RUN_LIMITS, pullContext, type PullDeps, type RunLimits } from './schedule';

/**
 * The queue consumer: one message, one source, one pull with a budget of its own (the
 * consumer runs with max_batch_size = 1 because Workers limits are per invocation).
 *
 * Retry semantics:
 * - An upstream failure (HTTP error, timeout, malformed feed) is the source's own business:
 *   its health records it and backs it off; the message is acknowledged.
 * - An internal failure (a thrown bug, a failing KV read or write) is saved in the source's
 *   health when it can be, then the message is retried by Queues after a delay; after
 *   max_retries it moves to the dead-letter queue, whose consumer marks the source.
 * - A first delivery for a source that is no longer due (pulled since by a duplicate message or
 *   by hand, backed off by a lease, stopped or deleted) is acknowledged without a pull.
 *   A redelivery pulls again: its own earlier attempt is what moved the source.
 */

export type QueuedPullResult = { action: 'pulled'; report: PullReport } | { action: 'skipped'; source: string | null; reason: 'malformed message' | 'unknown source' | 'stopped' | 'not due' };

/** An internal failure while pulling: the queue retries the message. */
export class InternalPullError extends Error {}

function isDue(record: SourceRecord, nowMs: number): boolean {
  const next = record.health.next_attempt_at;
  return next !== null && Date.parse(next) <= nowMs;
}

export async function pullQueuedSource(deps: PullDeps, body: unknown, attempts: number): Promise<QueuedPullResult> {
  const parsed = SourcePullMessageSchema.safeParse(body);
  if (!parsed.success) return { action: 'skipped', source: null, reason: 'malformed message' };
  const id = parsed.data.source;
  const limits: RunLimits = { ...DEFAULT_RUN_LIMITS, ...deps.limits };
  const budget = new RunBudget(deps.kv, limits.budget);
  const ctx = pullContext(deps, budget, limits);

  const record = await new SourceStore(budget.kv).get(id);
  if (!record) return { action: 'skipped', source: id, reason: 'unknown source' };
  if (record.health.stopped) return { action: 'skipped', source: id, reason: 'stopped' };
  if (attempts <= 1 && !isDue(record, ctx.now().getTime())) return { action: 'skipped', source: id, reason: 'not due' };

  const outcome = await pullAndSave(ctx, record);
  if (outcome.internalError !== null) throw new InternalPullError(`source ${id}: ${outcome.internalError}`);
  return { action: 'pulled', report: outcome.report };
}

/** 30 s, 60 s, 120 s …, at most 10 minutes (the cron interval). */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 600);
}

export async function consumeSourcePulls(batch: MessageBatch<unknown>, deps: PullDeps): Promise<void> {
  for (const msg of batch.messages) {
    try {
      const result = await pullQueuedSource(deps, msg.body, msg.attempts);
      console.log(result.action === 'pulled' ? `pulled ${result.report.source}: ${result.report.outcome}` : `skipped ${result.source ?? msg.id}: ${result.reason}`);
      msg.ack();
    } catch (err) {
      console.error(`retrying message ${msg.id} (attempt ${msg.attempts}): ${err instanceof Error ? err.message : String(err)}`);
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
    }
  }
}

export const DEAD_LETTERED = 'dead-lettered: the queued pull failed on every delivery';

/** The dead-letter queue's consumer: shows in the source's health that its pulls gave up. */
export async function markDeadLettered(batch: MessageBatch<unknown>, deps: { kv: KVNamespace }): Promise<void> {
  const store = new SourceStore(deps.kv);
  for (const msg of batch.messages) {
    const parsed = SourcePullMessageSchema.safeParse(msg.body);
    if (!parsed.success) {
      msg.ack();
      continue;
    }
    try {
      const record = await store.get(parsed.data.source);
      if (record) {
        const previous = record.health.last_error;
        // A source dead-lettered again keeps the error that came before its first dead letter.
        const last_error = previous?.startsWith(DEAD_LETTERED) ? previous : previous ? `${DEAD_LETTERED} (last error: ${previous})` : DEAD_LETTERED;
        await store.put({ ...record, health: { ...record.health, last_error } });
      }
      msg.ack();
    } catch (err) {
      console.error(`dead letter ${msg.id}: ${err instanceof Error ? err.message : String(err)}`);
      msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
    }
  }
}
