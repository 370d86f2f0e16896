import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Env } from '../../src/env';
import { open } from '../../src/auth/secret-box';
import type { DeliveryMessage } from '../../src/model/push-messages';
import { recordingQueue } from '../helpers/recording-queue';

const SECRETS_KEY = 'test-secrets-key-0123456789abcdef';

function hub(overrides: Partial<Env> = {}) {
  const app = createApp();
  const deliveries = recordingQueue<DeliveryMessage>();
  const bindings: Env = { ...env, DELIVERIES: deliveries.queue, ...overrides };
  const post = (form: string | Record<string, string>, init: { url?: string; type?: string } = {}) =>
    app.fetch(
      new Request(init.url ?? 'https://newswire.test/websub', {
        method: 'POST',
        headers: { 'content-type': init.type ?? 'application/x-www-form-urlencoded' },
        body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
      }),
      bindings,
    );
  return { post, sent: deliveries.sent };
}

const SUBSCRIBE = { 'hub.mode': 'subscribe', 'hub.topic': 'https://newswire.test/lang/kk/atom.xml', 'hub.callback': 'http://127.0.0.1:9911/cb?x=1' };

describe('POST /websub: accepted requests', () => {
  it('answers 202 and queues one verification with the default lease', async () => {
    const { post, sent } = hub();
    const before = Date.now();
    const res = await post(SUBSCRIBE);
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('Accepted; the hub will verify the subscribe request at the callback.\n');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: 'websub.verify',
      mode: 'subscribe',
      topic: 'https://newswire.test/lang/kk/atom.xml',
      callback: 'http://127.0.0.1:9911/cb?x=1',
      leaseSeconds: 604_800,
    });
    expect(sent[0]).not.toHaveProperty('secret');
    const at = sent[0]?.kind === 'websub.verify' ? sent[0].requestedAt : 0;
    expect(at).toBeGreaterThanOrEqual(before);
  });

  it.each([
    ['60', 3600],
    ['3600', 3600],
    ['90000', 90_000],
    ['864000', 864_000],
    ['9999999999', 864_000],
    ['', 604_800],
  ])('clamps hub.lease_seconds=%s to %i', async (lease, granted) => {
    const { post, sent } = hub();
    expect((await post({ ...SUBSCRIBE, 'hub.lease_seconds': lease })).status).toBe(202);
    expect(sent[0]).toMatchObject({ leaseSeconds: granted });
  });

  it('seals hub.secret under SECRETS_KEY: the queue never carries it in the clear', async () => {
    const { post, sent } = hub();
    expect((await post({ ...SUBSCRIBE, 'hub.secret': 'Сәлем-secret' })).status).toBe(202);
    const message = sent[0];
    if (message?.kind !== 'websub.verify' || message.secret === undefined) throw new Error('no sealed secret');
    expect(JSON.stringify(message)).not.toContain('Сәлем-secret');
    expect(await open(message.secret, SECRETS_KEY)).toBe('Сәлем-secret');
  });

  it('takes a secret of exactly 200 bytes', async () => {
    const { post } = hub();
    expect((await post({ ...SUBSCRIBE, 'hub.secret': 'ә'.repeat(100) })).status).toBe(202);
  });

  it('queues an unsubscribe verification for a served topic', async () => {
    const { post, sent } = hub();
    expect((await post({ ...SUBSCRIBE, 'hub.mode': 'unsubscribe' })).status).toBe(202);
    expect(sent[0]).toMatchObject({ kind: 'websub.verify', mode: 'unsubscribe' });
  });

  it('stores the callback without its fragment', async () => {
    const { post, sent } = hub();
    await post({ ...SUBSCRIBE, 'hub.callback': 'http://127.0.0.1:9911/cb?x=1#frag' });
    expect(sent[0]).toMatchObject({ callback: 'http://127.0.0.1:9911/cb?x=1' });
  });

  it('answers 202 for a topic it does not serve, and queues a denial with the reason instead', async () => {
    const { post, sent } = hub();
    const res = await post({ ...SUBSCRIBE, 'hub.topic': 'https://newswire.test/feed.xml?cursor=abc' });
    expect(res.status).toBe(202);
    expect(sent).toEqual([
      {
        kind: 'websub.deny',
        topic: 'https://newswire.test/feed.xml?cursor=abc',
        callback: 'http://127.0.0.1:9911/cb?x=1',
        reason: 'a topic is the first page of a feed: no query string (later pages are not topics)',
      },
    ]);
  });

  it('judges the topic’s origin by SITE_URL when it is set', async () => {
    const { post, sent } = hub({ SITE_URL: 'https://news.example.kz' });
    await post(SUBSCRIBE);
    expect(sent[0]).toMatchObject({ kind: 'websub.deny', reason: 'the topic is not on this hub’s site (https://news.example.kz)' });
  });
});

