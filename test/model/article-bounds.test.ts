import { describe, expect, it } from 'vitest';
import { ArticleId, ArticleSchema, PublisherId, WebhookEventSchema } from '../../src/model/article-schema';
import { SourceId } from '../../src/model/source-schema';
import { englishArticle } from '../helpers/fixtures';

/** The schema's bounds on tags and dates: each refusal names its path. */

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function issues(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } }) {
  return (result.error?.issues ?? []).map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
}

describe('the id lengths keys.ts budgets for', () => {
  it('accept 40-character publisher ids, 100-character article ids and 10-character source ids, and no longer', () => {
    expect(PublisherId.safeParse('p'.repeat(40)).success).toBe(true);
    expect(PublisherId.safeParse('p'.repeat(41)).success).toBe(false);
    expect(ArticleId.safeParse('i'.repeat(100)).success).toBe(true);
    expect(ArticleId.safeParse('i'.repeat(101)).success).toBe(false);
    expect(SourceId.safeParse('abcdefghij').success).toBe(true);
    expect(SourceId.safeParse('abcdefghijk').success).toBe(false);
  });
});

describe('tags that cannot fit a KV key', () => {
  it('are refused with the path of the one tag', () => {
    const result = ArticleSchema.safeParse({ ...englishArticle('tags-1'), tags: ['Алматы', 'metro', '漢'.repeat(39), '漢'.repeat(38)] });
    expect(issues(result)).toEqual(['tags.2: is too long to index: at most 347 bytes once case-folded and percent-encoded (38 CJK characters)']);
  });

  it('pass at 50 Kazakh letters', () => {
    expect(ArticleSchema.safeParse({ ...englishArticle('tags-2'), tags: ['Қ'.repeat(50)] }).success).toBe(true);
  });
});

describe('date bounds', () => {
  const withDates = (date_published: string, date_modified?: string) => ArticleSchema.safeParse({ ...englishArticle('dates-1'), date_published, date_modified });

  it('accept 1900-01-01T00:00:00Z and refuse the minute before, however the offset writes it', () => {
    expect(withDates('1900-01-01T00:00:00Z').success).toBe(true);
    expect(withDates('1900-01-01T06:00:00+06:00').success).toBe(true);
    expect(issues(withDates('1899-12-31T23:59:00Z'))).toEqual(['date_published: must not be before 1900-01-01T00:00:00Z']);
    expect(issues(withDates('1900-01-01T05:59:00+06:00'))).toEqual(['date_published: must not be before 1900-01-01T00:00:00Z']);
  });

  it('accept a date a day short of one year ahead and refuse one a day past it', () => {
    const now = Date.now();
    expect(withDates(iso(now + 364 * DAY_MS)).success).toBe(true);
    expect(issues(withDates(iso(now + 367 * DAY_MS)))).toEqual(['date_published: must not be more than one year ahead of the server clock']);
    expect(issues(withDates(iso(now), iso(now + 367 * DAY_MS)))).toEqual(['date_modified: must not be more than one year ahead of the server clock']);
  });

  it('refuse 9999-12-31T23:59:59-23:59, which is year 10000 in UTC', () => {
    expect(issues(withDates('9999-12-31T23:59:59-23:59'))).toEqual(['date_published: must not be more than one year ahead of the server clock']);
  });

  it('report a malformed date once, as malformed', () => {
    expect(issues(withDates('2026-11-25T10:00:00'))).toEqual(['date_published: must be an RFC 3339 date-time with offset, e.g. 2026-11-25T09:30:00+05:00']);
  });
});

describe('the event timestamp', () => {
  const at = (timestamp: string) => WebhookEventSchema.safeParse({ type: 'article.deleted', timestamp, data: { id: 'x' } });

  it('allows 5 minutes of clock skew and refuses more', () => {
    const now = Date.now();
    expect(at(iso(now + 4 * 60_000)).success).toBe(true);
    expect(issues(at(iso(now + 6 * 60_000)))).toEqual(['timestamp: must not be more than 5 minutes ahead of the server clock']);
    expect(issues(at('9999-12-31T23:59:59-23:59'))).toEqual(['timestamp: must not be more than 5 minutes ahead of the server clock']);
  });

  it('refuses event times before 1900', () => {
    expect(at('1900-01-01T00:00:00Z').success).toBe(true);
    expect(issues(at('1899-12-31T23:59:59Z'))).toEqual(['timestamp: must not be before 1900-01-01T00:00:00Z']);
  });
});
