// Load without loss, over real HTTP against `wrangler dev` with a fresh local KV.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';
import { adminRequest, sendEvent } from '../../scripts/lib/webhook-client.mjs';

let server;
let stateDir;
let token;
const secrets = new Map();

function story(id, i, extra = {}) {
  return {
    id,
    title: `Load story ${i} — жаңалық №${i}`,
    summary: `Summary ${i}`,
    content_html: `<p>Body of story ${i}.</p>`,
    tags: [`batch-${i % 5}`],
    language: 'kk',
    date_published: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
    ...extra,
  };
}

const published = (data) => ({ type: 'article.published', timestamp: new Date().toISOString(), data });

async function collect(path) {
  const ids = [];
  let next = `${server.baseUrl}${path}`;
  while (next) {
    const feed = await (await fetch(next)).json();
    ids.push(...feed.items.map((i) => i._newswire?.publisher?.id + '/' + i.url.split('/').pop()));
    next = feed.next_url;
  }
  return ids;
}

before(async () => {
  token = (await ensureDevVars()).ADMIN_TOKEN;
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-load-'));
  server = await startDevServer({ persistTo: stateDir });
  for (let p = 0; p < 10; p++) {
    const res = await adminRequest(server.baseUrl, token, 'POST', '/admin/publishers', { id: `load-${p}`, name: `Load desk ${p}` });
    assert.equal(res.status, 201);
    secrets.set(`load-${p}`, res.body.secret);
  }
});

after(async () => {
  await server?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('200 concurrent signed submissions from 10 publishers', () => {
  it('answers 200 × 2xx, stores 200 articles, lists each exactly once', async () => {
    const jobs = Array.from({ length: 200 }, (_, i) => {
      const publisher = `load-${i % 10}`;
      return sendEvent({ baseUrl: server.baseUrl, publisher, secret: secrets.get(publisher), event: published(story(`s-${i}`, i, { url: `https://load.example/${publisher}/s-${i}` })) });
    });
    const results = await Promise.all(jobs);
    assert.deepEqual(results.map((r) => r.status).filter((s) => s < 200 || s >= 300), []);
    const listed = await collect('/feed.json');
    assert.equal(listed.length, 200);
    assert.equal(new Set(listed).size, 200);
    for (let p = 0; p < 10; p++) {
      const mine = await collect(`/publishers/load-${p}/feed.json`);
      assert.equal(new Set(mine).size, 20, `load-${p} lists its 20 stories once each`);
    }
  });
});

describe('50 concurrent article.updated deliveries for one article', () => {
  it('ends as exactly one of them, whole, listed once', async () => {
    const secret = secrets.get('load-0');
    const first = await sendEvent({ baseUrl: server.baseUrl, publisher: 'load-0', secret, event: published(story('contested', 0)) });
    assert.equal(first.status, 201);
    const versions = Array.from({ length: 50 }, (_, i) => story('contested', 1000 + i, { title: `Version ${i}`, summary: `Summary ${i}`, content_html: `<p>Body ${i}</p>`, tags: [`v-${i}`] }));
    const results = await Promise.all(versions.map((v) => sendEvent({ baseUrl: server.baseUrl, publisher: 'load-0', secret, event: { type: 'article.updated', timestamp: new Date().toISOString(), data: v } })));
    assert.deepEqual([...new Set(results.map((r) => r.status))], [200]);
    const stored = await (await fetch(`${server.baseUrl}/api/articles/load-0/contested`)).json();
    const winner = versions[Number(stored.title.replace('Version ', ''))];
    assert.deepEqual({ summary: stored.summary, content_html: stored.content_html, tags: stored.tags, date_published: stored.date_published }, { summary: winner.summary, content_html: winner.content_html, tags: winner.tags, date_published: winner.date_published });
    const listed = (await collect('/publishers/load-0/feed.json')).filter((id) => id.endsWith('/contested'));
    assert.equal(listed.length, 1);
    for (const v of versions) {
      const tagFeed = await (await fetch(`${server.baseUrl}/tags/${v.tags[0]}/feed.json`)).json();
      assert.equal(tagFeed.items.length, v === winner ? 1 : 0, `tag ${v.tags[0]}`);
    }
  });
});

describe('one delivery retried 20 times concurrently', () => {
  it('is applied once and every retry gets the same answer', async () => {
    const secret = secrets.get('load-1');
    const event = published(story('retried', 5000));
    const results = await Promise.all(Array.from({ length: 20 }, () => sendEvent({ baseUrl: server.baseUrl, publisher: 'load-1', secret, event, webhookId: 'msg_retry_storm' })));
    assert.deepEqual([...new Set(results.map((r) => r.status))], [201]);
    assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') !== 'true').length, 1);
    assert.equal(new Set(results.map((r) => r.body)).size, 1);
  });
});
