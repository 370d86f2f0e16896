// `npm run bench`: one run, every figure measured on this machine in the same few minutes,
// so ratios compare like with like. Prints a table and writes bench/results.json.
// A missed target is a figure, not a failure: the exit code is 0 unless the harness broke.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../scripts/lib/dev-server.mjs';
import { dryRunBuild } from './bundle-size.mjs';
import { ROOT } from './esbuild-bundle.mjs';
import { publisherOf } from './fixtures.mjs';
import { load, writeScripts, wrkVersion } from './http-load.mjs';
import { countKvOps, openHarness } from './kv-harness.mjs';
import { ensureDevVars } from '../scripts/lib/dev-vars.mjs';
import { CONCURRENCY, countSubmissionKvOps, formatOps, measureSubmissionLatency } from './webhook-submissions.mjs';
import { parseTimings } from './parse-timing.mjs';
import { countPushCosts, LATENCY_SAMPLES, measurePushLatency, pushSections } from './push-delivery.mjs';
import { LOCAL_PUSH_VARS } from '../scripts/lib/push-subscriber.mjs';
import { pathologicalTimings } from './pathological-timing.mjs';
import { renderTimings } from './render-timing.mjs';
import { fmt, markdownTable, textTable } from './report.mjs';

// BENCH_SIZES=100,300 shortens a run while working on the harness itself; the figures
// this bench exists for are the default 100 and 10 000.
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [100, 10_000];
// BENCH_ONLY=submissions (a comma list of: bundle, node, http, submissions, push) runs only those parts
// while working on one of them; the seeding and its check always run.
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const runs = (part) => ONLY === null || ONLY.has(part);
const n = (x) => x.toLocaleString('en').replace(/,/g, ' ');
const ROUNDS = 4; // every route once per round, rounds interleaved: noise hits all routes alike
// Seconds of load per route and round (wrk takes whole seconds). Misses are slow (~20–40
// req/s with 16 in flight), so they get longer windows: a window only a few response times
// long under-counts (first answers arrive late, the last ones are cut off).
const ROUND_SECONDS = { bare: 2, hit: 2, '304': 2, miss: 3 };
const THREADS = 2;
const CONNECTIONS = 16;
const RENDER_BUDGET_MS = 2;
const PARSE_BUDGET_MS = 50;
const REPULL_BUDGET_MS = 5;
const PATHOLOGICAL_BUDGET_MS = 200;
const GZIP_BUDGET_KIB = 250;
const SIZE_RATIO_BAND = [0.8, 1.25]; // "≈ 1" on a noisy, shared 2-core machine

