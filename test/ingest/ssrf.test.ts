import { OpenAPIHono } from '@hono/zod-openapi';
import { env, reset } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireAdmin } from '../../src/auth/admin-auth';
import type { AppEnv } from '../../src/env';
import { outboundUrlRefusal } from '../../src/http/outbound-url';
import { createAdminSources } from '../../src/routes/admin-sources';
import { SourceStore } from '../../src/store/source-store';
import { appWithCountingKv } from '../helpers/app-with-counting-kv';
import { ADMIN_TOKEN, admin, createPublisher } from '../helpers/client';
import { serveFixture, stubUpstream } from '../helpers/upstream-stub';
import { newSourceRecord } from '../../src/ingest/new-source';

/**
 * No request on someone else's say-so to loopback, private or local hosts: source URLs,
 * OPML outlines and every redirect hop. Every test fixes ALLOW_PRIVATE_SOURCES itself (the
 * test config turns it on for local feeds); no request leaves the stub upstream.
 */

interface SourceView {
  id: string;
  url: string;
  moved_to?: string;
  health: { last_error: string | null; last_status: number | null; consecutive_failures: number };
}
interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}
interface PullReport {
  outcome: string;
  http_status: number | null;
  error: string | null;
  new: number;
}

beforeEach(async () => {
  await reset();
});

function sourcesApp(allowPrivate: boolean, upstream = stubUpstream()) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/admin/*', requireAdmin);
  // No real wait for the KV write gap between a pull's lease and its outcome.
  app.route('/', createAdminSources({ fetch: upstream.fetch, allowPrivate, sleep: async () => undefined }));
  const request = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } }, env);
  return {
    upstream,
    request,
    create: (url: string, name = 'Desk') => request('/admin/sources', { method: 'POST', body: JSON.stringify({ url, name }) }),
    async pull(id: string): Promise<PullReport> {
      const res = await request(`/admin/sources/${id}/pull`, { method: 'POST' });
      expect(res.status).toBe(200);
      return res.json<PullReport>();
    },
    async sources(): Promise<SourceView[]> {
      return (await (await request('/admin/sources')).json<{ sources: SourceView[] }>()).sources;
    },
    async source(id: string): Promise<SourceView> {
      const found = (await this.sources()).find((s) => s.id === id);
      if (!found) throw new Error(`no source ${id}`);
      return found;
    },
    importOpml: (body: string) => request('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'text/x-opml' }, body }),
  };
}

/** A record written straight to KV, as one created before the address rule existed would be. */
async function storedSource(url: string, extra: { etag?: string } = {}): Promise<string> {
  const record = { ...newSourceRecord({ url, name: 'Old desk' }, new Date()), etag: extra.etag ?? null };
  await new SourceStore(env.KV).put(record);
  return record.id;
}

