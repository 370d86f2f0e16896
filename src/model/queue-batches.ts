/**
 * Queues' limits on one `sendBatch` call: at most 100 messages and 256 KB in all, where the
 * platform's KB is 1 000 bytes. Local queues are more lenient than production, so the tests
 * cannot catch an overrun: every size here is an upper bound.
 */
export const MAX_BATCH_MESSAGES = 100;
export const MAX_BATCH_BYTES = 256_000;
export const MESSAGE_OVERHEAD_BYTES = 100;

/**
 * What a message body can occupy on the queue. Queues serialise bodies with V8's structured
 * clone, which stores a string with any character beyond Latin-1 at two bytes per character
 * (one Cyrillic letter in an English record doubles the whole string), so twice the JSON's
 * length bounds it whatever the text; plus an allowance for what the queue adds.
 */
export function queuedSize(body: unknown): number {
  return 2 * JSON.stringify(body).length + MESSAGE_OVERHEAD_BYTES;
}

/** Splits bodies, in order, into runs that one sendBatch call accepts. */
export function batchesFor<T>(bodies: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = queuedSize(body);
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
