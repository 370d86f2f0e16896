// Partner webhooks end to end against `wrangler dev` (real queues, a fresh local KV), with
// partner endpoints on 127.0.0.1 that verify every delivery with the reference `standardwebhooks`
// package, as the README tells partners to; then the load case: 100 publishes to 10
// partners, one of which fails its first 3 deliveries.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';
import { LOCAL_PUSH_VARS, sleep, startSubscriber, waitFor } from '../../scripts/lib/push-subscriber.mjs';
import { adminRequest, sendEvent } from '../../scripts/lib/webhook-client.mjs';

// One hop of push: the changes queue, the fan-out, the deliveries queue (locally each waits up to
// its batch timeout before it runs), plus the request to the partner.
const DELIVERY_MS = 20_000;
// What "nothing arrives" means: once a control partner of the same change has its delivery, a
// delivery that must not come is given this much longer to show up.
const QUIET_MS = 3_000;
// The load case: 1 000 deliveries and the failing partner's retries (backed off from 1 s).
const LOAD_MS = 90_000;

let server;
let stateDir;
let token;
let partners;
const publisherSecrets = new Map();
let clock = 0;

const admin = (method, path, json) => adminRequest(server.baseUrl, token, method, path, json);

function story(id, title, tags) {
  clock += 1;
  return {
    id,
    title,
    summary: `${title} — summary / кратко`,
    content_html: `<p>${title}</p>`,
    tags,
    language: 'ru',
    date_published: new Date(Date.UTC(2026, 10, 21, 8, 0, clock)).toISOString(),
  };
}

async function send(publisher, type, data, expected) {
  const res = await sendEvent({ baseUrl: server.baseUrl, publisher, secret: publisherSecrets.get(publisher), event: { type, timestamp: new Date(Date.now() - 1000).toISOString(), data } });
  assert.equal(res.status, expected, `${type} ${publisher}/${data.id}: ${res.body}`);
}

async function createPublisher(id) {
  const res = await admin('POST', '/admin/publishers', { id, name: `Desk ${id}` });
  assert.equal(res.status, 201);
  publisherSecrets.set(id, res.body.secret);
}

