import { createExecutionContext, env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/index';
import type { ChangeEvent } from '../../src/model/change-event';
import type { DeliveryMessage } from '../../src/model/push-messages';
import type { ChangeTargets } from '../../src/push/change-targets';
import { consumeChanges, consumeDeadChanges } from '../../src/push/fan-out';
import { queueBatch } from '../helpers/queue-batches';
import { recordingQueue } from '../helpers/recording-queue';

afterEach(() => {
  vi.restoreAllMocks();
});

function change(id: string, extra: Partial<ChangeEvent> = {}): ChangeEvent {
  return {
    id,
    type: 'article.published',
    publisher: 'fan-desk',
    article: `story-${id}`,
    at: '2026-11-26T00:00:00.000Z',
    scopes: [{ kind: 'all' }, { kind: 'publisher', publisher: 'fan-desk' }],
    languages: ['kk'],
    tags: ['алматы'],
    ...extra,
  };
}

/** One websub.content message per subscriber number, for the change it is given. */
function websubTarget(subscribers: number, topicLength = 30): ChangeTargets {
  return async (c) =>
    Array.from({ length: subscribers }, (_, i) => ({
      kind: 'websub.content' as const,
      subscription: `ws:all:rss:sub-${i}`,
      topic: `https://news.example/${'f'.repeat(Math.max(0, topicLength - 22))}.rss`,
      change: c.id,
    }));
}

const partnerTarget: ChangeTargets = async (c) => [
  { kind: 'partner.event', subscription: 'wh-1', change: c.id, type: c.type, webhookId: `msg_${c.id}_wh-1`, at: c.at },
];

describe('the fan-out consumer', () => {
  it('queues every target\'s messages for each change, then acks that change', async () => {
    const deliveries = recordingQueue<DeliveryMessage>();
    const q = queueBatch('newswire-changes', [change('c1'), change('c2')]);
    await consumeChanges(q.batch, { deliveries: deliveries.queue, targets: [websubTarget(2), partnerTarget] });
    expect(await q.result()).toEqual({ acked: ['m1', 'm2'], retried: [] });
    expect(deliveries.sent.map((m) => [m.kind, 'change' in m ? m.change : ''])).toEqual([
      ['websub.content', 'c1'],
      ['websub.content', 'c1'],
      ['partner.event', 'c1'],
      ['websub.content', 'c2'],
      ['websub.content', 'c2'],
      ['partner.event', 'c2'],
    ]);
    // One sendBatch call per change.
    expect(deliveries.batchSizes).toEqual([3, 3]);
  });

  it('acks a change no one subscribes to without sending anything', async () => {
    const deliveries = recordingQueue<DeliveryMessage>();
    const q = queueBatch('newswire-changes', [change('c1')]);
    await consumeChanges(q.batch, { deliveries: deliveries.queue, targets: [websubTarget(0)] });
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
    expect(deliveries.batchSizes).toEqual([]);
  });

  it('sends at most 100 messages per sendBatch call', async () => {
    const deliveries = recordingQueue<DeliveryMessage>();
    const q = queueBatch('newswire-changes', [change('c1')]);
    await consumeChanges(q.batch, { deliveries: deliveries.queue, targets: [websubTarget(250)] });
    expect(deliveries.batchSizes).toEqual([100, 100, 50]);
    expect(new Set(deliveries.sent.map((m) => (m.kind === 'websub.content' ? m.subscription : ''))).size).toBe(250);
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
  });

  it('keeps each sendBatch call within 256 KB, counting two bytes a character', async () => {
    const deliveries = recordingQueue<DeliveryMessage>();
    const q = queueBatch('newswire-changes', [change('c1')]);
    // Five messages of about 60 000 characters each: Queues stores a string beyond Latin-1 at two
    // bytes a character, so each may take 120 000 bytes, and two fit in 256 000, not three.
    await consumeChanges(q.batch, { deliveries: deliveries.queue, targets: [websubTarget(5, 60_000)] });
    expect(deliveries.batchSizes).toEqual([2, 2, 1]);
    const firstBatchChars = deliveries.sent.slice(0, 2).reduce((n, m) => n + JSON.stringify(m).length, 0);
    expect(firstBatchChars).toBeGreaterThan(120_000);
    expect(2 * firstBatchChars).toBeLessThanOrEqual(256_000);
  });

  it('retries only the change whose target threw; the others are acked', async () => {
    const deliveries = recordingQueue<DeliveryMessage>();
    const flaky: ChangeTargets = async (c) => {
      if (c.id === 'c2') throw new Error('KV list failed');
      return [];
    };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const q = queueBatch('newswire-changes', [change('c1'), change('c2'), change('c3')]);
    await consumeChanges(q.batch, { deliveries: deliveries.queue, targets: [partnerTarget, flaky] });
    expect(await q.result()).toEqual({ acked: ['m1', 'm3'], retried: ['m2'] });
    // c2's partner message was not sent: the targets are gathered before anything is queued.
    expect(deliveries.sent.map((m) => ('change' in m ? m.change : ''))).toEqual(['c1', 'c3']);
  });

  it('retries a change whose deliveries the queue refused', async () => {
    const refusing: Queue<DeliveryMessage> = { ...recordingQueue<DeliveryMessage>().queue, sendBatch: () => Promise.reject(new Error('queue unavailable')) };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const q = queueBatch('newswire-changes', [change('c1')]);
    await consumeChanges(q.batch, { deliveries: refusing, targets: [partnerTarget] });
    expect(await q.result()).toEqual({ acked: [], retried: ['m1'] });
  });

  it('backs off: 10 s after a first failure, then four times longer each time, 12 h at most', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing: ChangeTargets = async () => {
      throw new Error('KV list failed');
    };
    const q = queueBatch('newswire-changes', [change('c1'), change('c2'), change('c3'), change('c4')], [1, 2, 5, 9]);
    await consumeChanges(q.batch, { deliveries: recordingQueue<DeliveryMessage>().queue, targets: [failing] });
    expect(q.delays).toEqual({ m1: 10, m2: 40, m3: 2_560, m4: 43_200 });
  });
});

