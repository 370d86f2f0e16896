/**
 * Dates as feeds write them → RFC 3339 with the feed's own offset kept
 * ("Tue, 24 Nov 2026 10:00:00 MSK" → "2026-11-24T10:00:00+03:00"). Accepts RFC 822/2822
 * (with or without weekday, 2- or 4-digit years, named zones), RFC 3339/ISO 8601 (offset
 * optional, date-only), dd.mm.yyyy, Unix seconds, and Russian month names.
 * Returns null for anything else; the caller falls back to a stable first-seen time.
 */

// Not render/dates.ts's table: that one writes one English abbreviation per month, this one
// reads the many spellings (full, abbreviated, Russian, genitive) feeds use back to numbers.
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ['jan', 'january', 'янв', 'января', 'январь'],
  ['feb', 'february', 'фев', 'февраля', 'февраль'],
  ['mar', 'march', 'мар', 'марта', 'март'],
  ['apr', 'april', 'апр', 'апреля', 'апрель'],
  ['may', 'мая', 'май'],
  ['jun', 'june', 'июн', 'июня', 'июнь'],
  ['jul', 'july', 'июл', 'июля', 'июль'],
  ['aug', 'august', 'авг', 'августа', 'август'],
  ['sep', 'sept', 'september', 'сен', 'сент', 'сентября', 'сентябрь'],
  ['oct', 'october', 'окт', 'октября', 'октябрь'],
  ['nov', 'november', 'ноя', 'нояб', 'ноября', 'ноябрь'],
  ['dec', 'december', 'дек', 'декабря', 'декабрь'],
];
MONTH_NAMES.forEach((names, index) => names.forEach((name) => (MONTHS[name] = index + 1)));

// Offsets in minutes. RFC 822 §5 names the North American zones; the rest are the ones
// seen in feeds from the outlets we pull. IST is read as India (+05:30).
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, WET: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600,
  BST: 60, CET: 60, WEST: 60, CEST: 120, EET: 120, EEST: 180,
  MSK: 180, MSD: 240, SAMT: 240, GST: 240, YEKT: 300, PKT: 300, ALMT: 300, AQTT: 300, ORAT: 300, QYZT: 300,
  IST: 330, OMST: 360, NOVT: 420, KRAT: 420, ICT: 420, IRKT: 480, HKT: 480, SGT: 480, AWST: 480,
  JST: 540, KST: 540, YAKT: 540, AEST: 600, VLAT: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

const MIN_YEAR = 1900;

/** Drops RFC 5322 comments ("(Almaty Time)", nested or not) in one pass; an unclosed one drops the rest. */
function withoutComments(raw: string): string {
  let out = '';
  let depth = 0;
  for (const ch of raw) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

function zoneOffset(raw: string): number | null {
  const zone = withoutComments(raw).trim().toUpperCase();
  if (!zone) return 0;
  const named = ZONES[zone];
  if (named !== undefined) return named;
  const numeric = /^(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? 0);
    if (hours > 14 || minutes > 59) return null;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  // Military single letters and unknown abbreviations: RFC 2822 §4.3 says treat as UTC.
  return /^[A-Z]{1,5}$/.test(zone) ? 0 : null;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offset: number;
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

function format(p: Parts): string | null {
  if (p.year < MIN_YEAR || p.year > 9999 || p.hour > 23 || p.minute > 59 || p.second > 60) return null;
  const check = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (check.getUTCMonth() !== p.month - 1 || check.getUTCDate() !== p.day) return null;
  const second = Math.min(p.second, 59);
  const zone = p.offset === 0 ? 'Z' : `${p.offset < 0 ? '-' : '+'}${pad(Math.trunc(p.offset / 60))}:${pad(p.offset % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(second)}${zone}`;
}

function fullYear(raw: string): number {
  const year = Number(raw);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the rest 19xx.
  if (raw.length === 2) return year < 50 ? 2000 + year : 1900 + year;
  return year;
}

function clock(h: string | undefined, m: string | undefined, s: string | undefined, meridiem: string | undefined) {
  let hour = Number(h ?? 0);
  const ampm = meridiem?.toLowerCase();
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  return { hour, minute: Number(m ?? 0), second: Number(s ?? 0) };
}

const TIME = String.raw`(?:\s+|T|,\s*)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp][Mm])?`;
const RFC822 = new RegExp(String.raw`^(\d{1,2})[\s-]+(\p{L}+)\.?,?[\s-]+(\d{4}|\d{2})(?:${TIME})?\s*(.*)$`, 'u');
const MONTH_FIRST = new RegExp(String.raw`^(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:${TIME})?\s*(.*)$`, 'u');
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$/i;
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:${TIME})?\s*(.*)$`);

function fromMatch(year: string, month: number | undefined, day: string, m: RegExpExecArray, timeAt: number, zoneRaw: string | undefined): string | null {
  if (!month) return null;
  const offset = zoneOffset(zoneRaw ?? '');
  if (offset === null) return null;
  return format({ year: fullYear(year), month, day: Number(day), ...clock(m[timeAt], m[timeAt + 1], m[timeAt + 2], m[timeAt + 3]), offset });
}

// The longest date form above with a zone comment is under 60 characters; anything much longer
// is not a date, and the patterns below need not meet it.
const MAX_DATE_LENGTH = 100;

export function parseFeedDate(raw: string | undefined): string | null {
  const trimmed = raw?.trim();
  if (!trimmed || trimmed.length > MAX_DATE_LENGTH) return null;
  // Weekday names are noise (and often wrong); drop a leading word followed by a comma or space
  // when it is not a month.
  let s = trimmed.replace(/\s+/g, ' ');
  const lead = /^(\p{L}+)\.?,?\s+/u.exec(s);
  if (lead?.[1] && MONTHS[lead[1].toLowerCase()] === undefined) s = s.slice(lead[0].length);

  let m = ISO.exec(s);
  if (m) {
    const offset = zoneOffset(m[7] ?? '');
    if (offset === null) return null;
    return format({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...clock(m[4], m[5], m[6], undefined), offset });
  }
  if ((m = RFC822.exec(s))) return fromMatch(m[3] ?? '', MONTHS[(m[2] ?? '').toLowerCase()], m[1] ?? '', m, 4, m[8]);
  if ((m = MONTH_FIRST.exec(s))) return fromMatch(m[3] ?? '', MONTHS[(m[1] ?? '').toLowerCase()], m[2] ?? '', m, 4, m[8]);
  if ((m = DOTTED.exec(s))) return fromMatch(m[3] ?? '', Number(m[2]), m[1] ?? '', m, 4, m[8]);
  if (/^\d{9,10}$/.test(s)) {
    const d = new Date(Number(s) * 1000);
    return format({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), offset: 0 });
  }
  return null;
}
