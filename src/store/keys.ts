import { primaryLanguage } from '../text/language';
import { collapseWhitespace } from '../text/whitespace';
import { stripXmlForbidden } from '../text/xml-safe-text';

/**
 * KV key layout. Article ids and publisher ids never contain ':' (their schemas forbid
 * it), so ':' separates key parts unambiguously. Tags are percent-encoded.
 *
 *   a:{publisher}:{id}                      the article record (JSON)
 *   i:all:{rank}:{publisher}:{id}           newest-first index of everything
 *   i:pub:{publisher}:{rank}:{publisher}:{id}
 *   i:tag:{tag}:{rank}:{publisher}:{id}
 *   i:lang:{code}:{rank}:{publisher}:{id}   code: the BCP 47 primary subtag, lower-cased ("kk")
 *   p:{publisher}                           publisher record, secrets encrypted
 *   w:{publisher}:{sha256(webhook-id)}      first answer to a webhook delivery (TTL)
 *   s:{sourceId}                            upstream feed source and its health; list metadata
 *                                           {n: next attempt (epoch ms, null = stopped), u: url hash}
 *                                           so the cron's due-check is one list()
 *   ws:{feed}:{format}:{callbackHash}       an active WebSub subscription to one feed URL (expires
 *                                           with its lease); feed: all, tag:{tag}, pub:{publisher},
 *                                           lang:{code}, so a change's subscribers are one list()
 *                                           per changed feed, all three formats at once
 *   wu:{feed}:{format}:{callbackHash}       a verified unsubscribe's request time (TTL), so a
 *                                           subscribe requested before it and verified late is stale
 *   ev:{changeId}                           an article change's payload, for its partner deliveries (TTL)
 *   wh:sub:{id}                             a partner webhook subscription (list metadata: its filter)
 *   wh:log:{id}:{rank}:{n}                  one delivery attempt to a partner, newest first (TTL)
 *
 * Each article owns its keys alone: no write touches a key shared by all submissions,
 * because KV allows one write per second per key.
 *
 * KV refuses keys over 512 bytes, so every key fits by construction: ids are ASCII of bounded
 * length (publisher ≤ 40, article ≤ 100, source 10: model/ schemas; the delivery hash is 16
 * characters), ranks are 16 digits, a language code 2–3 letters, and a tag is indexed only if
 * `tagFitsKey` accepts it.
 */

/** KV's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 512;

// Restated from PublisherId and ArticleId (the store may not import the model);
// test/model/article-bounds.test.ts holds the schemas to them.
const MAX_PUBLISHER_ID = 40;
const MAX_ARTICLE_ID = 100;
const RANK_DIGITS = 16;

/**
 * Room for the percent-encoded, case-folded tag in the longest key,
 * `i:tag:{tag}:{rank}:{publisher}:{id}`: 512 − ("i:tag:" 6 + ":" 1 + rank 16 + ":" 1 +
 * publisher 40 + ":" 1 + id 100) = 512 − 165 = 347 bytes (38 CJK characters, 57 Cyrillic).
 */
export const TAG_KEY_BUDGET = MAX_KEY_BYTES - ('i:tag:'.length + 1 + RANK_DIGITS + 1 + MAX_PUBLISHER_ID + 1 + MAX_ARTICLE_ID);

/** A `lang` scope's code is a primary language subtag as `primaryLanguage` gives it ("kk"). */
export type Scope = { kind: 'all' } | { kind: 'tag'; tag: string } | { kind: 'publisher'; publisher: string } | { kind: 'lang'; lang: string };

// KV lists keys in byte order, so the newest article must have the smallest rank:
// rank = RANK_BASE - epoch ms, fixed at 16 digits for every year 0001–9999
// (and below 2^53, so the subtraction is exact).
const RANK_BASE = 8_000_000_000_000_000;

export function rankOf(isoDate: string): string {
  return String(RANK_BASE - Date.parse(isoDate)).padStart(RANK_DIGITS, '0');
}

