import { describe, expect, it } from 'vitest';
import { capTextRuns } from '../../src/ingest/upstream/cap-text-runs';
import { parseFeedText } from '../../src/ingest/upstream/parse-feed';
import { rawPathTree } from '../../src/ingest/upstream/scoped-names';
import { child, children, firstText, text } from '../../src/ingest/upstream/xml-node';
import { parseXml } from '../../src/ingest/upstream/xml-parser';

/**
 * Over-long upstream texts are cut before the work that would scale with them: texts the
 * parser gathers (outside raw elements) before parsing, raw texts while decoding. What the
 * mapping reads of them stays the same.
 */

const URL = 'https://dala.example/feed';
const RAW = rawPathTree(['rss.channel.item.title', 'rss.channel.item.description', 'rss.channel.item.content:encoded']);

function rss(item: string, namespaces = ''): string {
  return `<rss version="2.0"${namespaces}><channel><title>Дала</title><item>${item}</item></channel></rss>`;
}

function firstItem(doc: string) {
  const { root } = parseXml(doc);
  return child(child(root, 'channel'), 'item');
}

describe('capTextRuns', () => {
  it('cuts a text outside raw elements to 32 768 characters and keeps the tags around it', () => {
    const capped = capTextRuns(rss(`<pubDate>${'('.repeat(100_000)}</pubDate><guid>1</guid>`), RAW);
    expect(capped).toBe(rss(`<pubDate>${'('.repeat(32_768)}</pubDate><guid>1</guid>`));
  });

  it('returns the very document when no text is that long', () => {
    const doc = rss(`<pubDate>${'('.repeat(32_768)}</pubDate><guid>1</guid>`);
    expect(capTextRuns(doc, RAW)).toBe(doc);
  });

  it('never cuts inside a reference', () => {
    // The 32 768th character is the "m" of an `&amp;` starting at 32 766.
    const before = 'x'.repeat(32_766);
    const capped = capTextRuns(rss(`<link>${before}&amp;${'y'.repeat(50_000)}</link>`), RAW);
    expect(capped).toBe(rss(`<link>${before}</link>`));
  });

  it('counts the text on both sides of comments as one: the parser gathers it across them', () => {
    const doc = rss(`<author>${`${'('.repeat(1000)}<!-- c -->`.repeat(40)}</author>`);
    // After the cut, the comments go with the text, up to the end tag.
    const kept = `${'('.repeat(1000)}<!-- c -->`.repeat(32) + '('.repeat(768);
    expect(capTextRuns(doc, RAW)).toBe(rss(`<author>${kept}</author>`));
  });

  it('leaves raw elements whole, escaped markup and all', () => {
    const escaped = '&lt;p&gt;Бекет ашылды.&lt;/p&gt;'.repeat(5000);
    const doc = rss(`<title>t</title><description>${escaped}</description><content:encoded><![CDATA[${'ж'.repeat(70_000)}]]></content:encoded>`);
    expect(capTextRuns(doc, RAW)).toBe(doc);
  });

  it('finds raw elements under the names the parser gives them, whatever prefix the feed wrote', () => {
    const escaped = '&lt;b&gt;Almaty&lt;/b&gt;.'.repeat(3000);
    const doc = rss(`<title>t</title><c:encoded>${escaped}</c:encoded>`, ' xmlns:c="http://purl.org/rss/1.0/modules/content/"');
    const feed = parseFeedText(doc, URL).feed;
    // 78 000 characters as written, never cut; 42 000 once decoded.
    expect(feed.items[0]?.content?.value.length).toBe(42_000);
  });
});

describe('long texts through the parser', () => {
  it('reads a 5 MiB text in an element no adapter reads, cut, and the item after it', () => {
    const doc = rss(`<title>t</title><x-unknown>${'('.repeat(5 * 1024 * 1024)}</x-unknown><guid>g-1</guid>`);
    const item = firstItem(doc);
    expect(text(child(item, 'x-unknown'))?.length).toBe(32_768);
    expect(firstText(item, 'guid')).toBe('g-1');
  });

  it('reads a 5 MiB pubDate split by comments, cut', () => {
    const doc = rss(`<title>t</title><pubDate>${'(<!---->'.repeat(650_000)}</pubDate><guid>g-2</guid>`);
    const item = firstItem(doc);
    expect(firstText(item, 'pubDate')).toBe('('.repeat(32_768));
    expect(firstText(item, 'guid')).toBe('g-2');
  });

  it('decodes references in guid, link, author and pubDate exactly once', () => {
    const doc = rss(
      '<title>t</title><guid isPermaLink="false">a&amp;lt;b</guid><link>https://dala.example/?q=&amp;amp;</link>' +
        '<author>desk@dala.example (Сая &amp;lt;Ж&amp;gt;)</author><pubDate>Tue, 24 Nov 2026 10:00:00 +0500 &amp;lt;</pubDate>' +
        `<category>${'&amp;lt;'.repeat(10_000)}</category>`,
    );
    const item = firstItem(doc);
    expect(firstText(item, 'guid')).toBe('a&lt;b');
    expect(firstText(item, 'link')).toBe('https://dala.example/?q=&amp;');
    expect(firstText(item, 'author')).toBe('desk@dala.example (Сая &lt;Ж&gt;)');
    expect(firstText(item, 'pubDate')).toBe('Tue, 24 Nov 2026 10:00:00 +0500 &lt;');
    // Cut at 32 768 characters of `&amp;lt;` (8 each): 4096 whole references.
    expect(children(item, 'category').map(text)).toEqual(['&lt;'.repeat(4096)]);
  });
});
