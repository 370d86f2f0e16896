import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/model/change-event';
import { websubTargets } from '../../src/push/websub/handlers';

const NOW = Math.floor(Date.now() / 1000) * 1000;
const LATER_S = NOW / 1000 + 3600;

/** A KV that counts list() calls and the prefixes they named, and refuses value reads. */
function countingKv() {
  const lists: string[] = [];
  const kv = new Proxy(env.KV, {
    get(target, prop, receiver) {
      if (prop === 'list') {
        return (opts: KVNamespaceListOptions) => {
          lists.push(opts.prefix ?? '');
          return target.list(opts);
        };
      }
      if (prop === 'get' || prop === 'getWithMetadata') throw new Error('targets must not read subscription values');
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { kv, lists };
}

function change(scopes: ChangeEvent['scopes']): ChangeEvent {
  return { id: 'chg-7', type: 'article.published', publisher: 'steppe-daily', article: 'metro', at: '2026-11-25T06:00:00Z', scopes, languages: ['kk'], tags: ['метро'] };
}

const put = (key: string, topic: string, expiration = LATER_S) => env.KV.put(key, '{}', { expiration, metadata: { t: topic } });

describe('websubTargets', () => {
  it('lists each scope once and gives one websub.content message per live subscription', async () => {
    await put('ws:all:rss:aaa', 'https://newswire.test/feed.xml');
    await put('ws:all:json:bbb', 'https://newswire.test/feed.json');
    await put('ws:pub:steppe-daily:atom:ccc', 'https://newswire.test/publishers/steppe-daily/atom.xml');
    await put('ws:tag:%D0%BC%D0%B5%D1%82%D1%80%D0%BE:rss:ddd', 'https://newswire.test/tags/%D0%BC%D0%B5%D1%82%D1%80%D0%BE/feed.xml');
    // Not this change's: another publisher, another language; and a prefix sibling ("steppe-daily-2").
    await put('ws:pub:other-desk:rss:eee', 'https://newswire.test/publishers/other-desk/feed.xml');
    await put('ws:lang:ru:rss:fff', 'https://newswire.test/lang/ru/feed.xml');
    await put('ws:pub:steppe-daily-2:rss:ggg', 'https://newswire.test/publishers/steppe-daily-2/feed.xml');

    const { kv, lists } = countingKv();
    const messages = await websubTargets({ kv, now: () => NOW })(
      change([{ kind: 'all' }, { kind: 'publisher', publisher: 'steppe-daily' }, { kind: 'lang', lang: 'kk' }, { kind: 'tag', tag: 'метро' }, { kind: 'all' }]),
    );
    expect(lists).toEqual(['ws:all:', 'ws:pub:steppe-daily:', 'ws:lang:kk:', 'ws:tag:%D0%BC%D0%B5%D1%82%D1%80%D0%BE:']);
    expect(messages).toEqual([
      { kind: 'websub.content', subscription: 'ws:all:json:bbb', topic: 'https://newswire.test/feed.json', change: 'chg-7' },
      { kind: 'websub.content', subscription: 'ws:all:rss:aaa', topic: 'https://newswire.test/feed.xml', change: 'chg-7' },
      { kind: 'websub.content', subscription: 'ws:pub:steppe-daily:atom:ccc', topic: 'https://newswire.test/publishers/steppe-daily/atom.xml', change: 'chg-7' },
      { kind: 'websub.content', subscription: 'ws:tag:%D0%BC%D0%B5%D1%82%D1%80%D0%BE:rss:ddd', topic: 'https://newswire.test/tags/%D0%BC%D0%B5%D1%82%D1%80%D0%BE/feed.xml', change: 'chg-7' },
    ]);
  });

  it('skips a subscription whose KV expiration has passed but which list() still shows', async () => {
    const stale = {
      list: async () => ({
        keys: [
          { name: 'ws:lang:en:rss:old', expiration: NOW / 1000 - 1, metadata: { t: 'https://newswire.test/lang/en/feed.xml' } },
          { name: 'ws:lang:en:rss:new', expiration: LATER_S, metadata: { t: 'https://newswire.test/lang/en/feed.xml' } },
        ],
        list_complete: true,
        cacheStatus: null,
      }),
    } as unknown as KVNamespace;
    const messages = await websubTargets({ kv: stale, now: () => NOW })(change([{ kind: 'lang', lang: 'en' }]));
    expect(messages).toEqual([{ kind: 'websub.content', subscription: 'ws:lang:en:rss:new', topic: 'https://newswire.test/lang/en/feed.xml', change: 'chg-7' }]);
  });

  it('answers nothing, after one list, for a scope nobody subscribed to', async () => {
    const { kv, lists } = countingKv();
    expect(await websubTargets({ kv, now: () => NOW })(change([{ kind: 'tag', tag: 'nobody' }]))).toEqual([]);
    expect(lists).toEqual(['ws:tag:nobody:']);
  });
});
