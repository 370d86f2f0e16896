import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook, TIMESTAMP_TOLERANCE_SECONDS, verifyWebhookSignature, type SignedDelivery } from '../../src/auth/webhook-signature';

// Runs in the workerd suite and, for StrykerJS, in plain Node (vitest.mutation.config.ts,
// whose setup stands in for workerd's crypto.subtle.timingSafeEqual): nothing here may come
// from `cloudflare:test`. Every signature is made by the reference `standardwebhooks` package.
// The one surviving mutant is equivalent: importKey's `extractable: false` → true changes
// nothing observable, because the key never leaves the function.

const SECRET = 'whsec_quwqBhwV2M7AqvLF1JGkQbVujtfGRPgDuodHt5f8Pds=';
const PREVIOUS = 'whsec_jsqDgi8gm3QxkrOenWOKpzLSTaWP0O2o585xns0mwHU=';
const STRANGER = 'whsec_hTpy1Ha8KNK3CNP6zaT4Oc9H//0wzR4tiwP+tXkKjGE=';

const ID = 'msg_2w8Ztq1KbW';
const TS = '1795579200'; // 2026-11-25T04:00:00Z
const NOW_MS = 1_795_579_200_000;
const BODY = '{"type":"article.published","data":{"id":"astana-kopir","title":"Жаңа көпір ашылды","summary":"Мост открыт"}}';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function sign(secret: string, body = BODY, id = ID, ts = TS): string {
  return new Webhook(secret).sign(id, new Date(Number(ts) * 1000), body);
}

function delivery(signature: string, over: Partial<SignedDelivery> = {}): SignedDelivery {
  return { id: ID, timestamp: TS, signature, body: bytes(BODY), ...over };
}

const NO_MATCH = { ok: false, reason: 'no signature matches' };
const NO_V1 = { ok: false, reason: 'webhook-signature has no v1 signature' };
const BAD_TIMESTAMP = { ok: false, reason: 'webhook-timestamp must be unix seconds' };
const STALE = { ok: false, reason: 'webhook-timestamp is more than 5 minutes from now' };

