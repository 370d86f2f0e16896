/**
 * Queues' limits on one `sendBatch` call: at most 100 messages and 256 KB in all. Each message
 * is counted as its JSON in UTF-8 plus an allowance for what the queue adds to it.
 */
export const MAX_BATCH_MESSAGES = 100;
export const MAX_BATCH_BYTES = 256 * 1024;
export const MESSAGE_OVERHEAD_BYTES = 100;

/** Splits bodies, in order, into runs that one sendBatch call accepts. */
export function batchesFor<T>(bodies: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = new TextEncoder().encode(JSON.stringify(body)).length + MESSAGE_OVERHEAD_BYTES;
    if (current.length > 0 && (current.length === MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Sends every body, in as few sendBatch calls as the limits allow. */
export async function sendAll<T>(queue: Queue<T>, bodies: readonly T[]): Promise<void> {
  for (const batch of batchesFor(bodies)) await queue.sendBatch(batch.map((body) => ({ body })));
}
