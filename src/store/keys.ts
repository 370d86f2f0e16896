import { collapseWhitespace } from '../text/whitespace';

/**
 * KV key layout. Article ids and publisher ids never contain ':' (their schemas forbid
 * it), so ':' separates key parts unambiguously. Tags are percent-encoded.
 *
 *   a:{publisher}:{id}                      the article record (JSON)
 *   i:all:{rank}:{publisher}:{id}           newest-first index of everything
 *   i:pub:{publisher}:{rank}:{publisher}:{id}
 *   i:tag:{tag}:{rank}:{publisher}:{id}
 *   p:{publisher}                           publisher record, secrets encrypted
 *   w:{publisher}:{sha256(webhook-id)}      first answer to a webhook delivery (TTL)
 *   s:{sourceId}                            upstream feed source and its health; list metadata
 *                                           {n: next attempt (epoch ms, null = stopped), u: url hash}
 *                                           so the cron's due-check is one list()
 *
 * Each article owns its keys alone: no write touches a key shared by all submissions,
 * because KV allows one write per second per key.
 */

export type Scope = { kind: 'all' } | { kind: 'tag'; tag: string } | { kind: 'publisher'; publisher: string };

// KV lists keys in byte order, so the newest article must have the smallest rank:
// rank = RANK_BASE - epoch ms, fixed at 16 digits for every year 0001–9999
// (and below 2^53, so the subtraction is exact).
const RANK_BASE = 8_000_000_000_000_000;

export function rankOf(isoDate: string): string {
  return String(RANK_BASE - Date.parse(isoDate)).padStart(16, '0');
}

/** The case-folded form a tag is indexed and addressed by (`/tags/{tag}/…`): "Алматы" and "алматы" are one tag. */
export function tagKey(tag: string): string {
  return collapseWhitespace(tag).normalize('NFC').toLocaleLowerCase('und');
}

export function articleKey(publisher: string, id: string): string {
  return `a:${publisher}:${id}`;
}

export function scopePrefix(scope: Scope): string {
  switch (scope.kind) {
    case 'all':
      return 'i:all:';
    case 'publisher':
      return `i:pub:${scope.publisher}:`;
    case 'tag':
      return `i:tag:${encodeURIComponent(tagKey(scope.tag))}:`;
  }
}

/** Every index key an article with these fields must have, and no other. */
export function indexKeysFor(a: { publisher: string; id: string; date_published: string; tags?: readonly string[] }): string[] {
  const suffix = `${rankOf(a.date_published)}:${a.publisher}:${a.id}`;
  const scopes: Scope[] = [{ kind: 'all' }, { kind: 'publisher', publisher: a.publisher }];
  for (const tag of a.tags ?? []) scopes.push({ kind: 'tag', tag });
  return scopes.map((s) => scopePrefix(s) + suffix);
}

/** The article an index key points at. */
export function refFromIndexKey(key: string): { publisher: string; id: string } {
  const parts = key.split(':');
  const id = parts[parts.length - 1] ?? '';
  const publisher = parts[parts.length - 2] ?? '';
  return { publisher, id };
}

export function publisherKey(id: string): string {
  return `p:${id}`;
}

export function deliveryKey(publisher: string, webhookIdHash: string): string {
  return `w:${publisher}:${webhookIdHash}`;
}

export function sourceKey(id: string): string {
  return `s:${id}`;
}
