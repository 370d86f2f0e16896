/**
 * Hostile feed documents built at a requested size: each repeats one shape that makes a
 * backtracking pattern or a recursive reader do work out of proportion to the input. Shared by
 * test/ingest/pathological-feeds.test.ts and bench/pathological-timing.mjs (bundled by esbuild),
 * so the test and the bench feed the very same bytes. Every document also carries one ordinary
 * item, so a pull can be checked to have kept reading after the hostile one.
 */

export type PathologicalFormat = 'rss' | 'atom' | 'json';

export interface PathologicalShape {
  name: string;
  format: PathologicalFormat;
  /** The whole document, as close to `bytes` UTF-8 bytes as the repeated unit allows, never over. */
  build(bytes: number): string;
}

/** Just under the 5 MiB fetch cap (DEFAULT_FETCH_LIMITS.maxBytes), leaving room for headers of the stub. */
export const FULL_SIZE = 5 * 1024 * 1024 - 1024;

export const CONTENT_TYPE: Record<PathologicalFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export const HOST = 'https://hostile.example';

/** The ordinary item every document ends with; its title is what a pull must still store. */
export const ORDINARY_TITLE = 'Алматы метросы жаңа бекет ашты';

const RSS_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Hostile</title><link>${HOST}/</link><description>x</description>\n`;
const RSS_ORDINARY = `<item><title>${ORDINARY_TITLE}</title><link>${HOST}/ok</link><guid>ok</guid><pubDate>Tue, 24 Nov 2026 10:00:00 +0500</pubDate><description>Бекет ашылды.</description></item>\n`;
const RSS_TAIL = `</channel></rss>\n`;

const ATOM_HEAD = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:hostile</id><title>Hostile</title><updated>2026-11-24T10:00:00Z</updated>\n`;
const ATOM_ORDINARY = `<entry><id>urn:hostile:ok</id><title>${ORDINARY_TITLE}</title><link href="${HOST}/ok"/><updated>2026-11-24T10:00:00+05:00</updated><summary>Бекет ашылды.</summary></entry>\n`;
const ATOM_TAIL = `</feed>\n`;

const utf8 = (s: string) => new TextEncoder().encode(s).byteLength;

/** `before + unit × n + after` with n as large as fits in `bytes`. */
function filled(bytes: number, before: string, unit: string, after: string): string {
  const n = Math.max(0, Math.floor((bytes - utf8(before) - utf8(after)) / utf8(unit)));
  return before + unit.repeat(n) + after;
}

/** An RSS document whose first item is `itemStart + unit × n + itemEnd`. */
function rss(itemStart: string, unit: string, itemEnd: string) {
  return (bytes: number) => filled(bytes, `${RSS_HEAD}<item>${itemStart}`, unit, `${itemEnd}</item>\n${RSS_ORDINARY}${RSS_TAIL}`);
}

/** An RSS document whose first item holds `inner`, whatever the requested size. */
function rssFixed(inner: string) {
  return () => `${RSS_HEAD}<item>${inner}</item>\n${RSS_ORDINARY}${RSS_TAIL}`;
}

function atom(entryStart: string, unit: string, entryEnd: string) {
  return (bytes: number) => filled(bytes, `${ATOM_HEAD}<entry><id>urn:hostile:1</id>${entryStart}`, unit, `${entryEnd}</entry>\n${ATOM_ORDINARY}${ATOM_TAIL}`);
}

function atomFixed(inner: string) {
  return () => `${ATOM_HEAD}<entry><id>urn:hostile:1</id>${inner}</entry>\n${ATOM_ORDINARY}${ATOM_TAIL}`;
}

const JSON_ORDINARY = JSON.stringify({ id: 'ok', url: `${HOST}/ok`, title: ORDINARY_TITLE, content_text: 'Бекет ашылды.', date_published: '2026-11-24T10:00:00+05:00' });

/** A JSON Feed whose first item is `{…extra, field: unit × n …fieldEnd}` (unit JSON-escaped). */
function jsonField(field: string, unit: string, extra = '', fieldEnd = '"') {
  return (bytes: number) => {
    const before = `{"version":"https://jsonfeed.org/version/1.1","title":"Hostile","items":[{"id":"1","url":"${HOST}/1",${extra}"${field}":`;
    return filled(bytes, `${before}${fieldEnd === '"' ? '"' : '[{"name":"'}`, JSON.stringify(unit).slice(1, -1), `${fieldEnd}},${JSON_ORDINARY}]}\n`);
  };
}

/** `n` items of a few bytes each, then the ordinary one. */
function manyItems(format: PathologicalFormat, count: number) {
  return (): string => {
    const items: string[] = [];
    for (let i = 0; i < count; i++) {
      if (format === 'rss') items.push(`<item><title>t</title><guid>${i}</guid></item>`);
      else if (format === 'atom') items.push(`<entry><id>g${i}</id><title>t${i}</title></entry>`);
      else items.push(`{"id":"g${i}","title":"t${i}","content_text":"x"}`);
    }
    if (format === 'rss') return `${RSS_HEAD}${items.join('')}\n${RSS_ORDINARY}${RSS_TAIL}`;
    if (format === 'atom') return `${ATOM_HEAD}${items.join('')}\n${ATOM_ORDINARY}${ATOM_TAIL}`;
    return `{"version":"https://jsonfeed.org/version/1.1","title":"Hostile","items":[${JSON_ORDINARY},${items.join(',')}]}\n`;
  };
}

const DEPTH = 100_000;

