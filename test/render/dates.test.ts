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

  it('is what the pages\' <time> label shows', () => {
    expect(timeLabel('2026-01-31T23:05:00-01:00')).toBe('1 Feb 2026, 00:05 UTC');
  });
});