describe('dead change events', () => {
  it('are logged at error level with the event (without its record) and acked', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const q = queueBatch('newswire-changes-dlq', [change('c9', { record: '{"id":"story-c9","title":"Бұл жазба логқа кірмейді"}' })]);
    await consumeDeadChanges(q.batch);
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
    expect(errors).toHaveBeenCalledTimes(1);
    const line = String(errors.mock.calls[0]?.[0]);
    expect(line).toContain('DEAD CHANGE EVENT');
    expect(line).toContain(
      '{"id":"c9","type":"article.published","publisher":"fan-desk","article":"story-c9","at":"2026-11-26T00:00:00.000Z","scopes":[{"kind":"all"},{"kind":"publisher","publisher":"fan-desk"}],"languages":["kk"],"tags":["алматы"]}',
    );
    expect(line).not.toContain('Бұл жазба');
  });
});

describe('the Worker\'s queue handler', () => {
  it('runs the fan-out for newswire-changes', async () => {
    const q = queueBatch('newswire-changes', [change('c1')]);
    await worker.queue(q.batch, env, createExecutionContext());
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
  });

  it('logs and acks dead change events for newswire-changes-dlq', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const q = queueBatch('newswire-changes-dlq', [change('c1')]);
    await worker.queue(q.batch, env, createExecutionContext());
    expect(await q.result()).toEqual({ acked: ['m1'], retried: [] });
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('throws for a queue it has no consumer for, so its messages are retried', async () => {
    const q = queueBatch('newswire-unknown', [change('c1')]);
    await expect(worker.queue(q.batch, env, createExecutionContext())).rejects.toThrow('no consumer for queue "newswire-unknown"');
  });
});
