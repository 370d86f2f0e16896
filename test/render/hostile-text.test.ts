/**
 * Strings that never went through intake, handed straight to the renderers: every XML output
 * must stay well-formed under a strict parser and give back exactly the text that went in,
 * minus only the characters XML 1.0 §2.2 forbids.
 */
import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/model/article-schema';
import { renderAtom } from '../../src/render/atom';
import { renderJsonFeed } from '../../src/render/json-feed';
import { renderRss } from '../../src/render/rss';
import { feedDocument } from './fixtures';
import { atomViolations, rssViolations } from '../helpers/format-rules';
import { attr, kid, kids, NS, parseStrictXml, textOf } from '../helpers/strict-xml';

// Every one of these is outside XML 1.0's Char production (§2.2): C0 controls, U+FFFE/U+FFFF,
// and surrogates that are not part of a pair.
const FORBIDDEN = '\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF';
const RLO = '\u202E';
const PDF = '\u202C';

const hostile: StoredArticle = {
  id: 'hostile-1',
  publisher: 'evil-press',
  publisher_name: `Evil & <Press> "Ltd"${FORBIDDEN}`,
  received_at: '2026-11-23T00:00:00Z',
  title: `Tom & Jerry <b>bold</b> ]]> and ]]> again <![CDATA[ x${FORBIDDEN}\uD800|\uDC00 end 🎉`,
  summary: `a < b && c > d; "q" 'single' ${RLO}evil${PDF} مرحبا بالعالم שלום עולם`,
  content_html: `<p>one ]]> two ]]> <![CDATA[ three</p>${FORBIDDEN}<p>&amp; &lt;b&gt; 🎉 ${RLO}</p>`,
  url: 'https://evil.example/a?x=1&y=2&z=<3>"',
  image: { url: 'https://evil.example/i.jpg?a=1&b="2"&c=<3>', caption: `Cap & <cap> "q" 'a' ]]>${FORBIDDEN}`, credit: `Credit & <c> "q" ${RLO}` },
  authors: [{ name: `Ann & <Bob> "the"${FORBIDDEN} Builder`, url: 'https://evil.example/u?a=1&b=<2>' }],
  source: { name: 'Source & <S> "q" ]]>', url: 'https://src.example/?a=1&b=<"x">' },
  // Lone surrogates on their own too, not only next to C0 characters.
  tags: [`&<>"'`, 'true', 'مرحبا', `${RLO}evil`, `t${FORBIDDEN}ag`, 'lone\uDBFFhigh', 'lone\uDC00low'],
  language: 'ar" onload="x',
  date_published: '2026-11-20T09:30:00+05:00',
};

// What a reader must get back: the same text with only the forbidden characters gone.
const expected = {
  publisherName: 'Evil & <Press> "Ltd"',
  title: 'Tom & Jerry <b>bold</b> ]]> and ]]> again <![CDATA[ x| end 🎉',
  summary: `a < b && c > d; "q" 'single' ${RLO}evil${PDF} مرحبا بالعالم שלום עולם`,
  // The cover figure leads the content; its caption and credit are escaped once, as HTML text.
  content:
    `<figure><img src="https://evil.example/i.jpg?a=1&amp;b=&quot;2&quot;&amp;c=&lt;3&gt;" alt="Cap &amp; &lt;cap&gt; &quot;q&quot; &apos;a&apos; ]]&gt;">` +
    `<figcaption>Cap &amp; &lt;cap&gt; "q" 'a' ]]&gt; <small>Photo: Credit &amp; &lt;c&gt; "q" ${RLO}</small></figcaption></figure>` +
    `<p>one ]]> two ]]> <![CDATA[ three</p><p>&amp; &lt;b&gt; 🎉 ${RLO}</p>`,
  caption: `Cap & <cap> "q" 'a' ]]>`,
  author: 'Ann & <Bob> "the" Builder',
  tags: [`&<>"'`, 'true', 'مرحبا', `${RLO}evil`, 'tag', 'lonehigh', 'lonelow'],
};

const doc = feedDocument([hostile], {
  title: `news & <wire> "x"${FORBIDDEN}`,
  description: `]]> ${FORBIDDEN}<desc>`,
  homeUrl: 'https://newswire.example/?a=1&b="2"',
  selfUrl: 'https://newswire.example/feed?a=1&b=<2>',
  hubUrl: 'https://newswire.example/websub?h=<1>&i="2"',
  nextUrl: 'https://newswire.example/feed?before=x&c=<"3">',
  language: 'kk" x="1',
});

/**
 * JSON with invisible characters spelled out: a failing diff shows which character differs, and
 * stays valid UTF-8 — a lone surrogate in an assertion message crashes vitest's WebSocket
 * transport ("invalid UTF-8 sequence") instead of failing the test by name.
 */
