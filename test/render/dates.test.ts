import { describe, expect, it } from 'vitest';
import { readerLabel, rfc3339, rfc3339Of, rfc822, rfc822Of } from '../../src/render/dates';
import { timeLabel } from '../../src/render/html/time-label';

const FALLBACK = new Date('2026-01-01T00:00:00Z');

describe('rfc822 (RSS 2.0 dates)', () => {
  it('writes the RFC 822/1123 form in GMT, which Date.parse reads back', () => {
    expect(rfc822Of('2026-11-20T09:30:00+05:00', FALLBACK)).toBe('Fri, 20 Nov 2026 04:30:00 GMT');
    expect(Date.parse('Fri, 20 Nov 2026 04:30:00 GMT')).toBe(Date.parse('2026-11-20T09:30:00+05:00'));
  });

  it('zero-pads day, time and a year below 1000', () => {
    expect(rfc822(new Date('2027-03-05T07:08:09Z'))).toBe('Fri, 05 Mar 2027 07:08:09 GMT');
    expect(rfc822(new Date('0999-12-31T23:59:59Z'))).toBe('Tue, 31 Dec 0999 23:59:59 GMT');
  });
});

describe('rfc3339Of (Atom and JSON Feed dates)', () => {
  it('keeps the publisher offset of a stored date', () => {
    expect(rfc3339Of('2026-11-20T09:30:00+05:00', FALLBACK)).toBe('2026-11-20T09:30:00+05:00');
    expect(rfc3339Of('2026-11-20T09:30:00-03:30', FALLBACK)).toBe('2026-11-20T09:30:00-03:30');
    expect(rfc3339Of('2026-11-20T04:30:00Z', FALLBACK)).toBe('2026-11-20T04:30:00Z');
  });

  it('normalizes what RFC 3339 allows but readers trip on: lowercase t/z, +00:00, long fractions', () => {
    expect(rfc3339Of('2026-11-20t04:30:00z', FALLBACK)).toBe('2026-11-20T04:30:00Z');
    expect(rfc3339Of('2026-11-20T04:30:00+00:00', FALLBACK)).toBe('2026-11-20T04:30:00Z');
    expect(rfc3339Of('2026-11-20T04:30:00.120000+05:00', FALLBACK)).toBe('2026-11-20T04:30:00.120+05:00');
  });

  it('re-renders an impossible calendar date from its instant instead of passing it through', () => {
    expect(rfc3339Of('2026-02-30T00:00:00Z', FALLBACK)).toMatch(/^2026-03-0[12]T00:00:00Z$/);
  });

  it('falls back for a date that does not parse', () => {
    expect(rfc3339Of('yesterday', FALLBACK)).toBe('2026-01-01T00:00:00Z');
    expect(rfc822Of('yesterday', FALLBACK)).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(rfc3339Of(undefined, FALLBACK)).toBe(rfc3339(FALLBACK));
  });
});

describe('readerLabel (the HTML pages\' dates)', () => {
  it('writes day, English month abbreviation, year and a zero-padded UTC time', () => {
    expect(readerLabel(new Date('2026-11-25T09:30:00+05:00'))).toBe('25 Nov 2026, 04:30 UTC');
    expect(readerLabel(new Date('2027-03-05T07:08:09Z'))).toBe('5 Mar 2027, 07:08 UTC');
  });

  it('is what the pages\' <time> label shows with SITE_TIMEZONE=UTC', () => {
    expect(timeLabel('2026-01-31T23:05:00-01:00', { language: 'en', timeZone: 'UTC' })).toBe('February 1, 2026 at 00:05 UTC');
  });
});

describe('four-digit years at the edges', () => {
  // What intake accepts (1900 to one year ahead) renders as it is.
  it('writes 1900-01-01T00:00:00Z and a date one year ahead unchanged in every syntax', () => {
    const first = new Date('1900-01-01T00:00:00Z');
    expect(rfc822(first)).toBe('Mon, 01 Jan 1900 00:00:00 GMT');
    expect(rfc3339(first)).toBe('1900-01-01T00:00:00Z');
    expect(readerLabel(first)).toBe('1 Jan 1900, 00:00 UTC');
    expect(rfc822Of('2027-11-26T01:00:00+05:00', FALLBACK)).toBe('Thu, 25 Nov 2027 20:00:00 GMT');
    expect(rfc3339Of('2027-11-26T01:00:00+05:00', FALLBACK)).toBe('2027-11-26T01:00:00+05:00');
  });

  // A record stored before the bounds existed: year 10000 in UTC.
  const YEAR_10000 = '9999-12-31T23:59:59-23:59';

  it('shows a year-10000 instant at 9999-12-31T23:59:59Z in RSS, Atom feed dates and the HTML label', () => {
    expect(rfc822Of(YEAR_10000, FALLBACK)).toBe('Fri, 31 Dec 9999 23:59:59 GMT');
    expect(rfc3339(new Date(Date.parse(YEAR_10000)))).toBe('9999-12-31T23:59:59Z');
    expect(readerLabel(new Date(Date.parse(YEAR_10000)))).toBe('31 Dec 9999, 23:59 UTC');
    expect(timeLabel(YEAR_10000, { language: 'en', timeZone: 'UTC' })).toBe('December 31, 9999 at 23:59 UTC');
  });

  it('keeps the publisher offset when the local time has four digits, and falls back to UTC when it would not', () => {
    expect(rfc3339Of(YEAR_10000, FALLBACK)).toBe('9999-12-31T23:59:59-23:59');
    expect(rfc3339Of('9999-12-31T23:00:00Z', FALLBACK)).toBe('9999-12-31T23:00:00Z');
    expect(rfc3339(new Date('9999-12-31T23:00:00Z'), 300)).toBe('9999-12-31T23:00:00Z');
    expect(rfc3339(new Date('0001-01-01T02:00:00Z'), -180)).toBe('0001-01-01T02:00:00Z');
  });

  it('shows an instant in year 0000 at 0001-01-01T00:00:00Z, and pads years below 1000', () => {
    expect(rfc822Of('0001-01-01T00:00:00+23:59', FALLBACK)).toBe('Mon, 01 Jan 0001 00:00:00 GMT');
    expect(readerLabel(new Date('0999-12-31T23:59:59Z'))).toBe('31 Dec 0999, 23:59 UTC');
  });
});
