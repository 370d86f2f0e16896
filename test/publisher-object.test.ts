import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admin, call, createPublisher, deliver } from './helpers/client';
import { appWithCountingKv } from './helpers/app-with-counting-kv';
import { countingKv } from './helpers/counting-kv';
import { englishArticle } from './helpers/fixtures';
import { insidePublisher, publisherStub, publisherWritesThrough } from './helpers/publisher-objects';

// Writes that stay correct whatever order events arrive in: one Durable Object per publisher.

const HOUR = 60 * 60 * 1000;
type EventType = 'article.published' | 'article.updated' | 'article.deleted';

/** An event whose envelope timestamp is `hoursAgo` hours before now. */
function at(type: EventType, data: unknown, hoursAgo: number) {
  return { type, timestamp: new Date(Date.now() - hoursAgo * HOUR).toISOString(), data };
}

async function title(publisher: string, id: string): Promise<string | null> {
  const res = await call(`/api/articles/${publisher}/${id}`);
  return res.status === 200 ? (await res.json<{ title: string }>()).title : null;
}

/** The live index entries of an article (removal markers, metadata `d: 1`, are not entries). */
async function keysOf(publisher: string, id: string): Promise<string[]> {
  const page = await env.KV.list<{ d?: number }>({ prefix: 'i:' });
  return page.keys.filter((k) => k.metadata?.d !== 1).map((k) => k.name).filter((k) => k.endsWith(`:${publisher}:${id}`)).sort();
}

/** A KV binding whose puts of index keys fail, as a transient KV error or a rate limit would. */
function failingIndexPuts(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === 'put') {
        return (key: string, value: string, options?: KVNamespacePutOptions) =>
          key.startsWith('i:') ? Promise.reject(new Error(`KV put refused for ${key}`)) : target.put(key, value, options);
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('events apply in the order they happened, not the order they arrive', () => {
  it('acknowledges an older update that arrives after a newer one, and keeps the newer', async () => {
    const secret = await createPublisher('order-desk');
    const base = englishArticle('casualties');
    expect((await deliver({ publisher: 'order-desk', secret, body: at('article.published', { ...base, title: 'Casualties: 3' }, 3) })).status).toBe(201);
    const b = await deliver({ publisher: 'order-desk', secret, body: at('article.updated', { ...base, title: 'Casualties: 7 (final)' }, 1) });
    expect(b.status).toBe(200);
    const a = await deliver({ publisher: 'order-desk', secret, body: at('article.updated', { ...base, title: 'Casualties: 5' }, 2) });
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/json');
    expect(await a.json()).toEqual({ id: 'casualties', applied: false, reason: 'stale' });
    expect(await title('order-desk', 'casualties')).toBe('Casualties: 7 (final)');
  });

  it('does not let date_modified break a tie: the envelope timestamp alone orders', async () => {
    const secret = await createPublisher('tie-desk');
    const base = englishArticle('tie');
    await deliver({ publisher: 'tie-desk', secret, body: at('article.published', { ...base, title: 'Second', date_modified: '2026-11-22T09:00:00Z' }, 1) });
    const older = await deliver({ publisher: 'tie-desk', secret, body: at('article.updated', { ...base, title: 'First', date_modified: '2026-11-22T12:00:00Z' }, 2) });
    expect(await older.json()).toEqual({ id: 'tie', applied: false, reason: 'stale' });
    expect(await title('tie-desk', 'tie')).toBe('Second');
  });

  it('never brings back a deleted story with an older publish; a newer publish re-publishes it (201)', async () => {
    const secret = await createPublisher('retract-desk');
    const story = englishArticle('retracted');
    expect((await deliver({ publisher: 'retract-desk', secret, body: at('article.published', story, 3) })).status).toBe(201);
    expect((await deliver({ publisher: 'retract-desk', secret, body: at('article.deleted', { id: 'retracted' }, 1) })).status).toBe(204);
    const late = await deliver({ publisher: 'retract-desk', secret, body: at('article.published', { ...story, title: 'Retried publish' }, 2) });
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ id: 'retracted', applied: false, reason: 'stale' });
    expect(await title('retract-desk', 'retracted')).toBeNull();
    expect(await keysOf('retract-desk', 'retracted')).toEqual([]);

    const again = await deliver({ publisher: 'retract-desk', secret, body: at('article.published', { ...story, title: 'Corrected and republished' }, 0) });
    expect(again.status).toBe(201);
    expect(await title('retract-desk', 'retracted')).toBe('Corrected and republished');
  });

  it('remembers a delete that arrives before its (older) publish', async () => {
    const secret = await createPublisher('early-delete-desk');
    const del = await deliver({ publisher: 'early-delete-desk', secret, body: at('article.deleted', { id: 'never' }, 1) });
    expect(del.status).toBe(404);
    const publish = await deliver({ publisher: 'early-delete-desk', secret, body: at('article.published', englishArticle('never'), 2) });
    expect(await publish.json()).toEqual({ id: 'never', applied: false, reason: 'stale' });
    expect(await title('early-delete-desk', 'never')).toBeNull();
  });

  it('lets the delete win an event of the same instant', async () => {
    const secret = await createPublisher('same-instant-desk');
    const timestamp = new Date(Date.now() - HOUR).toISOString();
    await deliver({ publisher: 'same-instant-desk', secret, body: at('article.published', englishArticle('instant'), 2) });
    expect((await deliver({ publisher: 'same-instant-desk', secret, body: { type: 'article.deleted', timestamp, data: { id: 'instant' } } })).status).toBe(204);
    const publish = await deliver({ publisher: 'same-instant-desk', secret, body: { type: 'article.published', timestamp, data: englishArticle('instant') } });
    expect(await publish.json()).toEqual({ id: 'instant', applied: false, reason: 'stale' });
  });
});

