import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult, reset, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/index';
import type { PublisherObject } from '../../src/ingest/publisher-object';
import { consumeSourcePulls, markDeadLettered, pullQueuedSource } from '../../src/ingest/upstream/pull-queued';
import { enqueueDueSources } from '../../src/ingest/upstream/schedule';
import { createAdminSources } from '../../src/routes/admin-sources';
import { ArticleStore } from '../../src/store/article-store';
import { SourceStore, type SourceRecord } from '../../src/store/source-store';
import { countingKv } from '../helpers/counting-kv';
import { recordingQueue } from '../helpers/recording-queue';
import { serveFixture } from '../helpers/upstream-stub';
import { pullHarness } from './pull-helpers';

beforeEach(async () => {
  await reset();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const INTERRUPTED = 'interrupted: the last pull did not finish';

async function publisherCount(publisher: string): Promise<number> {
  return (await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher }, 50)).items.length;
}

/** A KV binding whose put throws for keys the predicate names, like a storage outage would. */
function failingPuts(kv: KVNamespace, fails: (key: string) => boolean): KVNamespace {
  return new Proxy(kv, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'put' && fails(String(args[0]))) return Promise.reject(new Error(`KV put refused for ${String(args[0])}`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Never answers and ignores aborts: the pull hangs like a Worker about to be killed. */
const neverAnswers = () => new Promise<Response>(() => undefined);

async function setHealth(record: SourceRecord, health: Partial<SourceRecord['health']>): Promise<void> {
  await new SourceStore(env.KV).put({ ...record, health: { ...record.health, ...health } });
}

describe('the cron', () => {
  it('sends one message per due source, oldest due first, and none for the others', async () => {
    const h = pullHarness();
    const older = await h.addSource({ url: 'https://older.example/rss', publisher: 'older' });
    h.advance(1);
    const newer = await h.addSource({ url: 'https://newer.example/rss', publisher: 'newer' });
    const later = await h.addSource({ url: 'https://later.example/rss', publisher: 'later' });
    await setHealth(later, { next_attempt_at: '2026-11-25T06:30:00.000Z' });
    const gone = await h.addSource({ url: 'https://gone.example/rss', publisher: 'gone' });
    await setHealth(gone, { next_attempt_at: null, stopped: 'gone' });
    h.advance(1);

    const counted = countingKv(env.KV);
    const queue = recordingQueue<{ source: string }>();
    const report = await enqueueDueSources({ kv: counted.kv, queue: queue.queue, now: h.now });

    expect(report).toEqual({ due: 2, sent: 2 });
    expect(queue.sent).toEqual([{ source: older.id }, { source: newer.id }]);
    expect(queue.batchSizes).toEqual([2]);
    // Listing is the whole cost: no record is read or written.
    expect(counted.counts).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
    expect(h.upstream.requests).toEqual([]);
  });

  it('sends at most 100 messages per sendBatch call', async () => {
    const h = pullHarness();
    for (let i = 0; i < 250; i++) await h.addSource({ url: `https://outlet-${i}.example/rss` });
    const { sent } = await h.enqueue();
    expect(sent).toBe(250);
    expect(h.queue.batchSizes).toEqual([100, 100, 50]);
    expect(new Set(h.queue.sent.map((m) => m.source)).size).toBe(250);
  });

  it('is what the scheduled handler runs, with the SOURCE_PULLS binding', async () => {
    const h = pullHarness(new Date(Date.now() - 60_000).toISOString());
    const due = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    const queue = recordingQueue<{ source: string }>();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }), { ...env, SOURCE_PULLS: queue.queue }, ctx);
    await waitOnExecutionContext(ctx);
    expect(queue.sent).toEqual([{ source: due.id }]);
    // The cron itself fetches nothing.
    expect(h.upstream.requests).toEqual([]);
  });
});

