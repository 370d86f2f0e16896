import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../env';
import { problem } from '../http/problem';
import { PublisherId } from '../model/article-schema';
import { announced, publisherObject } from '../ingest/publisher-client';
import type { StoredArticle } from '../model/article-schema';
import { ArticleStore, type IndexRef, type RefPage, type Verified } from '../store/article-store';
import { tagFitsKey, type Scope } from '../store/keys';
import { primaryLanguage } from '../text/language';

// What every listing route (feeds, listing pages) shares: the scope its path names, one page of
// index entries, and that page's version.

/** Scope from the route: "/tags/{tag}/…", "/publishers/{publisher}/…", "/lang/{code}/…" or the whole site. */
export function scopeFromRoute(c: Context<AppEnv>): Scope | Response {
  const lang = c.req.param('lang');
  if (lang !== undefined) {
    // A bare primary subtag only ("kk", any case: BCP 47 is case-insensitive); "kk-KZ" names no
    // index of its own, so it is no listing either.
    const code = /^[A-Za-z]{2,3}$/.test(lang) ? primaryLanguage(lang) : undefined;
    return code !== undefined ? { kind: 'lang', lang: code } : problem(404, 'No such language.');
  }
  const tag = c.req.param('tag');
  if (tag !== undefined) {
    const clean = tag.trim();
    // A tag no index key can hold was never stored: 404 before KV sees an over-long prefix.
    return clean && clean.length <= 50 && tagFitsKey(clean) ? { kind: 'tag', tag: clean } : problem(404, 'No such tag.');
  }
  const publisher = c.req.param('publisher');
  if (publisher !== undefined) {
    return PublisherId.safeParse(publisher).success ? { kind: 'publisher', publisher } : problem(404, 'No such publisher.');
  }
  return { kind: 'all' };
}

/** One KV `list()` (more only past removal markers): the page's index entries. A cursor KV does not recognise is a 400. */
export async function listPage(store: ArticleStore, scope: Scope, size: number, rawCursor: string | undefined): Promise<RefPage> {
  const cursor = rawCursor || undefined;
  if (cursor !== undefined && !/^[A-Za-z0-9+/=_-]{1,1024}$/.test(cursor)) throw new HTTPException(400, { message: 'The cursor is not one this service issued.' });
  try {
    return await store.listRefs(scope, size, cursor);
  } catch (err) {
    // Without a cursor nothing the client sent can be at fault: a failing KV is our 500.
    if (cursor === undefined) throw err;
    throw new HTTPException(400, { message: 'The cursor is not one this service issued (or has expired).' });
  }
}

/**
 * Version parts of a listing: order, per-article content hashes, the removal markers met and
 * where the next page starts. A removal thus changes the version of the page that held it.
 */
export function listingVersion(page: RefPage): string[] {
  return [...page.items.map((r) => `${r.key} ${r.meta.v}`), ...page.removed.map((r) => `${r.key} removed ${r.meta.m}`), `next:${page.cursor ?? ''}`];
}

/** The page's last change: the newest entry written or removed in it. */
export function lastModifiedOf(page: Pick<RefPage, 'items' | 'removed'>): Date | undefined {
  const newest = [...page.items, ...page.removed].reduce((max, r) => Math.max(max, r.meta.m ?? 0), 0);
  return newest > 0 ? new Date(newest * 1000) : undefined;
}

/** Stale entries reported per read, at most: the object checks each one against its ledger. */
const MAX_REPORTED = 20;

/**
 * The records behind a page's entries (store.getMany). Entries a record has moved on from are
 * skipped by the read and reported to their publisher's object, which removes them if its
 * ledger agrees, after the response: the read itself never waits on, or goes through, an object.
 */
export async function readRecords(c: Context<AppEnv>, store: ArticleStore, refs: readonly IndexRef[]): Promise<Verified<StoredArticle>> {
  const records = await store.getMany(refs);
  const byPublisher = new Map<string, string[]>();
  for (const ref of records.superseded.slice(0, MAX_REPORTED)) byPublisher.set(ref.publisher, [...(byPublisher.get(ref.publisher) ?? []), ref.key]);
  for (const [publisher, keys] of byPublisher) {
    const report = announced(async () => publisherObject(c.env, publisher).removeStaleEntries(publisher, keys)).catch((err: unknown) => {
      console.error(`reporting stale index entries of "${publisher}" failed`, err);
    });
    try {
      c.executionCtx.waitUntil(report);
    } catch {
      // No execution context (app.fetch from a script): the report finishes on its own.
    }
  }
  return records;
}