describe('partial writes are repaired', () => {
  it('says truthfully that a change is partly applied, then finishes it from the alarm with no new request', async () => {
    const secret = await createPublisher('repair-desk');
    await publisherWritesThrough('repair-desk', failingIndexPuts(env.KV));
    const story = { ...englishArticle('half-written'), tags: ['Rail', 'Grain'] };
    const res = await deliver({ publisher: 'repair-desk', secret, body: at('article.published', story, 0) });
    expect(res.status).toBe(500);
    const problem = await res.json<{ detail: string }>();
    expect(problem.detail).toBe(
      'The change was recorded, but not all of it has reached storage yet. It will be completed without a new request; retrying this delivery is safe.',
    );
    expect(await keysOf('repair-desk', 'half-written')).toEqual([]);
    expect(await publisherStub('repair-desk').ledgerCounts()).toMatchObject({ articles: 1, unsynced: 1 });

    // KV works again; the alarm the object set (for 5 s later) finishes the write.
    await publisherWritesThrough('repair-desk', env.KV);
    await insidePublisher('repair-desk', (object) => {
      object.now = () => Date.now() + 6000;
    });
    expect(await runDurableObjectAlarm(publisherStub('repair-desk'))).toBe(true);
    expect(await publisherStub('repair-desk').ledgerCounts()).toMatchObject({ articles: 1, unsynced: 0 });
    // all, publisher, language (en) and the two tags.
    expect((await keysOf('repair-desk', 'half-written')).length).toBe(5);
    expect(await title('repair-desk', 'half-written')).toBe(story.title);
    const listing = await (await call('/publishers/repair-desk/feed.json')).json<{ items: Array<{ title: string }> }>();
    expect(listing.items.map((i) => i.title)).toEqual([story.title]);
  });

  it('finishes the write when the sender retries the same delivery', async () => {
    const secret = await createPublisher('retry-desk');
    await publisherWritesThrough('retry-desk', failingIndexPuts(env.KV));
    const raw = JSON.stringify(at('article.published', englishArticle('retried'), 0));
    expect((await deliver({ publisher: 'retry-desk', secret, body: raw, webhookId: 'msg_retry_1' })).status).toBe(500);
    await publisherWritesThrough('retry-desk', env.KV);
    const retry = await deliver({ publisher: 'retry-desk', secret, body: raw, webhookId: 'msg_retry_1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await publisherStub('retry-desk').ledgerCounts()).toMatchObject({ unsynced: 0 });
    expect(await keysOf('retry-desk', 'retried')).toHaveLength(4); // all, publisher, language (en)
  });

  it('retires the index keys a change no longer needs, including those of a record written before the objects', async () => {
    const secret = await createPublisher('legacy-keys-desk');
    // A record and its keys as the pre-object write path left them in KV.
    const old = { ...englishArticle('legacy-story'), tags: ['Old tag'], publisher: 'legacy-keys-desk', publisher_name: 'Desk', received_at: '2026-11-22T08:00:00.000Z' };
    await env.KV.put('a:legacy-keys-desk:legacy-story', JSON.stringify(old));
    const oldKeys = ['i:all:', 'i:pub:legacy-keys-desk:', `i:tag:${encodeURIComponent('old tag')}:`].map((p) => `${p}${String(8_000_000_000_000_000 - Date.parse(old.date_published)).padStart(16, '0')}:legacy-keys-desk:legacy-story`);
    for (const key of oldKeys) await env.KV.put(key, '', { metadata: { v: 'x', t: old.title, m: 0 } });

    const res = await deliver({ publisher: 'legacy-keys-desk', secret, body: at('article.updated', { ...englishArticle('legacy-story'), tags: ['New tag'], date_published: '2026-11-23T08:00:00Z' }, 0) });
    expect(res.status).toBe(200);
    const keys = await keysOf('legacy-keys-desk', 'legacy-story');
    // all, publisher, language (en; the old write path had no language key) and the new tag.
    expect(keys).toHaveLength(4);
    for (const key of oldKeys) expect(keys).not.toContain(key);
    expect(keys.some((k) => k.startsWith(`i:tag:${encodeURIComponent('new tag')}:`))).toBe(true);
  });
});

describe('admin changes are serialized by the object', () => {
  it('gives exactly one 201 to concurrent creates of one id, and the secret it returns works', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => admin('/admin/publishers', { method: 'POST', json: { id: 'contested-id', name: `Desk ${i}` } })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201);
    const { secret } = await winner!.json<{ secret: string }>();
    expect((await deliver({ publisher: 'contested-id', secret, body: at('article.published', englishArticle('works'), 0) })).status).toBe(201);
  });

  it('after DELETE answers 204, no secret works, whatever rotation ran concurrently', async () => {
    for (let round = 0; round < 10; round++) {
      const id = `revoked-${round}`;
      const oldSecret = await createPublisher(id);
      const [rotation, deletion] = await Promise.all([
        admin(`/admin/publishers/${id}/secrets`, { method: 'POST' }),
        admin(`/admin/publishers/${id}`, { method: 'DELETE' }),
      ]);
      expect(deletion.status).toBe(204);
      const secrets = [oldSecret];
      if (rotation.status === 201) secrets.push((await rotation.json<{ secret: string }>()).secret);
      else expect(rotation.status).toBe(404);
      for (const secret of secrets) {
        expect((await deliver({ publisher: id, secret, body: at('article.published', englishArticle(`after-${round}`), 0) })).status).toBe(401);
      }
    }
  });
});

