import { describe, expect, it } from 'vitest';
import { readOpml } from '../../src/ingest/opml';
import { detectFormat } from '../../src/ingest/upstream/detect-format';
import { FeedError } from '../../src/ingest/upstream/upstream-feed';
import { isElement } from '../../src/ingest/upstream/xml-node';
import { parseXml } from '../../src/ingest/upstream/xml-parser';
import { fixtureText } from '../helpers/fixture-files';
import { FIRST_SEEN, parseFixtureFeed, storedArticles } from '../helpers/upstream-articles';

/** Namespaced elements are matched by namespace URI, never by the prefix a feed chose. */

const parse = parseFixtureFeed;
const articles = storedArticles;

const DC = 'http://purl.org/dc/elements/1.1/';

describe('format detection with prefixed roots', () => {
  it('goes by the root element and the namespace its prefix is bound to', () => {
    expect(detectFormat(fixtureText('atom-prefixed-root.xml'))).toBe('atom');
    expect(detectFormat(fixtureText('rdf-rss-default-prefixed.xml'))).toBe('rdf');
    expect(detectFormat(fixtureText('rss-atom-as-a10.xml'))).toBe('rss');
    expect(detectFormat('<RDF:RDF xmlns:RDF="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item/></RDF:RDF>')).toBe('rdf');
    // An element called RDF in some other vocabulary is not RSS 1.0.
    expect(detectFormat('<x:RDF xmlns:x="urn:example:not-rdf"><item/></x:RDF>')).toBeNull();
  });
});

describe('Atom with a prefixed root', () => {
  it('reads every entry and field, text constructs raw as for an unprefixed feed', async () => {
    const feed = parse('atom-prefixed-root.xml', 'https://ertis.example/atom');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Ертіс хабары');
    expect(feed.link).toBe('https://ertis.example/');
    expect(feed.language).toBe('kk');
    const [bridge, port] = await articles(feed);
    expect(bridge).toMatchObject({
      title: 'Павлодарда жаңа көпір ашылды',
      url: 'https://ertis.example/kk/bridge',
      summary: 'Көпір екі жағалауды байланыстырады.',
      image: { url: 'https://ertis.example/img/bridge.jpg' },
      authors: [{ name: 'Асель Қайратқызы', url: 'https://ertis.example/authors/asel' }],
      tags: ['Қала'],
      language: 'kk',
      date_published: '2026-11-23T09:00:00+06:00',
      date_modified: '2026-11-23T10:30:00+06:00',
    });
    expect(bridge?.content_html).toBe('<p>Көпірдің ұзындығы <b>800</b> метр.</p>');
    expect(port).toMatchObject({
      title: 'River port reopens',
      url: 'https://ertis.example/en/port',
      // RFC 4287 §4.2.1: entries without authors take the feed's.
      authors: [{ name: 'Ертіс редакциясы' }],
      date_published: '2026-11-22T08:00:00Z',
      content_html: '<p>Barges are back on the <i>Irtysh</i>.</p>',
    });
  });
});

describe('RSS with Atom as a10 (.NET SyndicationFeed)', () => {
  it('takes a10:link as the item link and a10:updated as the modification date', () => {
    const feed = parse('rss-atom-as-a10.xml', 'https://ledger.example/rss');
    expect(feed.link).toBe('https://ledger.example/');
    const [grain, tenge] = feed.items;
    expect(grain).toMatchObject({ link: 'https://ledger.example/grain-exports', updated: '2026-11-24T08:45:00+05:00' });
    expect(grain?.published).toBeUndefined();
    // A <link> of its own wins; a related a10:link is not the article.
    expect(tenge).toMatchObject({ link: 'https://ledger.example/tenge', published: 'Mon, 23 Nov 2026 17:00:00 +0500', updated: '2026-11-23T18:10:00+05:00' });
  });

  it('dates an item by a10:updated when it has no pubDate', async () => {
    const [grain] = await articles(parse('rss-atom-as-a10.xml', 'https://ledger.example/rss'));
    expect(grain).toMatchObject({ url: 'https://ledger.example/grain-exports', date_published: '2026-11-24T08:45:00+05:00' });
  });
});

describe('Dublin Core and the content module under unusual prefixes', () => {
  it('reads creators, dates, subjects, language, dc:title and content:encoded', async () => {
    const feed = parse('rss-dc-unusual-prefix.xml', 'https://tobol.example/rss');
    expect(feed.language).toBe('ru');
    const [flood, harvest] = await articles(feed);
    expect(flood).toMatchObject({
      title: 'Паводок отступил от Костаная',
      authors: [{ name: 'Ирина Белова' }],
      tags: ['Погода'],
      summary: 'Вода ушла из прибрежных улиц.',
      date_published: '2026-11-20T07:30:00+05:00',
      date_modified: '2026-11-21T12:00:00+05:00',
    });
    // Unescaped markup in c:encoded survives: it is kept raw like content:encoded.
    expect(flood?.content_html).toBe('<p>Вода ушла из прибрежных улиц, <a href="https://tobol.example/map">карта</a> обновлена.</p>');
    expect(harvest).toMatchObject({ title: 'Harvest closes early', date_published: '2026-11-19T06:00:00Z' });
  });
});

