import { env } from 'cloudflare:test';
import type { NewSource } from '../../src/ingest/source-schema';
import { pullDueSources, type RunLimits } from '../../src/ingest/upstream/schedule';
import { SourceStore, type SourceRecord } from '../../src/store/source-store';
import { recordingKv, stubUpstream } from '../helpers/upstream-stub';

/** A pull harness: a settable clock, a stub upstream and a KV binding that records writes. */
export function pullHarness(start = '2026-11-25T06:00:00Z') {
  let now = new Date(start);
  const upstream = stubUpstream();
  const kv = recordingKv(env.KV);
  return {
    upstream,
    kv,
    now: () => now,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    async addSource(input: Partial<NewSource> & { url: string }): Promise<SourceRecord> {
      const record = SourceStore.newRecord({ name: 'Test desk', ...input }, now);
      await new SourceStore(env.KV).put(record);
      return record;
    },
    async source(id: string): Promise<SourceRecord> {
      const record = await new SourceStore(env.KV).get(id);
      if (!record) throw new Error(`no source ${id}`);
      return record;
    },
    run(limits: Partial<RunLimits> = {}) {
      return pullDueSources({ kv: kv.kv, fetch: upstream.fetch, now: () => now, limits });
    },
  };
}

/** Keys of articles and their indexes (everything but source records). */
export function articleKeys(keys: readonly string[]): string[] {
  return keys.filter((k) => k.startsWith('a:') || k.startsWith('i:'));
}