// [URL as written, why it is refused]; each is refused by the address rule alone.
const ADDRESS_FORMS: Array<[string, string]> = [
  ['http://localhost/feed', 'the host localhost is a name that only resolves locally (.localhost)'],
  ['http://LOCALHOST./feed', 'the host localhost. is a name that only resolves locally (.localhost)'],
  ['http://news.localhost/feed', 'the host news.localhost is a name that only resolves locally (.localhost)'],
  ['http://%6c%6fcalhost/feed', 'the host localhost is a name that only resolves locally (.localhost)'],
  ['http://127.0.0.1/feed', 'the host 127.0.0.1 is a loopback address'],
  ['http://127.8.9.10:8080/feed', 'the host 127.8.9.10 is a loopback address'],
  ['http://2130706433/feed', 'the host 127.0.0.1 is a loopback address'],
  ['http://0x7f.1/feed', 'the host 127.0.0.1 is a loopback address'],
  ['http://0177.0.0.1/feed', 'the host 127.0.0.1 is a loopback address'],
  ['http://127.1/feed', 'the host 127.0.0.1 is a loopback address'],
  ['http://１２７.０.０.１/feed', 'the host 127.0.0.1 is a loopback address'],
  ['http://[::1]/feed', 'the host [::1] is a loopback address'],
  ['http://0.0.0.0/feed', 'the host 0.0.0.0 is an unspecified ("this network") address'],
  ['http://0/feed', 'the host 0.0.0.0 is an unspecified ("this network") address'],
  ['http://[::]/feed', 'the host [::] is the unspecified address'],
  ['http://169.254.169.254/latest/meta-data/', 'the host 169.254.169.254 is a link-local address'],
  ['http://10.1.2.3/feed', 'the host 10.1.2.3 is a private address'],
  ['http://0x0a.0.0.1/feed', 'the host 10.0.0.1 is a private address'],
  ['http://172.20.0.5/feed', 'the host 172.20.0.5 is a private address'],
  ['http://192.168.1.10/feed', 'the host 192.168.1.10 is a private address'],
  ['http://100.64.0.1/feed', 'the host 100.64.0.1 is a shared (carrier-grade NAT) address'],
  ['http://224.0.0.251/feed', 'the host 224.0.0.251 is a multicast address'],
  ['http://255.255.255.255/feed', 'the host 255.255.255.255 is a reserved address'],
  ['http://[::ffff:127.0.0.1]/feed', 'the host [::ffff:7f00:1] is an IPv4-mapped form of a loopback address'],
  ['http://[0:0:0:0:0:ffff:a00:1]/feed', 'the host [::ffff:a00:1] is an IPv4-mapped form of a private address'],
  ['http://[::127.0.0.1]/feed', 'the host [::7f00:1] is an IPv4-compatible form of a loopback address'],
  ['http://[64:ff9b::10.0.0.1]/feed', 'the host [64:ff9b::a00:1] is a NAT64 form of a private address'],
  ['http://[2002:c0a8:101::1]/feed', 'the host [2002:c0a8:101::1] is a 6to4 form of a private address'],
  ['http://[fc00::5]/feed', 'the host [fc00::5] is a unique-local address'],
  ['http://[fd12:3456::1]/feed', 'the host [fd12:3456::1] is a unique-local address'],
  ['http://[fe80::1]/feed', 'the host [fe80::1] is a link-local address'],
  ['http://[ff02::1]/feed', 'the host [ff02::1] is a multicast address'],
  ['http://printer.local/feed', 'the host printer.local is a name that only resolves locally (.local)'],
  ['http://db.internal/feed', 'the host db.internal is a name that only resolves locally (.internal)'],
  ['http://router.home.arpa/feed', 'the host router.home.arpa is a name that only resolves locally (.home.arpa)'],
  ['http://feeds/rss', 'the host feeds is a single-label name, resolved only on a local network'],
  ['http://wiki.intranet/feed', 'the host wiki.intranet is a name that only resolves locally (.intranet)'],
  ['https://dala.example:6379/feed', 'port 6379 is not a web port (80, 443, 8080, 8443)'],
];

// Refused whatever ALLOW_PRIVATE_SOURCES says.
const ALWAYS_REFUSED: Array<[string, string]> = [
  ['https://user:pass@dala.example/rss', 'the URL carries credentials (user:password@)'],
  ['https://token@dala.example/rss', 'the URL carries credentials (user:password@)'],
  ['http://admin:x@127.0.0.1/feed', 'the URL carries credentials (user:password@)'],
];

const PUBLIC_FORMS = [
  'https://dala.example/rss.xml',
  'http://8.8.8.8/feed',
  'https://dala.example:8443/feed',
  'http://[2a00:1450:4001::1]/feed',
  'http://[64:ff9b::808:808]/feed',
  'https://жаңалықтар.example/rss',
  'https://172.32.0.1/feed',
];

