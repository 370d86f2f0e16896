import { env, reset } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../src/store/article-store';
import { admin } from '../helpers/client';
import { fixtureBytes } from '../helpers/fixture-files';
import { serveFixture, stall } from '../helpers/upstream-stub';
import { pullHarness } from './pull-helpers';

const MiB = 1024 * 1024;
const FAST_TIMEOUT = { fetch: { timeoutMs: 50, maxBytes: 5 * MiB, maxRedirects: 3 } };

beforeEach(async () => {
  await reset();
});

async function publisherCount(publisher: string): Promise<number> {
  return (await new ArticleStore(env.KV).listLatest({ kind: 'publisher', publisher }, 50)).items.length;
}

describe('a failing source never stops the others', () => {
  it('isolates a 500, a timeout and a truncated document, and backs each off exponentially', async () => {
    const h = pullHarness();
    h.upstream.route('https://down.example/rss', () => new Response('oops', { status: 500 }));
    h.upstream.route('https://slow.example/rss', stall);
    h.upstream.route('https://cut.example/rss', serveFixture('rss-truncated.xml'));
    h.upstream.route('https://dala.example/rss.xml', serveFixture('rss-2.0-basic.xml'));
    const down = await h.addSource({ url: 'https://down.example/rss', publisher: 'down', interval_minutes: 10 });
    const slow = await h.addSource({ url: 'https://slow.example/rss', publisher: 'slow', interval_minutes: 10 });
    const cut = await h.addSource({ url: 'https://cut.example/rss', publisher: 'cut', interval_minutes: 10 });
    await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala', interval_minutes: 10 });

    const run = await h.run(FAST_TIMEOUT);
    const bySource = Object.fromEntries(run.pulled.map((r) => [r.source, r]));
    expect(run.pulled).toHaveLength(4);
    expect(bySource[down.id]).toMatchObject({ outcome: 'failed', http_status: 500, error: 'HTTP 500' });
    expect(bySource[slow.id]).toMatchObject({ outcome: 'failed', http_status: null, error: 'timed out after 50 ms' });
    expect(bySource[cut.id]).toMatchObject({ outcome: 'failed', http_status: 200 });
    expect(bySource[cut.id]?.error).toMatch(/never closed/);
    expect(await publisherCount('dala')).toBe(3);
    expect(await publisherCount('cut')).toBe(0);

    // interval × 2^failures: 20 minutes after the first failure, then 40, then 80.
    const start = h.now().getTime();
    for (const [failures, wait] of [[1, 20], [2, 40], [3, 80]] as const) {
      const health = (await h.source(down.id)).health;
      expect(health.consecutive_failures).toBe(failures);
      expect(Date.parse(health.next_attempt_at ?? '')).toBe(h.now().getTime() + wait * 60_000);
      // Not due before then: the next runs leave it alone.
      h.advance(wait - 1);
      expect((await h.run(FAST_TIMEOUT)).pulled.map((r) => r.source)).not.toContain(down.id);
      h.advance(1);
      await h.run(FAST_TIMEOUT);
    }
    expect(h.now().getTime() - start).toBe((20 + 40 + 80) * 60_000);
    expect(h.upstream.requestsTo('https://down.example/rss')).toHaveLength(4);

    const listed = await admin('/admin/sources');
    const { sources } = await listed.json<{ sources: Array<{ id: string; health: Record<string, unknown> }> }>();
    expect(sources.find((s) => s.id === down.id)?.health).toMatchObject({ consecutive_failures: 4, last_status: 500, last_error: 'HTTP 500' });
    expect(sources.find((s) => s.id === cut.id)?.health.last_error).toMatch(/truncated/);
  });

  it('resets the failure count after a success', async () => {
    const h = pullHarness();
    let fail = true;
    h.upstream.route('https://flaky.example/rss', () => (fail ? new Response('busy', { status: 502 }) : new Response(fixtureBytes('rss-2.0-basic.xml'))));
    const source = await h.addSource({ url: 'https://flaky.example/rss', publisher: 'flaky', interval_minutes: 15 });
    await h.run();
    expect((await h.source(source.id)).health.consecutive_failures).toBe(1);
    fail = false;
    h.advance(30);
    await h.run();
    expect((await h.source(source.id)).health).toMatchObject({ consecutive_failures: 0, last_status: 200, last_error: null, items_seen: 3 });
    expect(Date.parse((await h.source(source.id)).health.next_attempt_at ?? '')).toBe(h.now().getTime() + 15 * 60_000);
  });
});

