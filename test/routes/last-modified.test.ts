import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { settledLastModified } from '../../src/http/conditional';
import { call, createPublisher, deliver, event } from '../helpers/client';
import { englishArticle } from '../helpers/fixtures';

// No false 304 for a poller that sends only If-Modified-Since: Last-Modified is the last time a
// listing's entries were written or removed, not a date the publisher chose.

let secret = '';
const publish = (data: unknown, type: 'article.published' | 'article.updated' | 'article.deleted' = 'article.published') =>
  deliver({ publisher: 'lm-desk', secret, body: event(type, data) });
const at = (iso: string) => vi.setSystemTime(new Date(iso));
const story = (id: string, date: string, title: string, tags: string[]) => ({ ...englishArticle(id, date), title, tags });

async function poll(path: string, since: string): Promise<{ status: number; lastModified: string | null; titles: string[] }> {
  const res = await call(encodeURI(path), { headers: { 'if-modified-since': since } });
  const titles = res.status === 200 ? (await res.json<{ items: { title: string }[] }>()).items.map((i) => i.title) : [];
  return { status: res.status, lastModified: res.headers.get('last-modified'), titles };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2026-11-25T06:00:00Z');
  secret = await createPublisher('lm-desk', 'Last Change Desk');
  expect((await publish(story('wheat', '2026-11-24T10:00:00Z', 'Wheat harvest ends early', ['Агро']))).status).toBe(201);
  expect((await publish(story('barley', '2026-11-23T10:00:00Z', 'Barley prices steady', ['Агро']))).status).toBe(201);
});

afterAll(() => {
  vi.useRealTimers();
});

describe('If-Modified-Since after changes whose dates do not move', () => {
  it('a backdated story: the next poll is a 200 with it', async () => {
    at('2026-11-25T07:00:00Z');
    const before = await poll('/publishers/lm-desk/feed.json', 'Wed, 25 Nov 2026 06:30:00 GMT');
    expect(before.status).toBe(304);
    expect(before.lastModified).toBe('Wed, 25 Nov 2026 06:00:00 GMT');
    expect((await publish(story('archive', '2025-11-25T10:00:00Z', 'From the archive: a year of grain', []))).status).toBe(201);
    at('2026-11-25T08:00:00Z');
    const after = await poll('/publishers/lm-desk/feed.json', 'Wed, 25 Nov 2026 06:00:00 GMT');
    expect(after.status).toBe(200);
    expect(after.titles).toContain('From the archive: a year of grain');
    expect(after.lastModified).toBe('Wed, 25 Nov 2026 07:00:00 GMT');
  });

  it('a correction without date_modified: the next poll is a 200 with the new headline', async () => {
    at('2026-11-25T09:00:00Z');
    const update = story('barley', '2026-11-23T10:00:00Z', 'Barley prices steady after all', ['Агро']);
    expect((await publish(update, 'article.updated')).status).toBe(200);
    at('2026-11-25T10:00:00Z');
    const after = await poll('/publishers/lm-desk/feed.json', 'Wed, 25 Nov 2026 08:00:00 GMT');
    expect(after.status).toBe(200);
    expect(after.titles).toContain('Barley prices steady after all');
    expect(after.lastModified).toBe('Wed, 25 Nov 2026 09:00:00 GMT');
  });

  it('a deletion: the next poll is a 200 without the story', async () => {
    at('2026-11-25T11:00:00Z');
    expect((await publish({ id: 'archive' }, 'article.deleted')).status).toBe(204);
    at('2026-11-25T12:00:00Z');
    const after = await poll('/publishers/lm-desk/feed.json', 'Wed, 25 Nov 2026 10:00:00 GMT');
    expect(after.status).toBe(200);
    expect(after.titles).not.toContain('From the archive: a year of grain');
    expect(after.lastModified).toBe('Wed, 25 Nov 2026 11:00:00 GMT');
  });

  it('a tag dropped from a story: the tag listing answers 200 without it', async () => {
    at('2026-11-25T13:00:00Z');
    const before = await poll('/tags/агро/feed.json', 'Wed, 25 Nov 2026 09:00:00 GMT');
    expect(before.status).toBe(304);
    const update = story('barley', '2026-11-23T10:00:00Z', 'Barley prices steady after all', []);
    expect((await publish(update, 'article.updated')).status).toBe(200);
    at('2026-11-25T14:00:00Z');
    const after = await poll('/tags/агро/feed.json', 'Wed, 25 Nov 2026 09:00:00 GMT');
    expect(after.status).toBe(200);
    expect(after.titles).toEqual(['Wheat harvest ends early']);
    expect(after.lastModified).toBe('Wed, 25 Nov 2026 13:00:00 GMT');
  });
});

