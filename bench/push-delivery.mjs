// Push: how long a signed publish takes to reach a WebSub subscriber and a partner on 127.0.0.1
// (wrangler dev, its local queues), and what one publish costs in KV operations and queue
// messages with 0, 1 and 100 subscribers (miniflare harness), split into the publish request,
// the fan-out and the deliveries.
// Run alone (`PATH=node_modules/.bin:$PATH node bench/push-delivery.mjs`) it starts its own
// `wrangler dev` and harness on the current checkout.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDevServer } from '../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../scripts/lib/dev-vars.mjs';
import { LOCAL_PUSH_VARS, sleep, startSubscriber, waitFor } from '../scripts/lib/push-subscriber.mjs';
import { adminRequest, signedDelivery } from '../scripts/lib/webhook-client.mjs';
import { benchArticle } from './fixtures.mjs';
import { ADMIN_TOKEN as HARNESS_ADMIN_TOKEN, openHarness } from './kv-harness.mjs';
import { percentile } from './stats.mjs';
import { formatOps } from './webhook-submissions.mjs';

export const LATENCY_SAMPLES = 20;
const LATENCY_WARMUP = 3;
// A hop through two local queues waits up to their batch timeouts; anything slower is broken.
const DELIVERY_TIMEOUT_MS = 30_000;
const WEBSUB_SECRET = 'bench-hub-secret';

const envelope = (type, data) => ({ type, timestamp: new Date(Date.now() - 1000).toISOString(), data });
const form = (params) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
const pushArticle = (id) => ({ ...benchArticle(7), id });

function summary(samples) {
  return { samples: samples.length, p50Ms: percentile(samples, 50), p90Ms: percentile(samples, 90), minMs: Math.min(...samples), maxMs: Math.max(...samples) };
}

/**
 * One publisher with one WebSub subscriber (its JSON Feed, with hub.secret) and one partner
 * subscription; LATENCY_SAMPLES publishes one at a time, each timed from the moment its 201 has
 * been read to the moment each local subscriber has the whole delivery that carries it.
 */
export async function measurePushLatency(baseUrl, token) {
  const publisher = 'bench-push-latency';
  const subscriber = await startSubscriber();
  try {
    const created = await adminRequest(baseUrl, token, 'POST', '/admin/publishers', { id: publisher, name: 'Bench push desk' });
    if (created.status !== 201) throw new Error(`creating ${publisher}: ${created.status} ${JSON.stringify(created.body)}`);
    const secret = created.body.secret;
    const since = performance.now();
    const hub = await fetch(`${baseUrl}/websub`, form({ 'hub.mode': 'subscribe', 'hub.topic': `${baseUrl}/publishers/${publisher}/feed.json`, 'hub.callback': subscriber.url('/websub'), 'hub.secret': WEBSUB_SECRET }));
    if (hub.status !== 202) throw new Error(`WebSub subscribe: ${hub.status} ${await hub.text()}`);
    await waitFor(() => subscriber.at('/websub', 'GET').some((r) => r.at > since && r.status === 200), { timeoutMs: DELIVERY_TIMEOUT_MS, what: 'the WebSub verification' });
    const partner = await adminRequest(baseUrl, token, 'POST', '/admin/subscriptions', { url: subscriber.url('/partner'), filter: { publishers: [publisher] } });
    if (partner.status !== 201) throw new Error(`partner subscription: ${partner.status} ${JSON.stringify(partner.body)}`);
    await sleep(1000);

    const websub = [];
    const webhook = [];
    for (let i = 0; i < LATENCY_WARMUP + LATENCY_SAMPLES; i++) {
      const id = `latency-${i}`;
      const init = signedDelivery({ secret, event: envelope('article.published', pushArticle(id)) });
      const res = await fetch(`${baseUrl}/webhooks/${publisher}`, init);
      const text = await res.text();
      const t0 = performance.now();
      if (res.status !== 201) throw new Error(`publish ${id}: ${res.status} ${text.slice(0, 200)}`);
      const hubPost = await waitFor(() => subscriber.at('/websub', 'POST').find((r) => r.body.includes(`/${id}"`)), { timeoutMs: DELIVERY_TIMEOUT_MS, what: `WebSub content with ${id}` });
      const partnerPost = await waitFor(() => subscriber.at('/partner', 'POST').find((r) => r.body.includes(`"id":"${id}"`)), { timeoutMs: DELIVERY_TIMEOUT_MS, what: `partner webhook with ${id}` });
      if (i < LATENCY_WARMUP) continue;
      websub.push(hubPost.at - t0);
      webhook.push(partnerPost.at - t0);
    }
    return { websub: summary(websub), partner: summary(webhook) };
  } finally {
    await subscriber.close();
  }
}

const ZERO = { get: 0, list: 0, put: 0, delete: 0 };
const addOps = (a, b) => Object.fromEntries(Object.keys(ZERO).map((k) => [k, (a?.[k] ?? 0) + (b?.[k] ?? 0)]));
const addCounts = (a = {}, b = {}) => {
  const out = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + n;
  return out;
};

