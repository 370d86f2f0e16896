import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/ingest/upstream/feed-dates';
import { parseFeed } from '../../src/ingest/upstream/parse-feed';
import { fixtureBytes } from '../helpers/fixture-files';

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 24 Nov 2026 10:00:00 GMT', '2026-11-24T10:00:00Z'],
    ['Tue, 24 Nov 2026 10:00:00 EST', '2026-11-24T10:00:00-05:00'],
    ['Thu, 01 Oct 2026 10:00:00 EDT', '2026-10-01T10:00:00-04:00'],
    ['Tue, 24 Nov 2026 10:00:00 MSK', '2026-11-24T10:00:00+03:00'],
    ['Tue, 24 Nov 2026 10:00:00 +0600', '2026-11-24T10:00:00+06:00'],
    ['Tue, 24 Nov 2026 10:00:00 +05:30', '2026-11-24T10:00:00+05:30'],
    ['24 Nov 2026 10:00 -0330', '2026-11-24T10:00:00-03:30'],
    ['4 Nov 26 7:05 PST', '2026-11-04T07:05:00-08:00'],
    ['Tue, 24 November 2026 10:00:00 UT', '2026-11-24T10:00:00Z'],
    ['Tuesday, 24-Nov-2026 10:00:00 GMT', '2026-11-24T10:00:00Z'],
    ['Tue, 24 Nov 2026 10:00:00', '2026-11-24T10:00:00Z'],
    ['Tue, 24 Nov 2026 10:00:00 Z', '2026-11-24T10:00:00Z'],
    ['Tue, 24 Nov 2026 10:00:00 GMT+3', '2026-11-24T10:00:00+03:00'],
    ['Tue Nov 24 2026 10:00:00 GMT+0500 (Almaty Time)', '2026-11-24T10:00:00+05:00'],
    ['Nov 24, 2026 10:00 PM', '2026-11-24T22:00:00Z'],
    ['24 ноября 2026 10:00 +0500', '2026-11-24T10:00:00+05:00'],
    ['2026-11-24T10:00:00+05:00', '2026-11-24T10:00:00+05:00'],
    ['2026-11-24T10:00:00.250Z', '2026-11-24T10:00:00Z'],
    ['2026-11-24T10:00:00+0500', '2026-11-24T10:00:00+05:00'],
    ['2026-11-24 10:00:00', '2026-11-24T10:00:00Z'],
    ['2026-11-24', '2026-11-24T00:00:00Z'],
    ['24.11.2026 10:00', '2026-11-24T10:00:00Z'],
    ['1795600000', '2026-11-25T09:46:40Z'],
    ['Tue, 24 Nov 2026 10:00:00 +0500 (Asia/Almaty (ALMT))', '2026-11-24T10:00:00+05:00'],
    ['Tue, 24 Nov 2026 10:00:00 +0300 (MSK', '2026-11-24T10:00:00+03:00'],
  ])('%s → %s', (raw, expected) => {
    expect(parseFeedDate(raw)).toBe(expected);
  });

  it.each(['', 'not a date at all', '0001-01-01T00:00:00Z', '2026-02-30T10:00:00Z', '31 Foo 2026 10:00 GMT', '2026-11-24T25:00:00Z', 'Tue, 24 Nov 2026 10:00:00 +9900'])(
    'refuses %j',
    (raw) => {
      expect(parseFeedDate(raw)).toBeNull();
    },
  );

  it('refuses a date padded past any real form, and finishes on a run of parentheses', () => {
    expect(parseFeedDate(`Tue, 24 Nov 2026 10:00:00 GMT ${'x'.repeat(100)}`)).toBeNull();
    expect(parseFeedDate(`Tue, 24 Nov 2026 10:00:00 ${'('.repeat(5_000_000)}`)).toBeNull();
    expect(parseFeedDate(`  Tue, 24 Nov 2026 10:00:00 GMT${' '.repeat(1_000_000)}`)).toBe('2026-11-24T10:00:00Z');
  });
});

describe('the named-zones fixture', () => {
  it('gives every item an RFC 3339 date with its own offset', () => {
    const feed = parseFeed(fixtureBytes('rss-rfc822-named-zones.xml'), null, 'https://zones.example/rss');
    const dates = Object.fromEntries(feed.items.map((i) => [i.guid, parseFeedDate(i.published)]));
    expect(dates).toEqual({
      'z-est': '2026-11-24T10:00:00-05:00',
      'z-edt': '2026-10-01T10:00:00-04:00',
      'z-gmt': '2026-11-24T10:00:00Z',
      'z-msk': '2026-11-24T10:00:00+03:00',
      'z-short': '2026-11-04T07:05:00-08:00',
      'z-num': '2026-11-24T10:00:00+06:00',
      'z-dc': '2026-11-24T10:00:00+05:00',
      'z-mil': '2026-11-24T10:00:00Z',
    });
  });
});
