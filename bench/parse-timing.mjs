// Parse + normalize time of ~1 MiB upstream RSS and Atom documents, if the upstream parser
// (src/ingest/upstream/parse-feed.ts, another engineer's work in progress) is there yet.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleAndImport, ROOT } from './esbuild-bundle.mjs';
import { benchArticle } from './fixtures.mjs';
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

/** Items are added until the document reaches 1 MiB. */
function buildDocument(head, item, tail) {
  const parts = [head];
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  let n = 0;
  while (size < MIB) {
    const chunk = item(n++);
    parts.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  parts.push(tail);
  return { bytes: new TextEncoder().encode(parts.join('')), items: n };
}

export function upstreamDocuments() {
  const rss = buildDocument(
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>\n<title>Partner — Серіктес</title><link>https://partner.example/</link><description>Partner news</description><language>ru</language>\n`,
    rssItem,
    `</channel></rss>\n`,
  );
  const atom = buildDocument(
    `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru"><id>urn:partner:feed</id><title>Partner — Серіктес</title><updated>2026-11-24T12:00:00Z</updated><link rel="alternate" href="https://partner.example/"/>\n`,
    atomEntry,
    `</feed>\n`,
  );
  return { rss: { ...rss, contentType: 'application/rss+xml; charset=utf-8' }, atom: { ...atom, contentType: 'application/atom+xml; charset=utf-8' } };
}

const ENTRY = `
export { parseFeed } from './src/ingest/upstream/parse-feed';
export { toArticleInput, itemArticleId } from './src/ingest/upstream/to-article';
export { normalizeArticle } from './src/model/normalize';
`;

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
  const canMap = typeof m.toArticleInput === 'function' && typeof m.itemArticleId === 'function';
  const provenance = { publisher: 'partner', publisherName: 'Partner', receivedAt: new Date('2026-11-24T12:00:00Z') };
  const docs = upstreamDocuments();
  const results = {};
  for (const [format, doc] of Object.entries(docs)) {
    try {
      const parseOnly = () => m.parseFeed(doc.bytes, doc.contentType, DOC_URL);
      // What a pull does with each item before KV: id, map to ArticleInput (sanitized,
      // schema-checked), then ingestArticle's normalizeArticle.
      const pipeline = (normalize) => async () => {
        const feed = parseOnly();
        let mapped = 0;
        for (const item of feed.items) {
          const id = await m.itemArticleId(item, feed);
          if (!id) continue;
          const out = m.toArticleInput(item, { id, feed, firstSeen: '2026-11-24T12:00:00Z' });
          if (!out.ok) continue;
          if (normalize) m.normalizeArticle(out.input, provenance);
          mapped++;
        }
        return { items: feed.items.length, mapped };
      };
      const parsed = parseOnly();
      const check = canMap ? await pipeline(true)() : null;
      results[format] = {
        documentBytes: doc.bytes.length,
        itemsInDocument: doc.items,
        itemsParsed: parsed.items.length,
        articlesMapped: check ? check.mapped : null,
        parseOnly: await timeAsync(parseOnly),
        parseAndMap: canMap ? await timeAsync(pipeline(false)) : null,
        parseMapNormalize: canMap ? await timeAsync(pipeline(true)) : null,
      };
    } catch (err) {
      results[format] = { error: String(err?.message ?? err).split('\n')[0], documentBytes: doc.bytes.length };
    }
  }
  return { available: true, normalizes: canMap, results };
}
