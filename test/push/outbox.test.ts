import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/model/change-event';
import { PublisherLedger } from '../../src/store/publisher-ledger';
import { call, createPublisher, deliver } from '../helpers/client';
import { countingKv } from '../helpers/counting-kv';
import { englishArticle } from '../helpers/fixtures';
import { insidePublisher, publisherStub } from '../helpers/publisher-objects';
import { recordingQueue } from '../helpers/recording-queue';

// The publisher's object announces every change KV comes to hold: one CHANGES message each.

const HOUR = 60 * 60 * 1000;
/** The objects' clock in these tests: received_at and the events' `at`. */
const NOW = Date.parse('2026-11-26T00:00:00.000Z');
type EventType = 'article.published' | 'article.updated' | 'article.deleted';

function at(type: EventType, data: unknown, hoursAgo: number) {
  return { type, timestamp: new Date(Date.now() - hoursAgo * HOUR).toISOString(), data };
}

/** A publisher whose object sends its change events to a recording queue, on a fixed clock. */
async function announcingPublisher(id: string) {
  const secret = await createPublisher(id);
  const changes = recordingQueue<ChangeEvent>();
  await insidePublisher(id, (object) => {
    object.changes = changes.queue;
    object.now = () => NOW;
  });
  return { secret, changes, send: (body: unknown) => deliver({ publisher: id, secret, body }) };
}

function failingQueue(): Queue<ChangeEvent> {
  const refuse = () => Promise.reject(new Error('the queue is unavailable'));
  return { send: refuse, sendBatch: refuse, metrics: () => Promise.resolve({ backlogCount: 0, backlogBytes: 0 }) };
}

