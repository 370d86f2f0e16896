import { env, runInDurableObject } from 'cloudflare:test';
import type { PublisherObject } from '../../src/ingest/publisher-object';

/** The Durable Object of one publisher, as the Worker addresses it. */
export function publisherStub(publisher: string) {
  return env.PUBLISHERS.get(env.PUBLISHERS.idFromName(publisher));
}

/** Runs `fn` inside the publisher's object (its instance: swap its KV binding, move its clock). */
export function insidePublisher<R>(publisher: string, fn: (object: PublisherObject, state: DurableObjectState) => R | Promise<R>): Promise<R> {
  return runInDurableObject(publisherStub(publisher), fn);
}

/** Makes the publisher's object write through `kv` (a recording or failing wrapper of env.KV). */
export function publisherWritesThrough(publisher: string, kv: KVNamespace): Promise<void> {
  return insidePublisher(publisher, (object) => {
    object.kv = kv;
  });
}
