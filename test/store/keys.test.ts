import { describe, expect, it } from 'vitest';
import { primaryLanguage } from '../../src/text/language';
import { shortHash } from '../../src/text/short-hash';
import {
  articleKey,
  changeSnapshotKey,
  deliveryKey,
  indexKeysFor,
  PARTNER_SUBSCRIPTION_PREFIX,
  partnerLogKey,
  partnerLogPrefix,
  partnerSubscriptionKey,
  publisherKey,
  rankOf,
  refFromIndexKey,
  scopeOfIndexKey,
  scopePrefix,
  sourceKey,
  TAG_KEY_BUDGET,
  tagFitsKey,
  websubFeedPrefix,
  websubKey,
  websubUnsubscribedKey,
} from '../../src/store/keys';

// Runs in the workerd suite and, for StrykerJS, in plain Node (vitest.mutation.config.ts):
// nothing here may come from `cloudflare:test`.
// Mutants of keys.ts that survive this file and why they are equivalent:
// - rankOf's padStart fill '0' → '': every date the schema and the feed-date parser accept
//   (years 0001–9999) already gives 16 digits, as the tests below show at both ends.
// - refFromIndexKey's `?? ''` for the id: String.split always returns at least one part.
// - indexKeysFor's `a.language ?? ''` → any other string with no 2–3 letter primary subtag
//   (Stryker's "Stryker was here!"): a missing language and such a string both index none.
// - partnerLogKey's padStart fill, as rankOf's: every epoch-ms time gives 16 digits.
// - scopeOfIndexKey's `catch { return null; }` → `catch {}`: the tag case then falls through to
//   `default`, which returns null too.

describe('rankOf', () => {
  it('is 8·10¹⁵ minus epoch milliseconds, 16 digits, across 1970 and the 2286 digit rollover', () => {
    expect(rankOf('1970-01-01T00:00:00Z')).toBe('8000000000000000');
    expect(rankOf('1969-12-31T23:59:59.999Z')).toBe('8000000000000001');
    expect(rankOf('1900-03-01T12:00:00+06:00')).toBe('8002203869600000');
    expect(rankOf('0001-01-01T00:00:00Z')).toBe('8062135596800000');
    // 10¹³ ms: epoch milliseconds gain a 14th digit here, the rank keeps 16.
    expect(rankOf('2286-11-20T17:46:40Z')).toBe('7990000000000000');
    expect(rankOf('2287-01-01T00:00:00Z')).toBe('7989996435200000');
    expect(rankOf('9999-12-31T23:59:59.999Z')).toBe('7746597699200001');
  });

  it('reads the offset: the same instant written in two zones has one rank', () => {
    expect(rankOf('2026-11-25T09:00:00+05:00')).toBe('7998204420800000');
    expect(rankOf('2026-11-25T04:00:00Z')).toBe('7998204420800000');
  });

  it('sorts newest first in byte order', () => {
    const newestFirst = ['2287-01-01T00:00:00Z', '2286-11-20T17:46:40Z', '2026-11-25T04:00:00Z', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '0001-01-01T00:00:00Z'];
    const ranks = newestFirst.map(rankOf);
    expect([...ranks].sort()).toEqual(ranks);
  });
});

describe('scopePrefix', () => {
  it('gives each scope its own prefix', () => {
    expect(scopePrefix({ kind: 'all' })).toBe('i:all:');
    expect(scopePrefix({ kind: 'publisher', publisher: 'steppe-daily' })).toBe('i:pub:steppe-daily:');
    expect(scopePrefix({ kind: 'lang', lang: 'kk' })).toBe('i:lang:kk:');
  });

  it('case-folds and percent-encodes tags, Kazakh and Russian included', () => {
    expect(scopePrefix({ kind: 'tag', tag: 'Алматы' })).toBe('i:tag:%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B:');
    expect(scopePrefix({ kind: 'tag', tag: 'ҚАЗАҚСТАН' })).toBe('i:tag:%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B%D1%81%D1%82%D0%B0%D0%BD:');
    // Kazakh І (U+0406) folds to і (U+0456), not to Latin i.
    expect(scopePrefix({ kind: 'tag', tag: 'І' })).toBe('i:tag:%D1%96:');
  });

  it('collapses whitespace and composes to NFC before encoding', () => {
    expect(scopePrefix({ kind: 'tag', tag: '  Ауа\u00a0 райы ' })).toBe('i:tag:%D0%B0%D1%83%D0%B0%20%D1%80%D0%B0%D0%B9%D1%8B:');
    // "й" typed as и + combining breve (U+0306) is the precomposed й (U+0439).
    expect(scopePrefix({ kind: 'tag', tag: 'и\u0306' })).toBe('i:tag:%D0%B9:');
  });

  it('encodes ":" and "/" in a tag, so a tag cannot forge key parts', () => {
    expect(scopePrefix({ kind: 'tag', tag: 'a:b/c' })).toBe('i:tag:a%3Ab%2Fc:');
  });
});

