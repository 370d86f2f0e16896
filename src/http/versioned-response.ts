import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { isNotModified, notModified, settledLastModified, weakEtag } from './conditional';
import { forgetVersion, recentBody, recentVersion, rememberBody, rememberVersion, type Representation } from './recent-versions';
import { siteOrigin } from './site-urls';

export interface Rendered extends Representation {
  /**
   * Whether the body is the version: every record it shows is the one its index entry names.
   * An unverified body (KV served a record older than the index) is sent once, uncached.
   */
  verified: boolean;
}

export interface Loaded {
  /** Everything the representation depends on, known before any article body is read. */
  version: readonly string[];
  /** The newest change the version covers (sent once settled: see settledLastModified). */
  lastModified?: Date;
  /** Reads and renders; called only when no cache layer has this version. */
  render: () => Promise<Rendered>;
}

export interface VersionedOptions {
  /** The cheap read (one KV `list()`, at most a `get` besides) that yields the version. */
  load: () => Promise<Loaded>;
  /** What clients and intermediaries are told. */
  cacheControl: string;
  /**
   * The documented query parameters the route reads (`cursor`). Only these, when non-empty,
   * take part in the version and the cache keys: any other parameter is the same resource,
   * so a `?bust=N` cannot force a render.
   */
  query?: readonly string[];
}

/** Isolate memory trusts a URL's last known version this long (LISTING_MEMO_MS overrides; 0 disables). */
export const DEFAULT_MEMO_MS = 2000;

// The Cache API copy is keyed by version, so it can live long: a new, changed or deleted
// article changes the version and thereby the key. Only verified renders are stored, so it
// never serves a body other than its version's.
const CACHED_COPY_CONTROL = 'public, max-age=86400';

type CacheLayer = 'memory' | 'hit' | 'miss';

// A body that may not be its version's: no validator (a client could later pin it with a 304)
// and no copy anywhere.
const UNVERIFIED_CONTROL = 'no-store';

/** The documented parameters present with a value, in a fixed order: "" or "?cursor=…". */
function canonicalQuery(url: URL, names: readonly string[]): string {
  const kept = new URLSearchParams();
  for (const name of [...names].sort()) {
    const value = url.searchParams.get(name);
    if (value) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `?${query}` : '';
}

// The Cache API key stays on the request's own host (the zone the Worker serves); the ETag in
// it already names the origin the links were built from.
function cacheKey(url: URL, resource: string, etag: string): Request {
  const key = new URL(resource, url.origin);
  key.searchParams.set('__v', etag);
  return new Request(key.toString(), { method: 'GET' });
}

function memoWindow(c: Context<AppEnv>): number {
  const configured = Number(c.env.LISTING_MEMO_MS);
  return c.env.LISTING_MEMO_MS !== undefined && Number.isFinite(configured) ? configured : DEFAULT_MEMO_MS;
}

/**
 * RFC 9110 §8.8.2.1: a Last-Modified later than the response's own time is replaced by that
 * time. A date_modified ahead of the clock (valid up to a year) would otherwise reach
 * If-Modified-Since pollers, and every later real change would compare as older.
 */
function notInFuture(lastModified: Date | undefined, now: number): Date | undefined {
  return lastModified && lastModified.getTime() > now ? new Date(now) : lastModified;
}

function validators(etag: string, lastModified: Date | undefined, cacheControl: string): Headers {
  const headers = new Headers({ etag, 'cache-control': cacheControl });
  if (lastModified) headers.set('last-modified', lastModified.toUTCString());
  return headers;
}

/**
 * Which layer answered (memory, Cache API, render) is for tests and local diagnosis only: sent
 * when EXPOSE_CACHE_LAYER is "true", which vitest.config.ts sets and wrangler.toml never does.
 */
function answer(headers: Headers, representation: Pick<Representation, 'contentType'>, body: BodyInit | null, layer: CacheLayer | undefined): Response {
  headers.set('content-type', representation.contentType);
  if (layer) headers.set('x-newswire-cache', layer);
  return new Response(body, { status: 200, headers });
}

function inBackground(c: Context<AppEnv>, work: Promise<unknown>): Promise<void> {
  try {
    c.executionCtx.waitUntil(work);
    return Promise.resolve();
  } catch {
    return work.then(() => undefined); // no execution context (app.fetch from a script): finish inline
  }
}

/**
 * Conditional GET and render caching for store-backed pages and feeds. Cheapest first:
 * a version this isolate saw moments ago (no KV), else one `load()` for the version;
 * If-None-Match/If-Modified-Since → 304; then the body from isolate memory, the Cache API,
 * or a render (which reads the article bodies), cached for the next request.
 */
export async function versionedResponse(c: Context<AppEnv>, options: VersionedOptions): Promise<Response> {
  const url = new URL(c.req.url);
  const resource = url.pathname + canonicalQuery(url, options.query ?? []);
  // Every body links to siteOrigin: with SITE_URL set that is one host whatever the request
  // named; without it (local development) it is the request's origin, so two hosts never
  // share a version or a cached body. The deployment id makes a deploy change every ETag.
  const deployment = c.env.CF_VERSION_METADATA.id;
  const origin = siteOrigin(c);
  const urlKey = `${deployment}\n${origin}${resource}`;

  const exposed = (layer: CacheLayer): CacheLayer | undefined => (c.env.EXPOSE_CACHE_LAYER === 'true' ? layer : undefined);
  const now = Date.now();
  const memo = recentVersion(urlKey, memoWindow(c), now);
  if (memo) {
    const lastModified = settledLastModified(memo.lastModified, now);
    const headers = validators(memo.etag, lastModified, options.cacheControl);
    if (isNotModified(c.req.raw, memo.etag, lastModified)) return notModified(headers);
    const body = recentBody(urlKey, memo.etag);
    if (body) return answer(headers, body, body.body, exposed('memory'));
  }

  const loaded = await options.load();
  const newest = notInFuture(loaded.lastModified, now);
  const etag = await weakEtag([deployment, origin + resource, ...loaded.version]);
  // Remembering the version before the body is verified is safe: only verified bodies are
  // remembered or cached, and an unverified render forgets it again below.
  rememberVersion(urlKey, etag, newest, now);
  const lastModified = settledLastModified(newest, now);
  const headers = validators(etag, lastModified, options.cacheControl);
  if (isNotModified(c.req.raw, etag, lastModified)) return notModified(headers);

  const remembered = recentBody(urlKey, etag);
  if (remembered) return answer(headers, remembered, remembered.body, exposed('memory'));

  const cache = typeof caches === 'undefined' ? undefined : caches.default;
  const key = cacheKey(url, resource, etag);
  const cached = await cache?.match(key);
  if (cached) {
    const representation = { body: await cached.text(), contentType: cached.headers.get('content-type') ?? 'application/octet-stream' };
    rememberBody(urlKey, etag, representation);
    return answer(headers, representation, representation.body, exposed('hit'));
  }

  const rendered = await loaded.render();
  const representation: Representation = { body: rendered.body, contentType: rendered.contentType };
  if (!rendered.verified) {
    forgetVersion(urlKey);
    return answer(new Headers({ 'cache-control': UNVERIFIED_CONTROL }), representation, representation.body, exposed('miss'));
  }
  rememberBody(urlKey, etag, representation);
  if (cache) {
    const copy = new Response(representation.body, { headers: { 'content-type': representation.contentType, 'cache-control': CACHED_COPY_CONTROL } });
    await inBackground(c, cache.put(key, copy));
  }
  return answer(headers, representation, representation.body, exposed('miss'));
}
