import { OpenAPIHono } from '@hono/zod-openapi';
import { env, reset } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { requireAdmin } from '../../src/auth/admin-auth';
import type { AppEnv } from '../../src/env';
import { createAdminSources } from '../../src/routes/admin-sources';
import { shortHash } from '../../src/text/short-hash';
import { ADMIN_TOKEN, admin, call, createPublisher } from '../helpers/client';
import { fixtureText } from '../helpers/fixture-files';
import { serveFixture, stubUpstream } from '../helpers/upstream-stub';

interface SourceView {
  id: string;
  url: string;
  name: string;
  publisher: string;
  interval_minutes: number;
  health: { next_attempt_at: string | null; consecutive_failures: number; last_fetch_at: string | null };
}

beforeEach(async () => {
  await reset();
});

async function addSource(body: Record<string, unknown>): Promise<SourceView> {
  const res = await admin('/admin/sources', { method: 'POST', json: body });
  expect(res.status).toBe(201);
  return res.json<SourceView>();
}

async function listSources(): Promise<SourceView[]> {
  return (await (await admin('/admin/sources')).json<{ sources: SourceView[] }>()).sources;
}

describe('POST /admin/sources', () => {
  it('creates a source due at once, in its own publisher namespace by default', async () => {
    const created = await addSource({ url: 'https://dala.example/rss.xml', name: 'Дала жаңалықтары' });
    expect(created).toMatchObject({ url: 'https://dala.example/rss.xml', name: 'Дала жаңалықтары', publisher: `src-${created.id}`, interval_minutes: 30 });
    expect(created.id).toMatch(/^[a-z2-7]{10}$/);
    expect(created.health).toMatchObject({ consecutive_failures: 0, last_fetch_at: null });
    expect(Date.parse(created.health.next_attempt_at ?? '')).toBeLessThanOrEqual(Date.now());
  });

  it('answers 422 for schema violations', async () => {
    for (const body of [{ url: 'ftp://dala.example/rss', name: 'x' }, { url: 'https://dala.example/rss' }, { url: 'https://dala.example/rss', name: 'x', interval_minutes: 5 }, { url: 'https://dala.example/rss', name: 'x', publisher: 'Not_A_Slug' }]) {
      const res = await admin('/admin/sources', { method: 'POST', json: body });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('answers 409 for a URL that is already a source, and for a deleted publisher namespace', async () => {
    await addSource({ url: 'https://dala.example/rss.xml', name: 'Dala' });
    expect((await admin('/admin/sources', { method: 'POST', json: { url: 'https://dala.example/rss.xml', name: 'Again' } })).status).toBe(409);

    await createPublisher('gone-desk');
    expect((await admin('/admin/publishers/gone-desk', { method: 'DELETE' })).status).toBe(204);
    const res = await admin('/admin/sources', { method: 'POST', json: { url: 'https://other.example/rss', name: 'x', publisher: 'gone-desk' } });
    expect(res.status).toBe(409);
  });
});

describe('authorization', () => {
  it('answers 401 without the admin token on every sources endpoint', async () => {
    for (const [method, path] of [['POST', '/admin/sources'], ['GET', '/admin/sources'], ['DELETE', '/admin/sources/abcdefghij'], ['POST', '/admin/sources/abcdefghij/pull'], ['GET', '/admin/sources.opml'], ['POST', '/admin/sources.opml']] as const) {
      const res = await call(path, { method, headers: { authorization: 'Bearer wrong' } });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });
});

describe('GET and DELETE', () => {
  it('lists sources with their health and deletes with 204, then 404', async () => {
    const a = await addSource({ url: 'https://a.example/rss', name: 'A', interval_minutes: 60 });
    const b = await addSource({ url: 'https://b.example/atom', name: 'B', publisher: 'b-desk' });
    expect((await listSources()).map((s) => [s.id, s.publisher, s.interval_minutes])).toEqual([
      [a.id, `src-${a.id}`, 60],
      [b.id, 'b-desk', 30],
    ]);
    expect((await admin(`/admin/sources/${a.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/admin/sources/${a.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await admin('/admin/sources/not-an-id!', { method: 'DELETE' })).status).toBe(404);
    expect((await listSources()).map((s) => s.id)).toEqual([b.id]);
  });

  it('answers 404 for a pull of an unknown source', async () => {
    expect((await admin('/admin/sources/abcdefghij/pull', { method: 'POST' })).status).toBe(404);
  });
});

describe('POST /admin/sources/{id}/pull', () => {
  it('pulls one source now and reports the counts', async () => {
    const upstream = stubUpstream({ 'https://dala.example/rss.xml': serveFixture('rss-2.0-basic.xml') });
    const app = new OpenAPIHono<AppEnv>();
    app.use('/admin/*', requireAdmin);
    app.route('/', createAdminSources({ fetch: upstream.fetch, sleep: async () => undefined }));
    const request = (path: string, init: RequestInit = {}) =>
      app.request(path, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } }, env);

    const created = await (await request('/admin/sources', { method: 'POST', body: JSON.stringify({ url: 'https://dala.example/rss.xml', name: 'Dala', publisher: 'dala' }) })).json<SourceView>();
    const first = await request(`/admin/sources/${created.id}/pull`, { method: 'POST' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ source: created.id, outcome: 'fetched', http_status: 200, new: 3, updated: 0, unchanged: 0, errors: 0 });
    const again = await (await request(`/admin/sources/${created.id}/pull`, { method: 'POST' })).json();
    expect(again).toMatchObject({ outcome: 'unchanged-body', new: 0 });
    expect((await call(`/api/articles/dala/${await shortHash('guid:dala-kk-park-2026')}`)).status).toBe(200);
  });
});

describe('OPML', () => {
  it('exports OPML 2.0 and re-imports it unchanged', async () => {
    await addSource({ url: 'https://dala.example/rss.xml', name: 'Дала & «жаңалықтары»', publisher: 'dala', interval_minutes: 45 });
    await addSource({ url: 'https://altai-notes.example/rss?lang=ru&format=rss', name: 'Altai <Notes>' });
    const before = await listSources();

    const exported = await admin('/admin/sources.opml');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    const opml = await exported.text();
    expect(opml).toContain('<opml version="2.0"');
    expect(opml).toContain('xmlUrl="https://altai-notes.example/rss?lang=ru&amp;format=rss"');

    for (const s of before) await admin(`/admin/sources/${s.id}`, { method: 'DELETE' });
    const imported = await admin('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'text/x-opml' }, body: opml });
    expect(imported.status).toBe(200);
    const result = await imported.json<{ created: SourceView[]; skipped: unknown[] }>();
    expect(result.skipped).toEqual([]);
    // The default namespace travels too (src-{old id}), so re-imported sources keep their articles.
    const strip = (s: SourceView) => ({ url: s.url, name: s.name, publisher: s.publisher, interval: s.interval_minutes });
    expect(result.created.map(strip)).toEqual(before.map(strip));
  });

  it('imports nested outlines and reports what it skipped', async () => {
    const res = await admin('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: fixtureText('opml-nested.opml') });
    expect(res.status).toBe(200);
    const result = await res.json<{ created: SourceView[]; skipped: Array<{ url: string; reason: string }> }>();
    expect(result.created.map((s) => [s.url, s.name])).toEqual([
      ['https://dala.example/rss.xml', 'Дала жаңалықтары'],
      ['https://altai-notes.example/rss', 'Altai Notes'],
    ]);
    expect(result.skipped.map((s) => s.url)).toEqual(['ftp://files.example/feed', 'https://dala.example/rss.xml']);
    expect(result.skipped[1]?.reason).toMatch(/already a source/);
  });

  it('answers 415, 400 and 413 for the wrong media type, a non-OPML document and an oversized body', async () => {
    expect((await admin('/admin/sources.opml', { method: 'POST', json: { url: 'x' } })).status).toBe(415);
    const notOpml = await admin('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: fixtureText('rss-2.0-basic.xml') });
    expect(notOpml.status).toBe(400);
    expect(notOpml.headers.get('content-type')).toBe('application/problem+json');
    expect((await admin('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<opml><body>' })).status).toBe(400);
    const huge = `<opml version="2.0"><body>${'<outline text="x"/>'.repeat(60_000)}</body></opml>`;
    expect((await admin('/admin/sources.opml', { method: 'POST', headers: { 'content-type': 'text/x-opml' }, body: huge })).status).toBe(413);
  });
});

describe('API description', () => {
  it('documents the sources endpoints', async () => {
    const doc = await (await call('/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/admin/sources', '/admin/sources.opml', '/admin/sources/{id}', '/admin/sources/{id}/pull']));
  });
});