describe('single article', () => {
  it('Last-Modified is when the version was stored; a correction without date_modified is a 200', async () => {
    at('2026-11-25T15:00:00Z');
    const first = await call('/api/articles/lm-desk/wheat');
    expect(first.headers.get('last-modified')).toBe('Wed, 25 Nov 2026 06:00:00 GMT');
    expect((await call('/api/articles/lm-desk/wheat', { headers: { 'if-modified-since': 'Wed, 25 Nov 2026 06:00:00 GMT' } })).status).toBe(304);
    const page = await call('/news/lm-desk/wheat');
    const pageModified = page.headers.get('last-modified') ?? '';
    expect((await call('/news/lm-desk/wheat', { headers: { 'if-modified-since': pageModified } })).status).toBe(304);

    expect((await publish(story('wheat', '2026-11-24T10:00:00Z', 'Wheat harvest ends a week early', ['Агро']), 'article.updated')).status).toBe(200);
    at('2026-11-25T17:00:00Z');
    const api = await call('/api/articles/lm-desk/wheat', { headers: { 'if-modified-since': 'Wed, 25 Nov 2026 06:00:00 GMT' } });
    expect(api.status).toBe(200);
    expect(api.headers.get('last-modified')).toBe('Wed, 25 Nov 2026 15:00:00 GMT');
    expect((await api.json<{ title: string }>()).title).toBe('Wheat harvest ends a week early');
    const html = await call('/news/lm-desk/wheat', { headers: { 'if-modified-since': pageModified } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('Wheat harvest ends a week early');
  });
});

describe('a change too recent to announce', () => {
  it('carries no Last-Modified until two minutes after it, and If-Modified-Since alone never gets a 304 meanwhile', async () => {
    at('2026-11-25T18:00:00.200Z');
    expect((await publish(story('rye', '2026-11-25T18:00:00Z', 'Rye sowing starts', []))).status).toBe(201);
    at('2026-11-25T18:00:00.700Z');
    const same = await poll('/publishers/lm-desk/feed.json', 'Wed, 25 Nov 2026 18:00:00 GMT');
    expect(same.status).toBe(200);
    expect(same.lastModified).toBeNull();
    at('2026-11-25T18:01:59.999Z');
    expect((await poll('/publishers/lm-desk/feed.json', 'Wed, 25 Nov 2026 18:01:00 GMT')).lastModified).toBeNull();
    at('2026-11-25T18:02:00Z');
    expect((await poll('/publishers/lm-desk/feed.json', 'Wed, 25 Nov 2026 17:00:00 GMT')).lastModified).toBe('Wed, 25 Nov 2026 18:00:00 GMT');
  });

  it('settledLastModified: the newest change is announced once its second is 120 s in the past', () => {
    const newest = new Date('2026-11-25T18:00:00.900Z');
    expect(settledLastModified(newest, Date.parse('2026-11-25T18:00:00.950Z'))).toBeUndefined();
    expect(settledLastModified(newest, Date.parse('2026-11-25T18:01:59.999Z'))).toBeUndefined();
    expect(settledLastModified(newest, Date.parse('2026-11-25T18:02:00.000Z'))).toBe(newest);
    expect(settledLastModified(undefined, Date.parse('2026-11-25T18:02:00.000Z'))).toBeUndefined();
  });
});
