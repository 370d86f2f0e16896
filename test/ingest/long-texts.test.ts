import { describe, expect, it } from 'vitest';
import { capTextRuns } from '../../src/ingest/upstream/cap-text-runs';
import { parseFeedText } from '../../src/ingest/upstream/parse-feed';
import { rawPathTree } from '../../src/ingest/upstream/scoped-names';
import { child, children, firstText, text } from '../../src/ingest/upstream/xml-node';
import { parseXml, rawXmlText } from '../../src/ingest/upstream/xml-parser';

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

describe('raw texts decoded only as far as they are read', () => {
  it('gives the first `max` characters of what the whole text decodes to', () => {
    expect(rawXmlText('&amp;'.repeat(10), 3)).toBe('&&&');
    expect(rawXmlText('<![CDATA[ab]]>&lt;cd', 3)).toBe('ab<');
    expect(rawXmlText('a&lt;<![CDATA[&amp;&amp;]]>', 4)).toBe('a<&a');
    expect(rawXmlText('x <![CDATA[y &amp; z', 8)).toBe('x <![CDA');
    expect(rawXmlText('x <![CDATA[y &amp; z', 100)).toBe('x <![CDATA[y & z');
  });

  it('never splits a surrogate pair', () => {
    expect(rawXmlText('ab&#x1F600;c', 3)).toBe('ab');
    expect(rawXmlText('<![CDATA[ab😀c]]>', 3)).toBe('ab');
    expect(rawXmlText('ab&#x1F600;c', 4)).toBe('ab😀');
  });

  it('never lets a reference cut where decoding stops into what it gives', () => {
    // Decoding 5000 characters starts with 5001 of text, which end inside the `&lt;`.
    expect(rawXmlText(`${'x'.repeat(4999)}&lt;${'y'.repeat(5000)}`, 5000)).toBe(`${'x'.repeat(4999)}<`);
    expect(rawXmlText('&#x1F600;'.repeat(100), 5)).toBe('😀😀');
  });

  it('decodes as far as needed however long the references are', () => {
    expect(rawXmlText('&#0000065;'.repeat(100_000), 2400)).toBe('A'.repeat(2400));
  });

  it('keeps 2400 characters of an RSS title, 8000 of a teaser and all of a body', () => {
    const item =
      `<title>${'&amp;'.repeat(1_000_000)}</title><description>${'&lt;'.repeat(20_000)}</description>` + `<content:encoded>${'&gt;'.repeat(20_000)}</content:encoded>`;
    const { feed } = parseFeedText(rss(item, ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'), URL);
    expect(feed.items[0]?.title?.value).toBe('&'.repeat(2400));
    expect(feed.items[0]?.summary?.value).toBe('<'.repeat(8000));
    expect(feed.items[0]?.content?.value).toBe('>'.repeat(20_000));
  });

  it('reads an RSS description as far as a body when it is the body', () => {
    const { feed } = parseFeedText(rss(`<title>t</title><description>${'&lt;'.repeat(20_000)}</description>`), URL);
    expect(feed.items[0]?.content?.value).toBe('<'.repeat(20_000));
  });

  it('reads an Atom summary as a teaser beside a body, and as far as a body without one', () => {
    const entry = (content: string) =>
      `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:f</id><title>f</title><entry><id>urn:e</id><title>e</title>` +
      `<summary type="html">${'&lt;'.repeat(10_000)}</summary>${content}</entry></feed>`;
    const withBody = parseFeedText(entry('<content type="html">&lt;p&gt;Мәтін&lt;/p&gt;</content>'), URL).feed.items[0];
    expect(withBody?.summary?.value).toBe('<'.repeat(8000));
    expect(withBody?.content?.value).toBe('<p>Мәтін</p>');
    const withoutBody = parseFeedText(entry(''), URL).feed.items[0];
    expect(withoutBody?.summary?.value).toBe('<'.repeat(10_000));
  });
});