describe('Media RSS under m:', () => {
  it('finds images in m:content, m:group and m:thumbnail, also with the URI missing its slash', async () => {
    const [ships, saxaul, coop] = await articles(parse('rss-media-prefix-m.xml', 'https://aral-photo.example/rss'));
    expect(ships?.image).toEqual({ url: 'https://aral-photo.example/img/ships.jpg' });
    expect(saxaul?.image).toEqual({ url: 'https://aral-photo.example/img/saxaul.webp' });
    expect(coop?.image).toEqual({ url: 'https://aral-photo.example/img/coop-thumb.jpg' });
  });
});

describe('RSS 1.0 with its elements under a prefix', () => {
  it('reads channel and items, module fields included', async () => {
    const feed = parse('rdf-rss-default-prefixed.xml', 'https://ili-valley.example/rss');
    expect(feed).toMatchObject({ format: 'rdf', title: 'Ili Valley Notes', link: 'https://ili-valley.example/', language: 'kk' });
    expect(feed.items.map((item) => item.guid)).toEqual(['https://ili-valley.example/apricots', 'https://ili-valley.example/reservoir']);
    const [apricots, reservoir] = await articles(feed);
    expect(apricots).toMatchObject({
      title: 'Өрік бақтары гүлдей бастады',
      url: 'https://ili-valley.example/apricots',
      summary: 'Алғашқы гүлдер ерте көрінді.',
      content_html: '<p>Алғашқы гүлдер <em>ерте</em> көрінді.</p>',
      authors: [{ name: 'Нұржан Әлиев' }],
      tags: ['Ауыл шаруашылығы'],
      date_published: '2026-11-18T10:00:00+05:00',
    });
    expect(reservoir).toMatchObject({ title: 'Reservoir level steady', date_published: '2026-11-17T09:00:00+05:00' });
  });
});

describe('conventional prefixes bound to other namespaces', () => {
  it('ignores what the names as written would suggest, scope by scope', async () => {
    const feed = parse('rss-conventional-prefix-rebound.xml', 'https://caspian-wire.example/rss');
    const [ferry, tariffs, operator] = feed.items;
    // media: is some newsroom vocabulary here, not Media RSS.
    expect(ferry).toMatchObject({ authors: [{ name: 'Daulet Serikov' }], published: '2026-11-24T06:00:00+05:00', images: [] });
    expect(ferry?.content?.value).toBe('<p>Two more crossings a week.</p>');
    // Inside this item dc: is rebound: neither its creator nor its date is Dublin Core.
    expect(tariffs).toMatchObject({ title: { value: 'Port tariffs revised', html: true }, authors: [] });
    expect(tariffs?.published).toBeUndefined();
    // The rebinding ended with that item; a title in another namespace is no title.
    expect(operator).toMatchObject({ title: { value: 'Оператор сменил владельца', html: true }, authors: [{ name: 'Марат Жунусов' }] });
    const stored = await articles(feed);
    expect(stored.map((a) => a.title)).toEqual(['Ferry schedule extended', 'Port tariffs revised', 'Оператор сменил владельца']);
    expect(stored[1]?.date_published).toBe(FIRST_SEEN);
  });
});

