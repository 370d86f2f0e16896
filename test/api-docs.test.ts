import { describe, expect, it } from 'vitest';
import { call } from './helpers/client';

describe('API description', () => {
  it('serves an OpenAPI 3.1 document generated from the validating schemas', async () => {
    const res = await call('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, { maxLength?: number }> }> } }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/admin/publishers', '/admin/publishers/{id}/secrets', '/admin/publishers/{id}/secrets/previous', '/admin/publishers/{id}', '/webhooks/{publisher}', '/api/articles/{publisher}/{id}']),
    );
    // The limits in the document are the ones enforced: same schema object.
    expect(doc.components.schemas.Article?.properties?.title?.maxLength).toBe(300);
    expect(doc.components.schemas.WebhookEvent).toBeDefined();
  });

  it('serves a human-readable docs page listing the endpoints', async () => {
    const res = await call('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('/webhooks/{publisher}');
    expect(html).toContain('/admin/publishers/{id}/secrets/previous');
  });

  it('answers unknown paths with a 404 problem to a client that asks for JSON', async () => {
    const res = await call('/no/such/page', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
