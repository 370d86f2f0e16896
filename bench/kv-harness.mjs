// The Worker's own code inside workerd via miniflare's API (the same miniflare build that
// `wrangler dev` uses), on the same persist directory `wrangler dev --persist-to` reads:
//  - seeding: articles go through ArticleSchema (as a webhook body would), normalizeArticle
//    (normalize → sanitize) and ArticleStore.put, which writes KV directly, bypassing the
//    publisher objects: the seeded stores serve the read benchmarks, and the record and index
//    keys put writes are the ones an object writes for a new article;
//  - KV cost: requests go to createApp() with its KV binding wrapped by the tests'
//    countingKv helper; each response carries its count in `x-bench-kv-ops`. The publisher
//    objects write through their own binding, wrapped the same way, and report their count
//    over RPC (/__bench/object-kv-ops);
//  - push cost: the queues and objects of wrangler.toml run as `wrangler dev` runs them; each
//    queue handler and each partner object gets its KV binding counted, and every queue producer
//    (the publisher objects' CHANGES, the consumers' DELIVERIES) its messages counted, per queue
//    and consumer, read and reset at /__bench/push-counts (workerd runs the Worker's handlers and
//    its objects in one isolate, so module state is shared by them).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle, ROOT } from './esbuild-bundle.mjs';
import { benchArticle, publisherOf, shuffledIndices } from './fixtures.mjs';

const WORKER_ENTRY = `
import { createApp } from './src/app';
import { countingKv } from './test/helpers/counting-kv';
import { ArticleSchema } from './src/model/article-schema';
import { normalizeArticle } from './src/model/normalize';
import { PublisherObject as AppPublisherObject } from './src/ingest/publisher-object';
import { PartnerObject as AppPartnerObject } from './src/push/partners/partner-object';
import { ArticleStore } from './src/store/article-store';
import worker from './src/index';

const app = createApp();

const ZERO_KV = () => ({ get: 0, list: 0, put: 0, delete: 0 });
/**
 * Push costs since the start, by who spent them: a queue's consumer, 'publisher objects',
 * 'partner objects'. Never reset: a batch still running when they are read adds to them later.
 */
const push = {};
const costsOf = (who) => (push[who] ??= { kv: ZERO_KV(), sent: {}, sendCalls: {}, batches: 0, messages: 0 });
const partnerKv = [];

/** A queue producer whose messages are counted into \`into\` under the binding's name. */
function countingQueue(queue, into, name) {
  if (!queue) return queue;
  const count = (call, n) => {
    into.sent[name] = (into.sent[name] ?? 0) + n;
    into.sendCalls[call] = (into.sendCalls[call] ?? 0) + 1;
  };
  return {
    send(body, options) {
      count(name + '.send', 1);
      return queue.send(body, options);
    },
    sendBatch(messages, options) {
      count(name + '.sendBatch', messages.length);
      return queue.sendBatch(messages, options);
    },
  };
}

const withCountedQueues = (env, into) => ({ ...env, CHANGES: countingQueue(env.CHANGES, into, 'CHANGES'), DELIVERIES: countingQueue(env.DELIVERIES, into, 'DELIVERIES') });

/** The app's partner object, its KV operations counted. */
export class PartnerObject extends AppPartnerObject {
  constructor(ctx, env) {
    const counter = countingKv(env.KV);
    partnerKv.push(counter);
    super(ctx, { ...env, KV: counter.kv });
  }
}

/** The app's publisher object, its KV writes counted (and its queue messages, with the push costs). */
export class PublisherObject extends AppPublisherObject {
  constructor(ctx, env) {
    super(ctx, withCountedQueues(env, costsOf('publisher objects')));
    this.benchCounter = countingKv(this.kv);
    this.kv = this.benchCounter.kv;
  }

  /** The operations since the last call. */
  takeKvCounts() {
    const counts = { ...this.benchCounter.counts };
    this.benchCounter.reset();
    return counts;
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/__bench/seed' && request.method === 'POST') {
      const batch = await request.json();
      const store = new ArticleStore(env.KV);
      const results = await Promise.all(batch.map(async ({ publisher, publisherName, article }) => {
        const input = ArticleSchema.parse(article);
        return store.put(normalizeArticle(input, { publisher, publisherName, receivedAt: new Date() }));
      }));
      return Response.json({ created: results.filter((r) => r.created).length });
    }
    if (url.pathname === '/__bench/object-kv-ops') {
      const publisher = url.searchParams.get('publisher') ?? '';
      return Response.json(await env.PUBLISHERS.get(env.PUBLISHERS.idFromName(publisher)).takeKvCounts());
    }
    if (url.pathname === '/__bench/kv-timing') {
      // What one listing's KV calls cost in this local simulator. Date.now() in workerd moves
      // only across I/O, and every call here is I/O, so a total over many calls is sound.
      const n = 100;
      const store = new ArticleStore(env.KV);
      let t = Date.now();
      let page;
      for (let i = 0; i < n; i++) page = await store.listRefs({ kind: 'all' }, 50);
      const listMs = (Date.now() - t) / n;
      t = Date.now();
      for (let i = 0; i < n; i++) await store.getMany(page.items);
      const bulkGetMs = (Date.now() - t) / n;
      return Response.json({ calls: n, listMs, bulkGetMs, keysListed: page.items.length });
    }
    if (url.pathname === '/__bench/push-counts') {
      const partners = costsOf('partner objects');
      partners.kv = ZERO_KV();
      for (const c of partnerKv) for (const k of Object.keys(partners.kv)) partners.kv[k] += c.counts[k];
      return Response.json(push);
    }
    const counter = countingKv(env.KV);
    const res = await app.fetch(request, { ...env, KV: counter.kv }, ctx);
    const headers = new Headers(res.headers);
    headers.set('x-bench-kv-ops', JSON.stringify(counter.counts));
    return new Response(res.body, { status: res.status, headers });
  },
  /** The app's own queue handler, its KV and producers counted per queue. */
  async queue(batch, env, ctx) {
    const into = costsOf(batch.queue);
    const counter = countingKv(env.KV);
    try {
      await worker.queue(batch, { ...withCountedQueues(env, into), KV: counter.kv }, ctx);
    } finally {
      for (const k of Object.keys(into.kv)) into.kv[k] += counter.counts[k];
      into.batches += 1;
      into.messages += batch.messages.length;
    }
  },
};
`;