describe('embargoes', () => {
  it('schedules a story dated ahead: 202, invisible everywhere, then published by the alarm with no request', async () => {
    const secret = await createPublisher('embargo-desk');
    const publishAt = new Date(Date.now() + 2 * HOUR);
    const story = { ...englishArticle('embargoed'), date_published: publishAt.toISOString() };
    const res = await deliver({ publisher: 'embargo-desk', secret, body: at('article.published', story, 0) });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: 'embargoed', scheduled_for: publishAt.toISOString() });
    expect((await call('/api/articles/embargo-desk/embargoed')).status).toBe(404);
    expect(await keysOf('embargo-desk', 'embargoed')).toEqual([]);
    const feed = await (await call('/publishers/embargo-desk/feed.json')).json<{ items: unknown[] }>();
    expect(feed.items).toEqual([]);

    await insidePublisher('embargo-desk', (object) => {
      object.now = () => publishAt.getTime() + 1000;
    });
    expect(await runDurableObjectAlarm(publisherStub('embargo-desk'))).toBe(true);
    expect(await title('embargo-desk', 'embargoed')).toBe(story.title);
    expect(await keysOf('embargo-desk', 'embargoed')).toHaveLength(4); // all, publisher, language (en)
    const stored = await (await call('/api/articles/embargo-desk/embargoed')).json<{ received_at: string }>();
    expect(stored.received_at).toBe(new Date(publishAt.getTime() + 1000).toISOString());
  });

  it('reschedules on an update before the time, and cancels on a delete', async () => {
    const secret = await createPublisher('reschedule-desk');
    const first = new Date(Date.now() + 2 * HOUR);
    const later = new Date(Date.now() + 5 * HOUR);
    await deliver({ publisher: 'reschedule-desk', secret, body: at('article.published', { ...englishArticle('moving'), date_published: first.toISOString() }, 0.02) });
    const moved = await deliver({ publisher: 'reschedule-desk', secret, body: at('article.updated', { ...englishArticle('moving'), date_published: later.toISOString() }, 0.01) });
    expect(moved.status).toBe(202);
    expect(await moved.json()).toEqual({ id: 'moving', scheduled_for: later.toISOString() });

    await insidePublisher('reschedule-desk', (object) => {
      object.now = () => first.getTime() + 1000;
    });
    await runDurableObjectAlarm(publisherStub('reschedule-desk'));
    expect((await call('/api/articles/reschedule-desk/moving')).status).toBe(404);

    expect((await deliver({ publisher: 'reschedule-desk', secret, body: at('article.deleted', { id: 'moving' }, 0) })).status).toBe(204);
    await insidePublisher('reschedule-desk', (object) => {
      object.now = () => later.getTime() + 1000;
    });
    await runDurableObjectAlarm(publisherStub('reschedule-desk'));
    expect((await call('/api/articles/reschedule-desk/moving')).status).toBe(404);
    expect(await publisherStub('reschedule-desk').ledgerCounts()).toMatchObject({ scheduled: 0, tombstones: 1 });
  });
});

