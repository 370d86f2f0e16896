import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { createApp } from '../../src/app';
import { countingKv } from './counting-kv';

/** The Worker's app with its KV binding wrapped, so each request's KV operations are counted exactly. */
export function appWithCountingKv(envOverrides: Partial<typeof env> = {}) {
  const app = createApp();
  const counter = countingKv(env.KV);
  return {
    counts: counter.counts,
    /** `path` is relative to https://newswire.test, or a whole URL (to send another host). */
    async fetch(path: string, init: RequestInit = {}) {
      counter.reset();
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(new URL(path, 'https://newswire.test'), init), { ...env, ...envOverrides, KV: counter.kv }, ctx);
      await waitOnExecutionContext(ctx);
      return { res, ops: { ...counter.counts } };
    },
  };
}
