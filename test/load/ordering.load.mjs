// Event order, retractions, admin races and conflicting redeliveries, over real HTTP against
// `wrangler dev` (publisher Durable Objects and a fresh local KV): each scenario has one exact
// end state, whatever order the concurrent requests are served in.
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

const MINUTE = 60_000;
/** An envelope time `minutesAgo` before now: in the past, as the schema requires of event times. */
const ago = (minutesAgo) => new Date(Date.now() - minutesAgo * MINUTE).toISOString();
const event = (type, data, timestamp) => ({ type, timestamp, data });
const STALE = (id) => ({ id, applied: false, reason: 'stale' });

function story(id, version, tag) {
  return {
    id,
    title: `${id}: ${version}`,
    summary: `Нұсқа ${version} — версия ${version}`,
    content_html: `<p>${version}</p>`,
    tags: [tag],
    language: 'kk',
    date_published: '2026-11-20T09:00:00Z',
  };
}

/** A fixed permutation (the same every run), so a failure can be replayed. */
function shuffled(items, seed) {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function send(publisher, body, webhookId) {
  return sendEvent({ baseUrl: server.baseUrl, publisher, secret: secrets.get(publisher), event: body, ...(webhookId ? { webhookId } : {}) });
}

/**
 * Sends an event until it is not a 404 (an update that overtook its publish). Each attempt is a
 * new delivery with its own webhook-id; the test below retries under the same webhook-id, which
 * works too because a 404 is not remembered.
 */
async function sendUntilFound(publisher, body, webhookIdBase) {
  for (let attempt = 1; attempt <= 50; attempt++) {
    const res = await send(publisher, body, `${webhookIdBase}_${attempt}`);
    if (res.status !== 404) return { ...res, attempts: attempt };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${body.data.id}: still 404 after 50 attempts`);
}

async function createPublisher(id) {
  const res = await adminRequest(server.baseUrl, token, 'POST', '/admin/publishers', { id, name: `Desk ${id}` });
  assert.equal(res.status, 201, `create ${id}`);
  secrets.set(id, res.body.secret);
}

async function apiTitle(publisher, id) {
  const res = await fetch(`${server.baseUrl}/api/articles/${publisher}/${id}`);
  return res.status === 200 ? (await res.json()).title : res.status;
}

/** Every "publisher/id" a JSON Feed lists, across its pages. */
async function listed(path) {
  const refs = [];
  let next = `${server.baseUrl}${path}`;
  while (next) {
    const res = await fetch(next);
    assert.equal(res.status, 200, path);
    const feed = await res.json();
    refs.push(...feed.items.map((i) => `${i._newswire?.publisher?.id}/${i.url.split('/').pop()}`));
    next = feed.next_url;
  }
  return refs.sort();
}

before(async () => {
  token = (await ensureDevVars()).ADMIN_TOKEN;
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-ordering-'));
  server = await startDevServer({ persistTo: stateDir });
});

after(async () => {
  await server?.stop();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('out-of-order deliveries: 20 articles from 4 publishers, publish (t0), update A (t1), update B (t2)', () => {
  const PUBLISHERS = ['order-0', 'order-1', 'order-2', 'order-3'];
  const articles = Array.from({ length: 20 }, (_, i) => ({ publisher: PUBLISHERS[i % 4], id: `ooo-${i}` }));
  const t0 = ago(50);
  const t1 = ago(40);
  const t2 = ago(30);

  before(async () => {
    for (const p of PUBLISHERS) await createPublisher(p);
  });

  it('publish first, then both updates concurrently in shuffled order: every article ends as B', async () => {
    const first = articles.slice(0, 10);
    const published = await Promise.all(first.map((a) => send(a.publisher, event('article.published', story(a.id, 'P', `ooo-p-${a.id}`), t0))));
    assert.deepEqual(published.map((r) => r.status), first.map(() => 201));

    const deliveries = shuffled(
      first.flatMap((a) => [
        { a, version: 'A', body: event('article.updated', story(a.id, 'A', `ooo-a-${a.id}`), t1) },
        { a, version: 'B', body: event('article.updated', story(a.id, 'B', `ooo-b-${a.id}`), t2) },
      ]),
      11,
    );
    const answers = await Promise.all(deliveries.map((d) => send(d.a.publisher, d.body)));
    deliveries.forEach((d, k) => {
      const { status, body } = answers[k];
      assert.equal(status, 200, `${d.a.id} ${d.version}`);
      const json = JSON.parse(body);
      // B is the newest event: always applied. A is applied only if it arrived before B, else stale.
      if (d.version === 'B') assert.equal(json.title, `${d.a.id}: B`);
      else if ('applied' in json) assert.deepEqual(json, STALE(d.a.id));
      else assert.equal(json.title, `${d.a.id}: A`);
    });
    for (const a of first) assert.equal(await apiTitle(a.publisher, a.id), `${a.id}: B`);
  });

  it('publish and both updates concurrently in shuffled order, 404s sent again: every article ends as B', async () => {
    const second = articles.slice(10);
    const deliveries = shuffled(
      second.flatMap((a) => [
        { a, version: 'P', body: event('article.published', story(a.id, 'P', `ooo-p-${a.id}`), t0) },
        { a, version: 'A', body: event('article.updated', story(a.id, 'A', `ooo-a-${a.id}`), t1) },
        { a, version: 'B', body: event('article.updated', story(a.id, 'B', `ooo-b-${a.id}`), t2) },
      ]),
      23,
    );
    const answers = await Promise.all(deliveries.map((d) => sendUntilFound(d.a.publisher, d.body, `msg_ooo_${d.a.id}_${d.version}`)));
    deliveries.forEach((d, k) => {
      const { status, body } = answers[k];
      const json = JSON.parse(body);
      // No update applies before the publish (it is a 404 until then), so the publish always creates.
      if (d.version === 'P') {
        assert.equal(status, 201, `${d.a.id} P`);
        assert.equal(answers[k].attempts, 1);
      } else if (d.version === 'B') {
        assert.equal(status, 200, `${d.a.id} B`);
        assert.equal(json.title, `${d.a.id}: B`);
      } else {
        assert.equal(status, 200, `${d.a.id} A`);
        if ('applied' in json) assert.deepEqual(json, STALE(d.a.id));
        else assert.equal(json.title, `${d.a.id}: A`);
      }
    });
    for (const a of second) assert.equal(await apiTitle(a.publisher, a.id), `${a.id}: B`);
  });

  it('lists each article once, under B’s tag only', async () => {
    assert.deepEqual(await listed('/feed.json'), articles.map((a) => `${a.publisher}/${a.id}`).sort());
    for (const p of PUBLISHERS) assert.deepEqual(await listed(`/publishers/${p}/feed.json`), articles.filter((a) => a.publisher === p).map((a) => `${p}/${a.id}`).sort());
    for (const a of articles) {
      assert.deepEqual(await listed(`/tags/ooo-b-${a.id}/feed.json`), [`${a.publisher}/${a.id}`]);
      assert.deepEqual(await listed(`/tags/ooo-a-${a.id}/feed.json`), []);
      assert.deepEqual(await listed(`/tags/ooo-p-${a.id}/feed.json`), []);
    }
  });
});

describe('delete, then a late retried publish, then a newer publish: 5 articles concurrently', () => {
  const ids = Array.from({ length: 5 }, (_, i) => `retracted-${i}`);
  const where = (id) => [`/feed.json`, `/publishers/retract-desk/feed.json`, `/tags/retraction-${id}/feed.json`];

  before(async () => {
    await createPublisher('retract-desk');
  });

  it('keeps the retraction against the older publish, and republishes on the newer one', async () => {
    const t0 = ago(50);
    const t1 = ago(40);
    const t2 = ago(30);
    await Promise.all(
      ids.map(async (id) => {
        const publish = await send('retract-desk', event('article.published', story(id, 'first', `retraction-${id}`), t0));
        assert.equal(publish.status, 201, `${id} publish`);
        const del = await send('retract-desk', event('article.deleted', { id }, t2));
        assert.equal(del.status, 204, `${id} delete`);
        const late = await send('retract-desk', event('article.published', story(id, 'retried', `retraction-${id}`), t1));
        assert.equal(late.status, 200, `${id} late publish`);
        assert.deepEqual(JSON.parse(late.body), STALE(id));
      }),
    );
    for (const id of ids) {
      assert.equal(await apiTitle('retract-desk', id), 404, `${id} is gone from /api`);
      assert.equal((await fetch(`${server.baseUrl}/news/retract-desk/${id}`)).status, 404, `${id} page`);
      for (const path of where(id)) assert.deepEqual((await listed(path)).filter((r) => r === `retract-desk/${id}`), [], `${id} in ${path}`);
    }

    const t3 = ago(1);
    const again = await Promise.all(ids.map((id) => send('retract-desk', event('article.published', story(id, 'republished', `retraction-${id}`), t3))));
    assert.deepEqual(again.map((r) => r.status), ids.map(() => 201));
    for (const id of ids) {
      assert.equal(await apiTitle('retract-desk', id), `${id}: republished`);
      for (const path of where(id)) assert.deepEqual((await listed(path)).filter((r) => r === `retract-desk/${id}`), [`retract-desk/${id}`], `${id} in ${path}`);
    }
  });
});

describe('admin races', () => {
  it('10 concurrent creates of one id: exactly one 201, nine 409, and the winner’s secret works', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => adminRequest(server.baseUrl, token, 'POST', '/admin/publishers', { id: 'contested-desk', name: `Contender ${i}` })),
    );
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    secrets.set('contested-desk', answers.find((r) => r.status === 201).body.secret);
    assert.equal((await send('contested-desk', event('article.published', story('winner-works', 'P', 'contested'), ago(1)))).status, 201);
  });

  it('rotate and delete concurrently, 10 rounds: after the 204 neither the old nor a rotated secret works', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `revoked-${round}`;
      await createPublisher(id);
      const [rotation, deletion] = await Promise.all([
        adminRequest(server.baseUrl, token, 'POST', `/admin/publishers/${id}/secrets`),
        adminRequest(server.baseUrl, token, 'DELETE', `/admin/publishers/${id}`),
      ]);
      assert.equal(deletion.status, 204, `round ${round} delete`);
      const tried = [secrets.get(id)];
      // The rotation ran first (201, a new secret) or found the publisher deleted (404).
      if (rotation.status === 201) tried.push(rotation.body.secret);
      else assert.equal(rotation.status, 404, `round ${round} rotation`);
      for (const secret of tried) {
        const res = await sendEvent({ baseUrl: server.baseUrl, publisher: id, secret, event: event('article.published', story(`after-${round}`, 'P', 'revoked'), ago(1)) });
        assert.equal(res.status, 401, `round ${round}: a secret still works`);
      }
    }
    assert.deepEqual(await listed('/tags/revoked/feed.json'), []);
  });
});

describe('the same webhook-id with a different body', () => {
  before(async () => {
    await createPublisher('conflict-desk');
  });

  it('is a 409 after the first was applied, and changes nothing; the first body again gets the first answer', async () => {
    const original = event('article.published', story('conflicted', 'original', 'conflict'), ago(10));
    const first = await send('conflict-desk', original, 'msg_conflict_1');
    assert.equal(first.status, 201);
    const other = await send('conflict-desk', event('article.published', story('conflicted', 'altered', 'conflict'), ago(5)), 'msg_conflict_1');
    assert.equal(other.status, 409);
    assert.equal(other.headers.get('content-type'), 'application/problem+json');
    assert.equal(await apiTitle('conflict-desk', 'conflicted'), 'conflicted: original');
    const replay = await send('conflict-desk', original, 'msg_conflict_1');
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body, first.body);
  });

  it('sent concurrently: one is applied, the other is a 409, and the stored story is the applied one', async () => {
    const bodies = ['left', 'right'].map((v) => event('article.published', story('raced', v, 'conflict'), ago(2)));
    const answers = await Promise.all(bodies.map((b) => send('conflict-desk', b, 'msg_conflict_2')));
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409]);
    const winner = answers.findIndex((r) => r.status === 201);
    assert.equal(await apiTitle('conflict-desk', 'raced'), `raced: ${['left', 'right'][winner]}`);
  });
});

describe('a retry under the same webhook-id', () => {
  before(async () => {
    await createPublisher('overtaken-desk');
  });

  // A Standard Webhooks sender retries a non-2xx answer under the same webhook-id. The object
  // remembers every answer below 500 for that id, a 404 included, so such a retry is answered
  // 404 again even after the publish has landed, and the update is never applied.
  it('applies a same-webhook-id retry of an update that overtook its publish, once the publish has landed', async () => {
    const update = event('article.updated', story('overtaken', 'A', 'overtaken'), ago(20));
    assert.equal((await send('overtaken-desk', update, 'msg_overtaken')).status, 404);
    assert.equal((await send('overtaken-desk', event('article.published', story('overtaken', 'P', 'overtaken'), ago(25)))).status, 201);
    const retry = await send('overtaken-desk', update, 'msg_overtaken');
    assert.equal(retry.status, 200);
    assert.equal(await apiTitle('overtaken-desk', 'overtaken'), 'overtaken: A');
  });
});
