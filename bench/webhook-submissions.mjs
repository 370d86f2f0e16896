// Webhook submissions through the publisher objects: latency per signed submission over HTTP
// against `wrangler dev`, and KV operations per submission counted in the miniflare harness.
// Run alone (`PATH=node_modules/.bin:$PATH node bench/webhook-submissions.mjs`) it starts its
// own `wrangler dev` and harness on the current checkout, so the same script measures another
// commit's code.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDevServer } from '../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../scripts/lib/dev-vars.mjs';
import { adminRequest, signedDelivery } from '../scripts/lib/webhook-client.mjs';
import { benchArticle } from './fixtures.mjs';
import { ADMIN_TOKEN as HARNESS_ADMIN_TOKEN, openHarness } from './kv-harness.mjs';
import { percentile } from './stats.mjs';

export const SEQUENTIAL = 100; // new articles, then as many updates of them
export const CONCURRENT = 200; // new articles, CONCURRENCY in flight
export const CONCURRENCY = 8;
const PUBLISHER_COUNT = 4;
const WARMUP = 12;

const publisherId = (p) => `bench-wh-${p}`;

/** A bench article (~4 KB body, 2 tags) under its own id. */
function submission(prefix, i, title) {
  const article = { ...benchArticle(i), id: `${prefix}-${String(i).padStart(4, '0')}` };
  return title ? { ...article, title: `${title} ${i}` } : article;
}

const envelope = (type, data) => ({ type, timestamp: new Date().toISOString(), data });

function summary(samples, wallMs) {
  return {
    submissions: samples.length,
    p50Ms: percentile(samples, 50),
    p90Ms: percentile(samples, 90),
    p99Ms: percentile(samples, 99),
    maxMs: Math.max(...samples),
    perSecond: samples.length / (wallMs / 1000),
  };
}

async function createPublishers(baseUrl, token, count) {
  const secrets = [];
  for (let p = 0; p < count; p++) {
    const res = await adminRequest(baseUrl, token, 'POST', '/admin/publishers', { id: publisherId(p), name: `Bench desk ${p}` });
    if (res.status !== 201) throw new Error(`creating ${publisherId(p)}: ${res.status} ${JSON.stringify(res.body)}`);
    secrets.push(res.body.secret);
  }
  return secrets;
}

/** One timed submission: signed before the clock starts, timed until the whole answer is read. */
async function timedSubmit(baseUrl, publisher, secret, event, expected) {
  const init = signedDelivery({ secret, event });
  const url = new URL(`/webhooks/${publisher}`, baseUrl);
  const t0 = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== expected) throw new Error(`${event.type} ${event.data.id} to ${publisher}: ${res.status} (expected ${expected}) ${text.slice(0, 200)}`);
  return ms;
}

/**
 * Sequential: SEQUENTIAL new articles (201 each), then an update of each (200), one at a time,
 * round-robin over the publishers. Concurrent: CONCURRENT new articles, CONCURRENCY in flight.
 */
export async function measureSubmissionLatency(baseUrl, token) {
  const secrets = await createPublishers(baseUrl, token, PUBLISHER_COUNT);
  const pub = (i) => ({ publisher: publisherId(i % PUBLISHER_COUNT), secret: secrets[i % PUBLISHER_COUNT] });
  // Every object loaded and every code path compiled before the clock runs.
  for (let i = 0; i < WARMUP; i++) {
    const { publisher, secret } = pub(i);
    await timedSubmit(baseUrl, publisher, secret, envelope('article.published', submission('wh-warm', i)), 201);
  }

  const created = [];
  let t = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const { publisher, secret } = pub(i);
    created.push(await timedSubmit(baseUrl, publisher, secret, envelope('article.published', submission('wh-seq', i)), 201));
  }
  const createdWall = performance.now() - t;
  const updated = [];
  t = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) {
    const { publisher, secret } = pub(i);
    updated.push(await timedSubmit(baseUrl, publisher, secret, envelope('article.updated', submission('wh-seq', i, 'Updated')), 200));
  }
  const updatedWall = performance.now() - t;

  const concurrent = [];
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONCURRENT) {
        const i = next++;
        const { publisher, secret } = pub(i);
        concurrent.push(await timedSubmit(baseUrl, publisher, secret, envelope('article.published', submission('wh-par', i)), 201));
      }
    }),
  );
  const concurrentWall = performance.now() - t;
  return {
    publishers: PUBLISHER_COUNT,
    sequentialNew: summary(created, createdWall),
    sequentialUpdate: summary(updated, updatedWall),
    concurrentNew: { ...summary(concurrent, concurrentWall), inFlight: CONCURRENCY },
  };
}