describe('outboundUrlRefusal', () => {
  it.each(ADDRESS_FORMS)('refuses %s, and lets it through with allowPrivate', (url, reason) => {
    expect(outboundUrlRefusal(url, { allowPrivate: false })).toBe(reason);
    expect(outboundUrlRefusal(url, { allowPrivate: true })).toBeNull();
  });

  it.each(ALWAYS_REFUSED)('refuses %s even with allowPrivate', (url, reason) => {
    expect(outboundUrlRefusal(url, { allowPrivate: false })).toBe(reason);
    expect(outboundUrlRefusal(url, { allowPrivate: true })).toBe(reason);
  });

  it.each(PUBLIC_FORMS)('lets %s through', (url) => {
    expect(outboundUrlRefusal(url, { allowPrivate: false })).toBeNull();
  });

  it('refuses other schemes and relative URLs', () => {
    expect(outboundUrlRefusal('ftp://files.example/feed', { allowPrivate: true })).toBe('the scheme ftp: is not http or https');
    expect(outboundUrlRefusal('/feed.xml', { allowPrivate: true })).toBe('not an absolute URL');
  });
});

describe('POST /admin/sources', () => {
  it.each(ADDRESS_FORMS.map(([url, reason], i) => [url, reason, i] as const))('answers 422 for %s, and 201 with ALLOW_PRIVATE_SOURCES', async (url, reason, i) => {
    const off = sourcesApp(false);
    const res = await off.create(url);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json<Problem>()).toMatchObject({ status: 422, errors: [{ path: 'url', message: reason }] });
    expect(await off.sources()).toEqual([]);
    // A distinct path per row: several rows spell the same host.
    const on = sourcesApp(true);
    expect((await on.create(`${url}?row=${i}`)).status).toBe(201);
  });

  it.each(ALWAYS_REFUSED)('answers 422 for %s, with ALLOW_PRIVATE_SOURCES too', async (url, reason) => {
    for (const allow of [false, true]) {
      const res = await sourcesApp(allow).create(url);
      expect(res.status).toBe(422);
      expect((await res.json<Problem>()).errors).toEqual([{ path: 'url', message: reason }]);
    }
    expect(await sourcesApp(true).sources()).toEqual([]);
  });

  it('answers 201 for public hosts with the flag off', async () => {
    const app = sourcesApp(false);
    for (const url of PUBLIC_FORMS) expect((await app.create(url)).status, url).toBe(201);
  });
});

