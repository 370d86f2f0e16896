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