async function loadMiniflare() {
  // Prefer wrangler's own copy: its storage format is what `wrangler dev` reads.
  const nested = join(ROOT, 'node_modules/wrangler/node_modules/miniflare');
  const dir = existsSync(join(nested, 'package.json')) ? nested : join(ROOT, 'node_modules/miniflare');
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  const mod = await import(pathToFileURL(join(dir, 'dist/src/index.js')).href);
  return { Miniflare: mod.Miniflare, convert: mod.convertV4MiniflareOptions ?? ((o) => o), version: pkg.version };
}

async function wranglerConfig() {
  const toml = await readFile(join(ROOT, 'wrangler.toml'), 'utf8');
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  const kvId = /\[\[kv_namespaces\]\][^[]*?\bid\s*=\s*"([^"]+)"/s.exec(toml)?.[1];
  const title = /^SITE_TITLE\s*=\s*"([^"]*)"/m.exec(toml)?.[1];
  return {
    name: /^name\s*=\s*"([^"]+)"/m.exec(toml)?.[1],
    compatibilityDate: date,
    compatibilityFlags: flags ? [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [],
    kvId,
    siteTitle: title,
    ...tomlBindings(toml),
  };
}

/** The `[[…]]` tables of one kind, each as {key: value} of its plain `key = "…"` / `key = 1` lines. */
function tomlTables(toml, name) {
  const tables = [];
  for (const block of toml.split(/^(?=\[)/m)) {
    if (!block.startsWith(`[[${name}]]`)) continue;
    const table = {};
    for (const m of block.matchAll(/^(\w+)\s*=\s*(?:"([^"]*)"|(\d+))\s*$/gm)) table[m[1]] = m[2] ?? Number(m[3]);
    tables.push(table);
  }
  return tables;
}

/** Durable Objects and queues as wrangler.toml declares them, in miniflare's v4 option shape. */
function tomlBindings(toml) {
  const durableObjects = Object.fromEntries(tomlTables(toml, 'durable_objects.bindings').map((t) => [t.name, { className: t.class_name, useSQLite: true }]));
  const queueProducers = Object.fromEntries(tomlTables(toml, 'queues.producers').map((t) => [t.binding, t.queue]));
  const queueConsumers = Object.fromEntries(
    tomlTables(toml, 'queues.consumers').map((t) => [
      t.queue,
      { maxBatchSize: t.max_batch_size, maxBatchTimeout: t.max_batch_timeout, maxRetries: t.max_retries, deadLetterQueue: t.dead_letter_queue, retryDelay: t.retry_delay },
    ]),
  );
  return { durableObjects, queueProducers, queueConsumers };
}

export const ADMIN_TOKEN = 'bench-admin-token';

export async function openHarness(persistTo) {
  const { Miniflare, convert, version } = await loadMiniflare();
  const cfg = await wranglerConfig();
  // cloudflare:workers (the Durable Object base class) is workerd's own module.
  const script = await bundle(WORKER_ENTRY, { platform: 'browser', conditions: ['workerd', 'worker', 'browser'], external: ['cloudflare:*'] });
  // Options in the v4 shape, converted the way wrangler itself does for its own local helpers.
  const mf = new Miniflare(
    convert({
      // The directory layout of `wrangler dev --persist-to DIR` (wrangler passes DIR/v3).
      resourcePersistencePath: join(persistTo, 'v3'),
      name: cfg.name ?? 'newswire',
      modules: true,
      script,
      compatibilityDate: cfg.compatibilityDate,
      compatibilityFlags: cfg.compatibilityFlags,
      // Without an id in wrangler.toml, `wrangler dev` keeps the namespace under the binding's name.
      kvNamespaces: { KV: cfg.kvId ?? 'KV' },
      durableObjects: cfg.durableObjects,
      queueProducers: cfg.queueProducers,
      queueConsumers: cfg.queueConsumers,
      bindings: {
        // Push to subscribers on 127.0.0.1, retries backed off from 1 s (scripts/lib/push-subscriber.mjs).
        ALLOW_PRIVATE_CALLBACKS: 'true',
        DELIVERY_RETRY_BASE_SECONDS: '1',
        SITE_TITLE: cfg.siteTitle ?? 'newswire',
        ADMIN_TOKEN,
        SECRETS_KEY: 'bench-secrets-key-0123456789abcdef',
        // What wrangler's [version_metadata] binding gives: its id is part of every ETag.
        CF_VERSION_METADATA: { id: 'bench-harness', tag: '', timestamp: '' },
      },
    }),
  );
  await mf.ready;
  const origin = 'http://bench.invalid';
  return {
    miniflareVersion: version,
    /** Seeds articles 0..count-1 in a fixed shuffled order, `batchSize` per request. */
    async seed(count, batchSize = 100) {
      const order = shuffledIndices(count);
      let created = 0;
      for (let i = 0; i < order.length; i += batchSize) {
        const batch = order.slice(i, i + batchSize).map((n) => {
          const pub = publisherOf(n);
          return { publisher: pub.id, publisherName: pub.name, article: benchArticle(n) };
        });
        const res = await mf.dispatchFetch(`${origin}/__bench/seed`, { method: 'POST', body: JSON.stringify(batch), headers: { 'content-type': 'application/json' } });
        if (!res.ok) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
        created += (await res.json()).created;
      }
      return created;
    },
    /** Mean time of the store's listRefs (one list) and getMany (one bulk get) for 50 articles. */
    async kvTiming() {
      const res = await mf.dispatchFetch(`${origin}/__bench/kv-timing`);
      if (!res.ok) throw new Error(`kv timing failed: ${res.status} ${await res.text()}`);
      return res.json();
    },
    /** One request through the app with counted KV operations; `host` replaces the default origin's. */
    async request(path, headers = {}, host = undefined) {
      const res = await mf.dispatchFetch((host ? `http://${host}` : origin) + path, { headers });
      const body = await res.text();
      return { status: res.status, cache: res.headers.get('x-newswire-cache'), etag: res.headers.get('etag'), ops: JSON.parse(res.headers.get('x-bench-kv-ops') ?? 'null'), bytes: body.length, body };
    },
    /** Any request through the app; `ops` counts the KV operations of the Worker's own code. */
    async dispatch(path, init = {}) {
      const res = await mf.dispatchFetch(origin + path, init);
      const body = await res.text();
      return { status: res.status, body, ops: JSON.parse(res.headers.get('x-bench-kv-ops') ?? 'null') };
    },
    /** The KV operations a publisher's object made since the last call. */
    async objectKvOps(publisher) {
      const res = await mf.dispatchFetch(`${origin}/__bench/object-kv-ops?publisher=${encodeURIComponent(publisher)}`);
      if (!res.ok) throw new Error(`object KV ops failed: ${res.status} ${await res.text()}`);
      return res.json();
    },
    /** Push costs since the harness started: per queue consumer, 'publisher objects' and 'partner objects'. */
    async pushCounts() {
      const res = await mf.dispatchFetch(`${origin}/__bench/push-counts`);
      if (!res.ok) throw new Error(`push counts failed: ${res.status} ${await res.text()}`);
      return res.json();
    },
    async close() {
      await mf.dispose();
    },
  };
}

/** KV operations for a render (cache miss), a Cache API hit and a 304, per route. */
export async function countKvOps(harness, paths) {
  const out = {};
  const nonce = Date.now().toString(36);
  for (const path of paths) {
    // A host no earlier request named: without SITE_URL it is part of every cache key.
    const host = `kv-${nonce}.bench.invalid`;
    const miss = await harness.request(path, {}, host);
    const hit = await harness.request(path, {}, host);
    const notModified = await harness.request(path, { 'if-none-match': miss.etag ?? '' }, host);
    out[path] = {
      miss: { status: miss.status, cache: miss.cache, ops: miss.ops },
      hit: { status: hit.status, cache: hit.cache, ops: hit.ops },
      notModified: { status: notModified.status, ops: notModified.ops },
    };
  }
  return out;
}