describe('POST /websub: refused requests', () => {
  it.each<[string, string | Record<string, string>, number, string]>([
    ['no mode', { 'hub.topic': SUBSCRIBE['hub.topic'], 'hub.callback': SUBSCRIBE['hub.callback'] }, 400, 'hub.mode must be subscribe or unsubscribe'],
    ['a publish mode', { ...SUBSCRIBE, 'hub.mode': 'publish' }, 400, 'hub.mode must be subscribe or unsubscribe'],
    ['no topic', { 'hub.mode': 'subscribe', 'hub.callback': SUBSCRIBE['hub.callback'] }, 400, 'hub.topic is required'],
    ['a relative topic', { ...SUBSCRIBE, 'hub.topic': '/feed.xml' }, 400, 'hub.topic is not an absolute URL'],
    ['no callback', { 'hub.mode': 'subscribe', 'hub.topic': SUBSCRIBE['hub.topic'] }, 400, 'hub.callback is required'],
    ['a relative callback', { ...SUBSCRIBE, 'hub.callback': '/cb' }, 400, 'hub.callback is not an absolute URL'],
    ['an ftp callback', { ...SUBSCRIBE, 'hub.callback': 'ftp://127.0.0.1/cb' }, 400, 'hub.callback is refused: the scheme ftp: is not http or https'],
    ['a callback with credentials', { ...SUBSCRIBE, 'hub.callback': 'https://u:p@reader.example/cb' }, 400, 'hub.callback is refused: the URL carries credentials (user:password@)'],
    ['a callback over 2048 characters', { ...SUBSCRIBE, 'hub.callback': `https://reader.example/${'a'.repeat(2030)}` }, 400, 'hub.callback must be at most 2048 characters'],
    ['a lease that is not a number', { ...SUBSCRIBE, 'hub.lease_seconds': '1e5' }, 400, 'hub.lease_seconds must be a whole number of seconds'],
    ['a negative lease', { ...SUBSCRIBE, 'hub.lease_seconds': '-5' }, 400, 'hub.lease_seconds must be a whole number of seconds'],
    ['a secret of 201 bytes', { ...SUBSCRIBE, 'hub.secret': `${'ә'.repeat(100)}x` }, 400, 'hub.secret must be at most 200 bytes'],
    ['a repeated field', 'hub.mode=subscribe&hub.mode=unsubscribe&hub.topic=x&hub.callback=y', 400, 'hub.mode is given more than once'],
    ['an unsubscribe of a topic not served', { ...SUBSCRIBE, 'hub.mode': 'unsubscribe', 'hub.topic': 'https://newswire.test/news' }, 400, 'hub.topic is not a topic of this hub: the path is not one of newswire’s feeds'],
  ])('%s → %i', async (_name, form, status, reason) => {
    const { post, sent } = hub();
    const res = await post(form);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe(`${reason}\n`);
    expect(sent).toEqual([]);
  });

  it('answers 415 to a JSON body', async () => {
    const { post, sent } = hub();
    const res = await post(JSON.stringify(SUBSCRIBE), { type: 'application/json' });
    expect(res.status).toBe(415);
    expect(sent).toEqual([]);
  });

  it('answers 413 to a form over 8 KiB', async () => {
    const { post } = hub();
    expect((await post({ ...SUBSCRIBE, padding: 'x'.repeat(9000) })).status).toBe(413);
  });

  describe('with private callbacks not allowed (production)', () => {
    const production = { ALLOW_PRIVATE_CALLBACKS: 'false' };
    it.each<[string, Record<string, string>, string, string]>([
      ['a loopback callback', { ...SUBSCRIBE, 'hub.callback': 'https://127.0.0.1/cb' }, 'https://newswire.test/websub', 'hub.callback is refused: the host 127.0.0.1 is a loopback address'],
      ['a plain-http callback', { ...SUBSCRIBE, 'hub.callback': 'http://reader.example/cb' }, 'https://newswire.test/websub', 'hub.callback must be an https URL'],
      ['a secret sent over http', { ...SUBSCRIBE, 'hub.topic': 'http://newswire.test/lang/kk/atom.xml', 'hub.callback': 'https://reader.example/cb', 'hub.secret': 's' }, 'http://newswire.test/websub', 'hub.secret may only be sent over https'],
    ])('refuses %s', async (_name, form, url, reason) => {
      const { post, sent } = hub(production);
      const res = await post(form, { url });
      expect(res.status).toBe(400);
      expect(await res.text()).toBe(`${reason}\n`);
      expect(sent).toEqual([]);
    });

    it('takes a public https callback with a secret over https', async () => {
      const { post, sent } = hub(production);
      expect((await post({ ...SUBSCRIBE, 'hub.callback': 'https://reader.example/cb', 'hub.secret': 's' })).status).toBe(202);
      expect(sent).toHaveLength(1);
    });
  });

  it('answers 500, queueing nothing, when a secret is given and SECRETS_KEY is missing', async () => {
    const { post, sent } = hub({ SECRETS_KEY: '' });
    const res = await post({ ...SUBSCRIBE, 'hub.secret': 's' });
    expect(res.status).toBe(500);
    expect(sent).toEqual([]);
  });
});

describe('/docs', () => {
  it('documents POST /websub from the same schema', async () => {
    const app = createApp();
    const res = await app.fetch(new Request('https://newswire.test/openapi.json'), env);
    const doc = await res.json<{ paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }> }>();
    expect(Object.keys(doc.paths['/websub']?.post?.requestBody?.content ?? {})).toEqual(['application/x-www-form-urlencoded']);
  });
});