const minus = (a = {}, b = {}) => Object.fromEntries(Object.entries(a).map(([k, n]) => [k, n - (b[k] ?? 0)]));

/** What was spent between two reads of the harness's (cumulative) push costs. */
function costsBetween(before, after) {
  const out = {};
  for (const [who, c] of Object.entries(after)) {
    const b = before[who] ?? {};
    out[who] = { kv: minus(c.kv, b.kv), sent: minus(c.sent, b.sent), sendCalls: minus(c.sendCalls, b.sendCalls), batches: c.batches - (b.batches ?? 0), messages: c.messages - (b.messages ?? 0) };
  }
  return out;
}

const CHANGES_QUEUE = 'newswire-changes';
const DELIVERIES_QUEUES = ['newswire-deliveries', 'newswire-deliveries-dlq'];

async function harnessAdmin(harness, method, path, json) {
  const res = await harness.dispatch(path, { method, headers: { authorization: `Bearer ${HARNESS_ADMIN_TOKEN}`, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined });
  return { status: res.status, body: res.body ? JSON.parse(res.body) : null };
}

/** The push costs since `before`, once `done(costs)` holds and a pause for stragglers has passed. */
async function collectCosts(harness, before, done, what) {
  let costs = {};
  try {
    await waitFor(async () => done((costs = costsBetween(before, await harness.pushCounts()))), { timeoutMs: DELIVERY_TIMEOUT_MS, what });
  } catch (err) {
    throw new Error(`${err.message}; counted so far: ${JSON.stringify(costs)}`);
  }
  await sleep(500);
  return costsBetween(before, await harness.pushCounts());
}

/**
 * Scenarios, each one publish of a new article (2 tags, a language: 5 feed scopes) by its own
 * publisher: no subscriber anywhere near it; 1 and 100 WebSub subscribers of the publisher's JSON
 * Feed; 1 and 100 partner subscriptions whose filter names the publisher. Counted: the publish
 * request (the route and the publisher's object, its KV and its CHANGES messages), the fan-out
 * (the CHANGES consumer: KV, DELIVERIES messages) and the deliveries (the DELIVERIES consumer and
 * the partner objects: KV; requests the local subscriber received).
 */
export async function countPushCosts(harness) {
  const origin = 'http://bench.invalid';
  const subscriber = await startSubscriber();
  try {
    const scenarios = [
      { label: '0 subscribers', publisher: 'push-none', websub: 0, partners: 0 },
      { label: '1 WebSub subscriber', publisher: 'push-ws-1', websub: 1, partners: 0 },
      { label: '100 WebSub subscribers', publisher: 'push-ws-100', websub: 100, partners: 0 },
      { label: '1 partner subscription', publisher: 'push-pt-1', websub: 0, partners: 1 },
      { label: '100 partner subscriptions', publisher: 'push-pt-100', websub: 0, partners: 100 },
    ];
    const secrets = new Map();
    for (const s of scenarios) {
      const res = await harnessAdmin(harness, 'POST', '/admin/publishers', { id: s.publisher, name: `Bench ${s.label}` });
      if (res.status !== 201) throw new Error(`creating ${s.publisher}: ${res.status} ${JSON.stringify(res.body)}`);
      secrets.set(s.publisher, res.body.secret);
    }
    let verifications = 0;
    for (const s of scenarios) {
      for (let k = 0; k < s.websub; k++) {
        const res = await harness.dispatch('/websub', form({ 'hub.mode': 'subscribe', 'hub.topic': `${origin}/publishers/${s.publisher}/feed.json`, 'hub.callback': subscriber.url(`/${s.publisher}/${k}`), 'hub.secret': WEBSUB_SECRET }));
        if (res.status !== 202) throw new Error(`WebSub subscribe: ${res.status} ${res.body}`);
        verifications += 1;
      }
      for (let k = 0; k < s.partners; k++) {
        const res = await harnessAdmin(harness, 'POST', '/admin/subscriptions', { url: subscriber.url(`/${s.publisher}/${k}`), filter: { publishers: [s.publisher] } });
        if (res.status !== 201) throw new Error(`partner subscription: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    await waitFor(() => subscriber.requests.filter((r) => r.method === 'GET' && r.status === 200).length >= verifications, { timeoutMs: DELIVERY_TIMEOUT_MS, what: `${verifications} WebSub verifications` });
    // Verified subscriptions are stored just after the callback answers.
    await sleep(1000);

    const out = {};
    for (const s of scenarios) {
      await harness.objectKvOps(s.publisher);
      const counted = await harness.pushCounts();
      const expected = s.websub + s.partners;
      const before = subscriber.requests.length;
      const res = await harness.dispatch(`/webhooks/${s.publisher}`, signedDelivery({ secret: secrets.get(s.publisher), event: envelope('article.published', pushArticle(`counted-${s.publisher}`)) }));
      if (res.status !== 201) throw new Error(`publish for ${s.label}: ${res.status} ${res.body.slice(0, 200)}`);
      const costs = await collectCosts(
        harness,
        counted,
        (t) => (t[CHANGES_QUEUE]?.messages ?? 0) >= 1 && DELIVERIES_QUEUES.reduce((n, q) => n + (t[q]?.messages ?? 0), 0) >= expected && subscriber.requests.length - before >= expected,
        `the fan-out and ${expected} deliveries of ${s.label}`,
      );
      const object = await harness.objectKvOps(s.publisher);
      const fanOut = costs[CHANGES_QUEUE];
      const deliveries = DELIVERIES_QUEUES.map((q) => costs[q]).filter(Boolean);
      out[s.label] = {
        status: res.status,
        subscribers: expected,
        publish: { kv: addOps(res.ops, object), route: res.ops, object, messages: costs['publisher objects']?.sent ?? {} },
        fanOut: { kv: fanOut?.kv ?? { ...ZERO }, messages: fanOut?.sent ?? {}, sendCalls: fanOut?.sendCalls ?? {}, changesConsumed: fanOut?.messages ?? 0 },
        deliveries: {
          kv: addOps(deliveries.reduce((a, c) => addOps(a, c.kv), { ...ZERO }), costs['partner objects']?.kv),
          consumerKv: deliveries.reduce((a, c) => addOps(a, c.kv), { ...ZERO }),
          partnerObjectKv: costs['partner objects']?.kv ?? { ...ZERO },
          messagesConsumed: deliveries.reduce((n, c) => n + c.messages, 0),
          messagesSent: deliveries.reduce((a, c) => addCounts(a, c.sent), {}),
          requests: subscriber.requests.length - before,
        },
      };
    }
    return out;
  } finally {
    await subscriber.close();
  }
}

export const formatMessages = (m) => Object.entries(m ?? {}).filter(([, n]) => n > 0).map(([q, n]) => `${n} ${q}`).join(' + ') || 'none';

/** Table rows for bench/run.mjs: latency and per-publish costs. */
export function pushSections(latency, costs) {
  const sections = [];
  if (latency) {
    const row = (measure, m) => ({ measure, value: `median ${m.p50Ms.toFixed(0)} ms  p90 ${m.p90Ms.toFixed(0)} ms  (min ${m.minMs.toFixed(0)}, max ${m.maxMs.toFixed(0)}; ${m.samples} publishes)`, target: '' });
    sections.push({
      title: 'Push latency (wrangler dev, local queues): from a signed publish’s 201 to the whole delivery at a subscriber on 127.0.0.1',
      rows: [row('first WebSub content delivery (JSON Feed topic, signed)', latency.websub), row('first partner webhook (Standard Webhooks)', latency.partner)],
    });
  }
  if (costs) {
    const publishes = Object.values(costs).map((c) => JSON.stringify([c.publish.kv, c.publish.messages]));
    const same = publishes.every((p) => p === publishes[0]);
    const rows = Object.entries(costs).map(([label, c]) => ({
      measure: `one publish, ${label}`,
      value:
        `publish request ${formatOps(c.publish.kv)}, ${formatMessages(c.publish.messages)} (route ${formatOps(c.publish.route)}; object ${formatOps(c.publish.object)})` +
        ` | fan-out ${formatOps(c.fanOut.kv)}, ${formatMessages(c.fanOut.messages)}` +
        ` | deliveries ${formatOps(c.deliveries.kv)} (partner objects ${formatOps(c.deliveries.partnerObjectKv)}), ${c.deliveries.requests} requests`,
      target: 'publish request identical for all',
      ok: same && c.deliveries.requests === c.subscribers,
    }));
    sections.push({ title: 'KV operations and queue messages per publish (miniflare harness: the publish request, the fan-out consumer, the delivery consumer and partner objects)', rows });
  }
  return sections;
}

async function standalone() {
  const tmp = await mkdtemp(join(os.tmpdir(), 'newswire-push-'));
  let server;
  let harness;
  try {
    const token = (await ensureDevVars()).ADMIN_TOKEN;
    harness = await openHarness(join(tmp, 'harness'));
    const costs = await countPushCosts(harness);
    await harness.close();
    harness = null;
    server = await startDevServer({ persistTo: join(tmp, 'dev'), vars: LOCAL_PUSH_VARS, extraArgs: ['--log-level', 'error'] });
    const latency = await measurePushLatency(server.baseUrl, token);
    console.log(JSON.stringify({ latency, costs }, null, 2));
    for (const section of pushSections(latency, costs)) {
      console.log(`\n## ${section.title}`);
      for (const r of section.rows) console.log(`${r.measure}: ${r.value}${r.ok === false ? '  (MISSED)' : ''}`);
    }
  } finally {
    await harness?.close();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await standalone();
