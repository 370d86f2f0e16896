import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { indexKeysFor } from '../src/store/keys';
import { call, createPublisher, deliver, event } from './helpers/client';
import { englishArticle } from './helpers/fixtures';

// Live index entries only: a removed entry stays behind as an expiring removal marker (d: 1).
async function indexKeysOf(publisher: string, id: string): Promise<string[]> {
  const page = await env.KV.list<{ d?: number }>({ prefix: 'i:' });
  return page.keys.filter((k) => k.metadata?.d !== 1).map((k) => k.name).filter((k) => k.endsWith(`:${publisher}:${id}`));
}

describe('concurrent replacements of one article', () => {
  it('ends whole (one delivery, no mixed fields) with exactly its own index entries', async () => {
    const secret = await createPublisher('race-desk');
    expect((await deliver({ publisher: 'race-desk', secret, body: event('article.published', englishArticle('contested')) })).status).toBe(201);
    // Each version moves the date and the tag, so a lost race would strand index entries.
    const versions = Array.from({ length: 50 }, (_, i) => ({
      ...englishArticle('contested', new Date(Date.UTC(2026, 0, 1 + i)).toISOString()),
      title: `Version ${i}`,
      summary: `Summary ${i}`,
      content_html: `<p>Body ${i}</p>`,
      tags: [`round-${i}`],
    }));
    const responses = await Promise.all(versions.map((v) => deliver({ publisher: 'race-desk', secret, body: event('article.updated', v) })));
    expect(responses.map((r) => r.status)).toEqual(versions.map(() => 200));

    const stored = await (await call('/api/articles/race-desk/contested')).json<{ title: string; summary: string; content_html: string; tags: string[]; date_published: string }>();
    const n = Number(stored.title.replace('Version ', ''));
    const winner = versions[n]!;
    expect(stored).toMatchObject({ summary: winner.summary, content_html: winner.content_html, tags: winner.tags, date_published: winner.date_published });
    const expected = indexKeysFor({ publisher: 'race-desk', id: 'contested', date_published: winner.date_published, language: winner.language, tags: winner.tags }).sort();
    expect((await indexKeysOf('race-desk', 'contested')).sort()).toEqual(expected);
  });
});
