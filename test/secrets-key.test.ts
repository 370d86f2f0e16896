import { env } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { appWithCountingKv } from './helpers/app-with-counting-kv';
import { ADMIN_TOKEN } from './helpers/client';
import { insidePublisher } from './helpers/publisher-objects';
import { englishArticle } from './helpers/fixtures';
import { newWebhookSecret, seal } from '../src/auth/secret-box';

// Three different 40-byte keys; the test binding's own key is none of them.
const K1 = 'k1-steppe-wind-0123456789-abcdefghijklmn';
const K2 = 'k2-north-river-0123456789-abcdefghijklmn';
const SHORT = 'only-thirty-one-bytes-long-key!';

type Overrides = { SECRETS_KEY?: string; SECRETS_KEY_PREVIOUS?: string };

function appWith(keys: Overrides) {
  return appWithCountingKv({ SECRETS_KEY: undefined, SECRETS_KEY_PREVIOUS: undefined, ...keys });
}

async function createPublisher(keys: Overrides, id: string): Promise<Response> {
  return (await appWith(keys).fetch('/admin/publishers', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, name: `Desk ${id}` }),
  })).res;
}

async function secretOf(res: Response): Promise<string> {
  expect(res.status).toBe(201);
  return (await res.json<{ secret: string }>()).secret;
}

let deliveries = 0;

async function publish(keys: Overrides, publisher: string, secret: string, articleId: string, contentType = 'application/json'): Promise<Response> {
  const raw = JSON.stringify({ type: 'article.published', timestamp: new Date().toISOString(), data: englishArticle(articleId) });
  const id = `msg_keys_${deliveries++}`;
  const at = new Date();
  return (await appWith(keys).fetch(`/webhooks/${publisher}`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, raw),
    },
    body: raw,
  })).res;
}

/** The publisher's record as its object stores it (secrets sealed). */
function sealedRecord(publisher: string): Promise<string> {
  return insidePublisher(publisher, (_object, state) => state.storage.sql.exec<{ record: string }>('SELECT record FROM publisher').one().record);
}

async function kvDump(): Promise<Record<string, string | null>> {
  const dump: Record<string, string | null> = {};
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ cursor });
    for (const key of page.keys) dump[key.name] = await env.KV.get(key.name);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return dump;
}

async function expectKeyProblem(res: Response) {
  expect(res.status).toBe(500);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json<{ status: number; detail: string }>();
  expect(body.status).toBe(500);
  expect(body.detail).toContain('SECRETS_KEY');
}