export const PATHOLOGICAL_SHAPES: readonly PathologicalShape[] = [
  // The probe: a title of `<!--` with no `-->`.
  { name: 'rss title: unclosed <!-- run', format: 'rss', build: rss('<title><![CDATA[', '<!--', ']]></title><guid>1</guid>') },
  { name: 'rss title: <script> without end', format: 'rss', build: rss('<title><![CDATA[', '<script>', ']]></title><guid>1</guid>') },
  { name: 'rss description: <script> without end', format: 'rss', build: rss('<title>s</title><guid>1</guid><description><![CDATA[', '<script>', ']]></description>') },
  { name: 'rss description: unclosed <!-- run', format: 'rss', build: rss('<guid>1</guid><description><![CDATA[', '<!--', ']]></description>') },
  { name: 'rss title: < run', format: 'rss', build: rss('<title><![CDATA[', '<', ']]></title><guid>1</guid>') },
  { name: 'rss title: <a run (tags never closed)', format: 'rss', build: rss('<title><![CDATA[', '<a ', ']]></title><guid>1</guid>') },
  { name: 'rss title: & run', format: 'rss', build: rss('<title><![CDATA[', '&', ']]></title><guid>1</guid>') },
  { name: 'rss title: &# run', format: 'rss', build: rss('<title><![CDATA[', '&#', ']]></title><guid>1</guid>') },
  { name: 'rss title: &amp; run (escaped)', format: 'rss', build: rss('<title>', '&amp;', '</title><guid>1</guid>') },
  { name: 'rss pubDate: ( run', format: 'rss', build: rss('<title>d</title><guid>1</guid><pubDate>Tue, 24 Nov 2026 10:00:00 ', '(', '</pubDate>') },
  { name: 'rss author: ( run', format: 'rss', build: rss('<title>a</title><guid>1</guid><author>a@hostile.example ', '(', '</author>') },
  { name: 'rss category: <!-- run', format: 'rss', build: rss('<title>c</title><guid>1</guid><category><![CDATA[', '<!--', ']]></category>') },
  { name: 'rss link: space run', format: 'rss', build: rss('<title>l</title><guid>1</guid><link>https://hostile.example/', ' \t', 'x</link>') },
  { name: 'rss description: unclosed CDATA run', format: 'rss', build: rss('<title>u</title><guid>1</guid><description>', '&lt;![CDATA[', '</description>') },
  { name: 'rss description: raw <![CDATA[ run', format: 'rss', build: rss('<title>u</title><guid>1</guid><description><![CDATA[', '<![CDATA[', ']]></description>') },
  { name: 'rss: one 5 MiB title', format: 'rss', build: rss('<title>', 'Жаңалық news ', '</title><guid>1</guid>') },
  { name: 'rss: 100 000 nested elements', format: 'rss', build: rssFixed('<title>n</title><guid>1</guid>' + '<x>'.repeat(DEPTH) + '</x>'.repeat(DEPTH)) },
  { name: 'rss: 100 000 nested elements in a title', format: 'rss', build: rssFixed('<title>' + '<b>'.repeat(DEPTH) + '</b>'.repeat(DEPTH) + '</title><guid>1</guid>') },
  { name: 'rss: 100 000 unclosed elements', format: 'rss', build: rssFixed('<title>n</title><guid>1</guid>' + '<x>'.repeat(DEPTH)) },
  { name: 'rss: 100 000 items', format: 'rss', build: manyItems('rss', 100_000) },
  { name: 'atom title: unclosed <!-- run (type=html)', format: 'atom', build: atom('<title type="html">', '&lt;!--', '</title>') },
  { name: 'atom content: <script> without end (xhtml)', format: 'atom', build: atom('<title>s</title><content type="xhtml">', '<script>', '</content>') },
  { name: 'atom title: < run (escaped)', format: 'atom', build: atom('<title type="html">', '&lt;', '</title>') },
  { name: 'atom updated: ( run', format: 'atom', build: atom('<title>d</title><updated>2026-11-24T10:00:00Z ', '(', '</updated>') },
  { name: 'atom author name: ( run', format: 'atom', build: atom('<title>a</title><author><name>', '(', '</name></author>') },
  { name: 'atom content: unclosed CDATA run', format: 'atom', build: atom('<title>u</title><content type="html">', '&lt;![CDATA[', '</content>') },
  { name: 'atom: 100 000 nested elements', format: 'atom', build: atomFixed('<title>n</title>' + '<x>'.repeat(DEPTH) + '</x>'.repeat(DEPTH)) },
  { name: 'atom: 100 000 items', format: 'atom', build: manyItems('atom', 100_000) },
  { name: 'json title: unclosed <!-- run', format: 'json', build: jsonField('title', '<!--') },
  { name: 'json content_html: <script> without end', format: 'json', build: jsonField('content_html', '<script>', '"title":"s",') },
  { name: 'json content_html: < run', format: 'json', build: jsonField('content_html', '<', '"title":"s",') },
  { name: 'json title: &# run', format: 'json', build: jsonField('title', '&#') },
  { name: 'json date_published: ( run', format: 'json', build: jsonField('date_published', '(', '"title":"d",') },
  { name: 'json author name: ( run', format: 'json', build: jsonField('authors', '(', '"title":"a","content_text":"x",', '"}]') },
  { name: 'json: 100 000 nested arrays', format: 'json', build: () => `{"version":"https://jsonfeed.org/version/1.1","items":[${'['.repeat(DEPTH)}${']'.repeat(DEPTH)},${JSON_ORDINARY}]}\n` },
  { name: 'json: 100 000 items', format: 'json', build: manyItems('json', 100_000) },
];