describe('verifyWebhookSignature', () => {
  it('accepts the Standard Webhooks reference test vector', async () => {
    const vector: SignedDelivery = {
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: '1614265330',
      signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      body: bytes('{"test": 2432232314}'),
    };
    expect(await verifyWebhookSignature(vector, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 1_614_265_330_000)).toEqual({ ok: true });
  });

  it('accepts a signature made by the reference library over Kazakh and Russian UTF-8 bytes', async () => {
    expect(await verifyWebhookSignature(delivery(sign(SECRET)), [SECRET], NOW_MS)).toEqual({ ok: true });
  });

  it('accepts an empty body', async () => {
    expect(await verifyWebhookSignature(delivery(sign(SECRET, ''), { body: new Uint8Array(0) }), [SECRET], NOW_MS)).toEqual({ ok: true });
  });

  it('checks against the clock when no time is given', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    expect(await verifyWebhookSignature(delivery(sign(SECRET, BODY, ID, ts), { timestamp: ts }), [SECRET])).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery(sign(SECRET)), [SECRET])).toEqual(STALE);
  });

  it('refuses a body changed by one byte, or cut short, or lengthened', async () => {
    const signature = sign(SECRET);
    const changed = bytes(BODY.replace('көпір', 'кӛпір'));
    expect(await verifyWebhookSignature(delivery(signature, { body: changed }), [SECRET], NOW_MS)).toEqual(NO_MATCH);
    expect(await verifyWebhookSignature(delivery(signature, { body: bytes(BODY.slice(0, -1)) }), [SECRET], NOW_MS)).toEqual(NO_MATCH);
    expect(await verifyWebhookSignature(delivery(signature, { body: bytes(`${BODY} `) }), [SECRET], NOW_MS)).toEqual(NO_MATCH);
  });

  it('refuses a changed webhook-id or webhook-timestamp', async () => {
    const signature = sign(SECRET);
    expect(await verifyWebhookSignature(delivery(signature, { id: 'msg_2w8Ztq1KbX' }), [SECRET], NOW_MS)).toEqual(NO_MATCH);
    expect(await verifyWebhookSignature(delivery(signature, { timestamp: '1795579201' }), [SECRET], NOW_MS)).toEqual(NO_MATCH);
  });

  it('refuses a signature made with another secret', async () => {
    expect(await verifyWebhookSignature(delivery(sign(STRANGER)), [SECRET], NOW_MS)).toEqual(NO_MATCH);
  });

  it('takes the secret with or without the whsec_ prefix', async () => {
    const bare = SECRET.slice('whsec_'.length);
    expect(await verifyWebhookSignature(delivery(sign(SECRET)), [bare], NOW_MS)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery(sign(bare)), [SECRET], NOW_MS)).toEqual({ ok: true });
  });

  it('accepts the current or the previous secret during rotation, and nothing with none', async () => {
    expect(await verifyWebhookSignature(delivery(sign(PREVIOUS)), [SECRET, PREVIOUS], NOW_MS)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery(sign(SECRET)), [SECRET, PREVIOUS], NOW_MS)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery(sign(STRANGER)), [SECRET, PREVIOUS], NOW_MS)).toEqual(NO_MATCH);
    expect(await verifyWebhookSignature(delivery(sign(SECRET)), [], NOW_MS)).toEqual(NO_MATCH);
  });

  it('accepts any one matching v1 entry among several, whatever its place', async () => {
    const good = sign(SECRET);
    const wrong = sign(STRANGER);
    expect(await verifyWebhookSignature(delivery(`${wrong} ${good}`), [SECRET], NOW_MS)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery(`${good} ${wrong}`), [SECRET], NOW_MS)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery(`v1a,${good.slice(3)} ${good}`), [SECRET], NOW_MS)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery(`${wrong} ${sign(PREVIOUS)}`), [SECRET], NOW_MS)).toEqual(NO_MATCH);
  });

  it('skips an entry that is not base64 and still finds a later match', async () => {
    expect(await verifyWebhookSignature(delivery(`v1,%%not-base64%% ${sign(SECRET)}`), [SECRET], NOW_MS)).toEqual({ ok: true });
    expect(await verifyWebhookSignature(delivery('v1,%%not-base64%%'), [SECRET], NOW_MS)).toEqual(NO_V1);
  });

  it('refuses a v1 entry of the wrong length without comparing it', async () => {
    // Decodes to 3 bytes; workerd's timingSafeEqual throws on unequal lengths.
    expect(await verifyWebhookSignature(delivery('v1,AAAA'), [SECRET], NOW_MS)).toEqual(NO_MATCH);
  });

  it('ignores v1a (asymmetric), unknown versions and empty or bare entries', async () => {
    const value = sign(SECRET).slice('v1,'.length);
    expect(await verifyWebhookSignature(delivery(`v1a,${value}`), [SECRET], NOW_MS)).toEqual(NO_V1);
    expect(await verifyWebhookSignature(delivery(`v2,${value}`), [SECRET], NOW_MS)).toEqual(NO_V1);
    expect(await verifyWebhookSignature(delivery(`V1,${value}`), [SECRET], NOW_MS)).toEqual(NO_V1);
    expect(await verifyWebhookSignature(delivery(value), [SECRET], NOW_MS)).toEqual(NO_V1);
    expect(await verifyWebhookSignature(delivery('v1,'), [SECRET], NOW_MS)).toEqual(NO_V1);
    expect(await verifyWebhookSignature(delivery('v1'), [SECRET], NOW_MS)).toEqual(NO_V1);
    expect(await verifyWebhookSignature(delivery(''), [SECRET], NOW_MS)).toEqual(NO_V1);
  });

  it('accepts a timestamp up to exactly five minutes old or ahead, and not one second more', async () => {
    expect(TIMESTAMP_TOLERANCE_SECONDS).toBe(300);
    const at = (ts: string) => verifyWebhookSignature(delivery(sign(SECRET, BODY, ID, ts), { timestamp: ts }), [SECRET], NOW_MS);
    expect(await at('1795578900')).toEqual({ ok: true });
    expect(await at('1795579500')).toEqual({ ok: true });
    expect(await at('1795578899')).toEqual(STALE);
    expect(await at('1795579501')).toEqual(STALE);
  });

  it('compares with the clock to the millisecond', async () => {
    const signature = sign(SECRET, BODY, ID, '1795578900');
    expect(await verifyWebhookSignature(delivery(signature, { timestamp: '1795578900' }), [SECRET], NOW_MS + 1)).toEqual(STALE);
    expect(await verifyWebhookSignature(delivery(signature, { timestamp: '1795578900' }), [SECRET], NOW_MS - 1)).toEqual({ ok: true });
  });

  it('refuses a timestamp that is not 1 to 12 decimal digits before checking any signature', async () => {
    for (const timestamp of ['', '-1795579200', '+1795579200', '1795579200.0', ' 1795579200', '1795579200 ', 'x1795579200', '1795579200x', '1e9', '1795579200000', '١٧٩٥٥٧٩٢٠٠']) {
      expect(await verifyWebhookSignature(delivery(sign(SECRET), { timestamp }), [SECRET], NOW_MS), JSON.stringify(timestamp)).toEqual(BAD_TIMESTAMP);
    }
    // 12 digits is still a number of seconds (in the year 33658), so only the clock refuses it.
    expect(await verifyWebhookSignature(delivery(sign(SECRET), { timestamp: '999999999999' }), [SECRET], NOW_MS)).toEqual(STALE);
    expect(await verifyWebhookSignature(delivery(sign(SECRET), { timestamp: '0' }), [SECRET], NOW_MS)).toEqual(STALE);
  });
});

