/**
 * Date syntaxes the three formats require, and the HTML pages' label: the one English month
 * table for output. Stored dates are RFC 3339 strings with the publisher's own offset; every
 * output is re-rendered from the parsed instant, so a string that bypassed intake can never
 * put an invalid date into a feed.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

// The trailing time-offset of RFC 3339 §5.6 ("Z", "z" or ±hh:mm); anything else is read as UTC.
const OFFSET = /(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const MINUTE_MS = 60_000;
const MAX_OFFSET_MINUTES = 24 * 60 - 1;

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad4 = (n: number): string => String(n).padStart(4, '0');

// The instants every output writes with a four-digit year (RFC 822/1123 and RFC 3339 allow
// no other; year 0000 is where RFC 822 readers and Date disagree). Intake accepts only 1900 to
// one year ahead, but a record stored before those bounds (e.g. 9999-12-31T23:59:59-23:59, year
// 10000 in UTC) is shown at the nearest of these instants rather than hidden or rendered with a
// five-digit year; the bound is fixed, so a render never depends on the clock.
const FIRST_FOUR_DIGIT_MS = Date.parse('0001-01-01T00:00:00Z');
const LAST_FOUR_DIGIT_MS = Date.parse('9999-12-31T23:59:59Z');

/** The date itself, or the nearest instant whose UTC year has four digits. */
export function fourDigitYear(date: Date): Date {
  const ms = date.getTime();
  if (ms < FIRST_FOUR_DIGIT_MS) return new Date(FIRST_FOUR_DIGIT_MS);
  if (ms > LAST_FOUR_DIGIT_MS) return new Date(LAST_FOUR_DIGIT_MS);
  return date;
}

/** The instant a stored date names, or `fallback` when it does not parse. */
export function instantOf(iso: string | undefined, fallback: Date): Date {
  if (iso === undefined) return fallback;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : new Date(ms);
}

/**
 * RFC 822 §5.1 with RFC 1123 §5.2.14's four-digit year, always in GMT — the form RSS 2.0
 * requires for pubDate/lastBuildDate, e.g. "Fri, 20 Nov 2026 04:30:00 GMT". Written out
 * rather than Date#toUTCString so the output never depends on the engine.
 */
export function rfc822(instant: Date): string {
  const date = fourDigitYear(instant);
  return (
    `${DAYS[date.getUTCDay()]}, ${pad2(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${pad4(date.getUTCFullYear())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())} GMT`
  );
}

/**
 * RFC 3339 §5.6 at the given offset (minutes east of UTC); fractional seconds only when non-zero.
 * When the local time at that offset would leave four-digit years, the nearest such instant in UTC.
 */
export function rfc3339(instant: Date, offsetMinutes = 0): string {
  const local = new Date(instant.getTime() + offsetMinutes * MINUTE_MS);
  if (fourDigitYear(local) !== local) return rfc3339(fourDigitYear(instant), 0);
  const ms = local.getUTCMilliseconds();
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  return (
    `${pad4(local.getUTCFullYear())}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    (ms ? `.${String(ms).padStart(3, '0')}` : '') +
    zone
  );
}

/**
 * A stored date as RFC 3339, keeping the publisher's offset (their local time is part of the
 * story) but re-rendered from the instant: `2026-11-20T09:30:00+05:00` stays as it is, while
 * lowercase `t`/`z`, excess fraction digits or an impossible calendar date come out normalized.
 */
export function rfc3339Of(iso: string | undefined, fallback: Date): string {
  const instant = instantOf(iso, fallback);
  if (instant === fallback || iso === undefined) return rfc3339(fallback);
  const m = OFFSET.exec(iso);
  let offset = 0;
  if (m?.[1] !== undefined) {
    offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
    if (Math.abs(offset) > MAX_OFFSET_MINUTES) offset = 0;
  }
  return rfc3339(instant, offset);
}

/** "25 Nov 2026, 04:30 UTC", the HTML pages' label: one unambiguous zone for readers in several. */
export function readerLabel(instant: Date): string {
  const date = fourDigitYear(instant);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${pad4(date.getUTCFullYear())}, ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())} UTC`;
}

/** RSS 2.0 §"Elements of <item>": pubDate in RFC 822, always GMT. */
export function rfc822Of(iso: string | undefined, fallback: Date): string {
  return rfc822(instantOf(iso, fallback));
}