describe('indexKeysFor', () => {
  it('lists the all, publisher and one key per tag, in that order', () => {
    expect(
      indexKeysFor({ publisher: 'steppe-daily', id: 'almaty-metro', date_published: '2026-11-25T09:00:00+05:00', tags: ['Алматы', 'metro'] }),
    ).toEqual([
      'i:all:7998204420800000:steppe-daily:almaty-metro',
      'i:pub:steppe-daily:7998204420800000:steppe-daily:almaty-metro',
      'i:tag:%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B:7998204420800000:steppe-daily:almaty-metro',
      'i:tag:metro:7998204420800000:steppe-daily:almaty-metro',
    ]);
  });

  it('has only the all and publisher keys without tags', () => {
    expect(indexKeysFor({ publisher: 'dala', id: 'x.1', date_published: '1969-12-31T23:59:59.999Z' })).toEqual([
      'i:all:8000000000000001:dala:x.1',
      'i:pub:dala:8000000000000001:dala:x.1',
    ]);
    expect(indexKeysFor({ publisher: 'dala', id: 'x.1', date_published: '1970-01-01T00:00:00Z', tags: [] })).toEqual([
      'i:all:8000000000000000:dala:x.1',
      'i:pub:dala:8000000000000000:dala:x.1',
    ]);
  });
});

describe('indexKeysFor, language', () => {
  const at = '2026-11-25T09:00:00+05:00';

  it('adds one key under the primary subtag, lower-cased, after the publisher key and before the tags', () => {
    expect(indexKeysFor({ publisher: 'steppe-daily', id: 'almaty-metro', date_published: at, language: 'kk-Cyrl-KZ', tags: ['metro'] })).toEqual([
      'i:all:7998204420800000:steppe-daily:almaty-metro',
      'i:pub:steppe-daily:7998204420800000:steppe-daily:almaty-metro',
      'i:lang:kk:7998204420800000:steppe-daily:almaty-metro',
      'i:tag:metro:7998204420800000:steppe-daily:almaty-metro',
    ]);
    expect(indexKeysFor({ publisher: 'dala', id: 'x', date_published: at, language: 'RU' })).toEqual([
      'i:all:7998204420800000:dala:x',
      'i:pub:dala:7998204420800000:dala:x',
      'i:lang:ru:7998204420800000:dala:x',
    ]);
  });

  it('adds no language key for a tag without a 2–3 letter primary subtag', () => {
    for (const language of ['', 'x-klingon', 'i-navajo', 'english', 'k', 'kk_KZ', '-kk']) {
      expect(indexKeysFor({ publisher: 'dala', id: 'x', date_published: at, language }), language).toEqual(['i:all:7998204420800000:dala:x', 'i:pub:dala:7998204420800000:dala:x']);
    }
  });
});

describe('primaryLanguage', () => {
  it('is the first subtag of 2 or 3 letters, lower-cased', () => {
    expect(primaryLanguage('kk')).toBe('kk');
    expect(primaryLanguage('kk-Cyrl-KZ')).toBe('kk');
    expect(primaryLanguage('KAZ')).toBe('kaz');
    expect(primaryLanguage('zh-min-nan')).toBe('zh');
    expect(primaryLanguage('Ru-RU')).toBe('ru');
  });

  it('is undefined for anything else', () => {
    expect(primaryLanguage('')).toBeUndefined();
    expect(primaryLanguage('k')).toBeUndefined();
    expect(primaryLanguage('kaza')).toBeUndefined();
    expect(primaryLanguage('kk_KZ')).toBeUndefined();
    expect(primaryLanguage('x-private')).toBeUndefined();
    expect(primaryLanguage('қз')).toBeUndefined();
    expect(primaryLanguage('k1')).toBeUndefined();
    expect(primaryLanguage(' kk')).toBeUndefined();
  });
});

