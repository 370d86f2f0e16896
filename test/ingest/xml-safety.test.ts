import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/ingest/upstream/parse-feed';
import { FeedError } from '../../src/ingest/upstream/upstream-feed';
import { decodeXmlReferences, parseXml, readProlog } from '../../src/ingest/upstream/xml-parser';
import { fixtureBytes, fixtureText } from '../helpers/fixture-files';

describe('entity handling', () => {
  it('expands only the five predefined entities and character references', () => {
    expect(decodeXmlReferences('&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos; &#1055;&#x440;&#x438; &nbsp; &copy; &amp;lt;')).toBe(
      '<b> & "q" \'a\' При &nbsp; &copy; &lt;',
    );
    expect(decodeXmlReferences('&#0; &#xD800; &#x110000;')).toBe('\uFFFD \uFFFD \uFFFD');
  });

  it('defuses a billion-laughs document: nothing expands, parsing stays cheap', () => {
    const feed = parseFeed(fixtureBytes('xml-billion-laughs.xml'), 'application/rss+xml', 'https://laughs.example/rss');
    const item = feed.items[0];
    expect(item?.title?.value).toBe('Laughs &lol9; and &short;');
    expect(item?.content?.value).toBe('&lol9;&lol9;&lol9;&lol9;');
    expect(JSON.stringify(feed)).not.toContain('lollol');
    expect(JSON.stringify(feed).length).toBeLessThan(2000);
  });

  it('never resolves an external entity (XXE) and keeps the document readable', () => {
    const feed = parseFeed(fixtureBytes('xml-external-entity.xml'), 'application/rss+xml', 'https://curious.example/rss');
    expect(feed.items[0]?.title?.value).toBe('Secrets: &xxe;');
    expect(feed.items[0]?.content?.value).toBe('Metadata: &remote;');
  });

  it('ignores a DOCTYPE declared inside the body too', () => {
    const { root } = parseXml('<r><!DOCTYPE r [<!ENTITY a "expanded">]><x>&a;</x></r>');
    expect(root.x).toBe('&a;');
  });
});

describe('well-formedness', () => {
  it('refuses a truncated document instead of salvaging half an item', () => {
    expect(() => parseFeed(fixtureBytes('rss-truncated.xml'), null, 'https://cut.example/rss')).toThrow(FeedError);
    expect(() => parseFeed(fixtureBytes('rss-truncated.xml'), null, 'https://cut.example/rss')).toThrow(/never closed/);
  });

  it('accepts comments and processing instructions after the root element', () => {
    const text = fixtureText('rss-2.0-basic.xml') + '\n<!-- generated in 12 ms -->\n<?cache hit?>\n';
    expect(parseFeed(new TextEncoder().encode(text), null, 'https://dala.example/rss.xml').items).toHaveLength(3);
  });

  it('refuses documents that are not feeds', () => {
    expect(() => parseFeed(fixtureBytes('html-not-a-feed.html'), 'text/html', 'https://x.example/')).toThrow(/not a feed/);
    expect(() => parseFeed(new TextEncoder().encode('{"version":"1"}'), null, 'https://x.example/')).toThrow(/not a JSON Feed/);
    expect(() => parseFeed(new TextEncoder().encode('{"version":'), null, 'https://x.example/')).toThrow(/malformed JSON/);
    expect(() => parseFeed(new TextEncoder().encode(''), null, 'https://x.example/')).toThrow(FeedError);
  });

  it('finds the root element past declaration, comments and a DOCTYPE with tricky literals', () => {
    const doc = '\uFEFF<?xml version="1.0"?>\n<!-- a > b -->\n<!DOCTYPE feed [ <!ENTITY x "]>"> <!-- ]> --> ]>\n<feed/>';
    expect(readProlog(doc)?.rootName).toBe('feed');
  });
});
