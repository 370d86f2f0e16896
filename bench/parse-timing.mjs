// Upstream ingest CPU without KV: a fresh ~1 MiB RSS / Atom document (every item new: parse →
// plan (hash, map) → normalize), and the pull after one of a ~200 KiB document of 50 items
// where 49 were already seen (parse → hash and skip 49 → map and normalize the new one).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleAndImport, ROOT } from './esbuild-bundle.mjs';
import { benchArticle } from './fixtures.mjs';
import { MAX_ITEMS, PULL_EXPORTS, pullWithoutKv } from './pull-pipeline.mjs';
import { percentile } from './stats.mjs';

const MIB = 1024 * 1024;
const DOC_URL = 'https://partner.example/feed';

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const rfc822 = (iso) => new Date(iso).toUTCString().replace('GMT', '+0000');

function rssItem(i) {
  const a = benchArticle(i);
  return `<item>
<title>${xmlEscape(a.title)}</title>
<link>${a.url}</link>
<guid isPermaLink="false">urn:partner:${a.id}</guid>
<pubDate>${rfc822(a.date_published)}</pubDate>
<dc:creator>${xmlEscape(a.authors[0].name)}</dc:creator>
${a.tags.map((t) => `<category>${xmlEscape(t)}</category>`).join('')}
<description>${xmlEscape(a.summary)}</description>
<content:encoded><![CDATA[${a.content_html}]]></content:encoded>
<enclosure url="${a.image.url}" type="image/jpeg" length="0"/>
</item>
`;
}

function atomEntry(i) {
  const a = benchArticle(i);
  return `<entry>
<id>urn:partner:${a.id}</id>
<title type="text">${xmlEscape(a.title)}</title>
<link rel="alternate" type="text/html" href="${a.url}"/>
<published>${a.date_published}</published>
<updated>${a.date_modified ?? a.date_published}</updated>
<author><name>${xmlEscape(a.authors[0].name)}</name><uri>${a.authors[0].url}</uri></author>
${a.tags.map((t) => `<category term="${xmlEscape(t)}"/>`).join('')}
<summary type="text">${xmlEscape(a.summary)}</summary>
<content type="html">${xmlEscape(a.content_html)}</content>
</entry>
`;
}

/** Items from `first` on, until the document reaches `bytes` or holds `count` items. */
function buildDocument(head, item, tail, { bytes = Infinity, count = Infinity, first = 0 } = {}) {
  const parts = [head];
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  let n = 0;
  while (size < bytes && n < count) {
    const chunk = item(first + n++);
    parts.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  parts.push(tail);
  return { bytes: new TextEncoder().encode(parts.join('')), items: n };
}

const FORMATS = {
  rss: {
    head: `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>\n<title>Partner — Серіктес</title><link>https://partner.example/</link><description>Partner news</description><language>ru</language>\n`,
    item: rssItem,
    tail: `</channel></rss>\n`,
    contentType: 'application/rss+xml; charset=utf-8',
  },
  atom: {
    head: `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru"><id>urn:partner:feed</id><title>Partner — Серіктес</title><updated>2026-11-24T12:00:00Z</updated><link rel="alternate" href="https://partner.example/"/>\n`,
    item: atomEntry,
    tail: `</feed>\n`,
    contentType: 'application/atom+xml; charset=utf-8',
  },
};

export function upstreamDocuments() {
  const out = {};
  for (const [format, f] of Object.entries(FORMATS)) out[format] = { ...buildDocument(f.head, f.item, f.tail, { bytes: MIB }), contentType: f.contentType };
  return out;
}

export const REPULL_ITEMS = 50;

/**
 * The same feed at two pulls: `before` lists items 1..50, `after` items 0..49 (item 0 new,
 * newest first, as feeds list). Each item is ~4 KiB, so a document is ~200 KiB.
 */
export function repullDocuments() {
  const out = {};
  for (const [format, f] of Object.entries(FORMATS)) {
    const before = buildDocument(f.head, f.item, f.tail, { count: REPULL_ITEMS, first: 1 });
    const after = buildDocument(f.head, f.item, f.tail, { count: REPULL_ITEMS, first: 0 });
    out[format] = { before: before.bytes, after: after.bytes, contentType: f.contentType };
  }
  return out;
}

const ENTRY = `
export { parseFeed } from './src/ingest/upstream/parse-feed';
${PULL_EXPORTS}`;


async function timeAsync(fn, { warmup = 2, minSamples = 8, maxSamples = 60, budgetMs = 1500 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  const deadline = performance.now() + budgetMs;
  while (samples.length < maxSamples && (samples.length < minSamples || performance.now() < deadline)) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { samples: samples.length, medianMs: percentile(samples, 50), p99Ms: percentile(samples, 99), minMs: Math.min(...samples) };
}

export async function parseTimings(tmpDir) {
  if (!existsSync(join(ROOT, 'src/ingest/upstream/parse-feed.ts'))) {
    return { available: false, reason: 'src/ingest/upstream/parse-feed.ts does not exist yet' };
  }
  let m;
  try {
    m = await bundleAndImport(ENTRY, tmpDir, 'parse-bundle');
  } catch (err) {
    return { available: false, reason: `the upstream parser does not build yet: ${String(err.message ?? err).split('\n')[0]}` };
  }
  if (typeof m.parseFeed !== 'function') return { available: false, reason: 'no parseFeed export yet' };
  const canMap = typeof m.planItem === 'function' && typeof m.readFeed === 'function';

  const pull = (bytes, contentType, seenBefore, normalize = true) => pullWithoutKv(m, bytes, contentType, seenBefore, { normalize });

  const results = {};
  for (const [format, doc] of Object.entries(upstreamDocuments())) {
    try {
      const parseOnly = () => m.parseFeed(doc.bytes, doc.contentType, DOC_URL, MAX_ITEMS);
      const parsed = parseOnly();
      const check = canMap ? await pull(doc.bytes, doc.contentType, {}) : null;
      results[format] = {
        documentBytes: doc.bytes.length,
        itemsInDocument: doc.items,
        itemsParsed: parsed.items.length,
        articlesMapped: check ? check.mapped : null,
        parseOnly: await timeAsync(parseOnly),
        parseAndMap: canMap ? await timeAsync(() => pull(doc.bytes, doc.contentType, {}, false)) : null,
        parseMapNormalize: canMap ? await timeAsync(() => pull(doc.bytes, doc.contentType, {})) : null,
      };
    } catch (err) {
      results[format] = { error: String(err?.message ?? err).split('\n')[0], documentBytes: doc.bytes.length };
    }
  }

  const repull = {};
  if (canMap) {
    for (const [format, doc] of Object.entries(repullDocuments())) {
      try {
        const { seen } = await pull(doc.before, doc.contentType, {});
        const check = await pull(doc.after, doc.contentType, seen);
        repull[format] = {
          documentBytes: doc.after.length,
          items: check.items,
          parsed: check.parsed,
          mapped: check.mapped,
          unchanged: check.unchanged,
          parseOnly: await timeAsync(() => m.parseFeed(doc.after, doc.contentType, DOC_URL, MAX_ITEMS), { minSamples: 30, maxSamples: 300 }),
          pull: await timeAsync(() => pull(doc.after, doc.contentType, seen), { minSamples: 30, maxSamples: 300 }),
        };
      } catch (err) {
        repull[format] = { error: String(err?.message ?? err).split('\n')[0] };
      }
    }
  }
  return { available: true, normalizes: canMap, results, repull };
}