function outboxSize(publisher: string): Promise<number> {
  return insidePublisher(publisher, (_object, state) => Number(state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM outbox').one().n));
}

const ID = /^[A-Za-z0-9_-]{16}$/;

describe('one change event per change KV comes to hold', () => {
  it('publishes, updates and deletes with the scopes, languages and tags before and after', async () => {
    const p = await announcingPublisher('announce-desk');
    const story = { ...englishArticle('grain'), tags: ['Rail', 'Grain'] };
    expect((await p.send(at('article.published', story, 3))).status).toBe(201);
    expect(p.changes.batchSizes).toEqual([1]);
    const [published] = p.changes.take();
    expect(published).toMatchObject({
      type: 'article.published',
      publisher: 'announce-desk',
      article: 'grain',
      at: '2026-11-26T00:00:00.000Z',
      scopes: [{ kind: 'all' }, { kind: 'publisher', publisher: 'announce-desk' }, { kind: 'lang', lang: 'en' }, { kind: 'tag', tag: 'rail' }, { kind: 'tag', tag: 'grain' }],
      languages: ['en'],
      tags: ['rail', 'grain'],
    });
    expect(published?.id).toMatch(ID);
    // The record inline is what the API answers for the article.
    expect(published?.record).toBe(await (await call('/api/articles/announce-desk/grain')).text());
    expect(JSON.parse(published?.record ?? '{}')).toMatchObject({ id: 'grain', title: story.title, received_at: '2026-11-26T00:00:00.000Z' });

    // A changed tag: the feeds of the old and the new tag both changed.
    expect((await p.send(at('article.updated', { ...story, title: 'Grain exports rise again', tags: ['Rail', 'Wheat'] }, 2))).status).toBe(200);
    const [updated] = p.changes.take();
    expect(updated).toMatchObject({
      type: 'article.updated',
      article: 'grain',
      scopes: [
        { kind: 'all' },
        { kind: 'publisher', publisher: 'announce-desk' },
        { kind: 'lang', lang: 'en' },
        { kind: 'tag', tag: 'rail' },
        { kind: 'tag', tag: 'wheat' },
        { kind: 'tag', tag: 'grain' },
      ],
      languages: ['en'],
      tags: ['rail', 'wheat', 'grain'],
    });
    expect(JSON.parse(updated?.record ?? '{}')).toMatchObject({ title: 'Grain exports rise again' });

    expect((await p.send(at('article.deleted', { id: 'grain' }, 1))).status).toBe(204);
    const [deleted] = p.changes.take();
    expect(deleted).toEqual({
      id: deleted?.id,
      type: 'article.deleted',
      publisher: 'announce-desk',
      article: 'grain',
      at: '2026-11-26T00:00:00.000Z',
      scopes: [{ kind: 'all' }, { kind: 'lang', lang: 'en' }, { kind: 'publisher', publisher: 'announce-desk' }, { kind: 'tag', tag: 'rail' }, { kind: 'tag', tag: 'wheat' }],
      languages: ['en'],
      tags: ['rail', 'wheat'],
    });
    expect(new Set([published?.id, updated?.id, deleted?.id]).size).toBe(3);
    expect(await outboxSize('announce-desk')).toBe(0);
  });

  it('announces nothing for an unchanged story, a stale event, an update or delete of what does not exist', async () => {
    const p = await announcingPublisher('quiet-desk');
    const story = englishArticle('quiet');
    await p.send(at('article.published', story, 2));
    expect(p.changes.take()).toHaveLength(1);

    // The same story again (another webhook-id), an older update, an update and a delete of unknown ids.
    expect((await p.send(at('article.updated', story, 1))).status).toBe(200);
    expect((await p.send(at('article.updated', { ...story, title: 'An older headline' }, 3))).status).toBe(200);
    expect((await p.send(at('article.updated', englishArticle('nobody'), 1))).status).toBe(404);
    expect((await p.send(at('article.deleted', { id: 'nobody' }, 1))).status).toBe(404);
    expect(p.changes.sent).toEqual([]);
    expect(p.changes.batchSizes).toEqual([]);
    expect(await outboxSize('quiet-desk')).toBe(0);
  });

  it('says nothing of an embargoed story until its release, which is announced as published', async () => {
    const p = await announcingPublisher('embargo-announce-desk');
    const publishAt = NOW + 2 * HOUR;
    const story = { ...englishArticle('embargoed'), date_published: new Date(publishAt).toISOString() };
    expect((await p.send(at('article.published', story, 0))).status).toBe(202);
    expect(p.changes.sent).toEqual([]);

    await insidePublisher('embargo-announce-desk', (object) => {
      object.now = () => publishAt + 1000;
    });
    expect(await runDurableObjectAlarm(publisherStub('embargo-announce-desk'))).toBe(true);
    expect(p.changes.take()).toMatchObject([{ type: 'article.published', article: 'embargoed', at: '2026-11-26T02:00:01.000Z' }]);
  });

  it('says nothing when an embargoed story is deleted before its release', async () => {
    const p = await announcingPublisher('embargo-delete-desk');
    const story = { ...englishArticle('withdrawn'), date_published: new Date(NOW + 2 * HOUR).toISOString() };
    expect((await p.send(at('article.published', story, 1))).status).toBe(202);
    expect((await p.send(at('article.deleted', { id: 'withdrawn' }, 0))).status).toBe(204);
    expect(p.changes.sent).toEqual([]);
  });

  it('announces a live story embargoed again as deleted, and its release as published', async () => {
    const p = await announcingPublisher('re-embargo-desk');
    await p.send(at('article.published', englishArticle('moved'), 2));
    const later = { ...englishArticle('moved'), date_published: new Date(NOW + 2 * HOUR).toISOString() };
    expect((await p.send(at('article.updated', later, 1))).status).toBe(202);
    expect(p.changes.take().map((c) => c.type)).toEqual(['article.published', 'article.deleted']);
    await insidePublisher('re-embargo-desk', (object) => {
      object.now = () => NOW + 3 * HOUR;
    });
    await runDurableObjectAlarm(publisherStub('re-embargo-desk'));
    expect(p.changes.take().map((c) => c.type)).toEqual(['article.published']);
  });

  it('announces a change to an article written before the objects existed as updated', async () => {
    const p = await announcingPublisher('legacy-announce-desk');
    const old = { ...englishArticle('legacy'), publisher: 'legacy-announce-desk', publisher_name: 'Desk', received_at: '2026-11-22T08:00:00.000Z' };
    await env.KV.put('a:legacy-announce-desk:legacy', JSON.stringify(old));
    expect((await p.send(at('article.updated', { ...englishArticle('legacy'), title: 'A corrected headline' }, 0))).status).toBe(200);
    expect(p.changes.take()).toMatchObject([
      {
        type: 'article.updated',
        article: 'legacy',
        scopes: [{ kind: 'all' }, { kind: 'publisher', publisher: 'legacy-announce-desk' }, { kind: 'lang', lang: 'en' }, { kind: 'tag', tag: 'economy' }],
      },
    ]);
  });

  it('announces pulled items through the same path', async () => {
    const p = await announcingPublisher('pulled-desk');
    const stub = publisherStub('pulled-desk');
    expect(await stub.ingestPulled('pulled-desk', 'Pulled Desk', [{ input: englishArticle('first') }, { input: englishArticle('second') }], NOW)).toEqual(['new', 'new']);
    expect(p.changes.sent.map((c) => [c.type, c.article])).toEqual([
      ['article.published', 'first'],
      ['article.published', 'second'],
    ]);
    // Both in one sendBatch call; the next pull of the same items announces nothing.
    expect(p.changes.batchSizes).toEqual([2]);
    p.changes.take();
    expect(await stub.ingestPulled('pulled-desk', 'Pulled Desk', [{ input: englishArticle('first') }], NOW + HOUR)).toEqual(['unchanged']);
    expect(p.changes.sent).toEqual([]);
  });

  it('leaves a record too large for a queue message out of the event', async () => {
    const p = await announcingPublisher('long-read-desk');
    // 60 000 two-byte letters: more than the 100 000 bytes an event may carry inline.
    const story = { ...englishArticle('long-read'), content_html: `<p>${'Ж'.repeat(60_000)}</p>` };
    expect((await p.send(at('article.published', story, 0))).status).toBe(201);
    const [event] = p.changes.take();
    expect(event).toMatchObject({ type: 'article.published', article: 'long-read' });
    expect(event).not.toHaveProperty('record');
  });
});

describe('the outbox', () => {
  it('keeps an event the queue refused, answers the publisher as usual, and the alarm sends it', async () => {
    const p = await announcingPublisher('outbox-desk');
    await insidePublisher('outbox-desk', (object) => {
      object.changes = failingQueue();
    });
    const res = await p.send(at('article.published', englishArticle('kept'), 0));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: 'kept' });
    expect(await outboxSize('outbox-desk')).toBe(1);

    // The refused event backs off (5 s after a first refusal), with the alarm set (workerd moves
    // an alarm time already past, as the test clock's is, to the present).
    expect(await insidePublisher('outbox-desk', (_object, state) => state.storage.sql.exec<{ r: number; a: number }>('SELECT retry_at AS r, attempts AS a FROM outbox').one())).toEqual({ r: NOW + 5_000, a: 1 });
    expect(await insidePublisher('outbox-desk', (_object, state) => state.storage.getAlarm())).not.toBeNull();
    await insidePublisher('outbox-desk', (object) => {
      object.changes = p.changes.queue;
    });
    // Before its time the alarm leaves it alone (a refusal is not retried at once)…
    expect(await runDurableObjectAlarm(publisherStub('outbox-desk'))).toBe(true);
    expect(p.changes.take()).toEqual([]);
    expect(await outboxSize('outbox-desk')).toBe(1);
    // …and at its time sends it, and no alarm is left behind.
    await insidePublisher('outbox-desk', (object) => {
      object.now = () => NOW + 5_000;
    });
    expect(await runDurableObjectAlarm(publisherStub('outbox-desk'))).toBe(true);
    expect(p.changes.take()).toMatchObject([{ type: 'article.published', article: 'kept' }]);
    expect(await outboxSize('outbox-desk')).toBe(0);
  });

  it('a change sent at once leaves no backstop alarm behind; one whose send never happened is sent by it', async () => {
    const p = await announcingPublisher('backstop-desk');
    expect((await p.send(at('article.published', englishArticle('sent-at-once'), 0))).status).toBe(201);
    expect(p.changes.take()).toMatchObject([{ type: 'article.published', article: 'sent-at-once' }]);
    // The only work left is forgetting the remembered delivery, four days on: not the change's
    // 30-second backstop, which was moved once the event was sent.
    expect(await insidePublisher('backstop-desk', (_object, state) => state.storage.getAlarm())).toBe(NOW + 96 * HOUR);
    // An event written to the outbox whose send never ran (the object reset in between): its
    // backstop time is 30 s after the write, and the alarm sends it.
    await insidePublisher('backstop-desk', (_object, state) => {
      new PublisherLedger(state.storage.sql).queueChange('orphan', JSON.stringify({ id: 'orphan', type: 'article.updated' }), NOW + 30_000);
      return state.storage.setAlarm(NOW + 30_000);
    });
    expect(await runDurableObjectAlarm(publisherStub('backstop-desk'))).toBe(true);
    expect(p.changes.take()).toEqual([{ id: 'orphan', type: 'article.updated' }]);
    expect(await outboxSize('backstop-desk')).toBe(0);
  });

  it('is SQLite, not KV: a publish costs the same KV operations and one queue message', async () => {
    const p = await announcingPublisher('cost-desk');
    const counter = countingKv(env.KV);
    await insidePublisher('cost-desk', (object) => {
      object.kv = counter.kv;
    });
    const story = { ...englishArticle('counted'), tags: ['Rail', 'Grain'] };
    expect((await p.send(at('article.published', story, 1))).status).toBe(201);
    expect(counter.counts).toEqual({ get: 1, list: 0, put: 6, delete: 0 });
    expect(p.changes.batchSizes).toEqual([1]);
    counter.reset();
    expect((await p.send(at('article.updated', { ...story, title: 'Grain exports rise again', tags: ['Rail'] }, 0))).status).toBe(200);
    expect(counter.counts).toEqual({ get: 0, list: 0, put: 6, delete: 0 });
    expect(p.changes.batchSizes).toEqual([1, 1]);
  });
});

