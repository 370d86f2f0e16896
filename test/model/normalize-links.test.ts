import { describe, expect, it } from 'vitest';
import { normalizeArticle, type Provenance } from '../../src/model/normalize';

const BODY = '<p><img src="pic.jpg" alt="Сурет"> <a href="/x">сілтеме</a> <a href="#frag">төменде</a></p>';

function article(url?: string) {
  return { id: 'kk-links', title: 'Сілтемелер', content_html: BODY, date_published: '2026-11-25T09:00:00+05:00', ...(url ? { url } : {}) };
}

const provenance = (extra: Partial<Provenance> = {}): Provenance => ({
  publisher: 'dala-desk',
  publisherName: 'Дала',
  receivedAt: new Date('2026-11-25T04:00:00Z'),
  ...extra,
});

describe('relative links at intake', () => {
  it('resolve against the article url, before the publisher url', () => {
    const stored = normalizeArticle(article('https://dala.example/kk/2026/story'), provenance({ publisherUrl: 'https://publisher.example/' }));
    expect(stored.content_html).toBe(
      '<p><img src="https://dala.example/kk/2026/pic.jpg" alt="Сурет"> <a href="https://dala.example/x">сілтеме</a> <a href="#frag">төменде</a></p>',
    );
  });

  it("resolve against the publisher's registered url when the article has none", () => {
    const stored = normalizeArticle(article(), provenance({ publisherUrl: 'https://publisher.example/kk/' }));
    expect(stored.content_html).toBe(
      '<p><img src="https://publisher.example/kk/pic.jpg" alt="Сурет"> <a href="https://publisher.example/x">сілтеме</a> <a href="#frag">төменде</a></p>',
    );
  });

  it('stay relative when there is neither, never dropped', () => {
    expect(normalizeArticle(article(), provenance()).content_html).toBe(BODY);
  });

  it("an upstream item's own base wins over both", () => {
    const stored = normalizeArticle(article('https://dala.example/kk/story'), provenance({ contentBase: 'https://base.example/feed/', publisherUrl: 'https://publisher.example/' }));
    expect(stored.content_html).toBe(
      '<p><img src="https://base.example/feed/pic.jpg" alt="Сурет"> <a href="https://base.example/x">сілтеме</a> <a href="#frag">төменде</a></p>',
    );
  });
});
