/**
 * The backoff of push deliveries (push/deliveries.ts): after failed attempt n the message comes
 * back base × 4^(n−1) seconds later, at most 12 hours (the longest delay Queues accepts for a
 * retried message). Each delivery kind picks its maxAttempts from this schedule (its handler owns
 * the number); at the production base of 30 s:
 *
 *   attempt  after the previous  after the first
 *   1        –                   0
 *   2        30 s                30 s
 *   3        2 min               2 min 30 s
 *   4        8 min               10 min 30 s
 *   5        32 min              42 min 30 s
 *   6        2 h 8 min           2 h 50 min 30 s
 *   7        8 h 32 min          11 h 22 min 30 s
 *   8        12 h                23 h 22 min 30 s
 *   9        12 h                35 h 22 min 30 s
 *   10       12 h                47 h 22 min 30 s
 *
 * So 6 attempts span about three hours (WebSub content: a later change sends the topic again
 * anyway), and 9 span more than a day (partner webhooks, which Standard Webhooks senders retry
 * for at least that long).
 */

/** Queues' ceiling for `retry({ delaySeconds })`. */
export const MAX_RETRY_DELAY_SECONDS = 12 * 60 * 60;

/** The production base (wrangler.toml DELIVERY_RETRY_BASE_SECONDS). */
export const DEFAULT_RETRY_BASE_SECONDS = 30;

/** Seconds to wait after failed attempt `attempt` (1-based) before the next. */
export function retryDelaySeconds(baseSeconds: number, attempt: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 4 ** Math.max(0, attempt - 1));
}

export interface RetryStep {
  attempt: number;
  /** Seconds between the previous attempt and this one (0 for the first). */
  afterPrevious: number;
  /** Seconds between the first attempt and this one. */
  afterFirst: number;
}

/** When each of `attempts` attempts happens, for a handler choosing its maxAttempts and for docs. */
export function retrySchedule(baseSeconds: number, attempts: number): RetryStep[] {
  const steps: RetryStep[] = [];
  let afterFirst = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const afterPrevious = attempt === 1 ? 0 : retryDelaySeconds(baseSeconds, attempt - 1);
    afterFirst += afterPrevious;
    steps.push({ attempt, afterPrevious, afterFirst });
  }
  return steps;
}

/**
 * DELIVERY_RETRY_BASE_SECONDS as a whole number of seconds (Queues delays are whole seconds);
 * absent or not a number of seconds, the production base.
 */
export function retryBaseSeconds(value: string | undefined): number {
  return value !== undefined && /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : DEFAULT_RETRY_BASE_SECONDS;
}