const started = Date.now();
const log = (msg) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}`);

function machineInfo() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model?.trim(),
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    wrk: wrkVersion(),
    loadAverageAtStart: os.loadavg(),
  };
}

const articleRef = (i) => ({ publisher: publisherOf(i).id, id: `bench-${String(i).padStart(5, '0')}` });
const articlePath = (i) => `/news/${articleRef(i).publisher}/${articleRef(i).id}`;

/** The seeded articles must come back newest first: page 1 is articles 0–49, page 2 is 50–99. */
async function verifyStore(baseUrl, size) {
  const problems = [];
  let url = `${baseUrl}/feed.json`;
  for (let page = 0; page < 2; page++) {
    const body = await (await fetch(url)).json();
    const ids = body.items.map((item) => item.id);
    for (let k = 0; k < 50; k++) {
      const ref = articleRef(page * 50 + k);
      if (!ids[k]?.endsWith(`${ref.publisher}/${ref.id}`)) {
        problems.push(`page ${page + 1} item ${k}: expected ${ref.publisher}/${ref.id}, got ${ids[k]}`);
        break;
      }
    }
    if (page === 0 && !body.next_url) problems.push('page 1 has no next_url');
    url = body.next_url;
    if (!url) break;
  }
  const last = articleRef(size - 1);
  const beyond = articleRef(size);
  const lastStatus = (await fetch(`${baseUrl}/api/articles/${last.publisher}/${last.id}`)).status;
  const beyondStatus = (await fetch(`${baseUrl}/api/articles/${beyond.publisher}/${beyond.id}`)).status;
  if (lastStatus !== 200) problems.push(`oldest article ${last.id}: ${lastStatus}`);
  if (beyondStatus !== 404) problems.push(`article ${beyond.id} should not exist: ${beyondStatus}`);
  return { ok: problems.length === 0, checked: 'feed pages 1–2 in date order, oldest article present, none beyond', problems };
}

async function get(url, headers = {}) {
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  return { status: res.status, cache: res.headers.get('x-newswire-cache'), etag: res.headers.get('etag'), bytes: body.byteLength };
}

/** A GET with its own Host header (fetch would replace it with the URL's). */
function getAs(host, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode, cache: res.headers['x-newswire-cache'] ?? null, etag: res.headers.etag ?? null, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const CACHED = new Set(['memory', 'hit']);

/** Checks a route answers the way it is going to be measured, before any load. */
async function prepare(route, baseUrl) {
  const url = baseUrl + route.path;
  if (route.kind === 'bare') {
    const r = await get(url);
    if (r.status !== 200) throw new Error(`${route.path}: ${r.status}`);
    return { status: r.status, bytes: r.bytes };
  }
  if (route.kind === 'hit') {
    await get(url);
    const r = await get(url);
    // A repeat is served from isolate memory ("memory"), else from the Cache API ("hit").
    if (r.status !== 200 || !CACHED.has(r.cache)) throw new Error(`${route.path}: expected a cached answer, got ${r.status} ${r.cache}`);
    return { status: r.status, cache: r.cache, bytes: r.bytes };
  }
  if (route.kind === '304') {
    const first = await get(url);
    const r = await get(url, { 'If-None-Match': first.etag });
    if (r.status !== 304 || r.bytes !== 0) throw new Error(`${route.path} with If-None-Match ${first.etag}: ${r.status} (${r.bytes} bytes)`);
    route.headers = { 'If-None-Match': first.etag };
    return { status: r.status, etag: first.etag, bytes: r.bytes };
  }
  // miss: without SITE_URL the request's host is part of the ETag and the Cache API key, and
  // wrk sends a new one per request. Node's fetch overrides Host, so these go through node:http.
  const a = await getAs('probe-a.bench.invalid', url);
  const b = await getAs('probe-b.bench.invalid', url);
  const again = await getAs('probe-a.bench.invalid', url);
  if (a.status !== 200 || a.cache !== 'miss' || b.cache !== 'miss' || !CACHED.has(again.cache)) {
    throw new Error(`${route.path}: unique hosts should miss then hit (is SITE_URL set?), got ${a.cache}, ${b.cache}, ${again.cache}`);
  }
  return { status: a.status, sample: [a.cache, b.cache], repeatOfFirst: again.cache, bytes: a.bytes };
}

function routesFor(size) {
  const feeds = [
    ['/feed.json', 'JSON Feed'],
    ['/atom.xml', 'Atom'],
    ['/feed.xml', 'RSS'],
  ];
  const routes = [{ key: 'bare', kind: 'bare', path: '/favicon.svg', label: 'bare route /favicon.svg (ceiling)' }];
  for (const [path, name] of feeds) routes.push({ key: `hit ${path}`, kind: 'hit', path, label: `${path} ${name}, cached`, target: 0.8 });
  if (size === SIZES[0]) {
    routes.push({ key: 'hit /', kind: 'hit', path: '/', label: '/ front page, cached' });
    routes.push({ key: 'hit article', kind: 'hit', path: articlePath(3), label: 'article page, cached' });
  }
  routes.push({ key: '304 /feed.json', kind: '304', path: '/feed.json', label: '/feed.json If-None-Match → 304', target: 0.95 });
  for (const [path, name] of feeds) routes.push({ key: `miss ${path}`, kind: 'miss', path, label: `${path} ${name}, cache miss (render)`, target: 0.3 });
  return routes.map((r) => ({ ...r, size }));
}

const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

function aggregate(runs) {
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return {
    rps: requests / seconds,
    // wrk gives percentiles per run, not histograms: p50 is the mean of the rounds' p50s,
    // p99 the worst round's p99.
    p50Ms: mean(runs.map((r) => r.p50Ms).filter((x) => x !== null)),
    p99Ms: runs.some((r) => r.p99Ms !== null) ? Math.max(...runs.map((r) => r.p99Ms).filter((x) => x !== null)) : null,
    requests,
    seconds,
    bytesPerResponse: runs.reduce((s, r) => s + r.bytes, 0) / Math.max(1, requests),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    rounds: runs,
  };
}

async function measureHttp(servers, tmp) {
  const scripts = await writeScripts(tmp);
  // The same route at both store sizes runs back to back (A B, then B A in the next round).
  const perSize = servers.map(({ size }) => routesFor(size));
  const keys = [...new Set(perSize.flat().map((r) => r.key))];
  const routes = perSize.flat();
  const byKey = (key) => perSize.flatMap((list) => list.filter((r) => r.key === key));
  const baseOf = Object.fromEntries(servers.map((s) => [s.size, s.server.baseUrl]));
  const checks = {};
  // Also the warm-up: every route has answered before it is measured.
  for (const route of routes) checks[`${route.size} ${route.key}`] = await prepare(route, baseOf[route.size]);
  const opts = (route, nonce) => ({ scripts, threads: THREADS, connections: CONNECTIONS, headers: route.headers ?? {}, unique: route.kind === 'miss', nonce });
  const runs = Object.fromEntries(routes.map((r) => [`${r.size} ${r.key}`, []]));
  const runId = Date.now().toString(36);
  const roundSeconds = routes.reduce((s, r) => s + ROUND_SECONDS[r.kind], 0);
  for (let round = 0; round < ROUNDS; round++) {
    log(`HTTP round ${round + 1}/${ROUNDS} (${routes.length} routes, ${roundSeconds} s of load)`);
    // Rotate the order each round, so no route always follows the same neighbour.
    const offset = Math.floor((round * keys.length) / ROUNDS);
    const order = [...keys.slice(offset), ...keys.slice(0, offset)].flatMap((key) => (round % 2 ? byKey(key).reverse() : byKey(key)));
    for (const route of order) {
      const r = await load(baseOf[route.size] + route.path, { ...opts(route, `${runId}r${round}s${route.size}`), seconds: ROUND_SECONDS[route.kind], warmupSeconds: 0 });
      runs[`${route.size} ${route.key}`].push(r);
    }
  }
  // After the load: 304s still 304 (and wrk saw bodiless answers), hits still hits.
  const after = {};
  for (const route of routes.filter((r) => r.kind === '304' || r.kind === 'hit')) {
    const r = await get(baseOf[route.size] + route.path, route.headers ?? {});
    after[`${route.size} ${route.key}`] = { status: r.status, cache: r.cache };
  }
  const out = {};
  for (const route of routes) {
    const id = `${route.size} ${route.key}`;
    out[id] = { ...route, headers: route.headers, check: checks[id], after: after[id], ...aggregate(runs[id]) };
  }
  for (const size of SIZES) {
    const bare = out[`${size} bare`];
    for (const route of routes.filter((r) => r.size === size)) {
      const m = out[`${size} ${route.key}`];
      m.ratioToBare = m.rps / bare.rps;
      m.roundRatios = m.rounds.map((r, i) => r.rps / bare.rounds[i].rps);
    }
  }
  return out;
}

function buildSections(results) {
  const sections = [];
  const http = results.http;
  if (http) {
    for (const size of SIZES) {
      const rows = [];
      for (const m of Object.values(http).filter((x) => x.size === size)) {
        let ok = m.target !== undefined ? m.ratioToBare >= m.target : null;
        if (m.kind === '304' && !(m.bytesPerResponse < 1024 && m.after?.status === 304)) ok = false;
        if (m.errors > 0) ok = false;
        if (m.kind === 'hit' && !CACHED.has(m.after?.cache)) ok = false;
        rows.push({
          measure: m.label,
          value: `${fmt(m.rps, 0)} req/s  p50 ${fmt(m.p50Ms, 1)} ms  p99 ${fmt(m.p99Ms, 1)} ms${m.errors ? `  ${m.errors} errors` : ''}`,
          ratio: `${fmt(m.ratioToBare)}×`,
          target: m.target !== undefined ? `≥ ${m.target}×` : '',
          ok,
        });
      }
      sections.push({ title: `HTTP, wrangler dev, ${n(size)} articles stored (${THREADS} threads, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${ROUND_SECONDS.hit} s, misses ${ROUNDS} × ${ROUND_SECONDS.miss} s; p50 mean of rounds, p99 worst round)`, rows });
    }
    const rows = [];
    for (const key of ['hit /feed.json', 'hit /atom.xml', 'hit /feed.xml', '304 /feed.json', 'miss /feed.json', 'miss /atom.xml', 'miss /feed.xml']) {
      const small = http[`${SIZES[0]} ${key}`];
      const large = http[`${SIZES[1]} ${key}`];
      if (!small || !large) continue;
      const ratio = large.rps / small.rps;
      // The two sizes of a route run back to back in every round, so per-round ratios pair up.
      const perRound = large.rounds.map((r, i) => r.rps / small.rounds[i].rps);
      rows.push({
        measure: `${small.label}: req/s at ${n(SIZES[1])} ÷ at ${n(SIZES[0])}`,
        value: `${fmt(large.rps, 0)} / ${fmt(small.rps, 0)} req/s (rounds: ${perRound.map((x) => fmt(x)).join(', ')})`,
        ratio: `${fmt(ratio)}×`,
        target: `≈ 1 (${SIZE_RATIO_BAND[0]}–${SIZE_RATIO_BAND[1]})`,
        ok: ratio >= SIZE_RATIO_BAND[0] && ratio <= SIZE_RATIO_BAND[1],
      });
    }
    sections.push({ title: `Store size: ${n(SIZES[1])} vs ${n(SIZES[0])} articles`, rows });
  }
  if (results.kvOps) {
    const rows = [];
    const [a, b] = SIZES.map((s) => results.kvOps[s]);
    const show = (o) => Object.entries(o).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(' + ') || 'none';
    for (const path of Object.keys(a.counts)) {
      const same = JSON.stringify(a.counts[path]) === JSON.stringify(b?.counts[path]);
      const c = a.counts[path];
      rows.push({
        measure: `KV ops ${path} (miss / hit / 304)`,
        value: `${show(c.miss.ops)} / ${show(c.hit.ops)} / ${show(c.notModified.ops)}`,
        ratio: same ? `same at ${n(SIZES[1])}` : `DIFFERS at ${n(SIZES[1])}`,
        target: 'identical at both sizes',
        ok: same,
      });
    }
    if (a.localKvTiming && b?.localKvTiming) {
      const t = (x) => `list ${fmt(x.listMs, 2)} ms, bulk get ${fmt(x.bulkGetMs, 2)} ms`;
      rows.push({ measure: 'local KV (miniflare) time per call, 50 articles', value: `${t(a.localKvTiming)} at ${n(SIZES[0])}; ${t(b.localKvTiming)} at ${n(SIZES[1])}` });
    }
    sections.push({ title: 'KV operations per request (app in workerd via miniflare, counting KV wrapper)', rows });
  }
  if (results.render) {
    const rows = Object.entries(results.render.results).map(([name, r]) => ({
      measure: name,
      value: `median ${fmt(r.medianMs, 3)} ms  p99 ${fmt(r.p99Ms, 3)} ms  (${r.samples} runs, ${Math.round(r.outputBytes / 1024)} KiB out)`,
      target: `median < ${RENDER_BUDGET_MS} ms`,
      ok: r.medianMs < RENDER_BUDGET_MS,
    }));
    sections.push({ title: `Pure render time in Node ${process.version} (esbuild bundle of src/render)`, rows });
  }
  if (results.parse) {
    const rows = [];
    if (!results.parse.available) {
      rows.push({ measure: 'parse + normalize 1 MiB RSS / Atom', value: `NOT AVAILABLE YET: ${results.parse.reason}`, target: `< ${PARSE_BUDGET_MS} ms`, ok: null });
    } else {
      for (const [format, r] of Object.entries(results.parse.results)) {
        const name = `parse + normalize ${fmt(r.documentBytes / 2 ** 20)} MiB ${format === 'rss' ? 'RSS' : 'Atom'}`;
        if (r.error) {
          rows.push({ measure: name, value: `FAILED: ${r.error}`, target: `< ${PARSE_BUDGET_MS} ms`, ok: null });
          continue;
        }
        const full = r.parseMapNormalize;
        rows.push({
          measure: `${name} (${r.itemsParsed} items)`,
          value: full
            ? `median ${fmt(full.medianMs, 1)} ms  p99 ${fmt(full.p99Ms, 1)} ms  (parse only ${fmt(r.parseOnly.medianMs, 1)}, + map ${fmt(r.parseAndMap.medianMs, 1)})`
            : `parse only: median ${fmt(r.parseOnly.medianMs, 1)} ms (no toArticleInput yet)`,
          target: `median < ${PARSE_BUDGET_MS} ms`,
          ok: full ? full.medianMs < PARSE_BUDGET_MS : null,
        });
      }
    }
    // The pull after one where 49 of 50 items were already seen: what most pulls of a busy feed are.
    for (const [format, r] of Object.entries(results.parse.repull ?? {})) {
      const measure = `re-pull ${Math.round((r.documentBytes ?? 0) / 1024)} KiB ${format === 'rss' ? 'RSS' : 'Atom'}, 1 new of 50 (read → skip → map → normalize)`;
      if (r.error) rows.push({ measure, value: `FAILED: ${r.error}`, target: `< ${REPULL_BUDGET_MS} ms`, ok: null });
      else rows.push({ measure, value: `median ${fmt(r.pull.medianMs, 2)} ms  p99 ${fmt(r.pull.p99Ms, 2)} ms  (${r.parsed} parsed, ${r.mapped} mapped, ${r.unchanged} skipped)`, target: `median < ${REPULL_BUDGET_MS} ms`, ok: r.pull.medianMs < REPULL_BUDGET_MS });
    }
    rows.push({ measure: 'Workers CPU limit per invocation', value: 'Free 10 ms · Standard 30 s (default)', target: '' });
    sections.push({ title: 'Upstream read → plan (hash, map) → normalizeArticle, in Node', rows });
  }
  if (results.pathological) {
    const rows = [];
    if (!results.pathological.available) {
      rows.push({ measure: 'hostile feeds', value: `NOT AVAILABLE: ${results.pathological.reason}`, target: `< ${PATHOLOGICAL_BUDGET_MS} ms`, ok: null });
    } else {
      for (const [name, r] of Object.entries(results.pathological.results)) {
        const what = r.error ? `FAILED: ${r.error}` : `median ${fmt(r.medianMs, 1)} ms (${r.refused ? `refused: ${r.refused}` : `${r.mapped} of ${r.items} items mapped`})`;
        rows.push({ measure: `${name} (${fmt(r.documentBytes / 2 ** 20)} MiB)`, value: what, target: `median < ${PATHOLOGICAL_BUDGET_MS} ms`, ok: r.error ? null : r.medianMs < PATHOLOGICAL_BUDGET_MS });
      }
    }
    sections.push({ title: 'Hostile upstream documents (first pull): read → plan → normalizeArticle, in Node', rows });
  }
  if (results.submissions) {
    const s = results.submissions;
    const row = (measure, m) => ({
      measure,
      value: `p50 ${fmt(m.p50Ms, 1)} ms  p90 ${fmt(m.p90Ms, 1)} ms  p99 ${fmt(m.p99Ms, 1)} ms  (${m.submissions}, ${fmt(m.perSecond, 0)}/s)`,
      target: '',
    });
    sections.push({
      title: `Webhook submissions through the publisher object (wrangler dev, ${s.publishers} publishers, ~4 KB articles with 2 tags, signed in Node, timed to the last byte of the answer)`,
      rows: [
        row('new article (201), one at a time', s.sequentialNew),
        row('update (200), one at a time', s.sequentialUpdate),
        row(`new article (201), ${s.concurrentNew.inFlight} in flight`, s.concurrentNew),
      ],
    });
  }
  if (results.submissionKvOps) {
    const rows = Object.entries(results.submissionKvOps).map(([step, r]) => {
      const writes = r.total.put + r.total.delete;
      return {
        measure: `${step} (${r.status})`,
        value: `${formatOps(r.total)}  (route ${formatOps(r.route)}; object ${formatOps(r.object)})`,
        target: `≤ ${r.writesAtMost} writes`,
        ok: r.status === r.expected && writes <= r.writesAtMost,
      };
    });
    sections.push({ title: 'KV operations per webhook submission (miniflare harness: counted in the Worker and in the publisher object)', rows });
  }
  sections.push(...pushSections(results.pushLatency, results.pushCosts));
  if (results.bundle) {
    sections.push({
      title: 'Worker bundle (wrangler deploy --dry-run)',
      rows: [{ measure: 'gzipped upload', value: `${fmt(results.bundle.gzipKiB)} KiB (${fmt(results.bundle.totalKiB)} KiB raw)`, target: `< ${GZIP_BUDGET_KIB} KiB`, ok: results.bundle.gzipKiB < GZIP_BUDGET_KIB }],
    });
  }
  return sections;
}

async function main() {
  const results = { machine: machineInfo(), settings: { SIZES, ROUNDS, ROUND_SECONDS, THREADS, CONNECTIONS } };
  const tmp = await mkdtemp(join(os.tmpdir(), 'newswire-bench-'));
  const servers = [];
  const harnesses = [];
  let broken = null;
  let built = null;
  const cleanup = async () => {
    for (const h of harnesses.splice(0)) await h.close().catch(() => {});
    for (const s of servers.splice(0)) await s.server.stop().catch(() => {});
    await rm(tmp, { recursive: true, force: true });
  };
  const onSignal = (sig) => {
    log(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log('building the Worker as `wrangler deploy` would (dry run)');
    built = await dryRunBuild(join(tmp, 'dist'));
    if (runs('bundle')) results.bundle = built;

    if (runs('node')) {
      log('render timings (Node, no server running)');
      results.render = await renderTimings(tmp);
      log('upstream parse timings');
      results.parse = await parseTimings(tmp);
      log('hostile upstream documents');
      results.pathological = await pathologicalTimings(tmp);
    }

    results.seed = {};
    if (runs('http')) results.kvOps = {};
    for (const size of SIZES) {
      const dir = join(tmp, `kv-${size}`);
      log(`seeding ${size} articles through ArticleSchema + normalizeArticle + ArticleStore.put (miniflare, ${dir})`);
      const harness = await openHarness(dir);
      harnesses.push(harness);
      const t0 = performance.now();
      const created = await harness.seed(size);
      results.seed[size] = { created, seconds: (performance.now() - t0) / 1000, miniflare: harness.miniflareVersion };
      if (created !== size) throw new Error(`seeded ${created} of ${size} articles`);
      if (runs('http')) log(`counting KV operations per request at ${size}`);
      if (runs('http')) results.kvOps[size] = { counts: await countKvOps(harness, ['/feed.json', '/atom.xml', '/feed.xml', '/', articlePath(3)]), localKvTiming: await harness.kvTiming() };
      await harness.close();
      harnesses.splice(harnesses.indexOf(harness), 1);
    }
    if (runs('submissions')) {
      log('counting KV operations per webhook submission (miniflare, a store of its own)');
      const harness = await openHarness(join(tmp, 'kv-submissions'));
      harnesses.push(harness);
      results.submissionKvOps = await countSubmissionKvOps(harness);
      await harness.close();
      harnesses.splice(harnesses.indexOf(harness), 1);
    }
    if (runs('push')) {
      log('counting KV operations and queue messages per publish with 0, 1 and 100 push subscribers (miniflare, a store of its own)');
      const harness = await openHarness(join(tmp, 'kv-push'));
      harnesses.push(harness);
      results.pushCosts = await countPushCosts(harness);
      await harness.close();
      harnesses.splice(harnesses.indexOf(harness), 1);
    }

    for (const size of SIZES) {
      log(`starting wrangler dev on the built Worker, ${size} articles`);
      const server = await startDevServer({
        persistTo: join(tmp, `kv-${size}`),
        // The dry-run output, served as is: the deploy artifact, and no rebuild when someone
        // edits src/ during the run.
        // EXPOSE_CACHE_LAYER: the bench reports which layer answered (x-newswire-cache).
        extraArgs: [built.script, '--config', join(ROOT, 'wrangler.toml'), '--no-bundle', '--log-level', 'error', '--var', 'EXPOSE_CACHE_LAYER:true'],
        // Push to the bench's own subscribers on 127.0.0.1 (measured last, on the smaller store).
        vars: LOCAL_PUSH_VARS,
      });
      servers.push({ size, server });
      const check = await verifyStore(server.baseUrl, size);
      results.seed[size].verified = check;
      if (!check.ok) throw new Error(`seeded store at ${size} is not what the app should list: ${check.problems.join('; ')}`);
    }

    if (runs('http')) results.http = await measureHttp(servers, tmp);
    if (runs('submissions')) {
      // After the read measurements, on the smaller store: submissions add articles to it.
      log(`webhook submissions through the publisher objects (wrangler dev, ${CONCURRENCY} in flight for the concurrent part)`);
      results.submissions = await measureSubmissionLatency(servers[0].server.baseUrl, (await ensureDevVars()).ADMIN_TOKEN);
    }
    if (runs('push')) {
      log(`push latency: ${LATENCY_SAMPLES} publishes to a WebSub subscriber and a partner on 127.0.0.1 (wrangler dev)`);
      results.pushLatency = await measurePushLatency(servers[0].server.baseUrl, (await ensureDevVars()).ADMIN_TOKEN);
    }
  } catch (err) {
    broken = err;
    results.error = String(err?.stack ?? err);
  } finally {
    await cleanup();
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
  }
  results.machine.loadAverageAtEnd = os.loadavg();
  results.machine.wrangler = built?.wranglerVersion;
  results.elapsedSeconds = (Date.now() - started) / 1000;

  const sections = buildSections(results);
  results.table = sections;
  results.markdownTable = markdownTable(sections);
  await writeFile(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');

  const m = results.machine;
  console.log(`\nnewswire bench — ${m.date} — ${m.cpuModel}, ${m.cores} cores, Node ${m.node}, ${m.wrk}, wrangler ${m.wrangler ?? '?'}`);
  console.log(`load average ${m.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')} at start, ${m.loadAverageAtEnd.map((x) => x.toFixed(2)).join(' ')} at end; ${results.elapsedSeconds.toFixed(0)} s in all\n`);
  console.log(textTable(sections));
  console.log(`\nraw numbers: bench/results.json`);
  if (broken) {
    console.error(`\nthe harness broke: ${broken.stack ?? broken}`);
    process.exitCode = 1;
  }
}

// wrangler is run from node_modules/.bin: `npm run bench` puts it on PATH.
if (spawnSync('wrangler', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error('wrangler is not on PATH: run this through `npm run bench`.');
  process.exit(1);
}
await main();