describe('what upstream asks for', () => {
  it('waits as long as Retry-After says when that is longer than the backoff', async () => {
    const h = pullHarness();
    h.upstream.route('https://busy.example/rss', () => new Response('slow down', { status: 429, headers: { 'retry-after': '7200' } }));
    h.upstream.route('https://maint.example/rss', () => new Response('maintenance', { status: 503, headers: { 'retry-after': 'Wed, 25 Nov 2026 09:00:00 GMT' } }));
    const busy = await h.addSource({ url: 'https://busy.example/rss', publisher: 'busy', interval_minutes: 10 });
    const maint = await h.addSource({ url: 'https://maint.example/rss', publisher: 'maint', interval_minutes: 10 });
    await h.run();
    expect((await h.source(busy.id)).health).toMatchObject({ last_status: 429, next_attempt_at: '2026-11-25T08:00:00.000Z' });
    expect((await h.source(maint.id)).health).toMatchObject({ last_status: 503, next_attempt_at: '2026-11-25T09:00:00.000Z' });
  });

  it('stops pulling a source that answers 410 Gone', async () => {
    const h = pullHarness();
    h.upstream.route('https://closed.example/rss', () => new Response('gone', { status: 410 }));
    const source = await h.addSource({ url: 'https://closed.example/rss', publisher: 'closed' });
    expect((await h.run()).pulled[0]).toMatchObject({ outcome: 'gone', http_status: 410, next_attempt_at: null });
    expect((await h.source(source.id)).health).toMatchObject({ stopped: 'gone', next_attempt_at: null, last_status: 410 });
    h.advance(7 * 24 * 60);
    expect((await h.run()).due).toBe(0);
    expect(h.upstream.requestsTo('https://closed.example/rss')).toHaveLength(1);
  });
});

describe('bounded fetches', () => {
  it('refuses a 20 MiB body after reading no more than the 5 MiB cap', async () => {
    const h = pullHarness();
    let produced = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    h.upstream.route('https://huge.example/rss', () => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (produced >= 20 * MiB) return controller.close();
          produced += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/rss+xml' } });
    });
    const source = await h.addSource({ url: 'https://huge.example/rss', publisher: 'huge' });
    const [report] = (await h.run()).pulled;
    expect(report).toMatchObject({ outcome: 'failed', error: `body larger than ${5 * MiB} bytes` });
    expect(produced).toBeLessThanOrEqual(5 * MiB + 2 * chunk.byteLength);
    expect((await h.source(source.id)).health.consecutive_failures).toBe(1);
  });

  it('refuses a declared 20 MiB Content-Length without reading the body', async () => {
    const h = pullHarness();
    let pulled = false;
    h.upstream.route('https://declared.example/rss', () => {
      // highWaterMark 0: the stream produces only when read, not ahead of time.
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulled = true;
            controller.enqueue(new Uint8Array(1024));
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { headers: { 'content-length': String(20 * MiB) } });
    });
    await h.addSource({ url: 'https://declared.example/rss', publisher: 'declared' });
    expect((await h.run()).pulled[0]?.outcome).toBe('failed');
    expect(pulled).toBe(false);
  });

  it('follows a bounded number of redirects and reports loops', async () => {
    const h = pullHarness();
    const redirect = (to: string) => () => new Response(null, { status: 301, headers: { location: to } });
    h.upstream.route('https://old.example/rss', redirect('/feeds/rss'));
    h.upstream.route('https://old.example/feeds/rss', serveFixture('rss-2.0-basic.xml'));
    h.upstream.route('https://loop.example/a', redirect('https://loop.example/b'));
    h.upstream.route('https://loop.example/b', redirect('https://loop.example/a'));
    h.upstream.route('https://chain.example/0', redirect('/1'));
    h.upstream.route('https://chain.example/1', redirect('/2'));
    h.upstream.route('https://chain.example/2', redirect('/3'));
    h.upstream.route('https://chain.example/3', redirect('/4'));
    h.upstream.route('https://chain.example/4', serveFixture('rss-2.0-basic.xml'));
    const moved = await h.addSource({ url: 'https://old.example/rss', publisher: 'moved' });
    const loop = await h.addSource({ url: 'https://loop.example/a', publisher: 'loop' });
    const chain = await h.addSource({ url: 'https://chain.example/0', publisher: 'chain' });
    const reports = Object.fromEntries((await h.run()).pulled.map((r) => [r.source, r]));
    expect(reports[moved.id]).toMatchObject({ outcome: 'fetched', new: 3 });
    expect(reports[loop.id]?.error).toBe('redirect loop at https://loop.example/a');
    expect(reports[chain.id]?.error).toBe('more than 3 redirects');
    expect(h.upstream.requests.every((r) => r.url.startsWith('https://old.example/') || r.url.includes('loop.example') || r.url.includes('chain.example'))).toBe(true);
  });
});

describe('per-pull bounds', () => {
  it('defers items it has no subrequest left to hand over, instead of half-writing them', async () => {
    const h = pullHarness();
    h.upstream.route('https://dala.example/rss.xml', serveFixture('rss-2.0-basic.xml', { etag: '"x"' }));
    const source = await h.addSource({ url: 'https://dala.example/rss.xml', publisher: 'dala' });
    // The feed's own fetch is bounded apart (FetchLimits); no subrequest is left for the object.
    const first = await h.run({ budget: { fetches: 0, kvOps: 900 } });
    expect(first.pulled[0]).toMatchObject({ new: 0, deferred: 3 });
    expect(await publisherCount('dala')).toBe(0);
    const record = await h.source(source.id);
    // Partial: due again at once, and without the ETag so the next GET is not a 304.
    expect(record.etag).toBeNull();
    expect(record.health.next_attempt_at).toBe(h.now().toISOString());
    const second = await h.run({ budget: { fetches: 1, kvOps: 900 } });
    expect(second.pulled[0]).toMatchObject({ new: 3, unchanged: 0, deferred: 0 });
    expect(await publisherCount('dala')).toBe(3);
  });

});
