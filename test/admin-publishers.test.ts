import { env } from 'cloudflare:test';
import { insidePublisher } from './helpers/publisher-objects';
import { describe, expect, it } from 'vitest';
import { admin, call, createPublisher, deliver, event } from './helpers/client';
import { englishArticle } from './helpers/fixtures';

const publish = (publisher: string, secret: string, id: string) =>
  deliver({ publisher, secret, body: event('article.published', englishArticle(id)) });

describe('POST /admin/publishers', () => {
  it('creates a publisher and shows a whsec_ secret once', async () => {
    const res = await admin('/admin/publishers', { method: 'POST', json: { id: 'north-desk', name: 'North Desk', url: 'https://north.example/' } });
    expect(res.status).toBe(201);
    const body = await res.json<{ id: string; name: string; url: string; secret: string }>();
    expect(body).toMatchObject({ id: 'north-desk', name: 'North Desk', url: 'https://north.example/' });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it('refuses a duplicate id with 409', async () => {
    const res = await admin('/admin/publishers', { method: 'POST', json: { id: 'north-desk', name: 'Other' } });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 422 with field errors for a bad id', async () => {
    for (const id of ['A', 'x', 'has space', 'a'.repeat(41), 'UPPER', 'src-1234']) {
      const res = await admin('/admin/publishers', { method: 'POST', json: { id, name: 'n' } });
      expect(res.status, id).toBe(422);
      const body = await res.json<{ errors: { path: string }[] }>();
      expect(body.errors.map((e) => e.path)).toContain('id');
    }
  });

  it('answers 401 without a token or with a wrong one', async () => {
    const none = await call('/admin/publishers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":"zz","name":"z"}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await call('/admin/publishers', { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{"id":"zz","name":"z"}' });
    expect(wrong.status).toBe(401);
    expect(await env.KV.get('p:zz')).toBeNull();
  });

  it('keeps secrets out of KV, and sealed in the publisher\'s object', async () => {
    const secret = await createPublisher('vault-desk');
    expect(await env.KV.get('p:vault-desk')).toBeNull();
    const raw = await insidePublisher('vault-desk', (_object, state) => state.storage.sql.exec<{ record: string }>('SELECT record FROM publisher').one().record);
    expect(JSON.parse(raw)).toMatchObject({ id: 'vault-desk', name: 'Desk vault-desk' });
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(secret.slice('whsec_'.length));
  });
});

describe('secret rotation', () => {
  it('accepts old and new secrets during rotation, then only the new one', async () => {
    const oldSecret = await createPublisher('rotating-desk');
    const rotated = await admin('/admin/publishers/rotating-desk/secrets', { method: 'POST' });
    expect(rotated.status).toBe(201);
    const newSecret = (await rotated.json<{ secret: string }>()).secret;
    expect(newSecret).not.toBe(oldSecret);

    expect((await publish('rotating-desk', oldSecret, 'r1')).status).toBe(201);
    expect((await publish('rotating-desk', newSecret, 'r2')).status).toBe(201);

    expect((await admin('/admin/publishers/rotating-desk/secrets/previous', { method: 'DELETE' })).status).toBe(204);
    expect((await publish('rotating-desk', oldSecret, 'r3')).status).toBe(401);
    expect((await publish('rotating-desk', newSecret, 'r4')).status).toBe(201);
    expect((await admin('/admin/publishers/rotating-desk/secrets/previous', { method: 'DELETE' })).status).toBe(404);
  });

  it('404 for rotating an unknown publisher', async () => {
    expect((await admin('/admin/publishers/ghost-desk/secrets', { method: 'POST' })).status).toBe(404);
  });
});

describe('DELETE /admin/publishers/{id}', () => {
  it('revokes the secrets at once and keeps the articles', async () => {
    const secret = await createPublisher('closing-desk');
    expect((await publish('closing-desk', secret, 'kept')).status).toBe(201);
    expect((await admin('/admin/publishers/closing-desk', { method: 'DELETE' })).status).toBe(204);
    expect((await publish('closing-desk', secret, 'after')).status).toBe(401);
    expect((await call('/api/articles/closing-desk/kept')).status).toBe(200);
    expect((await admin('/admin/publishers/closing-desk', { method: 'DELETE' })).status).toBe(404);
    // The id is never reissued, so nobody inherits the deleted publisher's articles.
    expect((await admin('/admin/publishers', { method: 'POST', json: { id: 'closing-desk', name: 'Impostor' } })).status).toBe(409);
  });
});
