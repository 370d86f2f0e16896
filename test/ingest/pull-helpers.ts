import { env } from 'cloudflare:test';
import type { NewSource, PullReport } from '../../src/model/source-schema';
import type { SourcePullMessage } from '../../src/ingest/upstream/pull-message';
import { pullQueuedSource, type QueuedPullResult } from '../../src/ingest/upstream/pull-queued';
import { enqueueDueSources, type RunLimits } from '../../src/ingest/upstream/schedule';
import { SourceStore, type SourceRecord } from '../../src/store/source-store';
import { recordingQueue } from '../helpers/recording-queue';
import { recordingKv, stubUpstream } from '../helpers/upstream-stub';
import { newSourceRecord } from '../../src/ingest/new-source';
import { publisherWritesThrough } from '../helpers/publisher-objects';

/**
 * A pull harness: a settable clock, a stub upstream, a KV binding that records writes, a
 * recording queue, and a sleep that only remembers how long it was asked to wait.
 */
export function pullHarness(start = '2026-11-25T06:00:00Z') {
  let now = new Date(start);
  const upstream = stubUpstream();
  const kv = recordingKv(env.KV);
  const queue = recordingQueue<SourcePullMessage>();
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  const deps = (limits: Partial<RunLimits>) => ({ kv: kv.kv, fetch: upstream.fetch, now: () => now, sleep, limits, publishers: env.PUBLISHERS });
  return {
    upstream,
    kv,
    queue,
    sleeps,
    now: () => now,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    advanceMs(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    async addSource(input: Partial<NewSource> & { url: string }): Promise<SourceRecord> {
      const record = newSourceRecord({ name: 'Test desk', ...input }, now);
      await new SourceStore(env.KV).put(record);
      // Articles are written by the publisher's object: record its writes too.
      await publisherWritesThrough(record.publisher, kv.kv);
      return record;
    },
    async source(id: string): Promise<SourceRecord> {
      const record = await new SourceStore(env.KV).get(id);
      if (!record) throw new Error(`no source ${id}`);
      return record;
    },
    enqueue() {
      return enqueueDueSources({ kv: kv.kv, queue: queue.queue, now: () => now });
    },
    /** Consumes one message as the queue handler would on its first delivery (or a later one). */
    consume(body: unknown, limits: Partial<RunLimits> = {}, attempts = 1): Promise<QueuedPullResult> {
      return pullQueuedSource(deps(limits), body, attempts);
    },
    /** One cron run and the consumption of every message it sent. */
    async run(limits: Partial<RunLimits> = {}): Promise<{ due: number; pulled: PullReport[] }> {
      const { due } = await this.enqueue();
      const pulled: PullReport[] = [];
      for (const body of queue.take()) {
        const result = await pullQueuedSource(deps(limits), body, 1);
        if (result.action === 'pulled') pulled.push(result.report);
      }
      return { due, pulled };
    },
  };
}

/** Keys of articles and their indexes (everything but source records). */
export function articleKeys(keys: readonly string[]): string[] {
  return keys.filter((k) => k.startsWith('a:') || k.startsWith('i:'));
}
