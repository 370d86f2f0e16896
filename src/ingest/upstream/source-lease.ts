import type { SourceRecord } from '../../store/source-store';
import { afterFailure } from './source-health';

/**
 * The claim a pull writes before it starts. A Worker killed mid-pull (CPU limit, eviction)
 * never writes its outcome, so the claim is written first, shaped like a failed pull: the
 * source is backed off and shows why, instead of staying first in line for every later run.
 * The pull's own record overwrites it when the pull ends.
 */

export const INTERRUPTED = 'interrupted: the last pull did not finish';

/** Workers KV accepts at most one write per second to one key. */
export const KEY_WRITE_GAP_MS = 1000;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The record as the lease writes it. A source stopped by HTTP 410 stays stopped. */
export function leaseRecord(source: SourceRecord, now: Date): SourceRecord {
  const health = afterFailure(source.health, now, { status: null, reason: INTERRUPTED }, source.interval_minutes);
  return { ...source, health: source.health.stopped ? { ...health, next_attempt_at: null } : health };
}

/** Waits out what is left of the per-key write gap since `writtenAt` (epoch ms). */
export async function awaitKeyWriteGap(now: () => Date, sleep: Sleep, writtenAt: number): Promise<void> {
  const remaining = writtenAt + KEY_WRITE_GAP_MS - now().getTime();
  if (remaining > 0) await sleep(remaining);
}