describe('names in the parsed tree', () => {
  it('applies a declaration to its element and descendants, a redeclaration shadowing it', () => {
    const { root } = parseXml(
      `<r xmlns:p="${DC}"><a><p:x>1</p:x></a><b xmlns:p="urn:example:q"><p:x>2</p:x><c xmlns:p="${DC}"><p:x>3</p:x></c><p:x>4</p:x></b><d><p:x>5</p:x></d></r>`,
    );
    expect(root).toEqual({
      '@_xmlns:p': DC,
      a: { 'dc:x': '1' },
      b: { '@_xmlns:p': 'urn:example:q', 'other-ns:x': ['2', '4'], c: { '@_xmlns:p': DC, 'dc:x': '3' } },
      d: { 'dc:x': '5' },
    });
  });

  it('renames prefixed attributes by URI and leaves unprefixed ones in no namespace', () => {
    const { rootName, root } = parseXml(
      '<R:RDF xmlns:R="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item R:about="https://a.example/1" about="plain" L:lang="kk" xmlns:L="http://www.w3.org/XML/1998/namespace"/></R:RDF>',
    );
    expect(rootName).toBe('rdf:RDF');
    expect(root['item']).toEqual({ '@_rdf:about': 'https://a.example/1', '@_about': 'plain', '@_xml:lang': 'kk', '@_xmlns:L': 'http://www.w3.org/XML/1998/namespace' });
  });

  it('gives the same names whether one prefix means one namespace throughout or bindings differ by scope', () => {
    const item = '<item><a10:updated>2026-11-24T08:45:00Z</a10:updated><t:title>Т</t:title><title>Title</title></item>';
    const uniform = parseXml(`<rss xmlns:a10="http://www.w3.org/2005/Atom" xmlns:t="urn:example:t"><channel>${item}</channel></rss>`);
    const scoped = parseXml(`<rss xmlns:a10="http://www.w3.org/2005/Atom" xmlns:t="urn:example:t"><channel>${item}<x xmlns:t="${DC}"/></channel></rss>`);
    const expected = { 'atom:updated': '2026-11-24T08:45:00Z', 'other-ns:title': 'Т', title: 'Title' };
    expect(uniform.root['channel']).toEqual({ item: expected });
    expect(scoped.root['channel']).toEqual({ item: expected, x: { '@_xmlns:t': DC } });
  });

  it('keeps an undeclared prefix as written and the xml prefix fixed', () => {
    const { root } = parseXml('<rss><channel xmlns:xml="urn:example:ignored"><dc:creator>As written</dc:creator><title xml:lang="ru">T</title></channel></rss>');
    expect(root['channel']).toEqual({ '@_xmlns:xml': 'urn:example:ignored', 'dc:creator': 'As written', title: { '#text': 'T', '@_xml:lang': 'ru' } });
  });

  it.each([
    ['one namespace per prefix', `<y xmlns:o="urn:example:p"><o:z/></y>`, { '@_xmlns:o': 'urn:example:p', 'other-ns:z': '' }],
    ['a rebinding no name uses', `<y xmlns:o="${DC}"/>`, { '@_xmlns:o': DC }],
    ['bindings that differ by scope', `<y xmlns:o="${DC}"><o:z/></y>`, { '@_xmlns:o': DC, 'dc:z': '' }],
  ])('copies raw elements verbatim, declarations and markup inside them untouched (%s)', (_case, y, expectedY) => {
    const xhtml = '<div xmlns="http://www.w3.org/1999/xhtml"><svg:svg xmlns:svg="urn:example:svg"><svg:g/></svg:svg><a:p>Hi</a:p></div>';
    const { rootName, root } = parseXml(
      `<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns:o="urn:example:o"><a:entry><a:content type="xhtml">${xhtml}</a:content><a:title>T</a:title></a:entry><o:w/>${y}</a:feed>`,
    );
    expect(rootName).toBe('feed');
    expect(root).toEqual({ '@_xmlns:a': 'http://www.w3.org/2005/Atom', '@_xmlns:o': 'urn:example:o', entry: { content: { '#text': xhtml, '@_type': 'xhtml' }, title: 'T' }, 'other-ns:w': '', y: expectedY });
  });

  it('is not misled by declarations inside CDATA', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Icon</title></svg>';
    const { root } = parseXml(`<rss xmlns:a10="http://www.w3.org/2005/Atom"><channel><item><title>T</title><description><![CDATA[${svg}]]></description><a10:updated>U</a10:updated></item></channel></rss>`);
    expect(root['channel']).toEqual({ item: { title: 'T', description: `<![CDATA[${svg}]]>`, 'atom:updated': 'U' } });
  });
});

describe('pathological documents', () => {
  it('finishes on a large document where every element redeclares prefixes', () => {
    const element = (i: number) => `<e xmlns:p="urn:example:${i % 7}" xmlns="urn:example:d${i % 3}" p:a="1"><p:x>${i}</p:x></e>`;
    const doc = `<rss xmlns:dc="${DC}"><channel>${Array.from({ length: 20_000 }, (_, i) => element(i)).join('')}</channel></rss>`;
    const channel = parseXml(doc).root['channel'];
    expect(isElement(channel) ? channel['other-ns:e'] : undefined).toHaveLength(20_000);
  });

  it.each([
    ['quotes that pair across tags', '<d:x a="'.repeat(20_000)],
    ['start tags never closed', '<d:x '.repeat(20_000)],
    ['raw elements never closed', '<item><title>'.repeat(20_000)],
    ['end tags never closed', '</d:x '.repeat(20_000)],
  ])('finishes on %s in a document with scoped declarations', (_case, junk) => {
    const doc = `<rss xmlns:d="${DC}"><channel><y xmlns:d="urn:example:y"/>${junk}</channel></rss>`;
    const outcome = (() => {
      try {
        return parseXml(doc).rootName;
      } catch (err) {
        return err instanceof FeedError ? 'refused' : err;
      }
    })();
    expect(['rss', 'refused']).toContain(outcome);
  });
});

describe('OPML import', () => {
  it('reads the newswire attributes by namespace URI, under any prefix', () => {
    const opml = `<opml version="2.0" xmlns:nw="urn:newswire:opml" xmlns:newswire="urn:example:someone-else"><body>
      <outline type="rss" text="Дала" xmlUrl="https://dala.example/rss.xml" nw:publisher="dala" nw:interval="45" newswire:publisher="not-ours"/>
    </body></opml>`;
    expect(readOpml(opml)).toEqual([{ url: 'https://dala.example/rss.xml', name: 'Дала', publisher: 'dala', interval_minutes: 45 }]);
  });
});
