import { fourDigitYear } from '../dates';
import type { UiLanguage } from './labels';

/** Where and for whom a page is written: its labels' language and the newsroom's time zone. */
export interface PageLocale {
  language: UiLanguage;
  /** An IANA zone (SITE_TIMEZONE); one the runtime does not know is read as UTC. */
  timeZone: string;
}

const LABEL: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
const FIRST_MS = Date.parse('0001-01-01T00:00:00Z');
const LAST_MS = Date.parse('9999-12-31T23:59:59Z');
const MINUTE_MS = 60_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function cached(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone} ${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // A misspelt SITE_TIMEZONE must not take the pages down; the label's zone name shows it.
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    formats.set(key, f);
  }
  return f;
}

/** The zone's offset from UTC at that instant, in ms ("GMT+05:00" → 5 h). */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const name = cached('en', timeZone, { timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE_MS;
}

/**
 * The instant a label shows: the stored one, or, for a record stored before intake bounded
 * dates, the nearest whose local year in the zone has four digits (as the feeds do in UTC).
 */
export function shownInstant(iso: string, timeZone: string): Date {
  const utc = fourDigitYear(new Date(iso));
  const offset = zoneOffsetMs(utc, timeZone);
  const local = utc.getTime() + offset;
  if (local > LAST_MS) return new Date(LAST_MS - offset);
  if (local < FIRST_MS) return new Date(FIRST_MS - offset);
  return utc;
}

// CLDR's Kazakh months and pattern ("y 'ж'. d MMMM, HH:mm"): workerd's ICU data has no Kazakh
// locale and would fall back to "2026 M11 20".
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'] as const;

function kazakhLabel(instant: Date, timeZone: string): string {
  const parts = cached('en', timeZone, { ...LABEL, month: 'numeric' }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const month = KK_MONTHS[Number(part('month')) - 1] ?? part('month');
  return `${part('year')} ж. ${part('day')} ${month}, ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/** The reader's label for a stored date: local date and time in the newsroom's zone, in the page's language. */
export function timeLabel(iso: string, locale: PageLocale): string {
  const instant = shownInstant(iso, locale.timeZone);
  if (locale.language === 'kk') return kazakhLabel(instant, locale.timeZone);
  return cached(locale.language, locale.timeZone, LABEL).format(instant);
}

export function Time(props: { iso: string; locale: PageLocale }) {
  return <time datetime={shownInstant(props.iso, props.locale.timeZone).toISOString()}>{timeLabel(props.iso, props.locale)}</time>;
}