describe('the consumer', () => {
  it('pulls exactly the source its message names', async () => {
    const h = pullHarness();
    h.upstream.route('https://dala.example/rss.xml', serveFixture('rss-2.0-basic.xml'));
    h.upstream.route('https://other.example/rss', serveFixture('rss-2.0-basic.xml'));
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    const other = await h.addSource({ url: 'https://other.example/rss', publisher: 'other' });

    const result = await h.consume({ source: dala.id });
    expect(result).toMatchObject({ action: 'pulled', report: { source: dala.id, outcome: 'fetched', new: 3 } });
    expect(h.upstream.requests.map((r) => r.url)).toEqual(['https://dala.example/rss.xml']);
    expect(await publisherCount('dala')).toBe(3);
    expect(await publisherCount('other')).toBe(0);
    expect(await h.source(other.id)).toEqual(other);
  });

  it('fans out: a failing source beside healthy ones is backed off, theirs arrive, every message is acked', async () => {
    const h = pullHarness();
    h.upstream.route('https://down.example/rss', () => new Response('oops', { status: 500 }));
    h.upstream.route('https://dala.example/rss.xml', serveFixture('rss-2.0-basic.xml'));
    h.upstream.route('https://steppe.example/rss', serveFixture('rss-2.0-basic.xml'));
    const down = await h.addSource({ url: 'https://down.example/rss', publisher: 'down', interval_minutes: 10 });
    await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala', interval_minutes: 10 });
    await h.addSource({ url: 'https://steppe.example/rss', publisher: 'steppe', interval_minutes: 10 });
    await h.enqueue();
    const messages = h.queue.take().map((body, i) => ({ id: `m${i}`, timestamp: h.now(), attempts: 1, body }));
    expect(messages).toHaveLength(3);

    // One invocation per message, as max_batch_size = 1 delivers them.
    for (const message of messages) {
      const batch = createMessageBatch('newswire-source-pulls', [message]);
      const ctx = createExecutionContext();
      await consumeSourcePulls(batch, { kv: env.KV, fetch: h.upstream.fetch, now: h.now, sleep: async () => undefined, publishers: env.PUBLISHERS });
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual([message.id]);
      expect(result.retryMessages).toEqual([]);
    }

    expect(await publisherCount('dala')).toBe(3);
    expect(await publisherCount('steppe')).toBe(3);
    expect(await publisherCount('down')).toBe(0);
    expect((await h.source(down.id)).health).toMatchObject({
      last_status: 500,
      last_error: 'HTTP 500',
      consecutive_failures: 1,
      next_attempt_at: '2026-11-25T06:20:00.000Z',
    });
  });

  it('acks a duplicate message without a second pull', async () => {
    const h = pullHarness();
    h.upstream.route('https://dala.example/rss.xml', serveFixture('rss-2.0-basic.xml'));
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    // Two cron runs before the consumer got to the first message.
    await h.enqueue();
    await h.enqueue();
    const [first, second] = h.queue.take();
    expect(first).toEqual({ source: dala.id });
    expect(second).toEqual({ source: dala.id });

    expect((await h.consume(first)).action).toBe('pulled');
    const counted = countingKv(env.KV);
    const again = await pullQueuedSource({ kv: counted.kv, fetch: h.upstream.fetch, now: h.now, sleep: async () => undefined, publishers: env.PUBLISHERS }, second, 1);
    expect(again).toEqual({ action: 'skipped', source: dala.id, reason: 'not due' });
    expect(counted.counts).toEqual({ get: 1, list: 0, put: 0, delete: 0 });
    expect(h.upstream.requests).toHaveLength(1);
  });

  it('acks without a pull a message for a deleted source, a stopped source or a malformed body', async () => {
    const h = pullHarness();
    const gone = await h.addSource({ url: 'https://gone.example/rss', publisher: 'gone' });
    await setHealth(gone, { next_attempt_at: null, stopped: 'gone' });
    expect(await h.consume({ source: 'abcdefghij' })).toEqual({ action: 'skipped', source: 'abcdefghij', reason: 'unknown source' });
    expect(await h.consume({ source: gone.id }, {}, 2)).toEqual({ action: 'skipped', source: gone.id, reason: 'stopped' });
    expect(await h.consume({ source: '../../etc' })).toEqual({ action: 'skipped', source: null, reason: 'malformed message' });
    expect(await h.consume('not an object')).toEqual({ action: 'skipped', source: null, reason: 'malformed message' });
    expect(h.upstream.requests).toEqual([]);
  });
});

