/**
 * The stylesheet and fonts as Workers Static Assets: served with year-long immutable caching,
 * and linked by URLs whose hashes match the files (a stale `npm run build:assets` fails here).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SITE_CSS } from '../../src/render/html/asset-versions';

async function sha256Prefix(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 12);
}

const asset = (path: string) => env.ASSETS.fetch(`https://newswire.test${path}`);

describe('static assets', () => {
  it('serves the stylesheet as CSS with Cache-Control: public, max-age=31536000, immutable', async () => {
    const res = await asset(SITE_CSS);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toContain('font-family:Literata;font-style:italic;font-weight:700;font-display:swap;');
  });

  it('links the stylesheet by the hash of what is served', async () => {
    const res = await asset('/css/site.css');
    expect(SITE_CSS).toBe(`/css/site.css?v=${await sha256Prefix(await res.arrayBuffer())}`);
  });

  it('serves every font the stylesheet names, immutable, under the hash of its bytes', async () => {
    const css = await (await asset('/css/site.css')).text();
    const urls = [...css.matchAll(/url\((\/fonts\/[^)?]+)\?v=([0-9a-f]{12})\)/g)];
    expect(urls).toHaveLength(16);
    for (const [, path, version] of urls) {
      const font = await asset(path ?? '');
      expect(font.status, path).toBe(200);
      expect(font.headers.get('content-type'), path).toBe('font/woff2');
      expect(font.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect(await sha256Prefix(await font.arrayBuffer()), path).toBe(version);
    }
  });

  it('keeps the font licence with the fonts and does not serve _headers', async () => {
    expect(await (await asset('/fonts/Literata-OFL.txt')).text()).toContain('SIL Open Font License, Version 1.1');
    expect((await asset('/_headers')).status).toBe(404);
  });

  it('serves a robots.txt that lets crawlers read the site but not the admin or webhook endpoints', async () => {
    const res = await asset('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /webhooks/\n');
  });
});
