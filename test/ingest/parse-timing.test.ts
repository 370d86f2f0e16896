import { describe, expect, it } from 'vitest';
import { normalizeArticle } from '../../src/model/normalize';
import { parseFeed } from '../../src/ingest/upstream/parse-feed';
import { itemArticleId, toArticleInput } from '../../src/ingest/upstream/to-article';

/** A one-off measurement for the report, not a benchmark: nothing is asserted about time. */

function bigRss(targetBytes: number): Uint8Array {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const item =
      `<item><title>Жаңалық ${i}: Almaty &amp; Astana — новости дня</title><link>https://big.example/n/${i}</link>` +
      `<guid isPermaLink="false">big-${i}</guid><pubDate>Tue, 24 Nov 2026 10:${String(i % 60).padStart(2, '0')}:00 +0500</pubDate>` +
      `<category>Қала</category><category>News</category>` +
      `<description><![CDATA[<p>Абзац ${i}. Lorem ipsum dolor sit amet, <a href="/rel/${i}">сілтеме</a>, consectetur adipiscing elit.</p>` +
      `<p>Второй абзац с <b>выделением</b> и <img src="img/${i}.jpg" alt="фото">, sed do eiusmod tempor incididunt.</p>]]></description></item>`;
    items.push(item);
    size += new TextEncoder().encode(item).byteLength;
  }
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>${items.join('')}</channel></rss>`);
}

describe('parse + normalize a ~1 MiB RSS document', () => {
  it('runs, and logs how long it took', async () => {
    const bytes = bigRss(1024 * 1024);
    // workerd's clock only moves across I/O; the awaits below are that I/O.
    await crypto.subtle.digest('SHA-256', new Uint8Array(1));
    const started = performance.now();
    const feed = parseFeed(bytes, 'application/rss+xml', 'https://big.example/rss');
    const parsedAt = performance.now();
    let stored = 0;
    for (const item of feed.items) {
      const id = await itemArticleId(item, feed);
      if (!id) continue;
      const mapped = toArticleInput(item, { id, feed, firstSeen: '2026-11-25T06:00:00Z' });
      if (mapped.ok) {
        normalizeArticle(mapped.input, { publisher: 'big', publisherName: 'Big', receivedAt: new Date() });
        stored++;
      }
    }
    const finished = performance.now();
    console.log(
      `~1 MiB RSS: ${(bytes.byteLength / 1024 / 1024).toFixed(2)} MiB, ${feed.items.length} items; ` +
        `parse ${(parsedAt - started).toFixed(1)} ms, map + normalize ${(finished - parsedAt).toFixed(1)} ms, total ${(finished - started).toFixed(1)} ms`,
    );
    expect(stored).toBe(feed.items.length);
  });
});
