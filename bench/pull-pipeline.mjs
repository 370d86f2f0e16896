// What a pull does with one fetched document before any KV operation (ingest-items.ts):
// read (cut, hash, parse what is new), then per item id → plan (map when new or changed) →
// normalizeArticle, the CPU part of a write in the publisher object (article-events.ts). `m` is a
// bundle exporting readFeed, itemArticleId, planItem and normalizeArticle from src/.

const DOC_URL = 'https://partner.example/feed';
const NOW = new Date('2026-11-24T12:00:00Z');
export const MAX_ITEMS = 200;
const provenance = { publisher: 'partner', publisherName: 'Partner', receivedAt: NOW };

export const PULL_EXPORTS = `
export { itemArticleId } from './src/ingest/upstream/to-article';
export { planItem } from './src/ingest/upstream/plan-item';
export { readFeed } from './src/ingest/upstream/read-feed';
export { normalizeArticle } from './src/model/normalize';
`;

/** A FeedError is an answer too (the pull reports it): `{ refused }`. */
export async function pullWithoutKv(m, bytes, contentType, seenBefore = {}, { normalize = true } = {}) {
  let read;
  try {
    read = await m.readFeed(bytes, contentType, DOC_URL, MAX_ITEMS, seenBefore);
  } catch (err) {
    if (err?.name === 'FeedError') return { refused: String(err.message).slice(0, 80), items: 0, parsed: 0, mapped: 0, unchanged: 0, seen: {} };
    throw err;
  }
  const seen = {};
  let mapped = 0;
  let unchanged = 0;
  for (const entry of read.entries) {
    if (entry.kind === 'known') {
      seen[entry.id] = entry.entry;
      unchanged++;
      continue;
    }
    const id = await m.itemArticleId(entry.item, read.feed);
    if (!id || seen[id]) continue;
    const plan = await m.planItem(entry.item, entry.raw, id, read.feed, seenBefore[id], NOW);
    if (plan.kind === 'invalid') continue;
    seen[id] = plan.entry;
    if (plan.kind === 'unchanged') {
      unchanged++;
      continue;
    }
    if (normalize) m.normalizeArticle(plan.input, plan.contentBase === undefined ? provenance : { ...provenance, contentBase: plan.contentBase });
    mapped++;
  }
  return { refused: null, items: read.total, parsed: read.feed.items.length, mapped, unchanged, seen };
}
