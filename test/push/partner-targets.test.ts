import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src/model/change-event';
import { partnerTargets } from '../../src/push/partners/partner-targets';
import { admin } from '../helpers/client';
import { countingKv } from '../helpers/counting-kv';

async function subscribe(json: unknown): Promise<string> {
  const res = await admin('/admin/subscriptions', { method: 'POST', json });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${await res.text()}`);
  return (await res.json<{ id: string }>()).id;
}

const RECORD = '{"id":"kokpar-final","title":"Көкпар финалы","content_html":"<p>Ойын аяқталды.</p>","language":"kk","tags":["спорт"],"date_published":"2026-11-25T10:00:00.000Z","publisher":"steppe-daily","publisher_name":"Steppe Daily","received_at":"2026-11-25T10:00:01.000Z"}';

function change(over: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    id: 'chg-kokpar-1',
    type: 'article.published',
    publisher: 'steppe-daily',
    article: 'kokpar-final',
    at: '2026-11-25T10:00:01.000Z',
    scopes: [{ kind: 'all' }],
    languages: ['kk'],
    tags: ['спорт'],
    record: RECORD,
    ...over,
  };
}

describe('partnerTargets', () => {
  it('with no subscription matching: one list, nothing written, no message', async () => {
    await subscribe({ url: 'https://ru-only.example/h', filter: { languages: ['ru'] } });
    await subscribe({ url: 'https://other-desk.example/h', filter: { publishers: ['north-desk'] } });
    const { kv, counts } = countingKv(env.KV);
    expect(await partnerTargets({ kv })(change())).toEqual([]);
    expect(counts).toEqual({ get: 0, list: 1, put: 0, delete: 0 });
    expect(await env.KV.get('ev:chg-kokpar-1')).toBeNull();
  });

  it('writes the snapshot once and answers one message per match, with one list for all subscriptions', async () => {
    const sport = await subscribe({ url: 'https://sport.example/h', filter: { tags: ['Спорт'] } });
    const everything = await subscribe({ url: 'https://everything.example/h' });
    const kazakh = await subscribe({ url: 'https://kk.example/h', filter: { languages: ['kk'], publishers: ['steppe-daily'] } });
    const { kv, counts } = countingKv(env.KV);
    const messages = await partnerTargets({ kv })(change({ id: 'chg-kokpar-2' }));
    expect(counts).toEqual({ get: 0, list: 1, put: 1, delete: 0 });
    expect(await env.KV.get('ev:chg-kokpar-2')).toBe(RECORD);
    expect(messages.map((m) => (m.kind === 'partner.event' ? m.subscription : '')).sort()).toEqual([sport, everything, kazakh].sort());
    for (const m of messages) {
      expect(m).toMatchObject({ kind: 'partner.event', change: 'chg-kokpar-2', type: 'article.published', at: '2026-11-25T10:00:01.000Z' });
      expect(m.kind === 'partner.event' ? m.webhookId : '').toMatch(/^msg_[A-Za-z0-9_-]{16}$/);
    }
    const ids = messages.map((m) => (m.kind === 'partner.event' ? m.webhookId : ''));
    expect(new Set(ids).size).toBe(3);
    // Stable: the fan-out redelivering the same change names the same webhook-ids.
    const again = await partnerTargets({ kv: env.KV })(change({ id: 'chg-kokpar-2' }));
    expect(again.map((m) => (m.kind === 'partner.event' ? m.webhookId : '')).sort()).toEqual([...ids].sort());
    const other = await partnerTargets({ kv: env.KV })(change({ id: 'chg-kokpar-3' }));
    for (const m of other) expect(ids).not.toContain(m.kind === 'partner.event' ? m.webhookId : '');
  });

  it('snapshots a deleted article as its publisher and id', async () => {
    await partnerTargets({ kv: env.KV })(change({ id: 'chg-del-1', type: 'article.deleted', record: undefined }));
    expect(await env.KV.get('ev:chg-del-1')).toBe('{"publisher":"steppe-daily","id":"kokpar-final"}');
  });

  it('reads the stored record when the change carries none, and skips an article no longer stored', async () => {
    await env.KV.put('a:steppe-daily:big-story', RECORD.replace('kokpar-final', 'big-story'));
    const { kv, counts } = countingKv(env.KV);
    const messages = await partnerTargets({ kv })(change({ id: 'chg-big-1', article: 'big-story', type: 'article.updated', record: undefined }));
    expect(messages.length).toBeGreaterThan(0);
    expect(counts.get).toBe(1);
    expect(await env.KV.get('ev:chg-big-1')).toBe(RECORD.replace('kokpar-final', 'big-story'));
    expect(await partnerTargets({ kv: env.KV })(change({ id: 'chg-gone-1', article: 'never-stored', type: 'article.updated', record: undefined }))).toEqual([]);
    expect(await env.KV.get('ev:chg-gone-1')).toBeNull();
  });

  it('skips a disabled subscription', async () => {
    const id = await subscribe({ url: 'https://disabled.example/h', filter: { publishers: ['quiet-desk'] } });
    const targets = partnerTargets({ kv: env.KV });
    expect(await targets(change({ id: 'chg-quiet-1', publisher: 'quiet-desk', tags: [], languages: ['en'] }))).toHaveLength(2); // itself and the match-all one
    await env.PARTNERS.get(env.PARTNERS.idFromName(id)).disable(id, 'operator test', Date.now());
    const after = await targets(change({ id: 'chg-quiet-2', publisher: 'quiet-desk', tags: [], languages: ['en'] }));
    expect(after.map((m) => (m.kind === 'partner.event' ? m.subscription : ''))).not.toContain(id);
    expect(after).toHaveLength(1);
  });

  it('follows the list cursor past 1000 subscriptions', async () => {
    // Written as the objects would write them: the listing is what is under test.
    await Promise.all(Array.from({ length: 1001 }, (_, i) => env.KV.put(`wh:sub:bulk${String(i).padStart(12, 'a')}`, '{}', { metadata: { f: { publishers: ['bulk-desk'] } } })));
    const { kv, counts } = countingKv(env.KV);
    const messages = await partnerTargets({ kv })(change({ id: 'chg-bulk-1', publisher: 'bulk-desk', tags: [], languages: ['en'] }));
    expect(counts.list).toBe(2);
    // 1001 bulk ones and the match-all subscription.
    expect(messages).toHaveLength(1002);
  });
});
