import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryMessage, PartnerEventMessage, WebSubContentMessage } from '../../src/model/push-messages';
import { consumeDeadDeliveries, consumeDeliveries } from '../../src/push/deliveries';
import type { DeliveryContext, DeliveryHandler, DeliveryHandlers, DeliveryResult } from '../../src/push/delivery-handler';
import { retryBaseSeconds, retryDelaySeconds, retrySchedule } from '../../src/push/retry-policy';
import { queueBatch } from '../helpers/queue-batches';

const NOW = Date.parse('2026-11-26T00:00:00Z');
const now = () => NOW;

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A handler that answers from a script and records what it was asked. */
function scripted<M extends DeliveryMessage>(maxAttempts: number, answer: (message: M, ctx: DeliveryContext) => DeliveryResult | Promise<DeliveryResult>) {
  const delivered: Array<{ message: M; ctx: DeliveryContext }> = [];
  const dropped: Array<{ message: M; error: string; ctx: DeliveryContext }> = [];
  const handler: DeliveryHandler<M> = {
    maxAttempts,
    async deliver(message, ctx) {
      delivered.push({ message, ctx });
      return answer(message, ctx);
    },
    async dropped(message, error, ctx) {
      dropped.push({ message, error, ctx });
    },
  };
  return { handler, delivered, dropped };
}

function unused<M extends DeliveryMessage>(): DeliveryHandler<M> {
  return {
    maxAttempts: 1,
    deliver: () => Promise.reject(new Error('this kind is not in the test')),
  };
}

function handlers(overrides: Partial<DeliveryHandlers>): DeliveryHandlers {
  return {
    'websub.verify': unused(),
    'websub.deny': unused(),
    'websub.content': unused(),
    'partner.event': unused(),
    ...overrides,
  };
}

function partner(n: number): PartnerEventMessage {
  return { kind: 'partner.event', subscription: `sub-${n}`, change: 'ch1', type: 'article.updated', webhookId: `msg_ch1_sub-${n}`, at: '2026-11-26T00:00:00.000Z' };
}

const content: WebSubContentMessage = { kind: 'websub.content', subscription: 'ws:all:rss:abc', topic: 'https://news.example/feed.rss', change: 'ch1' };

describe('the delivery consumer', () => {
  it('acks each delivered message, handing its handler the attempt and the clock', async () => {
    const partners = scripted<PartnerEventMessage>(9, () => ({ ok: true, status: 204 }));
    const websub = scripted<WebSubContentMessage>(6, () => ({ ok: true, status: 202 }));
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [partner(1), content], [1, 3]);
    await consumeDeliveries(q.batch, { handlers: handlers({ 'partner.event': partners.handler, 'websub.content': websub.handler }), baseDelaySeconds: 30, now });
    expect(await q.result()).toEqual({ acked: ['m1', 'm2'], retried: [] });
    expect(partners.delivered.map((d) => [d.message.subscription, d.ctx.attempt, d.ctx.final, d.ctx.now()])).toEqual([['sub-1', 1, false, NOW]]);
    expect(websub.delivered.map((d) => [d.message.topic, d.ctx.attempt, d.ctx.final])).toEqual([['https://news.example/feed.rss', 3, false]]);
    expect(partners.dropped).toEqual([]);
  });

  it('retries a failure with base × 4^(attempt − 1) seconds of delay, at most 12 hours', async () => {
    const partners = scripted<PartnerEventMessage>(20, () => ({ ok: false, error: 'HTTP 503', status: 503 }));
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [partner(1), partner(2), partner(3), partner(4)], [1, 2, 6, 7]);
    await consumeDeliveries(q.batch, { handlers: handlers({ 'partner.event': partners.handler }), baseDelaySeconds: 30, now });
    expect(await q.result()).toEqual({ acked: [], retried: ['m1', 'm2', 'm3', 'm4'] });
    expect(q.delays).toEqual({ m1: 30, m2: 120, m3: 30_720, m4: 43_200 });
    expect(partners.dropped).toEqual([]);
  });

  it('uses the configured base: 1 s gives 1, 4, 16 s', async () => {
    const partners = scripted<PartnerEventMessage>(9, () => ({ ok: false, error: 'timeout' }));
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [partner(1), partner(2), partner(3)], [1, 2, 3]);
    await consumeDeliveries(q.batch, { handlers: handlers({ 'partner.event': partners.handler }), baseDelaySeconds: 1, now });
    expect(q.delays).toEqual({ m1: 1, m2: 4, m3: 16 });
  });

  it('drops a failure of the last attempt: dropped runs once, with the error, and the message is acked', async () => {
    const partners = scripted<PartnerEventMessage>(9, () => ({ ok: false, error: 'HTTP 500', status: 500 }));
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [partner(1)], 9);
    await consumeDeliveries(q.batch, { handlers: handlers({ 'partner.event': partners.handler }), baseDelaySeconds: 30, now });
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
    expect(partners.delivered.map((d) => [d.ctx.attempt, d.ctx.final])).toEqual([[9, true]]);
    expect(partners.dropped.map((d) => [d.message.subscription, d.error, d.ctx.attempt, d.ctx.final])).toEqual([['sub-1', 'HTTP 500', 9, true]]);
  });

  it('drops a permanent failure at once, whatever the attempt', async () => {
    const websub = scripted<WebSubContentMessage>(6, () => ({ ok: false, error: 'the subscription has expired', permanent: true }));
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [content], 1);
    await consumeDeliveries(q.batch, { handlers: handlers({ 'websub.content': websub.handler }), baseDelaySeconds: 30, now });
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
    expect(websub.dropped.map((d) => [d.error, d.ctx.attempt])).toEqual([['the subscription has expired', 1]]);
  });

  it('leaves a message whose handler threw to the queue (retried with the backoff, not acked), and goes on with the batch', async () => {
    const partners = scripted<PartnerEventMessage>(9, (m) => {
      if (m.subscription === 'sub-1') throw new Error('KV get failed');
      return { ok: true };
    });
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [partner(1), partner(2)], [2, 1]);
    await consumeDeliveries(q.batch, { handlers: handlers({ 'partner.event': partners.handler }), baseDelaySeconds: 30, now });
    expect(await q.result()).toEqual({ acked: ['m2'], retried: ['m1'] });
    expect(q.delays).toEqual({ m1: 120 });
    expect(partners.dropped).toEqual([]);
  });

  it('drops without another request a message redelivered after its last attempt (it threw then)', async () => {
    const partners = scripted<PartnerEventMessage>(9, () => ({ ok: true }));
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [partner(1)], 10);
    await consumeDeliveries(q.batch, { handlers: handlers({ 'partner.event': partners.handler }), baseDelaySeconds: 30, now });
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
    expect(partners.delivered).toEqual([]);
    expect(partners.dropped.map((d) => [d.error, d.ctx.final])).toEqual([['gave up after 9 attempts', true]]);
  });

  it('retries a message of a kind it has no handler for', async () => {
    const q = queueBatch<DeliveryMessage>('newswire-deliveries', [{ kind: 'carrier.pigeon' } as unknown as DeliveryMessage], 1);
    await consumeDeliveries(q.batch, { handlers: handlers({}), baseDelaySeconds: 30, now });
    expect(await q.result()).toEqual({ acked: [], retried: ['m1'] });
  });
});

