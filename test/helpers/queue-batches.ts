import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { vi } from 'vitest';

/**
 * A batch as the queue would deliver it (createMessageBatch), with every message's `retry`
 * options recorded too: getQueueResult reports which messages were acked or retried, but not
 * the delay they were retried with.
 */
export function queueBatch<Body>(queue: string, bodies: Body[], attempts: number | number[] = 1) {
  const batch = createMessageBatch<Body>(
    queue,
    bodies.map((body, i) => ({ id: `m${i + 1}`, timestamp: new Date('2026-11-26T00:00:00Z'), attempts: Array.isArray(attempts) ? (attempts[i] ?? 1) : attempts, body })),
  );
  const delays: Record<string, number | undefined> = {};
  for (const msg of batch.messages) {
    const retry = msg.retry.bind(msg);
    vi.spyOn(msg, 'retry').mockImplementation((options?: QueueRetryOptions) => {
      delays[msg.id] = options?.delaySeconds;
      retry(options);
    });
  }
  const ctx = createExecutionContext();
  return {
    batch,
    /** The retry delay each retried message asked for (undefined: the queue's own). */
    delays,
    /** Which messages were acked and which retried, as the queue saw it. */
    async result(): Promise<{ acked: string[]; retried: string[] }> {
      const r = await getQueueResult(batch, ctx);
      return { acked: [...r.explicitAcks].sort(), retried: r.retryMessages.map((m) => m.msgId).sort() };
    },
  };
}