describe('the ledger stays bounded', () => {
  it('forgets delivery records after 4 days and tombstones after 35, from the alarm', async () => {
    const secret = await createPublisher('bounded-desk');
    await deliver({ publisher: 'bounded-desk', secret, body: at('article.published', englishArticle('short-lived'), 1) });
    await deliver({ publisher: 'bounded-desk', secret, body: at('article.deleted', { id: 'short-lived' }, 0) });
    expect(await publisherStub('bounded-desk').ledgerCounts()).toEqual({ articles: 0, tombstones: 1, deliveries: 2, unsynced: 0, scheduled: 0 });

    await insidePublisher('bounded-desk', (object) => {
      object.now = () => Date.now() + 5 * 24 * HOUR;
    });
    await runDurableObjectAlarm(publisherStub('bounded-desk'));
    expect(await publisherStub('bounded-desk').ledgerCounts()).toEqual({ articles: 0, tombstones: 1, deliveries: 0, unsynced: 0, scheduled: 0 });

    await insidePublisher('bounded-desk', (object) => {
      object.now = () => Date.now() + 36 * 24 * HOUR;
    });
    await runDurableObjectAlarm(publisherStub('bounded-desk'));
    expect(await publisherStub('bounded-desk').ledgerCounts()).toEqual({ articles: 0, tombstones: 0, deliveries: 0, unsynced: 0, scheduled: 0 });
  });
});