describe('the dead-letter consumer of deliveries', () => {
  it('calls dropped once per message and acks it', async () => {
    const partners = scripted<PartnerEventMessage>(9, () => ({ ok: true }));
    const q = queueBatch<DeliveryMessage>('newswire-deliveries-dlq', [partner(1), partner(2)]);
    await consumeDeadDeliveries(q.batch, { handlers: handlers({ 'partner.event': partners.handler }), now });
    expect(await q.result()).toEqual({ acked: ['m1', 'm2'], retried: [] });
    expect(partners.delivered).toEqual([]);
    expect(partners.dropped.map((d) => [d.message.subscription, d.error, d.ctx.final])).toEqual([
      ['sub-1', 'dead-lettered: every delivery attempt failed or threw', true],
      ['sub-2', 'dead-lettered: every delivery attempt failed or threw', true],
    ]);
  });

  it('retries a message whose dropped handler threw', async () => {
    const failing: DeliveryHandler<PartnerEventMessage> = { maxAttempts: 9, deliver: async () => ({ ok: true }), dropped: () => Promise.reject(new Error('KV put failed')) };
    const q = queueBatch<DeliveryMessage>('newswire-deliveries-dlq', [partner(1)]);
    await consumeDeadDeliveries(q.batch, { handlers: handlers({ 'partner.event': failing }), now });
    expect(await q.result()).toEqual({ acked: [], retried: ['m1'] });
  });
});

describe('the retry schedule', () => {
  it('at the production base spans more than a day in 9 attempts and about three hours in 6', () => {
    expect(retrySchedule(30, 9).map((s) => [s.attempt, s.afterPrevious, s.afterFirst])).toEqual([
      [1, 0, 0],
      [2, 30, 30],
      [3, 120, 150],
      [4, 480, 630],
      [5, 1_920, 2_550],
      [6, 7_680, 10_230],
      [7, 30_720, 40_950],
      [8, 43_200, 84_150],
      [9, 43_200, 127_350],
    ]);
    expect(retryDelaySeconds(30, 20)).toBe(43_200);
  });

  it('reads DELIVERY_RETRY_BASE_SECONDS, falling back to 30 s', () => {
    expect(retryBaseSeconds('1')).toBe(1);
    expect(retryBaseSeconds(' 5 ')).toBe(5);
    expect(retryBaseSeconds('0')).toBe(0);
    expect(retryBaseSeconds(undefined)).toBe(30);
    expect(retryBaseSeconds('fast')).toBe(30);
    expect(retryBaseSeconds('-1')).toBe(30);
    expect(retryBaseSeconds('1.5')).toBe(30);
  });
});
