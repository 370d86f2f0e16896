/**
 * What reaches a reader through the routes: relative links resolved by whichever base exists
 * (the article url, the publisher's registered url, else the article's page here), the PNG
 * channel logo served as a static asset, and the extension description /docs links to.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, call, createPublisher, deliver, event } from '../helpers/client';
import { kid, kids, NS, parseStrictXml, textOf, type XmlNode } from '../helpers/strict-xml';

const BODY = '<p><img src="pic.jpg" alt="Сурет"> <a href="/x">сілтеме</a> <a href="#frag">төменде</a></p>';
const story = (id: string, url?: string) => ({
  id,
  title: `Сілтемелер ${id}`,
  content_html: BODY,
  language: 'kk',
  date_published: '2026-11-25T09:00:00+05:00',
  ...(url ? { url } : {}),
});

let withUrl = '';
let withoutUrl = '';

beforeAll(async () => {
  // createPublisher registers https://{id}.example/ as the publisher's url.
  withUrl = await createPublisher('links-desk', 'Links Desk');
  const res = await admin('/admin/publishers', { method: 'POST', json: { id: 'bare-desk', name: 'Bare Desk' } });
  expect(res.status).toBe(201);
  withoutUrl = (await res.json<{ secret: string }>()).secret;
  for (const [publisher, secret, data] of [
    ['links-desk', withUrl, story('own-url', 'https://links.example/kk/2026/story')],
    ['links-desk', withUrl, story('publisher-url')],
    ['bare-desk', withoutUrl, story('no-url')],
  ] as const) {
    expect((await deliver({ publisher, secret, body: event('article.published', data) })).status).toBe(201);
  }
});

async function stored(publisher: string, id: string): Promise<string> {
  const res = await call(`/api/articles/${publisher}/${id}`);
  expect(res.status).toBe(200);
  return (await res.json<{ content_html: string }>()).content_html;
}

function rssItem(xml: string, title: string): XmlNode {
  const item = kids(kid(parseStrictXml(xml).root, '', 'channel'), '', 'item').find((i) => textOf(i, '', 'title') === title);
  if (!item) throw new Error(`no item ${title}`);
  return item;
}

describe('relative links in a webhook body', () => {
  it('resolve against the article url when it has one', async () => {
    expect(await stored('links-desk', 'own-url')).toBe(
      '<p><img src="https://links.example/kk/2026/pic.jpg" alt="Сурет"> <a href="https://links.example/x">сілтеме</a> <a href="#frag">төменде</a></p>',
    );
  });

  it("resolve against the publisher's registered url when the article has none", async () => {
    expect(await stored('links-desk', 'publisher-url')).toBe(
      '<p><img src="https://links-desk.example/pic.jpg" alt="Сурет"> <a href="https://links-desk.example/x">сілтеме</a> <a href="#frag">төменде</a></p>',
    );
  });

  it('are stored as written when there is neither, and feeds resolve them against the article page here', async () => {
    expect(await stored('bare-desk', 'no-url')).toBe(BODY);
    const item = rssItem(await (await call('/publishers/bare-desk/feed.xml')).text(), 'Сілтемелер no-url');
    expect(textOf(item, NS.content, 'encoded')).toBe(
      '<p><img src="https://newswire.test/news/bare-desk/pic.jpg" alt="Сурет"> <a href="https://newswire.test/x">сілтеме</a> ' +
        '<a href="https://newswire.test/news/bare-desk/no-url#frag">төменде</a></p>',
    );
    const json = await (await call('/publishers/bare-desk/feed.json')).json<{ items: { content_html: string }[] }>();
    expect(json.items[0]?.content_html).toBe(
      '<p><img src="https://newswire.test/news/bare-desk/pic.jpg" alt="Сурет"> <a href="https://newswire.test/x">сілтеме</a> ' +
        '<a href="https://newswire.test/news/bare-desk/no-url#frag">төменде</a></p>',
    );
  });

  it('keep a fragment link pointing into the story: at the page here in feeds, even when the story has its own url', async () => {
    const item = rssItem(await (await call('/publishers/links-desk/feed.xml')).text(), 'Сілтемелер own-url');
    expect(textOf(item, NS.content, 'encoded')).toContain('<a href="https://newswire.test/news/links-desk/own-url#frag">төменде</a>');
  });
});

describe('the RSS channel logo', () => {
  it('is a 144×144 PNG, named by every RSS feed with its size', async () => {
    const channel = kid(parseStrictXml(await (await call('/feed.xml')).text()).root, '', 'channel');
    const image = kid(channel, '', 'image');
    expect(['url', 'width', 'height'].map((name) => textOf(image, '', name))).toEqual(['https://newswire.test/logo-144.png', '144', '144']);
    // In the test pool a request to the Worker's URL reaches the Worker, not the asset; the binding serves the file.
    const res = await env.ASSETS.fetch('https://newswire.test/logo-144.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const ihdr = new DataView(bytes.buffer, bytes.byteOffset + 8);
    expect(String.fromCharCode(...bytes.subarray(12, 16))).toBe('IHDR');
    expect([ihdr.getUint32(8), ihdr.getUint32(12)]).toEqual([144, 144]);
  });
});

describe('the _newswire extension', () => {
  it('names its description, and /docs has it under that anchor', async () => {
    const json = await (await call('/feed.json')).json<{ items: { _newswire: { about: string } }[] }>();
    expect(json.items.map((i) => i._newswire.about)).toEqual([
      'https://newswire.test/docs#newswire-extension',
      'https://newswire.test/docs#newswire-extension',
      'https://newswire.test/docs#newswire-extension',
    ]);
    const docs = await (await call('/docs')).text();
    expect(docs).toContain('<section id="newswire-extension"><h2>The <code>_newswire</code> JSON Feed extension</h2>');
  });
});
