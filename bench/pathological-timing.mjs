// parse → toArticleInput → normalizeArticle of each hostile document in
// test/helpers/pathological-feeds.ts, at just under the 5 MiB fetch cap: every text path over
// upstream bytes must stay linear, so each one is a fixed budget, not a ratio.
import { bundleAndImport } from './esbuild-bundle.mjs';
import { percentile } from './stats.mjs';

const DOC_URL = 'https://hostile.example/feed';

const ENTRY = `
export { parseFeed } from './src/ingest/upstream/parse-feed';
export { toArticleInput, itemArticleId } from './src/ingest/upstream/to-article';
export { DEFAULT_RUN_LIMITS } from './src/ingest/upstream/schedule';
export { normalizeArticle } from './src/model/normalize';
export { PATHOLOGICAL_SHAPES, FULL_SIZE, CONTENT_TYPE } from './test/helpers/pathological-feeds';
`;

const provenance = { publisher: 'hostile', publisherName: 'Hostile', receivedAt: new Date('2026-11-24T12:00:00Z') };

/**
 * What a pull does with one document before KV: parse, then for the items a pull reads
 * (`maxItems`), id → map → normalize. A FeedError is an answer too (the pull reports it).
 */
async function pipeline(m, bytes, contentType) {
  let feed;
  try {
    feed = m.parseFeed(bytes, contentType, DOC_URL);
  } catch (err) {
    if (err?.name === 'FeedError') return { refused: String(err.message).slice(0, 80), items: 0, mapped: 0 };
    throw err;
  }
  let mapped = 0;
  for (const item of feed.items.slice(0, m.DEFAULT_RUN_LIMITS.maxItems)) {
    const id = await m.itemArticleId(item, feed);
    if (!id) continue;
    const out = m.toArticleInput(item, { id, feed, firstSeen: '2026-11-24T12:00:00Z' });
    if (!out.ok) continue;
    m.normalizeArticle(out.input, provenance);
    mapped++;
  }
  return { refused: null, items: feed.items.length, mapped };
}

/**
 * `size` defaults to the full size; `runs` timed runs after one warm-up, median reported.
 * `only` filters shapes by a substring of their name.
 */
export async function pathologicalTimings(tmpDir, { size, runs = 3, only, log = () => {} } = {}) {
  let m;
  try {
    m = await bundleAndImport(ENTRY, tmpDir, 'pathological-bundle');
  } catch (err) {
    return { available: false, reason: `does not build: ${String(err.message ?? err).split('\n')[0]}` };
  }
  const bytesWanted = size ?? m.FULL_SIZE;
  const results = {};
  for (const shape of m.PATHOLOGICAL_SHAPES) {
    if (only && !shape.name.includes(only)) continue;
    const bytes = new TextEncoder().encode(shape.build(bytesWanted));
    const contentType = m.CONTENT_TYPE[shape.format];
    try {
      const outcome = await pipeline(m, bytes, contentType);
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await pipeline(m, bytes, contentType);
        samples.push(performance.now() - start);
      }
      results[shape.name] = { documentBytes: bytes.length, ...outcome, runs, medianMs: percentile(samples, 50), maxMs: Math.max(...samples) };
    } catch (err) {
      results[shape.name] = { documentBytes: bytes.length, error: String(err?.message ?? err).split('\n')[0] };
    }
    log(`${shape.name}: ${JSON.stringify(results[shape.name])}`);
  }
  return { available: true, results };
}