describe('SECRETS_KEY missing or too short', () => {
  for (const [label, keys] of [
    ['unset', {}],
    ['31 bytes', { SECRETS_KEY: SHORT }],
    ['empty', { SECRETS_KEY: '' }],
  ] as const) {
    it(`${label}: creating a publisher and receiving a webhook answer 500 naming SECRETS_KEY, and KV is unchanged`, async () => {
      const secret = await secretOf(await createPublisher({ SECRETS_KEY: K1 }, `known-${label.replace(/\W/g, '')}`));
      const before = await kvDump();

      await expectKeyProblem(await createPublisher(keys, 'never-made'));
      await expectKeyProblem(await publish(keys, `known-${label.replace(/\W/g, '')}`, secret, 'keyless-1'));
      await expectKeyProblem(await publish(keys, 'nobody-here', secret, 'keyless-2'));
      const rotate = await appWith(keys).fetch(`/admin/publishers/known-${label.replace(/\W/g, '')}/secrets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      await expectKeyProblem(rotate.res);

      expect(await kvDump()).toEqual(before);
    });
  }

  it('counts bytes, not characters: 16 Cyrillic letters are 32 bytes and enough', async () => {
    const cyrillic = 'ключключключключ';
    expect(cyrillic.length).toBe(16);
    const secret = await secretOf(await createPublisher({ SECRETS_KEY: cyrillic }, 'cyrillic-key'));
    expect((await publish({ SECRETS_KEY: cyrillic }, 'cyrillic-key', secret, 'cyr-1')).status).toBe(201);
  });
});

describe('rotating SECRETS_KEY with SECRETS_KEY_PREVIOUS', () => {
  it('a changed key alone cannot open old secrets: 500 naming SECRETS_KEY, not a silent 401', async () => {
    const secret = await secretOf(await createPublisher({ SECRETS_KEY: K1 }, 'orphan-desk'));
    await expectKeyProblem(await publish({ SECRETS_KEY: K2 }, 'orphan-desk', secret, 'orphan-1'));
  });

  it('opens secrets sealed under the previous key and re-seals them under the new one', async () => {
    const secret = await secretOf(await createPublisher({ SECRETS_KEY: K1 }, 'moving-desk'));
    const sealedUnderK1 = await sealedRecord('moving-desk');

    expect((await publish({ SECRETS_KEY: K2, SECRETS_KEY_PREVIOUS: K1 }, 'moving-desk', secret, 'move-1')).status).toBe(201);

    expect(await sealedRecord('moving-desk')).not.toBe(sealedUnderK1);
    // K1 is gone: only a record re-sealed under K2 still verifies.
    expect((await publish({ SECRETS_KEY: K2 }, 'moving-desk', secret, 'move-2')).status).toBe(201);
    await expectKeyProblem(await publish({ SECRETS_KEY: K1 }, 'moving-desk', secret, 'move-3'));
  });

  it('re-seals nothing for a request whose signature is not valid', async () => {
    const secret = await secretOf(await createPublisher({ SECRETS_KEY: K1 }, 'still-desk'));
    const sealedUnderK1 = await sealedRecord('still-desk');
    const stranger = 'whsec_hTpy1Ha8KNK3CNP6zaT4Oc9H//0wzR4tiwP+tXkKjGE=';
    expect((await publish({ SECRETS_KEY: K2, SECRETS_KEY_PREVIOUS: K1 }, 'still-desk', stranger, 'still-1')).status).toBe(401);
    expect(await sealedRecord('still-desk')).toBe(sealedUnderK1);
    expect((await publish({ SECRETS_KEY: K1 }, 'still-desk', secret, 'still-2')).status).toBe(201);
  });

  it('a publisher secret rotated during a key rotation keeps both secrets open under the new key alone', async () => {
    const oldSecret = await secretOf(await createPublisher({ SECRETS_KEY: K1 }, 'turning-desk'));
    const rotated = await appWith({ SECRETS_KEY: K2, SECRETS_KEY_PREVIOUS: K1 }).fetch('/admin/publishers/turning-desk/secrets', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const newSecret = await secretOf(rotated.res);
    expect((await publish({ SECRETS_KEY: K2 }, 'turning-desk', oldSecret, 'turn-1')).status).toBe(201);
    expect((await publish({ SECRETS_KEY: K2 }, 'turning-desk', newSecret, 'turn-2')).status).toBe(201);
  });

  it('migrates a deployment that ran without SECRETS_KEY: SECRETS_KEY_PREVIOUS set to the empty string', async () => {
    // Before the fix, an unset SECRETS_KEY sealed under the empty key material.
    const secret = newWebhookSecret();
    const record = { id: 'legacy-desk', name: 'Legacy Desk', url: null, created_at: '2026-11-01T00:00:00.000Z', secrets: [await seal(secret, '')] };
    await env.KV.put('p:legacy-desk', JSON.stringify(record));

    await expectKeyProblem(await publish({ SECRETS_KEY: K1 }, 'legacy-desk', secret, 'legacy-1'));
    expect((await publish({ SECRETS_KEY: K1, SECRETS_KEY_PREVIOUS: '' }, 'legacy-desk', secret, 'legacy-2')).status).toBe(201);
    expect((await publish({ SECRETS_KEY: K1 }, 'legacy-desk', secret, 'legacy-3')).status).toBe(201);
  });
});
