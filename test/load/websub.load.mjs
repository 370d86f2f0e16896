// The WebSub hub end to end against `wrangler dev` (real queues, a fresh local KV), with the
// test's own subscriber on 127.0.0.1 (W3C WebSub): discovery (§4), subscribe and verification of
// intent (§5.1, §5.3), signed content distribution (§7, §8), unsubscribe, denial of a topic
// newswire does not serve (§5.2), and a callback that does not confirm.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../../scripts/lib/dev-server.mjs';
import { ensureDevVars } from '../../scripts/lib/dev-vars.mjs';
import { LOCAL_PUSH_VARS, hubSignature, linkTargets, sleep, startSubscriber, waitFor } from '../../scripts/lib/push-subscriber.mjs';
import { adminRequest, sendEvent } from '../../scripts/lib/webhook-client.mjs';

// One hop of push: the changes queue, the fan-out, the deliveries queue (locally each waits up to
// its batch timeout before it runs), plus the request to the callback.
const DELIVERY_MS = 20_000;
// A verified (un)subscription is stored by the delivery consumer just after the callback has
// answered; a publish sent sooner could race it.
const SETTLE_MS = 1_000;
// What "nothing arrives" means: once a control subscriber of the same change has its delivery,
// a delivery that must not come is given this much longer to show up.
const QUIET_MS = 3_000;

const PUBLISHER = 'ws-desk';
const SECRET = 'websub-secret: жасырын кілт';

let server;
let stateDir;
let subscriber;
let base;
let hub;
let publisherSecret;
let clock = 0;

/** Each story newer than the last, so it heads every feed it is in. */
function story(id, title) {
  clock += 1;
  return {
    id,
    title,
    summary: `${title} — қысқаша / кратко`,
    content_html: `<p>${title}</p>`,
    tags: ['websub-e2e'],
    language: 'kk',
    date_published: new Date(Date.UTC(2026, 10, 20, 9, clock)).toISOString(),
  };
}

async function publish(id, title) {
  const res = await sendEvent({ baseUrl: base, publisher: PUBLISHER, secret: publisherSecret, event: { type: 'article.published', timestamp: new Date(Date.now() - 1000).toISOString(), data: story(id, title) } });
  assert.equal(res.status, 201, `publish ${id}: ${res.body}`);
}

async function hubRequest(params) {
  const res = await fetch(hub, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
  return { status: res.status, body: await res.text() };
}

/** `<link>` / `<atom:link>` elements of a feed document: [{rel, href}]. */
function xmlLinks(xml) {
  return [...xml.matchAll(/<(?:atom:)?link\b([^>]*)>/g)].map((m) => ({
    rel: /\brel="([^"]*)"/.exec(m[1])?.[1],
    href: /\bhref="([^"]*)"/.exec(m[1])?.[1]?.replaceAll('&amp;', '&'),
  }));
}

const hrefsOf = (links, rel) => links.filter((l) => l.rel === rel).map((l) => l.href);
const posts = (path) => subscriber.at(path, 'POST');
const postsSince = (path, t) => posts(path).filter((r) => r.at > t);
const mediaType = (value) => (value ?? '').split(';')[0].trim();

/** The verification GET (or denial) a callback received since `t`. */
function verificationAt(path, t, mode) {
  return waitFor(() => subscriber.at(path, 'GET').find((r) => r.at > t && r.query.get('hub.mode') === mode), { timeoutMs: DELIVERY_MS, what: `${mode} GET at ${path}` });
}

before(async () => {
  const token = (await ensureDevVars()).ADMIN_TOKEN;
  stateDir = await mkdtemp(join(tmpdir(), 'newswire-websub-'));
  subscriber = await startSubscriber((r) => {
    if (r.path === '/ws/liar' && r.method === 'GET') return { status: 200, body: 'not-the-challenge' };
    if (r.path === '/ws/refuser' && r.method === 'GET') return { status: 404, body: 'no such subscription here' };
    return undefined;
  });
  server = await startDevServer({ persistTo: stateDir, vars: LOCAL_PUSH_VARS });
  base = server.baseUrl;
  hub = `${base}/websub`;
  const created = await adminRequest(base, token, 'POST', '/admin/publishers', { id: PUBLISHER, name: 'WebSub desk' });
  assert.equal(created.status, 201);
  publisherSecret = created.body.secret;
  await publish('ws-zero', 'Before anyone subscribed');
});