async function subscribe(path, extra = {}) {
  const res = await admin('POST', '/admin/subscriptions', { url: partners.url(path), description: `partner at ${path}`, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.secret, /^whsec_[A-Za-z0-9+/=]{20,}$/);
  assert.match(res.body.id, /\S/);
  return res.body;
}

/** Verifies a delivery as a partner would; returns the payload. Throws when no signature matches. */
const verified = (secret, r) => new Webhook(secret).verify(r.body, r.headers);
const signatures = (r) => (r.headers['webhook-signature'] ?? '').split(' ').filter(Boolean);
const posts = (path) => partners.at(path, 'POST');
const eventsOf = (secret, path) => posts(path).map((r) => ({ id: r.headers['webhook-id'], ...verified(secret, r) }));
const pairs = (events) => events.map((e) => `${e.type} ${e.data.id}`);

before(async () => {
  token = (await ensureDevVars()).ADMIN_TOKEN;
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-partners-'));
  let failuresLeft = 3;
  partners = await startSubscriber((r) => {
    // The flaky partner of the load case: its first 3 deliveries get a 500.
    if (r.path === '/load/3' && failuresLeft > 0) {
      failuresLeft -= 1;
      return { status: 500, body: 'temporarily broken' };
    }
    return undefined;
  });
  server = await startDevServer({ persistTo: stateDir, vars: LOCAL_PUSH_VARS });
  for (const id of ['pt-desk', 'pt-other']) await createPublisher(id);
});

after(async () => {
  await server?.stop();
  await partners?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('partner subscriptions against wrangler dev, verified with standardwebhooks', () => {
  let a; // filter: pt-desk
  let control; // no filter
  let other; // filter: pt-other only
  let tagged; // filter: the tag "экономика"

  before(async () => {
    a = await subscribe('/p/a', { filter: { publishers: ['pt-desk'] } });
    control = await subscribe('/p/control');
    other = await subscribe('/p/other', { filter: { publishers: ['pt-other'] } });
    tagged = await subscribe('/p/tagged', { filter: { tags: ['экономика'] } });
  });

  it('publish, update, delete: each arrives once, signed, as the matching type with the stored article', async () => {
    await send('pt-desk', 'article.published', story('pt-story', 'Курс тенге: first', ['экономика', 'kz']), 201);
    const [published] = await waitFor(() => posts('/p/a').length >= 1 && posts('/p/a'), { timeoutMs: DELIVERY_MS, what: 'article.published at /p/a' });
    const first = verified(a.secret, published);
    assert.equal(first.type, 'article.published');
    assert.deepEqual(first.data, await (await fetch(`${server.baseUrl}/api/articles/pt-desk/pt-story`)).json());
    assert.equal(first.data.title, 'Курс тенге: first');
    assert.match(published.headers['content-type'] ?? '', /^application\/json\b/);
    assert.equal(signatures(published).length, 1);
    assert.throws(() => verified(control.secret, published), /signature/i, 'another subscription’s secret must not verify it');

    await send('pt-desk', 'article.updated', story('pt-story', 'Курс тенге: corrected', ['экономика', 'kz']), 200);
    await waitFor(() => posts('/p/a').length >= 2, { timeoutMs: DELIVERY_MS, what: 'article.updated at /p/a' });
    await send('pt-desk', 'article.deleted', { id: 'pt-story' }, 204);
    await waitFor(() => posts('/p/a').length >= 3 && posts('/p/control').length >= 3 && posts('/p/tagged').length >= 3, { timeoutMs: DELIVERY_MS, what: 'article.deleted at /p/a, /p/control and /p/tagged' });
    await sleep(QUIET_MS);

    const events = eventsOf(a.secret, '/p/a');
    assert.deepEqual(pairs(events), ['article.published pt-story', 'article.updated pt-story', 'article.deleted pt-story']);
    assert.equal(new Set(events.map((e) => e.id)).size, 3, 'one webhook-id per event');
    assert.equal(events[1].data.title, 'Курс тенге: corrected');
    assert.equal(events[1].data.publisher, 'pt-desk');
    assert.deepEqual(pairs(eventsOf(control.secret, '/p/control')), pairs(events));
    assert.deepEqual(pairs(eventsOf(tagged.secret, '/p/tagged')), pairs(events));
    assert.deepEqual(posts('/p/other'), [], 'a filter on another publisher matches none of these');
  });

  it('the deliveries log lists the attempts, newest first', async () => {
    const res = await admin('GET', `/admin/subscriptions/${a.id}/deliveries`);
    assert.equal(res.status, 200);
    const ids = posts('/p/a').map((r) => r.headers['webhook-id']);
    assert.deepEqual(
      res.body.deliveries.map((d) => [d.event, d.webhook_id, d.status, d.attempt, d.error]),
      [
        ['article.deleted', ids[2], 204, 1, undefined],
        ['article.updated', ids[1], 204, 1, undefined],
        ['article.published', ids[0], 204, 1, undefined],
      ],
    );
    for (const d of res.body.deliveries) assert.ok(Math.abs(Date.parse(d.at) - Date.now()) < 5 * 60_000, d.at);
  });

  it('the subscriptions list shows each with its health, and no secret', async () => {
    const res = await admin('GET', '/admin/subscriptions');
    assert.equal(res.status, 200);
    const list = res.body.subscriptions;
    assert.deepEqual(list.map((s) => s.id).sort(), [a.id, control.id, other.id, tagged.id].sort());
    const mine = list.find((s) => s.id === a.id);
    assert.equal(mine.url, partners.url('/p/a'));
    assert.equal(mine.description, 'partner at /p/a');
    assert.deepEqual(mine.filter, { publishers: ['pt-desk'] });
    assert.equal(mine.health.state, 'healthy');
    assert.equal(mine.health.consecutive_failures, 0);
    assert.notEqual(mine.health.last_success_at, null);
    assert.equal(list.find((s) => s.id === other.id).health.last_success_at, null);
    assert.equal(JSON.stringify(list).includes('whsec_'), false, 'a secret is shown once, at creation');
  });

  it('a rotated secret: deliveries verify with the new one, and with the old one during the overlap', async () => {
    const rotated = await admin('POST', `/admin/subscriptions/${a.id}/secrets`);
    assert.equal(rotated.status, 201, JSON.stringify(rotated.body));
    const fresh = rotated.body.secret;
    assert.match(fresh, /^whsec_/);
    assert.ok(Date.parse(rotated.body.previous_valid_until) > Date.now(), rotated.body.previous_valid_until);
    assert.notEqual(fresh, a.secret);

    await send('pt-desk', 'article.published', story('pt-rotated', 'После ротации', ['kz']), 201);
    const delivery = await waitFor(() => posts('/p/a').find((r) => r.body.includes('pt-rotated')), { timeoutMs: DELIVERY_MS, what: 'the delivery after rotation' });
    assert.equal(signatures(delivery).length, 2);
    assert.equal(verified(fresh, delivery).data.id, 'pt-rotated');
    assert.equal(verified(a.secret, delivery).data.id, 'pt-rotated');
    assert.throws(() => verified(control.secret, delivery), /signature/i);
  });

  it('a deleted subscription hears nothing more', async () => {
    for (const s of [a, other, tagged]) assert.equal((await admin('DELETE', `/admin/subscriptions/${s.id}`)).status, 204);
    const before = posts('/p/a').length;
    await send('pt-desk', 'article.published', story('pt-after-delete', 'After the delete', ['экономика']), 201);
    await waitFor(() => posts('/p/control').find((r) => r.body.includes('pt-after-delete')), { timeoutMs: DELIVERY_MS, what: 'the control partner’s delivery' });
    await sleep(QUIET_MS);
    assert.equal(posts('/p/a').length, before);
    assert.deepEqual(posts('/p/tagged').filter((r) => r.body.includes('pt-after-delete')), []);
    assert.equal((await admin('DELETE', `/admin/subscriptions/${a.id}`)).status, 404);
    assert.equal((await admin('DELETE', `/admin/subscriptions/${control.id}`)).status, 204);
  });
});

describe('load: 100 publishes, 10 partners, one failing its first 3 deliveries', () => {
  const PUBLISHERS = ['ld-a', 'ld-b'];
  const subs = [];
  const expected = Array.from({ length: 100 }, (_, i) => `article.published ld-${i}`).sort();

  before(async () => {
    for (const p of PUBLISHERS) await createPublisher(p);
    for (let k = 0; k < 10; k++) subs.push(await subscribe(`/load/${k}`, { filter: { publishers: PUBLISHERS } }));
  });

  it('every partner ends with every event exactly once after deduplicating by webhook-id', async (t) => {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < 100) {
          const i = next++;
          await send(PUBLISHERS[i % 2], 'article.published', story(`ld-${i}`, `Load story ${i}: Жүктеме`, [`load-${i % 7}`]), 201);
        }
      }),
    );
    const accepted = (k) => new Set(posts(`/load/${k}`).filter((r) => r.status < 300).map((r) => r.headers['webhook-id']));
    await waitFor(() => subs.every((_, k) => accepted(k).size >= 100), {
      timeoutMs: LOAD_MS,
      what: `100 events at each partner (have ${subs.map((_, k) => accepted(k).size).join(', ')})`,
    });
    t.diagnostic(`all 10 partners had their 100 events ${((performance.now() - started) / 1000).toFixed(1)} s after the first publish`);
    await sleep(QUIET_MS);

    for (let k = 0; k < 10; k++) {
      const received = posts(`/load/${k}`);
      const byId = new Map();
      for (const r of received) {
        const payload = verified(subs[k].secret, r);
        const pair = `${payload.type} ${payload.data.id}`;
        const id = r.headers['webhook-id'];
        assert.equal(byId.get(id) ?? pair, pair, `partner ${k}: webhook-id ${id} carried two events`);
        if (r.status < 300) byId.set(id, pair);
      }
      assert.equal(byId.size, 100, `partner ${k}: distinct webhook-ids accepted`);
      assert.deepEqual([...byId.values()].sort(), expected, `partner ${k}: the events`);
      if (received.length > 100) t.diagnostic(`partner ${k}: ${received.length} requests for 100 events`);
    }

    const flaky = posts('/load/3');
    assert.deepEqual(flaky.slice(0, 3).map((r) => r.status), [500, 500, 500]);
    assert.equal(flaky.filter((r) => r.status === 500).length, 3);
    for (const failed of flaky.slice(0, 3)) {
      const retries = flaky.filter((r) => r !== failed && r.headers['webhook-id'] === failed.headers['webhook-id']);
      assert.ok(retries.some((r) => r.status === 204), `webhook-id ${failed.headers['webhook-id']} retried and accepted`);
      // The timestamp is the attempt's own: a retry is signed anew.
      assert.ok(Number(retries[0].headers['webhook-timestamp']) >= Number(failed.headers['webhook-timestamp']));
    }
    const list = (await admin('GET', '/admin/subscriptions')).body.subscriptions;
    const health = list.find((s) => s.id === subs[3].id).health;
    assert.deepEqual([health.state, health.consecutive_failures, health.dropped_events], ['healthy', 0, 0]);
    assert.notEqual(health.last_failure_at, null);
  });
});
