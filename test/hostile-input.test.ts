import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, call, createPublisher, deliver, event } from './helpers/client';
import { englishArticle } from './helpers/fixtures';
import { atomViolations, jsonFeedViolations, rssViolations, type Json } from './helpers/format-rules';
import { parseStrictXml } from './helpers/strict-xml';

/**
 * The hostile-input catalogue: every case names its expected status. Afterwards the store
 * must hold exactly the articles that were accepted, and every feed must still be valid.
 */

const P = 'hostile-desk';
let secret = '';
let otherSecret = '';
let revokedSecret = '';
const accepted = new Set<string>();

beforeAll(async () => {
  secret = await createPublisher(P, 'Hostile & <Desk>');
  otherSecret = await createPublisher('other-desk');
  revokedSecret = await createPublisher('revoked-desk');
  expect((await admin('/admin/publishers/revoked-desk', { method: 'DELETE' })).status).toBe(204);
});

type Overrides = Record<string, unknown>;
const article = (id: string, overrides: Overrides = {}) => ({ ...englishArticle(id), ...overrides });
const published = (data: unknown) => event('article.published', data);

interface Case {
  name: string;
  status: number;
  send: () => Promise<Response>;
  /** The article id this case stores when it succeeds. */
  stores?: string;
  /** Checks on the stored article. */
  check?: (stored: Record<string, unknown>) => void;
}

