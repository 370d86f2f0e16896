import type { StoredArticle } from '../../src/model/article-schema';
import { normalizeArticle } from '../../src/model/normalize';
import { parseFeed } from '../../src/ingest/upstream/parse-feed';
import { itemArticleId, toArticleInput } from '../../src/ingest/upstream/to-article';
import type { UpstreamFeed } from '../../src/ingest/upstream/upstream-feed';
import { fixtureBytes } from './fixture-files';

/** Parse-and-map helpers for tests of upstream formats, without KV. */

export const FIRST_SEEN = '2026-11-25T06:00:00Z';

export function parseFixtureFeed(name: string, url: string, contentType: string | null = null): UpstreamFeed {
  return parseFeed(fixtureBytes(name), contentType, url);
}

/** Every item as it would be stored: mapped, then normalized as ingestArticle does. */
export async function storedArticles(feed: UpstreamFeed): Promise<StoredArticle[]> {
  const out: StoredArticle[] = [];
  for (const item of feed.items) {
    const id = await itemArticleId(item, feed);
    if (!id) continue;
    const mapped = toArticleInput(item, { id, feed, firstSeen: FIRST_SEEN, now: new Date(FIRST_SEEN) });
    if (mapped.ok) out.push(normalizeArticle(mapped.input, { publisher: 'test', publisherName: 'Test', receivedAt: new Date(), contentBase: mapped.contentBase }));
  }
  return out;
}