/** Publisher objects that cannot be reached (an overloaded or resetting object throws to its caller). */
function unavailableObjects(): DurableObjectNamespace<PublisherObject> {
  const unavailable = { ingestPulled: () => Promise.reject(new Error('the publisher object is unavailable')) };
  return new Proxy(env.PUBLISHERS, {
    get: (target, prop) => {
      if (prop === 'get') return () => unavailable;
      const value: unknown = Reflect.get(target, prop);
      // Binding methods refuse to run with the proxy as `this`.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('internal failures', () => {
  it('are saved in the health, retried by Queues with a delay, and pulled again on redelivery', async () => {
    const h = pullHarness();
    h.upstream.route('https://dala.example/rss.xml', serveFixture('rss-2.0-basic.xml'));
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala', interval_minutes: 10 });
    const deps = { kv: env.KV, fetch: h.upstream.fetch, now: h.now, sleep: async () => undefined, publishers: unavailableObjects() };

    const batch = createMessageBatch('newswire-source-pulls', [{ id: 'm1', timestamp: h.now(), attempts: 1, body: { source: dala.id } }]);
    const ctx = createExecutionContext();
    await consumeSourcePulls(batch, deps);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(['m1']);
    const failed = (await h.source(dala.id)).health;
    expect(failed.last_error).toBe('internal error: the publisher object is unavailable');
    expect(failed).toMatchObject({ consecutive_failures: 1, next_attempt_at: '2026-11-25T06:20:00.000Z' });

    // The redelivery pulls although the failure backed the source off; storage works again.
    h.advance(1);
    const retried = createMessageBatch('newswire-source-pulls', [{ id: 'm1', timestamp: h.now(), attempts: 2, body: { source: dala.id } }]);
    const ctx2 = createExecutionContext();
    await consumeSourcePulls(retried, { ...deps, publishers: env.PUBLISHERS });
    expect((await getQueueResult(retried, ctx2)).explicitAcks).toEqual(['m1']);
    expect(await publisherCount('dala')).toBe(3);
    expect((await h.source(dala.id)).health).toMatchObject({ last_error: null, consecutive_failures: 0 });
  });

  it('retries a message whose record cannot even be claimed', async () => {
    const h = pullHarness();
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    const batch = createMessageBatch('newswire-source-pulls', [{ id: 'm1', timestamp: h.now(), attempts: 3, body: { source: dala.id } }]);
    const ctx = createExecutionContext();
    await consumeSourcePulls(batch, { kv: failingPuts(env.KV, () => true), fetch: h.upstream.fetch, now: h.now, sleep: async () => undefined, publishers: env.PUBLISHERS });
    expect((await getQueueResult(batch, ctx)).retryMessages.map((m) => m.msgId)).toEqual(['m1']);
    expect(h.upstream.requests).toEqual([]);
    // Nothing was written: still due at the next cron run.
    expect(await h.source(dala.id)).toEqual(dala);
  });

  it('after the last retry, the dead-letter consumer marks the source', async () => {
    const h = pullHarness();
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    await setHealth(dala, { last_error: 'internal error: boom', consecutive_failures: 4 });
    const batch = createMessageBatch('newswire-source-pulls-dlq', [{ id: 'd1', timestamp: h.now(), attempts: 1, body: { source: dala.id } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['d1']);
    expect((await h.source(dala.id)).health).toMatchObject({
      last_error: 'dead-lettered: the queued pull failed on every delivery (last error: internal error: boom)',
      consecutive_failures: 4,
    });
    expect(h.upstream.requests).toEqual([]);

    // A second dead letter for the same source does not stack the prefix.
    const again = createMessageBatch('newswire-source-pulls-dlq', [{ id: 'd2', timestamp: h.now(), attempts: 1, body: { source: dala.id } }]);
    await markDeadLettered(again, { kv: env.KV });
    expect((await h.source(dala.id)).health.last_error).toBe('dead-lettered: the queued pull failed on every delivery (last error: internal error: boom)');
  });
});

describe('the lease', () => {
  it('is written before the fetch: a pull killed mid-way leaves the source backed off with "interrupted"', async () => {
    const h = pullHarness();
    h.upstream.route('https://hang.example/rss', neverAnswers);
    const hang = await h.addSource({ url: 'https://hang.example/rss', publisher: 'hang', interval_minutes: 10 });
    h.advance(1);
    const healthy = await h.addSource({ url: 'https://ok.example/rss', publisher: 'ok', interval_minutes: 10 });
    h.upstream.route('https://ok.example/rss', serveFixture('rss-2.0-basic.xml'));

    await h.enqueue();
    const [first, second] = h.queue.take();
    expect(first).toEqual({ source: hang.id });
    expect(second).toEqual({ source: healthy.id });

    // The invocation dies while the upstream hangs: its promise is abandoned, never settled.
    void h.consume(first);
    await vi.waitFor(() => expect(h.upstream.requestsTo('https://hang.example/rss')).toHaveLength(1));
    expect((await h.source(hang.id)).health).toMatchObject({
      last_error: INTERRUPTED,
      last_status: null,
      consecutive_failures: 1,
      last_fetch_at: '2026-11-25T06:01:00.000Z',
      next_attempt_at: '2026-11-25T06:21:00.000Z',
    });
    expect(await h.consume(second)).toMatchObject({ action: 'pulled', report: { source: healthy.id, outcome: 'fetched' } });

    // The next cron run does not send it first, nor at all, until its backoff ends.
    h.advance(10);
    await h.enqueue();
    expect(h.queue.take()).toEqual([{ source: healthy.id }]);
  });

  it('of a source that always dies never blocks a healthy one', async () => {
    const h = pullHarness();
    h.upstream.route('https://hang.example/rss', neverAnswers);
    h.upstream.route('https://ok.example/rss', () => new Response(null, { status: 304 }));
    const hang = await h.addSource({ url: 'https://hang.example/rss', publisher: 'hang', interval_minutes: 10 });
    const healthy = await h.addSource({ url: 'https://ok.example/rss', publisher: 'ok', interval_minutes: 10 });

    const sentPerRun: string[][] = [];
    for (let run = 0; run < 4; run++) {
      await h.enqueue();
      const bodies = h.queue.take();
      // Both are due at the same instant, so their order is the random ids' order.
      sentPerRun.push(bodies.map((b) => (b.source === hang.id ? 'hang' : 'ok')).sort());
      for (const body of bodies) {
        if (body.source === hang.id) {
          const before = h.upstream.requestsTo('https://hang.example/rss').length;
          void h.consume(body);
          await vi.waitFor(() => expect(h.upstream.requestsTo('https://hang.example/rss')).toHaveLength(before + 1));
        } else {
          expect(await h.consume(body)).toMatchObject({ action: 'pulled', report: { outcome: 'not-modified' } });
        }
      }
      h.advance(10);
    }
    // Backoff 20 minutes after the first death: the runs at +10 and +30 skip it.
    expect(sentPerRun).toEqual([['hang', 'ok'], ['ok'], ['hang', 'ok'], ['ok']]);
    expect((await h.source(hang.id)).health).toMatchObject({ last_error: INTERRUPTED, consecutive_failures: 2, next_attempt_at: '2026-11-25T07:00:00.000Z' });
    expect((await h.source(healthy.id)).health).toMatchObject({ last_error: null, consecutive_failures: 0, last_status: 304 });
  });

  it('is overwritten by the outcome one write gap later', async () => {
    const h = pullHarness();
    let seenMidPull: string | null = 'unread';
    h.upstream.route('https://dala.example/rss.xml', async () => {
      seenMidPull = (await h.source(dala.id)).health.last_error;
      return new Response(null, { status: 304 });
    });
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    h.kv.reset();
    await h.consume({ source: dala.id });
    expect(seenMidPull).toBe(INTERRUPTED);
    expect(h.kv.puts).toEqual([`s:${dala.id}`, `s:${dala.id}`]);
    // The clock did not move during the pull: the whole second is waited out.
    expect(h.sleeps).toEqual([1000]);
    expect((await h.source(dala.id)).health).toMatchObject({ last_error: null, last_status: 304, consecutive_failures: 0 });
  });

  it('waits only for what is left of the second, or not at all', async () => {
    const h = pullHarness();
    let pullTakesMs = 400;
    h.upstream.route('https://dala.example/rss.xml', () => {
      h.advanceMs(pullTakesMs);
      return new Response(null, { status: 304 });
    });
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    await h.consume({ source: dala.id });
    expect(h.sleeps).toEqual([600]);
    pullTakesMs = 1500;
    await h.consume({ source: dala.id }, {}, 2);
    expect(h.sleeps).toEqual([600]);
  });

  it('is also taken by POST /admin/sources/{id}/pull, and keeps a stopped source stopped', async () => {
    const h = pullHarness(new Date().toISOString());
    const seen: Array<Partial<SourceRecord['health']>> = [];
    h.upstream.route('https://gone.example/rss', async () => {
      const { last_error, next_attempt_at, stopped } = (await h.source(gone.id)).health;
      seen.push({ last_error, next_attempt_at, stopped });
      return new Response('gone', { status: 410 });
    });
    const gone = await h.addSource({ url: 'https://gone.example/rss', publisher: 'gone' });
    await setHealth(gone, { next_attempt_at: null, stopped: 'gone', last_error: 'HTTP 410 Gone: no longer pulled on schedule' });
    const sleeps: number[] = [];
    const app = createAdminSources({ fetch: h.upstream.fetch, sleep: async (ms) => void sleeps.push(ms) });
    const res = await app.request(`/admin/sources/${gone.id}/pull`, { method: 'POST', headers: { authorization: 'Bearer test-admin-token' } }, env);
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ last_error: INTERRUPTED, next_attempt_at: null, stopped: 'gone' }]);
    expect(sleeps).toHaveLength(1);
    expect((await h.source(gone.id)).health).toMatchObject({ stopped: 'gone', next_attempt_at: null, last_status: 410 });
  });
});

describe('cron → queue → consumer inside workerd', () => {
  it('pulls a due source through the real queue binding and the exported queue handler', async () => {
    const h = pullHarness(new Date(Date.now() - 60_000).toISOString());
    h.upstream.route('https://dala.example/rss.xml', serveFixture('rss-2.0-basic.xml'));
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => h.upstream.fetch(input, init));
    const dala = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);

    await vi.waitFor(async () => expect((await h.source(dala.id)).health.last_status).toBe(200), { timeout: 10_000, interval: 200 });
    expect(await publisherCount('dala')).toBe(3);
    expect(h.upstream.requests.map((r) => r.url)).toEqual(['https://dala.example/rss.xml']);
  }, 20_000);
});