describe('a ledger from before push', () => {
  it('gains the outbox, and counts the articles KV held live as announced', async () => {
    await insidePublisher('pre-push-desk', (_object, state) => {
      const sql = state.storage.sql;
      // The articles table as it was, with one live article KV holds, one it does not yet, one deleted.
      sql.exec(`CREATE TABLE articles (
        id TEXT PRIMARY KEY, state TEXT NOT NULL, event_at INTEGER NOT NULL, story_hash TEXT NOT NULL,
        record_hash TEXT NOT NULL, keys TEXT NOT NULL, visible_at INTEGER, synced INTEGER NOT NULL,
        retry_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0, expires_at INTEGER)`);
      sql.exec('CREATE TABLE deliveries (id_hash TEXT PRIMARY KEY, body_hash TEXT NOT NULL, answer TEXT NOT NULL, expires_at INTEGER NOT NULL)');
      sql.exec(`INSERT INTO articles VALUES ('held', 'live', 1, 's', 'r', '[]', NULL, 1, NULL, 0, NULL),
        ('pending', 'live', 1, 's', 'r', '[]', NULL, 0, 5, 1, NULL), ('gone', 'deleted', 1, '', '', '[]', NULL, 1, NULL, 0, 9)`);
      const ledger = new PublisherLedger(sql);
      expect([ledger.article('held')?.announced, ledger.article('pending')?.announced, ledger.article('gone')?.announced]).toEqual([true, false, false]);
      ledger.queueChange('c1', '{}', 7);
      expect(ledger.pendingChanges(0, 10)).toEqual([{ id: 'c1', event: '{}' }]);
      expect(ledger.nextDue()).toBe(5);
      // A refused row waits for its retry time; rows never tried do not wait behind it.
      ledger.queueChange('c2', '{"n":2}', 7);
      ledger.changesNotSent(['c1'], (attempts) => 1_000 * attempts);
      expect(ledger.pendingChanges(999, 10)).toEqual([{ id: 'c2', event: '{"n":2}' }]);
      expect(ledger.pendingChanges(1_000, 10)).toEqual([{ id: 'c1', event: '{}' }, { id: 'c2', event: '{"n":2}' }]);
    });
  });
});