describe('redirect hops', () => {
  const to = (location: string, status = 301) => () => new Response(null, { status, headers: { location } });

  // [source URL, its redirect, the refused target, pull error]
  const HOPS: Array<[string, string, string, string]> = [
    ['http://hop-loopback.example/rss', 'http://127.0.0.1:8080/rss', 'http://127.0.0.1:8080/rss', 'redirect to http://127.0.0.1:8080/rss refused: the host 127.0.0.1 is a loopback address'],
    ['http://hop-relative.example/rss', '//localhost/rss', 'http://localhost/rss', 'redirect to http://localhost/rss refused: the host localhost is a name that only resolves locally (.localhost)'],
    ['http://hop-private.example/rss', 'http://10.0.0.7/rss', 'http://10.0.0.7/rss', 'redirect to http://10.0.0.7/rss refused: the host 10.0.0.7 is a private address'],
    ['http://hop-metadata.example/rss', 'http://[::ffff:a9fe:a9fe]/latest', 'http://[::ffff:a9fe:a9fe]/latest', 'redirect to http://[::ffff:a9fe:a9fe]/latest refused: the host [::ffff:a9fe:a9fe] is an IPv4-mapped form of a link-local address'],
    ['https://hop-downgrade.example/rss', 'http://hop-downgrade.example/rss', 'http://hop-downgrade.example/rss', 'redirect to http://hop-downgrade.example/rss refused: it leaves https for http'],
    ['https://hop-creds.example/rss', 'https://reader:secret@hop-creds.example/feed', 'https://reader:secret@hop-creds.example/feed', 'redirect to https://hop-creds.example/feed refused: the URL carries credentials (user:password@)'],
  ];

  it.each(HOPS)('%s → %s fails in health and is never fetched', async (source, location, target, error) => {
    const app = sourcesApp(false);
    app.upstream.route(source, to(location));
    app.upstream.route(target, serveFixture('rss-2.0-basic.xml'));
    const created = await (await app.create(source)).json<SourceView>();
    const report = await app.pull(created.id);
    expect(report).toMatchObject({ outcome: 'failed', http_status: 301, error, new: 0 });
    expect((await app.source(created.id)).health).toMatchObject({ last_error: error, last_status: 301, consecutive_failures: 1 });
    expect(app.upstream.requests.map((r) => r.url)).toEqual([source]);
  });

  it('checks every hop, not only the first', async () => {
    const app = sourcesApp(false);
    app.upstream.route('https://hop-chain.example/a', to('/b'));
    app.upstream.route('https://hop-chain.example/b', to('https://[::1]/c', 302));
    app.upstream.route('https://[::1]/c', serveFixture('rss-2.0-basic.xml'));
    const created = await (await app.create('https://hop-chain.example/a')).json<SourceView>();
    expect(await app.pull(created.id)).toMatchObject({ outcome: 'failed', http_status: 302, error: 'redirect to https://[::1]/c refused: the host [::1] is a loopback address' });
    expect(app.upstream.requests.map((r) => r.url)).toEqual(['https://hop-chain.example/a', 'https://hop-chain.example/b']);
  });

  it('with ALLOW_PRIVATE_SOURCES follows a hop to loopback, but not to http from https nor to credentials', async () => {
    const app = sourcesApp(true);
    app.upstream.route('http://hop-loopback.example/rss', to('http://127.0.0.1:8787/rss', 302));
    app.upstream.route('http://127.0.0.1:8787/rss', serveFixture('rss-2.0-basic.xml'));
    const local = await (await app.create('http://hop-loopback.example/rss')).json<SourceView>();
    expect(await app.pull(local.id)).toMatchObject({ outcome: 'fetched', new: 3 });
    expect(app.upstream.requestsTo('http://127.0.0.1:8787/rss')).toHaveLength(1);

    for (const [source, location, target, error] of HOPS.slice(4)) {
      app.upstream.route(source, to(location));
      app.upstream.route(target, serveFixture('rss-2.0-basic.xml'));
      const created = await (await app.create(source)).json<SourceView>();
      expect((await app.pull(created.id)).error).toBe(error);
      expect(app.upstream.requestsTo(target)).toEqual([]);
    }
  });

  it('refuses a stored source URL that the rule forbids without sending any request', async () => {
    const app = sourcesApp(false);
    app.upstream.route('http://192.168.0.1/rss', serveFixture('rss-2.0-basic.xml'));
    const id = await storedSource('http://192.168.0.1/rss');
    expect(await app.pull(id)).toMatchObject({ outcome: 'failed', http_status: null, error: 'refused to fetch http://192.168.0.1/rss: the host 192.168.0.1 is a private address' });
    expect(app.upstream.requests).toEqual([]);
  });
});

