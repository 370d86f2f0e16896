
/**
 * Isolate memory in front of KV and the Cache API, for partners polling the same URLs every
 * minute and bursts of readers on one story:
 * - the version (ETag) each URL had when last looked up, trusted while no article was written
 *   in this isolate and for at most `windowMs` (writes in other isolates: KV itself takes up to
 *   a minute to show them elsewhere, so a couple of seconds more changes nothing);
 * - rendered bodies keyed by URL + version, bounded in total size. A version key can never
 *   serve stale content, so these need no expiry beyond eviction.
 */

export interface Representation {
  body: string;
  contentType: string;
}

/**
 * Counts article writes made by this isolate. A remembered version is trusted only while the
 * count is unchanged: the intake notes every write here (ingest/article-intake.ts), so this
 * isolate's own writes show on its very next request without a KV read; writes in other
 * isolates are caught by the freshness window instead.
 */
let writeGeneration = 0;

/** Called before and after each article write or delete: a version read while it lands is not trusted. */
export function noteArticleWrite(): void {
  writeGeneration++;
}

interface VersionMemo {
  etag: string;
  lastModified?: Date;
  generation: number;
  at: number;
}

const MAX_VERSIONS = 2000;
const MAX_BODY_CHARS = 8 * 1024 * 1024; // ~16 MiB of UTF-16, of the isolate's 128 MiB

const versions = new Map<string, VersionMemo>();
const bodies = new Map<string, Representation>();
let bodyChars = 0;

export function recentVersion(url: string, windowMs: number, now = Date.now()): VersionMemo | undefined {
  const memo = versions.get(url);
  if (!memo || memo.generation !== writeGeneration || now - memo.at >= windowMs) return undefined;
  return memo;
}

export function rememberVersion(url: string, etag: string, lastModified: Date | undefined, now = Date.now()): void {
  versions.delete(url);
  versions.set(url, { etag, lastModified, generation: writeGeneration, at: now });
  if (versions.size > MAX_VERSIONS) versions.delete(versions.keys().next().value as string);
}

/** Drops a URL's remembered version, so its next request reads the version again. */
export function forgetVersion(url: string): void {
  versions.delete(url);
}

export function recentBody(url: string, etag: string): Representation | undefined {
  const key = `${url}\n${etag}`;
  const body = bodies.get(key);
  if (body) {
    bodies.delete(key); // re-insert: Map order is the LRU order
    bodies.set(key, body);
  }
  return body;
}

export function rememberBody(url: string, etag: string, representation: Representation): void {
  const key = `${url}\n${etag}`;
  if (representation.body.length > MAX_BODY_CHARS / 4 || bodies.has(key)) return;
  bodies.set(key, representation);
  bodyChars += representation.body.length;
  for (const [oldKey, old] of bodies) {
    if (bodyChars <= MAX_BODY_CHARS) break;
    bodies.delete(oldKey);
    bodyChars -= old.body.length;
  }
}