// Partner deliveries (push/partners) are signed with signWebhook; partners verify with the
// reference package, so every expectation here is the reference package's own output or verdict.
describe('signWebhook', () => {
  it('matches the Standard Webhooks reference test vector', async () => {
    const header = await signWebhook({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330', body: '{"test": 2432232314}' }, ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']);
    expect(header).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('equals the reference signature for one secret, from text or from bytes', async () => {
    expect(await signWebhook({ id: ID, timestamp: TS, body: BODY }, [SECRET])).toBe(sign(SECRET));
    expect(await signWebhook({ id: ID, timestamp: TS, body: bytes(BODY) }, [SECRET])).toBe(sign(SECRET));
    expect(await signWebhook({ id: ID, timestamp: TS, body: BODY }, ['quwqBhwV2M7AqvLF1JGkQbVujtfGRPgDuodHt5f8Pds='])).toBe(sign(SECRET));
  });

  it('gives one v1 signature per secret, space-separated, in the order given', async () => {
    expect(await signWebhook({ id: ID, timestamp: TS, body: BODY }, [SECRET, PREVIOUS])).toBe(`${sign(SECRET)} ${sign(PREVIOUS)}`);
    expect(await signWebhook({ id: ID, timestamp: TS, body: BODY }, [])).toBe('');
  });

  it('is verified by the reference library under each secret during a rotation, and refused under another', async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const header = await signWebhook({ id: ID, timestamp: now, body: BODY }, [SECRET, PREVIOUS]);
    const headers = { 'webhook-id': ID, 'webhook-timestamp': now, 'webhook-signature': header };
    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(new Webhook(PREVIOUS).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(() => new Webhook(STRANGER).verify(BODY, headers)).toThrow('No matching signature found');
    expect(() => new Webhook(SECRET).verify(BODY.replace('Жаңа', 'Ескі'), headers)).toThrow('No matching signature found');
  });
});

// The length check above relies on this; in the mutation run it checks the Node stand-in
// against the contract observed in workerd.
describe('crypto.subtle.timingSafeEqual', () => {
  it('throws a TypeError on inputs of unequal length and compares equal-length ones', () => {
    expect(() => crypto.subtle.timingSafeEqual(new Uint8Array(3), new Uint8Array(32))).toThrow(TypeError);
    expect(crypto.subtle.timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(crypto.subtle.timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
  });
});