describe('OPML import', () => {
  const outline = (url: string, title = 'Desk') => `<outline type="rss" text="${title}" title="${title}" xmlUrl="${url}"/>`;
  const opml = (body: string, prolog = '') => `<?xml version="1.0"?>${prolog}<opml version="2.0"><head><title>t</title></head><body>${body}</body></opml>`;
  const BILLION_LAUGHS =
    '<!DOCTYPE opml [<!ENTITY lol "lol">' + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${(i === 0 ? '&lol;' : `&lol${i};`).repeat(10)}">`).join('') + ']>';

  it.each([
    ['a bare DOCTYPE', '<!DOCTYPE opml>', 'Desk'],
    ['billion laughs', BILLION_LAUGHS, '&lol9;'],
    ['an external entity', '<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'],
    ['an external DTD', '<!DOCTYPE opml SYSTEM "http://127.0.0.1/opml.dtd">', 'Desk'],
  ])('answers 422 for %s and creates nothing', async (_name, prolog, title) => {
    const app = sourcesApp(true);
    const res = await app.importOpml(opml(outline('https://dala.example/rss.xml', title), prolog));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json<Problem>()).detail).toBe('The document has a DOCTYPE. OPML needs none, and DTD entities are not accepted: remove it and import again.');
    expect(await app.sources()).toEqual([]);
    expect(app.upstream.requests).toEqual([]);
  });

  it('answers 422 naming each outline that may not be fetched, and creates nothing', async () => {
    const doc = opml(
      outline('https://dala.example/rss.xml') +
        `<outline text="Private">${outline('http://192.168.0.2/rss')}${outline('ftp://files.example/feed')}</outline>` +
        outline('http://localhost:8080/feed') +
        outline('https://altai-notes.example/rss'),
    );
    const res = await sourcesApp(false).importOpml(doc);
    expect(res.status).toBe(422);
    expect(await res.json<Problem>()).toMatchObject({
      detail: '2 outline(s) name a URL that may not be fetched; nothing was imported.',
      errors: [
        { path: 'outline[1].xmlUrl', message: 'http://192.168.0.2/rss: the host 192.168.0.2 is a private address' },
        { path: 'outline[3].xmlUrl', message: 'http://localhost:8080/feed: the host localhost is a name that only resolves locally (.localhost)' },
      ],
    });
    expect(await sourcesApp(false).sources()).toEqual([]);

    const allowed = await sourcesApp(true).importOpml(doc);
    expect(allowed.status).toBe(200);
    const result = await allowed.json<{ created: SourceView[]; skipped: Array<{ url: string }> }>();
    expect(result.created.map((s) => s.url)).toEqual(['https://dala.example/rss.xml', 'http://192.168.0.2/rss', 'http://localhost:8080/feed', 'https://altai-notes.example/rss']);
    expect(result.skipped.map((s) => s.url)).toEqual(['ftp://files.example/feed']);
  });

  it('answers 422 for an outline with credentials, with ALLOW_PRIVATE_SOURCES too', async () => {
    const res = await sourcesApp(true).importOpml(opml(outline('https://dala.example/rss.xml') + outline('https://me:pw@dala.example/private.xml')));
    expect(res.status).toBe(422);
    expect((await res.json<Problem>()).errors).toEqual([{ path: 'outline[1].xmlUrl', message: 'https://me:pw@dala.example/private.xml: the URL carries credentials (user:password@)' }]);
    expect(await sourcesApp(true).sources()).toEqual([]);
  });

  it('keeps an import under 1000 KV operations, publisher reads of refused outlines included', async () => {
    await createPublisher('gone-desk');
    expect((await admin('/admin/publishers/gone-desk', { method: 'DELETE' })).status).toBe(204);
    const app = appWithCountingKv({ ALLOW_PRIVATE_SOURCES: undefined });
    const post = (body: string) =>
      app.fetch('/admin/sources.opml', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/x-opml' }, body });

    // 1200 outlines into a deleted namespace: each refused, the namespace read once.
    const refusedDoc = opml(Array.from({ length: 1200 }, (_, i) => `<outline xmlUrl="https://gone-${i}.example/rss" text="G" xmlns:newswire="urn:newswire:opml" newswire:publisher="gone-desk"/>`).join(''));
    const refused = await post(refusedDoc);
    expect(refused.res.status).toBe(200);
    const refusedResult = await refused.res.json<{ created: unknown[]; skipped: Array<{ reason: string }> }>();
    expect(refusedResult.created).toEqual([]);
    expect(refusedResult.skipped).toHaveLength(1200);
    expect(refused.ops).toEqual({ get: 1, list: 1, put: 0, delete: 0 });

    // 1200 outlines, each naming its own publisher: one read and one write each, until the budget.
    const distinctDoc = opml(Array.from({ length: 1200 }, (_, i) => `<outline xmlUrl="https://desk-${i}.example/rss" text="D" xmlns:newswire="urn:newswire:opml" newswire:publisher="desk-${i}"/>`).join(''));
    const distinct = await post(distinctDoc);
    expect(distinct.res.status).toBe(200);
    const result = await distinct.res.json<{ created: unknown[]; skipped: Array<{ url: string; reason: string }> }>();
    expect(result.created).toHaveLength(449);
    expect(result.skipped).toHaveLength(751);
    expect(result.skipped[0]).toEqual({ url: 'https://desk-449.example/rss', reason: 'import KV budget of 900 operations reached; import it again' });
    expect(distinct.ops).toEqual({ get: 449, list: 1, put: 449, delete: 0 });
    // Hundreds of local KV writes on a shared machine: a correctness test, so a generous bound.
  }, 60_000);
});