function visible(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/[\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('hostile text in RSS', () => {
  const xml = renderRss(doc);
  // Parsed inside each test, so an ill-formed document fails the tests by name.
  const channelOf = () => kid(parseStrictXml(xml).root, '', 'channel');

  it('stays well-formed and valid RSS 2.0', () => {
    expect(rssViolations(parseStrictXml(xml).root)).toEqual([]);
  });

  it('gives back every text exactly, minus forbidden characters', () => {
    const channel = channelOf();
    const item = kid(channel, '', 'item');
    const got = {
      channelTitle: textOf(channel, '', 'title'),
      channelDescription: textOf(channel, '', 'description'),
      channelLanguage: textOf(channel, '', 'language'),
      title: textOf(item, '', 'title'),
      link: textOf(item, '', 'link'),
      description: textOf(item, '', 'description'),
      content: textOf(item, NS.content, 'encoded'),
      creators: kids(item, NS.dc, 'creator').map((c) => c.text),
      categories: kids(item, '', 'category').map((c) => c.text),
      publisher: textOf(item, NS.dc, 'publisher'),
      language: textOf(item, NS.dc, 'language'),
    };
    expect(visible(got)).toBe(
      visible({
        channelTitle: 'news & <wire> "x"',
        channelDescription: ']]> <desc>',
        channelLanguage: 'kk" x="1',
        title: expected.title,
        link: hostile.url,
        // HTML-escaped once for RSS description (it is HTML), then XML-escaped by the builder.
        description: `a &lt; b &amp;&amp; c &gt; d; "q" 'single' ${RLO}evil${PDF} مرحبا بالعالم שלום עולם`,
        content: expected.content,
        creators: [expected.author],
        categories: expected.tags,
        publisher: expected.publisherName,
        language: hostile.language,
      }),
    );
  });

  it('gives back attribute-borne text exactly', () => {
    const channel = channelOf();
    const item = kid(channel, '', 'item');
    const source = kid(item, '', 'source');
    const media = kid(item, NS.media, 'content');
    const got = {
      source: [source.text, attr(source, 'url')],
      mediaUrl: attr(media, 'url'),
      caption: textOf(media, NS.media, 'description'),
      credit: textOf(media, NS.media, 'credit'),
      channelLinks: kids(channel, NS.atom, 'link').map((l) => attr(l, 'href')),
    };
    expect(visible(got)).toBe(
      visible({
        source: ['Source & <S> "q" ]]>', 'https://src.example/?a=1&b=<"x">'],
        mediaUrl: hostile.image?.url,
        caption: expected.caption,
        credit: `Credit & <c> "q" ${RLO}`,
        channelLinks: [doc.selfUrl, 'https://newswire.example/websub?h=<1>&i="2"', doc.alternates.atom, doc.alternates.json, doc.nextUrl],
      }),
    );
  });
});

describe('hostile text in Atom', () => {
  const xml = renderAtom(doc);
  const feedOf = () => parseStrictXml(xml).root;

  it('stays well-formed and valid RFC 4287', () => {
    expect(atomViolations(feedOf())).toEqual([]);
  });

  it('gives back every text exactly, minus forbidden characters', () => {
    const feed = feedOf();
    const entry = kid(feed, NS.atom, 'entry');
    const author = kid(entry, NS.atom, 'author');
    const got = {
      feedTitle: textOf(feed, NS.atom, 'title'),
      feedId: textOf(feed, NS.atom, 'id'),
      title: textOf(entry, NS.atom, 'title'),
      summary: textOf(entry, NS.atom, 'summary'),
      content: textOf(entry, NS.atom, 'content'),
      author: [textOf(author, NS.atom, 'name'), textOf(author, NS.atom, 'uri')],
      source: textOf(kid(entry, NS.atom, 'source'), NS.atom, 'title'),
      publisher: textOf(entry, NS.dc, 'publisher'),
    };
    expect(visible(got)).toBe(
      visible({
        feedTitle: 'news & <wire> "x"',
        feedId: doc.homeUrl,
        title: expected.title,
        summary: expected.summary,
        content: expected.content,
        author: [expected.author, 'https://evil.example/u?a=1&b=<2>'],
        source: 'Source & <S> "q" ]]>',
        publisher: expected.publisherName,
      }),
    );
  });

  it('gives back attribute-borne text exactly: category terms, xml:lang, hrefs, media url', () => {
    const feed = feedOf();
    const entry = kid(feed, NS.atom, 'entry');
    const got = {
      terms: kids(entry, NS.atom, 'category').map((c) => attr(c, 'term')),
      feedLang: attr(feed, 'lang', NS.xml),
      entryLang: attr(entry, 'lang', NS.xml),
      links: kids(entry, NS.atom, 'link').map((l) => attr(l, 'href')),
      sourceLink: attr(kid(kid(entry, NS.atom, 'source'), NS.atom, 'link'), 'href'),
      mediaUrl: attr(kid(entry, NS.media, 'content'), 'url'),
      feedLinks: kids(feed, NS.atom, 'link').map((l) => attr(l, 'href')),
    };
    expect(visible(got)).toBe(
      visible({
        terms: expected.tags,
        feedLang: 'kk" x="1',
        entryLang: hostile.language,
        links: [hostile.url, hostile.image?.url],
        sourceLink: 'https://src.example/?a=1&b=<"x">',
        mediaUrl: hostile.image?.url,
        feedLinks: [doc.homeUrl, doc.selfUrl, 'https://newswire.example/websub?h=<1>&i="2"', doc.alternates.rss, doc.alternates.json, doc.nextUrl],
      }),
    );
  });
});

// Whole documents are searched with includes() so a failure never prints the document itself
// (see visible() above), only the snippet.
function expectIn(xml: string, snippet: string, present = true): void {
  expect(xml.includes(snippet), `${present ? 'missing' : 'unexpected'}: ${visible(snippet)}`).toBe(present);
}

describe('the XML builder escaping that the renderers rely on', () => {
  const atom = renderAtom(doc);
  const rss = renderRss(doc);

  it('escapes & < > in text and & < > " \' in attributes', () => {
    expectIn(atom, '<title>Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; ]]&gt; and ]]&gt; again &lt;![CDATA[ x| end 🎉</title>');
    expectIn(atom, '<category term="&amp;&lt;&gt;&quot;&apos;"/>');
    expectIn(rss, '<source url="https://src.example/?a=1&amp;b=&lt;&quot;x&quot;&gt;">Source &amp; &lt;S&gt; "q" ]]&gt;</source>');
  });

  it('writes an attribute whose value is "true" as term="true", not as a bare (ill-formed) name', () => {
    expectIn(atom, '<category term="true"/>');
  });

  it('never emits CDATA or raw markup from article text', () => {
    for (const xml of [atom, rss]) {
      expectIn(xml, '<![CDATA[', false);
      expectIn(xml, '<b>', false);
      expectIn(xml, '<p>', false);
    }
  });

  it('keeps emoji surrogate pairs, RTL override and Arabic/Hebrew text intact', () => {
    expectIn(atom, '🎉');
    expectIn(atom, `${RLO}evil${PDF} مرحبا بالعالم שלום עולם`);
  });
});

describe('hostile text in JSON Feed', () => {
  const json = renderJsonFeed(doc);

  it('is JSON whose strings equal the input minus XML-forbidden characters', () => {
    const feed = JSON.parse(json) as { title: string; items: Array<Record<string, unknown>> };
    const item = feed.items[0] ?? {};
    const got = { feedTitle: feed.title, title: item.title, summary: item.summary, content: item.content_html, tags: item.tags, authors: item.authors, ext: item._newswire };
    expect(visible(got)).toBe(
      visible({
        feedTitle: 'news & <wire> "x"',
        title: expected.title,
        summary: expected.summary,
        content: expected.content,
        tags: expected.tags,
        authors: [{ name: expected.author, url: 'https://evil.example/u?a=1&b=<2>' }],
        ext: {
          about: 'https://newswire.example/docs#newswire-extension',
          publisher: { id: 'evil-press', name: expected.publisherName },
          source: { name: 'Source & <S> "q" ]]>', url: 'https://src.example/?a=1&b=<"x">' },
          image: { caption: expected.caption, credit: `Credit & <c> "q" ${RLO}` },
        },
      }),
    );
  });

  it('carries no escaped control characters or lone surrogates', () => {
    expect(json).not.toMatch(/\\u00[01][0-9a-f]|\\ud[89a-f][0-9a-f]{2}|\\ufff[ef]/i);
  });
});

describe('the strict well-formedness checker', () => {
  it('accepts a well-formed document', () => {
    expect(parseStrictXml('<?xml version="1.0" encoding="UTF-8"?><a x="&lt;&amp;&quot;">t &amp; 🎉</a>').root.local).toBe('a');
  });

  it.each([
    ['a raw C0 control character', '<a>x\u0001y</a>'],
    ['an unescaped < in an attribute', '<a t="<"/>'],
    ['a raw & in text', '<a>Tom & Jerry</a>'],
    ['a bare attribute name', '<a term/>'],
    ['a broken CDATA section', '<a><![CDATA[x ]]]]><![CDATA[> y ]]> z]]></a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unbound namespace prefix', '<media:content/>'],
    ['U+FFFE', '<a>\uFFFE</a>'],
  ])('rejects %s', (_name, xml) => {
    expect(() => parseStrictXml(xml)).toThrow(/not well-formed/);
  });
});