/**
 * The case-folded form a tag is indexed and addressed by (`/tags/{tag}/…`): "Алматы" and
 * "алматы" are one tag. Without the characters intake strips (a lone surrogate would make
 * encodeURIComponent throw), so a tag is measured and indexed as it is stored.
 */
export function tagKey(tag: string): string {
  return collapseWhitespace(stripXmlForbidden(tag)).normalize('NFC').toLocaleLowerCase('und');
}

function encodedTag(tag: string): string {
  return encodeURIComponent(tagKey(tag));
}

/**
 * Whether a tag's index keys stay within KV's limit. Measured after case folding and NFC,
 * which can lengthen a tag ("İ" folds to two code points; NFC turns U+FB2C, excluded from
 * composition, into three).
 * encodeURIComponent's output is ASCII, so its length is its size in bytes.
 */
export function tagFitsKey(tag: string): boolean {
  return encodedTag(tag).length <= TAG_KEY_BUDGET;
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
      return `i:tag:${encodedTag(scope.tag)}:`;
    case 'lang':
      return `i:lang:${scope.lang}:`;
  }
}

/**
 * Every index key an article with these fields must have, and no other. The language key is
 * the article's own (one per article, like the others): the languages present are never
 * tracked in a key that every article of a language would write.
 */
export function indexKeysFor(a: { publisher: string; id: string; date_published: string; language?: string; tags?: readonly string[] }): string[] {
  const suffix = `${rankOf(a.date_published)}:${a.publisher}:${a.id}`;
  const scopes: Scope[] = [{ kind: 'all' }, { kind: 'publisher', publisher: a.publisher }];
  const lang = primaryLanguage(a.language ?? '');
  if (lang !== undefined) scopes.push({ kind: 'lang', lang });
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

/** The feed part of WebSub subscription keys: `i:` index scopes without the rank. */
export function websubFeedPrefix(scope: Scope): string {
  return 'ws:' + scopePrefix(scope).slice('i:'.length);
}

export function websubKey(scope: Scope, format: 'rss' | 'atom' | 'json', callbackHash: string): string {
  return `${websubFeedPrefix(scope)}${format}:${callbackHash}`;
}

/** Where a verified unsubscribe of the subscription at `subscriptionKey` is remembered: beside it, outside its list prefix. */
export function websubUnsubscribedKey(subscriptionKey: string): string {
  return 'wu:' + subscriptionKey.slice('ws:'.length);
}

/** The feed scope an index key belongs to (the inverse of scopePrefix), or null for a key of no scope. */
export function scopeOfIndexKey(key: string): Scope | null {
  const parts = key.split(':');
  if (parts[0] !== 'i') return null;
  switch (parts[1]) {
    case 'all':
      return { kind: 'all' };
    case 'pub':
      return parts[2] ? { kind: 'publisher', publisher: parts[2] } : null;
    case 'lang':
      return parts[2] ? { kind: 'lang', lang: parts[2] } : null;
    case 'tag': {
      if (!parts[2]) return null;
      try {
        return { kind: 'tag', tag: decodeURIComponent(parts[2]) };
      } catch {
        return null;
      }
    }
    default:
      return null;
  }
}

export function changeSnapshotKey(changeId: string): string {
  return `ev:${changeId}`;
}

export const PARTNER_SUBSCRIPTION_PREFIX = 'wh:sub:';

export function partnerSubscriptionKey(id: string): string {
  return PARTNER_SUBSCRIPTION_PREFIX + id;
}

export function partnerLogPrefix(id: string): string {
  return `wh:log:${id}:`;
}

/** Newest first: KV lists in byte order, so the rank falls as time goes on. */
export function partnerLogKey(id: string, atMs: number, n: string): string {
  return `${partnerLogPrefix(id)}${String(RANK_BASE - atMs).padStart(RANK_DIGITS, '0')}:${n}`;
}
