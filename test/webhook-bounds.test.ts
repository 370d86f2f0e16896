import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublisher, deliver, event } from './helpers/client';
import { englishArticle } from './helpers/fixtures';

/** What a webhook may not send: a tag no KV key can hold, dates outside 1900 … one year ahead, a future event time. */

let secret = '';
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  secret = await createPublisher('bounds-desk', 'Bounds Desk');
});

async function articleKeys(): Promise<string[]> {
  const { keys } = await env.KV.list({ prefix: 'a:bounds-desk:' });
  return keys.map((k) => k.name);
}

async function refusal(res: Response): Promise<Array<{ path: string; message: string }>> {
  expect(res.status).toBe(422);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json<{ errors: Array<{ path: string; message: string }> }>()).errors;
}

describe('tags', () => {
  it('422 names the one tag whose key would exceed 512 bytes, and stores nothing', async () => {
    const data = { ...englishArticle('cjk-tags'), tags: ['Алматы', 'metro', '北京天津上海广州深圳重庆成都武汉西安南京杭州苏州郑州长沙青岛沈阳大连厦门宁波济南哈尔滨长春福州'] };
    expect(await refusal(await deliver({ publisher: 'bounds-desk', secret, body: event('article.published', data) }))).toEqual([
      { path: 'data.tags.2', message: 'is too long to index: at most 347 bytes once case-folded and percent-encoded (38 CJK characters)' },
    ]);
    expect(await articleKeys()).toEqual([]);
  });
});

describe('dates', () => {
  it('422 for dates before 1900 or more than one year ahead, year 10000 in UTC included', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ date_published: '1899-12-31T23:59:59Z' }, 'data.date_published', 'must not be before 1900-01-01T00:00:00Z'],
      [{ date_published: '9999-12-31T23:59:59-23:59' }, 'data.date_published', 'must not be more than one year ahead of the server clock'],
      [{ date_published: iso(Date.now() + 367 * DAY_MS) }, 'data.date_published', 'must not be more than one year ahead of the server clock'],
      [{ date_modified: '9999-12-31T23:59:59+00:00' }, 'data.date_modified', 'must not be more than one year ahead of the server clock'],
    ];
    for (const [dates, path, message] of cases) {
      const res = await deliver({ publisher: 'bounds-desk', secret, body: event('article.published', { ...englishArticle('far-dates'), ...dates }) });
      expect(await refusal(res)).toEqual([{ path, message }]);
    }
    expect(await articleKeys()).toEqual([]);
  });

  it('accepts 1900-01-01T00:00:00Z and a date within the year ahead', async () => {
    const old = await deliver({ publisher: 'bounds-desk', secret, body: event('article.published', { ...englishArticle('from-1900'), date_published: '1900-01-01T00:00:00Z' }) });
    expect(old.status).toBe(201);
    // Ahead of the clock but within the year: an embargo (202), never a 422.
    const publishAt = iso(Date.now() + 30 * DAY_MS);
    const ahead = await deliver({ publisher: 'bounds-desk', secret, body: event('article.published', { ...englishArticle('next-month'), date_published: publishAt }) });
    expect(ahead.status).toBe(202);
    expect(await ahead.json()).toEqual({ id: 'next-month', scheduled_for: new Date(publishAt).toISOString() });
  });
});

describe('the event timestamp', () => {
  it('422 at path "timestamp" beyond 5 minutes ahead or before 1900', async () => {
    for (const [timestamp, message] of [
      [iso(Date.now() + 10 * 60_000), 'must not be more than 5 minutes ahead of the server clock'],
      ['9999-12-31T23:59:59-23:59', 'must not be more than 5 minutes ahead of the server clock'],
      ['1899-12-31T23:59:59Z', 'must not be before 1900-01-01T00:00:00Z'],
    ]) {
      const body = { type: 'article.published', timestamp, data: englishArticle('event-time') };
      expect(await refusal(await deliver({ publisher: 'bounds-desk', secret, body }))).toEqual([{ path: 'timestamp', message }]);
    }
    expect((await articleKeys()).includes('a:bounds-desk:event-time')).toBe(false);
  });

  it('accepts an event time a few minutes ahead (clock skew)', async () => {
    const body = { type: 'article.published', timestamp: iso(Date.now() + 3 * 60_000), data: englishArticle('skewed') };
    expect((await deliver({ publisher: 'bounds-desk', secret, body })).status).toBe(201);
  });
});