describe('permanent redirects', () => {
  const to = (location: string, status: number) => () => new Response(null, { status, headers: { location } });

  it('stores the final URL when every hop was 301 or 308', async () => {
    const app = sourcesApp(false);
    app.upstream.route('https://perm.example/rss', to('/v2/rss', 301));
    app.upstream.route('https://perm.example/v2/rss', to('https://feeds.perm.example/rss', 308));
    app.upstream.route('https://feeds.perm.example/rss', serveFixture('rss-2.0-basic.xml'));
    const created = await (await app.create('https://perm.example/rss')).json<SourceView>();
    expect(await app.pull(created.id)).toMatchObject({ outcome: 'fetched', new: 3 });
    expect((await app.source(created.id)).url).toBe('https://feeds.perm.example/rss');

    // The URL index follows: the new URL is taken, the old one is free again.
    expect((await app.create('https://feeds.perm.example/rss')).status).toBe(409);
    expect((await app.create('https://perm.example/rss')).status).toBe(201);
    app.upstream.requests.length = 0;
    await app.pull(created.id);
    expect(app.upstream.requests.map((r) => r.url)).toEqual(['https://feeds.perm.example/rss']);
  });

  it('stores the final URL after a permanent redirect answered with 304', async () => {
    const app = sourcesApp(false);
    app.upstream.route('https://perm304.example/rss', to('https://perm304.example/feed', 301));
    app.upstream.route('https://perm304.example/feed', ({ headers }) => new Response(null, { status: headers.get('if-none-match') === '"v1"' ? 304 : 500 }));
    const id = await storedSource('https://perm304.example/rss', { etag: '"v1"' });
    expect(await app.pull(id)).toMatchObject({ outcome: 'not-modified' });
    expect((await app.source(id)).url).toBe('https://perm304.example/feed');
  });

  it.each([[[302]], [[303]], [[307]], [[301, 302]], [[307, 308]]])('keeps the URL after hops %j', async (statuses) => {
    const app = sourcesApp(false);
    statuses.forEach((status, i) => app.upstream.route(`https://temp.example/${i}`, to(`/${i + 1}`, status)));
    app.upstream.route(`https://temp.example/${statuses.length}`, serveFixture('rss-2.0-basic.xml'));
    const created = await (await app.create('https://temp.example/0')).json<SourceView>();
    expect(await app.pull(created.id)).toMatchObject({ outcome: 'fetched', new: 3 });
    expect((await app.source(created.id)).url).toBe('https://temp.example/0');
  });

  it('keeps the old URL and notes the move when another source already has the new one', async () => {
    const app = sourcesApp(false);
    app.upstream.route('https://dup-old.example/rss', to('https://dup-new.example/rss', 301));
    app.upstream.route('https://dup-new.example/rss', serveFixture('rss-2.0-basic.xml'));
    const moving = await (await app.create('https://dup-old.example/rss')).json<SourceView>();
    const existing = await (await app.create('https://dup-new.example/rss')).json<SourceView>();

    expect(await app.pull(moving.id)).toMatchObject({ outcome: 'fetched' });
    expect(await app.source(moving.id)).toMatchObject({ url: 'https://dup-old.example/rss', moved_to: 'https://dup-new.example/rss' });
    expect((await app.source(existing.id)).url).toBe('https://dup-new.example/rss');

    // Once the other source is gone, the move is adopted and the note cleared.
    expect((await app.request(`/admin/sources/${existing.id}`, { method: 'DELETE' })).status).toBe(204);
    await app.pull(moving.id);
    const after = await app.source(moving.id);
    expect(after.url).toBe('https://dup-new.example/rss');
    expect(after).not.toHaveProperty('moved_to');
  });
});
