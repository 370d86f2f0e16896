import { shortHash } from '../text/short-hash';

/**
 * Validators for everything served from the store. A listing's ETag is derived from the
 * index entries alone (their keys carry order, their metadata the record's version hash), so
 * it is known after one KV `list()` and a 304 never reads an article body.
 */
export async function weakEtag(parts: readonly string[]): Promise<string> {
  return `W/"${await shortHash(parts.join('\n'))}"`;
}

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => opaque(candidate) === opaque(etag));
}

/**
 * KV shows a write made elsewhere only after a while (Cloudflare documents up to 60 s), and a
 * location may answer a `list()` from its own copy for as long again. A change older than both
 * is in every listing; a younger one may still be missing from the one a response was built
 * from.
 */
export const LAST_MODIFIED_SETTLE_SECONDS = 120;

/**
 * The Last-Modified a response may carry. If-Modified-Since compares whole seconds by order, so
 * a change that shows up later with a time at or before a Last-Modified already sent would be
 * hidden behind a 304 until the next change: a change in the same second a response was built,
 * or one written elsewhere that the listing did not show yet. So the newest change is announced
 * only once it is LAST_MODIFIED_SETTLE_SECONDS old; until then the ETag alone validates (and an
 * If-Modified-Since-only poller gets a 200, never a false 304).
 */
export function settledLastModified(newest: Date | undefined, now: number): Date | undefined {
  if (!newest) return undefined;
  return Math.floor(newest.getTime() / 1000) <= Math.floor(now / 1000) - LAST_MODIFIED_SETTLE_SECONDS ? newest : undefined;
}

/** RFC 9110 §13.1.3: If-None-Match, when present, decides alone; If-Modified-Since otherwise. */
export function isNotModified(request: Request, etag: string, lastModified: Date | undefined): boolean {
  const inm = request.headers.get('if-none-match');
  if (inm !== null) return etagMatches(inm, etag);
  const ims = request.headers.get('if-modified-since');
  if (ims && lastModified) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

export function notModified(headers: Headers): Response {
  const out = new Headers();
  for (const name of ['etag', 'last-modified', 'cache-control', 'vary']) {
    const value = headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(null, { status: 304, headers: out });
}