const send = (body: unknown, extra: Partial<Parameters<typeof deliver>[0]> = {}) => deliver({ publisher: P, secret, body, ...extra });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const CASES: Case[] = [
  // Transport and encoding
  { name: 'malformed JSON', status: 400, send: () => send('{"type":"article.published","data":{') },
  { name: 'empty body', status: 400, send: () => send('') },
  {
    name: 'invalid UTF-8 bytes inside a string', status: 400,
    send: () => {
      const json = new TextEncoder().encode(JSON.stringify(published(article('utf', { title: '@@' }))));
      const at = json.indexOf(0x40);
      json[at] = 0xff; // a byte that can never occur in UTF-8
      json[at + 1] = 0xfe;
      return send(json);
    },
  },
  { name: 'wrong content type', status: 415, send: () => send(published(article('ct')), { contentType: 'text/plain' }) },
  { name: 'form-encoded content type', status: 415, send: () => send(published(article('form')), { contentType: 'application/x-www-form-urlencoded' }) },
  { name: '1 MiB + 1 byte', status: 413, send: () => send(JSON.stringify(published(article('big'))).padEnd(1024 * 1024 + 1, ' ')) },
  { name: 'deeply nested JSON', status: 422, send: () => send(`{"type":"article.published","timestamp":"2026-11-25T00:00:00Z","data":${nested(5000)}}`) },
  { name: 'top-level array', status: 422, send: () => send([published(article('arr'))]) },
  { name: 'top-level null', status: 422, send: () => send('null') },
  // Schema: missing, mistyped and out-of-range fields
  { name: 'missing title', status: 422, send: () => send(published({ ...article('m1'), title: undefined })) },
  { name: 'missing id', status: 422, send: () => send(published({ ...article('m2'), id: undefined })) },
  { name: 'missing content_html', status: 422, send: () => send(published({ ...article('m3'), content_html: undefined })) },
  { name: 'missing date_published', status: 422, send: () => send(published({ ...article('m4'), date_published: undefined })) },
  { name: 'title as a number', status: 422, send: () => send(published(article('t1', { title: 42 }))) },
  { name: 'tags as a string', status: 422, send: () => send(published(article('t2', { tags: 'news' }))) },
  { name: 'authors as objects without name', status: 422, send: () => send(published(article('t3', { authors: [{ url: 'https://a.example/' }] }))) },
  { name: '10 000-character title', status: 422, send: () => send(published(article('t4', { title: 'Ж'.repeat(10_000) }))) },
  { name: '500 tags', status: 422, send: () => send(published(article('t5', { tags: Array.from({ length: 500 }, (_, i) => `t${i}`) }))) },
  { name: 'February 30', status: 422, send: () => send(published(article('d1', { date_published: '2026-02-30T10:00:00+05:00' }))) },
  { name: 'date without offset', status: 422, send: () => send(published(article('d2', { date_published: '2026-11-25T10:00:00' }))) },
  { name: 'year 0', status: 422, send: () => send(published(article('d3', { date_published: '0000-01-01T00:00:00Z' }))) },
  { name: 'date in words', status: 422, send: () => send(published(article('d4', { date_published: 'yesterday' }))) },
  { name: 'javascript: URL', status: 422, send: () => send(published(article('u1', { url: 'javascript:alert(1)' }))) },
  { name: 'data: URL', status: 422, send: () => send(published(article('u2', { url: 'data:text/html,<b>x</b>' }))) },
  { name: 'file: URL', status: 422, send: () => send(published(article('u3', { url: 'file:///etc/passwd' }))) },
  { name: 'relative URL', status: 422, send: () => send(published(article('u4', { url: '/news/1' }))) },
  { name: 'javascript: image URL', status: 422, send: () => send(published(article('u5', { image: { url: 'javascript:alert(1)' } }))) },
  { name: 'id with a slash', status: 422, send: () => send(published(article('a/b'))) },
  { name: 'id "..", a path step', status: 422, send: () => send(published(article('..'))) },
  { name: 'id with %2F', status: 422, send: () => send(published(article('a%2Fb'))) },
  { name: 'unicode id', status: 422, send: () => send(published(article('статья'))) },
  { name: 'invalid language tag', status: 422, send: () => send(published(article('l1', { language: 'not a language' }))) },
  { name: 'unknown event type', status: 422, send: () => send({ type: 'article.exploded', timestamp: '2026-11-25T00:00:00Z', data: article('e1') }) },
  { name: 'delete without id', status: 422, send: () => send(event('article.deleted', {})) },
  // Accepted, with hostile content neutralised
  {
    name: 'script, iframe, style and event handlers in HTML', status: 201, stores: 'h1',
    send: () => send(published(article('h1', { content_html: '<p onclick="x()">ok</p><script>alert(1)</script><iframe src="https://evil.example/"></iframe><style>p{}</style>' }))),
    check: (a) => expect(a.content_html).toBe('<p>ok</p>'),
  },
  {
    name: 'SVG with script', status: 201, stores: 'h2',
    send: () => send(published(article('h2', { content_html: '<p>pic</p><svg onload="alert(1)"><script>alert(1)</script></svg>' }))),
    check: (a) => expect(a.content_html).toBe('<p>pic</p>'),
  },
  {
    name: 'javascript: and data: links inside HTML', status: 201, stores: 'h3',
    send: () => send(published(article('h3', { content_html: '<a href="javascript:alert(1)">a</a><img src="data:image/png;base64,AAAA">' }))),
    check: (a) => expect(String(a.content_html)).not.toMatch(/javascript:|data:/),
  },
  {
    name: ']]> and <![CDATA[ in text', status: 201, stores: 'x1',
    send: () => send(published(article('x1', { title: 'Ends ]]> twice ]]> and <![CDATA[ opens', summary: ']]>]]>' }))),
    check: (a) => expect(a.title).toBe('Ends ]]> twice ]]> and <![CDATA[ opens'),
  },
  {
    name: 'C0 control characters', status: 201, stores: 'x2',
    send: () => send(published(article('x2', { title: 'Bell\u0007 null\u0000 esc\u001b end', summary: 'tab\tkept' }))),
    check: (a) => {
      expect(a.title).toBe('Bell null esc end');
      expect(a.summary).toBe('tab kept');
    },
  },
  {
    name: 'lone surrogates', status: 201, stores: 'x3',
    send: () => send('{"type":"article.published","timestamp":"2026-11-25T00:00:00Z","data":' + JSON.stringify(article('x3')).replace('"title":"Grain', '"title":"\\ud800Grain\\udfff') + '}'),
    check: (a) => expect(a.title).toBe(englishArticle().title),
  },
  {
    name: 'U+FFFE and U+FFFF', status: 201, stores: 'x4',
    send: () => send(published(article('x4', { title: 'Non\uFFFEchar\uFFFF' }))),
    check: (a) => expect(a.title).toBe('Nonchar'),
  },
  {
    name: 'RTL override and right-to-left text', status: 201, stores: 'x5',
    send: () => send(published(article('x5', { title: '\u202Eevil.exe مرحبا שלום' }))),
    check: (a) => expect(a.title).toBe('\u202Eevil.exe مرحبا שלום'),
  },
  {
    name: 'emoji and Kazakh letters', status: 201, stores: 'x6',
    send: () => send(published(article('x6', { title: 'Әділ қазылар 🏆 ғ қ ң ө ұ ү һ і', tags: ['Жаңалық & <тег>'] }))),
    check: (a) => expect(a.tags).toEqual(['Жаңалық & <тег>']),
  },
  // Signatures
  { name: 'forged signature', status: 401, send: () => send(published(article('s1')), { signature: `v1,${btoa('f'.repeat(32))}` }) },
  { name: 'signature without version', status: 401, send: () => send(published(article('s2')), { signature: btoa('f'.repeat(32)) }) },
  { name: 'expired timestamp', status: 401, send: () => send(published(article('s3')), { at: Date.now() - 10 * 60_000 }) },
  { name: 'timestamp from the future', status: 401, send: () => send(published(article('s4')), { at: Date.now() + 10 * 60_000 }) },
  { name: "another publisher's secret", status: 401, send: () => send(published(article('s5')), { secret: otherSecret }) },
  { name: 'revoked publisher', status: 401, send: () => deliver({ publisher: 'revoked-desk', secret: revokedSecret, body: published(article('s6')) }) },
  { name: 'unknown publisher', status: 401, send: () => deliver({ publisher: 'ghost-desk', secret, body: published(article('s7')) }) },
  { name: 'publisher id with path tricks', status: 401, send: () => deliver({ publisher: '..%2Fother-desk', secret, body: published(article('s8')) }) },
  {
    name: 'a webhook-id replayed with another body (409, nothing applied)', status: 409, stores: 'r1',
    send: async () => {
      await send(published(article('r1')), { webhookId: 'msg_hostile_replay' });
      return send(published(article('r1', { title: 'Replaced by a replay?' })), { webhookId: 'msg_hostile_replay' });
    },
    check: (a) => expect(a.title).toBe(englishArticle().title),
  },
  // Admin API
  { name: 'admin call without a token', status: 401, send: () => call('/admin/publishers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"sneaky","name":"x"}' }) },
  { name: 'admin call with a wrong token', status: 401, send: () => call('/admin/publishers/hostile-desk', { method: 'DELETE', headers: { authorization: 'Bearer guess' } }) },
  { name: 'admin call with Basic auth', status: 401, send: () => call('/admin/publishers/hostile-desk/secrets', { method: 'POST', headers: { authorization: `Basic ${btoa('admin:test-admin-token')}` } }) },
  { name: 'admin call with malformed JSON', status: 400, send: () => admin('/admin/publishers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":' }) },
  // OPML import is the service's one XML input (upstream feeds are parsed by the same
  // parser; test/ingest/xml-safety.test.ts covers them).
  { name: 'OPML billion laughs', status: 422, send: () => importOpml(opml(BILLION_LAUGHS_DTD, '&lol9;', 'https://laughs.example/rss')) },
  { name: 'OPML external entity (XXE)', status: 422, send: () => importOpml(opml('<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;', 'https://xxe.example/rss')) },
  { name: 'OPML truncated', status: 400, send: () => importOpml(opml('', 'cut', 'https://cut.example/rss').slice(0, -20)) },
  { name: 'OPML with a javascript: feed URL', status: 200, send: () => importOpml(opml('', 'js', 'javascript:alert(1)')) },
  { name: 'OPML sent as JSON', status: 415, send: () => admin('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }) },
];

const BILLION_LAUGHS_DTD =
  '<!DOCTYPE opml [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 2} "${`&lol${i + 1};`.repeat(10)}">`).join('') +
  ']>';

function opml(doctype: string, title: string, xmlUrl: string): string {
  return `<?xml version="1.0"?>${doctype}<opml version="2.0"><head><title>t</title></head><body><outline type="rss" text="${title}" title="${title}" xmlUrl="${xmlUrl}"/></body></opml>`;
}

function importOpml(xml: string): Promise<Response> {
  return admin('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'text/x-opml' }, body: xml });
}

describe('hostile-input catalogue', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await c.send();
    expect(res.status).toBe(c.status);
    if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
    if (c.stores) {
      accepted.add(c.stores);
      const stored = await (await call(`/api/articles/${P}/${c.stores}`)).json<Record<string, unknown>>();
      c.check?.(stored);
    }
  });

  it('created no source from an OPML document with a DOCTYPE, nor a javascript: one', async () => {
    const { sources } = await (await admin('/admin/sources')).json<{ sources: { url: string; name: string }[] }>();
    const urls = sources.map((x) => x.url);
    expect(urls).not.toContain('https://laughs.example/rss');
    expect(urls).not.toContain('https://xxe.example/rss');
    expect(urls.some((u) => u.startsWith('javascript:'))).toBe(false);
  });

  it('leaves exactly the accepted articles in the store', async () => {
    const keys = (await env.KV.list({ prefix: `a:${P}:` })).keys.map((k) => k.name.slice(`a:${P}:`.length));
    expect(keys.sort()).toEqual([...accepted].sort());
    for (const other of ['other-desk', 'revoked-desk', 'ghost-desk']) expect((await env.KV.list({ prefix: `a:${other}:` })).keys).toEqual([]);
  });

  it('keeps all three feeds valid', async () => {
    for (const scope of ['', `/publishers/${P}`]) {
      const rss = parseStrictXml(await (await call(`${scope}/feed.xml`)).text());
      expect(rssViolations(rss.root)).toEqual([]);
      const atom = parseStrictXml(await (await call(`${scope}/atom.xml`)).text());
      expect(atomViolations(atom.root)).toEqual([]);
      const json = await (await call(`${scope}/feed.json`)).json<Json>();
      expect(jsonFeedViolations(json)).toEqual([]);
    }
    const titles = ((await (await call(`/publishers/${P}/feed.json`)).json<{ items: { title: string }[] }>()).items).map((i) => i.title);
    expect(titles).toContain('Ends ]]> twice ]]> and <![CDATA[ opens');
  });
});