describe('refFromIndexKey', () => {
  it('reads the publisher and id from the last two parts of every index key shape', () => {
    expect(refFromIndexKey('i:all:7998204420800000:steppe-daily:almaty-metro')).toEqual({ publisher: 'steppe-daily', id: 'almaty-metro' });
    expect(refFromIndexKey('i:pub:dala:8000000000000001:dala:x.1')).toEqual({ publisher: 'dala', id: 'x.1' });
    expect(refFromIndexKey('i:tag:a%3Ab%2Fc:7998204420800000:steppe-daily:~_-.')).toEqual({ publisher: 'steppe-daily', id: '~_-.' });
    expect(refFromIndexKey('i:lang:kk:7998204420800000:steppe-daily:almaty-metro')).toEqual({ publisher: 'steppe-daily', id: 'almaty-metro' });
  });

  it('gives empty strings, never undefined, for parts a key does not have', () => {
    expect(refFromIndexKey('solo')).toEqual({ publisher: '', id: 'solo' });
    expect(refFromIndexKey('')).toEqual({ publisher: '', id: '' });
  });
});

describe('record keys', () => {
  it('prefix each record kind with its own letter', () => {
    expect(articleKey('steppe-daily', 'almaty-metro')).toBe('a:steppe-daily:almaty-metro');
    expect(publisherKey('steppe-daily')).toBe('p:steppe-daily');
    expect(deliveryKey('steppe-daily', 'b94d27b9934d3e08')).toBe('w:steppe-daily:b94d27b9934d3e08');
    expect(sourceKey('3f2a')).toBe('s:3f2a');
  });
});

describe('push keys', () => {
  const ALMATY = '%D0%B0%D0%BB%D0%BC%D0%B0%D1%82%D1%8B';

  it('WebSub subscriptions sit under their feed, all three formats under one prefix', () => {
    expect(websubFeedPrefix({ kind: 'all' })).toBe('ws:all:');
    expect(websubFeedPrefix({ kind: 'publisher', publisher: 'steppe-daily' })).toBe('ws:pub:steppe-daily:');
    expect(websubFeedPrefix({ kind: 'tag', tag: 'Алматы' })).toBe(`ws:tag:${ALMATY}:`);
    expect(websubFeedPrefix({ kind: 'lang', lang: 'kk' })).toBe('ws:lang:kk:');
    expect(websubKey({ kind: 'lang', lang: 'kk' }, 'atom', 'Hx3f9kQ2pL0aZb7c')).toBe('ws:lang:kk:atom:Hx3f9kQ2pL0aZb7c');
    expect(websubKey({ kind: 'all' }, 'json', 'h')).toBe('ws:all:json:h');
    // A verified unsubscribe is remembered beside the subscription, outside the list prefix.
    expect(websubUnsubscribedKey('ws:lang:kk:atom:Hx3f9kQ2pL0aZb7c')).toBe('wu:lang:kk:atom:Hx3f9kQ2pL0aZb7c');
  });

  it('reads the scope back from an index key, and refuses keys of no scope', () => {
    expect(scopeOfIndexKey('i:all:7998204420800000:steppe-daily:metro')).toEqual({ kind: 'all' });
    expect(scopeOfIndexKey('i:pub:steppe-daily:7998204420800000:steppe-daily:metro')).toEqual({ kind: 'publisher', publisher: 'steppe-daily' });
    expect(scopeOfIndexKey(`i:tag:${ALMATY}:7998204420800000:steppe-daily:metro`)).toEqual({ kind: 'tag', tag: 'алматы' });
    expect(scopeOfIndexKey('i:lang:kk:7998204420800000:steppe-daily:metro')).toEqual({ kind: 'lang', lang: 'kk' });
    expect(scopeOfIndexKey('a:steppe-daily:metro')).toBeNull();
    expect(scopeOfIndexKey('ws:all:json:Hx3f9kQ2pL0aZb7c')).toBeNull();
    expect(scopeOfIndexKey('i:other:x:7998204420800000:steppe-daily:metro')).toBeNull();
    expect(scopeOfIndexKey('i:pub::7998204420800000:steppe-daily:metro')).toBeNull();
    expect(scopeOfIndexKey('i:lang::7998204420800000:steppe-daily:metro')).toBeNull();
    expect(scopeOfIndexKey('i:tag::7998204420800000:steppe-daily:metro')).toBeNull();
    // A broken percent-escape names no tag (decodeURIComponent would throw).
    expect(scopeOfIndexKey('i:tag:%D0:7998204420800000:steppe-daily:metro')).toBeNull();
  });

  it('partner subscriptions, their delivery log (newest first) and change snapshots', () => {
    expect(PARTNER_SUBSCRIPTION_PREFIX).toBe('wh:sub:');
    expect(partnerSubscriptionKey('sub_4f2a')).toBe('wh:sub:sub_4f2a');
    expect(partnerLogPrefix('sub_4f2a')).toBe('wh:log:sub_4f2a:');
    expect(partnerLogKey('sub_4f2a', 0, 'n1')).toBe('wh:log:sub_4f2a:8000000000000000:n1');
    expect(partnerLogKey('sub_4f2a', Date.parse('2026-11-25T04:00:00Z'), 'n2')).toBe('wh:log:sub_4f2a:7998204420800000:n2');
    expect(partnerLogKey('sub_4f2a', Date.parse('2026-11-25T04:00:00Z'), 'n2') < partnerLogKey('sub_4f2a', 0, 'n1')).toBe(true);
    expect(changeSnapshotKey('chg_Qm9v')).toBe('ev:chg_Qm9v');
  });
});

