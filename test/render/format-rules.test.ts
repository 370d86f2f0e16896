/**
 * The format checkers must catch what they claim to, or the "no violations" assertions in the
 * renderer tests prove nothing. Each case breaks one rule in a real rendered document.
 */
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../src/render/atom';
import { renderJsonFeed } from '../../src/render/json-feed';
import { renderRss } from '../../src/render/rss';
import { englishFerry, kazakhLibrary, feedDocument } from './fixtures';
import { atomViolations, jsonFeedViolations, rssViolations, type Json } from '../helpers/format-rules';
import { parseStrictXml } from '../helpers/strict-xml';

const doc = feedDocument([kazakhLibrary(), englishFerry()]);

function tamper(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`tamper: ${String(from)} not found`);
  return out;
}

describe('atomViolations', () => {
  const atom = renderAtom(doc);

  it('passes the untouched document', () => {
    expect(atomViolations(parseStrictXml(atom).root)).toEqual([]);
  });

  it.each([
    ['an entry without updated', /<updated>2026-11-20T11:15:30\+05:00<\/updated>/, '', /entry 0: expected one <updated>/],
    ['a feed without id', /<id>https:\/\/newswire\.example\/<\/id>/, '', /feed: expected one <id>/],
    ['a non-RFC 3339 date', '<published>2026-11-20T09:30:00+05:00', '<published>Fri, 20 Nov 2026 04:30:00 GMT', /published .* is not RFC 3339/],
    ['two alternates of one type', '<link rel="alternate" type="text/html" href="https://steppe.example/kk/library"/>', '<link rel="alternate" type="text/html" href="https://steppe.example/kk/library"/><link type="text/html" href="https://x.example/"/>', /two rel="alternate" links/],
    ['no author anywhere', '<author><name>newswire</name></author>', '', /entry 1: no author and the feed has none/],
    ['no self link', ' rel="self"', ' rel="via"', /rel="self"/],
  ])('catches %s', (_name, from, to, message) => {
    expect(atomViolations(parseStrictXml(tamper(atom, from, to)).root).join('\n')).toMatch(message);
  });
});

describe('rssViolations', () => {
  const rss = renderRss(doc);

  it('passes the untouched document', () => {
    expect(rssViolations(parseStrictXml(rss).root)).toEqual([]);
  });

  it.each([
    ['an ISO pubDate', '<pubDate>Fri, 20 Nov 2026 04:30:00 GMT</pubDate>', '<pubDate>2026-11-20T04:30:00Z</pubDate>', /pubDate .* is not RFC 822/],
    ['a missing guid', /<guid isPermaLink="false">[^<]*kk-library[^<]*<\/guid>/, '', /item 0: expected one <guid>/],
    ['a permalink guid that is not a URL', 'isPermaLink="false"', 'isPermaLink="true"', /permalink guid/],
    ['a source without url', '<source url="https://south.example/">', '<source>', /source without a url/],
    ['a channel without description', /<description>[^<]*<\/description>/, '', /channel: expected one <description>/],
    ['no atom:link self', 'rel="self"', 'rel="hub"', /atom:link rel="self"/],
    ['an author that is a name', '<dc:creator>', '<author>Ann</author><dc:creator>', /author "Ann" is not an e-mail/],
  ])('catches %s', (_name, from, to, message) => {
    expect(rssViolations(parseStrictXml(tamper(rss, from, to)).root).join('\n')).toMatch(message);
  });
});

describe('jsonFeedViolations', () => {
  const json = renderJsonFeed(doc);
  const parse = (text: string): Json => JSON.parse(text) as Json;

  it('passes the untouched document', () => {
    expect(jsonFeedViolations(parse(json))).toEqual([]);
  });

  it.each([
    ['version 1.0', 'https://jsonfeed.org/version/1.1', 'https://jsonfeed.org/version/1', /version is/],
    ['a numeric id', /"id":"tag:[^"]*kk-library-2026"/, '"id":7', /item 0: id is not a string/],
    ['the 1.0 author object', '"authors":[', '"author":{"name":"x"},"authors":[', /deprecated author/],
    ['a non-RFC 3339 date', '"date_published":"2026-11-20T09:30:00+05:00"', '"date_published":"20 Nov 2026"', /date_published is not RFC 3339/],
    ['an extension without underscore', '"_newswire"', '"newswire"', /"newswire" is neither/],
    ['an item without content', /"content_html":"(?:[^"\\]|\\.)*",/, '', /neither content_html nor content_text/],
  ])('catches %s', (_name, from, to, message) => {
    expect(jsonFeedViolations(parse(tamper(json, from, to))).join('\n')).toMatch(message);
  });
});
