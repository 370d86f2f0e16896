// read → plan → normalizeArticle of each hostile document in
// test/helpers/pathological-feeds.ts, at just under the 5 MiB fetch cap: every text path over
// upstream bytes must stay linear, so each one is a fixed budget, not a ratio.
import { bundleAndImport } from './esbuild-bundle.mjs';
import { PULL_EXPORTS, pullWithoutKv } from './pull-pipeline.mjs';
import { percentile } from './stats.mjs';

const ENTRY = `
${PULL_EXPORTS}
export { PATHOLOGICAL_SHAPES, FULL_SIZE, CONTENT_TYPE } from './test/helpers/pathological-feeds';
`;

// A first pull (nothing seen before): the production path, which reads at most MAX_ITEMS.
const pipeline = (m, bytes, contentType) => pullWithoutKv(m, bytes, contentType);

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
      const { seen: _seen, ...outcome } = await pipeline(m, bytes, contentType);
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