const ZERO = { get: 0, list: 0, put: 0, delete: 0 };
const sum = (a, b) => Object.fromEntries(Object.keys(ZERO).map((k) => [k, (a?.[k] ?? 0) + (b?.[k] ?? 0)]));

/**
 * KV operations of single submissions, in the Worker (the route) and in the publisher's object,
 * counted in the miniflare harness: a new article with 2 tags, an update keeping its tags, an
 * update dropping one tag, a stale update, and a repeated webhook-id.
 */
export async function countSubmissionKvOps(harness, token = HARNESS_ADMIN_TOKEN) {
  const publisher = 'bench-ops';
  const created = await harness.dispatch('/admin/publishers', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: publisher, name: 'Bench ops desk' }),
  });
  if (created.status !== 201) throw new Error(`creating ${publisher}: ${created.status} ${created.body}`);
  const { secret } = JSON.parse(created.body);
  // Code before the publisher objects has no object to ask.
  const objectOps = async () => (harness.objectKvOps ? harness.objectKvOps(publisher) : { ...ZERO });
  await objectOps();

  const HOUR = 3_600_000;
  const at = (hoursAgo) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
  const article = { ...benchArticle(1), id: 'counted' };
  // The writes the pre-object route made for the same step: the record and its index keys (all,
  // publisher, one per tag), plus the retirement of a dropped tag's key; and one more for the
  // language index (i:lang:…), which benchArticle's language adds to every version.
  const steps = [
    ['new article (2 tags)', { type: 'article.published', timestamp: at(1), data: article }, 201, 6],
    ['update, same tags', { type: 'article.updated', timestamp: at(0.75), data: { ...article, title: 'Second version' } }, 200, 6],
    ['update, one tag dropped', { type: 'article.updated', timestamp: at(0.5), data: { ...article, title: 'Third version', tags: [article.tags[0]] } }, 200, 6],
    ['stale update (older event)', { type: 'article.updated', timestamp: at(0.9), data: { ...article, title: 'Late version' } }, 200, 0],
  ];
  const out = {};
  let last = null;
  for (const [label, event, expected, writesAtMost] of steps) {
    last = signedDelivery({ secret, event });
    const res = await harness.dispatch(`/webhooks/${publisher}`, last);
    out[label] = { status: res.status, expected, writesAtMost, route: res.ops, object: await objectOps() };
    out[label].total = sum(out[label].route, out[label].object);
  }
  // The last delivery again, same webhook-id and body: a sender's retry.
  const replay = await harness.dispatch(`/webhooks/${publisher}`, last);
  out['retry of the same delivery'] = { status: replay.status, expected: 200, writesAtMost: 0, route: replay.ops, object: await objectOps() };
  out['retry of the same delivery'].total = sum(out['retry of the same delivery'].route, out['retry of the same delivery'].object);
  return out;
}

export function formatOps(o) {
  return Object.entries(o).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(' + ') || 'none';
}

async function standalone() {
  const tmp = await mkdtemp(join(os.tmpdir(), 'newswire-submissions-'));
  let server;
  let harness;
  try {
    const token = (await ensureDevVars()).ADMIN_TOKEN;
    server = await startDevServer({ persistTo: join(tmp, 'dev'), extraArgs: ['--log-level', 'error'] });
    const latency = await measureSubmissionLatency(server.baseUrl, token);
    await server.stop();
    server = null;
    harness = await openHarness(join(tmp, 'harness'));
    const ops = await countSubmissionKvOps(harness);
    console.log(JSON.stringify({ latency, ops }, null, 2));
    for (const [name, s] of Object.entries(latency).filter(([, v]) => typeof v === 'object')) {
      console.log(`${name}: p50 ${s.p50Ms.toFixed(1)} ms  p90 ${s.p90Ms.toFixed(1)} ms  p99 ${s.p99Ms.toFixed(1)} ms  (${s.submissions}, ${s.perSecond.toFixed(0)}/s)`);
    }
    for (const [name, r] of Object.entries(ops)) console.log(`${name}: ${r.status}  route ${formatOps(r.route)}  object ${formatOps(r.object)}  total ${formatOps(r.total)}`);
  } finally {
    await harness?.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await standalone();
