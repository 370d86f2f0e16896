import { describe, expect, it } from 'vitest';
import { parseTopic } from '../../src/push/websub/topics';

const HUB = 'https://newswire.test';

describe('parseTopic: served topics', () => {
  it.each([
    ['https://newswire.test/feed.xml', { kind: 'all' }, 'rss'],
    ['https://newswire.test/atom.xml', { kind: 'all' }, 'atom'],
    ['https://newswire.test/feed.json', { kind: 'all' }, 'json'],
    ['https://newswire.test/tags/%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/feed.xml', { kind: 'tag', tag: 'алматы' }, 'rss'],
    ['https://newswire.test/tags/transport/feed.json', { kind: 'tag', tag: 'transport' }, 'json'],
    ['https://newswire.test/publishers/steppe-daily/atom.xml', { kind: 'publisher', publisher: 'steppe-daily' }, 'atom'],
    ['https://newswire.test/lang/kk/feed.json', { kind: 'lang', lang: 'kk' }, 'json'],
    // The URL parser's own normalisation (default port, host case) is the same URL.
    ['https://NEWSWIRE.test:443/feed.xml', { kind: 'all' }, 'rss'],
  ])('%s', (topic, scope, format) => {
    const parsed = parseTopic(topic, HUB);
    expect(parsed).toEqual({ ok: true, scope, format, topic: new URL(topic).href });
  });

  it('takes a raw Cyrillic tag as its percent-encoded canonical URL', () => {
    expect(parseTopic('https://newswire.test/tags/алматы/atom.xml', HUB)).toEqual({
      ok: true,
      scope: { kind: 'tag', tag: 'алматы' },
      format: 'atom',
      topic: 'https://newswire.test/tags/%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/atom.xml',
    });
  });
});

describe('parseTopic: refused topics, with their reasons', () => {
  it.each([
    ['not a url', 'hub.topic is not an absolute URL'],
    ['/feed.xml', 'hub.topic is not an absolute URL'],
    ['https://elsewhere.example/feed.xml', 'the topic is not on this hub’s site (https://newswire.test)'],
    ['http://newswire.test/feed.xml', 'the topic is not on this hub’s site (https://newswire.test)'],
    ['https://newswire.test:8443/feed.xml', 'the topic is not on this hub’s site (https://newswire.test)'],
    ['https://newswire.test/feed.xml?cursor=abc', 'a topic is the first page of a feed: no query string (later pages are not topics)'],
    ['https://newswire.test/feed.xml?', 'a topic is the first page of a feed: no query string (later pages are not topics)'],
    ['https://newswire.test/feed.xml#top', 'a topic carries no fragment'],
    ['https://newswire.test/news', 'the path is not one of newswire’s feeds'],
    ['https://newswire.test/feed.rss', 'the path is not one of newswire’s feeds'],
    ['https://newswire.test/feed.xml/', 'the path is not one of newswire’s feeds'],
    ['https://newswire.test/docs/feed.xml', 'the path is not one of newswire’s feeds'],
    ['https://newswire.test/tags/a/b/feed.xml', 'the path is not one of newswire’s feeds'],
    ['https://newswire.test/tags/%E0%A4%A/feed.xml', 'the path is not one of newswire’s feeds'],
    ['https://newswire.test/tags//feed.xml', 'the tag is not one newswire can index'],
    [`https://newswire.test/tags/${'x'.repeat(51)}/feed.xml`, 'the tag is not one newswire can index'],
    ['https://newswire.test/tags/%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/feed.xml', 'the feed’s own URL (its rel=self) is https://newswire.test/tags/%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B/feed.xml'],
    ['https://newswire.test/tags/Transport/feed.xml', 'the feed’s own URL (its rel=self) is https://newswire.test/tags/transport/feed.xml'],
    ['https://newswire.test/publishers/Steppe/feed.xml', 'the publisher id is not a valid one (2–40 of a–z 0–9 -)'],
    ['https://newswire.test/publishers/a/feed.xml', 'the publisher id is not a valid one (2–40 of a–z 0–9 -)'],
    ['https://newswire.test/lang/kk-KZ/feed.xml', 'the language is not a primary language subtag (kk, ru, en)'],
    ['https://newswire.test/lang/KK/feed.xml', 'the feed’s own URL (its rel=self) is https://newswire.test/lang/kk/feed.xml'],
  ])('%s', (topic, reason) => {
    expect(parseTopic(topic, HUB)).toEqual({ ok: false, reason });
  });
});