describe('KV key lengths (at most 512 bytes, by construction)', () => {
  const bytes = (key: string) => new TextEncoder().encode(key).length;
  // Schema-valid ids at their maximum lengths (the schema tests in test/model hold them there).
  const publisher = 'p'.repeat(40);
  const id = 'i'.repeat(100);
  // 38 CJK characters are 38 × 9 = 342 bytes percent-encoded; 5 ASCII letters bring it to 347.
  const widestTag = '漢'.repeat(38) + 'abcde';

  it('leaves 347 bytes for the encoded tag: 512 − (6 + 1 + 16 + 1 + 40 + 1 + 100)', () => {
    expect(TAG_KEY_BUDGET).toBe(347);
  });

  it('keeps every key at most 512 bytes with ids at their longest and the widest tag that fits', async () => {
    const index = indexKeysFor({ publisher, id, date_published: '1900-01-01T00:00:00Z', language: 'kaz-Cyrl-KZ', tags: [widestTag] });
    // all, publisher, language (a 3-letter code: 7 + 3 + 1 + 16 + 1 + 40 + 1 + 100), tag.
    expect(index.map(bytes)).toEqual([164, 205, 169, 512]);
    expect(bytes(articleKey(publisher, id))).toBe(143);
    expect(bytes(publisherKey(publisher))).toBe(42);
    // The delivery key holds a shortHash of the webhook-id (16 characters, whatever the id's length).
    expect(bytes(deliveryKey(publisher, await shortHash('msg_'.repeat(64))))).toBe(59);
    expect(bytes(sourceKey('abcdefghij'))).toBe(12);
    // A WebSub subscription to the widest tag's Atom feed: "ws:tag:" + 347 + ":atom:" + a 16-character hash.
    expect(bytes(websubKey({ kind: 'tag', tag: widestTag }, 'atom', await shortHash('https://reader.example/cb')))).toBe(376);
  });

  it('fits a tag whose encoded key is exactly the budget, and refuses one byte more', () => {
    expect(tagFitsKey(widestTag)).toBe(true);
    expect(tagFitsKey(`${widestTag}f`)).toBe(false);
    expect(tagFitsKey('漢'.repeat(39))).toBe(false);
    expect(tagFitsKey('漢'.repeat(50))).toBe(false);
  });

  it('fits 50 Cyrillic letters and 25 emoji, the schema\'s longest tags in those scripts', () => {
    expect(tagFitsKey('Қ'.repeat(50))).toBe(true);
    expect(tagFitsKey('🦅'.repeat(25))).toBe(true);
  });

  it('measures the tag as indexed: case folding can lengthen it', () => {
    // "İ" (U+0130) is 6 bytes encoded, but folds to "i" + U+0307: 7 bytes. 49 × 7 = 343, 50 × 7 = 350.
    expect(tagFitsKey('İ'.repeat(49))).toBe(true);
    expect(tagFitsKey('İ'.repeat(50))).toBe(false);
  });

  it('measures the tag as indexed: NFC can lengthen it', () => {
    // U+FB2C is 9 bytes encoded, but NFC gives U+05E9 U+05BC U+05C1: 18. 19 × 18 = 342, 20 × 18 = 360.
    expect(tagFitsKey('\uFB2C'.repeat(19))).toBe(true);
    expect(tagFitsKey('\uFB2C'.repeat(20))).toBe(false);
  });

  it('indexes a tag with a lone surrogate as intake stores it, without throwing', () => {
    expect(tagFitsKey('metro\uD800')).toBe(true);
    expect(scopePrefix({ kind: 'tag', tag: 'metro\uD800' })).toBe('i:tag:metro:');
  });
});