after(async () => {
  await server?.stop();
  await subscriber?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe('WebSub against wrangler dev, with a subscriber on 127.0.0.1', () => {
  const topic = () => `${base}/publishers/${PUBLISHER}/atom.xml`;
  const control = () => `${base}/feed.json`;

  it('discovery: every format names the hub and itself, in the Link header and in the document', async () => {
    for (const path of [`/publishers/${PUBLISHER}/atom.xml`, `/publishers/${PUBLISHER}/feed.xml`, '/feed.json', '/tags/websub-e2e/atom.xml', '/lang/kk/feed.xml']) {
      const res = await fetch(base + path);
      assert.equal(res.status, 200, path);
      const links = linkTargets(res.headers.get('link'));
      assert.deepEqual(links.hub, [hub], `${path} Link rel=hub`);
      assert.deepEqual(links.self, [base + path], `${path} Link rel=self`);
      const body = await res.text();
      if (path.endsWith('.json')) {
        assert.deepEqual(JSON.parse(body).hubs, [{ type: 'WebSub', url: hub }], `${path} hubs`);
      } else {
        const inDoc = xmlLinks(body);
        assert.deepEqual(hrefsOf(inDoc, 'hub'), [hub], `${path} <atom:link rel="hub">`);
        assert.deepEqual(hrefsOf(inDoc, 'self'), [base + path], `${path} <atom:link rel="self">`);
      }
    }
  });

  it('subscribe: 202, then a verification GET that keeps the callback’s query; the echoed challenge activates it', async () => {
    const t = performance.now();
    const atom = await hubRequest({ 'hub.mode': 'subscribe', 'hub.topic': topic(), 'hub.callback': subscriber.url('/ws/atom?list=desk'), 'hub.secret': SECRET, 'hub.lease_seconds': '86400' });
    assert.equal(atom.status, 202, atom.body.slice(0, 300));
    const json = await hubRequest({ 'hub.mode': 'subscribe', 'hub.topic': control(), 'hub.callback': subscriber.url('/ws/site-json') });
    assert.equal(json.status, 202, json.body.slice(0, 300));

    const check = await verificationAt('/ws/atom', t, 'subscribe');
    assert.equal(check.query.get('list'), 'desk');
    assert.equal(check.query.get('hub.topic'), topic());
    assert.match(check.query.get('hub.challenge') ?? '', /^.{8,}$/);
    assert.match(check.query.get('hub.lease_seconds') ?? '', /^[1-9][0-9]*$/);
    assert.equal(check.status, 200);
    const controlCheck = await verificationAt('/ws/site-json', t, 'subscribe');
    assert.equal(controlCheck.query.get('hub.topic'), control());
    assert.notEqual(controlCheck.query.get('hub.challenge'), check.query.get('hub.challenge'));
    await sleep(SETTLE_MS);
  });

  it('a publish reaches the subscriber: the topic’s content, its Content-Type and Link headers, signed with hub.secret', async () => {
    await publish('ws-first', 'First pushed story: Алғашқы жаңалық');
    const delivery = await waitFor(() => posts('/ws/atom').find((r) => r.body.includes('/news/ws-desk/ws-first')), { timeoutMs: DELIVERY_MS, what: 'the content POST of ws-first' });
    assert.equal(mediaType(delivery.headers['content-type']), 'application/atom+xml');
    assert.equal(delivery.headers['content-type'], (await fetch(topic())).headers.get('content-type'));
    const links = linkTargets(delivery.headers.link);
    assert.deepEqual(links.hub, [hub]);
    assert.deepEqual(links.self, [topic()]);
    assert.equal(delivery.headers['x-hub-signature'], hubSignature(SECRET, delivery.body));
    assert.notEqual(delivery.headers['x-hub-signature'], hubSignature('another secret', delivery.body));
    assert.match(delivery.body, /<title[^>]*>First pushed story: Алғашқы жаңалық<\/title>/);
    assert.equal(delivery.query.get('list'), 'desk');

    const site = await waitFor(() => posts('/ws/site-json').find((r) => r.body.includes('/news/ws-desk/ws-first')), { timeoutMs: DELIVERY_MS, what: 'the content POST of ws-first to the JSON Feed subscriber' });
    assert.equal(mediaType(site.headers['content-type']), 'application/feed+json');
    assert.equal(site.headers['x-hub-signature'], undefined, 'no hub.secret, no signature');
    const feed = JSON.parse(site.body);
    assert.equal(feed.items[0].title, 'First pushed story: Алғашқы жаңалық');
    assert.deepEqual(linkTargets(site.headers.link).self, [control()]);
  });

  it('unsubscribe: verified the same way, and then a publish delivers nothing', async () => {
    const t = performance.now();
    const res = await hubRequest({ 'hub.mode': 'unsubscribe', 'hub.topic': topic(), 'hub.callback': subscriber.url('/ws/atom?list=desk') });
    assert.equal(res.status, 202, res.body.slice(0, 300));
    const check = await verificationAt('/ws/atom', t, 'unsubscribe');
    assert.equal(check.query.get('hub.topic'), topic());
    assert.match(check.query.get('hub.challenge') ?? '', /^.{8,}$/);
    const confirmed = check.at;
    await sleep(SETTLE_MS);

    await publish('ws-second', 'After the unsubscribe: Жазылымнан кейін');
    await waitFor(() => posts('/ws/site-json').find((r) => r.body.includes('/news/ws-desk/ws-second')), { timeoutMs: DELIVERY_MS, what: 'the control subscriber’s POST of ws-second' });
    await sleep(QUIET_MS);
    assert.deepEqual(postsSince('/ws/atom', confirmed).map((r) => r.body.slice(0, 80)), []);
  });

  it('a topic newswire does not serve: 202, then hub.mode=denied with a reason at the callback, and no content', async () => {
    const t = performance.now();
    const unserved = `${base}/no-such-feed.xml`;
    const res = await hubRequest({ 'hub.mode': 'subscribe', 'hub.topic': unserved, 'hub.callback': subscriber.url('/ws/denied') });
    assert.equal(res.status, 202, res.body.slice(0, 300));
    const denial = await verificationAt('/ws/denied', t, 'denied');
    assert.equal(denial.query.get('hub.topic'), unserved);
    assert.match(denial.query.get('hub.reason') ?? '', /\S/);
    assert.equal(denial.query.get('hub.challenge'), null);
    assert.deepEqual(posts('/ws/denied'), []);
  });

  it('a callback that does not echo the challenge (or refuses) gets no deliveries', async () => {
    const t = performance.now();
    for (const path of ['/ws/liar', '/ws/refuser']) {
      const res = await hubRequest({ 'hub.mode': 'subscribe', 'hub.topic': topic(), 'hub.callback': subscriber.url(path), 'hub.secret': SECRET });
      assert.equal(res.status, 202, res.body.slice(0, 300));
    }
    const liar = await verificationAt('/ws/liar', t, 'subscribe');
    assert.equal(liar.status, 200);
    const refuser = await verificationAt('/ws/refuser', t, 'subscribe');
    assert.equal(refuser.status, 404);
    await sleep(SETTLE_MS);

    await publish('ws-third', 'Nobody confirmed: Ешкім растамады');
    await waitFor(() => posts('/ws/site-json').find((r) => r.body.includes('/news/ws-desk/ws-third')), { timeoutMs: DELIVERY_MS, what: 'the control subscriber’s POST of ws-third' });
    await sleep(QUIET_MS);
    assert.deepEqual(posts('/ws/liar'), []);
    assert.deepEqual(posts('/ws/refuser'), []);
  });

  it('invalid requests are refused at once with a plain reason', async () => {
    const cases = [
      { 'hub.mode': 'subscribe', 'hub.topic': topic() },
      { 'hub.mode': 'resubscribe', 'hub.topic': topic(), 'hub.callback': subscriber.url('/ws/invalid') },
      { 'hub.mode': 'subscribe', 'hub.topic': topic(), 'hub.callback': subscriber.url('/ws/invalid'), 'hub.secret': 'x'.repeat(201) },
    ];
    for (const params of cases) {
      const res = await hubRequest(params);
      assert.ok(res.status >= 400 && res.status < 500, `${JSON.stringify(params).slice(0, 120)}: ${res.status}`);
      assert.match(res.body, /\S/);
    }
    await sleep(SETTLE_MS);
    assert.deepEqual(subscriber.at('/ws/invalid'), []);
  });
});