describe('KV operations per submission', () => {
  it('costs the record and its index keys (plus one read of a record the ledger has not seen), and nothing in the route', async () => {
    const secret = await createPublisher('ops-desk');
    const counter = countingKv(env.KV);
    await publisherWritesThrough('ops-desk', counter.kv);
    const story = { ...englishArticle('counted'), tags: ['Rail', 'Grain'] };
    expect((await deliver({ publisher: 'ops-desk', secret, body: at('article.published', story, 1) })).status).toBe(201);
    // The record and 5 index keys: all, publisher, language (en) and one per tag.
    expect(counter.counts).toEqual({ get: 1, list: 0, put: 6, delete: 0 });

    // An update the ledger knows: no read; the record, its 4 remaining keys, and a removal
    // marker over the dropped tag's key.
    counter.reset();
    const updated = { ...story, title: 'Grain exports rise again', tags: ['Rail'] };
    expect((await deliver({ publisher: 'ops-desk', secret, body: at('article.updated', updated, 0) })).status).toBe(200);
    expect(counter.counts).toEqual({ get: 0, list: 0, put: 6, delete: 0 });

    // A stale event and an unchanged re-send cost nothing in KV.
    counter.reset();
    await deliver({ publisher: 'ops-desk', secret, body: at('article.updated', story, 0.5) });
    expect(counter.counts).toEqual({ get: 0, list: 0, put: 0, delete: 0 });
  });
});

describe('stale index entries left by any path', () => {
  it('are skipped by the reader and removed by the publisher\'s object after the response', async () => {
    const secret = await createPublisher('stale-desk');
    expect((await deliver({ publisher: 'stale-desk', secret, body: at('article.published', englishArticle('moved'), 0) })).status).toBe(201);
    // An entry at a rank the record no longer has, as an old race between two writers left it.
    const stale = `i:pub:stale-desk:${String(8_000_000_000_000_000 - Date.parse('2026-10-01T00:00:00Z')).padStart(16, '0')}:stale-desk:moved`;
    await env.KV.put(stale, '', { metadata: { v: 'old-version', t: 'An older headline', m: 1_700_000_000 } });

    const app = appWithCountingKv();
    const { res } = await app.fetch('/publishers/stale-desk/feed.json');
    const feed = await res.json<{ items: Array<{ title: string }> }>();
    expect(feed.items.map((i) => i.title)).toEqual([englishArticle().title]);
    expect(await env.KV.get(stale)).toBeNull();
    expect(await keysOf('stale-desk', 'moved')).toHaveLength(4); // all, publisher, language (en)
  });
});

describe('an id nobody registered', () => {
  it('gets a 401 and leaves its object without a table: probes cost no storage', async () => {
    const res = await deliver({ publisher: 'nobody-registered', secret: 'whsec_hTpy1Ha8KNK3CNP6zaT4Oc9H//0wzR4tiwP+tXkKjGE=', body: at('article.published', englishArticle('probe'), 0) });
    expect(res.status).toBe(401);
    const tables = await insidePublisher('nobody-registered', (_object, state) => state.storage.sql.exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'`).toArray());
    expect(tables).toEqual([]);
  });
});

describe('an answer that can change is not remembered', () => {
  it('applies an update retried under its webhook-id once the publish it raced has landed', async () => {
    const secret = await createPublisher('early-update-desk');
    const update = JSON.stringify(at('article.updated', { ...englishArticle('raced'), title: 'Updated' }, 1));
    // The update overtakes its publish: there is nothing to update yet.
    expect((await deliver({ publisher: 'early-update-desk', secret, body: update, webhookId: 'msg_early_update' })).status).toBe(404);
    expect((await deliver({ publisher: 'early-update-desk', secret, body: at('article.published', englishArticle('raced'), 2) })).status).toBe(201);
    // The sender retries the same delivery, as Standard Webhooks senders do after a 404.
    const retry = await deliver({ publisher: 'early-update-desk', secret, body: update, webhookId: 'msg_early_update' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await title('early-update-desk', 'raced')).toBe('Updated');
  });
});
