import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { isNotModified, notModified, weakEtag } from './conditional';

export interface Representation {
  body: string;
  contentType: string;
}

export interface VersionedOptions {
  /** Everything the representation depends on, known before any article body is read. */
  version: readonly string[];
  lastModified?: Date;
  /** What clients and intermediaries are told. */
  cacheControl: string;
  /** Reads and renders; called only when neither the client nor the Cache API has this version. */
  render: () => Promise<Representation>;
}

// The Cache API copy is keyed by version, so it can live long: a new, changed or deleted
// article changes the version and thereby the key. It never serves a stale version.
const CACHED_COPY_CONTROL = 'public, max-age=86400';

function cacheKey(url: URL, etag: string): Request {
  const key = new URL(url);
  key.searchParams.set('__v', etag);
  return new Request(key.toString(), { method: 'GET' });
}

async function openCache(): Promise<Cache | undefined> {
  // Absent in some local runtimes; the service then simply renders every miss.
  return typeof caches === 'undefined' ? undefined : caches.default;
}

/**
 * Conditional GET and render caching for store-backed pages and feeds:
 * If-None-Match/If-Modified-Since → 304 from the version alone; else the Cache API copy
 * of this exact version; else render, answer, and cache the copy in the background.
 */
export async function versionedResponse(c: Context<AppEnv>, options: VersionedOptions): Promise<Response> {
  const url = new URL(c.req.url);
  const etag = await weakEtag([url.pathname, url.search, ...options.version]);
  const headers = new Headers({ etag, 'cache-control': options.cacheControl });
  if (options.lastModified) headers.set('last-modified', options.lastModified.toUTCString());
  if (isNotModified(c.req.raw, etag, options.lastModified)) return notModified(headers);

  const cache = await openCache();
  const key = cacheKey(url, etag);
  const cached = await cache?.match(key);
  if (cached) {
    headers.set('content-type', cached.headers.get('content-type') ?? 'application/octet-stream');
    headers.set('x-newswire-cache', 'hit');
    return new Response(cached.body, { status: 200, headers });
  }

  const { body, contentType } = await options.render();
  headers.set('content-type', contentType);
  if (cache) {
    const copy = new Response(body, { headers: { 'content-type': contentType, 'cache-control': CACHED_COPY_CONTROL } });
    const stored = cache.put(key, copy);
    try {
      c.executionCtx.waitUntil(stored);
    } catch {
      await stored; // no execution context (direct app.fetch in scripts): finish inline
    }
  }
  headers.set('x-newswire-cache', 'miss');
  return new Response(body, { status: 200, headers });
}
