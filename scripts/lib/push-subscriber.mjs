// A push subscriber on this machine, for the load tests and the bench: a Node http server on
// 127.0.0.1 that records every request it gets (the raw body kept, for signature checks) and
// answers as the caller's `respond` says, else as a willing WebSub subscriber would.
import { createHmac } from 'node:crypto';
import http from 'node:http';

/**
 * WebSub §5.3: a subscriber that wants the subscription answers 2xx with the challenge as the
 * whole body; a denial (§5.2) needs only a 2xx. Content and partner events get a 204.
 */
export function willingAnswer(request) {
  if (request.method === 'GET') {
    const challenge = request.query.get('hub.challenge');
    return challenge === null ? { status: 200 } : { status: 200, body: challenge };
  }
  return { status: 204 };
}

/**
 * `respond(request)` returns `{status, body?, headers?}`, or undefined for willingAnswer.
 * Each recorded request: method, path, query (URLSearchParams), headers (lower-case), body
 * (the raw text), `at` (performance.now() when its body had arrived), and the status answered.
 */
export async function startSubscriber(respond = () => undefined) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const record = { method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() };
      const answer = respond(record) ?? willingAnswer(record);
      record.status = answer.status;
      requests.push(record);
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', ...(answer.headers ?? {}) });
      res.end(answer.body ?? '');
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    url: (path) => base + path,
    requests,
    /** The requests to one path, optionally of one method. */
    at: (path, method) => requests.filter((r) => r.path === path && (method === undefined || r.method === method)),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Polls `check` (every 50 ms) until it returns a truthy value, which it returns; throws after `timeoutMs`. */
export async function waitFor(check, { timeoutMs, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** WebSub §8: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed with hub.secret. */
export function hubSignature(secret, rawBody) {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** The targets of an HTTP `Link` header by relation: `{hub: [...], self: [...]}`. */
export function linkTargets(header) {
  const out = {};
  for (const m of (header ?? '').matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel="?([^";,]+)"?/i.exec(m[2])?.[1];
    if (!rel) continue;
    for (const r of rel.split(/\s+/)) (out[r.toLowerCase()] ??= []).push(m[1]);
  }
  return out;
}

/**
 * Worker vars for a `wrangler dev` that pushes to subscribers on 127.0.0.1: local callbacks
 * admitted, and retries backed off from 1 s instead of production's base, so a run sees them.
 */
export const LOCAL_PUSH_VARS = { ALLOW_PRIVATE_CALLBACKS: 'true', DELIVERY_RETRY_BASE_SECONDS: '1' };
