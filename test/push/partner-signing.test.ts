import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/auth/webhook-signature';

// Every verdict here is the reference `standardwebhooks` package's, as a partner would run it.
const CURRENT = 'whsec_quwqBhwV2M7AqvLF1JGkQbVujtfGRPgDuodHt5f8Pds=';
const PREVIOUS = 'whsec_jsqDgi8gm3QxkrOenWOKpzLSTaWP0O2o585xns0mwHU=';
const STRANGER = 'whsec_hTpy1Ha8KNK3CNP6zaT4Oc9H//0wzR4tiwP+tXkKjGE=';
const ID = 'msg_Xq0kz1Yb8pLmN2rT';
const BODY = '{"type":"article.updated","timestamp":"2026-11-25T04:00:00.000Z","data":{"id":"almaty-metro","title":"Метро Алматы: жаңа станция"}}';

function headersAt(timestamp: string, signature: string) {
  return { 'webhook-id': ID, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

describe('signWebhook', () => {
  it('matches the Standard Webhooks reference test vector', async () => {
    const header = await signWebhook(
      { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', body: '{"test": 2432232314}' },
      ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    );
    expect(header).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('gives a signature the reference library verifies with the one secret', async () => {
    const ts = nowSeconds();
    const header = await signWebhook({ id: ID, timestamp: ts, body: BODY }, [CURRENT]);
    expect(header.split(' ')).toHaveLength(1);
    expect(new Webhook(CURRENT).verify(BODY, headersAt(ts, header))).toEqual(JSON.parse(BODY));
  });

  it('carries one v1 signature per secret during a rotation: each secret verifies alone', async () => {
    const ts = nowSeconds();
    const header = await signWebhook({ id: ID, timestamp: ts, body: BODY }, [CURRENT, PREVIOUS]);
    expect(header).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(CURRENT).verify(BODY, headersAt(ts, header))).toEqual(JSON.parse(BODY));
    expect(new Webhook(PREVIOUS).verify(BODY, headersAt(ts, header))).toEqual(JSON.parse(BODY));
  });

  it('is refused by the reference library under a wrong secret or a changed body', async () => {
    const ts = nowSeconds();
    const header = await signWebhook({ id: ID, timestamp: ts, body: BODY }, [CURRENT, PREVIOUS]);
    expect(() => new Webhook(STRANGER).verify(BODY, headersAt(ts, header))).toThrow('No matching signature found');
    expect(() => new Webhook(CURRENT).verify(BODY.replace('жаңа', 'ескі'), headersAt(ts, header))).toThrow('No matching signature found');
  });
});
