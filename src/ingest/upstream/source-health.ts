import type { SourceHealth } from '../../model/source-schema';

/**
 * When a source is tried next. After the n-th consecutive failure the wait is
 * interval × 2^n, capped at a day; a Retry-After longer than that wins (capped at a week,
 * so a typo'd header cannot silence a source for good). HTTP 410 stops the source.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const MAX_RETRY_AFTER = 7 * DAY;

export function backoffMs(failures: number, intervalMinutes: number): number {
  return Math.min(intervalMinutes * MINUTE * 2 ** failures, DAY);
}

export function initialHealth(now: Date): SourceHealth {
  return {
    last_fetch_at: null,
    last_success_at: null,
    last_status: null,
    last_error: null,
    consecutive_failures: 0,
    next_attempt_at: now.toISOString(),
    items_seen: 0,
    stopped: null,
  };
}

export function afterSuccess(h: SourceHealth, now: Date, status: number, intervalMinutes: number, itemsSeen: number, retrySoon: boolean): SourceHealth {
  const next = retrySoon ? now.getTime() : now.getTime() + intervalMinutes * MINUTE;
  return {
    ...h,
    last_fetch_at: now.toISOString(),
    last_success_at: now.toISOString(),
    last_status: status,
    last_error: null,
    consecutive_failures: 0,
    next_attempt_at: new Date(next).toISOString(),
    items_seen: itemsSeen,
    stopped: null,
  };
}

export function afterFailure(h: SourceHealth, now: Date, failure: { status: number | null; reason: string; retryAfterMs?: number }, intervalMinutes: number): SourceHealth {
  const failures = h.consecutive_failures + 1;
  const wait = Math.max(backoffMs(failures, intervalMinutes), Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER));
  return {
    ...h,
    last_fetch_at: now.toISOString(),
    last_status: failure.status,
    last_error: failure.reason,
    consecutive_failures: failures,
    next_attempt_at: new Date(now.getTime() + wait).toISOString(),
  };
}

/** RFC 9110 §15.5.11: 410 means the feed is gone for good; only a manual pull retries it. */
export function afterGone(h: SourceHealth, now: Date): SourceHealth {
  return { ...h, last_fetch_at: now.toISOString(), last_status: 410, last_error: 'HTTP 410 Gone: no longer pulled on schedule', next_attempt_at: null, stopped: 'gone' };
}
